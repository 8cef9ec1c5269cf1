"""The wish list's facility search on the page without JavaScript, and the catalogue file for the runtime.

Without JavaScript the wish list is a few selects. A real catalogue (Köln: about 700 places) cannot
stand in each of them, so the page carries a search: district, postcode or name, and the Träger, with
a button that posts the page (as a repeat's add button does; the answers stay) — the server answers
with the same page whose selects offer only the facilities that fit the child (care type, age on the
start of care, weekly hours: :mod:`kitaforms.runtime.facilities`) and match the search. A catalogue of
at most :data:`SMALL_CATALOGUE` facilities is offered whole on a fresh page, as before; once the
answers are known, every select offers only what fits.

With JavaScript the runtime (``wishes.js``) loads :data:`ASSET` (every facility as a compact row) only
when the wish list is shown, so the first view does not carry the catalogue.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kitaforms.render._text import pick
from kitaforms.render._theme import gettext
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.facilities import Need, age_text, search, traeger_of
from kitaforms.runtime.submission import FormRuntime, wish_need

ASSET = "assets/einrichtungen.json"  # inside the assistant folder, beside kitaforms.js
SMALL_CATALOGUE = 60  # facilities a fresh page without JavaScript offers in every select
MOST_OPTIONS = 50  # facilities a search offers at most (then it asks to narrow the search)
SEARCH, TRAEGER, BUTTON = "_suche.", "_traeger.", "_suchen"  # names of the search's fields and button


@dataclass
class WishSearch:
    """The search fields of the wish lists as posted (``path`` → (words, Träger)); ``pressed``: whose button."""

    terms: dict[str, tuple[str, str]] = field(default_factory=dict)
    pressed: str | None = None


def wish_search(post: Mapping[str, list[Any]]) -> WishSearch:
    found = WishSearch()
    for name, values in post.items():
        if name.startswith(SEARCH):
            path = name[len(SEARCH):]
            found.terms[path] = (_text(values), _text(post.get(TRAEGER + path, [])))
    pressed = _text(post.get(BUTTON, []))
    found.pressed = pressed or None
    if found.pressed and found.pressed not in found.terms:
        found.terms[found.pressed] = ("", "")
    return found


def _text(values: list[Any]) -> str:
    value = values[0] if values else ""
    return " ".join(value.split())[:100] if isinstance(value, str) else ""


def catalogue_asset_needed(resolved: ResolvedForm) -> bool:
    """Whether the form has a wish list of the Kommune's facilities (and the Kommune a catalogue)."""
    return resolved.facilities is not None and any(e.catalogue for e in resolved.elements_of("ranked_choice"))


def catalogue_asset(resolved: ResolvedForm) -> bytes | None:
    """Every facility as a row ``[id, name, Träger, address, care types, age from, age to, district, hours, postcode]``,
    sorted by name; ``sample``: whether the catalogue is sample data."""
    if not catalogue_asset_needed(resolved):
        return None
    assert resolved.facilities is not None
    rows = [
        [f.id, f.name, f.traeger, f"{f.address.street}, {f.address.postal_code} {f.address.city}", list(f.care_types),
         f.age_from_months, f.age_to_months, f.district or "", list(f.weekly_hours), f.address.postal_code]
        for f in sorted(resolved.facilities.facilities, key=lambda f: (f.name.casefold(), f.id))
    ]
    document = {"sample": resolved.facilities.sample_data, "f": rows}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def option_label(facility: Any) -> str:
    address = facility.address
    district = f" ({facility.district})" if facility.district else ""
    return f"{facility.name} – {address.street}, {address.postal_code} {address.city}{district}"


@dataclass
class SearchView:
    """What the page shows of one wish list's search."""

    words: str = ""
    traeger: str = ""
    traeger_options: list[str] = field(default_factory=list)
    summary: str = ""  # after a search or with known answers: what was found for whom
    options: list[tuple[str, str]] = field(default_factory=list)  # (code, label) for the selects
    asked: bool = False  # the page answers a search (its button was pressed)
    sample: bool = False  # the catalogue is sample data (the page says so)


def search_view(resolved: ResolvedForm, element: Any, path: str, lang: str, data: Mapping[str, Any] | None,
                searched: WishSearch | None, chosen: list[str], today: date | None) -> SearchView:
    facilities = resolved.facilities.facilities if resolved.facilities else []
    words, traeger = (searched.terms.get(path, ("", "")) if searched else ("", ""))
    view = SearchView(words, traeger, traeger_of(facilities), asked=bool(searched and searched.pressed == path),
                      sample=bool(resolved.facilities and resolved.facilities.sample_data))
    need = _need(resolved, element, data, today)
    if not need.known and not view.asked:
        small = len(facilities) <= SMALL_CATALOGUE
        view.options = [(f.id, option_label(f)) for f in _by_name(facilities)] if small else []
    elif not need.known:
        view.summary = gettext(lang, "Beantworten Sie zuerst die Fragen zur Betreuungsart, zum Geburtsdatum Ihres Kindes "
                                     "und zum Beginn. Dann zeigen wir Ihnen die passenden Einrichtungen.")
    else:
        found = search(facilities, need, words, traeger or None)
        view.options = [(f.id, option_label(f)) for f in found[:MOST_OPTIONS]]
        view.summary = _summary(resolved, element, need, len(found), lang)
    offered = {code for code, _ in view.options}
    by_id = {f.id: f for f in facilities}
    kept = [(code, option_label(by_id[code])) for code in chosen if code in by_id and code not in offered]
    view.options = kept + view.options  # a pick stays selectable, fitting or not (the check says why not)
    return view


def _by_name(facilities: list[Any]) -> list[Any]:
    return sorted(facilities, key=lambda f: (f.name.casefold(), f.id))


def _need(resolved: ResolvedForm, element: Any, data: Mapping[str, Any] | None, today: date | None) -> Need:
    if data is None:
        return Need()
    placed = next((p for p in resolved.placed.values() if p.element is element), None)
    if placed is None:
        return Need()
    try:
        runtime = FormRuntime(resolved, data, today or date.today())
        return wish_need(runtime, element, placed, ())
    except Exception:  # noqa: BLE001 - answers the rules cannot read yet: search without the child's need
        return Need()


def need_text(resolved: ResolvedForm, element: Any, need: Need, lang: str) -> str:
    """"Kindertageseinrichtung (Kita), 3 Jahre und 2 Monate zum Beginn, 35 Stunden pro Woche"."""
    parts = [_care(resolved, element, need.care_type or "", lang)]
    if need.age_months is not None:
        parts.append(gettext(lang, "%(age)s alt zum Beginn", age=age_text(need.age_months, lang)))
    if need.hours is not None:
        parts.append(gettext(lang, "%(hours)s Stunden pro Woche", hours=need.hours))
    return ", ".join(parts)


def _care(resolved: ResolvedForm, element: Any, code: str, lang: str) -> str:
    from kitaforms.check.choices import options_of

    placed = resolved.placed.get((element.filter_care_type or "").strip())
    options = options_of(resolved, placed.element) if placed is not None else None  # type: ignore[arg-type]
    option = next((o for o in options or [] if o.code == code), None)
    label = pick(option.label, lang) if option else None
    return label.text if label else code


def _summary(resolved: ResolvedForm, element: Any, need: Need, count: int, lang: str) -> str:
    whom = need_text(resolved, element, need, lang)
    if count == 0:
        return gettext(lang, "Keine passende Einrichtung gefunden für: %(whom)s. Ändern Sie die Suche oder lassen Sie "
                             "sie leer.", whom=whom)
    if count == 1:
        text = gettext(lang, "Eine passende Einrichtung für: %(whom)s.", whom=whom)
    else:
        text = gettext(lang, "%(num)s passende Einrichtungen für: %(whom)s.", num=count, whom=whom)
    if count > MOST_OPTIONS:
        text += " " + gettext(lang, "Zur Auswahl stehen die ersten %(num)s. Grenzen Sie die Suche mit Stadtteil, "
                                    "Postleitzahl oder Träger ein.", num=MOST_OPTIONS)
    return text


__all__ = ["ASSET", "WishSearch", "wish_search", "catalogue_asset", "search_view", "SearchView", "need_text",
           "SMALL_CATALOGUE", "MOST_OPTIONS", "SEARCH", "TRAEGER", "BUTTON"]
