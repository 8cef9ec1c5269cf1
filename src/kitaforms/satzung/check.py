"""Checks of a Satzung file that the schema cannot express, each a small function.

Every check gets the validated model and the document (for positions) and returns diagnostics;
:func:`check_satzung` runs them all. :func:`check_validity` compares the files of one Kommune.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from kitaforms.diagnostics import Diagnostic
from kitaforms.load.numbers import meant_number, number_hint, written
from kitaforms.load.yaml_source import DataPath, Document
from kitaforms.satzung.model import CARE_TYPES, FeeRow, FeeTable, Satzung, SiblingRule

Check = Callable[[Satzung, Document], list[Diagnostic]]


def check_satzung(satzung: Satzung, document: Document) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for check in CHECKS:
        found.extend(check(satzung, document))
    return found


def _diag(document: Document, code: str, message: str, path: DataPath, hint: str, key: bool = False) -> Diagnostic:
    return Diagnostic.make(code, message, document.locate(path, key=key), hint)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _suggest(name: str, known: list[str], what: str) -> str:
    spelled = name.translate(_UMLAUTS)
    if spelled != name and spelled in known:
        return f"did you mean `{spelled}`? (ids write ä, ö, ü, ß as ae, oe, ue, ss)"
    close = difflib.get_close_matches(spelled, known, n=1, cutoff=0.5)
    if close:
        return f"did you mean `{close[0]}`?"
    return f"{what}: " + ", ".join(f"`{k}`" for k in known) if known else f"declare {what} first"


def sibling_rules(satzung: Satzung) -> list[tuple[SiblingRule, DataPath]]:
    """Each sibling rule with its path (``siblings`` holds one rule or a list of them)."""
    rules = satzung.siblings
    if rules is None:
        return []
    if isinstance(rules, list):
        return [(rule, ("siblings", index)) for index, rule in enumerate(rules)]
    return [(rules, ("siblings",))]


# --- ids, sources, validity --------------------------------------------------------------------


def check_duplicate_ids(satzung: Satzung, document: Document) -> list[Diagnostic]:
    groups = satzung.age_groups.groups if satzung.age_groups else []
    lists: list[tuple[str, list[Any]]] = [
        ("sources", satzung.sources), ("tables", satzung.tables), ("age_groups", groups)
    ]
    found = []
    for name, items in lists:
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                path = ("age_groups", "groups", index, "id") if name == "age_groups" else (name, index, "id")
                found.append(_diag(document, "SATZUNG_020", f"the id `{item.id}` is used twice in `{name}`",
                                   path, "give each one its own id"))
            seen.add(item.id)
    return found


def check_sources(satzung: Satzung, document: Document) -> list[Diagnostic]:
    known = [s.id for s in satzung.sources]
    return [
        _diag(document, "SATZUNG_016", f"table `{t.id}` cites the source `{t.source}`, which is not under `sources`",
              ("tables", i, "source"), _suggest(t.source, known, "listed sources"))
        for i, t in enumerate(satzung.tables)
        if t.source not in known
    ]


def check_validity_order(satzung: Satzung, document: Document) -> list[Diagnostic]:
    start, end = satzung.valid_from, satzung.valid_until
    if start is None or end is None or end >= start:
        return []
    return [_diag(document, "SATZUNG_017", f"`valid_until` {end} is before `valid_from` {start}",
                  ("valid_until",), "swap the dates or correct the year")]


# --- care types and age groups -----------------------------------------------------------------


def _care_type_refs(satzung: Satzung) -> Iterator[tuple[str, DataPath, bool]]:
    for i, table in enumerate(satzung.tables):
        yield table.care_type, ("tables", i, "care_type"), False
    free = satzung.fee_free
    if free.kibiz_50:
        yield from _listed(free.kibiz_50.care_types, ("fee_free", "kibiz_50", "care_types"))
    for i, rule in enumerate(free.age_groups):
        yield from _listed(rule.care_types, ("fee_free", "age_groups", i, "care_types"))
    for i, rule in enumerate(free.income_up_to):
        yield from _listed(rule.care_types, ("fee_free", "income_up_to", i, "care_types"))
    for rule, path in sibling_rules(satzung):
        yield from _listed(rule.care_types, (*path, "care_types"))
        yield from _listed(rule.also_counts, (*path, "also_counts"))
        for name in rule.care_type_rank:
            yield name, (*path, "care_type_rank", name), True
    if satzung.max_paid_fees:
        yield from _listed(satzung.max_paid_fees.care_types, ("max_paid_fees", "care_types"))
    for i, case in enumerate(satzung.not_computed):
        yield from _listed(case.care_types or [], ("not_computed", i, "care_types"))
    for i, rule in enumerate(satzung.indexation):
        yield from _listed(rule.care_types or [], ("indexation", i, "care_types"))


def _listed(names: list[str], path: DataPath) -> Iterator[tuple[str, DataPath, bool]]:
    for index, name in enumerate(names):
        yield name, (*path, index), False


def check_care_types(satzung: Satzung, document: Document) -> list[Diagnostic]:
    return [
        _diag(document, "SATZUNG_011", f"unknown care type `{name}`", path,
              _suggest(name, list(CARE_TYPES), "care types"), key=key)
        for name, path, key in _care_type_refs(satzung)
        if name not in CARE_TYPES
    ]


def _age_group_refs(satzung: Satzung) -> Iterator[tuple[str, DataPath, bool]]:
    for i, table in enumerate(satzung.tables):
        for j, name in enumerate(table.age_groups or []):
            yield name, ("tables", i, "age_groups", j), False
        for k, row in enumerate(table.rows):
            for name in (row.fees or {}) if table.age_groups is not None else ():
                if name not in table.age_groups:
                    yield name, ("tables", i, "rows", k, "fees", name), True
    for i, rule in enumerate(satzung.fee_free.age_groups):
        yield rule.age_group, ("fee_free", "age_groups", i, "age_group"), False
    for i, case in enumerate(satzung.not_computed):
        for j, name in enumerate(case.age_groups or []):
            yield name, ("not_computed", i, "age_groups", j), False


def check_age_group_refs(satzung: Satzung, document: Document) -> list[Diagnostic]:
    declared = [g.id for g in satzung.age_groups.groups] if satzung.age_groups else []
    found = []
    for name, path, key in _age_group_refs(satzung):
        if key or name not in declared:
            where = "this table's `age_groups`" if key else "`age_groups.groups`"
            known = [*declared] if not key else [str(n) for n in _table_groups(satzung, path)]
            found.append(_diag(document, "SATZUNG_010", f"unknown age group `{name}`: it is not in {where}",
                               path, _suggest(name, known, "age groups"), key=key))
    return found


def _table_groups(satzung: Satzung, path: DataPath) -> list[str]:
    table = satzung.tables[int(path[1])]
    return list(table.age_groups or [])


def check_age_group_cover(satzung: Satzung, document: Document) -> list[Diagnostic]:
    if satzung.age_groups is None:
        return []
    found, expected = [], 0
    groups = satzung.age_groups.groups
    for index, group in enumerate(groups):
        path = ("age_groups", "groups", index)
        if group.from_years != expected:
            what = "a gap" if group.from_years > expected else "an overlap"
            found.append(_diag(document, "SATZUNG_012",
                               f"age group `{group.id}` starts at {group.from_years} years: {what} after {expected}",
                               path, f"let it start at `from_years: {expected}`"))
        if group.below_years is not None and group.below_years <= group.from_years:
            found.append(_diag(document, "SATZUNG_012", f"age group `{group.id}` is empty", path,
                               "`below_years` must be larger than `from_years`"))
        last = index == len(groups) - 1
        if last and group.below_years is not None:
            found.append(_diag(document, "SATZUNG_012", f"children from {group.below_years} years have no age group",
                               (*path, "below_years"), "leave `below_years` out on the last group"))
        if not last and group.below_years is None:
            found.append(_diag(document, "SATZUNG_012", f"age group `{group.id}` is open but not the last one",
                               path, "give it `below_years`, or remove the groups after it"))
        expected = group.below_years if group.below_years is not None else expected
    return found


# --- tables -------------------------------------------------------------------------------------


def _tables(check: Callable[[FeeTable, DataPath, Satzung, Document], list[Diagnostic]]) -> Check:
    def run(satzung: Satzung, document: Document) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for index, table in enumerate(satzung.tables):
            found.extend(check(table, ("tables", index), satzung, document))
        return found

    run.__name__ = check.__name__
    return run


def check_duplicate_tables(satzung: Satzung, document: Document) -> list[Diagnostic]:
    seen: dict[tuple[str, str], str] = {}
    found = []
    for index, table in enumerate(satzung.tables):
        key = (table.care_type, table.purpose)
        if key in seen:
            found.append(_diag(document, "SATZUNG_018",
                               f"tables `{seen[key]}` and `{table.id}` both give the {table.purpose} for `{table.care_type}`",
                               ("tables", index, "care_type"), "merge them or move one into another validity period"))
        seen.setdefault(key, table.id)
    return found


def _hours(table: FeeTable, path: DataPath, satzung: Satzung, document: Document) -> list[Diagnostic]:
    hours = table.hours or []
    found = []
    for index, bound in enumerate(hours):
        here = (*path, "hours", index)
        if bound is None and index != len(hours) - 1:
            found.append(_diag(document, "SATZUNG_013", "only the last hour column may be open (`null`)", here,
                               "move the open column to the end"))
        elif bound is not None and index and hours[index - 1] is not None and bound <= hours[index - 1]:
            found.append(_diag(document, "SATZUNG_013",
                               f"hour column {bound} does not come after {hours[index - 1]}", here,
                               "list the columns in ascending order of hours"))
    if table.per_hour and not hours:
        found.append(_diag(document, "SATZUNG_013", f"table `{table.id}` has hourly rates but no hour bands",
                           (*path, "per_hour"), "list the bands under `hours`, e.g. `[25, 35, null]`"))
    return found


def _expected_from(previous_to: Decimal, boundaries: str) -> Decimal:
    return previous_to + 1 if boundaries == "whole_euros" else previous_to


def _brackets(table: FeeTable, path: DataPath, satzung: Satzung, document: Document) -> list[Diagnostic]:
    found = []
    previous: Decimal | None = None
    for index, row in enumerate(table.rows):
        here = (*path, "rows", index)
        if index and previous is None:
            found.append(_diag(document, "SATZUNG_006", "this bracket comes after the open (last) bracket",
                               here, "only the last row may have `to: null`; remove or reorder the rows"))
            break
        found.extend(_bracket_start(row, index, previous, table, here, document))
        if row.to is not None and row.from_ is not None and row.to <= row.from_ - (1 if _whole(table) else 0):
            found.append(_diag(document, "SATZUNG_006", f"the bracket from {row.from_} to {row.to} is empty",
                               (*here, "to"), "`to` must be above `from`"))
        previous = row.to
    if previous is not None:
        last = (*path, "rows", len(table.rows) - 1, "to")
        found.append(_diag(document, "SATZUNG_005", f"incomes above {previous} fall into no bracket", last,
                           "make the last row open: `to: null`"))
    return found


def _whole(table: FeeTable) -> bool:
    return table.boundaries == "whole_euros"


def _bracket_start(row: FeeRow, index: int, previous: Decimal | None, table: FeeTable, here: DataPath,
                   document: Document) -> list[Diagnostic]:
    if index == 0:
        if row.from_ not in (None, 0):
            return [_diag(document, "SATZUNG_005", f"incomes below {row.from_} fall into no bracket",
                          (*here, "from"), "leave `from` out on the first row (or write 0)")]
        return []
    if row.from_ is None or previous is None:
        return []
    expected = _expected_from(previous, table.boundaries)
    if row.from_ == expected:
        return []
    if row.from_ > expected:
        hint = f"let this bracket start at `from: {expected}` ({table.boundaries})"
        if row.from_ == previous + 1:
            hint = (f"the table counts in whole euros (\"bis {previous} / {row.from_} bis …\"): write "
                    "`boundaries: whole_euros` on the table, or " + hint)
        return [_diag(document, "SATZUNG_005",
                      f"gap between brackets: incomes between {previous} and {row.from_} fall into no bracket",
                      (*here, "from"), hint)]
    return [_diag(document, "SATZUNG_006",
                  f"brackets overlap: this one starts at {row.from_}, the previous one ends at {previous}",
                  (*here, "from"), f"let this bracket start at `from: {expected}` ({table.boundaries})")]


def _cells(table: FeeTable, path: DataPath, satzung: Satzung, document: Document) -> list[Diagnostic]:
    found = []
    width = len(table.hours) if table.hours else None
    for index, row in enumerate(table.rows):
        here = (*path, "rows", index)
        found.extend(_row_shape(table, row, here, document))
        for key, value in _row_values(table, row):
            found.extend(_cell_shape(value, width, (*here, *key), row, document))
    return found


def _row_shape(table: FeeTable, row: FeeRow, here: DataPath, document: Document) -> list[Diagnostic]:
    if table.age_groups is None:
        if row.fees is not None:
            return [_diag(document, "SATZUNG_007", f"table `{table.id}` has no `age_groups`, but the row uses `fees`",
                          (*here, "fees"), "write `fee:` (one value or one per hour column), or add `age_groups`",
                          key=True)]
        if "fee" not in row.model_fields_set:
            return [_diag(document, "SATZUNG_007", "the row has no `fee`", here, "add `fee:`", key=True)]
        return []
    if "fee" in row.model_fields_set:
        return [_diag(document, "SATZUNG_007", f"table `{table.id}` has age groups, but the row uses `fee`",
                      (*here, "fee"), "write the fees per age group under `fees:`", key=True)]
    missing = [g for g in table.age_groups if g not in (row.fees or {})]
    if missing:
        return [_diag(document, "SATZUNG_007", "the row has no fees for " + ", ".join(f"`{g}`" for g in missing),
                      here, "add " + ", ".join(f"`{g}: [...]`" for g in missing) + " under `fees`", key=True)]
    return []


def _row_values(table: FeeTable, row: FeeRow) -> Iterator[tuple[tuple[str, ...], Any]]:
    if table.age_groups is None:
        yield ("fee",), row.fee
        return
    for group in table.age_groups:
        if row.fees is not None and group in row.fees:
            yield ("fees", group), row.fees[group]


def _cell_shape(value: Any, width: int | None, path: DataPath, row: FeeRow, document: Document) -> list[Diagnostic]:
    if value is None:
        return []
    if width is None and isinstance(value, list):
        return [_diag(document, "SATZUNG_007", "the table has no hour columns, but the cell is a list", path,
                      "write one fee, or add `hours:` to the table")]
    if width is not None and not isinstance(value, list):
        return [_diag(document, "SATZUNG_007", f"the table has {width} hour columns, but the cell is one value",
                      path, f"write a list of {width} fees, one per hour column")]
    if width is not None and len(value) != width:
        what = "missing" if len(value) < width else "too many"
        return [_diag(document, "SATZUNG_007", f"{len(value)} fees for {width} hour columns ({what})", path,
                      f"write exactly {width} fees, one per column; `null` where the source gives none")]
    return []


def _unknown_cells(table: FeeTable, path: DataPath, satzung: Satzung, document: Document) -> list[Diagnostic]:
    found = []
    for index, row in enumerate(table.rows):
        if row.note:
            continue
        for key, value in _row_values(table, row):
            cells = value if isinstance(value, list) else [value]
            if None in cells:
                here = (*path, "rows", index, *key)
                found.append(_diag(document, "SATZUNG_014", "a fee of this row is not known (`null`)", here,
                                   "add a `note` to the row saying why (e.g. not given in the source read)"))
    return found


def _per_hour(table: FeeTable, path: DataPath, satzung: Satzung, document: Document) -> list[Diagnostic]:
    rule = table.per_hour
    if rule is None or rule.monthly_factor is not None or rule.note:
        return []
    return [_diag(document, "SATZUNG_015", f"table `{table.id}` has hourly rates but no `monthly_factor`",
                  (*path, "per_hour", "monthly_factor"), "write the factor the Satzung states, e.g. `52/12`, "
                  "or say in `per_hour.note` why it is not known")]


def _monotonic(table: FeeTable, path: DataPath, satzung: Satzung, document: Document) -> list[Diagnostic]:
    width = len(table.hours) if table.hours else 1
    found = []
    for group in table.age_groups or [None]:
        for column in range(width):
            found.extend(_falling(table, path, group, column, document))
    return found


def _falling(table: FeeTable, path: DataPath, group: str | None, column: int, document: Document) -> list[Diagnostic]:
    previous: tuple[Decimal, int] | None = None
    for index, row in enumerate(table.rows):
        value = cell_value(table, row, group, column)
        if value is None:
            continue
        if previous is not None and value < previous[0]:
            where = f"`{group}` " if group else ""
            here = cell_path(table, path, index, group, column)
            return [_diag(document, "SATZUNG_009",
                          f"the fee {where}in column {column + 1} falls from {previous[0]} to {value} as income rises",
                          here, "check the value against the printed table")]
        previous = (value, index)
    return []


def cell_value(table: FeeTable, row: FeeRow, group: str | None, column: int) -> Decimal | None:
    """The value of one cell of ``row`` (``None`` when unknown or malformed)."""
    value = row.fee if group is None else (row.fees or {}).get(group)
    if isinstance(value, list):
        return value[column] if column < len(value) else None
    return value


def cell_path(table: FeeTable, path: DataPath, index: int, group: str | None, column: int) -> DataPath:
    base = (*path, "rows", index, "fee" if group is None else "fees")
    here = base if group is None else (*base, group)
    return (*here, column) if table.hours else here


# --- indexation --------------------------------------------------------------------------------


def check_indexation(satzung: Satzung, document: Document) -> list[Diagnostic]:
    found = []
    for index, rule in enumerate(satzung.indexation):
        if rule.type != "scale":
            if rule.last is not None and rule.last < rule.first:
                found.append(_diag(document, "SATZUNG_019", f"the last rise ({rule.last}) is before the first "
                                   f"({rule.first})", ("indexation", index, "last"), "swap `first` and `last`"))
            continue
        days: list[date] = [step.from_ for step in rule.steps]
        for position in range(1, len(days)):
            if days[position] <= days[position - 1]:
                found.append(_diag(document, "SATZUNG_019",
                                   f"step {position + 1} ({days[position]}) does not come after {days[position - 1]}",
                                   ("indexation", index, "steps", position, "from"), "order the steps by date"))
    return found


# --- free incomes, sibling rules, cases the Jugendamt decides ----------------------------------------


def check_income_thresholds(satzung: Satzung, document: Document) -> list[Diagnostic]:
    found = []
    for index, rule in enumerate(satzung.fee_free.income_up_to):
        path = ("fee_free", "income_up_to", index)
        if rule.up_to is not None and rule.below is not None:
            found.append(_diag(document, "SATZUNG_021", "the threshold has both `up_to` and `below`",
                               (*path, "below"), "keep `up_to` for \"bis X\" (X is free) or `below` for \"unter X\" "
                               "(X pays), not both"))
        elif rule.up_to is None and rule.below is None:
            found.append(_diag(document, "SATZUNG_021", "the threshold has neither `up_to` nor `below`", path,
                               "add `up_to: X` for \"bis X\" (X is free) or `below: X` for \"unter X\" (X pays)",
                               key=True))
    return found


def check_sibling_rules(satzung: Satzung, document: Document) -> list[Diagnostic]:
    found, owner = [], {}
    for rule, path in sibling_rules(satzung):
        for index, name in enumerate(rule.care_types):
            if name in owner:
                found.append(_diag(document, "SATZUNG_022", f"`{name}` is in two sibling rules", (*path, "care_types", index),
                                   f"a care type belongs to one rule; to let `{name}` children count in another rule, "
                                   f"list it there under `also_counts`"))
            owner.setdefault(name, path)
        for index, name in enumerate(rule.also_counts):
            if name in rule.care_types:
                found.append(_diag(document, "SATZUNG_022", f"`{name}` is in `care_types` and `also_counts` of one rule",
                                   (*path, "also_counts", index), "remove it from `also_counts`: the rule already "
                                   "counts (and changes) these children"))
    return found


def check_not_computed(satzung: Satzung, document: Document) -> list[Diagnostic]:
    conditions = ("care_types", "age_groups", "hours_above", "income_above", "children_from", "benefits")
    return [
        _diag(document, "SATZUNG_023", "this case names no condition, so the engine would decline every fee",
              ("not_computed", index), "say whom it concerns: " + ", ".join(f"`{c}`" for c in conditions), key=True)
        for index, case in enumerate(satzung.not_computed)
        if not any(getattr(case, name) is not None for name in conditions)
    ]


CHECKS: list[Check] = [
    check_duplicate_ids,
    check_sources,
    check_validity_order,
    check_care_types,
    check_age_group_refs,
    check_age_group_cover,
    check_duplicate_tables,
    _tables(_hours),
    _tables(_brackets),
    _tables(_cells),
    _tables(_unknown_cells),
    _tables(_per_hour),
    _tables(_monotonic),
    check_indexation,
    check_income_thresholds,
    check_sibling_rules,
    check_not_computed,
]


# --- numbers as written: German thousands points, decimal commas, whole euros ---------------------

_ROW = ("tables", "*", "rows", "*")
BOUND_PATHS: tuple[DataPath, ...] = (
    (*_ROW, "from"), (*_ROW, "to"), ("fee_free", "income_up_to", "*", "up_to"),
    ("fee_free", "income_up_to", "*", "below"), ("not_computed", "*", "income_above"),
)
AMOUNT_PATHS: tuple[DataPath, ...] = (
    (*_ROW, "fee"), (*_ROW, "fee", "*"), (*_ROW, "fees", "*"), (*_ROW, "fees", "*", "*"),
    ("income", "child_deduction", "amount"), ("income", "elterngeld_allowance", "basis_monthly"),
    ("income", "elterngeld_allowance", "plus_monthly"), ("siblings", "cap"), ("siblings", "*", "cap"),
)


def matches(path: DataPath, pattern: DataPath) -> bool:
    """Whether ``path`` fits ``pattern`` (``"*"`` stands for any one key or index)."""
    return len(path) == len(pattern) and all(p == "*" or p == part for part, p in zip(path, pattern, strict=True))


def check_written_numbers(document: Document) -> list[Diagnostic]:
    """Amounts and bracket bounds written in German format (``25.000``, ``1.500,50``): SATZUNG_024.

    Runs on the document as loaded (before the schema), because YAML reads ``25.000`` as 25 and
    ``1.500,50`` as text; the token as written tells what the editor meant.
    """
    found = []
    for path in list(document.values):
        if not any(matches(path, p) for p in (*BOUND_PATHS, *AMOUNT_PATHS)):
            continue
        token = written(document, path)
        meant = meant_number(token) if token else None
        if meant is not None:
            found.append(_diag(document, "SATZUNG_024", f"`{token}` is written in German number format",
                               path, number_hint(meant)))
    return found


def check_whole_euros(document: Document) -> list[Diagnostic]:
    """Bracket bounds of a `boundaries: whole_euros` table must be whole euros (SATZUNG_025)."""
    found = []
    tables = document.data.get("tables") if isinstance(document.data, dict) else None
    for index, table in enumerate(tables if isinstance(tables, list) else []):
        if not isinstance(table, dict) or table.get("boundaries") != "whole_euros":
            continue
        for row, values in enumerate(table.get("rows") or []):
            for key in ("from", "to"):
                value = values.get(key) if isinstance(values, dict) else None
                path = ("tables", index, "rows", row, key)
                if isinstance(value, Decimal) and value != value.to_integral_value() and meant_number(
                        written(document, path) or "") is None:
                    found.append(_diag(document, "SATZUNG_025", f"the bound {value} is not in whole euros, but "
                                       "the table counts in whole euros (`boundaries: whole_euros`)", path,
                                       f"write whole euros, e.g. `{int(value)}`, or change `boundaries`"))
    return found


# --- several files of one Kommune --------------------------------------------------------------


def check_validity(files: list[tuple[Satzung, Document]]) -> list[Diagnostic]:
    """Files of one Kommune must not be valid on the same day (reported at the later file's `valid_from`)."""
    ordered = sorted(files, key=lambda f: f[0].valid_from or date.min)
    found = []
    reach: tuple[Satzung, Document] | None = None  # the file that reaches furthest so far
    for satzung, document in ordered:
        if reach is not None and (satzung.valid_from or date.min) <= (reach[0].valid_until or date.max):
            found.append(_overlap(reach, document))
        if reach is None or (satzung.valid_until or date.max) > (reach[0].valid_until or date.max):
            reach = (satzung, document)
    return found


def _overlap(earlier: tuple[Satzung, Document], document: Document) -> Diagnostic:
    until = earlier[0].valid_until or "open end"
    return _diag(document, "SATZUNG_008",
                 f"the validity overlaps with {earlier[1].file} (valid until {until})", ("valid_from",),
                 "end the older file the day before this one starts (`valid_until`), or correct `valid_from`")
