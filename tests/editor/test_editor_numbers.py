"""Numbers in forms (issue 19): a setting or a money limit written in German format (`25.000`) is an
error (FORM_028), and a setting that the Satzung also states must agree with it (FORM_029)."""

from __future__ import annotations

from pathlib import Path

from editor_support import MINI, mini_project

from kitaforms.compiler import compile_project
from kitaforms.errors.wording import localized

OVERLAY = "forms/musterstadt/anmeldung.yaml"
SATZUNG = "satzungen/musterstadt/2025-08.yaml"

BASE = (MINI / "forms/nrw/anmeldung.yaml").read_text(encoding="utf-8").replace(
    "  max_wuensche: 3\n", "  max_wuensche: 3\n  beitragsfrei_bis: 0\n").replace(
    "      - id: getrennt_lebend\n",
    "      - id: unterhalt\n        type: money\n        label: {de: Unterhalt, en: Maintenance}\n"
    "        maximum: 1.500\n      - id: getrennt_lebend\n")

SATZUNG_TEXT = """\
title: Testsatzung
jugendamt: Testamt
valid_from: 2025-08-01
sources:
  - {id: S1, url: "https://example.org/satzung", reliability: primary}
tables:
  - id: kita
    care_type: kita
    paragraph: Anlage 1
    source: S1
    boundaries: upper_inclusive
    rows:
      - {to: 30000, fee: 0}
      - {from: 30000, to: null, fee: 110}
fee_free:
  income_up_to: [{paragraph: § 5, up_to: 30000, care_types: [kita]}]
"""


def _project(tmp_path: Path, setting: str, maximum: str = "1500") -> list:  # type: ignore[type-arg]
    base = BASE.replace("maximum: 1.500", f"maximum: {maximum}")
    overlay = (MINI / OVERLAY).read_text(encoding="utf-8").replace(
        "  max_wuensche: 5\n", f"  max_wuensche: 5\n  beitragsfrei_bis: {setting}\n")
    root = mini_project(tmp_path / "p", {"forms/nrw/anmeldung.yaml": base, OVERLAY: overlay, SATZUNG: SATZUNG_TEXT})
    return compile_project(root).diagnostics.sorted()


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_setting_and_a_money_limit_in_german_format_are_errors_with_the_number_meant(tmp_path: Path) -> None:
    found = [d for d in _project(tmp_path, "30.000", maximum="1.500") if d.code == "FORM_028"]
    where = {(d.location.file, d.location.line): d for d in found if d.location}
    setting = where[(OVERLAY, 4)]
    assert setting.message == "the setting `beitragsfrei_bis` is written in German number format: `30.000`"
    assert setting.hint is not None and "`30000`" in setting.hint
    assert localized(setting, "de").hint.startswith("meinten Sie `30000`?")  # type: ignore[union-attr]
    limit = where[("forms/nrw/anmeldung.yaml", _line(BASE, "maximum: 1.500"))]
    assert limit.hint is not None and "`1500`" in limit.hint
    assert not [d for d in found if d.code == "FORM_014"]  # not also "takes a whole number"


def test_a_setting_that_disagrees_with_the_satzung_points_to_its_line(tmp_path: Path) -> None:
    found = [d for d in _project(tmp_path, "25000") if d.code == "FORM_029"]
    assert len(found) == 1
    diagnostic = found[0]
    assert diagnostic.is_error and diagnostic.location is not None
    assert (diagnostic.location.file, diagnostic.location.line) == (OVERLAY, 4)
    assert "30000" in diagnostic.message and diagnostic.hint == (
        f"write `beitragsfrei_bis: 30000`, or correct the Satzung ({SATZUNG})")
    notes = {(n.location.file, n.location.line) for n in diagnostic.notes}
    assert notes == {(SATZUNG, _line(SATZUNG_TEXT, "up_to: 30000")), (SATZUNG, _line(SATZUNG_TEXT, "to: 30000"))}
    german = localized(diagnostic, "de")
    assert german.message.startswith("die Einstellung `beitragsfrei_bis` ist 25000")


def test_a_setting_that_agrees_with_the_satzung_passes(tmp_path: Path) -> None:
    assert not [d for d in _project(tmp_path, "30000") if d.code in ("FORM_028", "FORM_029")]
