"""The market of one round: places as cells, which wish fits which cell, families, priority orders.

A *cell* is one kind of place: facility, start month, care type, age band and hours band (or any
hours). A child fits a cell when the facility offers its care type, its age at the start (completed
months on the 1st of the start month) is within the facility's ages and the cell's age band, the cell's
month is the child's start month, and the cell's hours band holds the booked hours (or, after them,
an alternative the family accepts). Places without hours (Kindertagespflege, OGS) fit any hours and
are offered with the booked hours. Every wish that does not fit says why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kitaforms.allocate.children import Child, Wish
from kitaforms.allocate.engine import Applicant, Option
from kitaforms.allocate.model import Capacities, Criteria
from kitaforms.allocate.priority import Key, Ranking, Standing
from kitaforms.model.kommune import Facility, FacilityCatalogue

CellKey = tuple[str, str, str, str, int | None]  # facility, start, care type, age band, hours band


@dataclass(frozen=True)
class Cell:
    facility: str
    start: str
    care_type: str
    age_band: str
    hours: int | None  # upper bound of the hours band; None: any hours

    @property
    def key(self) -> CellKey:
        return (self.facility, self.start, self.care_type, self.age_band, self.hours)


@dataclass(frozen=True)
class Fit:
    """A wish that fits: the cells the child accepts there, best first, and the hours offered in each."""

    wish: Wish
    facility: int
    cells: tuple[int, ...]
    hours: tuple[int | None, ...]
    hours_rank: tuple[int, ...]  # 1: the booked hours


@dataclass(frozen=True)
class Misfit:
    wish: Wish
    why: str  # unknown_facility, care_type, age, no_places, hours
    detail: str


@dataclass
class Unit:
    members: tuple[int, ...]  # child indices, oldest first
    fits: tuple[tuple[Fit, ...], ...]  # per option: each member's fit at that facility
    family: tuple[str, ...] | None = None

    def applicant(self) -> Applicant:
        return Applicant(tuple(Option(fits[0].facility, tuple(f.cells for f in fits)) for fits in self.fits))


@dataclass
class Market:
    cells: list[Cell]
    capacity: list[int]  # places of each cell left for this round
    facilities: list[Facility]
    children: list[Child]
    ranking: Ranking
    fits: list[tuple[Fit, ...]] = field(default_factory=list)  # per child, in wish order
    misfits: list[tuple[Misfit, ...]] = field(default_factory=list)
    standings: dict[tuple[int, int], Standing] = field(default_factory=dict)  # (child, facility) → priority

    def facility_of(self, cell: int) -> int:
        return self._facility_index[self.cells[cell].facility]

    def __post_init__(self) -> None:
        self._facility_index = {f.id: i for i, f in enumerate(self.facilities)}

    def facility_index(self, facility_id: str) -> int | None:
        return self._facility_index.get(facility_id)


def build_cells(capacities: Capacities, catalogue: FacilityCatalogue,
                taken: dict[CellKey, int]) -> tuple[list[Cell], list[int]]:
    """The cells of the capacity file, with the places ``taken`` by standing offers subtracted."""
    facilities = {f.id: f for f in catalogue.facilities}
    found: dict[CellKey, int] = {}
    for row in capacities.places:
        facility = facilities.get(row.facility)
        care = row.care_type or (facility.care_types[0] if facility and len(facility.care_types) == 1 else None)
        if facility is None or care is None:
            continue  # reported by `kitaforms validate` (VERGABE_005, VERGABE_016)
        key = (row.facility, row.start, care, row.age_band, row.hours)
        found[key] = found.get(key, 0) + row.places
    keys = sorted(found, key=_sortable)
    return [Cell(*key) for key in keys], [max(found[key] - taken.get(key, 0), 0) for key in keys]


def _sortable(key: CellKey) -> tuple[object, ...]:
    return (*key[:4], -1 if key[4] is None else key[4])


class _Fitting:
    def __init__(self, cells: list[Cell], capacities: Capacities, catalogue: FacilityCatalogue) -> None:
        self.by_group: dict[tuple[str, str, str, str], dict[int | None, int]] = defaultdict(dict)
        for index, cell in enumerate(cells):
            self.by_group[cell.key[:4]][cell.hours] = index
        self.bands = capacities.age_bands
        self.hours_bands = capacities.hours_bands
        self.facilities = {f.id: f for f in catalogue.facilities}
        self.index = {f.id: i for i, f in enumerate(catalogue.facilities)}

    def band_of_age(self, months: int) -> str | None:
        for band in self.bands:
            if band.from_months <= months and (band.below_months is None or months < band.below_months):
                return band.id
        return None

    def band_of_hours(self, hours: int) -> int | None:
        return next((band for band in self.hours_bands if hours <= band), None)

    def fit(self, child: Child, wish: Wish) -> Fit | Misfit:
        facility = self.facilities.get(wish.facility)
        if facility is None:
            return Misfit(wish, "unknown_facility", f"`{wish.facility}` is not in the facility catalogue")
        assert child.care_type is not None and child.start is not None
        if child.care_type not in facility.care_types:
            return Misfit(wish, "care_type", f"offers {', '.join(facility.care_types)}, not {child.care_type}")
        months = child.age_months()
        assert months is not None
        if not facility.age_from_months <= months < facility.age_to_months:
            return Misfit(wish, "age", f"takes children of {facility.age_from_months}–{facility.age_to_months - 1} "
                          f"months; the child is {months} months old at the start")
        band = self.band_of_age(months)
        group = self.by_group.get((facility.id, child.start, child.care_type, band or ""))
        if not group:
            return Misfit(wish, "no_places", f"has no places for {child.start}, {child.care_type}, age band {band}")
        return self._hours(child, wish, group)

    def _hours(self, child: Child, wish: Wish, group: dict[int | None, int]) -> Fit | Misfit:
        facility = self.index[wish.facility]
        if None in group:
            booked = child.hours[0] if child.hours else None
            return Fit(wish, facility, (group[None],), (booked,), (1,))
        cells: list[int] = []
        hours: list[int | None] = []
        ranks: list[int] = []
        for rank, wanted in enumerate(child.hours, start=1):
            band = self.band_of_hours(wanted)
            if band in group and group[band] not in cells:
                cells.append(group[band])
                hours.append(wanted)
                ranks.append(rank)
        if not cells:
            asked = ", ".join(str(h) for h in child.hours) or "none"
            offered = ", ".join(str(h) for h in sorted(h for h in group if h is not None))
            return Misfit(wish, "hours", f"has places for {offered} hours a week, the family asks for {asked}")
        return Fit(wish, facility, tuple(cells), tuple(hours), tuple(ranks))


def build_market(children: list[Child], capacities: Capacities, catalogue: FacilityCatalogue, ranking: Ranking,
                 taken: dict[CellKey, int]) -> Market:
    cells, capacity = build_cells(capacities, catalogue, taken)
    market = Market(cells, capacity, list(catalogue.facilities), children, ranking)
    fitting = _Fitting(cells, capacities, catalogue)
    for index, child in enumerate(children):
        fits, misfits = _read_wishes(fitting, child) if child.complete else ((), ())
        market.fits.append(fits)
        market.misfits.append(misfits)
        for fit in fits:
            market.standings[(index, fit.facility)] = ranking.standing(child, market.facilities[fit.facility], fit.wish)
    return market


def _read_wishes(fitting: _Fitting, child: Child) -> tuple[tuple[Fit, ...], tuple[Misfit, ...]]:
    fits, misfits = [], []
    for wish in child.wishes:
        found = fitting.fit(child, wish)
        (fits if isinstance(found, Fit) else misfits).append(found)
    return tuple(fits), tuple(misfits)


# --- applicants: children and families -----------------------------------------------------------


def build_units(market: Market, criteria: Criteria, members: Iterable[int]) -> list[Unit]:
    """The applicants among ``members``: families (when siblings stay together) and single children."""
    chosen = [m for m in members if market.fits[m]]
    families: dict[tuple[str, ...], list[int]] = defaultdict(list)
    singles: list[int] = []
    for member in chosen:
        key = market.children[member].family if criteria.siblings.together else None
        (families[key] if key is not None else singles).append(member)
    units = [_single(market, m) for m in singles]
    for key, group in families.items():
        if len(group) == 1:
            units.append(_single(market, group[0]))
        else:
            units.append(_family(market, group, key))
    return sorted(units, key=lambda u: market.children[u.members[0]].reference)


def _single(market: Market, member: int) -> Unit:
    return Unit((member,), tuple((fit,) for fit in market.fits[member]))


def _family(market: Market, group: list[int], key: tuple[str, ...]) -> Unit:
    children = market.children
    members = tuple(sorted(group, key=lambda m: (children[m].birth, children[m].reference)))
    per_member = [{fit.facility: fit for fit in market.fits[m]} for m in members]
    common = set(per_member[0]).intersection(*per_member[1:])

    def order(facility: int) -> tuple[int, int, str]:
        ranks = [fits[facility].wish.rank for fits in per_member]
        return (sum(ranks), min(ranks), market.facilities[facility].id)

    options = tuple(tuple(fits[f] for fits in per_member) for f in sorted(common, key=order))
    return Unit(members, options, key)


def unit_key(market: Market, unit: Unit, facility: int) -> Key:
    """A family counts with the priority of its best-placed child."""
    return min(market.standings[(m, facility)].key for m in unit.members)


def priority_orders(market: Market, units: Sequence[Unit]) -> list[list[int]]:
    """For each facility, the units that accept it, highest priority first."""
    ranked: list[list[tuple[Key, int]]] = [[] for _ in market.facilities]
    for index, unit in enumerate(units):
        for fits in unit.fits:
            facility = fits[0].facility
            ranked[facility].append((unit_key(market, unit, facility), index))
    return [[index for _, index in sorted(entries)] for entries in ranked]
