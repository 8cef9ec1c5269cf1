"""An Idempotency-Key stores a submission once, also when retries race on two instances."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from kitaforms.store import IdempotencyConflict, Idempotent, Store, Stored, open_store

from .conftest import run_sql
from .helpers import submission

SCOPE = "teststadt/antrag"


def test_a_repeated_key_gets_the_first_answer(store: Store) -> None:
    key = Idempotent("abc-123", SCOPE, "hash-1")
    first, again = submission(), submission()
    stored = asyncio.run(store.add_submission(first, key, {"reference": first.reference}))
    repeated = asyncio.run(store.add_submission(again, key, {"reference": again.reference}))
    assert repeated == Stored(first.reference, {"reference": first.reference}, replayed=True)
    assert stored.reference == first.reference and not stored.replayed
    assert store.replay(key) == repeated
    assert store.count() == 1


def test_the_same_key_with_another_body_is_a_conflict(store: Store) -> None:
    asyncio.run(store.add_submission(submission(), Idempotent("k", SCOPE, "hash-1"), {}))
    with pytest.raises(IdempotencyConflict):
        asyncio.run(store.add_submission(submission(), Idempotent("k", SCOPE, "hash-2"), {}))
    with pytest.raises(IdempotencyConflict):
        store.replay(Idempotent("k", SCOPE, "hash-2"))
    assert store.replay(Idempotent("k", "musterstadt/anmeldung", "hash-2")) is None  # keys are per form
    assert store.count() == 1


def race(database_url: str, keys: list[Idempotent]) -> list[Stored | BaseException]:
    """Every key sent at the same moment, alternately through two stores (two instances)."""
    stores = [open_store(database_url) for _ in range(2)]
    start = threading.Barrier(len(keys))

    def send(index: int) -> Stored | BaseException:
        sent = submission({"n": 1})
        start.wait()
        try:
            return asyncio.run(stores[index % 2].add_submission(sent, keys[index], {"reference": sent.reference}))
        except IdempotencyConflict as exc:
            return exc

    try:
        with ThreadPoolExecutor(max_workers=len(keys)) as pool:
            return list(pool.map(send, range(len(keys))))
    finally:
        for opened in stores:
            opened.close()


def test_racing_retries_with_one_key_store_one_submission(database_url: str) -> None:
    results = race(database_url, [Idempotent("same", SCOPE, "hash-1")] * 16)
    assert all(isinstance(r, Stored) for r in results), results
    winners = [r for r in results if isinstance(r, Stored) and not r.replayed]
    assert len(winners) == 1
    assert {r.reference for r in results if isinstance(r, Stored)} == {winners[0].reference}
    assert all(r.response == {"reference": winners[0].reference} for r in results if isinstance(r, Stored))
    assert run_sql(database_url, "SELECT COUNT(*) FROM submissions") == [(1,)]
    assert run_sql(database_url, "SELECT COUNT(*) FROM idempotency") == [(1,)]


def test_racing_requests_with_one_key_and_two_bodies_store_one(database_url: str) -> None:
    results = race(database_url, [Idempotent("same", SCOPE, f"hash-{n % 2}") for n in range(12)])
    stored = [r for r in results if isinstance(r, Stored)]
    conflicts = [r for r in results if isinstance(r, IdempotencyConflict)]
    assert len(stored) == 6 and len(conflicts) == 6 and len({r.reference for r in stored}) == 1
    assert run_sql(database_url, "SELECT COUNT(*) FROM submissions") == [(1,)]
