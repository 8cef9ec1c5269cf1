"""A tiny loopback server for the browser tests and the benchmark (not the real form server).

It serves ``render_kommune_pages`` at ``/<kommune>/`` and each ``render_assistant`` bundle at
``/<kommune>/<form>/``, answers posts to ``…/submit`` like ``kitaforms serve`` will (plain post →
``form_post_to_data`` → ``check_submission`` → error page or receipt; JSON, or multipart with the
answers as JSON in ``_submission`` and the chosen files, → receipt or ``application/problem+json``)
and sends the Content-Security-Policy the real server sends. Files are recorded as they arrived,
not checked: ``tests/browser/test_uploads.py`` sends them to the real server.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from datetime import date
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kitaforms.compiler import CompileResult, compile_project
from kitaforms.render import (
    form_post_to_data,
    render_assistant,
    render_kommune_pages,
    render_page_with_errors,
    render_receipt,
    repeat_edit,
)
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import check_submission

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json"}
ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "render" / "fixtures" / "demo"


@dataclass
class Upload:
    filename: str
    content_type: str
    content: bytes


@dataclass
class Site:
    """Every file by URL path, the forms by ``<kommune>/<form>``, and what was submitted."""

    files: dict[str, bytes] = field(default_factory=dict)
    forms: dict[str, ResolvedForm] = field(default_factory=dict)
    submissions: list[dict[str, Any]] = field(default_factory=list)
    today: date | None = None

    def add_project(self, result: CompileResult, kommunen: list[str] | None = None, satzungen: dict[str, Any] | None = None) -> None:
        for key, resolved in result.forms.items():
            kommune = key.split("/")[0]
            if resolved.kommune is None or (kommunen and kommune not in kommunen):
                continue
            self.forms[key] = resolved
            satzung = (satzungen or {}).get(kommune)
            for rel, data in render_assistant(resolved, satzung=satzung).items():
                self.files[f"/{key}/{rel}"] = data
        for kommune_id, sources in result.project.kommunen.items():
            if sources.kommune is None or (kommunen and kommune_id not in kommunen):
                continue
            for rel, data in render_kommune_pages(sources.kommune.model, result.forms_of(kommune_id)).items():
                self.files[f"/{kommune_id}/{rel}"] = data


def build_site(root: Path = DEMO, kommunen: list[str] | None = None) -> Site:
    site = Site()
    site.add_project(compile_project(root), kommunen)
    return site


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        return

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        path = urllib.parse.urlsplit(self.path).path
        if path.endswith("/"):
            path += "index.html"
        body = self.site.files.get(path)
        if body is None:
            self._send(404, b"not found", "text/plain")
            return
        self._send(200, body, TYPES.get(Path(path).suffix, "application/octet-stream"))

    def do_POST(self) -> None:  # noqa: N802
        path = urllib.parse.urlsplit(self.path).path
        key = path.strip("/").rpartition("/submit")[0]
        resolved = self.site.forms.get(key)
        if resolved is None or not path.endswith("/submit"):
            self._send(404, b"not found", "text/plain")
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        kind = self.headers.get("Content-Type", "")
        if kind.startswith("application/json"):
            self._json_post(resolved, json.loads(body or b"{}"))
            return
        fields = _parse_form(kind, body)
        if fields and fields[0][0] == "_submission":  # the assistant with JavaScript, sending files
            self._json_post(resolved, json.loads(fields[0][1]), [(name, value) for name, value in fields[1:]])
        else:
            self._form_post(resolved, fields)

    def _json_post(self, resolved: ResolvedForm, data: dict[str, Any], files: list[tuple[str, Any]] | None = None) -> None:
        lang = (self.headers.get("Accept-Language") or "de")[:2]
        result = check_submission(resolved, data, self.site.today)
        if result.ok:
            via = "multipart" if files else "json"
            self.site.submissions.append({"form": resolved.key, "data": data, "via": via, "files": files or []})
            reference = f"KF-{len(self.site.submissions):04d}"
            self._send(200, render_receipt(resolved, lang, reference, data, self.site.today), TYPES[".html"])
            return
        problem = {
            "type": "about:blank", "title": "Die Angaben sind unvollständig.", "status": 422,
            "errors": [{"path": e.path, "code": e.code, "message": e.message} for e in result.errors],
        }
        self._send(422, json.dumps(problem).encode(), "application/problem+json")

    def _form_post(self, resolved: ResolvedForm, fields: list[tuple[str, Any]]) -> None:
        lang = next((v for k, v in fields if k == "_lang"), "de")
        data = form_post_to_data(resolved, fields, self.site.today)
        if repeat_edit(resolved, fields) is not None:  # as kitaforms serve: the page again, one entry more or less
            self._send(200, render_page_with_errors(resolved, lang, data, []), TYPES[".html"])
            return
        result = check_submission(resolved, data, self.site.today)
        if result.ok:
            self.site.submissions.append({"form": resolved.key, "data": data, "via": "post"})
            reference = f"KF-{len(self.site.submissions):04d}"
            self._send(200, render_receipt(resolved, lang, reference, data, self.site.today), TYPES[".html"])
        else:
            self._send(422, render_page_with_errors(resolved, lang, data, result.errors + result.warnings), TYPES[".html"])


def _parse_form(kind: str, body: bytes) -> list[tuple[str, Any]]:
    if kind.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + kind.encode() + b"\r\n\r\n" + body)
        fields: list[tuple[str, Any]] = []
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if filename is not None:
                fields.append((name, Upload(filename, part.get_content_type(), payload) if filename else ""))
            else:
                fields.append((name, payload.decode(part.get_content_charset() or "utf-8")))
        return fields
    return urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True)


class Server:
    """``with Server(site) as base:`` serves ``site`` at ``base`` (``http://127.0.0.1:<port>``)."""

    def __init__(self, site: Site) -> None:
        handler = type("Handler", (_Handler,), {"site": site})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> str:
        self.thread.start()
        return self.base

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
