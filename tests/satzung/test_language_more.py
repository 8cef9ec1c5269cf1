"""What real bylaws need beyond one sibling rule (issue 17, item 5): several sibling rules with a one-way
interaction between care types, a cap on the number of paid fees counted after the reductions, "unter X"
thresholds, cases the Jugendamt decides, and the checks that go with them.

Every table value here is illustrative (not any Kommune's); each test works its example out by hand in
the docstring, and the engine must give exactly that.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from satzung_support import HEAD, codes, diagnostics, family, fee_of, kid, satzung

from kitaforms.satzung import FeeNotDetermined
from kitaforms.satzung.compiled import compile_json
from kitaforms.satzung.explain import render
from kitaforms.satzung.fast import FastAssessor

D = Decimal

# Kita: brackets bis 30.000 / bis 60.000 / darüber; U3 and Ü3; 25/35/45 hours.
# OGS: the same brackets, one fee each: 0 / 80 / 160.
TABLES = """\
age_groups:
  paragraph: § 3
  switch: month_after_birthday
  groups:
    - {id: u3, label: unter 3 Jahre, below_years: 3}
    - {id: ue3, label: ab 3 Jahre, from_years: 3}
tables:
  - id: kita
    care_type: kita
    paragraph: Anlage 1
    source: S1
    boundaries: upper_inclusive
    age_groups: [u3, ue3]
    hours: [25, 35, 45]
    rows:
      - {to: 30000, fees: {u3: [0, 0, 0], ue3: [0, 0, 0]}}
      - {from: 30000, to: 60000, fees: {u3: [100, 150, 200], ue3: [50, 75, 100]}}
      - {from: 60000, to: null, fees: {u3: [300, 350, 401], ue3: [150, 175, 201]}}
  - id: ogs
    care_type: ogs
    paragraph: Anlage 2
    source: S1
    boundaries: upper_inclusive
    rows: [{to: 30000, fee: 0}, {from: 30000, to: 60000, fee: 80}, {from: 60000, to: null, fee: 160}]
"""

# Kita 100/25 % (the last share repeats), OGS 100/50 %; Kita children count first for the OGS rule.
TWO_RULES = TABLES + """\
siblings:
  - {paragraph: § 8 Abs. 1, care_types: [kita, tagespflege], shares: [100, 25]}
  - {paragraph: § 8 Abs. 2, care_types: [ogs], also_counts: [kita, tagespflege], shares: [100, 50]}
"""

ON = "2025-10-15"
U3 = "2024-03-10"  # under 3 on the day
UE3 = "2022-03-10"  # 3 on the day (no § 50 rule in these files)
OGS_CHILD = ("2017-03-10", "ogs", None)


def fees(rules, income, *children, on: str = ON) -> list[Decimal]:  # type: ignore[no-untyped-def]
    return [c.fee for c in fee_of(rules, family(income, *children), on).children]


# --- several sibling rules, one-way ------------------------------------------------------------------


def test_kita_children_lower_the_ogs_fee() -> None:
    """70,000 EUR: Kita U3 45 h 401.00, OGS 160.00. Kita rule: the Kita child is alone → 401.00 in full.
    OGS rule: the Kita child counts first, so the OGS child is 2nd → 50 % of 160.00 = 80.00. Total 481.00."""
    rules = satzung(TWO_RULES)
    assert fees(rules, 70000, kid(U3), kid(*OGS_CHILD)) == [D("401.00"), D("80.00")]


def test_the_ogs_child_does_not_lower_the_kita_fee_even_when_it_pays_more() -> None:
    """70,000 EUR: Kita Ü3 25 h 150.00 is lower than OGS 160.00. One combined rule would put the OGS child
    first; here the Kita rule sees only its Kita child (150.00 in full) and the OGS rule counts the Kita child
    first (160.00 × 50 % = 80.00). Total 230.00."""
    rules = satzung(TWO_RULES)
    result = fee_of(rules, family(70000, kid(UE3, hours=25), kid(*OGS_CHILD)), ON)
    assert [c.fee for c in result.children] == [D("150.00"), D("80.00")] and result.total == D("230.00")
    counted = next(s for s in result.steps if s.code == "sibling_counted")
    assert (counted.paragraph, counted.child) == ("§ 8 Abs. 2", 1)
    assert render(counted) == "Kind 1 (Kita) zählt für diese Geschwisterregel als 1. Kind mit; sie ändert seinen Beitrag nicht."


def test_each_rule_keeps_its_own_shares() -> None:
    """70,000 EUR, two Kita children and two OGS children.
    Kita rule: U3 45 h 401.00 (1st, 100 %) and Ü3 45 h 201.00 (2nd, 25 % = 50.25).
    OGS rule: both Kita children count first (positions 1 and 2), the OGS children are 3rd and 4th: the last
    share (50 %) repeats → 80.00 each. Total 401.00 + 50.25 + 80.00 + 80.00 = 611.25."""
    rules = satzung(TWO_RULES)
    result = fee_of(rules, family(70000, kid(U3), kid(UE3), kid(*OGS_CHILD), kid(*OGS_CHILD)), ON)
    assert [c.fee for c in result.children] == [D("401.00"), D("50.25"), D("80.00"), D("80.00")]
    assert result.total == D("611.25")


def test_two_ogs_children_without_kita() -> None:
    """Two OGS children at 160.00: 1st 100 % = 160.00, 2nd 50 % = 80.00; the Kita rule has nobody."""
    assert fees(satzung(TWO_RULES), 70000, kid(*OGS_CHILD), kid(*OGS_CHILD)) == [D("160.00"), D("80.00")]


def test_one_rule_per_care_type_and_no_rule_counting_its_own_type() -> None:
    """SATZUNG_022: `ogs` in two rules; `kita` in care_types and also_counts of one rule."""
    body = TABLES + """\
siblings:
  - {paragraph: § 8 Abs. 1, care_types: [kita, ogs], shares: [100, 25]}
  - {paragraph: § 8 Abs. 2, care_types: [ogs], also_counts: [ogs], shares: [100, 50]}
"""
    found = [d for d in diagnostics(body) if d.code == "SATZUNG_022"]
    assert [d.message for d in found] == ["`ogs` is in two sibling rules",
                                          "`ogs` is in `care_types` and `also_counts` of one rule"]
    assert "also_counts" in found[0].hint


def test_unknown_care_type_in_also_counts_is_reported() -> None:
    body = TWO_RULES.replace("also_counts: [kita, tagespflege]", "also_counts: [kiat]")
    assert codes(body) == ["SATZUNG_011"]


# --- cap on the number of paid fees --------------------------------------------------------------------


def test_only_the_two_highest_fees_after_the_reductions_are_paid() -> None:
    """The four children of the test above after the sibling rules: 401.00, 50.25, 80.00, 80.00. With
    `max_paid_fees: 2` across Kita and OGS only the two highest remain: 401.00 and 80.00 (of the two equal
    OGS fees, the child named first); 50.25 and the second 80.00 are waived. Total 481.00."""
    rules = satzung(TWO_RULES + "max_paid_fees: {paragraph: § 8 Abs. 3, count: 2, care_types: [kita, ogs]}\n")
    result = fee_of(rules, family(70000, kid(U3), kid(UE3), kid(*OGS_CHILD), kid(*OGS_CHILD)), ON)
    assert [c.fee for c in result.children] == [D("401.00"), D(0), D("80.00"), D(0)]
    assert result.total == D("481.00")
    waived = [render(s) for s in result.steps if s.code == "max_paid_fees"]
    assert waived == [
        "Kind 2: erhoben werden höchstens die 2 höchsten Beiträge; dieser Beitrag von 50,25 € entfällt.",
        "Kind 4: erhoben werden höchstens die 2 höchsten Beiträge; dieser Beitrag von 80,00 € entfällt.",
    ]


def test_the_cap_counts_after_the_reductions_not_before() -> None:
    """Single fees 401.00 (Kita U3), 201.00 (Kita Ü3), 160.00 (OGS). Counted before the reductions, the OGS fee
    would be the third highest and waived. After them (401.00; 201.00 × 25 % = 50.25; OGS 3rd → 50 % = 80.00)
    the two highest are 401.00 and 80.00: the Kita sibling's 50.25 is waived. Total 481.00."""
    rules = satzung(TWO_RULES + "max_paid_fees: {paragraph: § 8 Abs. 3, count: 2, care_types: [kita, ogs]}\n")
    assert fees(rules, 70000, kid(U3), kid(UE3), kid(*OGS_CHILD)) == [D("401.00"), D(0), D("80.00")]


# --- "unter X" -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("income", "fee"), [("29999.99", "0"), ("30000", "40.00"), ("30000.01", "80.00")])
def test_free_below_a_threshold_that_is_itself_not_free(income: str, fee: str) -> None:
    """"Beitragsfrei bei einem Einkommen unter 30.000 €": 29,999.99 is free; exactly 30,000 pays the first
    bracket ("bis 30.000": 40.00); 30,000.01 is in the second bracket (80.00)."""
    rules = satzung(TABLES.replace("{to: 30000, fee: 0}", "{to: 30000, fee: 40}") + """\
fee_free:
  income_up_to: [{paragraph: § 5, below: 30000, care_types: [ogs]}]
""")
    result = fee_of(rules, family(income, kid(*OGS_CHILD)), ON)
    assert result.total == D(fee)
    if fee == "0":
        step = next(s for s in result.steps if s.code == "free_income_below")
        assert render(step) == "Kind 1: Einkommen unter 30.000 € ist beitragsfrei."


def test_up_to_keeps_the_threshold_itself_free() -> None:
    """The existing "bis 30.000": exactly 30,000 is free."""
    rules = satzung(TABLES.replace("{to: 30000, fee: 0}", "{to: 30000, fee: 40}")
                    + "fee_free:\n  income_up_to: [{paragraph: § 5, up_to: 30000, care_types: [ogs]}]\n")
    assert fee_of(rules, family(30000, kid(*OGS_CHILD)), ON).total == 0


@pytest.mark.parametrize("bounds", ["", "up_to: 30000, below: 30000, "])
def test_a_threshold_needs_exactly_one_bound(bounds: str) -> None:
    body = TABLES + f"fee_free:\n  income_up_to: [{{paragraph: § 5, {bounds}care_types: [ogs]}}]\n"
    assert codes(body) == ["SATZUNG_021"]


# --- cases the Jugendamt decides -------------------------------------------------------------------------

DECIDES = TABLES.replace("hours: [25, 35, 45]", "hours: [25, 35, 45, null]").replace(
    "[0, 0, 0]", "[0, 0, 0, 0]").replace("[100, 150, 200]", "[100, 150, 200, 250]").replace(
    "[50, 75, 100]", "[50, 75, 100, 125]").replace("[300, 350, 401]", "[300, 350, 401, 451]").replace(
    "[150, 175, 201]", "[150, 175, 201, 251]") + """\
siblings: {paragraph: § 8, care_types: [kita, ogs], shares: [100, 50]}
not_computed:
  - paragraph: § 6 Abs. 3
    text: Für Betreuungszeiten über 45 Wochenstunden setzt das Jugendamt den Beitrag im Einzelfall fest.
    care_types: [kita]
    hours_above: 45
  - {paragraph: § 8 Abs. 4, text: Ab dem dritten Kind entscheidet das Jugendamt auf Antrag., children_from: 3}
"""


def test_the_engine_declines_where_the_jugendamt_decides_with_paragraph_text_and_place() -> None:
    """50 hours: without the entry the engine would charge the "über 45" column (451.00) and say nothing; with
    it, it declines, citing § 6 Abs. 3, the Satzung's words and the entry's place in the file."""
    rules = satzung(DECIDES)
    with pytest.raises(FeeNotDetermined) as caught:
        fee_of(rules, family(70000, kid(U3, hours=50)), ON)
    error = caught.value
    text = rules.model.not_computed[0].text
    line = (HEAD + DECIDES).splitlines().index("  - paragraph: § 6 Abs. 3") + 1
    assert (error.code, error.paragraph, error.location) == ("decided_by_jugendamt", "§ 6 Abs. 3",
                                                             f"satzungen/test/test.yaml:{line}:5")
    assert error.message == f"Kind 1: hier setzt das Jugendamt den Beitrag im Einzelfall fest: „{text}“ Einen Betrag " \
                            "berechnet kitaforms dafür nicht."
    assert error.text("en").startswith("child 1: the Jugendamt sets this fee in the single case")
    assert fee_of(rules, family(70000, kid(U3, hours=45)), ON).total == D("401.00")  # 45 h is computed


def test_from_the_third_child_the_jugendamt_decides() -> None:
    """Two children are computed (401.00 + 50 % of 201.00 = 100.50); a third in care makes the engine decline."""
    rules = satzung(DECIDES)
    assert fees(rules, 70000, kid(U3), kid(UE3)) == [D("401.00"), D("100.50")]
    with pytest.raises(FeeNotDetermined) as caught:
        fee_of(rules, family(70000, kid(U3), kid(UE3), kid(*OGS_CHILD)), ON)
    assert caught.value.paragraph == "§ 8 Abs. 4"


def test_a_case_without_condition_is_an_error() -> None:
    body = TABLES + "not_computed:\n  - {paragraph: § 6, text: Das Jugendamt entscheidet.}\n"
    assert codes(body) == ["SATZUNG_023"]


def test_a_case_names_known_age_groups() -> None:
    body = TABLES + "not_computed:\n  - {paragraph: § 6, text: x, age_groups: [ü3]}\n"
    found = [d for d in diagnostics(body) if d.code == "SATZUNG_003"]
    assert found and "`ue3`" in (found[0].hint or "")
    assert codes(TABLES + "not_computed:\n  - {paragraph: § 6, text: x, age_groups: [u2]}\n") == ["SATZUNG_010"]


# --- the batch path and the browser JSON ---------------------------------------------------------------------


def test_the_batch_path_gives_the_engines_fees_for_the_new_rules() -> None:
    rules = satzung(TWO_RULES + "max_paid_fees: {paragraph: § 8 Abs. 3, count: 2, care_types: [kita, ogs]}\n")
    household = family(70000, kid(U3), kid(UE3), kid(*OGS_CHILD), kid(*OGS_CHILD))
    total, single = FastAssessor(rules).fees(household, fee_of(rules, household, ON).on)
    assert (total, single) == (D("481.00"), (D("401.00"), D(0), D("80.00"), D(0)))


def test_the_browser_json_lists_what_it_requires_and_leaves_the_old_sibling_key_empty() -> None:
    """fees.js (format 1) does not know these rules yet: the compiled JSON names them under `requires` and sets
    `siblings: null`, so that evaluator declines families with several paying children instead of guessing."""
    data = compile_json(satzung(TWO_RULES + "max_paid_fees: {paragraph: § 8 Abs. 3, count: 2, care_types: [kita]}\n"))
    assert data["requires"] == ["sibling_rules", "max_paid_fees"] and data["siblings"] is None
    assert [r["paragraph"] for r in data["sibling_rules"]] == ["§ 8 Abs. 1", "§ 8 Abs. 2"]
    assert "sibling_counted" in data["messages"]["de"]
    plain = compile_json(satzung(TABLES + "siblings: [{paragraph: § 8, care_types: [kita], shares: [100, 0]}]\n"))
    assert "requires" not in plain and plain["siblings"]["shares"] == ["100", "0"]
    assert "also_counts" not in plain["siblings"]


def test_a_list_with_one_rule_is_the_same_as_the_rule() -> None:
    one = satzung(TABLES + "siblings: {paragraph: § 8, care_types: [kita], shares: [100, 25]}\n")
    listed = satzung(TABLES + "siblings: [{paragraph: § 8, care_types: [kita], shares: [100, 25]}]\n")
    household = family(70000, kid(U3), kid(UE3))
    assert fee_of(one, household, ON).children == fee_of(listed, household, ON).children
