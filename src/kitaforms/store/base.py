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

from kitaforms.store import sql
from kitaforms.store.model import NEXT_STATUS, Idempotent, Stored, Submission, Upload, instant, now
from kitaforms.store.sql import Step, T


class Store(ABC):
    where: str  # the file or the (password-free) URL, for messages

    # --- writes: each returns after its commit ---------------------------------------------------

    async def add_submission(self, submission: Submission, idempotent: Idempotent | None,
                             response: dict[str, Any], uploads: list[Upload] | None = None) -> Stored:
        """Store the submission with its uploads (and idempotency key) in one transaction."""
        return await self._write_async(partial(sql.add_submission, submission=submission, idempotent=idempotent,
                                               response=response, uploads=uploads or []))

    async def probe(self) -> None:
        """Commit a write as a submission would (raises :class:`StoreUnavailable`)."""
        await self._write_async(partial(sql.probe, at=now()))

    def mark(self, reference: str, status: str, expected_from: str) -> bool:
        """Move a submission along its lifecycle if it is still in ``expected_from``: of two racing
        calls one wins (True), the other finds the status changed (False)."""
        if status not in NEXT_STATUS.get(expected_from, ()):
            raise ValueError(f"a submission cannot go from {expected_from!r} to {status!r}")
        return self._write(partial(sql.mark, reference=reference, status=status, expected=expected_from, at=now()))

    def delete(self, reference: str) -> bool:
        """Delete a retrieved, accepted or rejected submission and the files only it used."""
        return self._write(partial(sql.delete, reference=reference))

    def purge(self, before: datetime | str) -> int:
        """Delete every submission retrieved before ``before`` (never an unretrieved one); how many."""
        return self._write(partial(sql.purge, before=instant(before)))

    # --- reads -----------------------------------------------------------------------------------

    def replay(self, idempotent: Idempotent) -> Stored | None:
        """The stored response for a repeated key (raises :class:`IdempotencyConflict`)."""
        return self._read(partial(sql.replay, idempotent=idempotent))

    def submissions(self, kommune: str | None = None, form: str | None = None, since: str | None = None,
                    limit: int | None = None) -> list[Submission]:
        return self._read(partial(sql.submissions, kommune=kommune, form=form, since=since, limit=limit))

    def submission(self, reference: str) -> Submission | None:
        return self._read(partial(sql.submission, reference=reference))

    def upload(self, sha256: str) -> Upload | None:
        return self._read(partial(sql.upload, sha256=sha256))

    def files_of(self, reference: str) -> list[Upload]:
        """The files stored with a submission (metadata and content)."""
        return self._read(partial(sql.files_of, reference=reference))

    def count(self) -> int:
        return self._read(sql.count)

    # --- what a backend provides -----------------------------------------------------------------

    @abstractmethod
    async def _write_async(self, step: Step[T]) -> T: ...

    @abstractmethod
    def _write(self, step: Step[T]) -> T: ...

    @abstractmethod
    def _read(self, step: Step[T]) -> T: ...

    @abstractmethod
    def close(self) -> None: ...
