"""`kitaforms init`: a new Kommune that validates at once; ids and AGS checked; nothing overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_support import mini_project, run, uncomment_label_example

from kitaforms.compiler import compile_project
from kitaforms.editor.kinds import is_modeline
from kitaforms.editor.scaffold import ScaffoldError, check_arguments


def test_init_scaffolds_a_kommune_that_validates(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    result = run(["init", "neustadt", "--ags", "05999001", "--name", "Stadt Neustadt"], root)
    assert result.exit_code == 0, result.output
    created = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml") if "neustadt" in p.parts)
    assert created == [
        "forms/neustadt/anmeldung.yaml", "forms/neustadt/einrichtungen.yaml", "forms/neustadt/kommune.yaml",
        "satzungen/neustadt/entwurf.yaml",
    ]
    for place in created:
        assert is_modeline((root / place).read_text(encoding="utf-8").splitlines()[0]), place
    compiled = compile_project(root)
    assert not compiled.diagnostics.errors, [str(d.location) + d.message for d in compiled.diagnostics.errors]
    assert "neustadt/anmeldung" in compiled.forms and compiled.forms["neustadt/anmeldung"].kommune.ags == "05999001"
    assert run(["validate"], root).exit_code == 0
    assert run(["fmt", "--check", "forms/neustadt", "satzungen/neustadt"], root).exit_code == 0
    assert run(["lint", "forms/neustadt"], root).exit_code == 0


def test_the_commented_label_example_works_when_uncommented(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    run(["init", "neustadt", "--ags", "05999001"], root)
    uncomment_label_example(root / "forms/neustadt/anmeldung.yaml")
    compiled = compile_project(root)
    assert not compiled.diagnostics.errors
    vorname = compiled.forms["neustadt/anmeldung"].form.steps[0].elements[0].elements[0]  # type: ignore[union-attr]
    assert vorname.label["de"] == "Vorname (geändert)"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    result = run(["init", "musterstadt", "--ags", "05999000"], root)
    assert result.exit_code == 2
    assert "forms/musterstadt already exists" in result.output
    assert not (root / "satzungen" / "musterstadt").exists()


@pytest.mark.parametrize(
    ("kommune", "ags", "message"),
    [
        ("Neu-Stadt", "05999001", "`neu_stadt`"),
        ("köln", "05315000", "`koeln`"),
        ("nrw", "05999001", "NRW base forms"),
        ("neustadt", "5999001", "8 digits"),
        ("neustadt", "0599900A", "8 digits"),
    ],
)
def test_ids_and_ags_are_checked(kommune: str, ags: str, message: str) -> None:
    with pytest.raises(ScaffoldError, match=message):
        check_arguments(kommune, ags, None)


def test_init_from_copies_overlays_and_satzung_and_renames_ids(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    run(["init", "quelle", "--ags", "05999001"], root)
    (root / "forms/quelle/anmeldung.yaml").write_text(
        "extends: anmeldung\nchanges:\n  - insert_after: kind.geburtsdatum\n    elements:\n"
        "      - {id: wohnsitz_quelle, type: boolean, label: {de: Wohnsitz, en: Residence}}\n"
        "      - {id: seit, type: date, label: {de: Seit, en: Since}, visible_if: kind.wohnsitz_quelle}\n",
        encoding="utf-8",
    )
    result = run(["init", "ziel", "--ags", "05999002", "--from", "quelle"], root)
    assert result.exit_code == 0, result.output
    copied = (root / "forms/ziel/anmeldung.yaml").read_text(encoding="utf-8")
    assert "wohnsitz_ziel" in copied and "kind.wohnsitz_ziel" in copied and "wohnsitz_quelle" not in copied
    assert is_modeline(copied.splitlines()[0]) and "--from quelle" in copied.splitlines()[1]
    assert (root / "satzungen/ziel/entwurf.yaml").is_file()
    assert not compile_project(root).diagnostics.errors


def test_init_from_an_unknown_kommune_is_a_usage_error(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    result = run(["init", "ziel", "--ags", "05999002", "--from", "nirgendwo"], root)
    assert result.exit_code == 2 and "musterstadt" in result.output
    assert not (root / "forms/ziel").exists()
