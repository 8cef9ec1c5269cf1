"""Receipts that open again, and the application PDF.

URLs (registered by :func:`kitaforms.serve.app.create_app`)::

    GET /receipts/<secret>                    the receipt again (HTML; ?lang=de|en, else the submission's language)
    GET /receipts/<secret>/receipt.json       the same as JSON (the shape of the 201 receipt, the current status)
    GET /receipts/<secret>/application.pdf    the application as PDF/UA (?lang=…, else the submission's language)
    GET /receipts/assets/<name>               the theme's CSS, for the page of a link that opens nothing

Every receipt carries a link with a secret: 256 random bits (kernel randomness, ``store.entropy``), nothing
else; the store keeps only its sha256 (:mod:`kitaforms.store.documents`), written in the submission's
own transaction. A replayed submission (``Idempotency-Key``) gets a further link, since the first
secret is not kept. The pages answer ``no-store``, ``Referrer-Policy: no-referrer`` and ``noindex``.
A secret that opens nothing (never issued, or its submission deleted by the back office: its links go
with it) gets the same 404 page, so the answer tells nothing about what once was there.

The application PDF (:mod:`kitaforms.documents.application`) is made off the request path: after each
commit the reference goes to :class:`DocumentMaker`, which prints it in a worker process of low
priority (the German copy for the case file, and one in the parent's language), and keeps it in the
store. Whoever asks before that (the parent, the back office) gets it made on the spot and kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import multiprocessing
import os
import random
import re
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kitaforms.documents import PDF_MEDIA_TYPE
from kitaforms.documents.application import Application, StoredFile, answers, application_pdf
from kitaforms.serve import pages
from kitaforms.serve.catalogue import Bundle
from kitaforms.serve.http import attachment, problem
from kitaforms.store import StoreUnavailable, Submission, Upload, now
from kitaforms.store.documents import APPLICATION_PDF, Document
from kitaforms.store.entropy import token_urlsafe

if TYPE_CHECKING:
    from kitaforms.serve.app import Server

log = logging.getLogger("kitaforms.serve")

PREFIX = "/receipts"
SECRET_BYTES = 32  # 256 bits
CASE_FILE_LANG = "de"  # the case file's copy is German (Amtssprache, § 23 VwVfG NRW)
SWEEP = 10_000  # submissions without a PDF taken up when the server starts
WORKER_NICENESS = 10  # the PDF worker yields the CPU to the requests
MAX_PENDING = 10_000  # references waiting for their PDFs; beyond, the next start's sweep or a download makes them
_SECRET = re.compile(r"^[A-Za-z0-9_-]{43}$")
_SECRET_IN_PATH = re.compile(r"(/receipts/)[A-Za-z0-9_-]{43}")
_HTML = "text/html; charset=utf-8"
_PRIVATE = {"cache-control": "no-store", "referrer-policy": "no-referrer", "x-robots-tag": "noindex, nofollow"}


def new_secret() -> str:
    return token_urlsafe(SECRET_BYTES)


def secret_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def received_day(submission: Submission) -> date:
    """The day (Europe/Berlin) the submission arrived: what its answers are shown as of."""
    from kitaforms.render._receipt import ZONE

    moment = datetime.fromisoformat(submission.received_at.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(ZONE).date()


@dataclass(frozen=True)
class Links:
    page: str  # path of the receipt page (the server's root path included)
    shown: str  # the same as a full address, to note down

    @property
    def json(self) -> str:
        return f"{self.page}/receipt.json"

    def pdf(self, lang: str | None = None) -> str:
        return f"{self.page}/application.pdf" + (f"?lang={lang}" if lang else "")

    def as_json(self) -> dict[str, str]:
        return {"receipt": self.page, "receipt_json": self.json, "application_pdf": self.pdf()}


def links(request: Request, secret: str) -> Links:
    root = request.scope.get("root_path", "").rstrip("/")
    return Links(f"{root}{PREFIX}/{secret}", f"{str(request.base_url).rstrip('/')}{PREFIX}/{secret}")


def _render() -> Any:
    try:
        from kitaforms import render
    except ImportError:
        return None
    return render if hasattr(render, "render_application") else None


class _HideSecrets(logging.Filter):
    """The access log names a receipt link without its secret (``/receipts/…``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_SECRET_IN_PATH.sub(r"\1…", arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


def hide_secrets_in_access_log() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(existing, _HideSecrets) for existing in access.filters):
        access.addFilter(_HideSecrets())


# --- the PDFs ----------------------------------------------------------------------------------

_POOL: ProcessPoolExecutor | None = None


def _worker_pool() -> ProcessPoolExecutor:
    """One worker process per server process, started at the first PDF (``spawn``: no forked threads)."""
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_start_worker, initargs=(os.getpid(),))
    return _POOL


def _start_worker(server_pid: int) -> None:
    """In the worker: yield the CPU to the requests, and end with the server, however it ends (a
    ``kill -9`` leaves the worker's queue open, so it would wait for work forever)."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)
    threading.Thread(target=_end_with, args=(server_pid,), name="kitaforms-pdf-orphan-watch", daemon=True).start()


def _end_with(server_pid: int) -> None:
    while os.getppid() == server_pid:
        time.sleep(1)
    os._exit(0)


def _reset_pool() -> None:
    global _POOL
    if _POOL is not None:
        _POOL.shutdown(wait=False, cancel_futures=True)
    _POOL = None


class DocumentMaker:
    """Makes and keeps the application PDFs: in the background after each commit, else when asked."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._queue: asyncio.Queue[str] | None = None

    def submitted(self, reference: str) -> None:
        """A new submission is committed: make its PDFs when the worker gets to it."""
        if self._queue is not None:
            with contextlib.suppress(asyncio.QueueFull):  # under sustained load: made later, never lost
                self._queue.put_nowait(reference)

    async def run(self, server: Server) -> None:
        """The background job (while the app serves): first the submissions the last run left without
        a PDF, then each new one."""
        self._queue = asyncio.Queue(maxsize=MAX_PENDING)
        try:
            backlog = await run_in_threadpool(server.store.without_document, APPLICATION_PDF, CASE_FILE_LANG, SWEEP)
        except StoreUnavailable as exc:
            log.warning("cannot look for submissions without a PDF: %s", exc)
            backlog = []
        random.shuffle(backlog)  # instances and --workers starting together each take up another part first
        for reference in backlog[:MAX_PENDING]:
            self._queue.put_nowait(reference)
        while True:
            reference = await self._queue.get()
            try:
                await self._make_all(reference)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - one PDF that fails must not stop the others
                log.exception("the application PDF of %s could not be made", reference)

    async def _make_all(self, reference: str) -> None:
        submission = await run_in_threadpool(self.server.store.submission, reference)
        if submission is None:
            return
        for lang in dict.fromkeys((CASE_FILE_LANG, submission.lang)):
            await self.application_pdf(reference, lang, submission=submission, background=True)

    async def application_pdf(self, reference: str, lang: str = CASE_FILE_LANG, *, submission: Submission | None = None,
                              background: bool = False) -> Document | None:
        """The application PDF of ``reference`` in ``lang``: the kept one, or made now and kept. None when
        the submission is gone or its form version is not served (nothing to make it from)."""
        store = self.server.store
        kept = await run_in_threadpool(store.document, reference, APPLICATION_PDF, lang)
        if kept is not None:
            return kept
        submission = submission or await run_in_threadpool(store.submission, reference)
        bundle = self.server.catalogue.bundle(submission.kommune, submission.form, submission.version) if submission else None
        if submission is None or bundle is None or "form.json" not in bundle.files:
            return None
        if lang not in _languages(bundle):
            lang = CASE_FILE_LANG
        files = await run_in_threadpool(store.files_of, reference, False)
        job = _job(bundle, submission, lang, files)
        content = await (self._in_worker(job) if background else run_in_threadpool(_print_here, job, bundle.resolved))
        made = Document.of(reference, APPLICATION_PDF, lang, PDF_MEDIA_TYPE, content, now())
        await run_in_threadpool(store.put_document, made)
        return await run_in_threadpool(store.document, reference, APPLICATION_PDF, lang) or made

    @staticmethod
    async def _in_worker(job: Application) -> bytes:
        try:
            return await asyncio.wrap_future(_worker_pool().submit(application_pdf, job))
        except BrokenProcessPool:
            _reset_pool()  # the worker died (out of memory, killed): a new one for the next PDF
            raise


_HERE = threading.Lock()  # one PDF at a time in the server process (WeasyPrint shares pango's font state)


def _print_here(job: Application, resolved: Any) -> bytes:
    with _HERE:
        return application_pdf(job, resolved)


def _job(bundle: Bundle, submission: Submission, lang: str, files: list[Upload]) -> Application:
    stored = tuple(StoredFile(f.name, f.type, f.size, f.sha256, f.field) for f in files)
    return Application(bundle.files["form.json"], lang, submission.reference, submission.received_at,
                       submission.version, submission.data, stored, received_day(submission))


def _languages(bundle: Bundle) -> list[str]:
    render = _render()
    if render is None:
        return [CASE_FILE_LANG]
    from kitaforms.render._pages import languages

    return languages(bundle.resolved)


# --- the pages ---------------------------------------------------------------------------------


class Receipts:
    """The receipt after a submission, the receipt pages behind their secret links, and the PDFs."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.documents = DocumentMaker(server)
        hide_secrets_in_access_log()

    def routes(self) -> list[Route]:
        return [
            Route(f"{PREFIX}/assets/{{name}}", self.asset, methods=["GET", "HEAD"]),
            Route(f"{PREFIX}/{{secret}}/receipt.json", self.receipt_json, methods=["GET", "HEAD"]),
            Route(f"{PREFIX}/{{secret}}/application.pdf", self.pdf, methods=["GET", "HEAD"]),
            Route(f"{PREFIX}/{{secret}}", self.page, methods=["GET", "HEAD"]),
        ]

    # --- right after a submission ------------------------------------------------------------

    async def respond(self, request: Request, bundle: Bundle, reference: str, receipt: dict[str, Any], lang: str,
                      html: bool, *, replayed: bool = False, secret: str | None = None) -> Response:
        """The 201 receipt with its secret link (``secret`` stored with a new submission; a replayed one
        gets a further link) and, for a new submission, its PDF ordered."""
        headers = dict(_PRIVATE)
        if replayed:
            headers["idempotent-replayed"] = "true"
        if secret is None:
            secret = await self._further_link(reference)
        else:
            self.documents.submitted(reference)
        found = links(request, secret) if secret else None
        render = _render()
        if html and render is not None:
            submission = await run_in_threadpool(self.server.store.submission, reference)
            if submission is not None:
                page = await self._page(render, bundle, submission, lang, found, root="", alternates=None)
                return Response(pages.with_dev_banner(page, self.server.dev), status_code=201, media_type=_HTML,
                                headers=headers)
        body = {**receipt, "links": found.as_json()} if found else receipt
        return JSONResponse(body, status_code=201, headers=headers)

    async def _further_link(self, reference: str) -> str | None:
        secret = new_secret()
        try:
            kept = await self.server.store.add_receipt_link(reference, secret_sha256(secret))
        except StoreUnavailable as exc:
            log.warning("no receipt link for the replayed %s: %s", reference, exc)
            return None
        return secret if kept else None

    async def _page(self, render: Any, bundle: Bundle, submission: Submission, lang: str, found: Links | None, *,
                    root: str, alternates: list[Any] | None) -> bytes:
        files = await run_in_threadpool(self.server.store.files_of, submission.reference, False)
        details = render.ReceiptDetails(
            submission.received_at, submission.version, files, link=found.page if found else "",
            link_text=found.shown if found else "", pdf=found.pdf(lang) if found else "", root=root,
            alternates=alternates,
        )
        return bytes(render.render_receipt(bundle.resolved, lang, submission.reference, answers(submission.data),
                                           received_day(submission), details))

    # --- behind a secret link ----------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        opened = await self._open(request)
        render = _render()
        if opened is None or render is None:
            return self._gone(request)
        submission, bundle = opened
        lang = _wanted(request, _languages(bundle), submission.lang)
        found = links(request, request.path_params["secret"])
        alternates = [render.Alternate(other, f"{found.page}?lang={other}") for other in _languages(bundle) if other != lang]
        root = f"{request.scope.get('root_path', '').rstrip('/')}/{bundle.kommune}/{bundle.form}/"
        page = await self._page(render, bundle, submission, lang, found, root=root, alternates=alternates)
        return Response(pages.with_dev_banner(page, self.server.dev), media_type=_HTML, headers=_PRIVATE)

    async def receipt_json(self, request: Request) -> Response:
        opened = await self._open(request)
        if opened is None:
            return _unknown()
        submission, bundle = opened
        files = await run_in_threadpool(self.server.store.files_of, submission.reference, False)
        body = {
            "reference": submission.reference, "status": submission.status, "kommune": submission.kommune,
            "form": submission.form, "version": submission.version, "received_at": submission.received_at,
            "lang": submission.lang, "schema": bundle.schema.get("$id", "") if bundle.version == submission.version else "",
            "files": [{"attachment_id": f.attachment_id, "field": f.field, "name": f.name, "type": f.type, "size": f.size,
                       "sha256": f.sha256} for f in files],
            "links": links(request, request.path_params["secret"]).as_json(),
        }
        return JSONResponse(body, headers=_PRIVATE)

    async def pdf(self, request: Request) -> Response:
        opened = await self._open(request)
        if opened is None:
            return self._gone(request) if _wants_html(request) else _unknown()
        submission, bundle = opened
        lang = _wanted(request, _languages(bundle), submission.lang)
        document = await self.documents.application_pdf(submission.reference, lang, submission=submission)
        if document is None:
            return problem(404, "unknown-document", "The application PDF cannot be made: this server no longer serves "
                           f"version {submission.version} of the form.", headers=_PRIVATE)
        headers = {**_PRIVATE, "content-disposition": attachment(f"{submission.form}-{submission.reference}.pdf")}
        return Response(document.content, media_type=PDF_MEDIA_TYPE, headers=headers)

    async def asset(self, request: Request) -> Response:
        render = _render()
        content = render.theme_assets().get(f"assets/{request.path_params['name']}") if render else None
        if content is None:
            return problem(404, "not-found", "There is no such file.")
        return Response(content, media_type="text/css; charset=utf-8", headers={"cache-control": "no-cache"})

    async def _open(self, request: Request) -> tuple[Submission, Bundle] | None:
        """The submission behind the request's secret, with the bundle to show it by (its own version,
        else the newest of its form); None when the secret opens nothing."""
        secret = request.path_params["secret"]
        if not _SECRET.match(secret):
            return None
        store = self.server.store
        reference = await run_in_threadpool(store.receipt_reference, secret_sha256(secret))
        submission = await run_in_threadpool(store.submission, reference) if reference else None
        if submission is None:
            return None
        catalogue = self.server.catalogue
        bundle = (catalogue.bundle(submission.kommune, submission.form, submission.version)
                  or catalogue.bundle(submission.kommune, submission.form))
        return (submission, bundle) if bundle is not None else None

    def _gone(self, request: Request) -> Response:
        render = _render()
        if render is None:
            return _unknown()
        lang = _wanted(request, ["de", "en"], _accepted(request))
        path = request.url.path
        alternates = [(other, f"{path}?lang={other}") for other in ("de", "en") if other != lang]
        root = f"{request.scope.get('root_path', '').rstrip('/')}{PREFIX}/"
        page = render.render_receipt_gone(lang, root, alternates)
        return Response(pages.with_dev_banner(page, self.server.dev), status_code=404, media_type=_HTML, headers=_PRIVATE)


def _unknown() -> Response:
    return problem(404, "unknown-receipt", "This link opens no receipt: it is incomplete, or the submission was "
                   "deleted.", headers=_PRIVATE)


def _wanted(request: Request, offered: list[str], default: str) -> str:
    asked = request.query_params.get("lang", "")
    if asked in offered:
        return asked
    return default if default in offered else offered[0]


def _accepted(request: Request) -> str:
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";", 1)[0].strip().lower().split("-", 1)[0]
        if tag in ("de", "en"):
            return tag
    return "de"


def _wants_html(request: Request) -> bool:
    from kitaforms.serve.app import _prefers_html

    return _prefers_html(request)


# --- OpenAPI -----------------------------------------------------------------------------------


def receipt_paths(errors: Any) -> dict[str, Any]:
    """The receipt links in the OpenAPI document; ``errors(*codes)`` gives the problem responses."""
    secret = [{"name": "secret", "in": "path", "required": True,
               "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$"},
               "description": "The secret of the receipt link (256 random bits); it names nothing else"}]
    lang = [{"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": ["de", "en"]},
             "description": "Language; default: the submission's"}]
    page = {"description": "The receipt", "content": {"text/html": {"schema": {"type": "string"}}}}
    gone = {"description": "The link opens nothing: never issued, or the submission was deleted",
            "content": {"text/html": {"schema": {"type": "string"}}, "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    pdf = {"description": "The application as PDF/UA-1", "content": {"application/pdf": {"schema": {"type": "string", "contentMediaType": "application/pdf"}}}}
    return {
        f"{PREFIX}/{{secret}}": {"get": {"operationId": "receipt_page", "summary": "The receipt again (secret link)",
                                         "parameters": secret + lang, "responses": {"200": page, "404": gone}}},
        f"{PREFIX}/{{secret}}/receipt.json": {"get": {
            "operationId": "receipt_json", "summary": "The receipt again as JSON, with the submission's current status",
            "parameters": secret, "responses": {"200": {"description": "The receipt", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}}}, **errors(404)}}},
        f"{PREFIX}/{{secret}}/application.pdf": {"get": {
            "operationId": "receipt_application_pdf", "summary": "The application as PDF/UA (made once, then kept)",
            "parameters": secret + lang, "responses": {"200": pdf, "404": gone}}},
    }


def links_schema() -> dict[str, Any]:
    return {"type": "object", "description": "Where the receipt opens again (the secret link) and the application PDF",
            "properties": {"receipt": {"type": "string"}, "receipt_json": {"type": "string"},
                           "application_pdf": {"type": "string"}}}
