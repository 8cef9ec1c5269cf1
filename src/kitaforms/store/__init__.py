"""The submission store: one interface (:class:`Store`), two backends, chosen by a URL.

SQLite (a file path or ``sqlite:///PATH``, the default: nothing to set up, one machine) or
PostgreSQL (``postgresql://…``, several instances on one database; needs the ``postgresql`` extra).
Opening a store migrates its schema (:mod:`kitaforms.store.migrate`) and commits a probe write, so a
database that cannot be used is refused at the start with the reason.
"""

from __future__ import annotations

from pathlib import Path

from kitaforms.store.base import Store
from kitaforms.store.model import (
    ACCEPTED,
    RECEIVED,
    REJECTED,
    RETRIEVED,
    Access,
    Filter,
    IdempotencyConflict,
    Idempotent,
    SchemaTooNew,
    Stored,
    StoreError,
    StoreUnavailable,
    Submission,
    Token,
    Unstorable,
    Upload,
    instant,
    new_reference,
    now,
)
from kitaforms.store.offers import Contract, Offer
from kitaforms.store.url import POSTGRESQL, Location, locate

__all__ = [
    "ACCEPTED", "RECEIVED", "REJECTED", "RETRIEVED", "Access", "Contract", "Filter", "Idempotent", "IdempotencyConflict",
    "Location", "Offer", "SchemaTooNew", "Store", "StoreError", "StoreUnavailable", "Stored", "Submission", "Token", "Unstorable", "Upload",
    "check_writable", "instant", "locate", "new_reference", "now", "open_store",
]


def open_store(url: str | Path) -> Store:
    """The store at ``url``, migrated and writable (raises :class:`StoreError` saying why not)."""
    location = locate(url)
    if location.dialect == POSTGRESQL:
        try:
            from kitaforms.store.postgres import PostgresStore
        except ImportError as exc:
            raise StoreError(f"the PostgreSQL store needs psycopg ({exc}): pip install kitaforms (psycopg is one of its dependencies)") from None
        return PostgresStore(location)
    from kitaforms.store.sqlite import SqliteStore

    return SqliteStore(Path(location.target))


def check_writable(url: str | Path) -> None:
    """Open (and so migrate and probe) the store once, then close it."""
    open_store(url).close()
