"""Households and assessments as JSON data (amounts as strings), shared by the CLI, the batch and the
browser evaluator, which reads and writes exactly these shapes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from kitaforms.satzung.engine import amount
from kitaforms.satzung.explain import render
from kitaforms.satzung.household import (
    Assessment,
    Child,
    Custodian,
    FeeError,
    FeeInputError,
    Household,
    IncomeItem,
)


def assessment_to_json(result: Assessment, lang: str = "de") -> dict[str, Any]:
    return {
        "satzung": result.satzung,
        "on": result.on.isoformat(),
        "income": amount(result.income) if result.income is not None else None,
        "total": amount(result.total),
        "meal_total": amount(result.meal_total),
        "provisional": result.provisional,
        "children": [
            {
                "number": c.number, "care_type": c.care_type, "age_group": c.age_group,
                "single_fee": amount(c.single_fee), "fee": amount(c.fee), "meal_money": amount(c.meal_money),
                "free": c.free, "bracket": c.bracket, "column": c.column,
            }
            for c in result.children
        ],
        "explanation": [
            {"code": s.code, "paragraph": s.paragraph, "child": s.child, "params": s.params, "text": render(s, lang)}
            for s in result.steps
        ],
    }


def error_to_json(error: FeeError) -> dict[str, Any]:
    kind = "input" if isinstance(error, FeeInputError) else "not_determined"
    return {"error": {"code": error.code, "kind": kind, "message": error.message, "paragraph": error.paragraph}}


def household_to_json(household: Household) -> dict[str, Any]:
    return {
        "children": [
            {"birth_date": c.birth_date.isoformat(), "care_type": c.care_type, "hours": _opt(c.hours),
             "start": c.start.isoformat() if c.start else None, "meals": c.meals}
            for c in household.children
        ],
        "incomes": [
            {"kind": i.kind, "annual": _opt(i.annual), "monthly": _opt(i.monthly), "months": i.months,
             "custodian": i.custodian, "elterngeld_plus": i.elterngeld_plus, "special_payments": _opt(i.special_payments)}
            for i in household.incomes
        ],
        "custodians": [{"beamter": c.beamter} for c in household.custodians],
        "declared_income": _opt(household.declared_income),
        "statement": household.statement,
        "benefits": sorted(household.benefits),
        "children_in_household": household.children_in_household,
        "alternating": household.alternating,
        "provisional": household.provisional,
    }


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def household_from_json(data: dict[str, Any]) -> Household:
    """Build a :class:`Household` from JSON data; raises :class:`FeeInputError` for malformed data."""
    try:
        return Household(
            children=tuple(_child(c) for c in data["children"]),
            incomes=tuple(_income(i) for i in data.get("incomes") or ()),
            custodians=tuple(Custodian(bool(c.get("beamter"))) for c in data.get("custodians") or [{}]),
            declared_income=_decimal(data.get("declared_income")),
            statement=bool(data.get("statement", True)),
            benefits=frozenset(data.get("benefits") or ()),
            children_in_household=data.get("children_in_household"),
            alternating=bool(data.get("alternating", False)),
            provisional=bool(data.get("provisional", False)),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation, AttributeError) as exc:
        raise FeeInputError("bad_household", f"the household data is malformed ({type(exc).__name__}: {exc})") from None


def _child(data: dict[str, Any]) -> Child:
    start = data.get("start")
    return Child(date.fromisoformat(data["birth_date"]), data["care_type"], _decimal(data.get("hours")),
                 date.fromisoformat(start) if start else None, bool(data.get("meals", False)))


def _income(data: dict[str, Any]) -> IncomeItem:
    return IncomeItem(data["kind"], _decimal(data.get("annual")), _decimal(data.get("monthly")),
                      int(data.get("months", 12)), int(data.get("custodian", 0)), bool(data.get("elterngeld_plus")),
                      _decimal(data.get("special_payments")))


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise ValueError("amounts must be strings or integers, not binary floats")
    return Decimal(str(value))

