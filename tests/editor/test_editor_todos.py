"""`kitaforms init --from koeln`: nothing of Köln goes live unnoticed.

Everything `init` takes over that is local (settings, code lists, legal bases, every change, the Satzung) or
could not know (contacts, facilities) carries a `# kitaforms: todo TODO_00x` mark; `validate --strict` lists
each one, located at its mark, until the editor has replaced the item and deleted the mark.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from editor_support import REPO, mini_project, run

from kitaforms.load.yaml_source import load_file

MARK = re.compile(r"^\s*# kitaforms: todo (TODO_\d{3})")
OWN = "forms/musterhausen"


@pytest.fixture(scope="module")
def from_koeln(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the NRW forms and Köln, and Musterhausen made from Köln by `init --from koeln`."""
    root = tmp_path_factory.mktemp("todo") / "p"
    for place in ("forms/nrw", "forms/koeln", "satzungen/koeln"):
        shutil.copytree(REPO / place, root / place)
    result = run(["init", "musterhausen", "--ags", "05999123", "--name", "Gemeinde Musterhausen", "--from", "koeln"],
                 root)
    assert result.exit_code == 0, result.output
    return root


def strict_report(root: Path) -> tuple[int, list[dict[str, object]]]:
    result = run(["validate", "--strict", "--lang", "en", "--format", "json", OWN], root)
    return result.exit_code, json.loads(result.output)["diagnostics"]


def marks(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, found.group(1)) for number, line in enumerate(lines, 1) if (found := MARK.match(line))]


def test_every_local_item_of_koeln_is_a_todo_located_at_its_mark(from_koeln: Path) -> None:
    exit_code, found = strict_report(from_koeln)
    assert exit_code == 1
    todos = {(d["file"], d["line"], d["code"]) for d in found if str(d["code"]).startswith("TODO_")}
    written = {(path.relative_to(from_koeln).as_posix(), line, code)
               for folder in ("forms/musterhausen", "satzungen/musterhausen")
               for path in sorted((from_koeln / folder).glob("*.yaml")) for line, code in marks(path)}
    assert todos == written
    assert {code for _, _, code in todos} == {f"TODO_{n:03d}" for n in range(2, 12)}
    assert {d["code"] for d in found} - {code for _, _, code in todos} == {"FORM_027"}  # the statement's date


@pytest.mark.parametrize("form", ["anmeldung", "einkommen"])
def test_each_setting_block_code_list_legal_basis_and_change_has_its_own_mark(from_koeln: Path, form: str) -> None:
    source = load_file(REPO / "forms" / "koeln" / f"{form}.yaml").data
    expected = (("settings" in source) + len(source.get("code_lists", {})) + ("bezug" in source)
                + len(source.get("changes", [])))
    assert len(marks(from_koeln / OWN / f"{form}.yaml")) == expected


def test_the_kinds_name_what_was_copied(from_koeln: Path) -> None:
    _, found = strict_report(from_koeln)
    by_code = {str(d["code"]): str(d["message"]) for d in found}
    assert "Postleitzahl" in by_code["TODO_007"] and "kind.plz" in by_code["TODO_007"]
    assert "Mein Kind wohnt in Köln" in by_code["TODO_008"]
    assert "nennen Köln" in by_code["TODO_006"]
    assert by_code["TODO_003"].startswith("to do: ") and "sample_data: false" in by_code["TODO_003"]
    hints = {str(d["code"]): str(d["hint"]) for d in found}
    assert hints["TODO_007"] == "write your own postcodes into the rule or delete the change; then delete this line"


def test_sample_data_stays_marked_and_koeln_is_not_copied_where_it_is_shown(from_koeln: Path) -> None:
    catalogue = (from_koeln / OWN / "einrichtungen.yaml").read_text(encoding="utf-8")
    assert "sample_data: true" in catalogue and "Beispiel" in catalogue
    assert not (from_koeln / OWN / "vergabe.yaml").exists()
    satzungen = sorted(p.name for p in (from_koeln / "satzungen/musterhausen").glob("*.yaml"))
    assert satzungen == ["2025-08.yaml"]  # the Satzung in force, not Köln's history
    satzung = load_file(from_koeln / "satzungen/musterhausen/2025-08.yaml").data
    assert satzung["jugendamt"] == "Gemeinde Musterhausen" and satzung["title"].startswith("Entwurf:")


def test_fee_of_the_new_kommune_does_not_name_koeln_and_says_it_is_a_template(from_koeln: Path) -> None:
    result = run(["fee", "musterhausen", "--einkommen", "52000", "--stunden", "35", "--geburtsdatum", "2023-05-10",
                  "--stichtag", "2026-01-15"], from_koeln)
    assert result.exit_code == 0, result.output
    assert "Köln" not in result.output and "Cologne" not in result.output
    assert result.output.startswith("satzungen/musterhausen/2025-08.yaml:")  # the to-do, on stderr, first
    assert "TODO_011" in result.output and "Gemeinde Musterhausen · satzungen/musterhausen/2025-08.yaml" in result.output


def test_strict_validation_passes_once_every_todo_is_done(from_koeln: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(from_koeln, root)
    done = {
        f"{OWN}/kommune.yaml": [(".example", ".de"), ("# barrierefreiheit_stand:", "barrierefreiheit_stand:")],
        f"{OWN}/einrichtungen.yaml": [("sample_data: true", "sample_data: false"),
                                      ("Beispiel-Kita (bitte ersetzen)", "Kita Sonnenschein"), ('"00000"', '"59999"')],
        f"{OWN}/anmeldung.yaml": [('"50667"', '"59990"'), ('"51149"', '"59999"'), ("Köln", "Musterhausen"),
                                  ("Cologne", "Musterhausen")],
        f"{OWN}/einkommen.yaml": [("Stadt Köln", "Gemeinde Musterhausen"), ("Köln", "Musterhausen"),
                                  ("Cologne", "Musterhausen"), ("stadt-koeln.de", "musterhausen.de")],
        "satzungen/musterhausen/2025-08.yaml": [("Entwurf: ", ""), (" (Vorlage, Zahlen noch nicht geprüft)", "")],
    }
    for place, replacements in done.items():
        path = root / place
        text = "".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                       if not MARK.match(line))
        for old, new in replacements:
            assert old in text, (place, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    exit_code, found = strict_report(root)
    assert (exit_code, found) == (0, [])


def test_the_copied_files_are_formatted_and_keep_their_marks(from_koeln: Path) -> None:
    assert run(["fmt", "--check", OWN, "satzungen/musterhausen"], from_koeln).exit_code == 0
    copied = (from_koeln / OWN / "anmeldung.yaml").read_text(encoding="utf-8").splitlines()
    assert copied[1].startswith("# Kopiert von `kitaforms init --from koeln` aus forms/koeln/anmeldung.yaml")
    assert "Köln's adaptation" not in "\n".join(copied)  # Köln's own header (its sources) is not copied
    assert "wohnsitz_musterhausen" in "\n".join(copied)  # ids named after Köln are renamed


def test_a_mark_left_in_place_keeps_failing_strict(from_koeln: Path) -> None:
    relaxed = run(["validate", "--lang", "en", OWN], from_koeln)
    assert relaxed.exit_code == 0  # marks are warnings: the preview keeps working
    assert "warning TODO_007" in relaxed.output


def test_a_fresh_kommune_marks_its_placeholders(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    run(["init", "neustadt", "--ags", "05999001"], root)
    result = run(["validate", "--strict", "--lang", "en", "forms/neustadt"], root)
    codes = re.findall(r"^forms/neustadt/(\S+?):\d+:\d+: error (\w+)", result.output, re.MULTILINE)
    assert sorted(codes) == [("einrichtungen.yaml", "TODO_003"), ("kommune.yaml", "FORM_027"),
                             ("kommune.yaml", "TODO_002"), ("kommune.yaml", "TODO_002")]


@pytest.mark.parametrize(
    ("comment", "code", "message"),
    [
        ("# kitaforms: todo TODO_001 – Frist mit dem Amt klären", "TODO_001", "to do: Frist mit dem Amt klären"),
        ("# kitaforms: todo Frist klären", "TODO_001", "to do: Frist klären"),
        ("# kitaforms: todo TODO_999 – Tippfehler", "TODO_001", "to do: TODO_999 Tippfehler"),
        ("  # kitaforms: todo TODO_004 – prüfen", "TODO_004", "to do: prüfen"),
    ],
)
def test_editors_write_their_own_marks(tmp_path: Path, comment: str, code: str, message: str) -> None:
    overlay = (mini_project(tmp_path / "p") / "forms/musterstadt/anmeldung.yaml")
    overlay.write_text(overlay.read_text(encoding="utf-8").replace("settings:\n", f"{comment}\nsettings:\n"),
                       encoding="utf-8")
    result = run(["validate", "--lang", "en", "--format", "json", "forms/musterstadt"], tmp_path / "p")
    found = json.loads(result.output)["diagnostics"]
    assert [(d["code"], d["message"], d["line"], d["severity"]) for d in found] == [(code, message, 2, "warning")]
