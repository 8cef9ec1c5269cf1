"""`kitaforms fee` over a period (`--von`/`--bis`, `--beginn`/`--ende`, `--aenderung`), with a draft
(`--satzung`), `kitaforms compare`, and the messages issue 17 found wanting."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from satzung_support import ROOT, diagnostics

from kitaforms.cli import cli

KOELN = ("koeln", "--einkommen", "55000", "--project", str(ROOT))


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def test_a_years_total_in_one_call() -> None:
    """Köln 2025, 55,000 EUR (Stufe 4), a child born 20.01.2023 at 45 h, Aug 2025 – Jul 2026. Köln's switch rule
    is not known, so January 2026 (the 3rd birthday's month) is declined. Aug–Dec 2025: 2 bis unter 3 = 301.50 ×
    5 = 1,507.50; Feb–Jul 2026: ab 3 = 193.94 × 6 = 1,163.64; total of the eleven months 2,671.14."""
    result = run("fee", *KOELN, "--geburtsdatum", "2023-01-20", "--stunden", "45", "--von", "2025-08", "--bis", "2026-07")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Stadt Köln · Beiträge 08/2025 bis 07/2026"
    assert lines[3].split() == ["08/2025", "koeln/2025-08", "301,50", "€", "301,50", "€"]
    assert "01/2026  koeln/2025-08  nicht ermittelt  nicht ermittelt" in result.output
    assert next(line for line in lines if line.startswith("Summe")).split()[-2:] == ["2.671,14", "€"]
    assert "(ohne 1 Monat(e), für die kein Beitrag ermittelt wurde)" in result.output
    assert "Kind 1 wechselt in diesem Monat in die nächste Altersgruppe" in result.output


def test_timeline_json_with_start_and_end() -> None:
    """The same child in care only Aug–Oct 2025 (--ende 2025-10): three months of 301.50 = 904.50; the months
    after it have no child in care and cost nothing."""
    result = run("fee", *KOELN, "--geburtsdatum", "2023-01-20", "--stunden", "45", "--beginn", "2025-08",
                 "--ende", "2025-10", "--von", "2025-08", "--bis", "2025-12", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == "904.50" and data["complete"] is True
    assert [m["total"] for m in data["months"]] == ["301.50", "301.50", "301.50", "0.00", "0.00"]
    assert data["months"][0]["children"][0]["stufe"] == 4 and data["months"][3]["in_care"] == []


def test_a_change_of_hours_from_a_month_on() -> None:
    """From October 2025 the child books 35 h (2 bis unter 3, Stufe 4, 35 h: 271.35 in Köln's table), so
    Aug–Sep 301.50 each and Oct 271.35: 874.35."""
    result = run("fee", *KOELN, "--geburtsdatum", "2023-01-20", "--stunden", "45", "--aenderung", "1:2025-10:35",
                 "--von", "2025-08", "--bis", "2025-10", "--json")
    data = json.loads(result.output)
    assert [m["total"] for m in data["months"]] == ["301.50", "301.50", "271.35"] and data["total"] == "874.35"


def test_aenderung_needs_a_period_and_a_known_child() -> None:
    assert run("fee", *KOELN, "--geburtsdatum", "2023-01-20", "--aenderung", "1:2025-10:35").exit_code == 2
    result = run("fee", *KOELN, "--geburtsdatum", "2023-01-20", "--aenderung", "2:2025-10:35", "--von", "2025-08",
                 "--bis", "2025-10")
    assert result.exit_code == 2 and "child 2" in result.output
    assert run("fee", *KOELN, "--geburtsdatum", "2023-01-20", "--aenderung", "1:2025-10:viel", "--von", "2025-08",
               "--bis", "2025-10").exit_code == 2


def test_single_month_honours_the_end_of_care() -> None:
    result = run("fee", *KOELN, "--geburtsdatum", "2023-01-20", "--stunden", "45", "--ende", "2025-08",
                 "--stichtag", "2025-09-01")
    assert result.exit_code == 0 and "die Betreuung endete am 01.08.2025" in result.output
    assert result.output.rstrip().endswith("Monatsbeitrag: 0,00 €")


def draft(folder: Path) -> Path:
    """A draft of a new Köln Satzung from 01.08.2026 (the file in force, open-ended, overlaps it): the same
    table except ab 3 Jahre, 45 h, Stufe 4: 200.00 instead of 193.94."""
    text = (ROOT / "satzungen/koeln/2025-08.yaml").read_text(encoding="utf-8")
    assert text.count("valid_from: 2025-08-01") == 1 and text.count("193.94]") == 1
    path = folder / "entwurf.yaml"
    path.write_text(text.replace("valid_from: 2025-08-01", "valid_from: 2026-08-01").replace("193.94]", "200.00]"),
                    encoding="utf-8")
    return path


def test_a_draft_takes_over_from_its_first_day(tmp_path: Path) -> None:
    """The draft is used where it is valid, Köln's file before: Jun–Jul 2026 ab 3 Jahre, 45 h, Stufe 4 193.94
    each, Aug–Sep 2026 the draft's 200.00: 2 × 193.94 + 2 × 200.00 = 787.88."""
    result = run("fee", *KOELN, "--satzung", str(draft(tmp_path)), "--geburtsdatum", "2023-01-20", "--stunden", "45",
                 "--von", "2026-06", "--bis", "2026-09", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [m["total"] for m in data["months"]] == ["193.94", "193.94", "200.00", "200.00"]
    assert data["total"] == "787.88" and data["months"][2]["satzung"] == "koeln/entwurf"


def test_compare_prints_the_cells_that_differ_and_the_fee_under_both(tmp_path: Path) -> None:
    """Köln 2025 against the draft on 01.09.2026: ab 3 Jahre, 45 h, Stufe 4 is 193.94 now and 200.00 in the
    draft: +6.06."""
    args = ("compare", str(ROOT / "satzungen/koeln/2025-08.yaml"), str(draft(tmp_path)), "--project", str(ROOT),
            "--einkommen", "55000", "--geburtsdatum", "2023-01-20", "--stunden", "45", "--stichtag", "2026-09-01")
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "Tabellen: 1 Werte unterscheiden sich:\n  kita · ab 3 Jahre · bis 45 Std. · Stufe 4: 193,94 € → 200,00 € " \
           "(+6,06 €)\n" in result.output
    assert "Regeln: keine." in result.output
    assert "  Alt: 193,94 € (Kind 1: 193,94 €)" in result.output and "  Neu: 200,00 € (Kind 1: 200,00 €)" in result.output
    assert "  Unterschied: +6,06 €" in result.output
    data = json.loads(run(*args, "--json").output)
    assert data["household"]["difference"] == "6.06"
    assert data["cells"] == [{"kind": "cell", "table": "kita", "group": "ab 3 Jahre", "column": "bis 45 Std.",
                              "stufe": "4", "old": "193.94", "new": "200.00"}]


def test_compare_says_when_a_satzung_is_applied_outside_its_period(tmp_path: Path) -> None:
    result = run("compare", str(ROOT / "satzungen/koeln/2025-08.yaml"), str(draft(tmp_path)), "--project", str(ROOT),
                 "--einkommen", "55000", "--geburtsdatum", "2023-01-20", "--stunden", "45", "--stichtag", "2025-09-01")
    assert "Zum Vergleich angewandt, obwohl die Satzung am 01.09.2025 nicht gilt." in result.output


# --- messages ------------------------------------------------------------------------------------------------


def test_json_numbers_the_bracket_as_the_satzung_does() -> None:
    """Köln, 55,000 EUR: "Stufe 4" in the Satzung, and `stufe: 4`, `column: 3` (45 h) in --json."""
    result = run("fee", *KOELN, "--geburtsdatum", "2023-05-10", "--stunden", "45", "--stichtag", "2025-09-01", "--json")
    child = json.loads(result.output)["children"][0]
    assert (child["stufe"], child["column"]) == (4, 3) and "bracket" not in child


def test_errors_in_json_follow_the_language() -> None:
    args = ("fee", *KOELN, "--geburtsdatum", "2023-05-10", "--stunden", "50", "--stichtag", "2025-09-01", "--json")
    assert json.loads(run(*args).output)["error"]["message"].startswith("Kind 1: 50 Wochenstunden")
    assert json.loads(run(*args, "--lang", "en").output)["error"]["message"].startswith("child 1: 50 hours")


def test_siblings_of_the_wrong_shape_are_told_in_our_words() -> None:
    found = [d for d in diagnostics("siblings: kita\n") if d.code == "SATZUNG_003"]
    assert found[0].message == "`siblings` must be a mapping of `key: value` lines (found `kita`)"
    assert "instance of" not in found[0].message


def test_umlauts_suggest_the_spelled_out_id() -> None:
    body = """\
age_groups:
  paragraph: § 3
  switch: month_after_birthday
  groups: [{id: u3, label: unter 3, below_years: 3}, {id: ue3, label: ab 3, from_years: 3}]
tables:
  - {id: kita, care_type: kita, paragraph: A, source: S1, boundaries: upper_inclusive, age_groups: [u3, ue3],
     rows: [{to: null, fees: {u3: 1, ue3: 1, ü3: 1}}]}
"""
    hint = next(d.hint for d in diagnostics(body) if d.code == "SATZUNG_010")
    assert hint == "did you mean `ue3`? (ids write ä, ö, ü, ß as ae, oe, ue, ss)"


def test_a_gap_of_one_euro_suggests_whole_euros() -> None:
    body = """\
tables:
  - {id: ogs, care_type: ogs, paragraph: A, source: S1, boundaries: upper_inclusive,
     rows: [{to: 36000, fee: 0}, {from: 36001, to: 43000, fee: 10}, {from: 43001, to: null, fee: 20}]}
"""
    gap = next(d for d in diagnostics(body) if d.code == "SATZUNG_005")
    assert "`boundaries: whole_euros`" in (gap.hint or "")


def test_a_thousands_dot_read_as_decimals_is_explained() -> None:
    body = """\
tables:
  - {id: ogs, care_type: ogs, paragraph: A, source: S1, boundaries: whole_euros,
     rows: [{to: 36000, fee: 0}, {from: 36.001, to: null, fee: 10}]}
"""
    assert "SATZUNG_003" not in [d.code for d in diagnostics(body)]  # one error, the rule of issue 19
    found = next(d for d in diagnostics(body) if d.code == "SATZUNG_024")
    assert found.message == "`36.001` is written in German number format"
    assert "did you mean `36001`?" in (found.hint or "")


def test_fmt_diff_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "satzungen" / "test"
    folder.mkdir(parents=True)
    path = folder / "2025-08.yaml"
    text = ("jugendamt: J\ntitle: T\nvalid_from: 2025-08-01\n"
            "sources: [{id: S1, url: 'https://x', reliability: primary}]\n")
    path.write_text(text, encoding="utf-8")
    result = run("fmt", "--diff", str(path))
    assert result.exit_code == 0, result.output
    assert "+title: T" in result.output and "-title: T" in result.output
    assert path.read_text(encoding="utf-8") == text
    assert "1 von 1 Datei würde umformatiert." in result.output  # editors read German by default (--lang en)


def test_the_reference_lists_what_a_cell_may_be() -> None:
    page = (ROOT / "docs/reference/satzung.md").read_text(encoding="utf-8")
    cells = page[page.index("### Cells"):]
    assert "One of: list of [Amount](#type-amount), [Amount](#type-amount), `null`." in cells.split("###")[1]
    assert "One of: ." not in page


def test_every_engine_message_is_in_german_and_english() -> None:
    """Each error the engine raises (its code, or the template it names) and each step it explains has a German
    and an English text in the catalogue."""
    import re

    from kitaforms.satzung.explain import DETAIL_MESSAGES, ERRORS, FEATURE_MESSAGES, MESSAGES

    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src/kitaforms/satzung").glob("*.py"))
    raised = set(re.findall(r'Fee(?:InputError|NotDetermined)\(\s*"(\w+)"', sources))
    raised |= set(re.findall(r'template="(\w+)"', sources))
    assert raised and set(ERRORS["de"]) == set(ERRORS["en"]) and raised <= set(ERRORS["de"])
    for table in (MESSAGES, FEATURE_MESSAGES, DETAIL_MESSAGES):
        assert set(table["de"]) == set(table["en"])
    steps = set(re.findall(r'trace\.add\(\s*"(\w+)"', sources))
    assert steps <= set(MESSAGES["de"]) | set(FEATURE_MESSAGES["de"]) | set(DETAIL_MESSAGES["de"])
