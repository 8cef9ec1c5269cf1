"""`kitaforms fee`: what a user types and sees (text, --json, exit codes, --batch, --report)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner
from satzung_support import ROOT

from kitaforms.cli import cli


def fee(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["fee", *args, "--project", str(ROOT)])


def test_koeln_fee_with_explanation_citing_paragraphs() -> None:
    """Köln, Beitragstabelle ab 01.08.2025: 55,000 EUR, 45 h, a child of 2 → Stufe 4, 301.50 EUR."""
    result = fee("koeln", "--einkommen", "55000", "--stunden", "45", "--geburtsdatum", "2023-05-10",
                 "--stichtag", "2025-09-01")
    assert result.exit_code == 0, result.output
    assert "[Beitragstabelle ab 01.08.2025] Kind 1: Einkommensstufe 4 (über 49.084 € bis 61.355 €)." in result.output
    assert result.output.rstrip().endswith("Monatsbeitrag: 301,50 €")


def test_json_output_has_amounts_as_strings() -> None:
    result = fee("koeln", "--einkommen", "55000", "--stunden", "45", "--geburtsdatum", "2023-05-10",
                 "--stichtag", "2025-09-01", "--json")
    data = json.loads(result.output)
    assert data["total"] == "301.50" and data["children"][0]["fee"] == "301.50"
    assert all(isinstance(step["text"], str) for step in data["explanation"])
    assert {"code", "paragraph", "params", "text"} <= set(data["explanation"][0])


def test_siblings_on_the_command_line_and_english() -> None:
    """Köln § 8: two children, only the higher fee; repeated --geburtsdatum/--stunden give the siblings."""
    result = fee("koeln", "--einkommen", "55000", "--geburtsdatum", "2022-03-10", "--stunden", "45",
                 "--geburtsdatum", "2024-03-10", "--stunden", "45", "--stichtag", "2025-10-15", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Monthly fee: €331.65" in result.output and "pays no fee" in result.output


def test_ogs_in_duisburg() -> None:
    result = fee("duisburg", "--einkommen", "55000", "--geburtsdatum", "2016-05-05", "--betreuungsart", "ogs",
                 "--stichtag", "2023-10-01", "--json")
    assert json.loads(result.output)["total"] == "35.00"


def test_input_error_exits_2_without_traceback() -> None:
    """Errors are German like the explanation; `--lang en` gives the English wording of the catalogue."""
    args = ("koeln", "--einkommen", "55000", "--stunden", "50", "--geburtsdatum", "2023-05-10", "--stichtag", "2025-09-01")
    result = fee(*args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Kind 1: 50 Wochenstunden sind mehr, als die Tabelle `kita` vorsieht (bis 45)." in result.output
    assert "50 hours a week are more than the table `kita` provides" in fee(*args, "--lang", "en").output


def test_missing_rule_exits_1_and_says_why() -> None:
    result = fee("muenster", "--einkommen", "38000", "--stunden", "45", "--geburtsdatum", "2024-01-10",
                 "--stichtag", "2025-09-01", "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["error"]["code"] == "no_table"


def test_usage_errors() -> None:
    assert fee("koln", "--einkommen", "1", "--geburtsdatum", "2023-01-01").exit_code == 2
    assert fee("koeln", "--einkommen", "viel", "--geburtsdatum", "2023-01-01").exit_code == 2
    assert fee("koeln", "--einkommen", "1", "--geburtsdatum", "01.01.2023").exit_code == 2
    assert fee("koeln", "--einkommen", "1").exit_code == 2


def test_batch_computes_many_households(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "haushalt,einkommen,geburtsdatum,stunden,betreuungsart\n"
        "1,55000,2023-05-10,45,kita\n"
        "2,55000,2022-03-10,45,kita\n"
        "2,55000,2024-03-10,45,kita\n"
        "3,55000,2024-03-10,50,kita\n"
        "4,abc,2024-03-10,45,kita\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = fee("koeln", "--batch", str(source), "--out", str(out), "--stichtag", "2025-10-15")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["haushalt"], r["beitrag"], r["gesamt"]) for r in rows[:3]] == [
        ("1", "301.50", "301.50"), ("2", "0.00", "331.65"), ("2", "331.65", "331.65")]
    assert rows[3]["fehler"].startswith("hours_out_of_range") and rows[4]["fehler"]


def test_report_writes_page_plots_and_compiled_json(tmp_path: Path) -> None:
    result = fee("duesseldorf", "--report", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "duesseldorf-2021-08.html" in names and "duesseldorf-2021-08-tagespflege-u3.svg" in names
    assert "duesseldorf-2021-08.json" in names and "satzung.css" in names
    assert json.loads((tmp_path / "duesseldorf-2021-08.json").read_text())["key"] == "duesseldorf/2021-08"


def test_broken_satzung_is_reported_with_position(tmp_path: Path) -> None:
    folder = tmp_path / "satzungen" / "testkommune"
    folder.mkdir(parents=True)
    (folder / "2025-08.yaml").write_text(
        "title: T\njugendamt: J\nvalid_from: 2025-08-01\nsources: [{id: S1, url: 'https://x', reliability: primary}]\n"
        "tables:\n  - {id: ogs, care_type: ogs, paragraph: A, source: S1, boundaries: upper_inclusive,\n"
        "     rows: [{to: 100, fee: 0}, {from: 200, to: null, fee: 5}]}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["fee", "testkommune", "--einkommen", "1", "--geburtsdatum", "2018-01-01",
                                      "--betreuungsart", "ogs", "--project", str(tmp_path)])
    assert result.exit_code == 1
    assert "satzungen/testkommune/2025-08.yaml:7:39: error SATZUNG_005" in result.output
