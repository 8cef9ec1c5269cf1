"""received → retrieved → accepted | rejected; deletion and retention never touch an unretrieved submission."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from kitaforms.store import ACCEPTED, RECEIVED, REJECTED, RETRIEVED, Idempotent, Store, Submission, now, open_store

from .conftest import run_sql
from .helpers import submission, upload


def add(store: Store, *uploads_: object, key: Idempotent | None = None) -> Submission:
    sent = submission()
    asyncio.run(store.add_submission(sent, key, {"reference": sent.reference}, list(uploads_)))  # type: ignore[arg-type]
    return sent


def test_a_submission_moves_along_its_lifecycle(store: Store) -> None:
    sent = add(store)
    assert store.mark(sent.reference, RETRIEVED, RECEIVED)
    retrieved = store.submission(sent.reference)
    assert retrieved is not None and retrieved.status == RETRIEVED and retrieved.retrieved_at is not None
    assert not store.mark(sent.reference, RETRIEVED, RECEIVED)  # not received any more
    assert store.mark(sent.reference, ACCEPTED, RETRIEVED)
    accepted = store.submission(sent.reference)
    assert accepted is not None and accepted.status == ACCEPTED and accepted.retrieved_at == retrieved.retrieved_at
    assert not store.mark("KF-0000-0000-0000", RETRIEVED, RECEIVED)


@pytest.mark.parametrize(("status", "expected"), [(ACCEPTED, RECEIVED), (RECEIVED, RETRIEVED), (REJECTED, ACCEPTED),
                                                  ("archived", RETRIEVED)])
def test_steps_outside_the_lifecycle_are_refused(store: Store, status: str, expected: str) -> None:
    sent = add(store)
    with pytest.raises(ValueError, match="cannot go from"):
        store.mark(sent.reference, status, expected)


def racing_marks(database_url: str, reference: str, moves: list[tuple[str, str]]) -> list[bool]:
    stores = [open_store(database_url) for _ in range(2)]
    start = threading.Barrier(len(moves))

    def move(index: int) -> bool:
        start.wait()
        return stores[index % 2].mark(reference, *moves[index])

    try:
        with ThreadPoolExecutor(max_workers=len(moves)) as pool:
            return list(pool.map(move, range(len(moves))))
    finally:
        for opened in stores:
            opened.close()


def test_of_racing_retrievals_exactly_one_wins(store: Store, database_url: str) -> None:
    sent = add(store)
    assert racing_marks(database_url, sent.reference, [(RETRIEVED, RECEIVED)] * 8).count(True) == 1


def test_of_racing_decisions_exactly_one_wins(store: Store, database_url: str) -> None:
    sent = add(store)
    store.mark(sent.reference, RETRIEVED, RECEIVED)
    moves = [(ACCEPTED, RETRIEVED), (REJECTED, RETRIEVED)] * 4
    won = racing_marks(database_url, sent.reference, moves)
    assert won.count(True) == 1
    final = store.submission(sent.reference)
    assert final is not None and final.status == moves[won.index(True)][0]


def test_delete_keeps_unretrieved_submissions(store: Store) -> None:
    sent = add(store, upload(b"%PDF-1 a", "a1"))
    assert not store.delete(sent.reference)
    assert store.submission(sent.reference) is not None and len(store.files_of(sent.reference)) == 1


def test_delete_removes_the_submission_its_key_and_the_files_only_it_used(store: Store, database_url: str) -> None:
    shared, own = upload(b"%PDF-1 shared", "a1"), upload(b"%PDF-1 own", "a2")
    key = Idempotent("k", "teststadt/antrag", "hash")
    first, second = add(store, shared, own, key=key), add(store, shared)
    store.mark(first.reference, RETRIEVED, RECEIVED)
    assert store.delete(first.reference)
    assert store.submission(first.reference) is None and store.files_of(first.reference) == []
    assert store.upload(own.sha256) is None and store.upload(shared.sha256) is not None
    assert store.replay(key) is None
    assert not store.delete(first.reference)  # gone already
    store.mark(second.reference, RETRIEVED, RECEIVED)
    store.mark(second.reference, REJECTED, RETRIEVED)
    assert store.delete(second.reference)
    assert store.upload(shared.sha256) is None
    assert run_sql(database_url, "SELECT COUNT(*) FROM submission_files") == [(0,)]


def test_purge_removes_exactly_the_submissions_retrieved_before_the_cut(store: Store) -> None:
    old_retrieved, old_accepted, never_retrieved = add(store, upload(b"%PDF-1 old", "a1")), add(store), add(store)
    store.mark(old_retrieved.reference, RETRIEVED, RECEIVED)
    store.mark(old_accepted.reference, RETRIEVED, RECEIVED)
    store.mark(old_accepted.reference, ACCEPTED, RETRIEVED)
    time.sleep(0.01)
    cut = now()
    time.sleep(0.01)
    recent = add(store)
    store.mark(recent.reference, RETRIEVED, RECEIVED)
    received_later = add(store)

    assert store.purge(cut) == 2
    assert {s.reference for s in store.submissions()} == {never_retrieved.reference, recent.reference,
                                                          received_later.reference}
    assert store.files_of(old_retrieved.reference) == []
    assert store.purge(cut) == 0
    assert store.purge(datetime.now(UTC)) == 1  # the recent one; never an unretrieved one
    assert {s.status for s in store.submissions()} == {RECEIVED}
