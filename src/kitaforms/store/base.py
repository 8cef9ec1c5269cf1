"""The storage interface: what the server (and later the back office) asks of a store.

A backend says only how a step runs: in a write transaction (``_write`` from a thread,
``_write_async`` from the event loop; both return once the transaction is committed) or on a
read connection (``_read``). The steps themselves are :mod:`kitaforms.store.sql`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from functools import partial
from typing import Any

from kitaforms.store import documents, offers, sql
from kitaforms.store.documents import APPLICATION_PDF, Document
from kitaforms.store.model import (
    NEXT_STATUS,
    Access,
    Filter,
    Idempotent,
    Stored,
    Submission,
    Token,
    Upload,
    instant,
    new_reference,
    new_token_secret,
    now,
    token_sha256,
)
from kitaforms.store.offers import Contract, Offer
from kitaforms.store.sql import Step, T


class Store(ABC):
    where: str  # the file or the (password-free) URL, for messages

    # --- writes: each returns after its commit ---------------------------------------------------

    async def add_submission(self, submission: Submission, idempotent: Idempotent | None,
                             response: dict[str, Any], uploads: list[Upload] | None = None,
                             receipt_link: str | None = None) -> Stored:
        """Store the submission with its uploads (and idempotency key, and the sha256 of its receipt
        link's secret) in one transaction."""
        step: Step[Stored] = partial(sql.add_submission, submission=submission, idempotent=idempotent,
                                     response=response, uploads=uploads or [])
        if receipt_link is not None:
            step = documents.with_receipt_link(step, submission.reference, receipt_link, submission.received_at)
        return await self._write_async(step)

    async def probe(self) -> None:
        """Commit a write as a submission would (raises :class:`StoreUnavailable`)."""
        await self._write_async(partial(sql.probe, at=now()))

    def mark(self, reference: str, status: str, expected_from: str, access: Access | None = None) -> bool:
        """Move a submission along its lifecycle if it is still in ``expected_from``: of two racing
        calls one wins (True), the other finds the status changed (False). ``access`` is written to
        the access log in the same transaction, if the status changed."""
        if status not in NEXT_STATUS.get(expected_from, ()):
            raise ValueError(f"a submission cannot go from {expected_from!r} to {status!r}")
        return self._write(partial(_logged, partial(sql.mark, reference=reference, status=status,
                                                    expected=expected_from, at=now()), access))

    def delete(self, reference: str, access: Access | None = None) -> bool:
        """Delete a retrieved, accepted or rejected submission and the files only it used (logging
        ``access`` in the same transaction, if it was deleted)."""
        return self._write(partial(_logged, partial(sql.delete, reference=reference), access))

    def purge(self, before: datetime | str, kommune: str | None = None) -> int:
        """Delete every submission retrieved before ``before`` (never an unretrieved one); how many."""
        return len(self.purge_expired(before, kommune))

    def purge_expired(self, before: datetime | str, kommune: str | None = None, actor: str | None = None) -> list[str]:
        """Delete the submissions (of ``kommune``, if given) retrieved before ``before``; their references.
        With ``actor``, each deletion is written to the access log in the same transaction."""
        return self._write(partial(sql.purge, before=instant(before), kommune=kommune, actor=actor, at=now()))

    def issue_token(self, kommune: str, form: str | None = None, label: str = "") -> tuple[Token, str]:
        """A new back-office token and its secret (shown once: only its sha256 is stored)."""
        secret = new_token_secret()
        token = Token(new_reference("TK"), kommune, form, label, now())
        self._write(partial(sql.add_token, token=token, sha256=token_sha256(secret)))
        return token, secret

    def revoke(self, token_id: str) -> bool:
        """Revoke a token at once (False when there is no such token or it was revoked before)."""
        return self._write(partial(sql.revoke, token_id=token_id, at=now()))

    async def log_access(self, entries: list[Access]) -> None:
        """Commit access-log lines (before the data they describe is sent)."""
        if entries:
            await self._write_async(partial(sql.log_access, entries=entries))

    def log_access_now(self, entries: list[Access]) -> None:
        """:meth:`log_access` from a thread (the command line, the retention job)."""
        if entries:
            self._write(partial(sql.log_access, entries=entries))

    # --- reads -----------------------------------------------------------------------------------

    def replay(self, idempotent: Idempotent) -> Stored | None:
        """The stored response for a repeated key (raises :class:`IdempotencyConflict`)."""
        return self._read(partial(sql.replay, idempotent=idempotent))

    def submissions(self, kommune: str | None = None, form: str | None = None, since: str | None = None,
                    limit: int | None = None) -> list[Submission]:
        return self._read(partial(sql.submissions, kommune=kommune, form=form, since=since, limit=limit))

    def page(self, where: Filter, after: tuple[str, str] | None = None, limit: int = 100) -> list[Submission]:
        """Up to ``limit`` submissions in (received_at, reference) order after the position ``after``:
        keyset paging, so each is listed once however many arrive or leave between pages."""
        return self._read(partial(sql.page, where=where, after=after, limit=limit))

    def expired(self, before: datetime | str, kommune: str | None = None) -> list[str]:
        """What :meth:`purge_expired` would delete now."""
        return self._read(partial(sql.expired, before=instant(before), kommune=kommune))

    def retaining(self) -> list[str]:
        """The Kommunen with retrieved (or decided) submissions."""
        return self._read(sql.retaining)

    def token(self, secret: str) -> Token | None:
        """The unrevoked token with this secret."""
        return self._read(partial(sql.token, sha256=token_sha256(secret)))

    def tokens(self) -> list[Token]:
        return self._read(sql.tokens)

    def access_log(self, token: str | None = None, reference: str | None = None, since: str | None = None,
                   until: str | None = None, after: int | None = None, limit: int = 100) -> list[Access]:
        return self._read(partial(sql.access_log, token_id=token, reference=reference, since=since, until=until,
                                  after=after, limit=limit))

    def submission(self, reference: str) -> Submission | None:
        return self._read(partial(sql.submission, reference=reference))

    def upload(self, sha256: str) -> Upload | None:
        return self._read(partial(sql.upload, sha256=sha256))

    def files_of(self, reference: str, content: bool = True) -> list[Upload]:
        """The files stored with a submission (metadata and, unless ``content`` is False, their bytes)."""
        return self._read(partial(sql.files_of, reference=reference, content=content))

    def count(self) -> int:
        return self._read(sql.count)

    # --- receipt links and documents (:mod:`kitaforms.store.documents`) -------------------------

    async def add_receipt_link(self, reference: str, link_sha256: str) -> bool:
        """A further receipt link to a stored submission (False when it is gone)."""
        return await self._write_async(partial(documents.add_receipt_link, reference=reference,
                                               link_sha256=link_sha256, at=now()))

    def receipt_reference(self, link_sha256: str) -> str | None:
        """The submission a receipt link opens (None when unknown or deleted)."""
        return self._read(partial(documents.receipt_reference, link_sha256=link_sha256))

    def put_document(self, document: Document) -> bool:
        """Keep a document made from a submission; the first of its kind and language stays (False
        when one was kept already or the submission is gone)."""
        return self._write(partial(documents.put_document, document=document))

    def document(self, reference: str, kind: str = APPLICATION_PDF, lang: str = "de") -> Document | None:
        """A document made from a submission: by default the application PDF in German (the case file's copy)."""
        return self._read(partial(documents.document, reference=reference, kind=kind, lang=lang))

    def documents_of(self, reference: str) -> list[Document]:
        return self._read(partial(documents.documents_of, reference=reference))

    def without_document(self, kind: str = APPLICATION_PDF, lang: str = "de", limit: int = 100) -> list[str]:
        """The oldest submissions without that document yet (what the document worker makes next)."""
        return self._read(partial(documents.without_document, kind=kind, lang=lang, limit=limit))

    # --- offers and care contracts (:mod:`kitaforms.store.offers`) ------------------------------

    def add_offers(self, kommune: str, round_no: int, kept: list[tuple[Offer, str]], held: list[str] | None = None,
                   closed: dict[str, str] | None = None, access: list[Access] | None = None) -> list[str]:
        """In one transaction: keep a round's new offers (each with its link's sha256; one kept before stays
        as it is), mark the earlier offers the round still holds (``held``), close unanswered offers the round
        says were declined or expired (``closed``: id → status) and log ``access``. The ids kept now."""
        at = now()

        def step(execute: sql.Execute) -> list[str]:
            found = offers.add_offers(execute, kept)
            offers.hold(execute, kommune, held or [], round_no)
            for offer_id, status in sorted((closed or {}).items()):
                offers.close(execute, kommune, offer_id, status, at)
            if access:
                sql.log_access(execute, access)
            return found

        return self._write(step)

    def close_offer(self, kommune: str, offer_id: str, status: str) -> bool:
        """Mark an unanswered offer expired (its deadline passed) or declined."""
        return self._write(partial(offers.close, kommune=kommune, offer_id=offer_id, status=status, at=now()))

    def answer_offer(self, offer_id: str, status: str, answer: str, lang: str, at: str | None = None) -> bool:
        """The family's answer (accepted or declined); False when the offer was answered already."""
        return self._write(partial(offers.answer_offer, offer_id=offer_id, status=status, answer=answer, lang=lang,
                                   at=at or now()))

    def relink_offer(self, offer_id: str, kommune: str, link_sha256: str, access: Access | None = None) -> bool:
        """A new link for an offer of ``kommune`` (the old one stops working)."""
        return self._write(partial(_logged, partial(offers.relink, offer_id=offer_id, kommune=kommune,
                                                    link_sha256=link_sha256), access))

    def offer_by_link(self, link_sha256: str) -> Offer | None:
        return self._read(partial(offers.offer_by_link, link_sha256=link_sha256))

    def offer(self, offer_id: str) -> Offer | None:
        return self._read(partial(offers.offer, offer_id=offer_id))

    def offers_of(self, kommune: str, live_round: int | None = None, statuses: tuple[str, ...] = ()) -> list[Offer]:
        return self._read(partial(offers.offers_of, kommune=kommune, live_round=live_round, statuses=statuses))

    def latest_round(self, kommune: str) -> int | None:
        """The newest round loaded for ``kommune`` (None: none yet)."""
        return self._read(partial(offers.latest_round, kommune=kommune))

    def put_contract(self, contract: Contract) -> bool:
        """Keep an accepted offer's contract; the first one stays (False when one was kept already)."""
        return self._write(partial(offers.put_contract, contract=contract))

    def contract(self, offer_id: str, content: bool = True) -> Contract | None:
        return self._read(partial(offers.contract, offer_id=offer_id, content=content))

    def consent(self, offer_id: str, sha256: str, record: str, at: str) -> bool:
        """Record the parents' consent to the contract document with ``sha256`` (False: not awaiting one)."""
        return self._write(partial(offers.consent, offer_id=offer_id, sha256=sha256, record=record, at=at))

    # --- what a backend provides -----------------------------------------------------------------

    @abstractmethod
    async def _write_async(self, step: Step[T]) -> T: ...

    @abstractmethod
    def _write(self, step: Step[T]) -> T: ...

    @abstractmethod
    def _read(self, step: Step[T]) -> T: ...

    @abstractmethod
    def close(self) -> None: ...


def _logged(step: Step[bool], access: Access | None, execute: sql.Execute) -> bool:
    """Run ``step``; if it changed something, write ``access`` in the same transaction."""
    done = step(execute)
    if done and access is not None:
        sql.log_access(execute, [access])
    return done
