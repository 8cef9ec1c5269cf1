"""Receipt links and the documents made from a submission: the steps both backends run.

A receipt link lets the parent open the receipt again: the server hands out a random secret and
the store keeps only its sha256 (``receipt_links``), written in the submission's own transaction
(:func:`with_receipt_link`), so the link works as soon as the receipt is sent. A document (the
application PDF for the parent and for the case file, later fee notices) is kept once per
submission, kind and language (``documents``); the first one stored stays. Both go with their
submission when it is deleted (``ON DELETE CASCADE``), so a deleted submission's link finds nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from kitaforms.store.model import Stored
from kitaforms.store.sql import Execute, Step

APPLICATION_PDF = "application.pdf"  # the application as the parent sent it (PDF/UA), for the parent and the case file
_DOCUMENT = "reference, kind, lang, media_type, size, sha256, content, created_at"


@dataclass(frozen=True)
class Document:
    reference: str
    kind: str
    lang: str
    media_type: str
    size: int
    sha256: str
    content: bytes
    created_at: str

    @classmethod
    def of(cls, reference: str, kind: str, lang: str, media_type: str, content: bytes, created_at: str) -> Document:
        return cls(reference, kind, lang, media_type, len(content), hashlib.sha256(content).hexdigest(), content, created_at)


# --- writes ------------------------------------------------------------------------------------


def with_receipt_link(step: Step[Stored], reference: str, link_sha256: str, at: str) -> Step[Stored]:
    """``step`` (storing a submission) and, in the same transaction, its receipt link; a replayed
    submission keeps its own links (the caller issues a new one with :func:`add_receipt_link`)."""

    def both(execute: Execute) -> Stored:
        stored = step(execute)
        if not stored.replayed:
            add_receipt_link(execute, reference, link_sha256, at)
        return stored

    return both


ADD_RECEIPT_LINK = ("INSERT INTO receipt_links (token_sha256, reference, created_at) "
                    "SELECT ?, reference, ? FROM submissions WHERE reference = ?")


def add_receipt_link(execute: Execute, reference: str, link_sha256: str, at: str) -> bool:
    """A further link to a stored submission (False when the submission is gone)."""
    cursor = execute(ADD_RECEIPT_LINK, (link_sha256, at, reference))
    return bool(cursor.rowcount == 1)


def put_document(execute: Execute, document: Document) -> bool:
    """Keep ``document`` unless one of its kind and language is kept already (or the submission is
    gone); True when this one was stored."""
    cursor = execute(
        f"INSERT INTO documents ({_DOCUMENT}) SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM submissions WHERE reference = ? "
        "ON CONFLICT (reference, kind, lang) DO NOTHING",
        (document.reference, document.kind, document.lang, document.media_type, document.size, document.sha256,
         document.content, document.created_at, document.reference),
    )
    return bool(cursor.rowcount == 1)


# --- reads -------------------------------------------------------------------------------------


def receipt_reference(execute: Execute, link_sha256: str) -> str | None:
    row = execute("SELECT reference FROM receipt_links WHERE token_sha256 = ?", (link_sha256,)).fetchone()
    return str(row[0]) if row else None


def document(execute: Execute, reference: str, kind: str, lang: str) -> Document | None:
    row = execute(f"SELECT {_DOCUMENT} FROM documents WHERE reference = ? AND kind = ? AND lang = ?",
                  (reference, kind, lang)).fetchone()
    return _document(row) if row else None


def documents_of(execute: Execute, reference: str) -> list[Document]:
    rows = execute(f"SELECT {_DOCUMENT} FROM documents WHERE reference = ? ORDER BY kind, lang", (reference,)).fetchall()
    return [_document(row) for row in rows]


def without_document(execute: Execute, kind: str, lang: str, limit: int) -> list[str]:
    """The oldest submissions that have no document of this kind and language yet."""
    rows = execute("SELECT s.reference FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM documents d "
                   "WHERE d.reference = s.reference AND d.kind = ? AND d.lang = ?) "
                   "ORDER BY s.received_at, s.reference LIMIT ?", (kind, lang, limit)).fetchall()
    return [str(row[0]) for row in rows]


def _document(row: Any) -> Document:
    reference, kind, lang, media_type, size, sha256, content, created_at = row
    return Document(reference, kind, lang, media_type, int(size), sha256, bytes(content), created_at)
