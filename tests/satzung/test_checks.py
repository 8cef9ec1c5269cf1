"""The checks a Satzung file goes through: every problem is reported with file:line:col, a stable code,
a message saying what is wrong and a hint saying how to fix it."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
from satzung_support import HEAD, diagnostics

from kitaforms.errors import CATALOGUE
from kitaforms.errors.satzung import CODES
from kitaforms.satzung.project import compile_satzungen

FILE = "satzungen/test/2025-08.yaml"

KITA = """\
age_groups:
  paragraph: § 3
  switch: month_after_birthday
  groups:
    - {id: u3, label: unter 3, below_years: 3}
    - {id: ue3, label: ab 3, from_years: 3}
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
      - {from: 60000, to: null, fees: {u3: [300, 350, 400], ue3: [150, 175, 200]}}
"""


def where(body: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of ``needle`` in the file (HEAD + body)."""
    text = HEAD + dedent(body)
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def only(body: str, code: str):  # type: ignore[no-untyped-def]
    found = [d for d in diagnostics(body) if d.code == code]
    assert len(found) == 1, [(d.code, d.message) for d in diagnostics(body)]
    diagnostic = found[0]
    assert diagnostic.location is not None and diagnostic.location.file == FILE
    assert diagnostic.hint, "every diagnostic says how to fix it"
    return diagnostic


def at(diagnostic) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return diagnostic.location.line, diagnostic.location.col


def test_the_reference_example_is_clean() -> None:
    assert diagnostics(KITA) == []


def test_gap_between_brackets() -> None:
    body = KITA.replace("{from: 60000, to: null", "{from: 65000, to: null")
    diagnostic = only(body, "SATZUNG_005")
    assert at(diagnostic) == where(body, "65000")
    assert "60000 and 65000" in diagnostic.message and "from: 60000" in diagnostic.hint


def test_overlap_between_brackets() -> None:
    body = KITA.replace("{from: 60000, to: null", "{from: 55000, to: null")
    diagnostic = only(body, "SATZUNG_006")
    assert at(diagnostic) == where(body, "55000")
    assert diagnostic.message.startswith("brackets overlap")


def test_last_bracket_must_be_open() -> None:
    body = KITA.replace("{from: 60000, to: null", "{from: 60000, to: 90000")
    assert at(only(body, "SATZUNG_005")) == where(body, "90000")


def test_whole_euro_bounds_start_one_euro_higher() -> None:
    body = KITA.replace("upper_inclusive", "whole_euros")
    assert {d.code for d in diagnostics(body)} == {"SATZUNG_006"}  # 30000 must be 30001 now
    fixed = body.replace("{from: 30000", "{from: 30001").replace("{from: 60000", "{from: 60001")
    assert diagnostics(fixed) == []


def test_missing_cell() -> None:
    body = KITA.replace("ue3: [50, 75, 100]", "ue3: [50, 75]")
    diagnostic = only(body, "SATZUNG_007")
    assert at(diagnostic) == where(body, "[50, 75]")
    assert diagnostic.message == "2 fees for 3 hour columns (missing)"


def test_missing_age_group_in_a_row() -> None:
    body = KITA.replace("{to: 30000, fees: {u3: [0, 0, 0], ue3: [0, 0, 0]}}", "{to: 30000, fees: {u3: [0, 0, 0]}}")
    diagnostic = only(body, "SATZUNG_007")
    assert "`ue3`" in diagnostic.message and at(diagnostic) == where(body, "{to: 30000")


def test_fee_falling_as_income_rises_is_a_warning() -> None:
    body = KITA.replace("u3: [300, 350, 400]", "u3: [300, 350, 040]")
    diagnostic = only(body, "SATZUNG_009")
    assert not diagnostic.is_error
    assert at(diagnostic) == where(body, "040")
    assert "falls from 200 to 40" in diagnostic.message


def test_unknown_care_type_with_suggestion() -> None:
    body = KITA.replace("care_type: kita", "care_type: kiga")
    diagnostic = only(body, "SATZUNG_011")
    assert at(diagnostic) == where(body, "kiga") and diagnostic.hint == "did you mean `kita`?"


def test_unknown_age_group_in_the_table() -> None:
    body = KITA.replace("age_groups: [u3, ue3]", "age_groups: [u3, ue2]").replace("ue3: [", "ue2: [")
    diagnostic = only(body, "SATZUNG_010")
    assert at(diagnostic) == where(body, "ue2]") and diagnostic.hint == "did you mean `ue3`?"


def test_unknown_age_group_key_in_a_row() -> None:
    body = KITA.replace("{from: 30000, to: 60000, fees: {u3: [100, 150, 200], ue3: [50, 75, 100]}}",
                        "{from: 30000, to: 60000, fees: {u3: [100, 150, 200], ue3: [50, 75, 100], u2: [1, 2, 3]}}")
    diagnostic = only(body, "SATZUNG_010")
    assert at(diagnostic) == where(body, "u2:")


def test_age_groups_with_a_gap() -> None:
    body = KITA.replace("{id: ue3, label: ab 3, from_years: 3}", "{id: ue3, label: ab 3, from_years: 4}")
    assert at(only(body, "SATZUNG_012")) == where(body, "{id: ue3")


def test_hour_columns_out_of_order() -> None:
    body = KITA.replace("hours: [25, 35, 45]", "hours: [25, 45, 35]")
    assert at(only(body, "SATZUNG_013")) == where(body, "35]")


def test_unknown_value_without_a_note_is_a_warning_with_a_note_it_is_fine() -> None:
    body = KITA.replace("u3: [100, 150, 200]", "u3: [100, null, 200]")
    diagnostic = only(body, "SATZUNG_014")
    assert not diagnostic.is_error and at(diagnostic) == where(body, "[100, null")
    noted = body.replace("ue3: [50, 75, 100]}}", "ue3: [50, 75, 100]}, note: not in the source read}")
    assert diagnostics(noted) == []


def test_hourly_rates_without_factor_warn() -> None:
    body = KITA.replace("    rows:", "    per_hour: {monthly_factor: null}\n    rows:")
    diagnostic = only(body, "SATZUNG_015")
    assert at(diagnostic) == where(body, "null}")


def test_unknown_source() -> None:
    body = KITA.replace("source: S1", "source: S2")
    diagnostic = only(body, "SATZUNG_016")
    assert at(diagnostic) == where(body, "S2") and "`S1`" in diagnostic.hint


def test_validity_ends_before_it_starts() -> None:
    head = HEAD.replace("valid_from: 2025-08-01", "valid_from: 2025-08-01\nvalid_until: 2024-07-31")
    found = [d for d in diagnostics(KITA, head) if d.code == "SATZUNG_017"]
    assert found and found[0].location.line == 4


def test_two_tables_for_one_care_type() -> None:
    body = KITA + "  - {id: kita2, care_type: kita, paragraph: x, source: S1, boundaries: upper_inclusive, " \
                  "rows: [{to: null, fee: 1}]}\n"
    assert only(body, "SATZUNG_018").location.line == where(body, "id: kita2")[0]


def test_indexation_steps_out_of_order() -> None:
    body = KITA + "indexation:\n  - type: scale\n    paragraph: x\n    steps: [{from: 2024-08-01, percent: 75}, " \
                  "{from: 2023-08-01, percent: 50}]\n"
    assert at(only(body, "SATZUNG_019")) == where(body, "2023-08-01")


def test_duplicate_source_id() -> None:
    head = HEAD + '  - {id: S1, url: "https://example.org/other", reliability: tertiary}\n'
    found = [d for d in diagnostics(KITA, head) if d.code == "SATZUNG_020"]
    assert found and found[0].location.line == 6


@pytest.mark.parametrize(
    ("change", "code", "needle"),
    [
        (("boundaries: upper_inclusive", "boundaries: upper_inclusive\n    bondaries: x"), "SATZUNG_001", "bondaries"),
        (("    paragraph: Anlage 1\n", ""), "SATZUNG_002", "- id: kita"),
        (("{to: 30000,", "{to: viel,"), "SATZUNG_003", "viel"),
        (("{to: 30000,", "{to: -5,"), "SATZUNG_003", "-5"),
        (("ue3: [0, 0, 0]}}", "ue3: [0, 0, 0.001]}}"), "SATZUNG_003", "0.001"),
    ],
)
def test_schema_errors_are_positioned(change: tuple[str, str], code: str, needle: str) -> None:
    body = KITA.replace(*change)
    diagnostic = only(body, code)
    assert at(diagnostic)[0] == where(body, needle)[0]


def test_unknown_indexation_type() -> None:
    body = KITA + "indexation:\n  - type: yearly\n    paragraph: x\n    percent: 1.5\n"
    diagnostic = only(body, "SATZUNG_004")
    assert at(diagnostic)[0] == where(body, "yearly")[0] and "yearly_percent" in diagnostic.hint


def test_did_you_mean_for_a_misspelt_key() -> None:
    body = KITA.replace("switch: month_after_birthday", "swich: month_after_birthday")
    assert "`switch`" in only(body, "SATZUNG_001").hint


def test_hostile_yaml_cannot_build_objects() -> None:
    body = KITA + "notes: !!python/object/apply:os.system ['echo hacked']\n"
    assert [d.code for d in diagnostics(body)] == ["YAML_003"]


def write(root: Path, name: str, head: str, body: str = KITA) -> None:
    path = root / "satzungen" / "testkommune" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + dedent(body), encoding="utf-8")


def test_overlapping_validity_periods_between_files(tmp_path: Path) -> None:
    """Two files of one Kommune valid on the same day: reported at the later file's `valid_from`."""
    write(tmp_path, "2016-08.yaml", HEAD.replace("valid_from: 2025-08-01", "valid_from: 2016-08-01"))
    write(tmp_path, "2025-08.yaml", HEAD)
    rules, found = compile_satzungen(tmp_path)
    overlap = [d for d in found if d.code == "SATZUNG_008"]
    assert len(overlap) == 1
    assert str(overlap[0].location) == "satzungen/testkommune/2025-08.yaml:3:13"
    assert "satzungen/testkommune/2016-08.yaml" in overlap[0].message
    fixed = HEAD.replace("valid_from: 2025-08-01", "valid_from: 2016-08-01\nvalid_until: 2025-07-31")
    write(tmp_path, "2016-08.yaml", fixed)
    assert [d for d in compile_satzungen(tmp_path)[1] if d.code == "SATZUNG_008"] == []


def test_overlap_with_an_open_file_is_found_past_a_short_one(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", HEAD.replace("valid_from: 2025-08-01", "valid_from: 2010-08-01"))
    write(tmp_path, "b.yaml", HEAD.replace("valid_from: 2025-08-01", "valid_from: 2012-08-01\nvalid_until: 2013-07-31"))
    write(tmp_path, "c.yaml", HEAD.replace("valid_from: 2025-08-01", "valid_from: 2015-08-01"))
    overlaps = [d.location.file for d in compile_satzungen(tmp_path)[1] if d.code == "SATZUNG_008"]
    assert sorted(overlaps) == ["satzungen/testkommune/b.yaml", "satzungen/testkommune/c.yaml"]


def test_validate_cli_reports_satzung_errors_with_file_line_col(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kitaforms.cli import cli

    write(tmp_path, "2025-08.yaml", HEAD, KITA.replace("{from: 60000, to: null", "{from: 65000, to: null"))
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    line, col = where(KITA.replace("{from: 60000", "{from: 65000"), "65000")
    assert f"satzungen/testkommune/2025-08.yaml:{line}:{col}: error SATZUNG_005" in result.output


def test_catalogue_is_complete_and_every_code_is_emitted() -> None:
    sources = "".join(p.read_text() for p in Path(__file__).parents[2].joinpath("src/kitaforms/satzung").glob("*.py"))
    for entry in CODES:
        assert entry.title and entry.explanation and entry.wrong and entry.fixed, entry.code
        assert CATALOGUE[entry.code] is entry
        if entry.code not in ("SATZUNG_001", "SATZUNG_002", "SATZUNG_003", "SATZUNG_004"):
            assert f'"{entry.code}"' in sources, f"{entry.code} is never emitted"


def test_the_real_satzungen_are_clean(project_rules) -> None:
    """Every file in satzungen/ loads without errors or warnings, and names its sources."""
    _, found = compile_satzungen(Path(__file__).parents[2])
    assert found == []
    assert len(project_rules) == 13
    assert all(rule.model.sources for rule in project_rules.values())
