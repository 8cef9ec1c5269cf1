"""The back-office API v1 (``/api/v1/…``): submissions for the Jugendamt's back office.

Who may do what is a **token** (``Authorization: Bearer <token>``):

* a back-office token, made with ``kitaforms admin token --kommune K [--form F]``, sees the
  submissions of its Kommune (of one form, if it was made for one) and nothing else: another
  Kommune's submission is ``404`` as if it did not exist (never ``403``: the token learns nothing);
  only the sha256 of the token is stored, and ``kitaforms admin revoke`` ends it at once;
* the operator token (``KITAFORMS_ADMIN_TOKEN``) sees every Kommune and alone reads the access log.

::

    GET    /api/v1/submissions?kommune=&form=&version=&status=&since=&until=&cursor=&limit=&format=json|csv|jsonl
    GET    /api/v1/submissions/{reference}                        one submission, its answers and file list
    GET    /api/v1/submissions/{reference}/files                  its files (metadata)
    GET    /api/v1/submissions/{reference}/files/{attachment_id}  a file's bytes (Content-Disposition)
    POST   /api/v1/submissions/{reference}/status                 {"status": "retrieved" | "accepted" | "rejected"}
    POST   /api/v1/submissions/{reference}/bescheid?format=json|pdf&von=&bis=&einkommen=&datum=   provisional fee notice
    DELETE /api/v1/submissions/{reference}                        only once retrieved
    GET    /api/v1/access-log?token=&reference=&since=&until=&cursor=&limit=      (operator token)

Listings page by an opaque cursor over (received_at, reference): each submission is listed exactly
once however many arrive (or change status) between pages. Times are RFC 3339 (``since``
inclusive, ``until`` exclusive). A CSV is one form version's, with its columns fixed by that
version's schema (:mod:`kitaforms.serve.tables`). Every read, listing, status change and deletion
is written to the access log (who: the token's id; what: the reference) **before** the data is
sent, and to the log (``kitaforms.access``).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from kitaforms.serve.catalogue import Bundle
from kitaforms.serve.http import attachment, problem
from kitaforms.serve.instants import rfc3339
from kitaforms.serve.tables import CsvWriter, file_json, submission_json
from kitaforms.store import (
    ACCEPTED,
    RECEIVED,
    REJECTED,
    RETRIEVED,
    Access,
    Filter,
    Store,
    StoreUnavailable,
    Submission,
    Token,
    now,
)

if TYPE_CHECKING:
    from kitaforms.serve.app import Server

log = logging.getLogger("kitaforms.access")

API = "/api/v1"
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
CHUNK = 1000  # submissions read (and logged) at a time for CSV and JSON Lines
OPERATOR = "operator"
STATUSES = (RECEIVED, RETRIEVED, ACCEPTED, REJECTED)
TARGETS = {RETRIEVED: RECEIVED, ACCEPTED: RETRIEVED, REJECTED: RETRIEVED}  # new status → the one it must follow
NO_STORE = {"cache-control": "no-store"}
RETRY_AFTER = "30"
_LIST_PARAMETERS = frozenset({"format", "kommune", "form", "version", "status", "since", "until", "cursor", "limit"})
_LOG_PARAMETERS = frozenset({"token", "reference", "since", "until", "cursor", "limit"})
_FORMATS = {"json": "application/json", "jsonl": "application/jsonl", "csv": "text/csv; charset=utf-8"}

Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Principal:
    """Who sends a request: a token's id and its scope (``kommune`` None: the operator)."""

    id: str
    kommune: str | None = None
    form: str | None = None

    @property
    def operator(self) -> bool:
        return self.kommune is None

    def sees(self, row: Submission) -> bool:
        return self.kommune in (None, row.kommune) and self.form in (None, row.form)

    def narrow(self, kommune: str | None, form: str | None) -> tuple[str | None, str | None] | None:
        """The filter within this token's scope; None when it asks for what the token cannot see."""
        if (self.kommune and kommune not in (None, self.kommune)) or (self.form and form not in (None, self.form)):
            return None
        return kommune or self.kommune, form or self.form

    def access(self, action: str, row: Submission | None, detail: str = "") -> Access:
        kept = "".join(ch for ch in detail if ch.isprintable())[:300]  # query text, as the log may keep it
        return Access(now(), self.id, action, row.reference if row else None, row.kommune if row else None, kept)


class Problem(Exception):
    def __init__(self, status: int, slug: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.slug, self.detail, self.headers = status, slug, detail, headers


def unauthorized() -> Problem:
    return Problem(401, "unauthorized", "Send a valid token: Authorization: Bearer <token>.",
                   {"www-authenticate": 'Bearer realm="kitaforms-admin"'})


def guarded(handler: Handler) -> Handler:
    """Problems become problem responses; a store that cannot write (the access log) is 503."""
    @wraps(handler)
    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except Problem as exc:
            return problem(exc.status, exc.slug, exc.detail, headers=exc.headers)
        except StoreUnavailable as exc:
            log.error("the store cannot be used: %s", exc)
            return problem(503, "store-unavailable", "The store cannot be used just now; nothing was sent or changed. "
                           "Please try again in a moment.", headers={"retry-after": RETRY_AFTER})

    return run


def storable(text: str) -> bool:
    """Text a store can look up (PostgreSQL refuses a NUL in a query parameter)."""
    return "\x00" not in text and len(text) <= 200


def bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def is_operator(token: str, operator_token: str) -> bool:
    return bool(operator_token) and hmac.compare_digest(token.encode(), operator_token.encode())


# --- query parameters ------------------------------------------------------------------------


class Query:
    def __init__(self, request: Request, allowed: frozenset[str]) -> None:
        self.params = request.query_params
        unknown = sorted(set(self.params) - allowed)
        if unknown:
            raise Problem(400, "unknown-parameter", f"Unknown query parameter(s): {', '.join(unknown)[:200]}; "
                          f"this endpoint takes {', '.join(sorted(allowed))}.")
        if any(not storable(value) for value in self.params.values()):
            raise Problem(400, "bad-parameter", "A query parameter holds a NUL or is longer than 200 characters.")

    def get(self, name: str) -> str | None:
        value = self.params.get(name)
        return value if value else None

    def choice(self, name: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.params.get(name, default)
        if value not in allowed:
            raise Problem(400, f"bad-{name}", f"{name} must be one of {', '.join(allowed)}.")
        return value

    def limit(self, default: int | None) -> int | None:
        text = self.params.get("limit")
        if text is None:
            return default
        if not (text.isascii() and text.isdigit() and len(text) <= 5 and 1 <= int(text) <= MAX_LIMIT):
            raise Problem(400, "bad-limit", f"limit must be a whole number from 1 to {MAX_LIMIT}.")
        return int(text)

    def instant(self, name: str) -> str | None:
        text = self.params.get(name)
        if text is None:
            return None
        try:
            return rfc3339(text)
        except ValueError:
            raise Problem(400, f"bad-{name}", f"{name} must be an RFC 3339 date-time with an offset, e.g. "
                          "2026-12-04T09:30:00+01:00 or 2026-12-04T08:30:00Z.") from None

    def statuses(self, allowed: tuple[str, ...] = STATUSES) -> tuple[str, ...]:
        """``?status=a,b``: the statuses asked for, each one of ``allowed`` (none: all)."""
        text = self.params.get("status")
        if not text:
            return ()
        chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",")))
        if any(status not in allowed for status in chosen):
            raise Problem(400, "bad-status", f"status must be one or more of {', '.join(allowed)}, separated by commas.")
        return chosen


def encode_cursor(*position: Any) -> str:
    raw = json.dumps(list(position), separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(text: str | None, shape: tuple[type, ...]) -> tuple[Any, ...] | None:
    """The position a cursor stands for; 400 ``bad-cursor`` for anything this server did not write."""
    if text is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        position = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        position = None
    if (not isinstance(position, list) or len(position) != len(shape)
            or not all(type(value) is kind and _plain(value) for value, kind in zip(position, shape, strict=True))):
        raise Problem(400, "bad-cursor", "The cursor is not one this server gave out: pass next_cursor as it came.")
    return tuple(position)


def _plain(value: Any) -> bool:
    """A cursor's part as this server writes them: short printable ASCII, or a row id."""
    if isinstance(value, str):
        return len(value) <= 64 and value.isascii() and value.isprintable()
    return isinstance(value, int) and 0 <= value < 1 << 62


# --- the handlers ----------------------------------------------------------------------------


class BackOffice:
    def __init__(self, server: Server) -> None:
        self.server = server

    @property
    def store(self) -> Store:
        return self.server.store

    def routes(self) -> list[Route]:
        one = f"{API}/submissions/{{reference}}"
        return [
            Route(f"{API}/submissions", guarded(self.list_submissions), methods=["GET"]),
            Route(one, guarded(self.read), methods=["GET"]),
            Route(one, guarded(self.delete), methods=["DELETE"]),
            Route(f"{one}/files", guarded(self.files), methods=["GET"]),
            Route(f"{one}/files/{{attachment_id}}", guarded(self.download), methods=["GET"]),
            Route(f"{one}/status", guarded(self.status), methods=["POST"]),
            Route(f"{one}/bescheid", guarded(self.bescheid), methods=["POST"]),
            Route(f"{API}/access-log", guarded(self.access_log), methods=["GET"]),
        ]

    async def principal(self, request: Request) -> Principal:
        token = bearer(request)
        if token is None:
            raise unauthorized()
        if is_operator(token, self.server.settings.admin_token):
            return Principal(OPERATOR)
        found: Token | None = await run_in_threadpool(self.store.token, token) if len(token) <= 256 else None
        if found is None:
            raise unauthorized()
        return Principal(found.id, found.kommune, found.form)

    async def record(self, entries: list[Access], what: str) -> None:
        """Write the access log (committed before anything is sent) and a log line."""
        await self.store.log_access(entries)
        first = entries[0]
        log.info("access token=%s action=%s %s", first.token, first.action, what)

    # --- listings --------------------------------------------------------------------------

    async def list_submissions(self, request: Request) -> Response:
        who = await self.principal(request)
        query = Query(request, _LIST_PARAMETERS)
        output = query.choice("format", tuple(_FORMATS), "json")
        limit = query.limit(DEFAULT_LIMIT if output == "json" else None)
        after = decode_cursor(query.get("cursor"), (str, str))
        where, bundle = self._filter(who, query, output)
        detail = f"format={output} " + " ".join(f"{k}={v}" for k, v in sorted(query.params.items()) if k != "cursor")
        if output == "json":
            return await self._page(who, where, after, limit or DEFAULT_LIMIT, detail)
        pages = self._pages(who, where, after, limit, detail.strip())
        first = await anext(pages)
        if output == "csv":
            assert bundle is not None
            return self._csv(bundle, first, pages)
        return StreamingResponse(_jsonl(first, pages), media_type=_FORMATS["jsonl"], headers=NO_STORE)

    def _filter(self, who: Principal, query: Query, output: str) -> tuple[Filter | None, Bundle | None]:
        """The listing's filter (None: outside the token's scope, so nothing); for CSV, its form version."""
        since, until, statuses = query.instant("since"), query.instant("until"), query.statuses()
        scope = who.narrow(query.get("kommune"), query.get("form"))
        kommune, form = scope if scope is not None else (query.get("kommune"), query.get("form"))
        version, bundle = query.get("version"), None
        if output == "csv":
            if not kommune or not form:
                raise Problem(400, "csv-needs-form", "A CSV holds one form version: give kommune and form "
                              "(and version; without it the newest version served), or use format=jsonl.")
            bundle = self.server.catalogue.bundle(kommune, form, version) if scope is not None else None
            if bundle is None:
                raise Problem(404, "unknown-form", f"This server has no form {kommune}/{form}"
                              + (f" version {version}." if version else "."))
            version = bundle.version
        if scope is None:
            return None, bundle
        return Filter(kommune, form, version, statuses, since, until), bundle

    async def _page(self, who: Principal, where: Filter | None, after: tuple[Any, ...] | None, limit: int,
                    detail: str) -> Response:
        rows = await self._read(where, after, limit + 1)
        more, rows = len(rows) > limit, rows[:limit]
        await self._log_rows(who, "list", rows, detail)
        cursor = encode_cursor(rows[-1].received_at, rows[-1].reference) if rows else None
        tail = json.dumps({"next_cursor": cursor, "has_more": more})
        body = b'{"submissions": [' + b", ".join(submission_json(row) for row in rows) + b"], " + tail[1:].encode()
        return Response(body, media_type="application/json", headers=NO_STORE)

    async def _pages(self, who: Principal, where: Filter | None, after: tuple[Any, ...] | None, limit: int | None,
                     detail: str) -> AsyncIterator[list[Submission]]:
        """The listing in chunks, each written to the access log before it is handed on."""
        first = True
        while True:
            size = CHUNK if limit is None else min(CHUNK, limit)
            rows = await self._read(where, after, size)
            if rows or first:
                await self._log_rows(who, "export", rows, detail)
            first = False
            yield rows
            if len(rows) < size or (limit is not None and limit == len(rows)):
                return
            limit = None if limit is None else limit - len(rows)
            after = (rows[-1].received_at, rows[-1].reference)

    async def _read(self, where: Filter | None, after: tuple[Any, ...] | None, limit: int) -> list[Submission]:
        if where is None:
            return []
        position = (str(after[0]), str(after[1])) if after else None
        return await run_in_threadpool(self.store.page, where, position, limit)

    async def _log_rows(self, who: Principal, action: str, rows: list[Submission], detail: str) -> None:
        entries = [who.access(action, row, detail) for row in rows] or [who.access(action, None, detail)]
        await self.record(entries, f"count={len(rows)} {detail}")

    def _csv(self, bundle: Bundle, first: list[Submission], pages: AsyncIterator[list[Submission]]) -> Response:
        writer = CsvWriter(bundle.schema)

        async def body() -> AsyncIterator[bytes]:
            yield writer.header() + writer.rows(first)
            async for rows in pages:
                yield writer.rows(rows)

        name = f"{bundle.kommune}-{bundle.form}-{bundle.version}.csv"
        return StreamingResponse(body(), media_type=_FORMATS["csv"], headers={**NO_STORE, "content-disposition": attachment(name)})

    # --- one submission --------------------------------------------------------------------

    async def visible(self, request: Request) -> tuple[Principal, Submission]:
        """The token and the submission of the URL; 404 when there is none *or* the token may not see it."""
        who = await self.principal(request)
        reference = request.path_params["reference"]
        row = await run_in_threadpool(self.store.submission, reference) if storable(reference) else None
        if row is None or not who.sees(row):
            raise Problem(404, "unknown-submission", "There is no submission with this reference.")
        return who, row

    async def read(self, request: Request) -> Response:
        who, row = await self.visible(request)
        files = await run_in_threadpool(self.store.files_of, row.reference, False)
        await self.record([who.access("read", row)], f"reference={row.reference}")
        return Response(submission_json(row, files), media_type="application/json", headers=NO_STORE)

    async def files(self, request: Request) -> Response:
        who, row = await self.visible(request)
        files = await run_in_threadpool(self.store.files_of, row.reference, False)
        await self.record([who.access("files", row)], f"reference={row.reference}")
        body = {"reference": row.reference, "files": [file_json(upload) for upload in files]}
        return Response(json.dumps(body, ensure_ascii=False).encode("utf-8"), media_type="application/json",
                        headers=NO_STORE)

    async def download(self, request: Request) -> Response:
        who, row = await self.visible(request)
        wanted = request.path_params["attachment_id"]
        listed = await run_in_threadpool(self.store.files_of, row.reference, False) if storable(wanted) else []
        entry = next((upload for upload in listed if upload.attachment_id == wanted), None)
        upload = await run_in_threadpool(self.store.upload, entry.sha256) if entry else None
        if entry is None or upload is None:
            raise Problem(404, "unknown-file", "This submission has no file with this attachment id.")
        await self.record([who.access("download", row, wanted)], f"reference={row.reference} file={wanted}")
        digest = base64.b64encode(bytes.fromhex(upload.sha256)).decode("ascii")
        return Response(upload.content, media_type=upload.type, headers={
            **NO_STORE, "content-disposition": attachment(entry.name), "repr-digest": f"sha-256=:{digest}:",
        })

    async def status(self, request: Request) -> Response:
        who, row = await self.visible(request)
        target = _target(request, await request.body())
        changed = False
        if row.status != target:
            if row.status != TARGETS[target]:
                raise _conflict(row, target)
            access = who.access("status", row, f"{row.status}->{target}")
            changed = await run_in_threadpool(self.store.mark, row.reference, target, row.status, access)
            if changed:
                log.info("access token=%s action=status reference=%s %s->%s", who.id, row.reference, row.status, target)
            row = await run_in_threadpool(self.store.submission, row.reference) or row
            if not changed and row.status != target:
                raise _conflict(row, target)
        body = {"reference": row.reference, "status": row.status, "retrieved_at": row.retrieved_at, "changed": changed}
        return Response(json.dumps(body).encode(), media_type="application/json", headers=NO_STORE)

    async def bescheid(self, request: Request) -> Response:
        """The provisional fee notice of a stored income declaration (:mod:`kitaforms.serve.notices`)."""
        from kitaforms.serve.notices import PARAMETERS

        who, row = await self.visible(request)
        query = Query(request, PARAMETERS)
        response = await run_in_threadpool(self.server.notices.respond, row, query)
        await self.record([who.access("bescheid", row, query.get("format") or "json")], f"reference={row.reference}")
        return response

    async def delete(self, request: Request) -> Response:
        who, row = await self.visible(request)
        if row.status == RECEIVED:
            raise Problem(409, "not-retrieved", "A submission is deleted only after it was retrieved: set its status "
                          "to retrieved first (POST …/status).")
        deleted = await run_in_threadpool(self.store.delete, row.reference, who.access("delete", row))
        if not deleted:
            raise Problem(404, "unknown-submission", "There is no submission with this reference.")
        log.info("access token=%s action=delete reference=%s", who.id, row.reference)
        return Response(status_code=204, headers=NO_STORE)

    # --- the access log --------------------------------------------------------------------

    async def access_log(self, request: Request) -> Response:
        who = await self.principal(request)
        if not who.operator:
            raise Problem(404, "not-found", "Not found.")
        query = Query(request, _LOG_PARAMETERS)
        limit = query.limit(DEFAULT_LIMIT) or DEFAULT_LIMIT
        after = decode_cursor(query.get("cursor"), (int,))
        since, until = query.instant("since"), query.instant("until")
        entries = await run_in_threadpool(self.store.access_log, query.get("token"), query.get("reference"), since,
                                          until, int(after[0]) if after else None, limit + 1)
        more, entries = len(entries) > limit, entries[:limit]
        log.info("access token=%s action=access-log count=%d", who.id, len(entries))
        body = {"entries": [entry.as_json() for entry in entries], "has_more": more,
                "next_cursor": encode_cursor(entries[-1].id) if entries else None}
        return Response(json.dumps(body, ensure_ascii=False).encode("utf-8"), media_type="application/json",
                        headers=NO_STORE)


def _target(request: Request, body: bytes) -> str:
    if request.headers.get("content-type", "").split(";", 1)[0].strip().lower() != "application/json":
        raise Problem(415, "unsupported-media-type", 'Send application/json: {"status": "retrieved"}.')
    try:
        sent = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Problem(400, "malformed-json", 'The body is not JSON: send {"status": "retrieved"}.') from None
    target = sent.get("status") if isinstance(sent, dict) else None
    if target not in TARGETS or set(sent) != {"status"}:
        raise Problem(400, "bad-status", 'Send {"status": "retrieved"}, "accepted" or "rejected" (nothing else).')
    return str(target)


def _conflict(row: Submission, target: str) -> Problem:
    return Problem(409, "status-conflict", f"The submission is {row.status}: it cannot become {target} "
                   "(received → retrieved → accepted or rejected).")


async def _jsonl(first: list[Submission], pages: AsyncIterator[list[Submission]]) -> AsyncIterator[bytes]:
    yield _lines(first)
    async for rows in pages:
        yield _lines(rows)


def _lines(rows: list[Submission]) -> bytes:
    """One submission per line, each with the cursor that continues after it."""
    return b"".join(submission_json(row, cursor=encode_cursor(row.received_at, row.reference)) + b"\n" for row in rows)
