"""The Zuständigkeitsfinder: postcode or town → the responsible Jugendamt (``GET /?wo=…``).

Built from every Kommune's ``zustaendigkeit.json`` (:mod:`kitaforms.export.area`) when the bundles
are loaded. A parent types a postcode or a town; :meth:`Finder.lookup` answers with one of

* ``served``    — a Kommune on this portal serves the town (with how many towns it serves: a Kreis);
* ``own``       — the town lies in a Kreis but has its own Jugendamt (linked when it is on the portal,
  else named, without contacts the portal does not have);
* ``elsewhere`` — the town is known only as a neighbour sharing a postcode: not on this portal;
* ``choose``    — the postcode belongs to several towns: the parent picks the town;
* ``unknown``   — nothing known (with close town names, if any); ``invalid`` — not a postcode or a name;
  ``empty`` — nothing asked; ``missing`` — the question sent empty.

Pure data in, data out: the page is rendered by :func:`kitaforms.render.render_finder`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kitaforms.runtime.facilities import fold


def name_key(text: str) -> str:
    """A town's name for comparing: folded, and "oe" as "ö" ("Koeln" finds Köln)."""
    key = fold(text)
    for pair, single in (("ae", "a"), ("oe", "o"), ("ue", "u")):
        key = key.replace(pair, single)
    return key

SERVED, OWN, ELSEWHERE, CHOOSE, UNKNOWN, INVALID, EMPTY = "served", "own", "elsewhere", "choose", "unknown", "invalid", "empty"
MISSING = "missing"  # the question was sent without an answer (the page shows an error, not the plain question)
MAX_QUERY = 100
_POSTCODE = re.compile(r"^\d{5}$")
_NAME = re.compile(r"^[^\W\d_][\w .()'/-]*$")


@dataclass(frozen=True)
class Area:
    """One Kommune's declaration as the finder reads it."""

    kommune: str
    name: str
    jugendamt: str
    towns: int  # how many towns it serves (more than one: a Kreisjugendamt)
    sample: bool
    note: Mapping[str, str] | None


@dataclass(frozen=True)
class Town:
    name: str
    codes: tuple[str, ...]
    kind: str  # SERVED, OWN or ELSEWHERE
    area: Area
    jugendamt: str | None = None  # OWN: who is responsible instead
    target: str | None = None  # OWN: that Jugendamt's Kommune id, when on the portal


@dataclass
class Answer:
    kind: str
    query: str = ""
    town: Town | None = None
    code: str | None = None  # the postcode asked for, if any
    choices: list[Town] = field(default_factory=list)  # CHOOSE: one per town
    suggestions: list[str] = field(default_factory=list)  # UNKNOWN: close town names


class Finder:
    def __init__(self, documents: Iterable[Mapping[str, Any]]) -> None:
        self.towns: list[Town] = []
        for document in documents:
            self.towns.extend(_towns(document))
        self.by_code: dict[str, list[Town]] = {}
        self.by_name: dict[str, list[Town]] = {}
        for town in self.towns:
            for code in town.codes:
                self.by_code.setdefault(code, []).append(town)
            self.by_name.setdefault(name_key(town.name), []).append(town)

    def lookup(self, query: str | None, town: str | None = None) -> Answer:
        """``query`` None: nothing asked; blank: asked without an answer."""
        text = " ".join((query or "").split())[:MAX_QUERY]
        if not text:
            return Answer(EMPTY if query is None else MISSING)
        if _POSTCODE.match(text):
            return self._by_code(text, town)
        if not _NAME.match(text):
            return Answer(INVALID, text)
        return self._by_name(text)

    def _by_code(self, code: str, chosen: str | None) -> Answer:
        towns = _best(self.by_code.get(code, []))
        if chosen is not None:
            towns = [t for t in towns if name_key(t.name) == name_key(chosen)] or towns
        if not towns:
            return Answer(UNKNOWN, code, code=code)
        if len(towns) > 1:
            return Answer(CHOOSE, code, code=code, choices=sorted(towns, key=lambda t: fold(t.name)))
        return Answer(towns[0].kind, code, towns[0], code=code)

    def _by_name(self, text: str) -> Answer:
        key = name_key(text)
        towns = _best(self.by_name.get(key, []))
        if not towns:  # "Wickede" for "Wickede (Ruhr)", "Bocklemünd" for "Bocklemünd/Mengenich"
            towns = _best([t for name, found in self.by_name.items() if re.split(r"[ (/-]", name, maxsplit=1)[0] == key for t in found])
        if len(towns) == 1:
            return Answer(towns[0].kind, text, towns[0])
        if len(towns) > 1:
            return Answer(CHOOSE, text, choices=sorted(towns, key=lambda t: fold(t.name)))
        close = difflib.get_close_matches(key, list(self.by_name), n=3, cutoff=0.7)
        return Answer(UNKNOWN, text, suggestions=[self.by_name[name][0].name for name in close])


def _best(towns: list[Town]) -> list[Town]:
    """One entry per town: what a Kommune says about its own towns beats a neighbour's mention."""
    rank = {SERVED: 0, OWN: 1, ELSEWHERE: 2}
    best: dict[str, Town] = {}
    for town in sorted(towns, key=lambda t: rank[t.kind]):
        best.setdefault(fold(town.name), town)
    return list(best.values())


def _towns(document: Mapping[str, Any]) -> list[Town]:
    kommune = document["kommune"]
    area = Area(kommune["id"], kommune["name"], kommune["jugendamt"], len(document.get("gemeinden", [])),
                bool(document.get("beispieldaten")), document.get("hinweis"))
    towns = [Town(t["name"], tuple(t["postleitzahlen"]), SERVED, area) for t in document.get("gemeinden", [])]
    towns += [Town(t["name"], tuple(t["postleitzahlen"]), OWN, area, t["jugendamt"], t.get("kommune"))
              for t in document.get("eigene_jugendaemter", [])]
    towns += [Town(t["name"], tuple(t["postleitzahlen"]), ELSEWHERE, area) for t in document.get("nachbarorte", [])]
    return towns


__all__ = ["Finder", "Answer", "Town", "Area", "SERVED", "OWN", "ELSEWHERE", "CHOOSE", "UNKNOWN", "INVALID", "EMPTY",
           "MISSING"]
