"""The result document of a round: offers, children without an offer and the report, built as data.

Every offer has a stable id (``PA-<round>-XXXX-XXXX``, from the Kommune, the round, the reference and
the facility) and a deadline, so a later "Platzangebot annehmen" form can name it; its reason says
which rule put the child ahead of the best-ranked child who wanted the same place and did not get it.
Lists are sorted, so the same inputs give the same document.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from kitaforms.allocate.children import Child
from kitaforms.allocate.engine import Held
from kitaforms.allocate.market import Fit, Unit, unit_key
from kitaforms.allocate.priority import Key, Ranking, Standing
from kitaforms.allocate.registrations import Registration
from kitaforms.allocate.rounds import FORMAT
from kitaforms.allocate.stability import Outcome

if TYPE_CHECKING:
    from kitaforms.allocate.run import RoundInput

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32, as the store's references


def offer_id(kommune: str, round_no: int, reference: str, facility: str) -> str:
    number = int.from_bytes(hashlib.sha256(f"{kommune}\0{round_no}\0{reference}\0{facility}".encode()).digest()[:5])
    code = "".join(_ALPHABET[(number >> (5 * i)) & 31] for i in range(7, -1, -1))
    return f"PA-{round_no}-{code[:4]}-{code[4:]}"


def build_document(inputs: RoundInput, outcome: Outcome, excluded: list[tuple[Registration, str]]) -> dict[str, Any]:
    builder = _Builder(inputs, outcome)
    offers = builder.offers()
    unmatched = builder.unmatched()
    return {
        "format": FORMAT,
        "kommune": inputs.kommune,
        "kommune_name": inputs.form.kommune.name if inputs.form.kommune else inputs.kommune,
        "round": inputs.carried.round,
        "date": inputs.day.isoformat(),
        "inputs": inputs.sources,
        "sample_data": _sample_data(inputs),
        "criteria": _criteria(inputs, outcome.market.ranking),
        "offers": offers,
        "unmatched": unmatched,
        "standing": inputs.carried.standing,
        "withdrawn": inputs.carried.withdrawn,
        "excluded": [{"reference": r.reference, "reason": why} for r, why in excluded],
        "report": builder.report(offers, unmatched, len(inputs.registrations), len(excluded)),
    }


def _sample_data(inputs: RoundInput) -> list[str]:
    """Which inputs are invented sample data (the output must not be taken for a real allocation)."""
    catalogue = inputs.form.facilities
    flags = {"criteria": inputs.criteria.sample_data, "capacities": inputs.capacities.sample_data,
             "facilities": bool(catalogue and catalogue.sample_data)}
    return [name for name, sample in flags.items() if sample]


def _criteria(inputs: RoundInput, ranking: Ranking) -> dict[str, Any]:
    criteria = inputs.criteria
    tie = {"method": criteria.tie_break.method}
    if criteria.tie_break.seed:
        tie["seed"] = criteria.tie_break.seed
    return {
        "form": criteria.form,
        "method": criteria.method,
        "rules": [_rule(rule) for rule in criteria.rules],
        "facilities": {extra.facility: [r.id for r in ranking.rules_at(extra.facility)] for extra in criteria.facilities},
        "tie_break": tie,
        "siblings": {"together": criteria.siblings.together, "split_if_needed": criteria.siblings.split_if_needed},
        "answer_days": criteria.answer_days,
    }


def _rule(rule: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"id": rule.id, "label": dict(rule.label)}
    if rule.points is not None:
        found["points"] = rule.points
    if rule.paragraph:
        found["paragraph"] = rule.paragraph
    return found


class _Builder:
    def __init__(self, inputs: RoundInput, outcome: Outcome) -> None:
        self.inputs, self.outcome, self.market = inputs, outcome, outcome.market
        self.method = inputs.criteria.method
        self.deadline = (inputs.day + timedelta(days=inputs.criteria.answer_days)).isoformat()
        self.offered: dict[int, dict[str, Any]] = {}  # child → offer
        self.unit_of = outcome.unit_of()

    # --- offers ----------------------------------------------------------------------------

    def offers(self) -> list[dict[str, Any]]:
        for index, held in enumerate(self.outcome.held):
            if held is not None:
                unit = self.outcome.units[index]
                for position, child in enumerate(unit.members):
                    self.offered[child] = self._offer(unit, held, position)
        return sorted(self.offered.values(), key=lambda o: (o["facility"], o["reference"]))

    def _offer(self, unit: Unit, held: Held, position: int) -> dict[str, Any]:
        market, child_index = self.market, unit.members[position]
        child = market.children[child_index]
        fit = unit.fits[held.option][position]
        cell_index = held.cells[position]
        cell, choice = market.cells[cell_index], fit.cells.index(cell_index)
        facility = market.facilities[fit.facility]
        offer = {
            "id": offer_id(self.inputs.kommune, self.inputs.carried.round, child.reference, facility.id),
            "round": self.inputs.carried.round, "reference": child.reference, "status": "open",
            "facility": facility.id, "facility_name": facility.name, "start": cell.start,
            "care_type": cell.care_type, "age_band": cell.age_band, "hours": fit.hours[choice],
            "hours_band": cell.hours, "hours_choice": fit.hours_rank[choice], "wish": fit.wish.rank,
            "deadline": self.deadline,
            "priority": self._priority(market.standings[(child_index, fit.facility)]),
            "reason": self._reason(unit, fit.facility, cell_index),
        }
        if len(unit.members) > 1:
            offer["siblings"] = sorted(market.children[m].reference for m in unit.members if m != child_index)
        return offer

    def _priority(self, standing: Standing) -> dict[str, Any]:
        found: dict[str, Any] = {"rules": list(standing.met)}
        if standing.points is not None:
            found["points"] = standing.points
        return found

    def _reason(self, unit: Unit, facility: int, cell: int) -> dict[str, Any]:
        runner = self.outcome.runner_up.get(cell)
        if runner is None:
            return {"kind": "no_competition"}
        own = unit_key(self.market, unit, facility)
        return self._difference(own, unit, runner[0], self.outcome.units[runner[1]], facility)

    def _difference(self, ahead: Key, ahead_unit: Unit, behind: Key, behind_unit: Unit, facility: int) -> dict[str, Any]:
        """What puts ``ahead`` before ``behind`` at ``facility``: a rule, points, or the tie-break."""
        if ahead > behind:
            return {"kind": "out_of_order"}
        rules = self._rule_ids(facility)
        if self.method == "points":
            if ahead[0] == behind[0]:
                return {"kind": "tie_break"}
            mine, theirs = self._best(ahead_unit, facility), self._best(behind_unit, facility)
            gained = [r for r in mine.met if r not in theirs.met]
            return {"kind": "points", "rules": gained, "points": mine.points, "other_points": theirs.points}
        for position, rule in enumerate(rules):
            if ahead[position] != behind[position]:
                return {"kind": "rule", "rules": [rule]}
        return {"kind": "tie_break"}

    def _rule_ids(self, facility: int) -> list[str]:
        return [r.id for r in self.market.ranking.rules_at(self.market.facilities[facility].id)]

    def _best(self, unit: Unit, facility: int) -> Standing:
        return min((self.market.standings[(m, facility)] for m in unit.members), key=lambda s: s.key)

    # --- children without an offer ---------------------------------------------------------

    def unmatched(self) -> list[dict[str, Any]]:
        found = []
        for index, child in enumerate(self.market.children):
            if index not in self.offered:
                found.append({"reference": child.reference, **self._why(index, child)})
        return sorted(found, key=lambda u: u["reference"])

    def _why(self, index: int, child: Child) -> dict[str, Any]:
        extra = {"other_facility_ok": child.other_ok} if child.other_ok else {}
        if not child.complete:
            return {"reason": "incomplete", "missing": list(child.missing), **extra}
        if not child.wishes:
            return {"reason": "placement_wanted" if child.placement_wanted else "no_wishes", **extra}
        details = [self._misfit(m) for m in self.market.misfits[index]]
        fits = self.market.fits[index]
        if not fits:
            return {"reason": "no_fitting_place", "wishes": details, **extra}
        unit = self.outcome.units[self.unit_of[index]]
        details += [self._lost(unit, fit) for fit in fits]
        reason = "not_together" if len(unit.members) > 1 else "outranked"
        return {"reason": reason, "wishes": sorted(details, key=lambda d: d["wish"]), **extra}

    def _misfit(self, misfit: Any) -> dict[str, Any]:
        return {"wish": misfit.wish.rank, "facility": misfit.wish.facility, "why": misfit.why, "detail": misfit.detail}

    def _lost(self, unit: Unit, fit: Fit) -> dict[str, Any]:
        facility = self.market.facilities[fit.facility].id
        found: dict[str, Any] = {"wish": fit.wish.rank, "facility": facility}
        option = next((fits for fits in unit.fits if fits[0].facility == fit.facility), None)
        if option is None:
            return {**found, "why": "not_for_all_siblings"}
        weakest = self._weakest(fit)
        if weakest is None:
            why = "not_enough_places_together" if len(unit.members) > 1 else "no_places_left"
            return {**found, "why": why}
        key, holder = weakest
        mine = unit_key(self.market, unit, fit.facility)
        return {**found, "why": "outranked", "by": self._difference(key, holder, mine, unit, fit.facility)}

    def _weakest(self, fit: Fit) -> tuple[Key, Unit] | None:
        """The lowest-ranked holder of the cells the child fits at that facility."""
        entries = [entry for cell in fit.cells for entry in self.outcome.holders.get(cell, [])[-1:]]
        if not entries:
            return None
        key, unit, _ = max(entries)
        return key, self.outcome.units[unit]

    # --- the report ------------------------------------------------------------------------

    def report(self, offers: list[dict[str, Any]], unmatched: list[dict[str, Any]], registrations: int,
               excluded: int) -> dict[str, Any]:
        carried = self.inputs.carried
        ranks = Counter(o["wish"] for o in offers)
        return {
            "registrations": registrations, "excluded": excluded,
            "earlier_rounds": {"standing": len(carried.standing), "withdrawn": len(carried.withdrawn)},
            "children": len(self.market.children), "offers": len(offers), "unmatched": len(unmatched),
            "unmatched_reasons": dict(sorted(Counter(u["reason"] for u in unmatched).items())),
            "wishes": {str(rank): ranks[rank] for rank in sorted(ranks)},
            "hours": {"booked": sum(1 for o in offers if o["hours_choice"] == 1),
                      "alternative": sum(1 for o in offers if o["hours_choice"] != 1)},
            "siblings": _siblings(self.market.children, self.offered),
            "places": self._places(offers),
            "stability": self._stability(),
        }

    def _places(self, offers: list[dict[str, Any]]) -> dict[str, int]:
        promised = sum(self.inputs.carried.taken().values())
        free = sum(self.outcome.free)
        return {"total": sum(self.market.capacity) + promised, "promised_earlier": promised, "offered": len(offers),
                "free": free}

    def _stability(self) -> dict[str, Any]:
        children = self.market.children
        cases = [{
            "references": [children[m].reference for m in self.outcome.units[envy.unit].members],
            "facility": self.market.facilities[envy.facility].id,
            "displaces": [children[d].reference for d in envy.displaced],
        } for envy in self.outcome.envy]
        cases.sort(key=lambda c: (c["references"], c["facility"]))
        return {"justified_envy": len(cases), "cases": cases}


def _siblings(children: list[Child], offered: dict[int, dict[str, Any]]) -> dict[str, int]:
    families: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, child in enumerate(children):
        if child.family is not None:
            families[child.family].append(index)
    counts = Counter(_family_state(members, offered) for members in families.values() if len(members) > 1)
    return {"families": sum(counts.values()), **{state: counts[state] for state in FAMILY_STATES}}


FAMILY_STATES = ("together", "apart", "partly", "without_offer")


def _family_state(members: list[int], offered: dict[int, dict[str, Any]]) -> str:
    """together: all in one facility; apart: all placed, not in one; partly: some placed; or none."""
    places = [offered[m]["facility"] if m in offered else None for m in members]
    if None in places:
        return "without_offer" if set(places) == {None} else "partly"
    return "together" if len(set(places)) == 1 else "apart"
