"""Offers behind their secret links, the families' answers and the care contracts (process steps 5 and 6).

URLs (registered by :func:`kitaforms.serve.app.create_app`)::

    GET  /offers/<secret>                  the offer (child, facility, start, hours, deadline) and, while it is
                                           open, the questions of the form `platzangebot`; ?lang=de|en
    POST /offers/<secret>                  the answer: a plain form post of that form's fields → 303 to the page
    GET  /offers/<secret>/contract.pdf     the care contract of the accepted offer (PDF/UA)
    POST /offers/<secret>/consent          the parents' consent to that contract (`sha256` of the document shown)

    POST /api/v1/offers                    load a round's offers (the output of `kitaforms allocate`): their links
    GET  /api/v1/offers?kommune=&round=&status=     the offers, with their status as of today
    GET  /api/v1/offers/answers?kommune=&round=     the answers, as `kitaforms allocate --answers` reads them
    GET  /api/v1/offers/{id}               one offer: the offer, the answer, the contract and the consent
    POST /api/v1/offers/{id}/link          a new link (the old one opens nothing from then on)
    GET  /api/v1/offers/{id}/contract.pdf  the care contract

**Links.** Each loaded offer gets a link with a secret: 256 random bits, nothing else; the store keeps only
its sha256 (like the receipts, :mod:`kitaforms.serve.receipts`), and the secret is in the answer to the load
request only: the back office sends it to the family. A link that opens nothing (never issued, mistyped, or
replaced by a new one) gets the same German page (404), whatever the reason.

**Answers.** The family answers with the form ``platzangebot`` (the newest version the server serves for the
offer's Kommune): ``antwort`` ``annehmen`` or ``ablehnen`` — until the end of the deadline day, Europe/Berlin
(:mod:`kitaforms.allocate.offers`; ``Settings.clock``). An answer is final; the next round reads it from
``…/answers``.

**Contracts.** When a family accepts, the contract is made from the Kommune's or the Träger's
``forms/<kommune>/vertrag.yaml`` in the project folder (``Settings.project``, as for fee notices) and kept
(:mod:`kitaforms.contract`). Signed online, it waits for the parents' consent, kept with the time, the offer,
the reference and the sha256 of the document; signed by hand or with the eID, the document says so and the
contract stays ``awaiting_signature``. Without a usable ``vertrag.yaml`` the offer is accepted all the same, the
page says the contract follows, and it is made as soon as the templates are there.

Tokens see the offers of their own Kommune only (another Kommune's offer is 404, as for submissions); every
load, read and new link is written to the access log before anything is sent.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kitaforms.allocate.model import OFFER_ANSWER_FIELD, OFFER_FORM
from kitaforms.allocate.offers import (
    ACCEPTED,
    EXPIRED,
    OFFER_ID,
    OFFERED,
    STATUSES,
    Answered,
    OfferClosed,
    Prepared,
    answer,
    answers_document,
    local_day,
    offer_records,
    read_round,
    status_on,
)
from kitaforms.allocate.registrations import InputError, read_registrations
from kitaforms.documents import PDF_MEDIA_TYPE
from kitaforms.serve import pages
from kitaforms.serve.admin import API, BackOffice, Principal, Problem, Query, guarded, storable
from kitaforms.serve.catalogue import Bundle
from kitaforms.serve.http import attachment, problem
from kitaforms.serve.receipts import _HERE as PDF_LOCK
from kitaforms.serve.receipts import PREFIX as RECEIPTS
from kitaforms.serve.receipts import _accepted, new_secret, secret_sha256
from kitaforms.store import Access, instant, now
from kitaforms.store.offers import Contract, Offer

if TYPE_CHECKING:
    from kitaforms.contract.model import ContractFile
    from kitaforms.serve.app import Server

log = logging.getLogger("kitaforms.serve")

PREFIX = "/offers"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{43}$")
_SECRET_IN_PATH = re.compile(r"(/offers/)[A-Za-z0-9_-]{43}")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_HTML = "text/html; charset=utf-8"
_PRIVATE = {"cache-control": "no-store", "referrer-policy": "no-referrer", "x-robots-tag": "noindex, nofollow"}
NO_STORE = {"cache-control": "no-store"}
_LIST_PARAMETERS = frozenset({"kommune", "round", "status"})
_ANSWER_PARAMETERS = frozenset({"kommune", "round"})
CONSENT_STATEMENT = {
    "de": "Ich habe den Betreuungsvertrag gelesen und schließe ihn verbindlich ab.",
    "en": "I have read the care contract and conclude it bindingly.",
}
MESSAGES = {
    "de": {
        "answered": "Auf dieses Angebot haben Sie schon geantwortet. Eine Antwort lässt sich nicht mehr ändern; wenden "
                    "Sie sich bei Fragen an Ihr Jugendamt.",
        "expired": "Die Frist für dieses Angebot ist abgelaufen. Sie können es nicht mehr annehmen.",
        "consent": "Bitte bestätigen Sie, dass Sie den Vertrag gelesen haben und ihn abschließen.",
        "other_document": "Der Vertrag hat sich geändert, seit Sie die Seite geöffnet haben. Bitte lesen Sie ihn noch "
                          "einmal und stimmen Sie dann zu.",
        "no_consent": "Dieser Vertrag wartet nicht auf Ihre Zustimmung.",
        "choose": "Bitte wählen Sie, ob Sie den Platz annehmen oder ablehnen.",
    },
    "en": {
        "answered": "You have answered this offer already. An answer cannot be changed; if you have questions, "
                    "contact your youth welfare office.",
        "expired": "The deadline of this offer has passed. You can no longer accept it.",
        "consent": "Please confirm that you have read the contract and conclude it.",
        "other_document": "The contract has changed since you opened the page. Please read it again, then consent.",
        "no_consent": "This contract is not waiting for your consent.",
        "choose": "Please choose whether you accept or decline the place.",
    },
}


def hide_offer_links_in_access_log() -> None:
    """The access log names an offer link without its secret (``/offers/…``)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, _HideOfferLinks) for f in access.filters):
        access.addFilter(_HideOfferLinks())


class _HideOfferLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_SECRET_IN_PATH.sub(r"\1…", a) if isinstance(a, str) else a for a in record.args)
        return True


# --- the contract templates (vertrag.yaml) ---------------------------------------------------------


@dataclass(frozen=True)
class Templates:
    file: ContractFile | None
    source: dict[str, str] = field(default_factory=dict)  # file, sha256


class ContractTemplates:
    """Each Kommune's ``vertrag.yaml`` from the project folder, read and checked once."""

    def __init__(self, project: Path | None) -> None:
        self.project = project
        self._found: dict[str, Templates] = {}
        self._lock = threading.Lock()

    def of(self, kommune: str) -> Templates:
        with self._lock:
            if kommune not in self._found:
                self._found[kommune] = self._read(kommune)
            return self._found[kommune]

    def _read(self, kommune: str) -> Templates:
        if self.project is None:
            return Templates(None)
        from kitaforms.contract.check import check_contract
        from kitaforms.contract.document import template_sha256
        from kitaforms.load.project import load_project

        sources = load_project(self.project, [kommune]).kommunen.get(kommune)
        loaded = sources.contract if sources is not None else None
        if loaded is None or any(d.is_error for d in check_contract(sources)):  # type: ignore[arg-type]
            if sources is not None and (self.project / "forms" / kommune / "vertrag.yaml").is_file():
                log.warning("forms/%s/vertrag.yaml cannot be used: `kitaforms validate` says why", kommune)
            return Templates(None)
        document = loaded.document
        return Templates(loaded.model, {"file": document.file, "sha256": template_sha256(document.text)})


def _print(data: dict[str, Any]) -> bytes:
    """The contract's PDF, one PDF at a time in the server process (WeasyPrint shares pango's state; the
    lock is the application PDFs' own)."""
    from kitaforms.documents.contract import contract_pdf

    with PDF_LOCK:
        return contract_pdf(data)


# --- the handlers ----------------------------------------------------------------------------------


class Offers:
    """The offer pages behind their links, the answers, the contracts, and the back office's offers API."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.office = BackOffice(server)
        self.templates = ContractTemplates(server.settings.project)
        hide_offer_links_in_access_log()

    def routes(self) -> list[Route]:
        one = f"{API}/offers/{{offer_id}}"
        return [
            Route(f"{API}/offers", guarded(self.load), methods=["POST"]),
            Route(f"{API}/offers", guarded(self.listing), methods=["GET"]),
            Route(f"{API}/offers/answers", guarded(self.answers), methods=["GET"]),
            Route(one, guarded(self.read), methods=["GET"]),
            Route(f"{one}/link", guarded(self.relink), methods=["POST"]),
            Route(f"{one}/contract.pdf", guarded(self.office_contract), methods=["GET"]),
            Route(f"{PREFIX}/{{secret}}/contract.pdf", self.contract_pdf, methods=["GET", "HEAD"]),
            Route(f"{PREFIX}/{{secret}}/consent", self.consent, methods=["POST"]),
            Route(f"{PREFIX}/{{secret}}", self.page, methods=["GET", "HEAD"]),
            Route(f"{PREFIX}/{{secret}}", self.answer, methods=["POST"]),
        ]

    @property
    def store(self) -> Any:
        return self.server.store

    def today(self) -> date:
        return local_day(self.server.settings.clock())

    def moment(self) -> str:
        return instant(self.server.settings.clock())

    # --- behind the link -------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        opened = await self._open(request)
        if opened is None:
            return self._gone(request)
        offer, bundle = opened
        return await self._show(request, offer, bundle, _wanted(request, offer))

    async def answer(self, request: Request) -> Response:
        """The family's answer (the form ``platzangebot`` posted without JavaScript)."""
        from kitaforms.serve.app import _urlencoded

        opened = await self._open(request)
        if opened is None:
            return self._gone(request)
        offer, bundle = opened
        pairs = await _urlencoded(request)
        lang = _posted_lang(pairs, offer)
        day = self.today()
        data = bundle.validator.legacy.as_numbers(_render().form_post_to_data(bundle.resolved, pairs, day))
        verdict = bundle.validator.validate(data, day)
        if not verdict.ok:
            return await self._show(request, offer, bundle, lang, data=data, errors=verdict.errors, status=422)
        try:
            status = answer(offer.status, offer.deadline, day, str(data.get(OFFER_ANSWER_FIELD)))
        except OfferClosed as exc:
            return await self._closed(request, offer, bundle, lang, exc.status)
        except ValueError:  # an overlay made the answer optional: no answer chosen
            return await self._show(request, offer, bundle, lang, data=data, message=MESSAGES[_lang_of(lang)]["choose"],
                                    status=422)
        from kitaforms.serve.app import canonical

        if not await run_in_threadpool(self.store.answer_offer, offer.id, status, canonical(data), lang, self.moment()):
            return await self._closed(request, offer, bundle, lang, ACCEPTED)
        log.info("offer %s %s", offer.id, status)
        if status == ACCEPTED:
            await self._contract_of(offer.id, bundle)
        return RedirectResponse(f"{_link(request)}?lang={lang}", status_code=303, headers=_PRIVATE)

    async def _closed(self, request: Request, offer: Offer, bundle: Bundle, lang: str, status: str) -> Response:
        if status == EXPIRED:
            await run_in_threadpool(self.store.close_offer, offer.kommune, offer.id, EXPIRED)
        fresh = await run_in_threadpool(self.store.offer, offer.id) or offer
        reason = "expired" if status == EXPIRED else "answered"
        return await self._show(request, fresh, bundle, lang, message=MESSAGES[_lang_of(lang)][reason], status=409)

    async def contract_pdf(self, request: Request) -> Response:
        opened = await self._open(request)
        if opened is None:
            return self._gone(request)
        offer, bundle = opened
        contract = await self._contract_of(offer.id, bundle)
        if contract is None:
            return problem(404, "no-contract", "There is no contract for this offer (yet): it is made when the offer "
                           "is accepted.", headers=_PRIVATE)
        return _pdf(contract, offer)

    async def consent(self, request: Request) -> Response:
        from kitaforms.contract.state import ContractStateError, consent, consent_record
        from kitaforms.serve.app import _urlencoded

        opened = await self._open(request)
        if opened is None:
            return self._gone(request)
        offer, bundle = opened
        pairs = dict(await _urlencoded(request))
        lang = _posted_lang(list(pairs.items()), offer)
        words = MESSAGES[_lang_of(lang)]
        contract = await run_in_threadpool(self.store.contract, offer.id, False)
        if contract is None:
            return await self._show(request, offer, bundle, lang, message=words["no_consent"], status=409)
        if pairs.get("zustimmung") != "true":
            return await self._show(request, offer, bundle, lang, consent_error=words["consent"], status=422)
        shown = pairs.get("sha256", "")
        try:
            consent(contract.status, contract.sha256, shown if _SHA256.match(shown) else "")
        except ContractStateError as exc:
            reason = "other_document" if exc.reason == "other_document" else "no_consent"
            return await self._show(request, offer, bundle, lang, message=words[reason], status=409)
        at = self.moment()
        record = consent_record(at=at, offer=offer.id, reference=offer.reference, sha256=contract.sha256,
                                size=contract.size, lang=lang, statement=CONSENT_STATEMENT[_lang_of(lang)])
        if not await run_in_threadpool(self.store.consent, offer.id, contract.sha256, json.dumps(record), at):
            return await self._show(request, offer, bundle, lang, message=words["no_consent"], status=409)
        log.info("offer %s contract consented", offer.id)
        return RedirectResponse(f"{_link(request)}?lang={lang}", status_code=303, headers=_PRIVATE)

    async def _open(self, request: Request) -> tuple[Offer, Bundle] | None:
        """The offer behind the request's secret, with the offer form to show it by; None: the link opens nothing."""
        secret = request.path_params["secret"]
        if not _SECRET.match(secret):
            return None
        offer = await run_in_threadpool(self.store.offer_by_link, secret_sha256(secret))
        bundle = self.server.catalogue.bundle(offer.kommune, OFFER_FORM) if offer is not None else None
        return (offer, bundle) if offer is not None and bundle is not None else None

    async def _show(self, request: Request, offer: Offer, bundle: Bundle, lang: str, *, data: Any = None,
                    errors: list[Any] | None = None, message: str = "", consent_error: str = "",
                    status: int = 200) -> Response:
        render = _render()
        day = self.today()
        current = status_on(offer.status, offer.deadline, day)
        contract = await self._contract_of(offer.id, bundle) if current == ACCEPTED else None
        link = _link(request)
        view = render.OfferView(
            offer.record(), current, link, answered_at=offer.answered_at,
            contract=_contract_view(contract, link, _lang_of(lang)) if contract else None,
            contract_pending=current == ACCEPTED and contract is None, message=message, consent_error=consent_error,
            alternates=[(other, f"{link}?lang={other}") for other in _languages(bundle) if other != lang],
        )
        root = f"{request.scope.get('root_path', '').rstrip('/')}/{offer.kommune}/{OFFER_FORM}/"
        page = render.render_offer(bundle.resolved, lang, view, root=root, data=data, errors=errors)
        return Response(pages.with_dev_banner(page, self.server.dev), status_code=status, media_type=_HTML,
                        headers=_PRIVATE)

    def _gone(self, request: Request) -> Response:
        render = _render()
        asked = request.query_params.get("lang", "")
        lang = asked if asked in ("de", "en") else _accepted(request)
        path = request.url.path
        root = f"{request.scope.get('root_path', '').rstrip('/')}{RECEIPTS}/"  # the receipts' style sheets
        page = render.render_offer_gone(lang, root, [(other, f"{path}?lang={other}") for other in ("de", "en")
                                                     if other != lang])
        return Response(pages.with_dev_banner(page, self.server.dev), status_code=404, media_type=_HTML,
                        headers=_PRIVATE)

    # --- the contract ------------------------------------------------------------------------

    async def _contract_of(self, offer_id: str, bundle: Bundle) -> Contract | None:
        """The kept contract of an accepted offer, or made now and kept; None when it cannot be made (no
        usable ``vertrag.yaml``) or the offer is not accepted."""
        kept = await run_in_threadpool(self.store.contract, offer_id)
        if kept is not None:
            return kept
        offer = await run_in_threadpool(self.store.offer, offer_id)
        if offer is None or offer.status != ACCEPTED:
            return None
        made = await run_in_threadpool(self._make, offer, bundle)
        if made is None:
            return None
        await run_in_threadpool(self.store.put_contract, made)
        return await run_in_threadpool(self.store.contract, offer_id)

    def _make(self, offer: Offer, bundle: Bundle) -> Contract | None:
        from kitaforms.contract.document import contract_data
        from kitaforms.contract.state import initial

        templates = self.templates.of(offer.kommune)
        if templates.file is None:
            return None
        data = contract_data(offer.record(), templates.file, bundle.resolved.kommune, issued=self.today(),
                             lang=offer.lang or "de", source=templates.source)
        content = _print(data)
        template = {**data["template"], "signature_note": data["signature_note"]}
        return Contract(offer.id, offer.kommune, initial(data["signature"]), data["signature"], data["lang"],
                        json.dumps(template, ensure_ascii=False, sort_keys=True), PDF_MEDIA_TYPE, len(content),
                        hashlib.sha256(content).hexdigest(), content, self.moment())

    # --- the back office -----------------------------------------------------------------------

    async def load(self, request: Request) -> Response:
        """Load a round's offers; each new one gets its link, in this answer only."""
        who = await self.office.principal(request)
        document, registrations = await _round_input(request)
        kommune = str(document["kommune"])
        if who.narrow(kommune, OFFER_FORM) is None:
            raise Problem(404, "unknown-kommune", "This token does not reach the round's Kommune.")
        bundle = self.server.catalogue.bundle(kommune, OFFER_FORM)
        if bundle is None:
            raise Problem(409, "no-offer-form", f"This server serves no form {kommune}/{OFFER_FORM}, which families "
                          "answer their offers with: build and serve the Kommune's bundles first.")
        prepared = await run_in_threadpool(self._prepare, document, registrations, bundle)
        links, kept = await run_in_threadpool(self._keep, who, prepared)
        base = f"{str(request.base_url).rstrip('/')}{PREFIX}/"
        loaded = [{"offer": r["id"], "reference": r["reference"], "deadline": r["deadline"],
                   "link": base + links[r["id"]]} for r in prepared.records if r["id"] in kept]
        body = {
            "kommune": kommune, "round": prepared.round, "loaded": loaded,
            "already_loaded": sorted(r["id"] for r in prepared.records if r["id"] not in kept),
            "not_loaded": prepared.not_loaded, "held": prepared.standing, "closed": prepared.withdrawn,
        }
        return _json(body, 201 if loaded else 200)

    def _prepare(self, document: dict[str, Any], given: dict[str, Any] | None, bundle: Bundle) -> Prepared:
        return prepare_round(self.store, document, given, bundle.resolved.facilities)

    def _keep(self, who: Principal, prepared: Prepared) -> tuple[dict[str, str], set[str]]:
        links, kept = keep_round(self.store, prepared, who.id)
        log.info("access token=%s action=offer-load kommune=%s round=%d kept=%d", who.id, prepared.kommune,
                 prepared.round, len(kept))
        return links, kept

    async def listing(self, request: Request) -> Response:
        who, kommune, query = await self._scope(request, _LIST_PARAMETERS)
        statuses = query.statuses(STATUSES)
        offers = await run_in_threadpool(self.store.offers_of, kommune, _round(query.get("round")))
        day = self.today()
        rows = [o for o in offers if not statuses or status_on(o.status, o.deadline, day) in statuses]
        await self.office.record([Access(now(), who.id, "offer-list", o.reference, kommune, o.id) for o in rows]
                                 or [Access(now(), who.id, "offer-list", None, kommune, "")], f"count={len(rows)}")
        contracts = {o.id: await run_in_threadpool(self.store.contract, o.id, False) for o in rows
                     if o.status == ACCEPTED}
        return _json({"kommune": kommune, "date": day.isoformat(),
                      "offers": [_summary(o, day, contracts.get(o.id)) for o in rows]})

    async def answers(self, request: Request) -> Response:
        who, kommune, query = await self._scope(request, _ANSWER_PARAMETERS)
        round_no = _round(query.get("round")) or await run_in_threadpool(self.store.latest_round, kommune)
        offers = await run_in_threadpool(self.store.offers_of, kommune, round_no) if round_no else []
        day = self.today()
        await self.office.record([Access(now(), who.id, "offer-answers", None, kommune, f"round={round_no}")],
                                 f"kommune={kommune} round={round_no}")
        document = answers_document(kommune, round_no or 0, [Answered(o.id, o.status, o.deadline) for o in offers], day)
        return _json(document)

    async def read(self, request: Request) -> Response:
        who, offer = await self._visible(request)
        contract = await run_in_threadpool(self.store.contract, offer.id, False)
        await self.office.record([Access(now(), who.id, "offer-read", offer.reference, offer.kommune, offer.id)],
                                 f"offer={offer.id}")
        day = self.today()
        body = {**_summary(offer, day, contract), "offer": offer.record(),
                "answer": json.loads(offer.answer) if offer.answer else None, "lang": offer.lang,
                "contract": _contract_json(contract)}
        return _json(body)

    async def relink(self, request: Request) -> Response:
        who, offer = await self._visible(request)
        secret = new_secret()
        access = Access(now(), who.id, "offer-link", offer.reference, offer.kommune, offer.id)
        if not await run_in_threadpool(self.store.relink_offer, offer.id, offer.kommune, secret_sha256(secret), access):
            raise Problem(404, "unknown-offer", "There is no offer with this id.")
        log.info("access token=%s action=offer-link offer=%s", who.id, offer.id)
        return _json({"offer": offer.id, "link": f"{str(request.base_url).rstrip('/')}{PREFIX}/{secret}"})

    async def office_contract(self, request: Request) -> Response:
        who, offer = await self._visible(request)
        bundle = self.server.catalogue.bundle(offer.kommune, OFFER_FORM)
        if offer.status != ACCEPTED:
            raise Problem(409, "not-accepted", f"The offer is {status_on(offer.status, offer.deadline, self.today())}: "
                          "a contract is made for an accepted offer.")
        contract = await self._contract_of(offer.id, bundle) if bundle is not None else None
        if contract is None:
            raise Problem(503, "contracts-unavailable", f"No contract can be made for {offer.kommune} just now: the "
                          f"server needs forms/{offer.kommune}/vertrag.yaml in its project folder (--project, "
                          "KITAFORMS_PROJECT), without errors (`kitaforms validate`).")
        await self.office.record([Access(now(), who.id, "contract-read", offer.reference, offer.kommune, offer.id)],
                                 f"offer={offer.id}")
        return _pdf(contract, offer)

    async def _scope(self, request: Request, allowed: frozenset[str]) -> tuple[Principal, str, Query]:
        who = await self.office.principal(request)
        query = Query(request, allowed)
        wanted = query.get("kommune")
        scope = who.narrow(wanted, OFFER_FORM)
        if scope is None or scope[0] is None:
            raise Problem(400 if scope is not None else 404, "kommune-needed" if scope is not None else "unknown-kommune",
                          "Give kommune (the operator token sees every Kommune)." if scope is not None
                          else "This token does not reach that Kommune.")
        return who, scope[0], query

    async def _visible(self, request: Request) -> tuple[Principal, Offer]:
        who = await self.office.principal(request)
        offer_id = request.path_params["offer_id"]
        offer = await run_in_threadpool(self.store.offer, offer_id) if OFFER_ID.match(offer_id) else None
        if offer is None or who.narrow(offer.kommune, OFFER_FORM) is None:
            raise Problem(404, "unknown-offer", "There is no offer with this id.")
        return who, offer


# --- loading a round (the back-office API and `kitaforms offers load`) ------------------------------


def prepare_round(store: Any, document: dict[str, Any], given: dict[str, Any] | None,
                  catalogue: Any) -> Prepared:
    """What to keep of a round's new offers; each registration from ``given`` (reference → answers), else
    from the store when it is the round's Kommune's and form's."""
    kommune, form = str(document["kommune"]), registration_form(document)

    def registration(reference: str) -> Any:
        if given is not None and reference in given:
            return given[reference]
        row = store.submission(reference) if storable(reference) else None
        return json.loads(row.data) if row is not None and (row.kommune, row.form) == (kommune, form) else None

    return offer_records(document, registration, catalogue)


def keep_round(store: Any, prepared: Prepared, actor: str) -> tuple[dict[str, str], set[str]]:
    """Keep the round's new offers, each with the sha256 of a new link's secret, in one transaction with the
    access log (``actor``: a token's id). The secrets by offer id, and the ids kept now (an offer kept
    before keeps its link)."""
    at = now()
    links = {r["id"]: new_secret() for r in prepared.records}
    rows = [(Offer(r["id"], prepared.kommune, prepared.round, prepared.round, r["reference"], r["deadline"], OFFERED,
                   json.dumps(r, ensure_ascii=False, sort_keys=True), at), secret_sha256(links[r["id"]]))
            for r in prepared.records]
    access = [Access(at, actor, "offer-load", r["reference"], prepared.kommune, r["id"]) for r in prepared.records]
    access = access or [Access(at, actor, "offer-load", None, prepared.kommune, f"round={prepared.round}")]
    kept = store.add_offers(prepared.kommune, prepared.round, rows, prepared.standing, prepared.withdrawn, access)
    return links, set(kept)


# --- helpers ---------------------------------------------------------------------------------------


def _render() -> Any:
    from kitaforms import render

    return render


def _languages(bundle: Bundle) -> list[str]:
    from kitaforms.render._pages import languages

    return languages(bundle.resolved)


def _lang_of(lang: str) -> str:
    return lang if lang in MESSAGES else "de"


def _wanted(request: Request, offer: Offer) -> str:
    asked = request.query_params.get("lang", "")
    return asked if asked in ("de", "en") else offer.lang or _accepted(request)


def _posted_lang(pairs: list[tuple[str, Any]], offer: Offer) -> str:
    posted = next((value for name, value in pairs if name == "_lang"), "")
    return posted if posted in ("de", "en") else offer.lang or "de"


def _link(request: Request) -> str:
    root = request.scope.get("root_path", "").rstrip("/")
    return f"{root}{PREFIX}/{request.path_params['secret']}"


def _contract_view(contract: Contract, link: str, lang: str) -> Any:
    template = json.loads(contract.template)
    return _render().ContractView(contract.status, contract.signature, contract.sha256, contract.size,
                                  f"{link}/contract.pdf", f"{link}/consent", template.get("signature_note") or "",
                                  contract.consented_at)


def _pdf(contract: Contract, offer: Offer) -> Response:
    headers = {**_PRIVATE, "content-disposition": attachment(f"betreuungsvertrag-{offer.id}.pdf")}
    return Response(contract.content, media_type=contract.media_type, headers=headers)


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False).encode("utf-8"), status_code=status,
                    media_type="application/json", headers=NO_STORE)


def _summary(offer: Offer, day: date, contract: Contract | None) -> dict[str, Any]:
    record = offer.record()
    return {"id": offer.id, "reference": offer.reference, "round": offer.round, "live_round": offer.live_round,
            "facility": record["facility"]["id"], "start": record["place"].get("start"), "deadline": offer.deadline,
            "status": status_on(offer.status, offer.deadline, day), "answered_at": offer.answered_at,
            "contract": contract.status if contract else None}


def _contract_json(contract: Contract | None) -> dict[str, Any] | None:
    if contract is None:
        return None
    return {"status": contract.status, "signature": contract.signature, "lang": contract.lang,
            "template": json.loads(contract.template), "sha256": contract.sha256, "size": contract.size,
            "created_at": contract.created_at, "consented_at": contract.consented_at,
            "consent": json.loads(contract.consent) if contract.consent else None}


def _round(text: str | None) -> int | None:
    if text is None:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 6 and int(text) >= 1):
        raise Problem(400, "bad-round", "round must be a whole number from 1.")
    return int(text)


async def _round_input(request: Request) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The round (JSON body, or multipart part ``round``) and, if sent, the registrations (part
    ``registrations``: the admin export the round was allocated from, JSON Lines or an array)."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media == "application/json":
        return _read_round(await request.body()), None
    if media != "multipart/form-data":
        raise Problem(415, "unsupported-media-type", "Send the round as application/json, or as multipart/form-data "
                      "with the parts `round` and (optional) `registrations`.")
    try:
        form = await request.form(max_files=2, max_fields=2, max_part_size=1 << 20)
    except Exception as exc:  # noqa: BLE001 - the form parser's errors are the client's
        raise Problem(400, "malformed-form", f"The multipart body cannot be read: {exc}"[:300]) from None
    parts = {name: await _part(value) for name, value in form.multi_items()}
    if set(parts) - {"round", "registrations"} or "round" not in parts:
        raise Problem(400, "bad-parts", "Send the part `round` and, if the server does not keep every registration, "
                      "the part `registrations` (nothing else).")
    document = _read_round(parts["round"])
    return document, _registrations(parts.get("registrations"), str(document["kommune"]), registration_form(document))


def registration_form(document: dict[str, Any]) -> str:
    """The form the round read registrations from (``criteria.form``; rounds that do not say: ``anmeldung``)."""
    criteria = document.get("criteria")
    form = criteria.get("form") if isinstance(criteria, dict) else None
    return form if isinstance(form, str) else "anmeldung"


async def _part(value: Any) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(await value.read())


def _read_round(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
        return dict(read_round(data))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        detail = str(exc) if isinstance(exc, InputError) else "the body is not JSON"
        raise Problem(400, "bad-round", f"The round cannot be used: {detail}."[:400]) from None


def _registrations(body: bytes | None, kommune: str, form: str) -> dict[str, Any] | None:
    if body is None:
        return None
    try:
        found = read_registrations(body.decode("utf-8"), "registrations")
    except (UnicodeDecodeError, InputError) as exc:
        detail = str(exc) if isinstance(exc, InputError) else "not UTF-8"
        raise Problem(400, "bad-registrations", f"The registrations cannot be used: {detail}."[:400]) from None
    return {r.reference: dict(r.data) for r in found if r.kommune in (None, kommune) and r.form in (None, form)}


# --- OpenAPI ---------------------------------------------------------------------------------------


def offer_paths(errors: Any) -> dict[str, Any]:
    """The offer links in the OpenAPI document; ``errors(*codes)`` gives the problem responses."""
    secret = [{"name": "secret", "in": "path", "required": True,
               "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$"},
               "description": "The secret of the offer's link (256 random bits); it names nothing else"}]
    lang = [{"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": ["de", "en"]},
             "description": "Language; default: the family's answer's, else the browser's"}]
    html = {"content": {"text/html": {"schema": {"type": "string"}}}}
    gone = {"description": "The link opens nothing: never issued, mistyped, or replaced by a newer link", **html}
    see = {"description": "Stored: the page of the offer again (Location)"}
    form = {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}}
    return {
        f"{PREFIX}/{{secret}}": {
            "get": {"operationId": "offer_page", "summary": "The offer (secret link): child, facility, start, hours, "
                    "deadline, and while it is open the questions of the form platzangebot",
                    "parameters": secret + lang, "responses": {"200": {"description": "The offer", **html}, "404": gone}},
            "post": {"operationId": "offer_answer", "summary": "The family's answer: the form platzangebot posted "
                     "(antwort=annehmen|ablehnen, sorgeberechtigt=true, _lang); final, until the end of the deadline day",
                     "parameters": secret, "requestBody": form,
                     "responses": {"303": see, "404": gone,
                                   "409": {"description": "Answered before, or the deadline passed", **html},
                                   "422": {"description": "The answer fails the form's checks", **html}}},
        },
        f"{PREFIX}/{{secret}}/contract.pdf": {"get": {
            "operationId": "offer_contract", "summary": "The care contract of the accepted offer (PDF/UA)",
            "parameters": secret, "responses": {
                "200": {"description": "The contract", "content": {"application/pdf": {
                    "schema": {"type": "string", "contentMediaType": "application/pdf"}}}},
                "404": {"description": "No such link, or no contract (yet)", **html,
                        "content": {**html["content"], "application/problem+json": {
                            "schema": {"$ref": "#/components/schemas/Problem"}}}}}}},
        f"{PREFIX}/{{secret}}/consent": {"post": {
            "operationId": "offer_consent", "summary": "The parents' consent to the contract (zustimmung=true and the "
            "sha256 of the document they were shown); kept with the time, the offer, the reference and that sha256",
            "parameters": secret, "requestBody": form,
            "responses": {"303": see, "404": gone,
                          "409": {"description": "No contract awaiting consent, or another document", **html},
                          "422": {"description": "The consent box was not ticked", **html}}}},
    }
