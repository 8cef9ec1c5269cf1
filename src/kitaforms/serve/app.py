"""The ASGI application of the reference form server (Starlette).

URLs::

    GET  /[?wo=…]                             the Zuständigkeitsfinder and every Jugendamt (HTML; /en/ English)
    GET  /assets/kitaforms.css, theme.css     the style sheets of that page
    GET  /<kommune>/                          the Kommune's start page (+ barrierefreiheit.html, en/, assets/)
    GET  /<kommune>/einrichtungen/[?…]        its facility search (the places that fit a child; ?lang=en)
    GET  /<kommune>/<form>/                   the newest version's assistant (+ en/, assets/ …)
    GET  /<kommune>/<form>/<version>/         a given version's assistant
    GET  /<kommune>/<form>[/<version>]/schema.json, manifest.json
    POST /<kommune>/<form>[/<version>]/submit JSON; multipart: answers (JSON part) + files; or a plain form post
    GET  /api/openapi.json                    OpenAPI 3.1 document
    GET  /api/health                          liveness, loaded bundles, import problems
    GET|POST|DELETE /api/v1/…                 the back-office API (kitaforms.serve.admin; Bearer token)
    GET  /api/admin/…                         its deprecated predecessor (kitaforms.serve.legacy; operator token)
    GET  /receipts/<secret>[/receipt.json|/application.pdf]   the receipt again, the application PDF (kitaforms.serve.receipts)
    GET|POST /offers/<secret>[/contract.pdf|/consent]        an offer, its answer and care contract (kitaforms.serve.offers)

A submission is read (JSON with ``parse_float=Decimal``; numbers limited to 15 significant digits),
checked with the form's JSON Schema *and* its rules (:class:`kitaforms.export.validation.
SubmissionValidator`), stored (:mod:`kitaforms.store`: committed to disk before anything is
answered) and acknowledged with a reference number: ``201`` with JSON ``{"reference", …}``, or the
HTML receipt of the renderer for a plain form post (and for JSON posts that prefer ``text/html``).
A failed check answers ``422``: ``application/problem+json`` with ``errors`` for JSON, the page
with an error summary for a form post. Every other error is a 4xx problem (never a 5xx for bad
input). An ``Idempotency-Key`` header makes a retry return the first answer instead of storing the
submission twice.

Files travel with their submission in one ``multipart/form-data`` request (:mod:`kitaforms.serve.
uploads`): the answers as JSON in a first part ``_submission`` and one part per file (the assistant
with JavaScript, API clients), or the form's own fields (without JavaScript). They are streamed to
temporary files within their field's limit, typed by their bytes, and every file answer must refer
to a file of the same request (:mod:`kitaforms.serve.attachments`); the receipt lists the files as
the server stored them. A JSON body cannot carry files, so a JSON submission with file answers is
refused (``422 file-not-sent``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache, partial
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from kitaforms.allocate.model import OFFER_FORM
from kitaforms.export._json import plain, plain_scalar
from kitaforms.runtime import FieldError
from kitaforms.runtime.text import nfc
from kitaforms.serve import pages
from kitaforms.serve.admin import BackOffice
from kitaforms.serve.attachments import Attachment, Binding, bind, file_rule, form_labels
from kitaforms.serve.catalogue import Bundle, Catalogue
from kitaforms.serve.devpages import DevRoutes, unbuilt_page
from kitaforms.serve.devstate import DevState
from kitaforms.serve.http import PROBLEM_JSON, BodyLimit, SecurityHeaders, TooLarge, problem
from kitaforms.serve.legacy import Legacy
from kitaforms.serve.notices import Notices
from kitaforms.serve.offers import Offers
from kitaforms.serve.openapi import openapi_document
from kitaforms.serve.receipts import Receipts, new_secret, secret_sha256
from kitaforms.serve.retention import PURGE_EVERY, purge_job
from kitaforms.serve.uploads import FIELD_LIMIT, MAX_FIELDS, Malformed, Received, Refused, read_multipart
from kitaforms.store import (
    IdempotencyConflict,
    Idempotent,
    Store,
    StoreUnavailable,
    Submission,
    Upload,
    new_reference,
    now,
    open_store,
)

log = logging.getLogger("kitaforms.serve")

FACILITY_SEARCH = "einrichtungen"  # /<kommune>/einrichtungen/: the facility search page
MAX_DIGITS = 15
BUNDLE_DATA = ("schema.json", "manifest.json", "form.json", "xdf3.xml", "xdf3-dokumentsteckbrief.xml", "xdf3-mapping.json")
MAX_NESTING = 32  # forms nest groups and repeats a few levels deep; deeper JSON is not a submission
RETRY_AFTER = "30"  # seconds, when the store cannot write
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
_URLENCODED = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"


@dataclass
class Settings:
    db: str | Path  # a SQLite file or a database URL (kitaforms.store.url)
    admin_token: str
    json_limit: int = 1 << 20
    form_limit: int = 64 << 20
    today: Callable[[], date] = date.today
    purge_every: float | None = PURGE_EVERY  # seconds between retention purges (kitaforms.serve.retention); None: never
    project: Path | None = None  # the project folder fee notices are made from (Satzungen, kommune.yaml); None: none
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # now: offers' deadlines, answers, consents


class BadRequest(Exception):
    def __init__(self, slug: str, detail: str) -> None:
        super().__init__(detail)
        self.slug = slug
        self.detail = detail


class Server:
    """The app's state: the bundles it serves (swappable in --dev), the store, the settings."""

    def __init__(self, catalogue: Catalogue, settings: Settings, store: Store | None = None) -> None:
        self.catalogue = catalogue
        self.settings = settings
        self.store = store or open_store(settings.db)
        self.dev: DevState | None = None
        self.notices = Notices(self)
        self._openapi: tuple[int, bytes] | None = None
        self.receipts = Receipts(self)  # receipt links and the application PDFs (kitaforms.serve.receipts)
        self.offers = Offers(self)  # offer links, answers and care contracts (kitaforms.serve.offers)

    def replace(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._openapi = None

    def openapi(self) -> bytes:
        if self._openapi is None or self._openapi[0] != id(self.catalogue):
            document = json.dumps(plain(openapi_document(self.catalogue)), ensure_ascii=False, sort_keys=True)
            self._openapi = (id(self.catalogue), document.encode("utf-8"))
        return self._openapi[1]


def create_app(catalogue: Catalogue, settings: Settings, *, store: Store | None = None, dev: DevState | None = None,
               background: list[Callable[[Server], Any]] | None = None) -> Starlette:
    """The app; ``background`` coroutines (e.g. the --dev watcher) run while it serves."""
    server = Server(catalogue, settings, store)
    server.dev = dev
    handlers = _Handlers(server)
    routes = [
        Route("/", handlers.index, methods=["GET", "HEAD"]),
        Route("/en/", handlers.index, methods=["GET", "HEAD"]),
        Route("/assets/{name}", handlers.assets, methods=["GET", "HEAD"]),
        Route("/api/openapi.json", handlers.openapi, methods=["GET", "HEAD"]),
        Route("/api/health", handlers.health, methods=["GET", "HEAD"]),
        *BackOffice(server).routes(),
        *Legacy(server).routes(),
        *server.receipts.routes(),
        *server.offers.routes(),
        *DevRoutes(server).routes(),  # --dev only (404 otherwise): kitaforms.serve.devpages
        Route("/{kommune}/{form}/submit", handlers.submit, methods=["POST"]),
        Route("/{kommune}/{form}/{version}/submit", handlers.submit, methods=["POST"]),
        Route("/{kommune}", handlers.kommune_redirect, methods=["GET", "HEAD"]),
        Route("/{kommune}/{rest:path}", handlers.files, methods=["GET", "HEAD"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders), Middleware(BodyLimit, json_limit=settings.json_limit, form_limit=settings.form_limit)],
        exception_handlers={
            HTTPException: _http_error,
            TooLarge: _too_large,
            BadRequest: _bad_request,
            Exception: _internal_error,
        },
        lifespan=_lifespan(server, [*(background or []), purge_job, server.receipts.documents.run]),
    )
    app.state.server = server
    return app


def _lifespan(server: Server, background: list[Callable[[Server], Any]]) -> Any:
    import asyncio
    from contextlib import asynccontextmanager, suppress

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        tasks = [asyncio.create_task(job(server)) for job in background]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with suppress(asyncio.CancelledError, Exception):
                    await task
            server.store.close()

    return lifespan


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    return problem(exc.status_code, slug, str(exc.detail), headers=dict(exc.headers or {}))


async def _too_large(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TooLarge)
    return problem(413, "too-large", f"The request body must not be larger than {exc.limit} bytes.")


async def _bad_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BadRequest)
    return problem(400, exc.slug, exc.detail)


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "internal", "The server failed. The submission was not stored.")


# --- reading submissions -------------------------------------------------------------------


def _number(text: str) -> Decimal:
    value = Decimal(text)
    digits = value.as_tuple().digits
    if not value.is_finite() or len(digits) > MAX_DIGITS or abs(value.adjusted()) > MAX_DIGITS:
        raise BadRequest("number-out-of-range", f"Numbers may have at most {MAX_DIGITS} significant digits: {text[:40]}")
    return value


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise BadRequest("number-out-of-range", f"Numbers may have at most {MAX_DIGITS} digits: {text[:40]}…")
    return int(text)


def _no_constant(text: str) -> Any:
    raise BadRequest("malformed-json", f"{text} is not a JSON number.")


def parse_json(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("malformed-json", "The body is not UTF-8.") from None
    try:
        data = json.loads(text, parse_float=_number, parse_int=_integer, parse_constant=_no_constant)
    except BadRequest:
        raise
    except (ValueError, RecursionError, InvalidOperation) as exc:
        raise BadRequest("malformed-json", f"The body is not valid JSON: {exc}"[:300]) from None
    return readable(data)


def readable(data: Any, depth: int = 1) -> Any:
    """``data`` with every text in normal form C, in the same pass that refuses what JSON can carry
    but no later stage should meet: absurd nesting, lone surrogates (``"\\ud800"`` is valid JSON but
    no Unicode text: it cannot be stored, and it would fail the write of every submission committed
    with it). It recurses only below the nesting limit, so never too deep."""
    if isinstance(data, str):
        if data.isascii():
            return data
        _refuse_surrogates(data)
        return nfc(data)
    if isinstance(data, (dict, list)):
        if depth > MAX_NESTING:
            raise BadRequest("too-deep", f"The submission nests deeper than {MAX_NESTING} levels.")
        if isinstance(data, list):
            return [readable(item, depth + 1) for item in data]
        return {readable(key, depth): readable(item, depth + 1) for key, item in data.items()}
    return data


def _refuse_surrogates(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest("malformed-json", "The body holds text that is not valid Unicode "
                                           "(a lone surrogate such as \\ud800).") from None


def canonical(data: Any) -> str:
    """The stored text of answers: ``json.dumps(plain(data))`` compact with sorted keys, written by
    ``json``'s C encoder straight from ``data`` (the answers hold text keys only) instead of a copy."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=plain_scalar)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _prefers_html(request: Request) -> bool:
    ranked = []
    for position, part in enumerate(request.headers.get("accept", "").split(",")):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, media.strip().lower()))
    for _, _, media in sorted(ranked):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in ("application/json", PROBLEM_JSON, "application/*"):
            return False
    return False


def _language(request: Request, bundle: Bundle, posted: str | None = None) -> str:
    offered = list(bundle.resolved.form.languages) or ["de"]
    wanted = [posted] if posted else []
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";", 1)[0].strip().lower()
        if tag:
            wanted.append(tag.split("-", 1)[0])
    return next((lang for lang in wanted if lang in offered), "de")


def _idempotency(request: Request, bundle: Bundle, data: Any, attachments: list[Attachment]) -> Idempotent | None:
    """The key with a hash of the request: version, answers and (if any) every file's sha256."""
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    if not _KEY.match(key):
        raise BadRequest("bad-idempotency-key", "The Idempotency-Key must be 1 to 255 visible ASCII characters.")
    request_text = f"{bundle.version}\n{canonical(data)}"
    if attachments:
        request_text += "".join(f"\n{a.attachment_id}={a.sent.sha256}" for a in attachments)
    return Idempotent(key, bundle.key, hashlib.sha256(request_text.encode()).hexdigest())


# --- handlers ------------------------------------------------------------------------------


class _Handlers:
    def __init__(self, server: Server) -> None:
        self.server = server

    @property
    def catalogue(self) -> Catalogue:
        return self.server.catalogue

    # --- pages and files -------------------------------------------------------------------

    async def _dev_ready(self, kommune: str | None = None) -> None:
        """--dev: wait until ``kommune`` (None: the list of Kommunen) is built; it is built next."""
        if self.server.dev is not None:
            await self.server.dev.ready(kommune)

    async def index(self, request: Request) -> Response:
        """The entry page: the Zuständigkeitsfinder (``?wo=`` postcode or town, ``&ort=`` the town of a shared
        postcode) and every Jugendamt on the portal; ``/en/`` in English."""
        await self._dev_ready()
        lang = "en" if request.url.path.startswith("/en") else "de"
        query, town = request.query_params.get("wo"), request.query_params.get("ort")
        page = pages.finder_page(self.catalogue, lang, query, town, self.server.dev)
        if page is None:
            page = pages.index_page(self.catalogue, self.server.dev)
        return self._html(page, request=request)

    async def assets(self, request: Request) -> Response:
        """The style sheets of the server's own pages (the entry page): the theme's, without a Kommune's colours."""
        content = _theme_assets().get(f"assets/{request.path_params['name']}")
        if content is None:
            raise HTTPException(404, f"There is no {request.url.path}.")
        return _respond(request, content, "text/css; charset=utf-8", cached=True)

    async def kommune_redirect(self, request: Request) -> Response:
        kommune = request.path_params["kommune"]
        await self._dev_ready(kommune)
        if kommune not in self.catalogue.kommunen:
            raise HTTPException(404, f"There is no Kommune `{kommune}` on this server.")
        return RedirectResponse(f"/{kommune}/", status_code=308)

    async def files(self, request: Request) -> Response:
        kommune_id = request.path_params["kommune"]
        await self._dev_ready(kommune_id)
        entry = self.catalogue.kommunen.get(kommune_id)
        if entry is None and self.server.dev is not None and kommune_id in self.server.dev.failed:
            return unbuilt_page(self.server.dev, kommune_id)
        if entry is None:
            raise HTTPException(404, f"There is no Kommune `{kommune_id}` on this server.")
        rest = request.path_params["rest"]
        parts = rest.split("/")
        if self.server.dev is not None and parts[0] in entry.forms and _complete_only(parts[1:]):
            await self.server.dev.complete(kommune_id)  # --dev builds examples and XDatenfelder files on request
        if parts[0] in entry.forms:
            return self._form_file(request, entry.id, parts[0], parts[1:])
        if parts[0] == FACILITY_SEARCH:
            return self._facility_search(request, entry, rest)
        path = rest if rest and not rest.endswith("/") else rest + "index.html"
        content = entry.pages.get(path)
        if content is None and path == "index.html":
            return self._html(pages.kommune_page(entry, self.server.dev), request=request)
        if content is None:
            raise HTTPException(404, f"/{kommune_id}/{rest} does not exist.")
        return self._file(request, path, content, page=(kommune_id, None))

    def _facility_search(self, request: Request, entry: Any, rest: str) -> Response:
        """``/<kommune>/einrichtungen/``: the places of the Kommune's catalogue that fit (a GET form, no JavaScript)."""
        render = _renderer()
        bundles = [entry.latest(form) for form in sorted(entry.forms)]
        bundle = next((b for b in bundles if b is not None and b.resolved.facilities is not None
                       and any(e.catalogue for e in b.resolved.elements_of("ranked_choice"))), None)
        if bundle is None or render is None or not hasattr(render, "render_facility_search"):
            raise HTTPException(404, f"/{entry.id}/{rest} does not exist.")
        if rest != f"{FACILITY_SEARCH}/":
            if rest == FACILITY_SEARCH:
                return RedirectResponse(f"/{entry.id}/{FACILITY_SEARCH}/", status_code=308)
            raise HTTPException(404, f"/{entry.id}/{rest} does not exist.")
        lang = "en" if request.query_params.get("lang") == "en" else "de"
        page = render.render_facility_search(bundle.resolved, lang, dict(request.query_params))
        return self._html(pages.with_dev_banner(page, self.server.dev, entry.id), request=request)

    def _form_file(self, request: Request, kommune: str, form: str, parts: list[str]) -> Response:
        if not parts:
            return RedirectResponse(f"/{kommune}/{form}/", status_code=308)
        versions = self.catalogue.kommunen[kommune].forms[form]
        bundle = self.catalogue.bundle(kommune, form)
        if parts[0] in versions:
            bundle = versions[parts[0]]
            parts = parts[1:]
            if not parts:
                return RedirectResponse(f"/{kommune}/{form}/{bundle.version}/", status_code=308)
        assert bundle is not None
        path = "/".join(parts)
        if path in BUNDLE_DATA or path.startswith(("examples/", "fees/")):
            content = bundle.files.get(path)
            media = "application/schema+json" if path == "schema.json" else None
            if content is None:
                raise HTTPException(404, f"The bundle has no {path}.")
            return self._file(request, path, content, media)
        if path == "" or path.endswith("/"):
            path += "index.html"
        content = bundle.assistant_file(path)
        if content is None and path == "index.html":
            return self._html(pages.missing_assistant(bundle, self.server.dev), request=request)
        if content is None and "." not in PurePosixPath(path).name and bundle.assistant_file(path + "/index.html"):
            return RedirectResponse(f"{request.url.path}/", status_code=308)
        if content is None:
            raise HTTPException(404, f"The assistant has no {path}.")
        return self._file(request, path, content, page=(kommune, form))

    def _file(self, request: Request, path: str, content: bytes, media: str | None = None, *,
              page: tuple[str, str | None] | None = None) -> Response:
        if media is None:
            media = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if path.endswith(".html"):
            content = pages.with_dev_banner(content, self.server.dev, *(page or ()))
            media = "text/html; charset=utf-8"
        elif media.startswith("text/") or media.endswith(("json", "xml", "javascript")):
            media += "; charset=utf-8"
        # bundle files are the same bytes on every request: compressed once (not so a dev banner's copy)
        return _respond(request, content, media, cached=not self.server.dev)

    def _html(self, content: bytes, status: int = 200, *, request: Request | None = None) -> Response:
        return _respond(request, content, "text/html; charset=utf-8", status=status)

    async def openapi(self, request: Request) -> Response:
        return Response(self.server.openapi(), media_type="application/json")

    async def health(self, request: Request) -> Response:
        """200 while the store takes a write (a committed probe row); 503 with ``Retry-After`` when not."""
        catalogue = self.catalogue
        body: dict[str, Any] = {
            "status": "ok",
            "bundles": [f"{b.key}/{b.version}" for b in catalogue.bundles()],
            "problems": catalogue.problems,
        }
        if self.server.dev is not None:
            body["dev"] = {"build": self.server.dev.build, "error": self.server.dev.error}
        try:
            await self.server.store.probe()
        except StoreUnavailable as exc:
            body |= {"status": "unavailable", "store": str(exc)}
            return JSONResponse(body, status_code=503, headers={"cache-control": "no-store", "retry-after": RETRY_AFTER})
        return JSONResponse(body, headers={"cache-control": "no-store"})

    # --- submissions -----------------------------------------------------------------------

    async def submit(self, request: Request) -> Response:
        kommune, form = request.path_params["kommune"], request.path_params["form"]
        await self._dev_ready(kommune)
        version = request.path_params.get("version")
        bundle = self.catalogue.bundle(kommune, form, version)
        if bundle is None:
            what = f"{kommune}/{form}" + (f" version {version}" if version else "")
            return problem(404, "unknown-form", f"This server has no form {what}.")
        if form == OFFER_FORM:
            return problem(409, "answer-by-link", "An offer of a place is answered through the secret link of the offer "
                           "(/offers/<secret>), which names the offer; this address takes no answers.")
        media = _media_type(request)
        if media == "application/json":
            return await self._submit_answers(request, bundle, parse_json(await request.body()), [])
        if media == _MULTIPART:
            return await self._submit_multipart(request, bundle)
        if media == _URLENCODED:
            return await self._submit_form(request, bundle, await _urlencoded(request), [])
        return problem(415, "unsupported-media-type",
                       "Send application/json, application/x-www-form-urlencoded or multipart/form-data.")

    async def _submit_multipart(self, request: Request, bundle: Bundle) -> Response:
        """Answers (JSON part) with files, or a plain form post with files: streamed, then checked."""
        try:
            posted = await read_multipart(request, partial(file_rule, bundle.schema, labels=form_labels(bundle.resolved)),
                                          answers_limit=self.server.settings.json_limit)
        except Malformed as exc:
            raise BadRequest("malformed-form", f"The multipart body cannot be read: {exc}"[:300]) from None
        except Refused as exc:
            return problem(exc.status, exc.slug, exc.detail, errors=exc.errors)
        try:
            if posted.answers is not None:
                return await self._submit_answers(request, bundle, parse_json(posted.answers), posted.files)
            pairs = [(name, value.described() if isinstance(value, Received) else value) for name, value in posted.items]
            return await self._submit_form(request, bundle, pairs, posted.files)
        finally:
            await run_in_threadpool(posted.close)

    async def _submit_answers(self, request: Request, bundle: Bundle, data: Any, files: list[Received]) -> Response:
        """JSON answers, alone or with the files of a multipart body."""
        bound = bind(bundle.schema, data, files, form_labels(bundle.resolved))
        idempotent = _idempotency(request, bundle, bound.data, bound.attachments)
        lang = _language(request, bundle)
        html = _prefers_html(request)
        replayed = await self._replay(request, idempotent, bundle, lang, html)
        if replayed is not None:
            return replayed
        verdict = bundle.validator.validate(bound.data, self.server.settings.today())
        if not verdict.ok:
            return problem(422, "invalid-submission", "The submission does not pass the form's checks.",
                           errors=verdict.errors + bound.missing)
        if bound.missing:
            return _not_sent(bound)
        if bound.unclaimed:
            names = ", ".join(f"`{item.part}` ({item.name})" for item in bound.unclaimed)
            return problem(400, "file-without-answer", f"No answer refers to the file part(s) {names}: a file answer "
                           "names its file by the field's path and the file's sha256."[:600])
        return await self._store(request, bundle, bound.data, lang, idempotent, bound.attachments, html)

    async def _submit_form(self, request: Request, bundle: Bundle, pairs: list[tuple[str, Any]],
                           files: list[Received]) -> Response:
        """A plain form post (no JavaScript): the page again with errors, or the receipt page."""
        render = _renderer()
        if render is None:
            return problem(415, "form-posts-unavailable", "This server cannot read plain form posts; send JSON.")
        data = readable(bundle.validator.legacy.as_numbers(
            render.form_post_to_data(bundle.resolved, pairs, self.server.settings.today())))
        posted_lang = next((value for name, value in pairs if name == "_lang" and isinstance(value, str)), None)
        lang = _language(request, bundle, posted_lang)
        edit = getattr(render, "repeat_edit", None)
        searched = getattr(render, "wish_search_pressed", None)
        today = self.server.settings.today()
        if (edit is not None and edit(bundle.resolved, pairs) is not None) or (searched is not None and searched(pairs)):
            # a repeat's add or remove button, or a wish list's search, without JavaScript: not a submission,
            # the page again (the wish lists offering what fits the child and the search)
            page = render.render_page_with_errors(bundle.resolved, lang, data, [], post=pairs, today=today)
            return self._html(pages.with_dev_banner(page, self.server.dev, bundle.kommune, bundle.form), 200, request=request)
        bound = bind(bundle.schema, data, files, form_labels(bundle.resolved))  # files of hidden fields stay unclaimed
        idempotent = _idempotency(request, bundle, bound.data, bound.attachments)
        replayed = await self._replay(request, idempotent, bundle, lang, True)
        if replayed is not None:
            return replayed
        verdict = bundle.validator.validate(bound.data, today)
        if not verdict.ok or bound.missing:
            page = render.render_page_with_errors(bundle.resolved, lang, data, verdict.errors + bound.missing, post=pairs,
                                                  today=today)
            return self._html(pages.with_dev_banner(page, self.server.dev, bundle.kommune, bundle.form), 422, request=request)
        return await self._store(request, bundle, bound.data, lang, idempotent, bound.attachments, True)

    async def _replay(self, request: Request, idempotent: Idempotent | None, bundle: Bundle, lang: str,
                      html: bool) -> Response | None:
        if idempotent is None:
            return None
        try:
            stored = await run_in_threadpool(self.server.store.replay, idempotent)
        except IdempotencyConflict:
            return problem(409, "idempotency-conflict", "This Idempotency-Key was used for a different submission.")
        if stored is None:
            return None
        return await self._receipt(request, bundle, stored.reference, stored.response, lang, html, replayed=True)

    async def _store(self, request: Request, bundle: Bundle, data: Any, lang: str, idempotent: Idempotent | None,
                     attachments: list[Attachment], html: bool) -> Response:
        submission = Submission(new_reference(), bundle.kommune, bundle.form, bundle.version, now(), lang, canonical(data))
        receipt = {
            "reference": submission.reference, "status": "received", "kommune": bundle.kommune, "form": bundle.form,
            "version": bundle.version, "received_at": submission.received_at, "schema": bundle.schema.get("$id", ""),
            "files": [a.receipt() for a in attachments],
        }
        uploads = await run_in_threadpool(lambda: [_upload(a) for a in attachments]) if attachments else []
        try:
            secret = new_secret()  # the receipt link's; only its sha256 is stored
            stored = await self.server.store.add_submission(submission, idempotent, receipt, uploads,
                                                            receipt_link=secret_sha256(secret))
        except IdempotencyConflict:
            return problem(409, "idempotency-conflict", "This Idempotency-Key was used for a different submission.")
        except StoreUnavailable as exc:
            log.error("the store cannot write: %s", exc)
            return problem(503, "store-unavailable", "The submission could not be stored just now; nothing was kept. "
                           "Please send it again in a moment.", headers={"retry-after": RETRY_AFTER})
        return await self._receipt(request, bundle, stored.reference, stored.response, lang, html,
                                   replayed=stored.replayed, secret=None if stored.replayed else secret)

    async def _receipt(self, request: Request, bundle: Bundle, reference: str, receipt: dict[str, Any], lang: str,
                       html: bool, replayed: bool = False, secret: str | None = None) -> Response:
        """201: the receipt (HTML or JSON) with its secret link (:mod:`kitaforms.serve.receipts`)."""
        return await self.server.receipts.respond(request, bundle, reference, receipt, lang, html and _renderer() is not None,
                                                  replayed=replayed, secret=secret)


def _complete_only(parts: list[str]) -> bool:
    """A bundle file that only a complete bundle has (the --dev preview builds it on request)."""
    path = "/".join(parts[1:] if parts and parts[0][:1].isdigit() else parts)
    return path.startswith(("examples/", "xdf3")) or path == "manifest.json"


@lru_cache(maxsize=1)
def _theme_assets() -> dict[str, bytes]:
    renderer = _renderer()
    return renderer.theme_assets() if renderer is not None else {}


def _renderer() -> Any:
    try:
        from kitaforms import render
    except ImportError:
        return None
    needed = ("form_post_to_data", "render_page_with_errors", "render_receipt")
    return render if all(hasattr(render, name) for name in needed) else None


async def _urlencoded(request: Request) -> list[tuple[str, Any]]:
    try:
        posted = await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=FIELD_LIMIT)
    except TooLarge:
        raise
    except Exception as exc:  # noqa: BLE001 - the form parser's errors are the client's
        raise BadRequest("malformed-form", f"The form data cannot be read: {exc}"[:300]) from None
    return [(name, value) for name, value in posted.multi_items() if isinstance(value, str)]


def _not_sent(bound: Binding) -> Response:
    fields = ", ".join(sorted({error.path for error in bound.missing}))
    return problem(422, "file-not-sent", f"A file answer must refer to a file sent in the same request ({fields}): "
                   "send multipart/form-data with the answers as JSON in the first part `_submission` and each file "
                   "as a part named with its field's path, whose bytes have the answer's sha256. A JSON body cannot "
                   "carry files.", errors=bound.missing)


def _upload(attachment: Attachment) -> Upload:
    sent = attachment.sent
    return Upload(sent.sha256, sent.name, sent.type, sent.size, sent.content(),
                  attachment_id=attachment.attachment_id, field=attachment.field)


def error_list(errors: list[FieldError]) -> list[dict[str, Any]]:
    return [{"path": e.path, "code": e.code, "message": dict(e.message)} for e in errors]


# --- compression: pages and assets travel gzipped to clients that accept it -----------------------
COMPRESS_FROM = 1024  # bytes; smaller bodies are sent as they are
_COMPRESSIBLE = ("text/", "application/json", "application/schema+json", "application/xml", "application/javascript")


def _respond(request: Request | None, content: bytes, media: str, *, status: int = 200, cached: bool = False) -> Response:
    """``content`` as it is, or gzipped (level 6) if the client accepts gzip and it is worth it;
    ``cached`` keeps the compressed copy (for the immutable bundle files only)."""
    headers = {"cache-control": "no-cache", "vary": "Accept-Encoding"}
    if request is not None and len(content) >= COMPRESS_FROM and media.startswith(_COMPRESSIBLE) and _accepts_gzip(request):
        content = _gzip_cached(content) if cached else _gzip(content)
        headers["content-encoding"] = "gzip"
    return Response(content, status_code=status, media_type=media, headers=headers)


def _accepts_gzip(request: Request) -> bool:
    """``Accept-Encoding`` names gzip (or ``*``) without ``q=0``."""
    for part in request.headers.get("accept-encoding", "").split(","):
        name, _, params = part.partition(";")
        if name.strip().lower() in ("gzip", "*"):
            weight = params.strip().lower()
            return not weight.startswith("q=") or _weight(weight[2:]) > 0
    return False


def _weight(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def _gzip(body: bytes) -> bytes:
    return gzip.compress(body, 6, mtime=0)


_gzip_cached = lru_cache(maxsize=512)(_gzip)
