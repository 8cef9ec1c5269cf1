"""The portal's entry page: the Zuständigkeitsfinder ("Wo wohnen Sie?") and every Jugendamt on the portal.

:func:`finder_html` turns an answer of :class:`kitaforms.serve.finder.Finder` into the page (a GET form
and the answer, no JavaScript). The page lives at ``/`` (German) and ``/en/``; its style sheets are
:func:`kitaforms.render.theme_assets` at ``/assets/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from kitaforms.render._pages import LANGUAGE_NAMES, SUPPORTED, Chrome, Link, _render, _title
from kitaforms.render._text import direction
from kitaforms.render._theme import gettext


@dataclass
class FinderKommune:
    """A Jugendamt on the portal, for the list at the end of the page."""

    id: str
    name: str
    forms: list[dict[str, str]] = field(default_factory=list)  # {"href", "title", "version"}
    facilities: bool = False  # it has a facility search (/<kommune>/einrichtungen/)


def page_root(lang: str) -> str:
    return "/" if lang == "de" else f"/{lang}/"


def finder_html(lang: str, answer: Any, kommunen: list[FinderKommune], problems: list[str]) -> bytes:
    lang = lang if lang in SUPPORTED else "de"
    action = page_root(lang)
    error = _error(answer, lang)
    view = None if error or answer.kind == "empty" else _answer(answer, lang, kommunen)
    query = answer.query if answer.kind != "empty" else ""
    title = view["title"] if view else gettext(lang, "Wo wohnen Sie?")
    if error:
        title = gettext(lang, "Fehler:") + " " + title
    context = {
        "lang": lang, "dir": direction(lang), "root": "/", "chrome": _chrome(lang, answer), "action": action,
        "page_title": _title(title, gettext(lang, "Kinderbetreuung in Nordrhein-Westfalen")), "query": query,
        "error": error, "answer": view, "problems": problems,
        "kommunen": [{"href": f"/{k.id}/{'' if lang == 'de' else lang + '/'}", "name": k.name, "forms": k.forms}
                     for k in kommunen],
    }
    return _render(lang, "finder.html", context)


def _chrome(lang: str, answer: Any) -> Chrome:
    query = "?" + urlencode({"wo": answer.query}) if answer.kind != "empty" and answer.query else ""
    alternates = [Link(page_root(other) + query, LANGUAGE_NAMES[other], other, LANGUAGE_NAMES[other])
                  for other in SUPPORTED if other != lang]
    return Chrome(gettext(lang, "Kinderbetreuung in Nordrhein-Westfalen"), page_root(lang), alternates)


def _error(answer: Any, lang: str) -> str | None:
    if answer.kind == "missing":
        return gettext(lang, "Geben Sie Ihre Postleitzahl oder Ihren Wohnort ein.")
    if answer.kind == "invalid":
        return gettext(lang, "Geben Sie eine Postleitzahl mit 5 Ziffern oder den Namen Ihres Wohnorts ein, zum Beispiel 50667 oder Werl.")
    return None


def _answer(answer: Any, lang: str, kommunen: list[FinderKommune]) -> dict[str, Any]:
    """The answer's caption, heading, sentences, link onward and sample-data note."""
    handler = {"served": _served, "own": _own, "elsewhere": _elsewhere, "choose": _choose, "unknown": _unknown}[answer.kind]
    view: dict[str, Any] = {"caption": _caption(answer, lang), "lines": [], "link": None, "sample": None,
                            "choices": [], "suggestions": [], "search": None}
    handler(view, answer, lang, {k.id for k in kommunen})
    served = next((k for k in kommunen if answer.kind == "served" and k.id == answer.town.area.kommune), None)
    if served is not None and served.facilities:
        view["search"] = f"/{served.id}/einrichtungen/" + ("" if lang == "de" else f"?lang={lang}")
    town = answer.town
    if town is not None and town.area.sample:
        note = (town.area.note or {}).get(lang) or (town.area.note or {}).get("de")
        view["sample"] = note or gettext(lang, "Beispieldaten: Diese Zuordnung ist nicht geprüft.")
    return view


def _caption(answer: Any, lang: str) -> str:
    if answer.code:
        return gettext(lang, "Postleitzahl %(code)s", code=answer.code)
    return gettext(lang, "Wohnort: %(name)s", name=answer.town.name if answer.town else answer.query)


def _link(kommune: str, name: str, lang: str) -> dict[str, str]:
    return {"href": f"/{kommune}/{'' if lang == 'de' else lang + '/'}",
            "text": gettext(lang, "Weiter zu den Anträgen: %(name)s", name=name)}


def _served(view: dict[str, Any], answer: Any, lang: str, on_portal: set[str]) -> None:
    town, area = answer.town, answer.town.area
    view["title"] = gettext(lang, "Zuständig ist: %(jugendamt)s", jugendamt=area.jugendamt)
    if area.towns > 1:
        view["lines"].append(gettext(
            lang, "%(town)s liegt im %(name)s. Dessen Jugendamt (Kreisjugendamt) ist für %(num)s Städte und Gemeinden im "
            "Kreis zuständig.", town=town.name, name=area.name, num=area.towns))
    else:
        view["lines"].append(gettext(lang, "Für %(town)s ist das Jugendamt der Stadt zuständig.", town=town.name))
    view["lines"].append(gettext(lang, "Dort stellen Sie Ihre Anträge zur Kinderbetreuung online, ohne Konto."))
    view["link"] = _link(area.kommune, area.name, lang)


def _own(view: dict[str, Any], answer: Any, lang: str, on_portal: set[str]) -> None:
    town, area = answer.town, answer.town.area
    view["title"] = gettext(lang, "Zuständig ist: %(jugendamt)s", jugendamt=town.jugendamt)
    view["lines"].append(gettext(lang, "%(town)s gehört zum %(kreis)s, hat aber ein eigenes Jugendamt. Das Jugendamt des Kreises ist für %(town)s nicht zuständig.",
                                 town=town.name, kreis=area.name))
    if town.target and town.target in on_portal:
        view["link"] = _link(town.target, town.jugendamt, lang)
    else:
        view["lines"].append(gettext(lang, "Dieses Jugendamt ist nicht auf diesem Portal. Bitte wenden Sie sich direkt an das Jugendamt Ihres Wohnorts, zum Beispiel über die Internetseite Ihrer Stadt."))


def _elsewhere(view: dict[str, Any], answer: Any, lang: str, on_portal: set[str]) -> None:
    view["title"] = gettext(lang, "Für %(town)s ist kein Jugendamt auf diesem Portal zuständig", town=answer.town.name)
    view["lines"].append(gettext(lang, "Bitte wenden Sie sich an das Jugendamt Ihres Wohnorts, zum Beispiel über die Internetseite Ihrer Stadt oder Ihres Kreises."))


def _choose(view: dict[str, Any], answer: Any, lang: str, on_portal: set[str]) -> None:
    view["title"] = gettext(lang, "In welchem Ort wohnen Sie?")
    if answer.code:
        view["lines"].append(gettext(lang, "Die Postleitzahl %(code)s gehört zu mehreren Orten.", code=answer.code))
    view["choices"] = [town.name for town in answer.choices]


def _unknown(view: dict[str, Any], answer: Any, lang: str, on_portal: set[str]) -> None:
    view["title"] = gettext(lang, "Für „%(query)s“ kennt dieses Portal kein Jugendamt", query=answer.query)
    view["lines"].append(gettext(lang, "Prüfen Sie die Schreibweise, oder geben Sie Ihre Postleitzahl ein. Unten stehen alle Jugendämter auf diesem Portal."))
    view["suggestions"] = [{"name": name, "href": page_root(lang) + "?" + urlencode({"wo": name})} for name in answer.suggestions]


__all__ = ["finder_html", "FinderKommune", "page_root"]
