"""The fee timeline (issue 17, item 1) and what the explanation says about a child (item 6): the fee of every
month of a care period, following age groups, KiBiz § 50, sibling positions, care changes and the Satzung
valid in each month. The Satzungen are inline (values illustrative); every total is worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from satzung_support import satzung

from kitaforms.satzung import CareChange, ChildCare, FeeInputError, Household, render, timeline
from kitaforms.satzung.jsonio import timeline_json

D = Decimal

BODY = """\
age_groups:
  paragraph: § 3
  switch: month_after_birthday
  groups:
    - {{id: u3, label: unter 3 Jahre, below_years: 3}}
    - {{id: ue3, label: ab 3 Jahre, from_years: 3}}
tables:
  - id: kita
    care_type: kita
    paragraph: Anlage 1
    source: S1
    boundaries: upper_inclusive
    age_groups: [u3, ue3]
    hours: [25, 35, 45]
    rows:
      - {{to: 30000, fees: {{u3: [0, 0, 0], ue3: [0, 0, 0]}}}}
      - {{from: 30000, to: 60000, fees: {{u3: [100, 150, 200], ue3: [50, 75, 100]}}}}
      - {{from: 60000, to: null, fees: {{u3: [{u3_25}, 350, 401], ue3: [150, 175, {ue3_45}]}}}}
fee_free:
  kibiz_50: {{care_types: [kita]}}
siblings: {{paragraph: § 8, care_types: [kita], shares: [100, 50]}}
"""


def head(start: str, end: str | None) -> str:
    until = f"valid_until: {end}\n" if end else ""
    return (f"title: Satzung {start}\njugendamt: Testamt\nvalid_from: {start}\n{until}"
            "sources:\n  - {id: S1, url: \"https://example.org/satzung\", reliability: primary}\n")


OLD = satzung(BODY.format(u3_25=300, ue3_45=201), head=head("2025-08-01", "2026-02-28"))
NEW = satzung(BODY.format(u3_25=310, ue3_45=211), head=head("2026-03-01", None))
INCOME = Household(children=(), declared_income=D(70000))  # bracket 3

# Child 1 turns 3 on 15.11.2025 (Ü3 from December); child 2 (U3, 25 h) starts in January 2026; child 3 completed
# its 4th year on 01.05.2025, so § 50 makes it free from 01.08.2025 until it leaves after July 2026.
CARE = [
    ChildCare(date(2022, 11, 15), "kita", D(45), start=date(2025, 8, 1)),
    ChildCare(date(2024, 6, 10), "kita", D(25), start=date(2026, 1, 1)),
    ChildCare(date(2021, 5, 2), "kita", D(35), start=date(2025, 8, 1), end=date(2026, 7, 31)),
]


def run(care: list[ChildCare] = CARE, first: date = date(2025, 8, 1), last: date = date(2026, 3, 1)):  # type: ignore[no-untyped-def]
    return timeline([OLD, NEW], INCOME, first, last, care)


def test_every_month_follows_age_group_siblings_and_the_satzung_change() -> None:
    """Aug–Nov 2025: child 1 U3 45 h = 401.00 (4 × 401.00 = 1,604.00).
    Dec 2025: child 1 Ü3 45 h = 201.00 (the month after the 3rd birthday).
    Jan–Feb 2026: child 2 U3 25 h 300.00 is the higher fee → 1st; child 1 2nd: 50 % of 201.00 = 100.50;
    400.50 a month (801.00).
    Mar 2026, new Satzung: child 2 310.00, child 1 50 % of 211.00 = 105.50 → 415.50.
    Child 3 is free under § 50 in every month. Total 1,604.00 + 201.00 + 801.00 + 415.50 = 3,021.50;
    child 1: 1,604.00 + 201.00 + 2 × 100.50 + 105.50 = 2,111.50; child 2: 2 × 300.00 + 310.00 = 910.00."""
    result = run()
    assert [m.total for m in result.months] == [D("401.00")] * 4 + [D("201.00"), D("400.50"), D("400.50"), D("415.50")]
    assert [m.rules.key for m in result.months].count("test/test") == 8  # both inline files share a key
    assert [m.rules.valid_from for m in result.months][-1] == date(2026, 3, 1)
    assert result.total == D("3021.50") and result.child_totals == (D("2111.50"), D("910.00"), D(0))
    assert result.complete and all(isinstance(m.total, Decimal) for m in result.months)
    third = {c.number: c for c in result.months[0].assessment.children}[3]
    assert (third.fee, third.free) == (D(0), "kibiz_50")


def test_children_keep_their_numbers_when_a_sibling_is_not_in_care() -> None:
    """December 2025: children 1 and 3 are in care, child 2 is not; the explanation still says "Kind 3"."""
    december = run().months[4]
    assert december.in_care == (1, 3)
    texts = [render(s) for s in december.assessment.steps]
    assert any(t.startswith("Kind 3 vollendet das 4. Lebensjahr") for t in texts)
    assert not any(t.startswith("Kind 2") for t in texts)


def test_care_changes_and_end() -> None:
    """Child 1 books 35 h instead of 45 h from February 2026 (Ü3 35 h = 175.00; as 2nd child 50 % = 87.50) and
    leaves after February: Feb 2026 = 300.00 + 87.50 = 387.50; Mar 2026 only child 2 at 310.00."""
    care = [ChildCare(date(2022, 11, 15), "kita", D(45), start=date(2025, 8, 1), end=date(2026, 2, 28),
                      changes=(CareChange(date(2026, 2, 1), hours=D(35)),)), CARE[1]]
    result = run(care, date(2026, 1, 1), date(2026, 3, 1))
    assert [m.total for m in result.months] == [D("400.50"), D("387.50"), D("310.00")]
    assert result.months[2].in_care == (2,)


def test_a_month_the_satzung_cannot_compute_is_reported_and_left_out_of_the_total() -> None:
    """Without any Satzung before 01.08.2025, July 2025 has an error; the total is the rest and says so."""
    result = run(first=date(2025, 7, 1), last=date(2025, 8, 1))
    assert [m.error.code if m.error else None for m in result.months] == ["no_satzung_on_date", None]
    assert not result.complete and result.total == D("401.00")


def test_a_period_backwards_is_an_input_error() -> None:
    with pytest.raises(FeeInputError) as caught:
        run(first=date(2026, 3, 1), last=date(2025, 8, 1))
    assert caught.value.code == "bad_period" and "liegt vor" in caught.value.message


def test_timeline_json_has_amounts_as_strings_and_months() -> None:
    data = timeline_json(run())
    assert (data["from"], data["until"], data["total"]) == ("2025-08", "2026-03", "3021.50")
    assert data["children"] == [{"number": 1, "total": "2111.50"}, {"number": 2, "total": "910.00"},
                                {"number": 3, "total": "0.00"}]
    january = data["months"][5]
    assert january["month"] == "2026-01" and january["total"] == "400.50" and january["in_care"] == [1, 2, 3]
    assert [c["stufe"] for c in january["children"]] == [3, 3, None]


# --- item 6: what the explanation says about a child ------------------------------------------------------


def texts(month_index: int) -> list[str]:
    return [render(s) for s in run().months[month_index].assessment.steps]


def test_the_explanation_names_the_age_and_the_next_age_group_change() -> None:
    """November 2025: child 1 (born 15.11.2022) is 2 years 11 months old on 01.11.2025 and moves to Ü3 on
    01.12.2025, the month after its 3rd birthday (§ 3: month_after_birthday)."""
    november = texts(3)
    assert "Kind 1 ist am 01.11.2025 2 Jahre und 11 Monate alt." in november
    assert ("Kind 1: nächster Wechsel am 01.12.2025 in die Altersgruppe „ab 3 Jahre“ (wird am 15.11.2025 3 Jahre alt; "
            "ab dem Monat nach dem Geburtstag).") in november
    assert "Kind 1: ab 01.08.2027 beitragsfrei (vollendet das 4. Lebensjahr bis zum 30.09.2027)." in november


def test_the_explanation_says_why_a_child_is_first_or_second() -> None:
    """January 2026: child 2's 300.00 is above child 1's 201.00, so child 2 is first and child 1 second."""
    january = texts(5)
    assert "Kind 2 steht in der Geschwisterregel an 1. Stelle: sein Beitrag von 300,00 € ist der höchste." in january
    assert ("Kind 1 steht in der Geschwisterregel an 2. Stelle: Kind 2 hat einen höheren Beitrag (300,00 € gegenüber "
            "201,00 €).") in january


@pytest.mark.parametrize(("switch", "change"), [("on_birthday", "2025-11-15"), ("birthday_month", "2025-11-01"),
                                                ("month_after_birthday", "2025-12-01")])
def test_the_next_change_follows_the_switch_rule(switch: str, change: str) -> None:
    rules = satzung(BODY.format(u3_25=300, ue3_45=201).replace("month_after_birthday", switch),
                    head=head("2025-08-01", None))
    result = timeline([rules], INCOME, date(2025, 10, 1), date(2025, 10, 1), CARE[:1])
    step = next(s for s in result.months[0].assessment.steps if s.code == "age_group_next")
    assert step.params["date"] == change


def test_english_explanation() -> None:
    january = [render(s, "en") for s in run().months[5].assessment.steps]
    assert "Child 1 is in position 2 of the sibling rule: child 2 has a higher fee (€300.00 against €201.00)." in january
    assert "Child 1 is 3 years and 1 month old on 2026-01-01." in january
