"""The Kommune's facility search as a page of its own: ``GET /<kommune>/einrichtungen/?art=kita&…``.

Parents can look at the places that fit their child before (or without) registering: care type, the
child's birth month and the start of care (its age in months on the first of the start month: the page
lists what fits either of the two ages a child born in that month can have), weekly
hours, district, postcode or name, and Träger — all in the URL of a ``GET`` form, no JavaScript, no name
or exact birth date. The same filter as the wish list (:mod:`kitaforms.runtime.facilities`); the page lists
at most :data:`SHOWN` places and says how many fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kitaforms.check.choices import options_of
from kitaforms.expr._values import months_between
from kitaforms.render._pages import (
    LANGUAGE_NAMES,
    SUPPORTED,
    Link,
    _kommune_links,
    _render,
    _title,
    kommune_chrome,
    page_prefix,
)
from kitaforms.render._text import direction, pick
from kitaforms.render._theme import gettext
from kitaforms.render._wishes import need_text, option_label
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.facilities import Need, age_text, hours_text, search, traeger_of

SHOWN = 50
FIELDS = ("art", "geboren_monat", "geboren_jahr", "beginn_monat", "beginn_jahr", "stunden", "wo", "traeger")


@dataclass
class Query:
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field → message
    need: Need = field(default_factory=Need)


def read_query(params: Mapping[str, str], lang: str, care_codes: list[str]) -> Query:
    """The search as sent; nothing sent (no field in the URL): the empty form, no errors."""
    values = {name: " ".join(str(params.get(name, "")).split())[:100] for name in FIELDS}
    query = Query(values)
    if not any(name in params for name in FIELDS):
        return query
    care = values["art"] if values["art"] in care_codes else None
    if care is None:
        query.errors["art"] = gettext(lang, "Wählen Sie die Art der Betreuung.")
    birth = _month(values["geboren_monat"], values["geboren_jahr"])
    start = _month(values["beginn_monat"], values["beginn_jahr"])
    if birth is None:
        query.errors["geboren"] = gettext(lang, "Geben Sie Monat und Jahr der Geburt ein, zum Beispiel 5 2023.")
    if start is None:
        query.errors["beginn"] = gettext(lang, "Geben Sie Monat und Jahr des Beginns ein, zum Beispiel 8 2026.")
    elif birth is not None and start < birth:
        query.errors["beginn"] = gettext(lang, "Der Beginn liegt vor der Geburt.")
    hours = values["stunden"]
    if hours and not (hours.isdigit() and 1 <= int(hours) <= 60):
        query.errors["stunden"] = gettext(lang, "Geben Sie die Stunden pro Woche als ganze Zahl von 1 bis 60 ein.")
    if not query.errors and care and birth and start:
        # born some day of that month: on the 1st of the start month the child is this old, or a month younger
        query.need = Need(care, max(months_between(birth, start) - 1, 0), int(hours) if hours else None)
    return query


def _found(facilities: list[Any], need: Need, words: str, traeger: str | None) -> list[Any]:
    """The places that fit the child at the younger or the older of its two possible ages (the wish list, which
    knows the birth date, checks exactly)."""
    older = Need(need.care_type, (need.age_months or 0) + 1, need.hours)
    both = {f.id: f for n in (need, older) for f in search(facilities, n, words, traeger)}
    return sorted(both.values(), key=lambda f: (f.name.casefold(), f.id))


def _month(month: str, year: str) -> date | None:
    if not (month.isdigit() and year.isdigit() and 1 <= int(month) <= 12 and 1900 <= int(year) <= 2100):
        return None
    return date(int(year), int(month), 1)


def facility_page_html(resolved: ResolvedForm, lang: str, params: Mapping[str, str]) -> bytes:
    """The page at ``/<kommune>/einrichtungen/`` (English: ``?lang=en``) for the catalogue of ``resolved``."""
    lang = lang if lang in SUPPORTED else "de"
    kommune = resolved.kommune
    assert kommune is not None and resolved.facilities is not None
    element = next(e for e in resolved.elements_of("ranked_choice") if e.catalogue)
    cares = [(o.code, pick(o.label, lang).text) for o in _care_options(resolved, element)]  # type: ignore[union-attr]
    query = read_query(params, lang, [code for code, _ in cares])
    facilities = resolved.facilities.facilities
    found = _found(facilities, query.need, query.values["wo"], query.values["traeger"] or None) if query.need.known else []
    title = gettext(lang, "Einrichtungen suchen")
    root = "../"  # the page is /<kommune>/einrichtungen/, the Kommune's assets are /<kommune>/assets/
    chrome = kommune_chrome(kommune, lang, "index.html")
    chrome.alternates = [Link("./" if other == "de" else f"./?lang={other}", LANGUAGE_NAMES[other], other, LANGUAGE_NAMES[other])
                         for other in SUPPORTED if other != lang]
    chrome.home = f"{root}{page_prefix(lang)}index.html"
    chrome.links = _kommune_links(kommune, lang, root)
    summary = [{"text": text, "target": "f-" + name} for name, text in query.errors.items()]
    context = {
        "lang": lang, "dir": direction(lang), "root": root, "chrome": chrome, "kommune": kommune, "title": title,
        "page_title": (gettext(lang, "Fehler:") + " " if summary else "") + _title(title, kommune.name),
        "query": query.values, "errors": {name: query.errors.get(name, "") for name in ("art", "geboren", "beginn", "stunden")},
        "summary": summary, "cares": cares,
        "traeger": traeger_of(facilities), "sample": resolved.facilities.sample_data,
        "found": [_row(f, lang) for f in found[:SHOWN]], "count": len(found) if query.need.known else None,
        "whom": need_text(resolved, element, query.need, lang) if query.need.known else "",
        "more": len(found) > SHOWN, "shown": SHOWN, "register": f"{root}{resolved.form.id}/{page_prefix(lang)}",
    }
    return _render(lang, "facilities.html", context)


def _care_options(resolved: ResolvedForm, element: Any) -> list[Any]:
    placed = resolved.placed.get((element.filter_care_type or "").strip())
    return (options_of(resolved, placed.element) if placed is not None else None) or []  # type: ignore[arg-type]


def _row(facility: Any, lang: str) -> dict[str, str]:
    hours = hours_text(facility.weekly_hours, lang) if facility.weekly_hours else ""
    return {
        "name": facility.name, "where": option_label(facility).split(" – ", 1)[1], "traeger": facility.traeger,
        "ages": gettext(lang, "Alter: %(von)s bis unter %(bis)s", von=age_text(facility.age_from_months, lang),
                        bis=age_text(facility.age_to_months, lang)),
        "hours": gettext(lang, "%(hours)s Stunden pro Woche", hours=hours) if hours else "",
    }


__all__ = ["facility_page_html", "read_query", "Query", "SHOWN"]
