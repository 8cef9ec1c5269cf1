"""Validating a Kommune reports every problem its overlay causes, blamed on the overlay line.

When a change breaks the NRW base form (an inserted id the base has too, a removed field base conditions
use), the problem shows in the base file; `kitaforms validate forms/<kommune>` must still report it, at the
overlay's line, with a note for each place it shows in the base.
"""

from __future__ import annotations

import json
from pathlib import Path

from editor_support import mini_project, run

OVERLAY = "forms/musterstadt/anmeldung.yaml"
BASE = "forms/nrw/anmeldung.yaml"
BREAKING = """\
extends: anmeldung
changes:
  - insert_after: sorgerecht
    elements:
      - id: getrennt_lebend
        type: text
        label: {de: Doppelt, en: Twice}
  - remove: sorgerecht
"""


def report(root: Path, *paths: str, lang: str = "en") -> list[dict[str, object]]:
    result = run(["validate", "--lang", lang, "--format", "json", *paths], root)
    return json.loads(result.output)["diagnostics"]


def test_the_kommune_folder_reports_what_its_overlay_breaks_in_the_base_form(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p", {OVERLAY: BREAKING})
    found = report(root, "forms/musterstadt")
    assert [(d["code"], d["file"], d["line"], d["column"]) for d in found] == [
        ("FORM_004", OVERLAY, 5, 13),  # the inserted id
        ("EXPR_002", OVERLAY, 8, 13),  # the `remove:` that takes away what base conditions use
    ]
    duplicate, removed = found
    assert duplicate["message"] == f"the id `getrennt_lebend` is used twice (in {BASE}, caused by this line)"
    assert duplicate["hint"] == "give the element you insert another id: the NRW form has one with this id (see the note)"
    assert [(n["file"], n["line"]) for n in duplicate["notes"]] == [(BASE, 39)]
    assert removed["message"] == f"unknown field sorgerecht (in {BASE}, caused by this line)"
    assert removed["hint"] == ('the NRW form still uses `sorgerecht`: instead of removing it, hide it: '
                               '`- set: sorgerecht` with `properties: {visible_if: "false"}`')
    assert [(n["file"], n["line"], n["message"]) for n in removed["notes"]] == [
        (BASE, 42, "shows here in the NRW form"), (BASE, 46, "shows here in the NRW form"),
    ]


def test_the_whole_project_reports_the_same_at_the_overlay_not_in_the_base_file(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p", {OVERLAY: BREAKING})
    everything = report(root)
    assert {d["file"] for d in everything} == {OVERLAY}
    assert report(root, BASE) == []  # the NRW file itself is fine


def test_the_text_report_shows_the_base_line_under_the_note(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p", {OVERLAY: BREAKING})
    output = run(["validate", "--lang", "en", "forms/musterstadt"], root).output
    assert (f"   = note: {BASE}:42:21: shows here in the NRW form\n"
            '     42 |         visible_if: sorgerecht == "gemeinsam"\n') in output
    german = run(["validate", "forms/musterstadt"], root).output
    assert f"   = Anmerkung: {BASE}:42:21: zeigt sich hier im NRW-Formular" in german
    assert "unbekanntes Feld sorgerecht (in forms/nrw/anmeldung.yaml, verursacht durch diese Zeile)" in german


def test_a_setting_and_a_code_list_that_break_the_base_are_blamed_on_themselves(tmp_path: Path) -> None:
    overlay = "extends: anmeldung\nsettings:\n  max_wuensche: 0\ncode_lists:\n  sorgerecht:\n" \
              "    - {code: allein, label: {de: Allein, en: Sole}}\n"
    root = mini_project(tmp_path / "p", {OVERLAY: overlay})
    found = report(root, "forms/musterstadt")
    assert [(d["code"], d["file"], d["line"]) for d in found] == [("FORM_016", OVERLAY, 3), ("EXPR_006", OVERLAY, 5)]
    assert [n["line"] for n in found[0]["notes"]] == [71]  # `wuensche`: max_picks: {setting: max_wuensche}
    assert [n["line"] for n in found[1]["notes"]] == [42, 46]  # sorgerecht == "gemeinsam"


def test_a_kommune_folder_also_selects_its_satzungen(tmp_path: Path) -> None:
    satzung = "# kitaforms: todo TODO_011 – Vorlage\ntitle: Entwurf\njugendamt: Musterstadt\nvalid_from: null\n" \
              "sources:\n  - {id: S1, url: 'https://example.org', reliability: primary}\n"
    root = mini_project(tmp_path / "p", {"satzungen/musterstadt/entwurf.yaml": satzung})
    assert [(d["code"], d["file"]) for d in report(root, "forms/musterstadt")] == [
        ("TODO_011", "satzungen/musterstadt/entwurf.yaml"),
    ]
