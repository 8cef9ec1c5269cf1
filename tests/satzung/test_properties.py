"""Properties that hold for every Satzung, real or synthetic, for any household (hypothesis).

- fees are never negative;
- within a table a fee never falls as the income rises;
- a child in its KiBiz § 50 years pays nothing, whatever the income;
- a sibling rule never charges more than the sum of the single fees;
- the batch path (FastAssessor) gives exactly the full engine's fees, or the same error.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from satzung_support import ROOT
from synthetic import synthetic

from kitaforms.satzung import Child, FeeError, Household, assess
from kitaforms.satzung.engine import completion_date
from kitaforms.satzung.fast import FastAssessor
from kitaforms.satzung.project import compile_satzungen
from kitaforms.satzung.rules import Rules

REAL, _ = compile_satzungen(ROOT)
ALL: list[Rules] = [*sorted(REAL.values(), key=lambda r: r.key), *synthetic()]
WITH_TABLES = [r for r in ALL if r.fee_tables]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

incomes = st.decimals(min_value=0, max_value=400_000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def day_in(draw, rules: Rules) -> date:  # type: ignore[no-untyped-def]
    start = rules.valid_from or date(2015, 1, 1)
    end = rules.valid_until or date(2028, 12, 31)
    return start + timedelta(days=draw(st.integers(0, (end - start).days)))


@st.composite
def child_of(draw, rules: Rules, on: date) -> Child:  # type: ignore[no-untyped-def]
    care = draw(st.sampled_from(sorted(rules.fee_tables) or ["kita"]))
    table = rules.fee_tables.get(care)
    bounds = [c for c in (table.columns or ()) if c is not None] if table else []
    hours = draw(st.sampled_from(bounds)) if bounds else (Decimal(30) if table and table.columns else None)
    born = on - timedelta(days=draw(st.integers(0, 11 * 366)))
    return Child(born, care, hours)


@st.composite
def scenario(draw, pool: list[Rules]):  # type: ignore[no-untyped-def]
    rules = draw(st.sampled_from(pool))
    on = draw(day_in(rules))
    children = tuple(draw(st.lists(child_of(rules, on), min_size=1, max_size=4)))
    return rules, on, children


def fees_or_none(rules: Rules, household: Household, on: date):  # type: ignore[no-untyped-def]
    try:
        return assess(rules, household, on, explain=False)
    except FeeError:
        return None


@SETTINGS
@given(scenario(ALL), incomes)
def test_fees_are_never_negative(case, income: Decimal) -> None:  # type: ignore[no-untyped-def]
    rules, on, children = case
    result = fees_or_none(rules, Household(children=children, declared_income=income), on)
    assume(result is not None)
    assert result.total >= 0 and all(c.fee >= 0 and c.single_fee >= 0 for c in result.children)


@SETTINGS
@given(scenario(WITH_TABLES), incomes, incomes)
def test_fee_never_falls_as_income_rises(case, a: Decimal, b: Decimal) -> None:  # type: ignore[no-untyped-def]
    rules, on, children = case
    low, high = sorted((a, b))
    child = children[:1]
    first = fees_or_none(rules, Household(children=child, declared_income=low), on)
    second = fees_or_none(rules, Household(children=child, declared_income=high), on)
    assume(first is not None and second is not None)
    assert first.total <= second.total


@st.composite
def kibiz_child(draw):  # type: ignore[no-untyped-def]
    """A Satzung with KiBiz § 50, a date on which it applies, and a child in its two free years."""
    rules = draw(st.sampled_from([r for r in ALL if r.model.fee_free.kibiz_50]))
    rule = rules.model.fee_free.kibiz_50
    on = draw(day_in(rules).filter(lambda d: rule.applies_from is None or d >= rule.applies_from))
    kita_year = on.year if on >= date(on.year, 8, 1) else on.year - 1
    latest = date(kita_year - 4, 10, 1)  # completes year 4 on 30 September (§ 188 BGB)
    born = latest - timedelta(days=draw(st.integers(0, 700)))
    return rules, on, Child(born, draw(st.sampled_from(rule.care_types)), Decimal(35))


@SETTINGS
@given(kibiz_child(), incomes)
def test_kibiz_50_years_are_free(case, income: Decimal) -> None:  # type: ignore[no-untyped-def]
    rules, on, child = case
    result = fees_or_none(rules, Household(children=(child,), declared_income=income), on)
    assert result is not None and result.total == 0 and result.children[0].free == "kibiz_50"
    completed = completion_date(child.birth_date, 4)
    assert completed <= date(completed.year, 9, 30) or on.year > completed.year


@SETTINGS
@given(scenario([r for r in ALL if r.model.siblings]), incomes)
def test_sibling_rule_never_charges_more_than_the_single_fees(case, income: Decimal) -> None:  # type: ignore[no-untyped-def]
    rules, on, children = case
    assume(len(children) > 1)
    result = fees_or_none(rules, Household(children=children, declared_income=income), on)
    assume(result is not None)
    assert result.total <= sum(c.single_fee for c in result.children)
    assert all(c.fee <= c.single_fee for c in result.children)


@SETTINGS
@given(scenario(ALL), incomes)
def test_batch_path_gives_the_engines_fees(case, income: Decimal) -> None:  # type: ignore[no-untyped-def]
    rules, on, children = case
    household = Household(children=children, declared_income=income)
    try:
        result = assess(rules, household, on, explain=False)
        expected = (result.total, tuple(c.fee for c in result.children))
    except FeeError as exc:
        expected = ("error", exc.code)
    try:
        got = FastAssessor(rules).fees(household, on)
    except FeeError as exc:
        got = ("error", exc.code)
    assert got == expected


@pytest.mark.slow
@pytest.mark.parametrize("rules", ALL, ids=lambda r: r.key)
def test_batch_path_on_many_households_per_satzung(rules: Rules) -> None:
    """The same, on 3,000 generated households per Satzung with one assessor (its memo in play)."""
    from households import cases

    fast = FastAssessor(rules)
    for household, on in cases(rules, 3000, seed=7):
        simple = Household(children=household.children, declared_income=household.declared_income or Decimal(0))
        for candidate in (household, simple):
            try:
                result = assess(rules, candidate, on, explain=False)
                expected = (result.total, tuple(c.fee for c in result.children))
            except FeeError as exc:
                expected = ("error", exc.code)
            try:
                got = fast.fees(candidate, on)
            except FeeError as exc:
                got = ("error", exc.code)
            assert got == expected, (candidate, on)
