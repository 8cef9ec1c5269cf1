"""`kitaforms diff OLD NEW`: breaking vs compatible changes and the version rule."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from kitaforms.cli import cli
from kitaforms.compiler import compile_project
from kitaforms.export._json import loads
from kitaforms.export.bundle import build_bundles
from kitaforms.export.diff import BREAKING, COMPATIBLE, diff_bundles

from .conftest import PROJECTS

FORM = "forms/nrw/antrag.yaml"
FOLDER = "05999001-teststadt/antrag"


def _build(tmp_path: Path, name: str, edit=None) -> Path:  # type: ignore[no-untyped-def]
    project = tmp_path / name
    shutil.copytree(PROJECTS["allfields"], project, ignore=shutil.ignore_patterns("exports"))
    if edit:
        path = project / FORM
        path.write_text(edit(path.read_text("utf-8")), "utf-8")
    result = compile_project(project)
    assert result.ok(), [str(d) for d in result.diagnostics.sorted()]
    files = build_bundles(result)
    (version,) = {p.parts[2] for p in files if len(p.parts) > 3 and p.parts[1] == "antrag"}
    for path, content in files.items():
        (project / "exports" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "exports" / path).write_bytes(content)
    return project / "exports" / FOLDER / version


def _report(old: Path, new: Path):  # type: ignore[no-untyped-def]
    read = lambda folder: (loads((folder / "manifest.json").read_bytes()), loads((folder / "schema.json").read_bytes()))  # noqa: E731
    return diff_bundles(*read(old), *read(new))


def _bump(version: str):  # type: ignore[no-untyped-def]
    return lambda text: text.replace("version: 2.1.0", f"version: {version}")


def _and(*edits):  # type: ignore[no-untyped-def]
    def apply(text: str) -> str:
        for edit in edits:
            text = edit(text)
        return text
    return apply


def test_identical_bundles_have_no_changes(tmp_path: Path) -> None:
    old = _build(tmp_path, "a")
    report = _report(old, old)
    assert report.changes == [] and report.errors == []


def test_removing_a_field_is_breaking_and_needs_a_major_version(tmp_path: Path) -> None:
    old = _build(tmp_path, "old")
    remove = lambda t: t.replace("      - id: telefon\n        type: tel\n        label: {de: Telefon, en: Telephone}\n", "")  # noqa: E731
    minor = _build(tmp_path, "minor", _and(remove, _bump("2.2.0")))
    report = _report(old, minor)
    assert [(c.kind, c.path, c.what) for c in report.breaking] == [(BREAKING, "telefon", "field removed")]
    assert report.errors and "3.0.0" in report.errors[0]
    major = _build(tmp_path, "major", _and(remove, _bump("3.0.0")))
    assert _report(old, major).errors == []


def test_adding_an_optional_field_and_a_code_is_compatible(tmp_path: Path) -> None:
    old = _build(tmp_path, "old")
    add = lambda t: t.replace(  # noqa: E731
        "      - id: telefon\n", "      - id: fax\n        type: tel\n        label: {de: Fax, en: Fax}\n      - id: telefon\n"
    ).replace("    - {code: spaet, label: {de: Spätdienst, en: Late care}}\n",
              "    - {code: spaet, label: {de: Spätdienst, en: Late care}}\n    - {code: ferien, label: {de: Ferien, en: Holidays}}\n")
    new = _build(tmp_path, "new", _and(add, _bump("2.2.0")))
    report = _report(old, new)
    assert report.breaking == []
    whats = {(c.path, c.what) for c in report.compatible}
    assert ("fax", "optional field added") in whats
    assert ("zusatz", "codes added: ferien") in whats
    assert report.errors == []
    same_version = _build(tmp_path, "same", add)
    assert _report(old, same_version).errors, "a schema change needs a new version"


def test_narrowing_and_new_requirements_are_breaking(tmp_path: Path) -> None:
    old = _build(tmp_path, "old")
    narrow = lambda t: (t.replace("max_length: 80", "max_length: 40")  # noqa: E731
                        .replace("      - id: telefon\n        type: tel\n", "      - id: telefon\n        type: tel\n        required: true\n")
                        .replace("    - {code: frueh, label: {de: Frühdienst, en: Early care}}\n", ""))
    new = _build(tmp_path, "new", _and(narrow, _bump("2.2.0")))
    report = _report(old, new)
    whats = {(c.path, c.what) for c in report.breaking}
    assert ("bisherige_einrichtung", "maxLength 80 → 40") in whats
    assert ("telefon", "now required") in whats
    assert ("zusatz", "codes removed: frueh") in whats
    assert report.errors


def test_a_new_condition_is_breaking(tmp_path: Path) -> None:
    old = _build(tmp_path, "old")
    condition = lambda t: t.replace(  # noqa: E731
        "      - id: telefon\n        type: tel\n", "      - id: telefon\n        type: tel\n        required_if: alleinerziehend\n")
    new = _build(tmp_path, "new", _and(condition, _bump("3.0.0")))
    report = _report(old, new)
    assert any("conditional requirement added" in c.what and "telefon" in c.what for c in report.breaking)
    assert report.errors == []


def test_label_changes_are_compatible(tmp_path: Path) -> None:
    old = _build(tmp_path, "old")
    new = _build(tmp_path, "new", lambda t: t.replace("{de: Telefon, en: Telephone}", "{de: Telefonnummer, en: Phone number}"))
    report = _report(old, new)
    assert report.breaking == [] and [c.kind for c in report.compatible] == [COMPATIBLE]
    assert report.errors == [], "text-only changes may keep the version"


def test_diff_command(tmp_path: Path) -> None:
    old = _build(tmp_path, "old")
    remove = lambda t: t.replace("      - id: telefon\n        type: tel\n        label: {de: Telefon, en: Telephone}\n", "")  # noqa: E731
    new = _build(tmp_path, "new", _and(remove, _bump("2.2.0")))
    result = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert result.exit_code == 1
    assert "Breaking changes: 1" in result.output and "telefon: field removed" in result.output
    assert "error:" in result.output
    as_json = CliRunner().invoke(cli, ["diff", "--format", "json", str(old), str(new)])
    assert '"ok": false' in as_json.output
    fine = CliRunner().invoke(cli, ["diff", str(old), str(old)])
    assert fine.exit_code == 0 and "fits" in fine.output
    assert CliRunner().invoke(cli, ["diff", str(tmp_path), str(old)]).exit_code == 2
