"""Receipt links and the documents made from a submission, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
import hashlib

from kitaforms.store import ACCEPTED, RECEIVED, RETRIEVED, Idempotent, Store, Submission, now
from kitaforms.store.documents import APPLICATION_PDF, Document

from .conftest import run_sql
from .helpers import submission


def add(store: Store, link: str | None = None, key: Idempotent | None = None, sent: Submission | None = None) -> Submission:
    sent = sent or submission()
    asyncio.run(store.add_submission(sent, key, {"reference": sent.reference}, [], receipt_link=link))
    return sent


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def pdf(sent: Submission, lang: str = "de", content: bytes = b"%PDF-1.7 first") -> Document:
    return Document.of(sent.reference, APPLICATION_PDF, lang, "application/pdf", content, now())


def test_a_receipt_link_is_stored_with_its_submission(store: Store) -> None:
    sent = add(store, digest("secret-1"))
    assert store.receipt_reference(digest("secret-1")) == sent.reference
    assert store.receipt_reference(digest("secret-2")) is None
    assert asyncio.run(store.add_receipt_link(sent.reference, digest("secret-2")))
    assert store.receipt_reference(digest("secret-2")) == sent.reference
    assert not asyncio.run(store.add_receipt_link("KF-0000-0000-0000", digest("secret-3"))), "no submission, no link"


def test_a_replayed_submission_adds_no_link(store: Store) -> None:
    key = Idempotent("k-1", "teststadt/antrag", "hash")
    sent = add(store, digest("first"), key)
    again = add(store, digest("second"), key, submission())
    assert again.reference != sent.reference and store.count() == 1
    assert store.receipt_reference(digest("first")) == sent.reference
    assert store.receipt_reference(digest("second")) is None, "the retry's link is issued on its own"


def test_the_first_document_of_a_kind_and_language_stays(store: Store) -> None:
    sent = add(store)
    assert store.without_document() == [sent.reference]
    assert store.put_document(pdf(sent))
    assert not store.put_document(pdf(sent, content=b"%PDF-1.7 second"))
    kept = store.document(sent.reference)
    assert kept is not None and kept.content == b"%PDF-1.7 first" and kept.size == 14
    assert kept.sha256 == hashlib.sha256(b"%PDF-1.7 first").hexdigest()
    assert store.without_document() == [] and store.without_document(lang="en") == [sent.reference]
    assert store.put_document(pdf(sent, "en"))
    assert [d.lang for d in store.documents_of(sent.reference)] == ["de", "en"]
    assert not store.put_document(pdf(submission())), "a document of no stored submission is not kept"


def test_deleting_a_submission_deletes_its_links_and_documents(store: Store, database_url: str) -> None:
    sent = add(store, digest("secret"))
    assert store.put_document(pdf(sent))
    assert store.mark(sent.reference, RETRIEVED, RECEIVED) and store.mark(sent.reference, ACCEPTED, RETRIEVED)
    assert store.delete(sent.reference)
    assert store.receipt_reference(digest("secret")) is None and store.document(sent.reference) is None
    for table in ("receipt_links", "documents"):
        assert run_sql(database_url, f"SELECT COUNT(*) FROM {table}") == [(0,)]
