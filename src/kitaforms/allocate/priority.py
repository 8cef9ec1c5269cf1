"""A child's priority at a facility, from the criteria: a sort key and what gave it.

With ``method: order`` the key is one flag per rule in the facility's order (0 when the rule holds, so
that smaller keys come first) followed by the tie-break; with ``method: points`` it is the negated sum
of the points, then the tie-break. The tie-break is the time of receipt, or a lottery number derived
from the published seed and the child's reference (sha256), the same at every facility: anyone can
draw it again, and it does not depend on the order of the input.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from kitaforms.allocate.children import Child, Wish
from kitaforms.allocate.model import Criteria, Rule
from kitaforms.allocate.scope import RuleEnv, per_wish, wish_values
from kitaforms.expr import Compiled, compile_expr, parse
from kitaforms.model.kommune import Facility

Key = tuple[Any, ...]


@dataclass(frozen=True)
class CompiledRule:
    id: str
    label: dict[str, str]
    run: Compiled
    per_wish: bool
    points: int
    paragraph: str | None


@dataclass(frozen=True)
class Standing:
    """A child's priority at one facility."""

    key: Key  # smaller comes first
    met: tuple[str, ...]  # ids of the rules that hold, in the facility's order
    points: int | None  # with method points


def compile_rule(rule: Rule) -> CompiledRule:
    tree = parse(rule.condition)
    return CompiledRule(rule.id, dict(rule.label), compile_expr(tree), per_wish(tree), rule.points or 0, rule.paragraph)


class Ranking:
    """The criteria, compiled: each facility's rules in the order it compares them."""

    def __init__(self, criteria: Criteria) -> None:
        self.method = criteria.method
        self.tie = criteria.tie_break
        self.common = [compile_rule(rule) for rule in criteria.rules]
        self.labels = {rule.id: rule for rule in self.common}
        self._orders: dict[str, list[CompiledRule]] = {}
        for extra in criteria.facilities:
            own = [compile_rule(rule) for rule in extra.rules]
            self.labels.update({rule.id: rule for rule in own})
            by_id = {rule.id: rule for rule in [*self.common, *own]}
            names = extra.order if extra.order is not None and self.method == "order" else list(by_id)
            self._orders[extra.facility] = [by_id[name] for name in names]

    def rules_at(self, facility: str) -> list[CompiledRule]:
        return self._orders.get(facility, self.common)

    def tie_break(self, child: Child) -> Key:
        if self.tie.method == "lottery":
            return (lottery_number(self.tie.seed or "", child.reference), child.reference)
        return (child.received_at, child.reference)

    def standing(self, child: Child, facility: Facility, wish: Wish) -> Standing:
        rules = self.rules_at(facility.id)
        wish_env = None
        held: list[bool] = []
        for rule in rules:
            if rule.per_wish:
                if wish_env is None:
                    wish_env = _wish_env(child, facility, wish)
                held.append(rule.run(wish_env) is True)
            else:
                held.append(_fact(child, rule))
        met = tuple(rule.id for rule, holds in zip(rules, held, strict=True) if holds)
        if self.method == "points":
            points = sum(rule.points for rule, holds in zip(rules, held, strict=True) if holds)
            return Standing((-points, *self.tie_break(child)), met, points)
        return Standing((*(0 if holds else 1 for holds in held), *self.tie_break(child)), met, None)


def lottery_number(seed: str, reference: str) -> str:
    """The child's lottery number: 16 hex digits of sha256(seed, reference); smaller draws first."""
    return hashlib.sha256(f"{seed}\0{reference}".encode()).hexdigest()[:16]


def _fact(child: Child, rule: CompiledRule) -> bool:
    if rule.id not in child.facts:
        child.facts[rule.id] = child.env is not None and rule.run(child.env) is True
    return child.facts[rule.id]


def _wish_env(child: Child, facility: Facility, wish: Wish) -> RuleEnv:
    assert child.env is not None
    return RuleEnv(child.env.runtime, child.env.today, wish_values(facility, wish.rank, list(wish.reasons)))
