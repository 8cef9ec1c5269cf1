"""Werbungskosten and the Arbeitnehmer-Pauschbetrag (issue 15, defect 3): the income form promises that the
Jugendamt deducts the Pauschbetrag when the Werbungskosten field is left empty; the Satzungen of Köln and
Düsseldorf count "Bruttoeinnahmen abzüglich Werbungskosten". The rule is the Satzung's `income.work_expenses`,
the amounts per year live in one table (:mod:`kitaforms.satzung.estg`) that the engine uses and the compiled
rules carry to fees.js."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from satzung_support import FEES_JS, kid, real, satzung

from kitaforms.satzung import Custodian, FeeNotDetermined, Household, IncomeItem, assess, render
from kitaforms.satzung.compiled import compile_json
from kitaforms.satzung.estg import ARBEITNEHMER_PAUSCHBETRAG, arbeitnehmer_pauschbetrag, pauschbetrag_json

D = Decimal
ROOT = Path(__file__).resolve().parents[2]
ON = date(2026, 1, 1)
TABLE = """\
tables:
  - id: kita
    care_type: kita
    paragraph: Anlage 1
    source: S1
    boundaries: upper_inclusive
    rows:
      - {to: 29000, fee: 100}
      - {to: null, fee: 200}
"""


def wages(amount: str, custodian: int = 0) -> IncomeItem:
    return IncomeItem("nichtselbstaendig", annual=D(amount), custodian=custodian)


def texts(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [render(step) for step in result.steps]


@pytest.mark.parametrize(("year", "amount"), [(2026, "1230"), (2023, "1230"), (2022, "1200"), (2021, "1000"),
                                              (2011, "1000"), (2010, None)])
def test_the_pauschbetrag_of_each_year(year: int, amount: str | None) -> None:
    """§ 9a Satz 1 Nr. 1 Buchst. a EStG: 1,230 € from 2023, 1,200 € for 2022, 1,000 € from 2011 (sourced in
    kitaforms/satzung/estg.py); earlier years are not in the table."""
    assert arbeitnehmer_pauschbetrag(year) == (None if amount is None else D(amount))


def test_near_a_bracket_bound_the_pauschbetrag_keeps_the_family_in_the_lower_bracket(project_rules) -> None:  # type: ignore[no-untyped-def]
    """Köln, a child under 2 for 35 hours: 50,000 € wages are Stufe 4 as gross (298.49 €); less the Pauschbetrag of
    2025 (1,230 €) they are 48,770 €, Stufe 3 (up to 49,084 €): 211.92 €."""
    rules = real(project_rules, "koeln", "2026-01-01")
    child = kid("2025-03-10", hours=35)
    result = assess(rules, Household(children=(child,), incomes=(wages("50000"),)), ON)
    gross = assess(rules, Household(children=(child,), declared_income=D(50000)), ON)
    assert (result.income, result.total, gross.total) == (D("48770.00"), D("211.92"), D("298.49"))
    step = next(s for s in result.steps if s.code == "work_expenses_flat")
    assert step.paragraph == "§ 4"
    assert render(step) == ("Person 1: ohne höhere Werbungskosten gilt der Arbeitnehmer-Pauschbetrag für 2025 von "
                            "1.230,00 € (§ 9a EStG); abgezogen: 1.230,00 €.")
    assert render(step, "en") == ("Person 1: without higher work-related expenses the employee's flat allowance for "
                                  "2025 of €1,230.00 applies (section 9a EStG); deducted: €1,230.00.")


@pytest.mark.parametrize(("stated", "code", "income"), [
    (None, "work_expenses_flat", "48770.00"),  # nothing stated: the Pauschbetrag
    ("0", "work_expenses_flat", "48770.00"),  # less than the Pauschbetrag: still the Pauschbetrag (§ 9a EStG)
    ("1229.99", "work_expenses_flat", "48770.00"),
    ("1230", "work_expenses", "48770.00"),
    ("3100.50", "work_expenses", "46899.50"),  # higher: as stated
])
def test_stated_werbungskosten_count_when_higher_than_the_pauschbetrag(project_rules, stated: str | None, code: str,  # type: ignore[no-untyped-def]
                                                                      income: str) -> None:
    rules = real(project_rules, "koeln", "2026-01-01")
    custodian = Custodian(work_expenses=None if stated is None else D(stated))
    result = assess(rules, Household(children=(kid("2025-03-10"),), incomes=(wages("50000"),),
                                     custodians=(custodian,)), ON)
    assert result.income == D(income)
    assert [s.code for s in result.steps if s.code.startswith("work_expenses")] == [code]


def test_the_deduction_never_makes_the_wages_negative(project_rules) -> None:  # type: ignore[no-untyped-def]
    """900 € wages and 3,000 € interest: the Pauschbetrag takes the 900 € only; the interest counts in full."""
    rules = real(project_rules, "koeln", "2026-01-01")
    household = Household(children=(kid("2025-03-10"),), incomes=(wages("900"), IncomeItem("kapital", annual=D(3000))))
    result = assess(rules, household, ON)
    assert result.income == D("3000.00")
    assert "Person 1: ohne höhere Werbungskosten gilt der Arbeitnehmer-Pauschbetrag für 2025 von 1.230,00 € " \
           "(§ 9a EStG); abgezogen: 900,00 €." in texts(result)
    stated = Household(children=(kid("2025-03-10"),), incomes=(wages("900"), IncomeItem("kapital", annual=D(3000))),
                       custodians=(Custodian(work_expenses=D(5000)),))
    assert assess(rules, stated, ON).income == D("3000.00")


def test_only_wages_lose_the_pauschbetrag(project_rules) -> None:  # type: ignore[no-untyped-def]
    """The form offers the Werbungskosten field only with wages or Beamtenbezüge: profit, pensions and other income
    are stated net and count as they are."""
    rules = real(project_rules, "koeln", "2026-01-01")
    household = Household(children=(kid("2025-03-10"),), incomes=(
        IncomeItem("selbstaendig", annual=D(30000)), IncomeItem("sonstige", annual=D(12000)),
        IncomeItem("nichtselbstaendig", annual=D(20000), custodian=1)), custodians=(Custodian(), Custodian()))
    result = assess(rules, household, ON)
    assert result.income == D("60770.00")  # 30,000 + 12,000 + 20,000 − 1,230 (person 2 only)
    assert [s.params["person"] for s in result.steps if s.code.startswith("work_expenses")] == ["2"]


@pytest.mark.parametrize(("year", "deducted"), [(2025, "1230.00"), (2022, "1200.00"), (2021, "1000.00")])
def test_the_pauschbetrag_of_the_income_year(project_rules, year: int, deducted: str) -> None:  # type: ignore[no-untyped-def]
    rules = real(project_rules, "koeln", "2026-01-01")
    result = assess(rules, Household(children=(kid("2025-03-10"),), incomes=(wages("50000"),), income_year=year), ON)
    step = next(s for s in result.steps if s.code == "work_expenses_flat")
    assert (step.params["year"], step.params["amount"]) == (str(year), deducted)


def test_without_an_income_year_the_satzung_reference_year_decides() -> None:
    body = """\
income:
  paragraph: § 4
  summary: Einkünfte des laufenden Jahres.
  counted: [nichtselbstaendig]
  reference_year: fee_year
  work_expenses: {paragraph: § 4 Abs. 2}
"""
    rules = satzung(TABLE + body)
    result = assess(rules, Household(children=(kid("2021-03-10"),), incomes=(wages("30000"),)), date(2025, 9, 1))
    assert next(s for s in result.steps if s.code == "work_expenses_flat").params["year"] == "2025"


def test_a_year_before_the_table_is_not_guessed(project_rules) -> None:  # type: ignore[no-untyped-def]
    rules = real(project_rules, "koeln", "2026-01-01")
    with pytest.raises(FeeNotDetermined) as caught:
        assess(rules, Household(children=(kid("2025-03-10"),), incomes=(wages("50000"),), income_year=2010), ON)
    assert (caught.value.code, caught.value.paragraph) == ("flat_allowance_unknown", "§ 4")
    assert "2010" in caught.value.message and "§ 9a EStG" in caught.value.message


def test_a_satzung_that_does_not_say_declines_stated_werbungskosten() -> None:
    """Without `work_expenses` the wages count as stated; Werbungskosten stated with them are declined, not
    guessed. `flat_allowance: false` deducts only what is stated."""
    body = """\
income:
  paragraph: § 4
  summary: Positive Einkünfte.
  counted: [nichtselbstaendig]
"""
    silent = satzung(TABLE + body)
    plain = Household(children=(kid("2021-03-10"),), incomes=(wages("30000"),))
    stated = Household(children=(kid("2021-03-10"),), incomes=(wages("30000"),),
                       custodians=(Custodian(work_expenses=D(2000)),))
    assert assess(silent, plain, date(2025, 9, 1)).income == D(30000)
    with pytest.raises(FeeNotDetermined) as caught:
        assess(silent, stated, date(2025, 9, 1))
    assert caught.value.code == "work_expenses_unknown"
    only_stated = satzung(TABLE + body + "  work_expenses: {paragraph: § 4 Abs. 2, flat_allowance: false}\n")
    assert assess(only_stated, plain, date(2025, 9, 1)).income == D(30000)
    assert assess(only_stated, stated, date(2025, 9, 1)).income == D(28000)


def test_the_beamte_addition_is_said_once_and_never_of_zero(project_rules) -> None:  # type: ignore[no-untyped-def]
    """A Beamter parent's pay less the Pauschbetrag, 10 % added (§ 4 Abs. 4): one line; a Beamter custodian without
    pay (e.g. on Elterngeld) adds nothing and says nothing."""
    rules = real(project_rules, "koeln", "2026-01-01")
    household = Household(children=(kid("2025-03-10"),), incomes=(wages("40000"), wages("12000", custodian=1)),
                          custodians=(Custodian(), Custodian(beamter=True)))
    lines = [t for t in texts(assess(rules, household, ON)) if t.startswith("Zuschlag für Beamte")]
    assert lines == ["Zuschlag für Beamte: 10 % von 10.770,00 € = 1.077,00 €."]
    idle = Household(children=(kid("2025-03-10"),), incomes=(wages("40000"),),
                     custodians=(Custodian(), Custodian(beamter=True), Custodian(beamter=True)))
    assert not [t for t in texts(assess(rules, idle, ON)) if "Beamte" in t]


def test_the_amounts_have_one_source(project_rules) -> None:  # type: ignore[no-untyped-def]
    """The compiled rules (fees/*.json) carry the engine's table; fees.js has no amount of its own."""
    compiled = compile_json(project_rules["koeln/2025-08"])["income"]["work_expenses"]
    assert compiled["pauschbetrag"] == pauschbetrag_json()
    assert [(row["from_year"], D(row["amount"])) for row in compiled["pauschbetrag"]] == list(ARBEITNEHMER_PAUSCHBETRAG)
    source = FEES_JS.read_text(encoding="utf-8")
    assert not re.search(r"\b(1230|1200|1000)\b|1[.,]230", source)
    assert "pauschbetrag" not in compile_json(project_rules["bielefeld/2022-08"])["income"]  # no rule, no table


def test_every_satzung_that_counts_wages_deducts_werbungskosten(project_rules) -> None:  # type: ignore[no-untyped-def]
    """The NRW income form promises the Pauschbetrag where the Werbungskosten are left empty: every shipped Satzung
    that counts wages says how Werbungskosten are deducted, with the Pauschbetrag."""
    hint = (ROOT / "forms/nrw/einkommen.yaml").read_text(encoding="utf-8")
    assert "Lassen Sie das Feld leer, zieht das Jugendamt den Pauschbetrag ab." in hint
    counting = [r for r in project_rules.values() if r.model.income and "nichtselbstaendig" in r.model.income.counted]
    assert sorted(r.key for r in counting) == ["duesseldorf/2021-08", "koeln/2025-08"]
    for rules in counting:
        expenses = rules.model.income.work_expenses
        assert expenses is not None and expenses.flat_allowance, rules.key
