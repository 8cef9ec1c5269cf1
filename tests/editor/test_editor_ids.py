"""`kitaforms ids FORM [--kommune K]`: the ids an overlay names, with labels, types and conditions, in form order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from editor_support import REPO, mini_project, run

OVERLAY = "forms/musterstadt/anmeldung.yaml"
CHANGED = """\
extends: anmeldung
code_lists:
  sorgerecht:
    - {code: gemeinsam, label: {de: Gemeinsam, en: Joint}}
changes:
  - insert_after: kind.geburtsdatum
    elements:
      - {id: staatsangehoerigkeit, type: text, label: {de: Staatsangehörigkeit, en: Nationality}}
  - set: kind.vorname
    properties:
      hint: {de: Wie im Ausweis, en: As in the passport}
  - remove: getrennt_lebend
"""


def ids(root: Path, *args: str) -> dict[str, object]:
    result = run(["ids", "anmeldung", "--json", *args], root)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_base_form_lists_every_step_and_element_in_form_order(tmp_path: Path) -> None:
    rows = ids(mini_project(tmp_path / "p"))["elements"]
    assert [(r["path"], r["type"]) for r in rows][:5] == [
        ("kind_step", "step"), ("kind", "group"), ("kind.vorname", "text"), ("kind.geburtsdatum", "date"),
        ("eltern", "step"),
    ]
    by_path = {r["path"]: r for r in rows}
    assert by_path["kind.vorname"]["label"] == {"de": "Vorname", "en": "First name"}
    assert by_path["kind.vorname"]["required"] is True and by_path["kind.vorname"]["depth"] == 2
    assert by_path["getrennt_lebend"]["visible_if"] == 'sorgerecht == "gemeinsam"'
    assert by_path["einverstaendnis"]["required_if"] == 'sorgerecht == "gemeinsam" and getrennt_lebend'
    assert (by_path["kind.vorname"]["file"], by_path["kind.vorname"]["line"]) == ("forms/nrw/anmeldung.yaml", 20)
    assert all(r["change"] is None for r in rows)


def test_the_table_is_german_with_paths_types_labels_and_conditions(tmp_path: Path) -> None:
    output = run(["ids", "anmeldung"], mini_project(tmp_path / "p")).output
    lines = output.splitlines()
    assert lines[0] == "nrw/anmeldung: 14 Schritte und Elemente"
    assert lines[2].split() == ["Id", "(Pfad)", "Typ", "Beschriftung", "Ort", "Bedingungen"]
    vorname = next(line for line in lines if "kind.vorname" in line)
    assert vorname.split()[:3] == ["kind.vorname", "text", "Vorname"] and vorname.endswith("Pflicht")
    assert vorname.startswith("    kind.vorname")  # indented under its step and group
    assert 'sichtbar wenn: sorgerecht == "gemeinsam"' in next(line for line in lines if "getrennt_lebend" in line)
    english = run(["ids", "anmeldung", "--lang", "en"], mini_project(tmp_path / "q")).output
    assert "visible if: sorgerecht" in english and "Date of birth" in english


def test_with_a_kommune_the_resolved_form_marks_what_the_overlay_changed(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p", {OVERLAY: CHANGED})
    payload = ids(root, "--kommune", "musterstadt")
    rows = payload["elements"]
    changes = {r["path"]: (r["change"], r["changed"]) for r in rows if r["change"]}
    assert changes == {
        "kind.staatsangehoerigkeit": ("added", []),
        "kind.vorname": ("changed", ["hint"]),
        "sorgerecht": ("changed", ["code_list sorgerecht"]),
        "getrennt_lebend": ("removed", []),
    }
    paths = [r["path"] for r in rows]
    assert paths.index("getrennt_lebend") == paths.index("sorgerecht") + 1  # shown where it stood
    added = next(r for r in rows if r["path"] == "kind.staatsangehoerigkeit")
    assert (added["file"], added["line"]) == (OVERLAY, 8)
    table = run(["ids", "anmeldung", "--kommune", "musterstadt"], root).output
    assert "Änderung" in table and "entfernt" in table and "geändert (hint)" in table and " neu " in table


def test_the_real_anmeldung_of_koeln(tmp_path: Path) -> None:
    root = tmp_path / "p"
    for place in ("forms/nrw", "forms/koeln"):
        shutil.copytree(REPO / place, root / place)
    rows = {r["path"]: r for r in ids(root, "--kommune", "koeln")["elements"]}
    assert rows["kind.wohnsitz_koeln"]["change"] == "added"
    assert rows["kind.plz"]["changed"] == ["validations"]
    assert rows["wuensche"]["change"] == "changed" and "max_picks" in rows["wuensche"]["changed"]


def test_an_unknown_form_is_a_usage_error(tmp_path: Path) -> None:
    result = run(["ids", "anmeldungen"], mini_project(tmp_path / "p"))
    assert result.exit_code == 2 and "there is no resolved form `nrw/anmeldungen`" in result.output
