"""``POST /api/v1/submissions/{reference}/bescheid``: the provisional fee notice of a stored income declaration
(:mod:`kitaforms.notice`), as decision JSON or (``?format=pdf``) as PDF/UA.

The Satzungen and the Kommune's fixed texts come from the project folder the server was started in
(``Settings.project``: ``kitaforms serve --project``, ``KITAFORMS_PROJECT``), read once per Kommune; the bundles
carry the fee rules only compiled for the browser. The notice is in the parent's language (the stored
``lang``) where the form offers it, else in German. Query: ``von``/``bis`` (YYYY-MM), ``einkommen`` (a yearly
amount instead of the declared ones), ``datum`` (YYYY-MM-DD, default today), ``format`` (json or pdf).
"""

from __future__ import annotations

import json
import threading
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from starlette.responses import Response

from kitaforms.documents.pdf import PDF_MEDIA_TYPE
from kitaforms.serve.http import attachment
from kitaforms.store import Submission

if TYPE_CHECKING:
    from kitaforms.notice.project import Sources
    from kitaforms.serve.admin import Query
    from kitaforms.serve.app import Server

PARAMETERS = frozenset({"format", "von", "bis", "einkommen", "datum"})
FORMATS = ("json", "pdf")
NO_STORE = {"cache-control": "no-store"}


class Notices:
    """Makes notices for the back office; keeps each Kommune's Satzungen once read."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._sources: dict[str, Sources] = {}
        self._lock = threading.Lock()

    def sources(self, kommune: str) -> Sources:
        from kitaforms.notice.project import notice_sources
        from kitaforms.serve.admin import Problem

        root = self.server.settings.project
        if root is None:
            raise Problem(503, "notices-unavailable", "This server has no fee rules to make notices with: start it "
                          "with --project (the folder with satzungen/ and forms/).")
        with self._lock:
            if kommune not in self._sources:
                self._sources[kommune] = notice_sources(root, kommune)
            found = self._sources[kommune]
        if not found.ok:
            raise Problem(503, "notices-unavailable", f"The fee rules or kommune.yaml of {kommune} cannot be used "
                          "just now (`kitaforms validate` says why).")
        return found

    def respond(self, row: Submission, query: Query) -> Response:
        """The notice of ``row`` as the query asks (run it in a thread: it computes and may print a PDF)."""
        from kitaforms.notice import DeclarationError, case_from_answers, provisional
        from kitaforms.serve.admin import Problem

        output = query.choice("format", FORMATS, "json")
        if row.form != "einkommen":
            raise Problem(409, "not-an-income-declaration", "A fee notice is made from an `einkommen` declaration.")
        sources = self.sources(row.kommune)
        try:
            case = case_from_answers(json.loads(row.data), first=_month(query, "von"), last=_month(query, "bis"),
                                     income=_amount(query))
        except DeclarationError as exc:
            raise Problem(422, "declaration-not-assessable", f"{exc.detail} ({exc.code}).") from None
        decision = provisional(sources.satzungen, case, sources.kommune, issued=_day(query) or self.server.settings.today(),
                               lang=self._lang(row), reference=row.reference, received_at=row.received_at)
        if output == "pdf":
            from kitaforms.documents.bescheid import bescheid_pdf

            return Response(bescheid_pdf(decision), media_type=PDF_MEDIA_TYPE, headers={
                **NO_STORE, "content-disposition": attachment(f"bescheid-{row.reference}.pdf")})
        return Response(json.dumps(decision, ensure_ascii=False).encode("utf-8"), media_type="application/json",
                        headers=NO_STORE)

    def _lang(self, row: Submission) -> str:
        from kitaforms.render._pages import languages

        bundle = self.server.catalogue.bundle(row.kommune, row.form, row.version)
        offered = languages(bundle.resolved) if bundle is not None else ["de"]
        return row.lang if row.lang in offered else "de"


def _month(query: Query, name: str) -> date | None:
    text = query.get(name)
    return None if text is None else _parse(name, text + "-01" if len(text) == 7 else text, "YYYY-MM")


def _day(query: Query) -> date | None:
    text = query.get("datum")
    return None if text is None else _parse("datum", text, "YYYY-MM-DD")


def _parse(name: str, text: str, shape: str) -> date:
    from kitaforms.serve.admin import Problem

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Problem(400, f"bad-{name}", f"{name} must be {shape}.") from None


def _amount(query: Query) -> Decimal | None:
    from kitaforms.serve.admin import Problem

    text = query.get("einkommen")
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")) or value > 100_000_000:
        raise Problem(400, "bad-einkommen", "einkommen must be a yearly amount in euros, e.g. 45000 or 45000.50.")
    return value


