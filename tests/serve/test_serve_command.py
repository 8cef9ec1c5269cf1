"""`kitaforms serve` hands its options to the server processes (through the environment uvicorn's
factory reads): the project folder reaches them, so fee notices and contracts can be made."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kitaforms.cli import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def started(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    import uvicorn

    seen: dict[str, Any] = {}

    def run(app: Any, **options: Any) -> None:
        seen.update(options, app=app, project=os.environ.get("KITAFORMS_PROJECT"))

    monkeypatch.setattr(uvicorn, "run", run)
    for name in ("KITAFORMS_PROJECT", "KITAFORMS_EXPORTS", "KITAFORMS_DB", "KITAFORMS_FORM_LIMIT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KITAFORMS_ADMIN_TOKEN", "t" * 40)
    return seen


def test_the_project_folder_reaches_the_server(started: dict[str, Any], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--exports", str(ROOT / "exports"), "--project", str(ROOT),
                                      "--db", str(tmp_path / "s.sqlite3")])
    assert result.exit_code == 0, result.output
    assert started["app"] == "kitaforms.serve.factory:app_from_environment"
    assert started["project"] == str(ROOT)


def test_a_folder_without_definitions_is_not_passed_on(started: dict[str, Any], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--exports", str(ROOT / "exports"), "--project", str(tmp_path),
                                      "--db", str(tmp_path / "s.sqlite3")])
    assert result.exit_code == 0, result.output
    assert started["project"] is None
