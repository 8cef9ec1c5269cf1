"""The SQLite backend: one file, WAL mode, ``synchronous=FULL``, one writer thread with group commit.

Every write goes to the writer thread, which takes whatever is waiting (up to :data:`BATCH` steps),
runs each in its own savepoint, commits once (``synchronous=FULL`` makes the commit wait for the WAL
to reach the disk) and only then resolves the callers' futures. A receipt is therefore only ever
sent for a submission that is on disk, and concurrent requests share the cost of one fsync. A step
that fails on its own input (a lone surrogate, a NUL, a broken constraint) is rolled back to its
savepoint and fails alone; when the commit itself fails (disk full, read-only), every caller of the
batch gets :class:`StoreUnavailable`. Readers use their own connections, so exports never block writers.
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kitaforms.store import migrate, sql
from kitaforms.store.base import Store
from kitaforms.store.model import IdempotencyConflict, StoreUnavailable, now
from kitaforms.store.sql import Execute, Step, T

BATCH = 256
DIALECT = "sqlite"

# What one step can raise without the store being at fault: that step is rolled back to its
# savepoint and fails alone; the others of the batch are committed.
_ITEM_ERRORS = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError, IdempotencyConflict,
                ValueError, TypeError, OverflowError)

_Item = tuple[Step[Any], "Future[Any]"]


def connect(path: Path, timeout: float = 30) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    _write_ahead_log(connection, timeout)
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


def _write_ahead_log(connection: sqlite3.Connection, timeout: float) -> None:
    """Switch to WAL mode. SQLite answers "database is locked" at once, without waiting for the busy
    timeout, while another process makes the same switch on a new file (instances starting together):
    wait and try again until ``timeout``."""
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


def prepare(path: Path) -> None:
    """Create or migrate the database and commit a write, or raise :class:`StoreUnavailable` saying why."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = connect(path, timeout=5)
        try:
            migrate.migrate(_Migrations(connection), migrate.migrations(DIALECT), str(path))
            sql.probe(connection.execute, now())
        finally:
            connection.close()
    except (OSError, sqlite3.Error) as exc:
        raise StoreUnavailable(f"cannot write the submission store {path}: {exc}") from None


class _Migrations:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    @contextmanager
    def locked(self) -> Iterator[Execute]:
        self.connection.execute("BEGIN IMMEDIATE")  # the write lock: one migrating process at a time
        try:
            yield self.connection.execute
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def script(self, execute: Execute, text: str) -> None:
        for statement in statements(text):
            execute(statement, ())


def statements(script: str) -> Iterator[str]:
    """The statements of a script, split where SQLite itself says a statement is complete."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    rest = "\n".join(line for line in buffer.splitlines() if not line.strip().startswith("--")).strip()
    if rest:
        yield rest


class SqliteStore(Store):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        prepare(path)
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._local = threading.local()
        self._writer = threading.Thread(target=self._run, name="kitaforms-store-writer", daemon=True)
        self._writer.start()

    def close(self) -> None:
        self._queue.put(None)
        self._writer.join(timeout=30)

    # --- writes (through the writer thread) ------------------------------------------------------

    async def _write_async(self, step: Step[T]) -> T:
        return await asyncio.wrap_future(self._enqueue(step))

    def _write(self, step: Step[T]) -> T:
        return self._enqueue(step).result()

    def _enqueue(self, step: Step[T]) -> Future[T]:
        future: Future[T] = Future()
        self._queue.put((step, future))
        return future

    def _run(self) -> None:
        connection = connect(self.path)
        while (batch := self._next_batch()) is not None:
            self._commit(connection, batch)
        connection.close()

    def _next_batch(self) -> list[_Item] | None:
        item = self._queue.get()
        if item is None:
            return None
        batch = [item]
        while len(batch) < BATCH:
            try:
                more = self._queue.get_nowait()
            except queue.Empty:
                break
            if more is None:
                self._queue.put(None)  # stop after this batch
                break
            batch.append(more)
        return batch

    def _commit(self, connection: sqlite3.Connection, batch: list[_Item]) -> None:
        results: list[tuple[Future[Any], Any, BaseException | None]] = []
        try:
            connection.execute("BEGIN IMMEDIATE")
            for step, future in batch:
                connection.execute("SAVEPOINT item")
                try:
                    value = self._apply(connection, step)
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
            for _, future in batch:
                future.set_exception(failure)
            return
        for future, value, error in results:
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(value)

    def _apply(self, connection: sqlite3.Connection, step: Step[T]) -> T:
        return step(connection.execute)

    @staticmethod
    def _rollback(connection: sqlite3.Connection) -> None:
        try:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the transaction is gone with the failure

    # --- reads (any thread, its own connection) --------------------------------------------------

    def _read(self, step: Step[T]) -> T:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = connect(self.path)
        return step(connection.execute)
