"""Two Satzungen side by side (the one in force and a draft before the council votes, or an old and a new
period): the table cells that differ, the other rules that differ, and a household's fee under both.

Tables are matched by care type and purpose, age groups by id, hour columns by their bound and brackets by
position (a bracket whose bounds moved is reported with its old and new bounds). The household is assessed
under both Satzungen on the same day, also where one of them is not valid then (the explanation says so).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kitaforms.satzung.engine import assess
from kitaforms.satzung.household import Assessment, FeeError, Household
from kitaforms.satzung.rules import Bracket, Rules, Table

UNKNOWN = "null"  # a cell the file writes as `null` (not given in the source read)

# Keys compared as rules; the tables are compared cell by cell, the texts and validity are not rules.
_NOT_RULES = {"title", "jugendamt", "valid_from", "valid_until", "sources", "notes", "tables"}


@dataclass(frozen=True)
class CellChange:
    """What differs in the tables: a ``cell``, the ``bounds`` of a bracket (``"low–high"``) or a whole ``table``
    that only one file has (``"present"``); ``None`` for "not there", :data:`UNKNOWN` for a `null` cell."""

    kind: str  # cell | bounds | table
    table: str  # "<care type>" or "<care type> (meal_money)"
    group: str | None  # age group label
    column: str | None  # "bis 35 Std." …, None for the bounds of a bracket or a table without hours
    stufe: str  # the bracket as the new (else the old) Satzung numbers it
    old: str | None
    new: str | None


@dataclass(frozen=True)
class RuleChange:
    key: str  # dotted path, e.g. "siblings.shares"
    old: str
    new: str


@dataclass(frozen=True)
class HouseholdComparison:
    on: date
    old: Assessment | FeeError
    new: Assessment | FeeError

    @property
    def difference(self) -> Decimal | None:
        if isinstance(self.old, Assessment) and isinstance(self.new, Assessment):
            return self.new.total - self.old.total
        return None


def cell_changes(old: Rules, new: Rules) -> list[CellChange]:
    """Every table cell and bracket bound that differs between ``old`` and ``new``."""
    found: list[CellChange] = []
    for key in sorted(set(_tables(old)) | set(_tables(new))):
        found.extend(_table_changes(key, _tables(old).get(key), _tables(new).get(key), old, new))
    return found


def _tables(rules: Rules) -> dict[str, Table]:
    tables = {care: table for care, table in rules.fee_tables.items()}
    tables.update({f"{care} (meal_money)": table for care, table in rules.meal_tables.items()})
    return tables


def _table_changes(key: str, old: Table | None, new: Table | None, old_rules: Rules,
                   new_rules: Rules) -> Iterator[CellChange]:
    if old is None or new is None:
        yield CellChange("table", key, None, None, "", "present" if old else None, "present" if new else None)
        return
    for index in range(max(len(old.brackets), len(new.brackets))):
        before, after = _bracket(old, index), _bracket(new, index)
        stufe = _stufe(after or before, index)
        if _bounds(before) != _bounds(after):
            yield CellChange("bounds", key, None, None, stufe, _bounds(before), _bounds(after))
        for group in _union(old.groups or (None,), new.groups or (None,)):
            label = _label(new_rules, group) or _label(old_rules, group)
            for bound in _union(old.columns or (None,), new.columns or (None,)):
                a, b = _cell(old, group, bound, index), _cell(new, group, bound, index)
                if a != b:
                    yield CellChange("cell", key, label, _column_label(bound, old, new), stufe, a, b)


def _bracket(table: Table, index: int) -> Bracket | None:
    return table.brackets[index] if index < len(table.brackets) else None


def _stufe(bracket: Bracket | None, index: int) -> str:
    return str(bracket.stufe if bracket is not None and bracket.stufe is not None else index + 1)


def _bounds(bracket: Bracket | None) -> str | None:
    if bracket is None:
        return None
    low = f"{bracket.low:f}" if bracket.low is not None else "…"
    high = f"{bracket.high:f}" if bracket.high is not None else "…"
    return f"{low}–{high}"


def _union(first: tuple[Any, ...], second: tuple[Any, ...]) -> list[Any]:
    return list(dict.fromkeys((*first, *second)))


def _label(rules: Rules, group: str | None) -> str | None:
    return next((g.label for g in rules.age_groups if g.id == group), group)


def _column_label(bound: Decimal | None, old: Table, new: Table) -> str | None:
    if old.columns is None and new.columns is None:
        return None
    if bound is None:
        previous = [c for c in (*(old.columns or ()), *(new.columns or ())) if c is not None]
        return f"über {max(previous):f} Std." if previous else "alle Stunden"
    return f"bis {bound.normalize():f} Std."


def _cell(table: Table, group: str | None, bound: Decimal | None, index: int) -> str | None:
    if index >= len(table.brackets) or (table.groups is not None and group not in table.groups):
        return None
    if table.groups is None and group is not None:
        return None
    columns = table.columns or (None,)
    if bound not in columns:
        return None
    value = table.cells[(group, columns.index(bound))][index]
    return UNKNOWN if value is None else f"{value:.2f}"


def rule_changes(old: Rules, new: Rules) -> list[RuleChange]:
    """The rules besides the tables (income, age groups, fee-free, siblings …) that differ, key by key."""
    before = old.model.model_dump(mode="json", by_alias=True, exclude=_NOT_RULES)
    after = new.model.model_dump(mode="json", by_alias=True, exclude=_NOT_RULES)
    return [RuleChange(key, _shown(a), _shown(b)) for key, a, b in _differences("", before, after)]


def _differences(prefix: str, before: Any, after: Any) -> Iterator[tuple[str, Any, Any]]:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            yield from _differences(f"{prefix}.{key}" if prefix else key, before.get(key), after.get(key))
    elif before != after:
        yield prefix, before, after


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def compare_household(old: Rules, new: Rules, household: Household, on: date, detail: bool = True) -> HouseholdComparison:
    """The household's fee under both Satzungen on the same day (each error kept, not raised)."""
    return HouseholdComparison(on, _try(old, household, on, detail), _try(new, household, on, detail))


def _try(rules: Rules, household: Household, on: date, detail: bool) -> Assessment | FeeError:
    try:
        return assess(rules, household, on, detail=detail, compare=True)
    except FeeError as error:
        return error
