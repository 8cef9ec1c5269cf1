"""The checks of the allocation files: every problem with file:line:col, a stable code and a hint."""

from __future__ import annotations

from textwrap import dedent

import pytest
from allocate_support import BANDS, capacity_problems, catalogue, criteria_problems, facility

from kitaforms.diagnostics import Diagnostic
from kitaforms.errors import CATALOGUE
from kitaforms.errors.vergabe import CODES

GOOD = """\
sample_data: true
source: test
method: order
rules:
  - {id: geschwister, label: Geschwister, condition: '"geschwister" in wunsch.gruende'}
  - {id: alleinerziehend, label: Alleinerziehend, condition: familiensituation == "ein_elternteil"}
tie_break: {method: received_at}
"""
CAT = catalogue(facility("A"), facility("B", ages=(36, 84), hours=(35, 45)), facility("T", care="tagespflege", hours=()))
PLACES = BANDS + "places:\n  - {facility: A, start: 2026-08, age_band: u3, hours: 35, places: 2}\n"


def where(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of ``needle`` in ``text``."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def only(found: list[Diagnostic], code: str) -> Diagnostic:
    matching = [d for d in found if d.code == code]
    assert len(matching) == 1, [(d.code, d.message) for d in found]
    assert matching[0].hint, "every diagnostic says how to fix it"
    return matching[0]


def at(diagnostic: Diagnostic) -> tuple[int, int]:
    assert diagnostic.location is not None
    return diagnostic.location.line, diagnostic.location.col


def test_the_examples_are_clean() -> None:
    assert criteria_problems(GOOD, CAT) == []
    assert capacity_problems(PLACES, CAT) == []


def test_every_code_is_in_the_catalogue_with_examples() -> None:
    assert all(code.code in CATALOGUE and code.wrong and code.fixed for code in CODES)


# --- criteria ------------------------------------------------------------------------------------------------


def test_unknown_key_suggests_the_right_one() -> None:
    text = GOOD.replace("{method: received_at}", "{methode: received_at}")
    found = only(criteria_problems(text, CAT), "VERGABE_001")
    assert at(found) == where(text, "methode") and found.hint == "did you mean `method`?"


def test_a_rule_needs_a_condition() -> None:
    text = GOOD.replace(", condition: familiensituation == \"ein_elternteil\"}", "}")
    assert "`condition`" in only(criteria_problems(text, CAT), "VERGABE_002").message


def test_wrong_method() -> None:
    text = GOOD.replace("method: order", "method: lexikographisch")
    assert at(only(criteria_problems(text, CAT), "VERGABE_003")) == where(text, "lexikographisch")


def test_duplicate_rule_id() -> None:
    text = GOOD.replace("id: alleinerziehend", "id: geschwister")
    line, col = where(text, "id: geschwister", 2)
    assert at(only(criteria_problems(text, CAT), "VERGABE_004")) == (line, col + 4)


def test_unknown_facility_in_the_extras() -> None:
    text = GOOD + "facilities:\n  - {facility: AA, rules: []}\n"
    found = only(criteria_problems(text, CAT), "VERGABE_005")
    assert at(found) == where(text, "AA") and found.hint == "did you mean `A`?"


def test_points_only_with_the_points_method() -> None:
    text = GOOD.replace("familiensituation == \"ein_elternteil\"}", "familiensituation == \"ein_elternteil\", points: 3}")
    assert at(only(criteria_problems(text, CAT), "VERGABE_006")) == where(text, "points")
    missing = text.replace("method: order", "method: points")
    assert "`geschwister` gives no points" in only(criteria_problems(missing, CAT), "VERGABE_006").message


def test_a_facility_order_names_every_rule_once() -> None:
    text = GOOD + dedent("""\
        facilities:
          - facility: A
            rules: [{id: sprache, label: Sprache, condition: '"sprache" in wunsch.gruende'}]
            order: [sprache, geschwister, alleinerziehen]
        """)
    found = [d for d in criteria_problems(text, CAT) if d.code == "VERGABE_007"]
    assert [at(d) for d in found] == [where(text, "alleinerziehen]"), where(text, "order:")]
    assert found[0].hint == "did you mean `alleinerziehend`?" and "leaves out `alleinerziehend`" in found[1].message


def test_a_lottery_needs_its_seed() -> None:
    text = GOOD.replace("{method: received_at}", "{method: lottery}")
    assert at(only(criteria_problems(text, CAT), "VERGABE_008")) == where(text, "lottery")


def test_hours_alternatives_must_be_a_choice_field_of_the_form() -> None:
    text = GOOD + "hours_alternatives: umfang_kita_weiter\n"
    found = only(criteria_problems(text, CAT), "VERGABE_009")
    assert at(found) == where(text, "umfang_kita_weiter") and found.hint == "did you mean `umfang_kita_weitere`?"


def test_the_form_must_exist() -> None:
    text = GOOD + "form: einkommen_neu\n"
    assert at(only(criteria_problems(text, CAT), "VERGABE_009")) == where(text, "einkommen_neu")


@pytest.mark.parametrize(("condition", "code", "needle"), [
    ("familiensituation == \"alleinerziehend\"", "EXPR_006", "\"alleinerziehend\""),
    ("wunsch.grund == 1", "EXPR_002", "wunsch.grund"),
    ("einrichtung.plz", "EXPR_008", "einrichtung.plz"),
    ("'\"geschwister\" in wunsch.gruende and'", "EXPR_001", "and'"),
])
def test_rules_are_type_checked_against_the_form_and_the_wish(condition: str, code: str, needle: str) -> None:
    text = GOOD.replace("familiensituation == \"ein_elternteil\"", condition)
    found = only(criteria_problems(text, CAT), code)
    line, col = where(text, needle)
    assert at(found)[0] == line and col <= at(found)[1] <= col + len(needle)


def test_a_reason_that_is_not_a_code_of_the_wish_list() -> None:
    text = GOOD.replace('"geschwister" in wunsch.gruende', '"bruder" in wunsch.gruende')
    found = only(criteria_problems(text, CAT), "EXPR_006")
    assert at(found) == where(text, '"bruder"') and "geschwister" in (found.hint or "")


def test_family_expressions_cannot_read_a_wish() -> None:
    text = GOOD + "siblings: {family: [person1.email, wunsch.rang]}\n"
    assert at(only(criteria_problems(text, CAT), "EXPR_002")) == where(text, "wunsch.rang")


# --- capacities --------------------------------------------------------------------------------------------


def places(*rows: str, bands: str = BANDS) -> str:
    return bands + "places:\n" + "".join(f"  - {{{row}}}\n" for row in rows)


def test_age_bands_must_follow_each_other() -> None:
    text = places("facility: A, start: 2026-08, age_band: u3, hours: 35, places: 2",
                  bands=BANDS.replace("from_months: 36", "from_months: 48"))
    found = only(capacity_problems(text, CAT), "VERGABE_011")
    assert at(found) == where(text, "48") and found.hint == "write `from_months: 36`"


def test_hours_bands_ascend() -> None:
    text = places("facility: A, start: 2026-08, age_band: u3, hours: 35, places: 2",
                  bands=BANDS.replace("[25, 35, 45]", "[25, 45, 35]"))
    assert at(only(capacity_problems(text, CAT), "VERGABE_012")) == where(text, "35]")


def test_unknown_age_band_and_hours_band() -> None:
    text = places("facility: A, start: 2026-08, age_band: u2, hours: 40, places: 2")
    found = capacity_problems(text, CAT)
    assert at(only(found, "VERGABE_013")) == where(text, "u2,")
    assert at(only(found, "VERGABE_014")) == where(text, "40")


def test_unknown_facility_and_wrong_month() -> None:
    text = places("facility: AB, start: 2026-08, age_band: u3, hours: 35, places: 2",
                  "facility: A, start: 08/2026, age_band: u3, hours: 35, places: 2")
    found = capacity_problems(text, CAT)
    assert at(only(found, "VERGABE_003")) == where(text, "08/2026")


def test_unknown_facility() -> None:
    text = places("facility: AB, start: 2026-08, age_band: u3, hours: 35, places: 2")
    found = only(capacity_problems(text, CAT), "VERGABE_005")
    assert at(found) == where(text, "AB") and "did you mean" in (found.hint or "")


def test_places_given_twice_or_with_and_without_hours() -> None:
    row = "facility: A, start: 2026-08, age_band: u3, hours: 35, places: 2"
    twice = places(row, row)
    assert at(only(capacity_problems(twice, CAT), "VERGABE_015")) == where(twice, "{facility", 2)
    mixed = places(row, "facility: A, start: 2026-08, age_band: u3, places: 1")
    assert "with and without `hours`" in only(capacity_problems(mixed, CAT), "VERGABE_015").message


def test_care_type_must_be_one_the_facility_offers() -> None:
    text = places("facility: T, start: 2026-08, care_type: kita, age_band: u3, places: 2")
    assert at(only(capacity_problems(text, CAT), "VERGABE_016")) == where(text, "kita")


def test_warnings_for_places_no_child_could_wish_for() -> None:
    text = places("facility: B, start: 2026-08, age_band: u3, hours: 25, places: 2")
    found = capacity_problems(text, CAT)
    assert at(only(found, "VERGABE_017")) == where(text, "25, places")
    assert at(only(found, "VERGABE_018")) == where(text, "u3, hours")
    assert not any(d.is_error for d in found)
