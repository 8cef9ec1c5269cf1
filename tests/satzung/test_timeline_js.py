"""The browser evaluator's timeline (``KitaFees.timeline`` and ``KitaFees.changes`` in fees.js, which the income
assistant's fee estimate shows) equals the Python timeline month by month, on every shipped Satzung.

It extends tests/satzung/test_timeline_acceptance.py (there fees.js assesses each month on its own, with the
explanation left out) in three ways, because the estimate now shows the coming Kita years:

1. The whole month as `kitaforms fee --von … --bis … --json` prints it (:func:`timeline_json`): the Satzung applied,
   the children in care, every fee, the income, each child's Stufe and column, and every step of the
   explanation with its details (the child's age, the next age-group change, when § 50 makes it free) worded in
   German and English; a month that is not determined with its error's code, paragraph and message.
2. The months worth explaining and their steps, as the CLI prints them under "Erläuterungen"
   (:func:`kitaforms.satzung.timeline.changes`).
3. The income rules enter: households with income items (wages with and without Werbungskosten, so the
   Arbeitnehmer-Pauschbetrag applies, a Beamter, Elterngeld, a stated income year) on every Satzung with income
   rules, over four Kita years, so the age-group change at 3 and the free years of KiBiz § 50 are in them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from satzung_support import NODE, run_js
from synthetic import synthetic
from test_timeline_acceptance import CASES, candidates, make_case

from kitaforms.satzung import ChildCare, Custodian, Household, IncomeItem, timeline
from kitaforms.satzung.compiled import compile_json
from kitaforms.satzung.explain import render
from kitaforms.satzung.jsonio import household_to_json, timeline_json
from kitaforms.satzung.rules import Rules
from kitaforms.satzung.timeline import changes

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not on PATH")

D = Decimal
RUNNER = Path(__file__).with_name("run_timeline.js")
ITEMISED_KEYS = ["bielefeld/2022-08", "duesseldorf/2021-08", "koeln/2025-08", "kreis_soest/ohne-datum"]


def care_json(care: ChildCare) -> dict[str, Any]:
    def opt(value: Decimal | None) -> str | None:
        return None if value is None else f"{value:f}"

    return {"birth_date": care.birth_date.isoformat(), "care_type": care.care_type, "hours": opt(care.hours),
            "start": care.start.isoformat() if care.start else None, "end": care.end.isoformat() if care.end else None,
            "changes": [{"month": c.month.isoformat(), "care_type": c.care_type, "hours": opt(c.hours)}
                        for c in care.changes], "meals": care.meals}


def household_json(household: Household, care: tuple[ChildCare, ...]) -> dict[str, Any]:
    return {**household_to_json(replace(household, children=())), "children": [care_json(c) for c in care]}


def python_side(satzungen: list[Rules], household: Household, first: date, last: date,
                care: tuple[ChildCare, ...], lang: str) -> dict[str, Any]:
    result = timeline(satzungen, household, first, last, care)
    explained = [{"month": f"{month.month:%Y-%m}", "steps": [
        {"code": s.code, "paragraph": s.paragraph, "child": s.child, "params": s.params, "text": render(s, lang)}
        for s in steps]} for month, steps in changes(result)]
    return {"timeline": timeline_json(result, lang), "changes": explained}


def run_js_timelines(rules: dict[str, dict[str, Any]], cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``cases`` under node with the fees.js the assistants ship, through the timeline runner."""
    return run_js(rules, cases, RUNNER)


def itemised_households() -> list[tuple[str, Household]]:
    """Declarations as the income form gives them (see kitaforms.notice.declaration)."""
    wages = IncomeItem("nichtselbstaendig", annual=D("50300.00"))
    return [
        ("wages near a bracket bound, no Werbungskosten stated", Household(children=(), incomes=(wages,))),
        ("wages less Werbungskosten, a Beamter without, income of 2025",
         Household(children=(), incomes=(IncomeItem("nichtselbstaendig", annual=D(40000)),
                                          IncomeItem("nichtselbstaendig", annual=D(12000), custodian=1)),
                   custodians=(Custodian(work_expenses=D(1900)), Custodian(beamter=True)), income_year=2025)),
        ("a Beamter with a side job and low Werbungskosten, a self-employed parent on Elterngeld, income of 2022",
         Household(children=(), incomes=(
             IncomeItem("nichtselbstaendig", annual=D(60000)), IncomeItem("nichtselbstaendig", annual=D(5000)),
             IncomeItem("selbstaendig", annual=D(20000), custodian=1),
             IncomeItem("elterngeld", monthly=D("812.50"), months=7, custodian=1, elterngeld_plus=True)),
             custodians=(Custodian(beamter=True, work_expenses=D(800)), Custodian()), income_year=2022)),
        ("wages below the Pauschbetrag and interest", Household(children=(), incomes=(
            IncomeItem("nichtselbstaendig", annual=D(900)), IncomeItem("kapital", annual=D(3000))))),
        ("an income year the table does not reach", Household(children=(), incomes=(wages,), income_year=2010)),
        ("Elterngeld only", Household(children=(), incomes=(IncomeItem("elterngeld", monthly=D(1100), months=12),))),
    ]


def itemised_care() -> tuple[ChildCare, ...]:
    """A toddler (turns 2 and 3, then free under § 50) and an older sibling who becomes free in the first year."""
    return (ChildCare(date(2024, 11, 5), "kita", D(35), start=date(2026, 8, 1)),
            ChildCare(date(2022, 3, 20), "kita", D(45), start=date(2025, 8, 1)))


def cases(project_rules: dict[str, Rules]) -> list[tuple[str, list[Rules], dict[str, Any], dict[str, Any]]]:
    """(what, the Satzungen chosen from, the JS case, the Python result) of every case."""
    found = []
    for index, (key, children, income) in enumerate(CASES):
        case = make_case(project_rules, key, children, income)
        for lang in ("de", "en") if index % 4 == 0 else ("de",):
            found.append((f"{key} {children} child(ren) {income} {lang}", case.satzungen, case.household, case.care,
                          case.first, case.last, lang))
    chosen = [(key, candidates(project_rules, project_rules[key].kommune), date(2026, 8, 1)) for key in ITEMISED_KEYS]
    chosen += [(rules.key, [rules], date(2025, 8, 1)) for rules in synthetic()]  # every rule of the language
    for key, satzungen, first in chosen:
        for index, (what, household) in enumerate(itemised_households()):
            for lang in ("de", "en") if index % 2 == 0 else ("de",):
                found.append((f"{key}: {what} ({lang})", satzungen, household, itemised_care(), first,
                              date(first.year + 4, 7, 1), lang))
    return [(what, satzungen, {"satzungen": [r.key for r in satzungen], "household": household_json(household, care),
                               "first": first.isoformat(), "last": last.isoformat(), "lang": lang},
             python_side(satzungen, household, first, last, care, lang))
            for what, satzungen, household, care, first, last, lang in found]


def first_difference(mine: Any, theirs: Any, where: str = "") -> str:
    if isinstance(mine, dict) and isinstance(theirs, dict):
        for name in sorted(set(mine) | set(theirs)):
            if mine.get(name) != theirs.get(name):
                return first_difference(mine.get(name), theirs.get(name), f"{where}.{name}")
    if isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
        for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            if a != b:
                return first_difference(a, b, f"{where}[{index}]")
    return f"{where}: python {mine!r} js {theirs!r}"


@pytest.fixture(scope="module")
def compared(project_rules) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:  # type: ignore[no-untyped-def]
    found = cases(project_rules)
    compiled = {r.key: compile_json(r) for r in (*project_rules.values(), *synthetic())}
    got = run_js_timelines(compiled, [js for _, _, js, _ in found])
    return [(what, expected, js) for (what, _, _, expected), js in zip(found, got, strict=True)]


def test_the_browser_timeline_is_the_python_timeline(compared) -> None:  # type: ignore[no-untyped-def]
    mismatches = [f"{what}: {first_difference(expected['timeline'], js.get('timeline', js))}"
                  for what, expected, js in compared if js.get("timeline") != expected["timeline"]]
    assert len(compared) > 90
    assert not mismatches, f"{len(mismatches)} of {len(compared)} timelines differ, e.g.\n" + "\n".join(mismatches[:5])


def test_the_browser_explains_the_same_months_with_the_same_steps(compared) -> None:  # type: ignore[no-untyped-def]
    mismatches = [f"{what}: {first_difference(expected['changes'], js.get('changes', js))}"
                  for what, expected, js in compared if js.get("changes") != expected["changes"]]
    assert not mismatches, f"{len(mismatches)} differ, e.g.\n" + "\n".join(mismatches[:5])


def test_the_cases_reach_what_the_estimate_shows(compared) -> None:  # type: ignore[no-untyped-def]
    """The comparison means something: the cases hold the Pauschbetrag, stated Werbungskosten, the Beamte addition,
    the change at 3, KiBiz § 50 freedom, its details, months not determined and English texts."""
    codes = {step["code"] for _, expected, _ in compared for month in expected["timeline"]["months"]
             for step in month.get("explanation", ())}
    assert {"work_expenses", "work_expenses_flat", "beamte_addition", "elterngeld_allowance", "age_group_next",
            "age_group_next_unknown", "kibiz_50_next", "kibiz_50", "age", "sibling_order"} <= codes, codes
    errors = {month["error"]["code"] for _, expected, _ in compared for month in expected["timeline"]["months"]
              if "error" in month}
    assert {"age_switch_unknown", "flat_allowance_unknown", "income_kind_unknown"} <= errors, errors
    english = [step["text"] for _, expected, _ in compared for month in expected["timeline"]["months"]
               for step in month.get("explanation", ()) if step["code"] == "work_expenses_flat"]
    assert any(text.startswith("Person 1: without higher work-related expenses") for text in english)
