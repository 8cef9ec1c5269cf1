"""Households and assessments as JSON data (amounts as strings), shared by the CLI, the batch and the
browser evaluator, which reads and writes exactly these shapes (:func:`assessment_to_json`).

:func:`fee_json` is what `kitaforms fee --json` prints: the same with the bracket as the Satzung numbers
it (``stufe``) and the hour column counted from 1; :func:`timeline_json` the fee of every month.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from kitaforms.satzung.engine import amount
from kitaforms.satzung.explain import render
from kitaforms.satzung.household import (
    Assessment,
    Child,
    ChildFee,
    Custodian,
    FeeError,
    FeeInputError,
    Household,
    IncomeItem,
)
from kitaforms.satzung.rules import Rules
from kitaforms.satzung.timeline import MonthFee, Timeline


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


def error_to_json(error: FeeError, lang: str = "de") -> dict[str, Any]:
    kind = "input" if isinstance(error, FeeInputError) else "not_determined"
    data = {"code": error.code, "kind": kind, "message": error.text(lang), "paragraph": error.paragraph}
    if error.location is not None:
        data["location"] = error.location
    return {"error": data}


def fee_json(result: Assessment, rules: Rules, lang: str = "de") -> dict[str, Any]:
    """The assessment as `kitaforms fee --json` prints it: brackets and hour columns numbered as printed."""
    data = assessment_to_json(result, lang)
    data["children"] = [_child_json(child, rules) for child in result.children]
    return data


def _child_json(child: ChildFee, rules: Rules) -> dict[str, Any]:
    table = rules.fee_tables.get(child.care_type)
    stufe = None
    if table is not None and child.bracket is not None:
        printed = table.brackets[child.bracket].stufe
        stufe = printed if printed is not None else child.bracket + 1
    return {
        "number": child.number, "care_type": child.care_type, "age_group": child.age_group, "stufe": stufe,
        "column": None if child.column is None or table is None or table.columns is None else child.column + 1,
        "single_fee": amount(child.single_fee), "fee": amount(child.fee), "meal_money": amount(child.meal_money),
        "free": child.free,
    }


def timeline_json(timeline: Timeline, lang: str = "de") -> dict[str, Any]:
    """Every month of a timeline with its fees and explanation (or its error), and the totals."""
    return {
        "from": _month(timeline.first), "until": _month(timeline.last), "complete": timeline.complete,
        "total": amount(timeline.total), "meal_total": amount(timeline.meal_total),
        "children": [{"number": n, "total": amount(t)} for n, t in enumerate(timeline.child_totals, 1)],
        "months": [_month_json(month, lang) for month in timeline.months],
    }


def _month_json(month: MonthFee, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {"month": _month(month.month), "satzung": month.rules.key if month.rules else None,
                            "in_care": list(month.in_care)}
    if month.error is not None:
        data.update(error_to_json(month.error, lang))
    elif month.assessment is not None and month.rules is not None:
        result = fee_json(month.assessment, month.rules, lang)
        data.update({k: result[k] for k in ("total", "meal_total", "income", "children", "explanation")})
    else:
        data.update({"total": amount(month.total), "meal_total": amount(month.meal_total), "children": []})
    return data


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def household_to_json(household: Household) -> dict[str, Any]:
    return {
        "children": [
            {"birth_date": c.birth_date.isoformat(), "care_type": c.care_type, "hours": _opt(c.hours),
             "start": c.start.isoformat() if c.start else None, "meals": c.meals,
             "end": c.end.isoformat() if c.end else None}
            for c in household.children
        ],
        "incomes": [
            {"kind": i.kind, "annual": _opt(i.annual), "monthly": _opt(i.monthly), "months": i.months,
             "custodian": i.custodian, "elterngeld_plus": i.elterngeld_plus, "special_payments": _opt(i.special_payments)}
            for i in household.incomes
        ],
        "custodians": [{"beamter": c.beamter, "work_expenses": _opt(c.work_expenses)} for c in household.custodians],
        "declared_income": _opt(household.declared_income),
        "statement": household.statement,
        "benefits": sorted(household.benefits),
        "children_in_household": household.children_in_household,
        "alternating": household.alternating,
        "provisional": household.provisional,
        "income_year": household.income_year,
    }


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def household_from_json(data: dict[str, Any]) -> Household:
    """Build a :class:`Household` from JSON data; raises :class:`FeeInputError` for malformed data."""
    try:
        return Household(
            children=tuple(_child(c) for c in data["children"]),
            incomes=tuple(_income(i) for i in data.get("incomes") or ()),
            custodians=tuple(Custodian(bool(c.get("beamter")), _decimal(c.get("work_expenses")))
                             for c in data.get("custodians") or [{}]),
            declared_income=_decimal(data.get("declared_income")),
            statement=bool(data.get("statement", True)),
            benefits=frozenset(data.get("benefits") or ()),
            children_in_household=data.get("children_in_household"),
            alternating=bool(data.get("alternating", False)),
            provisional=bool(data.get("provisional", False)),
            income_year=_year(data.get("income_year")),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation, AttributeError) as exc:
        raise FeeInputError("bad_household", detail=f"{type(exc).__name__}: {exc}") from None


def _child(data: dict[str, Any]) -> Child:
    start, end = data.get("start"), data.get("end")
    return Child(date.fromisoformat(data["birth_date"]), data["care_type"], _decimal(data.get("hours")),
                 date.fromisoformat(start) if start else None, bool(data.get("meals", False)),
                 date.fromisoformat(end) if end else None)


def _income(data: dict[str, Any]) -> IncomeItem:
    return IncomeItem(data["kind"], _decimal(data.get("annual")), _decimal(data.get("monthly")),
                      int(data.get("months", 12)), int(data.get("custodian", 0)), bool(data.get("elterngeld_plus")),
                      _decimal(data.get("special_payments")))


def _year(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"income_year must be a whole number, not {value!r}")
    return int(value)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise ValueError("amounts must be strings or integers, not binary floats")
    return Decimal(str(value))

