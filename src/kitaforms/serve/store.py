"""The submission store: SQLite in WAL mode with ``synchronous=FULL``, one table per concern.

Tables::

    submissions(reference PK, kommune, form, version, received_at, lang, data)   the accepted answers (JSON)
    uploads(sha256 PK, name, type, size, content, received_at)                    files of plain form posts
    idempotency(key, scope, request_sha256, reference, response, created_at)      replays of repeated requests

Durability: every write happens in one writer thread, which takes whatever is waiting (up to
:data:`BATCH` items), writes it in one transaction and commits (``synchronous=FULL`` makes the
commit wait for the WAL to reach the disk) before it resolves the callers' futures. A receipt is
therefore only ever sent for a submission that is on disk, and concurrent requests share the cost
of one fsync (group commit). Readers use their own connections, so exports never block writers.

Idempotency: a submission carrying an ``Idempotency-Key`` is written together with the key in the
same transaction. A second request with the same key and the same body gets the first response
again; with a different body it is refused. Two such requests racing each other cannot both be
stored: the key is the primary key, and the loser gets the winner's response.
"""

from __future__ import annotations

import asyncio
import json
import queue
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BATCH = 256
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    reference   TEXT PRIMARY KEY,
    kommune     TEXT NOT NULL,
    form        TEXT NOT NULL,
    version     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    lang        TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_by_form ON submissions (kommune, form, received_at);
CREATE TABLE IF NOT EXISTS uploads (
    sha256      TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    content     BLOB NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS health (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    key            TEXT NOT NULL,
    scope          TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    reference      TEXT NOT NULL,
    response       TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
"""


def new_reference(prefix: str = "KF") -> str:
    """A short, unguessable reference: ``KF-7H3K-9QXD-2M4P`` (60 random bits, Crockford base 32)."""
    number = int.from_bytes(secrets.token_bytes(8), "big") >> 4
    raw = "".join(_ALPHABET[(number >> (5 * i)) & 31] for i in range(12))
    return f"{prefix}-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Submission:
    reference: str
    kommune: str
    form: str
    version: str
    received_at: str
    lang: str
    data: str  # JSON text, exactly as stored

    def as_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference, "kommune": self.kommune, "form": self.form, "version": self.version,
            "received_at": self.received_at, "lang": self.lang, "data": json.loads(self.data),
        }


@dataclass(frozen=True)
class Upload:
    sha256: str
    name: str
    type: str
    size: int
    content: bytes


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


class IdempotencyConflict(Exception):
    """The key was used before for a different request."""


class StoreUnavailable(Exception):
    """The store cannot write now (disk full, read-only, I/O error): nothing of the batch was kept."""


# What one item's write can raise without the store being at fault: that item is rolled back to its
# savepoint and fails alone; the others of the batch are committed.
_ITEM_ERRORS = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError, IdempotencyConflict,
                ValueError, TypeError, OverflowError)


_PROBE = "INSERT OR REPLACE INTO health (id, checked_at) VALUES (1, ?)"


def check_writable(path: Path) -> None:
    """Create the store's tables and commit a write, or raise :class:`StoreUnavailable` saying why."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=5, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(SCHEMA)
            connection.execute(_PROBE, (now(),))
        finally:
            connection.close()
    except (OSError, sqlite3.Error) as exc:
        raise StoreUnavailable(f"cannot write the submission store {path}: {exc}") from None


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        check_writable(path)
        self._queue: queue.Queue[tuple[str, tuple[Any, ...], Future[Any]] | None] = queue.Queue()
        self._writer = threading.Thread(target=self._run, name="kitaforms-store-writer", daemon=True)
        self._local = threading.local()
        self._writer.start()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA busy_timeout=30000")
        return connection

    def close(self) -> None:
        self._queue.put(None)
        self._writer.join(timeout=30)

    # --- writes (through the writer thread) ------------------------------------------------

    async def add_submission(self, submission: Submission, idempotent: Idempotent | None,
                             response: dict[str, Any], uploads: list[Upload] | None = None) -> Stored:
        """Store the submission (and its uploads) and return once it is committed to disk."""
        return await self._submit("submission", (submission, idempotent, response, uploads or []))

    async def probe(self) -> None:
        """Commit a write through the writer, as a submission would (raises :class:`StoreUnavailable`)."""
        await self._submit("probe", ())

    async def _submit(self, kind: str, args: tuple[Any, ...]) -> Any:
        future: Future[Any] = Future()
        self._queue.put((kind, args, future))
        return await asyncio.wrap_future(future)

    def _run(self) -> None:
        connection = self._connect()
        while True:
            item = self._queue.get()
            if item is None:
                break
            batch = [item]
            while len(batch) < BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)
                    break
                batch.append(more)
            self._write(connection, batch)
        connection.close()

    def _write(self, connection: sqlite3.Connection, batch: list[Any]) -> None:
        results: list[tuple[Future[Any], Any, BaseException | None]] = []
        try:
            connection.execute("BEGIN IMMEDIATE")
            for kind, args, future in batch:
                connection.execute("SAVEPOINT item")
                try:
                    value = self._apply(connection, kind, args)
                    connection.execute("RELEASE item")
                    results.append((future, value, None))
                except _ITEM_ERRORS as exc:
                    connection.execute("ROLLBACK TO item")
                    connection.execute("RELEASE item")
                    results.append((future, None, exc))
            connection.execute("COMMIT")
        except BaseException as exc:  # noqa: BLE001 - the disk failed: every caller must hear it
            self._rollback(connection)
            failure = StoreUnavailable(f"{type(exc).__name__}: {exc}")
            for _, _, future in batch:
                if not future.done():
                    future.set_exception(failure)
            return
        for future, value, error in results:
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(value)

    @staticmethod
    def _rollback(connection: sqlite3.Connection) -> None:
        try:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the transaction is gone with the failure

    def _apply(self, connection: sqlite3.Connection, kind: str, args: tuple[Any, ...]) -> Any:
        if kind == "probe":
            connection.execute(_PROBE, (now(),))
            return None
        submission, idempotent, response, uploads = args
        if idempotent is not None:
            earlier = self._idempotent(connection, idempotent)
            if earlier is not None:
                return earlier
        for upload in uploads:
            connection.execute(
                "INSERT OR IGNORE INTO uploads (sha256, name, type, size, content, received_at) VALUES (?, ?, ?, ?, ?, ?)",
                (upload.sha256, upload.name, upload.type, upload.size, upload.content, submission.received_at),
            )
        connection.execute(
            "INSERT INTO submissions (reference, kommune, form, version, received_at, lang, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (submission.reference, submission.kommune, submission.form, submission.version,
             submission.received_at, submission.lang, submission.data),
        )
        if idempotent is not None:
            connection.execute(
                "INSERT INTO idempotency (key, scope, request_sha256, reference, response, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (idempotent.key, idempotent.scope, idempotent.request_sha256, submission.reference,
                 json.dumps(response, sort_keys=True), submission.received_at),
            )
        return Stored(submission.reference, response)

    def _idempotent(self, connection: sqlite3.Connection, idempotent: Idempotent) -> Stored | None:
        row = connection.execute(
            "SELECT request_sha256, reference, response FROM idempotency WHERE scope = ? AND key = ?",
            (idempotent.scope, idempotent.key),
        ).fetchone()
        if row is None:
            return None
        if row[0] != idempotent.request_sha256:
            raise IdempotencyConflict(idempotent.key)
        return Stored(row[1], json.loads(row[2]), replayed=True)

    # --- reads (any thread, own connection) -------------------------------------------------

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect()
            self._local.connection = connection
        yield connection

    def replay(self, idempotent: Idempotent) -> Stored | None:
        """The stored response for a repeated key (raises :class:`IdempotencyConflict`)."""
        with self._reader() as connection:
            return self._idempotent(connection, idempotent)

    def submissions(self, kommune: str | None = None, form: str | None = None, since: str | None = None,
                    limit: int | None = None) -> list[Submission]:
        sql = "SELECT reference, kommune, form, version, received_at, lang, data FROM submissions WHERE 1=1"
        params: list[Any] = []
        for column, value in (("kommune", kommune), ("form", form)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        if since is not None:
            sql += " AND received_at >= ?"
            params.append(since)
        sql += " ORDER BY received_at, reference"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._reader() as connection:
            return [Submission(*row) for row in connection.execute(sql, params)]

    def submission(self, reference: str) -> Submission | None:
        with self._reader() as connection:
            row = connection.execute(
                "SELECT reference, kommune, form, version, received_at, lang, data FROM submissions WHERE reference = ?",
                (reference,),
            ).fetchone()
        return Submission(*row) if row else None

    def upload(self, sha256: str) -> Upload | None:
        with self._reader() as connection:
            row = connection.execute("SELECT sha256, name, type, size, content FROM uploads WHERE sha256 = ?", (sha256,)).fetchone()
        return Upload(*row) if row else None

    def count(self) -> int:
        with self._reader() as connection:
            return int(connection.execute("SELECT COUNT(*) FROM submissions").fetchone()[0])
