"""Elternbeitrag rules (Satzungen): the language, its checks, the fee engine and its browser twin.

Public API::

    loaded = load_satzung_text(yaml_text)          # or project.compile_satzungen(root)
    result = assess(loaded.rules, Household(children=(Child(date(2023, 5, 1), "kita", Decimal(45)),),
                                            declared_income=Decimal(55000)), on=date(2025, 9, 1))
    result.total, result.children[0].fee, [render(step) for step in result.steps]

    months = timeline(satzungen, household, date(2025, 8, 1), date(2026, 7, 1),
                      [ChildCare(date(2023, 5, 1), "kita", Decimal(45), start=date(2025, 8, 1))])
    months.total, [(m.month, m.total) for m in months.months]
"""

from kitaforms.satzung.engine import assess
from kitaforms.satzung.explain import render
from kitaforms.satzung.household import (
    Assessment,
    Child,
    ChildFee,
    Custodian,
    FeeError,
    FeeInputError,
    FeeNotDetermined,
    Household,
    IncomeItem,
    Step,
)
from kitaforms.satzung.load import load_satzung, load_satzung_text
from kitaforms.satzung.rules import Rules
from kitaforms.satzung.timeline import CareChange, ChildCare, MonthFee, Timeline, timeline

__all__ = [
    "Assessment", "CareChange", "Child", "ChildCare", "ChildFee", "Custodian", "FeeError", "FeeInputError",
    "FeeNotDetermined", "Household", "IncomeItem", "MonthFee", "Rules", "Step", "Timeline", "assess", "load_satzung",
    "load_satzung_text", "render", "timeline",
]
