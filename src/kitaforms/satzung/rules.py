"""Compiled rules: a checked Satzung turned into structures that make every lookup cheap.

Brackets become a sorted list of upper bounds (found with :func:`bisect`), hour columns likewise,
and the cells a dict ``(age group, column) → fees per bracket``. Compiled once at load time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from kitaforms.satzung.model import FeeRow, FeeTable, Satzung, SiblingRule


@dataclass(frozen=True)
class Bracket:
    index: int
    stufe: int | None
    low: Decimal | None  # as written (`from`), None: open below
    high: Decimal | None  # as written (`to`), None: open above
    note: str | None = None


@dataclass(frozen=True)
class Table:
    id: str
    care_type: str
    purpose: str
    title: str | None
    paragraph: str
    source: str
    boundaries: str
    brackets: tuple[Bracket, ...]
    uppers: tuple[Decimal, ...]  # the finite `to` of every row but the last
    groups: tuple[str, ...] | None
    columns: tuple[Decimal | None, ...] | None
    cells: dict[tuple[str | None, int], tuple[Decimal | None, ...]]
    per_hour: bool = False
    factor: tuple[int, int] | None = None  # monthly factor of hourly rates as numerator/denominator
    per_hour_note: str | None = None

    def bracket_of(self, income: Decimal) -> int:
        """Index of the bracket that holds ``income``."""
        if self.boundaries == "lower_inclusive":
            return bisect_right(self.uppers, income)
        return bisect_left(self.uppers, income)

    def column_of(self, hours: Decimal) -> int | None:
        """Index of the hour column for ``hours`` booked per week; ``None`` beyond the last column."""
        columns = self.columns or ()
        for index, bound in enumerate(columns):
            if bound is None or hours <= bound:
                return index
        return None

    @property
    def width(self) -> int:
        return len(self.columns) if self.columns else 1


@dataclass(frozen=True)
class AgeGroupRule:
    id: str
    label: str
    from_years: int
    below_years: int | None


@dataclass(frozen=True)
class Rules:
    """Everything the engine needs for one Satzung file."""

    key: str  # "<kommune>/<file stem>"
    kommune: str
    file: str
    model: Satzung
    fee_tables: dict[str, Table] = field(default_factory=dict)
    meal_tables: dict[str, Table] = field(default_factory=dict)
    age_groups: tuple[AgeGroupRule, ...] = ()
    locations: dict[tuple[str | int, ...], str] = field(default_factory=dict)  # data path → "file:line:col"

    @property
    def sibling_rules(self) -> tuple[SiblingRule, ...]:
        """The sibling rules: one, several (each for its care types) or none."""
        rules = self.model.siblings
        if rules is None:
            return ()
        return tuple(rules) if isinstance(rules, list) else (rules,)

    @property
    def features(self) -> tuple[str, ...]:
        """Rules of the language the browser evaluator (fees.js, format 1) does not know yet, as used here."""
        model, found = self.model, []
        siblings = self.sibling_rules
        if len(siblings) > 1 or any(rule.also_counts for rule in siblings):
            found.append("sibling_rules")
        if model.max_paid_fees is not None:
            found.append("max_paid_fees")
        if any(rule.below is not None for rule in model.fee_free.income_up_to):
            found.append("income_below")
        if model.not_computed:
            found.append("not_computed")
        return tuple(found)

    @property
    def valid_from(self) -> date | None:
        return self.model.valid_from

    @property
    def valid_until(self) -> date | None:
        return self.model.valid_until

    def covers(self, day: date) -> bool:
        start, end = self.valid_from, self.valid_until
        return (start is None or start <= day) and (end is None or day <= end)

    def to_json(self) -> dict[str, Any]:
        """The rules as JSON data for the browser (see :mod:`kitaforms.satzung.compiled`)."""
        from kitaforms.satzung.compiled import compile_json

        return compile_json(self)

    def age_group(self, years: int) -> AgeGroupRule | None:
        for group in self.age_groups:
            if years >= group.from_years and (group.below_years is None or years < group.below_years):
                return group
        return None


def compile_rules(key: str, kommune: str, file: str, satzung: Satzung,
                  locations: dict[tuple[str | int, ...], str] | None = None) -> Rules:
    tables = [compile_table(t) for t in satzung.tables]
    groups = satzung.age_groups.groups if satzung.age_groups else []
    return Rules(
        key=key,
        kommune=kommune,
        file=file,
        model=satzung,
        fee_tables={t.care_type: t for t in tables if t.purpose == "fee"},
        meal_tables={t.care_type: t for t in tables if t.purpose == "meal_money"},
        age_groups=tuple(AgeGroupRule(g.id, g.label, g.from_years, g.below_years) for g in groups),
        locations=dict(locations or {}),
    )


def compile_table(table: FeeTable) -> Table:
    brackets = tuple(_brackets(table.rows))
    columns = tuple(table.hours) if table.hours else None
    factor = _fraction(table.per_hour.monthly_factor) if table.per_hour else None
    return Table(
        id=table.id,
        care_type=table.care_type,
        purpose=table.purpose,
        title=table.title,
        paragraph=table.paragraph,
        source=table.source,
        boundaries=table.boundaries,
        brackets=brackets,
        uppers=tuple(b.high for b in brackets[:-1] if b.high is not None),
        groups=tuple(table.age_groups) if table.age_groups is not None else None,
        columns=columns,
        cells=_cells(table, len(columns) if columns else 1),
        per_hour=table.per_hour is not None,
        factor=factor,
        per_hour_note=table.per_hour.note if table.per_hour else None,
    )


def _brackets(rows: list[FeeRow]) -> list[Bracket]:
    result, previous = [], None
    for index, row in enumerate(rows):
        low = row.from_ if row.from_ is not None or index == 0 else previous
        result.append(Bracket(index, row.stufe, None if index == 0 else low, row.to, row.note))
        previous = row.to
    return result


def _cells(table: FeeTable, width: int) -> dict[tuple[str | None, int], tuple[Decimal | None, ...]]:
    groups: list[str | None] = list(table.age_groups) if table.age_groups is not None else [None]
    cells = {}
    for group in groups:
        for column in range(width):
            cells[(group, column)] = tuple(_cell(row, group, column) for row in table.rows)
    return cells


def _cell(row: FeeRow, group: str | None, column: int) -> Decimal | None:
    value = row.fee if group is None else (row.fees or {}).get(group)
    if isinstance(value, list):
        return value[column]
    return value


def _fraction(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    numerator, _, denominator = text.partition("/")
    return int(numerator), int(denominator or 1)
