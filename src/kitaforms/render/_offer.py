"""The page behind an offer's secret link: the offer, the questions of the form ``platzangebot`` while it is
open, the family's answer, and the care contract with its consent; and the page of a link that opens nothing.

The page works without JavaScript: one HTML form that posts to the link itself (the answer), and one that
posts the consent with the sha256 of the contract the parents were shown. Every value is escaped by the
templates; the page loads its style sheets from the form's own folder (``root``), nothing from elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.dates import format_date

from kitaforms.contract.document import CARE_TYPES
from kitaforms.render._answers import LOCALES
from kitaforms.render._pages import (
    LANGUAGE_NAMES,
    Chrome,
    Link,
    SummaryItem,
    _error_maps,
    _render,
    _title,
    form_chrome,
    summary_items,
)
from kitaforms.render._receipt import Moment, received
from kitaforms.render._text import direction
from kitaforms.render._theme import gettext
from kitaforms.render._view import ViewContext, build_steps
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import FieldError


@dataclass(frozen=True)
class ContractView:
    """The contract of an accepted offer as the page shows it."""

    status: str  # awaiting_consent, consented, awaiting_signature
    signature: str  # online, handwritten, eid
    sha256: str
    size: int
    pdf: str  # where it is downloaded
    consent_action: str  # where the consent is posted
    note: str = ""  # the template's word on signing
    consented_at: str | None = None


@dataclass(frozen=True)
class OfferView:
    """Everything the offer page shows: the offer as kept, its status today and the links of the page."""

    record: Mapping[str, Any]  # kitaforms.allocate.offers.offer_records
    status: str  # offered, accepted, declined, expired (as of today)
    action: str  # where the answer is posted (the link itself)
    answered_at: str | None = None
    contract: ContractView | None = None
    contract_pending: bool = False  # accepted, but no contract yet (the Jugendamt makes it)
    message: str = ""  # why a post did nothing (answered already, deadline passed, contract changed)
    consent_error: str = ""
    alternates: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (language, href)


def offer_html(resolved: ResolvedForm, lang: str, view: OfferView, *, root: str, data: Mapping[str, Any] | None = None,
               errors: list[FieldError] | None = None) -> bytes:
    """The offer page in ``lang``; ``data``/``errors`` refill the answer's questions after a failed check."""
    found, warned = _error_maps(errors or [], lang)
    steps = build_steps(ViewContext(resolved, lang, data, found, warned)) if view.status == "offered" else []
    summary = summary_items(steps, found, errors or [], lang)
    if view.consent_error:
        summary.append(SummaryItem(view.consent_error, "f-zustimmung"))
    chrome = form_chrome(resolved, lang, root)
    chrome.alternates = [Link(href, LANGUAGE_NAMES[other], other, LANGUAGE_NAMES[other]) for other, href in view.alternates]
    title = gettext(lang, "Ihr Platzangebot")
    page_title = _title(title, resolved.kommune.name if resolved.kommune else "")
    context = {
        "lang": lang, "dir": direction(lang), "root": root, "chrome": chrome, "title": title,
        "page_title": (gettext(lang, "Fehler:") + " " + page_title) if summary else page_title,
        "summary": summary, "steps": steps, "action": view.action, "view": view, "facts": _facts(view.record, lang),
        "deadline": _day(view.record["deadline"], lang), "answered": _moment(view.answered_at, lang),
        "contract": view.contract, "consented": _moment(view.contract.consented_at if view.contract else None, lang),
        "sample": bool(view.record.get("sample_data")),
    }
    return _render(lang, "offer.html", context)


def offer_gone_html(lang: str, root: str, alternates: list[tuple[str, str]]) -> bytes:
    """The 404 page of an offer link that opens nothing (never issued, mistyped, replaced by a new link)."""
    title = gettext(lang, "Unter diesem Link ist kein Platzangebot")
    chrome = Chrome("Nordrhein-Westfalen", alternates=[Link(href, LANGUAGE_NAMES[other], other, LANGUAGE_NAMES[other])
                                                      for other, href in alternates])
    context = {"lang": lang, "dir": direction(lang), "root": root, "chrome": chrome, "title": title, "page_title": title}
    return _render(lang, "offer_gone.html", context)


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def _facts(record: Mapping[str, Any], lang: str) -> list[Fact]:
    t = lambda text: gettext(lang, text)  # noqa: E731
    child, facility, place = record.get("child", {}), record["facility"], record["place"]
    address = facility["address"]
    rows = [
        (t("Angebotsnummer"), record["id"]),
        (t("Kind"), " ".join(str(child[k]) for k in ("vorname", "nachname") if child.get(k))),
        (t("Geburtsdatum"), _day(child.get("geburtsdatum"), lang)),
        (t("Einrichtung"), facility["name"]),
        (t("Träger"), facility["traeger"]),
        (t("Anschrift der Einrichtung"), f"{address['street']}, {address['postal_code']} {address['city']}"),
        (t("Betreuungsart"), _care_type(place.get("care_type"), lang)),
        (t("Beginn der Betreuung"), _day(f"{place['start']}-01", lang) if place.get("start") else ""),
        (t("Wochenstunden"), _hours(place.get("hours"))),
        (t("Antwort bis"), t("%(day)s (einschließlich)") % {"day": _day(record["deadline"], lang)}),
    ]
    return [Fact(label, value) for label, value in rows if value]


def _care_type(code: Any, lang: str) -> str:
    """The care type as the contract names it (one wording for the page and the document)."""
    names = CARE_TYPES.get(lang, CARE_TYPES["de"])
    return names.get(str(code), str(code or ""))


def _day(text: Any, lang: str) -> str:
    try:
        return format_date(date.fromisoformat(str(text)), "long", locale=LOCALES.get(lang, lang))
    except ValueError:
        return ""


def _moment(at: str | None, lang: str) -> Moment | None:
    return received(at, lang) if at else None


def _hours(hours: Any) -> str:
    if hours is None:
        return ""
    number = float(hours)
    return str(int(number)) if number.is_integer() else str(hours)
