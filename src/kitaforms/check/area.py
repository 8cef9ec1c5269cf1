"""The towns and postcodes Kommunen serve (``zustaendigkeit:``): each AGS, postcode and claim once.

Per Kommune (:func:`check_area`): every AGS lies in the Kommune's Kreis, every postcode is a German
one and stands once per town, a Kommune named for a town with its own Jugendamt exists. Across the
Kommunen of a run (:func:`check_claims`): no town (AGS) is served twice, and no postcode is claimed
twice for the same town; one postcode for several towns is fine, the finder asks for the town.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from kitaforms.diagnostics import Diagnostic
from kitaforms.load.project import KommuneSources
from kitaforms.load.yaml_source import Document
from kitaforms.model.kommune import Kommune
from kitaforms.runtime.facilities import fold

AREA = "zustaendigkeit"


def check_area(sources: KommuneSources, kommune_ids: Collection[str]) -> Iterator[Diagnostic]:
    if sources.kommune is None or sources.kommune.model.zustaendigkeit is None:
        return
    kommune, document = sources.kommune.model, sources.kommune.document
    area = kommune.zustaendigkeit
    assert area is not None
    for key, towns in (("gemeinden", area.gemeinden), ("eigene_jugendaemter", area.eigene_jugendaemter)):
        for index, town in enumerate(towns):
            path = (AREA, key, index)
            yield from _ags(kommune, town.ags, document, path)
            yield from _postcodes(town.postleitzahlen, document, (*path, "postleitzahlen"))
    for index, town in enumerate(area.nachbarorte):
        yield from _postcodes(town.postleitzahlen, document, (AREA, "nachbarorte", index, "postleitzahlen"))
    for index, own in enumerate(area.eigene_jugendaemter):
        if own.kommune is not None and own.kommune not in kommune_ids:
            close = difflib.get_close_matches(own.kommune, list(kommune_ids), n=1, cutoff=0.6)
            yield Diagnostic.make(
                "GEBIET_005", f"there is no Kommune `{own.kommune}` on this portal",
                document.locate((AREA, "eigene_jugendaemter", index, "kommune")),
                f"did you mean `{close[0]}`?" if close else "leave `kommune` out: the finder then says that this "
                "Jugendamt is not on this portal",
            )


def _ags(kommune: Kommune, ags: str, document: Document, path: tuple[object, ...]) -> Iterator[Diagnostic]:
    land, kreis = int(ags[:2]), ags[:5]
    problem = None
    if not 1 <= land <= 16:
        problem = f"{ags[:2]} is no Land (01–16)"
    elif kreis != kommune.ags[:5]:
        problem = f"it lies in the Kreis {kreis}, not in the Kommune's {kommune.ags[:5]} (its `ags` {kommune.ags})"
    elif ags.endswith("000") and ags != kommune.ags:
        problem = "it is the key of a Kreis, not of a town"
    if problem:
        yield Diagnostic.make("GEBIET_003", f"the AGS {ags} is not a town of {kommune.name}: {problem}",
                              document.locate((*path, "ags")), "copy the AGS from the official Gemeindeverzeichnis")


def _postcodes(codes: list[str], document: Document, path: tuple[object, ...]) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if not "01001" <= code <= "99998":
            yield Diagnostic.make("GEBIET_004", f"{code} is not a German postcode (01001–99998)",
                                  document.locate((*path, index)), "check the digits")
        elif code in seen:
            yield Diagnostic.make("GEBIET_004", f"the postcode {code} is listed twice for this town",
                                  document.locate((*path, index)), "list every postcode once")
        seen.add(code)


@dataclass(frozen=True)
class Claim:
    kommune: str
    document: Document
    path: tuple[object, ...]
    ags: str
    town: str
    codes: tuple[str, ...]


def claims(kommunen: Iterable[KommuneSources]) -> list[Claim]:
    """Every town a Kommune serves (its ``gemeinden``), in file order."""
    found = []
    for sources in sorted(kommunen, key=lambda s: s.id):
        if sources.kommune is None or sources.kommune.model.zustaendigkeit is None:
            continue
        for index, town in enumerate(sources.kommune.model.zustaendigkeit.gemeinden):
            found.append(Claim(sources.kommune.model.id, sources.kommune.document, (AREA, "gemeinden", index), town.ags,
                               town.name, tuple(town.postleitzahlen)))
    return found


def check_claims(kommunen: Iterable[KommuneSources]) -> Iterator[Diagnostic]:
    by_ags: dict[str, Claim] = {}
    by_code: dict[tuple[str, str], Claim] = {}
    for claim in claims(kommunen):
        first = by_ags.setdefault(claim.ags, claim)
        if first is not claim:
            yield Diagnostic.make(
                "GEBIET_002", f"the town {claim.ags} ({claim.town}) is already served by {_where(first)}",
                claim.document.locate((*claim.path, "ags")),
                "only one Jugendamt serves a town: remove one entry, or move the town to `eigene_jugendaemter`",
            )
            continue
        for index, code in enumerate(claim.codes):
            taken = by_code.setdefault((code, fold(claim.town)), claim)
            if taken is not claim:
                yield Diagnostic.make(
                    "GEBIET_001", f"the postcode {code} of {claim.town} is already claimed by {_where(taken)}",
                    claim.document.locate((*claim.path, "postleitzahlen", index)),
                    "the finder could not tell who is responsible: keep the postcode with one town only, or name the "
                    "towns apart",
                )


def _where(claim: Claim) -> str:
    return f"`{claim.kommune}` ({claim.town}, {claim.document.file})"


__all__ = ["check_area", "check_claims", "claims", "Claim"]
