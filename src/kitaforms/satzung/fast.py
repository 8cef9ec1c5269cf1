"""The batch path: fees without explanation, precompiled for speed; the same results as :func:`assess`.

:class:`FastAssessor` handles the common case (a declared income, table lookups, sibling rules) with
precompiled tables and a per-date memo of each birth date's age group and KiBiz § 50 status, which it
computes with the engine's own functions. Anything else (income items, benefits, Wechselmodell,
hourly rates, indexation, meal money, care start dates, any input or Satzung gap that raises, and every
Satzung that uses several sibling rules, a cap on paid fees, "unter X" thresholds or cases the Jugendamt
decides) goes to the full engine, so errors and results stay identical. ``tests/satzung`` checks the equivalence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kitaforms.satzung.engine import (
    HUNDRED,
    ZERO,
    FeeNotDetermined,
    Trace,
    _kibiz_50,
    age_group_of,
    assess,
    round_money,
)
from kitaforms.satzung.household import MAX_INCOME, Child, Household
from kitaforms.satzung.rules import Rules, Table

CENT = Decimal("0.01")
_AMBIGUOUS = "\0ambiguous"
_FALLBACK = object()


@dataclass
class _TableFast:
    table: Table
    find: object  # bisect function for the table's boundaries
    uppers: tuple[Decimal, ...]
    needs_group: bool
    free_groups: frozenset[str]
    free_up_to: Decimal | None
    kibiz: bool
    columns: dict[Decimal, int]  # memo: weekly hours → column


class FastAssessor:
    """``FastAssessor(rules).fees(household, on)`` → ``(total, fees per child)``; raises like :func:`assess`."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.tables = {care: self._table(table) for care, table in rules.fee_tables.items() if self._plain(table)}
        self.profiles: dict[date, dict[date, tuple[bool, str | None] | None]] = {}
        self.siblings = rules.sibling_rules[0] if rules.sibling_rules else None
        self.full = bool(rules.features)  # rules this path does not take: always the full engine

    def _plain(self, table: Table) -> bool:
        indexed = any(r.care_types is None or table.care_type in r.care_types for r in self.rules.model.indexation)
        return not table.per_hour and not indexed and table.care_type not in self.rules.meal_tables

    def _table(self, table: Table) -> _TableFast:
        free = self.rules.model.fee_free
        limits = [r.up_to for r in free.income_up_to if table.care_type in r.care_types and r.up_to is not None]
        return _TableFast(
            table=table,
            find=bisect_right if table.boundaries == "lower_inclusive" else bisect_left,
            uppers=table.uppers,
            needs_group=table.groups is not None or any(table.care_type in r.care_types for r in free.age_groups),
            free_groups=frozenset(r.age_group for r in free.age_groups if table.care_type in r.care_types),
            free_up_to=max(limits) if limits else None,
            kibiz=free.kibiz_50 is not None and table.care_type in free.kibiz_50.care_types,
            columns={},
        )

    # --- entry ----------------------------------------------------------------------------------

    def fees(self, household: Household, on: date) -> tuple[Decimal, tuple[Decimal, ...]]:
        singles = self._singles(household, on) if not self.full and self._simple(household) else _FALLBACK
        if singles is _FALLBACK:
            result = assess(self.rules, household, on, explain=False)
            return result.total, tuple(c.fee for c in result.children)
        fees = self._siblings(singles)  # type: ignore[arg-type]
        return sum(fees, ZERO), fees

    def _simple(self, household: Household) -> bool:
        income = household.declared_income
        return (
            income is not None and household.children and household.statement and not household.incomes
            and not household.benefits
            and not household.alternating and 0 <= income <= MAX_INCOME and income == income.quantize(CENT)
        )

    def _singles(self, household: Household, on: date) -> list[tuple[str, Decimal, bool]] | object:
        profiles = self.profiles.get(on)
        if profiles is None:
            if not self.rules.covers(on):
                return _FALLBACK
            profiles = self.profiles[on] = {}
        income = household.declared_income
        singles = []
        for child in household.children:
            single = self._single(child, income, on, profiles)  # type: ignore[arg-type]
            if single is None:
                return _FALLBACK
            singles.append(single)
        return singles

    def _single(self, child: Child, income: Decimal, on: date,
                profiles: dict[date, tuple[bool, str | None] | None]) -> tuple[str, Decimal, bool] | None:
        fast = self.tables.get(child.care_type)
        if fast is None or child.start is not None or child.end is not None or child.meals:
            return None
        birth = child.birth_date
        profile = profiles.get(birth, _AMBIGUOUS)
        if profile is _AMBIGUOUS:
            profile = profiles[birth] = self._profile(birth, on)
        if profile is None:
            return None
        kibiz_free, group = profile  # type: ignore[misc]
        if kibiz_free and fast.kibiz:
            return child.care_type, ZERO, True
        if fast.needs_group and group == _AMBIGUOUS:
            return None
        if group in fast.free_groups or (fast.free_up_to is not None and income <= fast.free_up_to):
            return child.care_type, ZERO, False
        return self._lookup(fast, child, group, income)

    def _lookup(self, fast: _TableFast, child: Child, group: str | None, income: Decimal) -> tuple[str, Decimal, bool] | None:
        table = fast.table
        column = fast.columns.get(child.hours) if table.columns is not None else 0  # type: ignore[arg-type]
        if column is None:
            column = self._column(fast, child)
            if column is None:
                return None
        row = fast.find(fast.uppers, income)  # type: ignore[operator]
        value = table.cells[(group if table.groups is not None else None, column)][row]
        return None if value is None else (child.care_type, value, False)

    def _column(self, fast: _TableFast, child: Child) -> int | None:
        hours = child.hours
        if hours is None or not 0 < hours <= 168 or hours != hours.quantize(CENT):
            return None
        column = fast.table.column_of(hours)
        if column is not None:
            fast.columns[hours] = column
        return column

    def _profile(self, birth: date, on: date) -> tuple[bool, str | None] | None:
        """KiBiz § 50 status and age group of a birth date in the month of ``on`` (engine functions)."""
        if birth > on:
            return None
        child = Child(birth, "kita")
        quiet = Trace(False)
        free = self.rules.model.fee_free.kibiz_50 is not None and _kibiz_50(self.rules, child, 1, on, quiet)
        if self.rules.model.age_groups is None:
            return free, None
        try:
            return free, age_group_of(self.rules, child, 1, on, quiet)
        except FeeNotDetermined:
            return free, _AMBIGUOUS

    # --- siblings (as engine.apply_siblings, without the explanation) -----------------------------

    def _siblings(self, singles: list[tuple[str, Decimal, bool]]) -> tuple[Decimal, ...]:
        fees = [fee for _, fee, _ in singles]
        rule = self.siblings
        if rule is None:
            if sum(1 for fee in fees if fee > 0) > 1:
                raise FeeNotDetermined("sibling_rule_unknown")
            return tuple(fees)
        if len(singles) < 2:
            return tuple(fees)
        counts = rule.free_child_counts
        members = [
            (rule.care_type_rank.get(care, 1), not (counts and kibiz), -fee, number)
            for number, (care, fee, kibiz) in enumerate(singles)
            if care in rule.care_types and (fee > 0 or (counts and kibiz))
        ]
        if len(members) < 2:
            return tuple(fees)
        for position, (_, paying, _, number) in enumerate(sorted(members), 1):
            fees[number] = self._sibling_fee(fees[number], position, paying)
        return tuple(fees)

    def _sibling_fee(self, fee: Decimal, position: int, paying: bool) -> Decimal:
        rule = self.siblings
        assert rule is not None
        if not paying:
            return ZERO
        share = rule.shares[min(position, len(rule.shares)) - 1]
        if share == 0 or (rule.max_paying_children is not None and position > rule.max_paying_children):
            return ZERO
        if share != HUNDRED:
            fee = round_money(fee * share / HUNDRED, self.rules.model.rounding)
        if position > 1 and rule.cap is not None and fee > rule.cap:
            return rule.cap
        return fee

