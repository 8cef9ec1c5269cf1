"""A stored income declaration (form ``einkommen``, ``forms/nrw/einkommen.yaml``) as the fee engine's input.

:func:`case_from_answers` reads the answers as stored (amounts as strings, exact) and returns a
:class:`Case`: the household with the declared income *items* (so the Satzung applies its own
adjustments: kinds that count, the Beamte addition, the Elterngeld allowance, deductions), the
children with their care, and the period. Nothing here is worded; a declaration the engine cannot
use raises :class:`DeclarationError` with a stable code.

Mapping of the form's fields (per parent ``einkommen1`` / ``einkommen2``, yearly amounts; each parent is one
custodian): ``lohn`` → ``nichtselbstaendig``, ``beamtenbezuege`` → ``nichtselbstaendig`` (the parent is then a
Beamter), ``werbungskosten`` → the parent's stated Werbungskosten (the Satzung's ``work_expenses`` rule
deducts them, or the Arbeitnehmer-Pauschbetrag where none are stated), ``gewinn`` → ``selbstaendig``,
``steuerfrei``, ``kapital``, ``vermietung``, ``lohnersatz``, ``unterhalt`` as they are, ``renten`` and
``sonstige`` → ``sonstige``, ``elterngeld_monatlich`` × ``elterngeld_monate`` → ``elterngeld`` (``plus`` for
ElterngeldPlus); ``bezugsjahr`` → the income's year. ``erklaerungsweg``: ``hoechstbeitrag`` → no statement,
``leistungsbezug`` → the benefits of ``leistung_art``; ``familiensituation`` ``wechselmodell`` → the Satzung's
Wechselmodell rule. The browser's fee estimate maps the answers the same way (``householdFromForm`` in
``renderers/default/static/js/fees.js``; tests/notice/test_form_household.py compares the two).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from kitaforms.satzung.household import Child, Custodian, Household, IncomeItem
from kitaforms.satzung.model import BENEFITS
from kitaforms.satzung.timeline import ChildCare

PARENTS = ("einkommen1", "einkommen2")
_YEARLY = {"gewinn": "selbstaendig", "steuerfrei": "steuerfrei", "kapital": "kapital", "vermietung": "vermietung",
           "renten": "sonstige", "lohnersatz": "lohnersatz", "unterhalt": "unterhalt", "sonstige": "sonstige"}
_HOURS = ("umfang", "stunden_tagespflege")


class DeclarationError(ValueError):
    """The declaration cannot be assessed as it is: ``code`` says why, ``detail`` where."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class Case:
    """What a notice is assessed from: the household (income), the children's care, the period."""

    household: Household
    care: tuple[ChildCare, ...]
    names: tuple[str, ...]
    first: date
    last: date
    basis: str = "declared"  # declared (self-assessment) or verified (proofs checked by the clerk)
    band: int | None = None  # the income band (Stufe of the Satzung's table) chosen instead of amounts
    notes: tuple[str, ...] = field(default=())


def case_from_answers(answers: Mapping[str, Any], *, first: date | None = None, last: date | None = None,
                      income: Decimal | None = None) -> Case:
    """The case of a stored ``einkommen`` submission; ``income`` replaces the declared items by one yearly
    total (e.g. a declaration that only names an income band), ``first``/``last`` the period (default: from
    the first month of care, or of the change, to the July that ends that Kita year)."""
    care, names = _children(answers.get("kinder") or [])
    household = replace(_household(answers), children=())
    if income is not None:
        household = replace(household, incomes=(), declared_income=income, statement=True)
    elif household.statement and not household.incomes and not household.benefits:
        band = _band(answers.get("einkommensstufe"))
        return replace(case_of(household, care, names, first, last, answers.get("aenderung_ab")), band=band)
    return case_of(household, care, names, first, last, answers.get("aenderung_ab"))


def household_from_answers(answers: Mapping[str, Any]) -> Household:
    """The household of a declaration with its children (each with the start and end of its care)."""
    care, _ = _children(answers.get("kinder") or [])
    children = tuple(Child(c.birth_date, c.care_type, c.hours, c.start, end=c.end) for c in care)
    return replace(_household(answers), children=children)


def _band(code: object) -> int:
    """The Stufe of a band code ``stufe_N`` (the codes of a Kommune's `einkommensstufen` follow its table)."""
    text = str(code or "")
    if not (text.startswith("stufe_") and text[6:].isdigit()):
        raise DeclarationError("no_income", "the declaration names no amounts and no income band: give the "
                               "yearly income with --einkommen")
    return int(text[6:])


def case_of(household: Household, care: Sequence[ChildCare], names: Sequence[str], first: date | None = None,
            last: date | None = None, change: str | None = None) -> Case:
    """A case from its parts; the period by default from the first month of care (or of the ``change``,
    ``YYYY-MM-DD``) to the July that ends that Kita year."""
    if not care:
        raise DeclarationError("no_children", "no child in care")
    start = first or _default_first(care, change)
    end = last or date(start.year + (start.month >= 8), 7, 1)
    return Case(household, tuple(care), tuple(names), start, end)


def _household(answers: Mapping[str, Any]) -> Household:
    way = answers.get("erklaerungsweg")
    alternating = answers.get("familiensituation") == "wechselmodell"
    if way == "hoechstbeitrag":
        return Household(children=(), statement=False, provisional=True, alternating=alternating)
    if way == "leistungsbezug":
        benefits = frozenset(b for b in answers.get("leistung_art") or () if b in BENEFITS)
        return Household(children=(), benefits=benefits, provisional=True, alternating=alternating)
    incomes: list[IncomeItem] = []
    custodians: list[Custodian] = []
    blocks = [answers.get(key) for key in PARENTS]
    while blocks and not isinstance(blocks[-1], Mapping):
        blocks.pop()
    for number, block in enumerate(blocks):
        if not isinstance(block, Mapping):
            custodians.append(Custodian())
            continue
        custodians.append(Custodian(beamter=_money(block, "beamtenbezuege") is not None,
                                    work_expenses=_money(block, "werbungskosten")))
        incomes += _items(block, number)
    return Household(children=(), incomes=tuple(incomes), custodians=tuple(custodians) or (Custodian(),),
                     provisional=True, alternating=alternating, income_year=_year(answers.get("bezugsjahr")))


def _year(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _items(block: Mapping[str, Any], custodian: int) -> list[IncomeItem]:
    items: list[IncomeItem] = []
    for key in ("lohn", "beamtenbezuege"):
        value = _money(block, key)
        if value is not None:
            items.append(IncomeItem("nichtselbstaendig", value, custodian=custodian))
    for key, kind in _YEARLY.items():
        value = _money(block, key)
        if value is not None:
            items.append(IncomeItem(kind, value, custodian=custodian))
    monthly = _money(block, "elterngeld_monatlich")
    if monthly is not None:
        months = int(block.get("elterngeld_monate") or 12)
        items.append(IncomeItem("elterngeld", monthly=monthly, months=months, custodian=custodian,
                                elterngeld_plus=block.get("elterngeld_art") == "plus"))
    return items


def _money(block: Mapping[str, Any], key: str) -> Decimal | None:
    value = block.get(key)
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise DeclarationError("bad_amount", f"{key} = {value!r} is not an amount") from None


def _children(kinder: Sequence[Mapping[str, Any]]) -> tuple[tuple[ChildCare, ...], tuple[str, ...]]:
    if not kinder:
        raise DeclarationError("no_children", "the declaration names no child in care (kinder)")
    care, names = [], []
    for number, kind in enumerate(kinder, 1):
        try:
            born, start = date.fromisoformat(kind["geburtsdatum"]), date.fromisoformat(kind["beginn"])
            end = date.fromisoformat(kind["ende"]) if kind.get("ende") else None
        except (KeyError, TypeError, ValueError):
            raise DeclarationError("bad_child", f"child {number} lacks a valid geburtsdatum or beginn") from None
        hours = next((Decimal(str(kind[k])) for k in _HOURS if kind.get(k) not in (None, "")), None)
        care.append(ChildCare(born, str(kind.get("betreuungsart") or "kita"), hours, start, end))
        names.append(str(kind.get("vorname") or number))
    return tuple(care), tuple(names)


def _default_first(care: Sequence[ChildCare], change: str | None) -> date:
    starts = [c.start for c in care if c.start is not None]
    if not starts:
        raise DeclarationError("no_period", "no child has a start of care: give the first month (--von)")
    first = min(starts)
    if change:
        first = max(first, date.fromisoformat(change))
    return first.replace(day=1)
