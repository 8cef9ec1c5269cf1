"""Many households at once, as CSV rows: one row per child, rows with the same `haushalt` form one household.

Input columns: ``haushalt, einkommen, geburtsdatum, stunden, betreuungsart`` and optionally ``stichtag``
(else the default date). Output: one row per child with its fee and the household total, or the
error that stopped the household. Reading and writing files is the CLI's job; this works on dicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from kitaforms.satzung.engine import amount
from kitaforms.satzung.fast import FastAssessor
from kitaforms.satzung.household import Child, FeeError, FeeInputError, Household
from kitaforms.satzung.rules import Rules

COLUMNS_IN = ("haushalt", "einkommen", "geburtsdatum", "stunden", "betreuungsart")
COLUMNS_OUT = ("haushalt", "kind", "geburtsdatum", "betreuungsart", "stunden", "beitrag", "gesamt", "fehler")


@dataclass(frozen=True)
class BatchHousehold:
    id: str
    household: Household | None
    on: date
    rows: tuple[dict[str, str], ...]
    error: str | None = None


def group_rows(rows: Iterable[dict[str, str]], default_on: date) -> Iterator[BatchHousehold]:
    """Group consecutive rows by `haushalt` and build each household (errors are kept, not raised)."""
    current: list[dict[str, str]] = []
    for row in rows:
        if current and row.get("haushalt") != current[0].get("haushalt"):
            yield _household(current, default_on)
            current = []
        current.append(row)
    if current:
        yield _household(current, default_on)


def _household(rows: list[dict[str, str]], default_on: date) -> BatchHousehold:
    first = rows[0]
    ident = first.get("haushalt") or ""
    try:
        on = date.fromisoformat(first["stichtag"]) if first.get("stichtag") else default_on
        children = tuple(_child(row) for row in rows)
        household = Household(children=children, declared_income=_amount(first.get("einkommen"), "einkommen"))
        return BatchHousehold(ident, household, on, tuple(rows))
    except (FeeInputError, ValueError, KeyError) as exc:
        message = exc.message if isinstance(exc, FeeInputError) else f"invalid row: {exc}"
        return BatchHousehold(ident, None, default_on, tuple(rows), message)


def _child(row: dict[str, str]) -> Child:
    hours = _amount(row.get("stunden"), "stunden")
    return Child(date.fromisoformat(row["geburtsdatum"].strip()), (row.get("betreuungsart") or "kita").strip(), hours)


def _amount(text: str | None, column: str) -> Decimal | None:
    if text is None or not text.strip():
        return None
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise FeeInputError("bad_amount", template="bad_amount_text", column=column, value=repr(text)) from None


def assess_batch(items: Iterable[BatchHousehold], pick: Callable[[date], Rules]) -> Iterator[dict[str, str]]:
    """Output rows for every household; ``pick`` returns the Satzung valid on a date."""
    assessors: dict[str, FastAssessor] = {}
    for item in items:
        yield from _assess_one(item, pick, assessors)


def _assess_one(item: BatchHousehold, pick: Callable[[date], Rules],
                assessors: dict[str, FastAssessor]) -> Iterator[dict[str, str]]:
    error, fees, total = item.error, [""] * len(item.rows), ""
    if error is None and item.household is not None:
        try:
            rules = pick(item.on)
            assessor = assessors.get(rules.key) or assessors.setdefault(rules.key, FastAssessor(rules))
            sum_, single = assessor.fees(item.household, item.on)
            fees, total = [amount(fee) for fee in single], amount(sum_)
        except FeeError as exc:
            error = f"{exc.code}: {exc.message}"
    for number, (row, fee) in enumerate(zip(item.rows, fees, strict=True), 1):
        yield {
            "haushalt": item.id, "kind": str(number), "geburtsdatum": row.get("geburtsdatum", ""),
            "betreuungsart": row.get("betreuungsart", ""), "stunden": row.get("stunden", ""),
            "beitrag": fee, "gesamt": total, "fehler": error or "",
        }
