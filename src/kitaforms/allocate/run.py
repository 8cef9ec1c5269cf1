"""One allocation round, from the definitions and the registrations to the result document.

:func:`allocate` does no file I/O and is deterministic: the same inputs give the same document, key
for key (the CLI writes it byte for byte the same). Steps:

1. leave out registrations of another Kommune or form, and children whose earlier offer still holds
   its place or who left the allocation (:mod:`.rounds`);
2. read each registration through the form (:mod:`.children`) and fit its wishes to the places that
   are left (:mod:`.market`), with its priority at each wished facility (:mod:`.priority`);
3. deferred acceptance with families as units (:mod:`.engine`); with ``siblings.split_if_needed``, a
   second pass places the siblings that could not be placed together, one by one, in what is left;
4. stability, runner-ups and the document (:mod:`.stability`, :mod:`.result`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kitaforms.allocate.children import read_child
from kitaforms.allocate.engine import Held, deferred_acceptance
from kitaforms.allocate.market import Market, Unit, build_market, build_units, priority_orders
from kitaforms.allocate.model import Capacities, Criteria
from kitaforms.allocate.priority import Ranking
from kitaforms.allocate.registrations import Registration
from kitaforms.allocate.result import build_document
from kitaforms.allocate.rounds import Carried
from kitaforms.allocate.stability import Outcome, assess
from kitaforms.expr import compile_expr, parse
from kitaforms.resolve import ResolvedForm


@dataclass
class RoundInput:
    kommune: str
    form: ResolvedForm  # the Kommune's registration form, with its facility catalogue
    criteria: Criteria
    capacities: Capacities
    registrations: list[Registration]
    day: date  # the day of the round: deadlines count from it, `heute()` is it
    carried: Carried = field(default_factory=Carried)
    sources: dict[str, Any] = field(default_factory=dict)  # what the document records about its inputs


@dataclass
class Allocation:
    document: dict[str, Any]
    outcome: Outcome
    excluded: list[tuple[Registration, str]]


def allocate(inputs: RoundInput) -> Allocation:
    excluded, pool = _select(inputs)
    criteria = inputs.criteria
    family = [compile_expr(parse(text)) for text in criteria.siblings.family]
    children = [read_child(r, inputs.form, inputs.day, criteria.hours_alternatives, family) for r in pool]
    catalogue = inputs.form.facilities
    assert catalogue is not None, "checked by VERGABE_010"
    market = build_market(children, inputs.capacities, catalogue, Ranking(inputs.criteria), inputs.carried.taken())
    outcome = assess(_match(market, inputs.criteria))
    return Allocation(build_document(inputs, outcome, excluded), outcome, excluded)


def _select(inputs: RoundInput) -> tuple[list[tuple[Registration, str]], list[Registration]]:
    out = inputs.carried.references
    excluded, pool = [], []
    for registration in sorted(inputs.registrations, key=lambda r: r.reference):
        if registration.kommune not in (None, inputs.kommune):
            excluded.append((registration, f"other_kommune:{registration.kommune}"))
        elif registration.form not in (None, inputs.criteria.form):
            excluded.append((registration, f"other_form:{registration.form}"))
        elif registration.reference not in out:
            pool.append(registration)
    return excluded, pool


def _match(market: Market, criteria: Criteria) -> Outcome:
    units = build_units(market, criteria, range(len(market.children)))
    free = list(market.capacity)
    held = _run(market, units, free)
    if criteria.siblings.together and criteria.siblings.split_if_needed:
        units, held = _split_pass(market, units, held, free)
    return Outcome(market, units, held, free)


def _run(market: Market, units: list[Unit], free: list[int]) -> list[Held | None]:
    cell_facility = [market.facility_of(cell) for cell in range(len(market.cells))]
    return deferred_acceptance([u.applicant() for u in units], free, cell_facility, priority_orders(market, units))


def _split_pass(market: Market, units: list[Unit], held: list[Held | None],
                free: list[int]) -> tuple[list[Unit], list[Held | None]]:
    """Siblings who could not be placed together, placed one by one in the places that are left."""
    apart = [u for u, h in zip(units, held, strict=True) if h is None and len(u.members) > 1]
    if not apart:
        return units, held
    kept = [(u, h) for u, h in zip(units, held, strict=True) if not (h is None and len(u.members) > 1)]
    singles = [Unit((m,), tuple((fit,) for fit in market.fits[m]), u.family) for u in apart for m in u.members]
    second = _run(market, singles, free)
    return [u for u, _ in kept] + singles, [h for _, h in kept] + second
