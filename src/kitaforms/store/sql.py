"""The statements and steps of the store, written once for both backends.

Every step takes ``execute(sql, params) -> cursor`` inside a transaction the backend opened; the
backend decides where it runs and when it commits. The SQL is the part SQLite and PostgreSQL share
(``INSERT … ON CONFLICT``, ``?`` placeholders, which the PostgreSQL backend turns into ``%s``).

Idempotency: the key is claimed first (``INSERT … ON CONFLICT DO NOTHING``), in the same transaction
as the submission. Of two requests racing with one key, on one instance or on several, one claims
it; PostgreSQL makes the other wait until the first commits, and the other then reads the winner's
response (or :class:`IdempotencyConflict` when its body differs).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from kitaforms.store.model import (
    RECEIVED,
    RETRIEVED,
    Access,
    Filter,
    IdempotencyConflict,
    Idempotent,
    Stored,
    Submission,
    Token,
    Unstorable,
    Upload,
)

T = TypeVar("T")
Execute = Callable[[str, Sequence[Any]], Any]  # returns a DB-API cursor
Step = Callable[[Execute], T]

_SUBMISSION = "reference, kommune, form, version, received_at, lang, data, status, retrieved_at"
_UPLOAD = "sha256, name, type, size, content"
_TOKEN = "id, kommune, form, label, created_at, revoked_at"
_ACCESS = "at, token_id, action, reference, kommune, detail"
_LOG_ROWS = 200  # access-log lines per INSERT


# --- writes ------------------------------------------------------------------------------------


def probe(execute: Execute, at: str) -> None:
    execute("INSERT INTO health (id, checked_at) VALUES (1, ?) "
            "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at", (at,))


def add_submission(execute: Execute, submission: Submission, idempotent: Idempotent | None,
                   response: dict[str, Any], uploads: Sequence[Upload]) -> Stored:
    refuse_nul(submission, uploads)
    if idempotent is not None and not _claim(execute, idempotent, submission, response):
        earlier = replay(execute, idempotent)
        if earlier is None:  # the key was claimed by a transaction that committed, so it is there
            raise RuntimeError(f"idempotency key {idempotent.key!r} claimed but not found")
        return earlier
    for upload in sorted(uploads, key=lambda u: u.sha256):  # one lock order for concurrent writers
        execute("INSERT INTO uploads (sha256, name, type, size, content, received_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (sha256) DO NOTHING",
                (upload.sha256, upload.name, upload.type, upload.size, upload.content, submission.received_at))
    execute(INSERT_SUBMISSION, submission_values(submission))
    for attachment_id, field, sha256 in dict.fromkeys((u.attachment_id or u.sha256, u.field, u.sha256) for u in uploads):
        execute("INSERT INTO submission_files (reference, attachment_id, field, sha256) VALUES (?, ?, ?, ?)",
                (submission.reference, attachment_id, field, sha256))
    return Stored(submission.reference, response)


CLAIM = ("INSERT INTO idempotency (key, scope, request_sha256, reference, response, created_at) "
         "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING")
INSERT_SUBMISSION = f"INSERT INTO submissions ({_SUBMISSION}) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?"


def claim_values(idempotent: Idempotent, submission: Submission, response: dict[str, Any]) -> tuple[Any, ...]:
    return (idempotent.key, idempotent.scope, idempotent.request_sha256, submission.reference,
            json.dumps(response, sort_keys=True), submission.received_at)


def submission_values(submission: Submission) -> tuple[Any, ...]:
    return (submission.reference, submission.kommune, submission.form, submission.version,
            submission.received_at, submission.lang, submission.data, RECEIVED, None)


def _claim(execute: Execute, idempotent: Idempotent, submission: Submission, response: dict[str, Any]) -> bool:
    cursor = execute(CLAIM, claim_values(idempotent, submission, response))
    return bool(cursor.rowcount == 1)


def refuse_nul(submission: Submission, uploads: Sequence[Upload]) -> None:
    """PostgreSQL's text cannot hold NUL; SQLite could, but both backends must keep the same things."""
    texts = [submission.reference, submission.kommune, submission.form, submission.version, submission.lang,
             submission.data, *(text for u in uploads for text in (u.name, u.type, u.attachment_id, u.field))]
    if any("\x00" in text for text in texts):
        raise Unstorable("a text holds a NUL character, which the store cannot keep")


def mark(execute: Execute, reference: str, status: str, expected: str, at: str) -> bool:
    """Move one submission from ``expected`` to ``status``; False when it is not in ``expected``."""
    cursor = execute("UPDATE submissions SET status = ?, retrieved_at = COALESCE(?, retrieved_at) "
                     "WHERE reference = ? AND status = ?",
                     (status, at if status == RETRIEVED else None, reference, expected))
    return bool(cursor.rowcount == 1)


def delete(execute: Execute, reference: str) -> bool:
    """Remove a retrieved (or decided) submission, its files' rows, its idempotency key and the
    uploads no other submission uses; False when there is none or it was never retrieved."""
    files = [row[0] for row in execute("SELECT sha256 FROM submission_files WHERE reference = ?", (reference,)).fetchall()]
    removed = execute("DELETE FROM submissions WHERE reference = ? AND status <> ?", (reference, RECEIVED)).rowcount
    if removed != 1:
        return False
    execute("DELETE FROM idempotency WHERE reference = ?", (reference,))
    for sha256 in sorted(set(files)):
        execute("DELETE FROM uploads WHERE sha256 = ? "
                "AND NOT EXISTS (SELECT 1 FROM submission_files WHERE submission_files.sha256 = uploads.sha256)",
                (sha256,))
    return True


def purge(execute: Execute, before: str, kommune: str | None = None, actor: str | None = None,
          at: str = "") -> list[str]:
    """Delete every submission retrieved before ``before`` (of one Kommune, if given); never one that
    is still only received. The references deleted; with ``actor``, each deletion is logged."""
    found = [(reference, owner) for reference, owner in expired_of(execute, before, kommune)
             if delete(execute, reference)]
    if actor is not None:
        log_access(execute, [Access(at, actor, "purge", reference, owner, f"retrieved before {before}")
                             for reference, owner in found])
    return [reference for reference, _ in found]


def add_token(execute: Execute, token: Token, sha256: str) -> None:
    execute(f"INSERT INTO api_tokens ({_TOKEN}, token_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (token.id, token.kommune, token.form, token.label, token.created_at, None, sha256))


def revoke(execute: Execute, token_id: str, at: str) -> bool:
    cursor = execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (at, token_id))
    return bool(cursor.rowcount == 1)


def log_access(execute: Execute, entries: Sequence[Access]) -> None:
    for start in range(0, len(entries), _LOG_ROWS):
        chunk = entries[start:start + _LOG_ROWS]
        rows = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(chunk))
        execute(f"INSERT INTO access_log ({_ACCESS}) VALUES {rows}",
                [value for e in chunk for value in (e.at, e.token, e.action, e.reference, e.kommune, e.detail)])


# --- reads -------------------------------------------------------------------------------------


def replay(execute: Execute, idempotent: Idempotent) -> Stored | None:
    """The stored response for a repeated key (raises :class:`IdempotencyConflict` for another body)."""
    row = execute("SELECT request_sha256, reference, response FROM idempotency WHERE scope = ? AND key = ?",
                  (idempotent.scope, idempotent.key)).fetchone()
    if row is None:
        return None
    if row[0] != idempotent.request_sha256:
        raise IdempotencyConflict(idempotent.key)
    return Stored(row[1], json.loads(row[2]), replayed=True)


def submissions(execute: Execute, kommune: str | None, form: str | None, since: str | None,
                limit: int | None) -> list[Submission]:
    sql = f"SELECT {_SUBMISSION} FROM submissions WHERE 1=1"
    params: list[Any] = []
    for condition, value in (("kommune = ?", kommune), ("form = ?", form), ("received_at >= ?", since)):
        if value is not None:
            sql += f" AND {condition}"
            params.append(value)
    sql += " ORDER BY received_at, reference"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [Submission(*row) for row in execute(sql, params).fetchall()]


def page(execute: Execute, where: Filter, after: tuple[str, str] | None, limit: int) -> list[Submission]:
    """Up to ``limit`` submissions in (received_at, reference) order, after the position ``after``."""
    conditions, params = _conditions(where)
    if after is not None:
        conditions.append("(received_at, reference) > (?, ?)")
        params += list(after)
    sql = f"SELECT {_SUBMISSION} FROM submissions WHERE {' AND '.join(conditions) or '1=1'} "
    rows = execute(sql + "ORDER BY received_at, reference LIMIT ?", [*params, limit]).fetchall()
    return [Submission(*row) for row in rows]


def _conditions(where: Filter) -> tuple[list[str], list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    for condition, value in (("kommune = ?", where.kommune), ("form = ?", where.form), ("version = ?", where.version),
                             ("received_at >= ?", where.since), ("received_at < ?", where.until)):
        if value is not None:
            conditions.append(condition)
            params.append(value)
    if where.statuses:
        conditions.append(f"status IN ({', '.join('?' * len(where.statuses))})")
        params += list(where.statuses)
    return conditions, params


def expired(execute: Execute, before: str, kommune: str | None = None) -> list[str]:
    """The references of the submissions retrieved before ``before`` (never an unretrieved one)."""
    return [reference for reference, _ in expired_of(execute, before, kommune)]


def expired_of(execute: Execute, before: str, kommune: str | None = None) -> list[tuple[str, str]]:
    sql = "SELECT reference, kommune FROM submissions WHERE status <> ? AND retrieved_at < ?"
    params: list[Any] = [RECEIVED, before]
    if kommune is not None:
        sql += " AND kommune = ?"
        params.append(kommune)
    return [(row[0], row[1]) for row in execute(sql + " ORDER BY reference", params).fetchall()]


def retaining(execute: Execute) -> list[str]:
    """The Kommunen that have retrieved (or decided) submissions: those retention may concern."""
    rows = execute("SELECT DISTINCT kommune FROM submissions WHERE status <> ? ORDER BY kommune", (RECEIVED,))
    return [row[0] for row in rows.fetchall()]


def token(execute: Execute, sha256: str) -> Token | None:
    """The token whose secret has this sha256, unless revoked."""
    row = execute(f"SELECT {_TOKEN} FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL", (sha256,)).fetchone()
    return Token(*row) if row else None


def tokens(execute: Execute) -> list[Token]:
    return [Token(*row) for row in execute(f"SELECT {_TOKEN} FROM api_tokens ORDER BY created_at, id", ()).fetchall()]


def access_log(execute: Execute, token_id: str | None, reference: str | None, since: str | None, until: str | None,
               after: int | None, limit: int) -> list[Access]:
    conditions: list[str] = []
    params: list[Any] = []
    for condition, value in (("token_id = ?", token_id), ("reference = ?", reference), ("at >= ?", since),
                             ("at < ?", until), ("id > ?", after)):
        if value is not None:
            conditions.append(condition)
            params.append(value)
    sql = f"SELECT {_ACCESS}, id FROM access_log WHERE {' AND '.join(conditions) or '1=1'} ORDER BY id LIMIT ?"
    return [Access(*row) for row in execute(sql, [*params, limit]).fetchall()]


def submission(execute: Execute, reference: str) -> Submission | None:
    row = execute(f"SELECT {_SUBMISSION} FROM submissions WHERE reference = ?", (reference,)).fetchone()
    return Submission(*row) if row else None


def upload(execute: Execute, sha256: str) -> Upload | None:
    row = execute(f"SELECT {_UPLOAD} FROM uploads WHERE sha256 = ?", (sha256,)).fetchone()
    return Upload(*row) if row else None


def files_of(execute: Execute, reference: str, content: bool = True) -> list[Upload]:
    """The files of a submission; without their bytes (``content`` empty) when ``content`` is False."""
    data = "u.content" if content else "NULL"
    rows = execute(f"SELECT u.sha256, u.name, u.type, u.size, {data}, f.attachment_id, f.field "
                   "FROM submission_files f JOIN uploads u ON u.sha256 = f.sha256 "
                   "WHERE f.reference = ? ORDER BY f.field, f.attachment_id", (reference,)).fetchall()
    return [Upload(*row[:4], row[4] if content else b"", *row[5:]) for row in rows]


def count(execute: Execute) -> int:
    return int(execute("SELECT COUNT(*) FROM submissions", ()).fetchone()[0])
