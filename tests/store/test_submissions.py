"""Submissions and their files go in whole and come back unchanged; bad input fails alone."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

from kitaforms.store import RECEIVED, Store, StoreUnavailable, Upload

from .helpers import submission, upload


def test_a_submission_comes_back_as_it_was_stored(store: Store) -> None:
    sent = submission({"kind": {"vorname": "Mia", "geburtsdatum": "2023-05-10"}, "betrag": "123.45"})
    stored = asyncio.run(store.add_submission(sent, None, {"reference": sent.reference}))
    assert stored.reference == sent.reference and not stored.replayed
    assert store.submission(sent.reference) == sent
    assert store.submission(sent.reference).status == RECEIVED  # type: ignore[union-attr]
    assert store.submission("KF-0000-0000-0000") is None
    assert store.count() == 1


def test_files_travel_with_their_submission(store: Store) -> None:
    first, second = upload(b"%PDF-1 a", "a1", "nachweis"), upload(b"%PDF-1 b", "a2", "bescheid", "b.pdf")
    sent = submission()
    asyncio.run(store.add_submission(sent, None, {}, [first, second]))
    assert store.files_of(sent.reference) == [second, first]  # by field, then attachment id
    assert store.upload(first.sha256) == replace(first, attachment_id="", field="")  # the file alone
    assert store.files_of("KF-0000-0000-0000") == []


def test_a_file_without_attachment_id_is_attached_under_its_hash(store: Store) -> None:
    plain = upload(b"%PDF-1 plain", field="")
    twice = submission()
    asyncio.run(store.add_submission(twice, None, {}, [plain, plain]))
    (found,) = store.files_of(twice.reference)
    assert found.attachment_id == plain.sha256 and found.content == plain.content


def test_the_same_file_in_two_submissions_is_stored_once(store: Store, database_url: str) -> None:
    from .conftest import run_sql

    shared = upload(b"%PDF-1 shared", "a1")
    one, two = submission(), submission()
    asyncio.run(store.add_submission(one, None, {}, [shared]))
    asyncio.run(store.add_submission(two, None, {}, [shared]))
    assert run_sql(database_url, "SELECT COUNT(*) FROM uploads") == [(1,)]
    assert [f.sha256 for f in store.files_of(two.reference)] == [shared.sha256]


def test_reads_filter_by_kommune_form_and_time(store: Store) -> None:
    rows = [submission({"n": n}, kommune="teststadt" if n % 2 else "musterstadt") for n in range(6)]

    async def add_all() -> None:
        for row in rows:
            await store.add_submission(row, None, {})

    asyncio.run(add_all())
    assert [s.reference for s in store.submissions()] == [s.reference for s in sorted(rows, key=lambda s: (s.received_at, s.reference))]
    assert {s.kommune for s in store.submissions(kommune="teststadt")} == {"teststadt"}
    assert len(store.submissions(kommune="teststadt", form="antrag")) == 3
    assert store.submissions(form="other") == []
    assert len(store.submissions(limit=2)) == 2
    latest = max(rows, key=lambda s: s.received_at)
    assert latest.reference in {s.reference for s in store.submissions(since=latest.received_at)}


def test_poison_submissions_fail_alone_and_every_honest_one_is_kept(store: Store) -> None:
    honest = [submission({"n": n}) for n in range(40)]
    poison = [
        submission(raw='{"x": "\ud800"}'),  # a lone surrogate: no Unicode text
        submission(raw='{"x": "a\x00b"}'),  # NUL: PostgreSQL text cannot hold it, so neither store keeps it
        submission({"n": "file"}),  # with a file whose name holds a NUL
    ]
    bad_file = Upload("0" * 64, "a\x00.pdf", "application/pdf", 1, b"x", "a1", "nachweis")

    async def together() -> list[object]:
        writes = [store.add_submission(s, None, {"reference": s.reference}) for s in honest]
        writes[10:10] = [store.add_submission(poison[0], None, {}), store.add_submission(poison[1], None, {})]
        writes.insert(25, store.add_submission(poison[2], None, {}, [bad_file]))
        return await asyncio.gather(*writes, return_exceptions=True)

    results = asyncio.run(together())
    failed = [r for r in results if isinstance(r, BaseException)]
    assert len(failed) == 3
    assert not any(isinstance(r, StoreUnavailable) for r in failed), failed
    assert all(isinstance(r, ValueError) for r in failed), failed
    assert store.count() == 40
    for sent in honest:
        assert store.submission(sent.reference) == sent
    assert store.upload(bad_file.sha256) is None
    assert sorted(json.loads(s.data)["n"] for s in store.submissions()) == list(range(40))


def test_the_probe_commits_a_write(store: Store) -> None:
    asyncio.run(store.probe())
    asyncio.run(store.probe())
