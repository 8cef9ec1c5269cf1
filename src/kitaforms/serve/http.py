"""HTTP plumbing: problem responses (RFC 9457), security headers and the request size limit.

Every error the server gives is ``application/problem+json``: ``type`` (a ``urn:kitaforms:problem:…``
name, listed in ``docs/form-server.md``), ``title``, ``status``, ``detail`` and, for failed
checks, ``errors: [{"path", "code", "message": {"de", "en"}}]``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kitaforms.runtime import FieldError

PROBLEM_JSON = "application/problem+json"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]
TITLES = {
    400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
    413: "Content Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content", 500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem(status: int, slug: str, detail: str, *, title: str | None = None, errors: Iterable[FieldError] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    body: dict[str, Any] = {
        "type": f"urn:kitaforms:problem:{slug}",
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = [error_json(error) for error in errors]
    content = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return Response(content, status_code=status, media_type=PROBLEM_JSON, headers={"cache-control": "no-store", **(headers or {})})


def error_json(error: FieldError) -> dict[str, Any]:
    return {"path": error.path, "code": error.code, "message": dict(error.message)}


class TooLarge(Exception):
    """The request body is larger than the limit for its content type."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")
        self.limit = limit


class SecurityHeaders:
    """Adds the security headers to every response (also to errors raised before routing)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses bodies over the limit: by ``Content-Length`` at once, else while they stream in.

    ``limit_for(content_type)`` gives the limit; a body that passes it raises :class:`TooLarge`
    inside the endpoint's read, which the app turns into a 413 problem.
    """

    def __init__(self, app: ASGIApp, json_limit: int, form_limit: int) -> None:
        self.app = app
        self.json_limit = json_limit
        self.form_limit = form_limit

    def limit_for(self, content_type: str) -> int:
        return self.form_limit if content_type.startswith("multipart/") else self.json_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = self.limit_for(headers.get("content-type", "").lower())
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            response = problem(413, "too-large", f"The request body must not be larger than {limit} bytes.")
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(limit)
            return message

        await self.app(scope, limited, send)


def attachment(filename: str) -> str:
    """``Content-Disposition`` for a download named ``filename``, whatever its script (RFC 6266).

    Headers are Latin-1: the name goes as UTF-8 in ``filename*`` (RFC 8187), with an ASCII stand-in in
    ``filename`` for old clients. Quotes, backslashes and control characters never reach the header.
    """
    name = unicodedata.normalize("NFC", filename)
    return f"attachment; filename=\"{_ascii(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def _ascii(name: str) -> str:
    """``Müller €.pdf`` → ``Muller _.pdf``: accents dropped, anything else not plain ASCII as ``_``."""
    kept = (ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\' else "_"
            for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return "".join(kept) or "download"
