"""A published version never changes: the build stops with BUILD_001 and names the version it needs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.export.test_build_incremental import copy_project, edit, tree

from kitaforms.cli import cli
from kitaforms.export.diff import next_version

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project", ("koeln",))
    assert CliRunner().invoke(cli, ["build", "--project", str(project), "--jobs", "1"]).exit_code == 0
    return project


def run(project: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["build", "--project", str(project), "--jobs", "1", *args])


def version_line(path: Path) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.startswith("version:"))


def published_version(project: Path) -> str:
    """The version of the base form as the repository ships it (the one the fixture built)."""
    text = (project / "forms" / "nrw" / "anmeldung.yaml").read_text("utf-8")
    return re.search(r"(?m)^version: ([0-9.]+)$", text).group(1)  # type: ignore[union-attr]


def folder(project: Path, version: str) -> Path:
    return project / "exports" / "05315000-koeln" / "anmeldung" / version


def test_a_breaking_change_to_a_published_version_stops_the_build(project: Path) -> None:
    before = tree(project / "exports")
    overlay = project / "forms" / "koeln" / "anmeldung.yaml"
    edit(overlay, "changes:\n", "changes:\n  - set: bemerkungen\n    properties: {required: true}\n")

    result = run(project)

    assert result.exit_code == 1
    base = "forms/nrw/anmeldung.yaml"
    assert f"{base}:{version_line(project / base)}:" in result.output
    version = published_version(project)
    assert "BUILD_001" in result.output and f"version {version} of `anmeldung`" in result.output
    assert "breaking" in result.output and f"version: {next_version(version, 'major')}" in result.output
    assert "forms/koeln/anmeldung.yaml" in result.output  # where a Kommune-only change gets its version
    assert tree(project / "exports") == before, "nothing may be written"
    assert run(project, "--check").exit_code == 1


def test_with_the_version_it_asked_for_the_build_goes_through_and_keeps_the_old_release(project: Path) -> None:
    version = published_version(project)
    major = next_version(version, "major")
    published = tree(folder(project, version))
    overlay = project / "forms" / "koeln" / "anmeldung.yaml"
    edit(overlay, "changes:\n", f"version: {major}\n\nchanges:\n  - set: bemerkungen\n    properties: {{required: true}}\n")

    assert run(project).exit_code == 0

    assert tree(folder(project, version)) == published
    assert (folder(project, major) / "schema.json").is_file()
    assert run(project, "--check").exit_code == 0


def test_a_text_change_asks_for_a_patch_version(project: Path) -> None:
    overlay = project / "forms" / "koeln" / "anmeldung.yaml"
    edit(overlay, "Sie können bis zu 5 Wünsche", "Sie können höchstens 5 Wünsche")
    result = run(project)
    assert result.exit_code == 1
    assert f"version: {next_version(published_version(project), 'patch')}" in result.output, result.output


def test_the_assistant_may_be_rebuilt_within_a_version(project: Path) -> None:
    kommune = project / "forms" / "koeln" / "kommune.yaml"
    edit(kommune, 'primary: "#b3001b"', 'primary: "#9a0017"')
    result = run(project)
    assert result.exit_code == 0, result.output
    theme = folder(project, published_version(project)) / "assistant" / "assets" / "theme.css"
    assert "#9a0017" in theme.read_text("utf-8")


def test_a_new_file_of_the_assistant_may_join_a_published_version(project: Path) -> None:
    """A version published before the assistant had a file (as 3.0.0 before kitaforms-head.js) takes it."""
    published = folder(project, published_version(project))
    manifest_path = published / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    added = "assistant/assets/kitaforms-head.js"
    manifest["files"] = [entry for entry in manifest["files"] if entry["path"] != added]
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (published / added).unlink()
    assert run(project, "--check", "--no-cache").exit_code == 1, "the folder lacks a file the build writes"

    result = run(project, "--no-cache")

    assert result.exit_code == 0, result.output
    assert (published / added).is_file()
    assert added in (published / "manifest.json").read_text("utf-8")


def test_a_damaged_copy_is_repaired_not_refused(project: Path) -> None:
    schema = folder(project, published_version(project)) / "schema.json"
    original = schema.read_bytes()
    schema.write_text("{}", encoding="utf-8")
    assert run(project, "--check", "--no-cache").exit_code == 1
    assert run(project, "--no-cache").exit_code == 0
    assert schema.read_bytes() == original
