"""Acceptance tests of issue 17, items 1 and 2, on every shipped Satzung (satzungen/*/*.yaml).

For each Satzung file a household is followed over two Kita years (24 months; 2026-08 to 2028-07 for a
Satzung still in force, else the two Kita years that end with it, so the months cross into its neighbours
where it is shorter). One child changes age group during the period (where the Satzung has age groups) and
books other hours from the second Kita year; a second case adds an older sibling (KiBiz § 50 makes it free in
the second year, and it leaves care in March of it), and the younger child starts two months late. Each case
runs with a low and a middle income (the Satzungen without a fee table give fees only where a rule makes
them zero).

1. The timeline equals, month by month, the single-month computation `kitaforms fee` makes (the candidates
   as the CLI orders them, :func:`choose` and :func:`assess` on the first day of the month, the children with
   their start, end and the hours of that month); the totals equal the sums.
2. The browser evaluator (fees.js under node, as in test_js_equivalence.py) gives the same fee for the
   household as it stands in each month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from satzung_support import NODE, run_js

from kitaforms.satzung import CareChange, Child, ChildCare, FeeError, Household, assess, timeline
from kitaforms.satzung.compiled import compile_json
from kitaforms.satzung.engine import amount
from kitaforms.satzung.jsonio import household_to_json
from kitaforms.satzung.rules import Rules
from kitaforms.satzung.timeline import Timeline, choose

D = Decimal
ZERO = D(0)
KEYS = ["bielefeld/2022-08", "bonn/2016-08", "bonn/2019-08", "dortmund/2024-08", "duesseldorf/2012-08",
        "duesseldorf/2021-08", "duisburg/2022-08", "duisburg/2023-08", "duisburg/bis-2022-07", "koeln/2016-08",
        "koeln/2025-08", "kreis_soest/ohne-datum", "muenster/ohne-datum"]
INCOMES = (D(30000), D(55000))
CASES = [(key, children, income) for key in KEYS for children in (1, 2) for income in INCOMES]


def months_after(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def period(rules: Rules) -> tuple[date, date]:
    """Two Kita years: 2026-08 to 2028-07, or the two that end with the Satzung's last month."""
    last = date(2028, 7, 1) if rules.valid_until is None else rules.valid_until.replace(day=1)
    return months_after(last, -23), last


def candidates(project_rules: dict[str, Rules], kommune: str) -> list[Rules]:
    """The Kommune's Satzungen in the order `kitaforms fee KOMMUNE` tries them."""
    return sorted((r for r in project_rules.values() if r.kommune == kommune), key=lambda r: r.key)


@dataclass(frozen=True)
class Case:
    rules: Rules
    satzungen: list[Rules]
    first: date
    last: date
    care: tuple[ChildCare, ...]
    household: Household  # income only; the children come from ``care``


def make_case(project_rules: dict[str, Rules], key: str, children: int, income: Decimal) -> Case:
    rules = project_rules[key]
    first, last = period(rules)
    tables = list(rules.fee_tables.values())
    care_type = tables[0].care_type if tables else "kita"
    columns = [c for c in tables[0].columns if c is not None] if tables and tables[0].columns else []
    hours, later = (columns[-2] if len(columns) > 1 else columns[0], columns[-1]) if columns else (None, None)
    second_year = months_after(first, 12)
    school = care_type in ("ogs", "hort")
    # The younger child: 1 year 9 months old at the start (turns 2 in month 4, 3 in month 16), or a pupil.
    younger_born = months_after(first, -(7 * 12 if school else 21)).replace(day=20)
    changes = (CareChange(second_year, hours=later),) if later is not None else ()
    younger = ChildCare(younger_born, care_type, hours, start=first if children == 1 else months_after(first, 2),
                        changes=changes)
    if children == 1:
        care: tuple[ChildCare, ...] = (younger,)
    else:
        # The older child: 3 years 8 months old at the start, turns 4 after 30 September of the first year, so
        # KiBiz § 50 makes it free from the second Kita year; it leaves care after month 20.
        older_born = months_after(first, -(9 * 12 if school else 44))
        older = ChildCare(older_born, care_type, later or hours, start=first, end=months_after(first, 19))
        care = (older, younger)
    return Case(rules, candidates(project_rules, rules.kommune), first, last, care,
                Household(children=(), declared_income=income))


def month_household(case: Case, month: date) -> Household:
    """The household as `kitaforms fee --stichtag` sees it in ``month``: every child with its start, end and the
    care booked in that month."""
    kids = []
    for care in case.care:
        care_type, hours = care.care_type, care.hours
        for change in care.changes:
            if change.month.replace(day=1) <= month:
                care_type, hours = change.care_type or care_type, change.hours if change.hours is not None else hours
        kids.append(Child(care.birth_date, care_type, hours, care.start, end=care.end, meals=care.meals))
    return Household(children=tuple(kids), declared_income=case.household.declared_income)


def single(case: Case, month: date) -> tuple[Rules | None, Any]:
    """What `kitaforms fee` computes for ``month`` (`_run_single`): the assessment, or the error."""
    rules = None
    try:
        rules = choose(case.satzungen, month)
        return rules, assess(rules, month_household(case, month), month, detail=True)
    except FeeError as error:
        return rules, error


def error_key(error: FeeError) -> tuple[Any, ...]:
    return error.code, error.paragraph, error.params.get("child")


@pytest.fixture(scope="module")
def runs(project_rules) -> dict[tuple[str, int, Decimal], tuple[Case, Timeline]]:  # type: ignore[no-untyped-def]
    out = {}
    for key, children, income in CASES:
        case = make_case(project_rules, key, children, income)
        out[(key, children, income)] = (case, timeline(case.satzungen, case.household, case.first, case.last,
                                                       case.care))
    return out


def test_every_shipped_satzung_is_covered(project_rules) -> None:  # type: ignore[no-untyped-def]
    assert sorted(project_rules) == KEYS


@pytest.mark.parametrize(("key", "children", "income"), CASES)
def test_the_timeline_is_the_single_month_fee_of_every_month(runs, key: str, children: int, income: Decimal) -> None:  # type: ignore[no-untyped-def]
    case, result = runs[(key, children, income)]
    assert len(result.months) == 24 and result.months[0].month == case.first and result.months[-1].month == case.last
    assert any(m.rules is not None and m.rules.key == key for m in result.months), "the Satzung is never applied"
    totals, child_totals, complete = ZERO, [ZERO] * children, True
    for month in result.months:
        rules, expected = single(case, month.month)
        where = f"{key} {month.month:%Y-%m} ({children} child(ren), income {income})"
        assert (month.rules.key if month.rules else None) == (rules.key if rules else None), where
        if isinstance(expected, FeeError):
            assert month.error is not None, f"{where}: timeline gives {month.total}, single month: {expected.code}"
            assert error_key(month.error) == error_key(expected), where
            complete = False
            continue
        assert month.error is None, f"{where}: timeline error {month.error.code}, single month {expected.total}"
        assert (month.total, month.meal_total) == (expected.total, expected.meal_total), where
        fees = {c.number: c for c in expected.children}
        in_care = tuple(n for n, c in sorted(fees.items()) if c.free != "not_in_care")
        assert month.in_care == in_care, where
        got = {c.number: c for c in month.assessment.children} if month.assessment else {}
        for number in range(1, children + 1):
            assert month.fee_of(number) == fees[number].fee, f"{where}: child {number}"
            if number in in_care:
                mine, theirs = got[number], fees[number]
                assert (mine.age_group, mine.free, mine.bracket, mine.column, mine.single_fee) == (
                    theirs.age_group, theirs.free, theirs.bracket, theirs.column, theirs.single_fee), where
            child_totals[number - 1] += fees[number].fee
        totals += expected.total
    assert result.total == totals and result.child_totals == tuple(child_totals)
    assert result.complete is complete


@pytest.mark.parametrize("key", KEYS)
def test_the_cases_cross_an_age_group_change_and_give_fees(runs, key: str) -> None:  # type: ignore[no-untyped-def]
    """The cases mean something: where the Satzung's tables have age groups, the younger child's group changes
    (or the month of the change is declined: `switch: unknown`); where the tables have values, some month has a
    fee above zero."""
    rules = runs[(key, 1, INCOMES[0])][0].rules
    months = [m for children in (1, 2) for income in INCOMES for m in runs[(key, children, income)][1].months
              if m.rules is rules]
    groups = {c.age_group for m in months if m.assessment for c in m.assessment.children if c.number == children_of(m)}
    switch_declined = any(m.error is not None and m.error.code == "age_switch_unknown" for m in months)
    if any(table.groups for table in rules.fee_tables.values()):
        assert len(groups - {None}) >= 2 or switch_declined, groups
    if key in ("duesseldorf/2012-08", "duesseldorf/2021-08", "duisburg/2022-08", "duisburg/2023-08",
               "duisburg/bis-2022-07", "koeln/2025-08"):
        assert any(m.total > 0 for m in months)


def children_of(month) -> int:  # type: ignore[no-untyped-def]
    """The younger child's number: the last child of the case."""
    return max(month.in_care) if month.in_care else 0


# --- item 2: the browser evaluator on every month --------------------------------------------------------


@pytest.mark.skipif(NODE is None, reason="node is not on PATH")
@pytest.mark.parametrize("key", KEYS)
def test_the_browser_evaluator_gives_every_month_of_the_timeline(project_rules, runs, key: str) -> None:  # type: ignore[no-untyped-def]
    compiled = {r.key: compile_json(r) for r in project_rules.values() if r.kommune == project_rules[key].kommune}
    if compiled[key].get("requires"):
        pytest.skip(f"fees.js does not know {compiled[key]['requires']}")
    js_cases, expected = [], []
    for children in (1, 2):
        for income in INCOMES:
            case, result = runs[(key, children, income)]
            for month in result.months:
                if month.rules is None or (month.assessment is None and month.error is None):
                    continue
                on = month.month.isoformat()
                # as `kitaforms fee` has it (every child, with start and end) and as only the children in care
                full = household_to_json(month_household(case, month.month))
                present = dict(full, children=[full["children"][n - 1] for n in month.in_care],
                               children_in_household=sum(1 for c in case.care if c.birth_date <= month.month))
                for household, numbers in ((full, None), (present, month.in_care)):
                    if numbers == ():
                        continue  # no child in care: nothing to compare
                    js_cases.append({"rules": month.rules.key, "household": household, "on": on, "lang": "de"})
                    expected.append((f"{key} {on[:7]} {children} child(ren) {income} "
                                     f"{'in care' if numbers else 'all'}", month, numbers))
    got = run_js(compiled, js_cases)
    mismatches = []
    for (where, month, numbers), js in zip(expected, got, strict=True):
        mine = comparable_month(month, numbers)
        theirs = comparable_js(js, numbers)
        if mine != theirs:
            mismatches.append(f"{where}: python {mine} js {theirs}")
    assert len(got) == len(js_cases) > 0
    assert not mismatches, f"{len(mismatches)} months differ, e.g.\n" + "\n".join(mismatches[:5])


def comparable_month(month, numbers: tuple[int, ...] | None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    if month.error is not None:
        return {"error": month.error.code}
    fees = {c.number: (amount(c.fee), c.age_group, c.free) for c in month.assessment.children}
    return {"total": amount(month.total), "fees": {n: fees[n] for n in (numbers or fees)}}


def comparable_js(result: dict[str, Any], numbers: tuple[int, ...] | None) -> dict[str, Any]:
    if "error" in result or "crash" in result:
        return {"error": result["error"]["code"] if "error" in result else result["crash"]}
    fees = {c["number"]: (c["fee"], c["age_group"], c["free"]) for c in result["children"]
            if c["free"] != "not_in_care"}
    if numbers:  # children of the household in care only: renumber as the input
        fees = {numbers[n - 1]: value for n, value in fees.items()}
    return {"total": result["total"], "fees": fees}


@pytest.mark.skipif(NODE is None, reason="node is not on PATH")
def test_the_browser_evaluator_charges_no_fee_after_care_ended(project_rules) -> None:  # type: ignore[no-untyped-def]
    """Duisburg OGS 2022/23, income 55,000 €: 52.50 € a month while in care; care ended in March 2023, so
    April 2023 has no fee (`kitaforms fee` gives 0.00)."""
    rules = project_rules["duisburg/2022-08"]
    pupil = Child(date(2015, 8, 20), "ogs", None, date(2022, 8, 1), end=date(2023, 3, 31))
    household = Household(children=(pupil,), declared_income=D(55000))
    assert assess(rules, household, date(2023, 4, 1)).total == ZERO
    assert assess(rules, household, date(2023, 3, 1)).total == D("52.50")
    cases = [{"rules": rules.key, "household": household_to_json(household), "on": on, "lang": lang}
             for on, lang in (("2023-03-01", "de"), ("2023-04-01", "de"), ("2023-04-01", "en"))]
    march, april, april_en = run_js({rules.key: compile_json(rules)}, cases)
    assert march.get("total") == "52.50", march
    assert april.get("total") == "0.00", april
    said = {lang: [step.get("text") for step in result["explanation"] if step["code"] == "care_ended"]
            for lang, result in (("de", april), ("en", april_en))}
    assert said == {"de": ["Kind 1: die Betreuung endete am 31.03.2023; für diesen Monat kein Beitrag."],
                    "en": ["Child 1: care ended on 2023-03-31; no fee for this month."]}
