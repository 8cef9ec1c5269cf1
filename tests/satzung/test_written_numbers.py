"""Numbers written as in a German table (issue 19, item 2): `25.000` is read by YAML as 25 and
`1.500,50` as text, so a Satzung copied from the printed annex would charge a family with 30,000 €
the fee of the highest bracket. Every amount and bracket bound is checked as written (SATZUNG_024),
bounds of a `whole_euros` table must be whole euros (SATZUNG_025)."""

from __future__ import annotations

from satzung_support import HEAD, diagnostics, satzung

from kitaforms.errors.wording import localized

FILE = "satzungen/test/2025-08.yaml"

GERMAN = """\
tables:
  - id: kita
    care_type: kita
    paragraph: Anlage 1
    source: S1
    boundaries: upper_inclusive
    rows:
      - {to: 25.000, fee: 0}
      - {from: 25.000, to: 50.000, fee: 110}
      - {from: 50.000, to: null, fee: 430}
fee_free:
  income_up_to: [{paragraph: § 5, up_to: 25.000, care_types: [kita]}]
"""


def _line(needle: str, occurrence: int = 1) -> int:
    text, index = HEAD + GERMAN, -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


def test_thousands_points_throughout_are_located_errors_with_the_number_meant() -> None:
    found = [d for d in diagnostics(GERMAN) if d.code == "SATZUNG_024"]
    assert len(found) == 5, [(d.code, d.message) for d in diagnostics(GERMAN)]
    first = found[0]
    assert first.is_error and first.location is not None and first.location.file == FILE
    assert (first.location.line, first.location.col) == (_line("25.000"), len("      - {to: ") + 1)
    assert first.message == "`25.000` is written in German number format"
    assert first.hint is not None and "`25000`" in first.hint
    assert {d.location.line for d in found if d.location} == {_line("25.000"), _line("50.000"), _line("50.000", 2),
                                                             _line("up_to")}
    german = localized(first, "de")
    assert german.hint is not None and german.hint.startswith("meinten Sie `25000`?")
    assert german.message == "`25.000` ist im deutschen Zahlenformat geschrieben"


def test_a_decimal_comma_is_an_error_with_the_amount_meant() -> None:
    body = GERMAN.replace("25.000", "25000").replace("50.000", "50000").replace("fee: 110", "fee: 1.500,50")
    found = [d for d in diagnostics(body) if d.is_error]
    assert [d.code for d in found] == ["SATZUNG_024"], [(d.code, d.message) for d in found]  # not also "wrong value"
    assert found[0].hint is not None and "`1500.50`" in found[0].hint
    assert found[0].location is not None and found[0].location.line == _line("fee: 110")


def test_amounts_with_cents_and_whole_numbers_are_accepted() -> None:
    body = GERMAN.replace("25.000", "25000").replace("50.000", "50000").replace("fee: 110", "fee: 25.5")
    rules = satzung(body)
    assert rules.model.tables[0].rows[1].fee == 25.5
    assert not [d for d in diagnostics(body) if d.code in ("SATZUNG_024", "SATZUNG_025")]


def test_bounds_of_a_whole_euros_table_must_be_whole_euros() -> None:
    body = (GERMAN.replace("25.000", "25000").replace("50.000", "50000")
            .replace("upper_inclusive", "whole_euros").replace("from: 25000", "from: 25001")
            .replace("to: 50000", "to: 50000.50").replace("from: 50000", "from: 50001"))
    found = [d for d in diagnostics(body) if d.code == "SATZUNG_025"]
    assert len(found) == 1 and found[0].hint is not None and "`50000`" in found[0].hint
    assert found[0].location is not None and found[0].location.line == _line("to: 50.000")


def test_a_decimal_comma_on_its_own_line_is_the_same_error() -> None:
    body = GERMAN.replace("25.000", "25000").replace("50.000", "50000").replace(
        "      - {from: 25000, to: 50000, fee: 110}\n",
        "      - from: 25000\n        to: 50000\n        fee: 1.500,50\n")
    found = [d for d in diagnostics(body) if d.is_error]
    assert [d.code for d in found] == ["SATZUNG_024"], [(d.code, d.message) for d in found]
    assert found[0].message == "`1.500,50` is written in German number format"
    assert found[0].hint is not None and "`1500.50`" in found[0].hint
