"""What the store keeps and hands back, and the errors it raises (the same for every backend).

Times are text in one form only, UTC with milliseconds and ``Z`` (``2026-02-02T09:30:00.000Z``):
so they sort and compare as text in SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kitaforms.store.entropy import random_bytes, token_urlsafe

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U

# The status lifecycle of a submission: received → retrieved → accepted | rejected.
RECEIVED, RETRIEVED, ACCEPTED, REJECTED = "received", "retrieved", "accepted", "rejected"
NEXT_STATUS: dict[str, tuple[str, ...]] = {RECEIVED: (RETRIEVED,), RETRIEVED: (ACCEPTED, REJECTED)}


def new_reference(prefix: str = "KF") -> str:
    """A short, unguessable reference: ``KF-7H3K-9QXD-2M4P`` (60 random bits, Crockford base 32)."""
    number = int.from_bytes(random_bytes(8), "big") >> 4
    raw = "".join(_ALPHABET[(number >> (5 * i)) & 31] for i in range(12))
    return f"{prefix}-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def now() -> str:
    return instant(datetime.now(UTC))


def instant(moment: datetime | str) -> str:
    """A time as the store writes it; a naive ``datetime`` counts as UTC, text is taken as written."""
    if isinstance(moment, str):
        return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Submission:
    reference: str
    kommune: str
    form: str
    version: str
    received_at: str
    lang: str
    data: str  # JSON text, exactly as stored
    status: str = RECEIVED
    retrieved_at: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference, "kommune": self.kommune, "form": self.form, "version": self.version,
            "received_at": self.received_at, "lang": self.lang, "data": json.loads(self.data),
        }


@dataclass(frozen=True)
class Filter:
    """Which submissions a listing holds; times as the store writes them, ``until`` exclusive."""

    kommune: str | None = None
    form: str | None = None
    version: str | None = None
    statuses: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class Upload:
    """A file; ``attachment_id`` and ``field`` say where it belongs when it comes with a submission
    (without an ``attachment_id`` the file is attached under its ``sha256``)."""

    sha256: str
    name: str
    type: str
    size: int
    content: bytes
    attachment_id: str = ""
    field: str = ""


@dataclass(frozen=True)
class Token:
    """A back-office token: it reads only its Kommune's submissions (of ``form`` alone, if set).

    The store keeps only the sha256 of the secret (:func:`token_sha256`); the secret is shown once."""

    id: str
    kommune: str
    form: str | None = None
    label: str = ""
    created_at: str = ""
    revoked_at: str | None = None


def new_token_secret() -> str:
    """256 random bits, URL-safe: ``kf_`` and 43 characters."""
    return "kf_" + token_urlsafe(32)


def token_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Access:
    """One line of the access log: ``token`` (a token's id, ``operator`` or ``retention``) did ``action``
    (list, export, read, files, download, status, delete, purge, access-log) to ``reference``."""

    at: str
    token: str
    action: str
    reference: str | None = None
    kommune: str | None = None
    detail: str = ""
    id: int | None = None  # given by the store, in the order the lines were written

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "token": self.token, "action": self.action, "reference": self.reference,
                "kommune": self.kommune, "detail": self.detail}


@dataclass(frozen=True)
class Idempotent:
    key: str
    scope: str
    request_sha256: str


@dataclass(frozen=True)
class Stored:
    reference: str
    response: dict[str, Any]
    replayed: bool = False


class StoreError(Exception):
    """The store cannot be used; the message says why and what to do."""


class StoreUnavailable(StoreError):
    """The store cannot write now (disk full, read-only, database down): nothing of the write was kept."""


class SchemaTooNew(StoreError):
    """The database was migrated by a newer kitaforms than this one."""


class IdempotencyConflict(Exception):
    """The key was used before for a different request."""


class Unstorable(ValueError):
    """A value no backend can store as text (a NUL character): the write of this item is refused."""
