"""Stability of an outcome: which applicants have justified envy, and who came closest to each place.

An applicant (a child, or a family that needs places together) has *justified envy* towards a facility
when it would rather be there than where it is, and the facility could take it: for every member a
cell it fits that has a free place or is held by an applicant of lower priority at that facility.
For a single child better hours at its own facility count too. Deferred acceptance leaves no such
case for single children; families needing several places together, and the second phase that places
split siblings, can leave some: they are counted and listed in every report.

The same pass notes, for every cell, the best-ranked applicant who wanted it and did not get it (the
*runner-up*): an offer's reason is what put its child ahead of the runner-up.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from kitaforms.allocate.engine import Held
from kitaforms.allocate.market import Market, Unit, unit_key
from kitaforms.allocate.priority import Key


@dataclass(frozen=True)
class Envy:
    unit: int
    facility: int
    cells: tuple[int, ...]  # the cell each member could have
    displaced: tuple[int, ...]  # children of lower priority holding those places (none: a place is free)


@dataclass
class Outcome:
    market: Market
    units: list[Unit]
    held: list[Held | None]
    free: list[int]  # places left in each cell
    holders: dict[int, list[tuple[Key, int, int]]] = field(default_factory=dict)  # cell → (key, unit, child), best first
    runner_up: dict[int, tuple[Key, int]] = field(default_factory=dict)  # cell → (key, unit)
    envy: list[Envy] = field(default_factory=list)

    def unit_of(self) -> dict[int, int]:
        return {child: index for index, unit in enumerate(self.units) for child in unit.members}


def assess(outcome: Outcome) -> Outcome:
    """Fill in holders, runner-ups and justified envy (the outcome is returned for chaining)."""
    outcome.holders = _holders(outcome)
    for index, unit in enumerate(outcome.units):
        for option, facility, key in _wanted(outcome, index, unit):
            _note_runner_up(outcome, index, unit, option, key)
            envy = _envy(outcome, index, unit, option, facility, key)
            if envy is not None:
                outcome.envy.append(envy)
    return outcome


def _holders(outcome: Outcome) -> dict[int, list[tuple[Key, int, int]]]:
    holders: dict[int, list[tuple[Key, int, int]]] = defaultdict(list)
    for index, held in enumerate(outcome.held):
        if held is None:
            continue
        unit = outcome.units[index]
        facility = unit.fits[held.option][0].facility
        key = unit_key(outcome.market, unit, facility)
        for child, cell in zip(unit.members, held.cells, strict=True):
            holders[cell].append((key, index, child))
    return {cell: sorted(entries) for cell, entries in holders.items()}


def _wanted(outcome: Outcome, index: int, unit: Unit) -> Iterator[tuple[int, int, Key]]:
    """The options the unit would rather have than what it holds (for a single child: also its own
    facility, when it holds worse hours there)."""
    held = outcome.held[index]
    last = held.option if held is not None else len(unit.fits)
    for option in range(last):
        facility = unit.fits[option][0].facility
        yield option, facility, unit_key(outcome.market, unit, facility)
    if held is not None and held.score > 0 and len(unit.members) == 1:
        facility = unit.fits[held.option][0].facility
        yield held.option, facility, unit_key(outcome.market, unit, facility)


def _note_runner_up(outcome: Outcome, index: int, unit: Unit, option: int, key: Key) -> None:
    held = outcome.held[index]
    if held is not None and held.option == option:
        return  # better hours at its own facility: not a competitor for the place itself
    for fit in unit.fits[option]:
        for cell in fit.cells:
            best = outcome.runner_up.get(cell)
            if best is None or key < best[0]:
                outcome.runner_up[cell] = (key, index)


def _envy(outcome: Outcome, index: int, unit: Unit, option: int, facility: int, key: Key) -> Envy | None:
    held = outcome.held[index]
    own = held is not None and held.option == option
    used: dict[int, int] = defaultdict(int)
    cells: list[int] = []
    displaced: list[int] = []
    for member, fit in enumerate(unit.fits[option]):
        choices = fit.cells[: fit.cells.index(held.cells[member])] if own and held is not None else fit.cells
        cell = next((c for c in choices if _room(outcome, c, key) - used[c] > 0), None)
        if cell is None:
            return None
        if used[cell] >= outcome.free[cell]:
            displaced.append(_weakest(outcome, cell, index, used[cell] - outcome.free[cell]))
        used[cell] += 1
        cells.append(cell)
    return Envy(index, facility, tuple(cells), tuple(displaced))


def _room(outcome: Outcome, cell: int, key: Key) -> int:
    """Free places plus places held by others of lower priority than ``key`` (the unit's own are not lower)."""
    entries = outcome.holders.get(cell, [])
    return outcome.free[cell] + len(entries) - bisect.bisect_right(entries, (key, len(outcome.units), -1))


def _weakest(outcome: Outcome, cell: int, index: int, skip: int) -> int:
    others = [entry for entry in reversed(outcome.holders.get(cell, [])) if entry[1] != index]
    return others[skip][2]
