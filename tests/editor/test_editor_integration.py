"""Editor integration: modelines in every shipped file, schemas up to date, VS Code and pre-commit wiring."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from editor_support import REPO
from ruamel.yaml import YAML

from kitaforms.cli import cli
from kitaforms.editor.files import definition_targets
from kitaforms.editor.kinds import modeline
from kitaforms.editor_schemas import editor_models, editor_schema, project_base_forms

SHIPPED = [t for t in definition_targets([REPO / d for d in ("forms", "satzungen") if (REPO / d).is_dir()])]


@pytest.mark.parametrize("target", SHIPPED, ids=[t.display for t in SHIPPED])
def test_every_shipped_file_starts_with_its_schema_modeline(target) -> None:  # type: ignore[no-untyped-def]
    assert target.kind is not None, f"{target.display} is not a known kind of definition file"
    first = target.path.read_text(encoding="utf-8").splitlines()[0]
    assert first == modeline(target.kind, target.path, target.root), "run `kitaforms fmt` to add or fix it"


def test_the_committed_schemas_are_up_to_date() -> None:
    stale = []
    base_forms = project_base_forms(REPO)  # the overlay schema completes the project's NRW forms
    for kind, model in editor_models().items():
        path = REPO / "schemas" / f"{kind}.schema.json"
        wanted = json.dumps(editor_schema(kind, model, base_forms, REPO), ensure_ascii=False, indent=2) + "\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != wanted:
            stale.append(path.name)
    assert stale == [], f"run `kitaforms schema --out schemas`: {stale}"


def _commands(entry: str) -> str:
    parts = entry.split()
    assert parts[0] == "kitaforms", entry
    assert parts[1] in cli.commands, f"`{entry}` names no kitaforms command"
    return parts[1]


def test_pre_commit_hooks_run_kitaforms_commands_on_definition_files() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert {"kitaforms-validate", "kitaforms-fmt", "kitaforms-fmt-check", "kitaforms-lint"} <= set(by_id)
    for hook in hooks:
        _commands(hook["entry"])
        assert hook["language"] == "python"
        assert re.search(hook["files"], "forms/koeln/anmeldung.yaml")
    assert re.search(by_id["kitaforms-validate"]["files"], "satzungen/koeln/2025-08.yaml")
    assert not re.search(by_id["kitaforms-validate"]["files"], "src/kitaforms/cli/__init__.py")
    assert by_id["kitaforms-validate"]["pass_filenames"] is False


def test_vscode_maps_every_kind_to_its_schema_and_recommends_the_yaml_extension() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = {Path(schema).name for schema in settings["yaml.schemas"]}
    assert {f"{kind}.schema.json" for kind in editor_models()} <= mapped
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_vscode_tasks_run_kitaforms_and_match_its_problem_lines() -> None:
    tasks = json.loads((REPO / ".vscode" / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    commands = {_commands(task["command"]) for task in tasks}
    assert {"validate", "lint", "fmt", "serve"} <= commands
    validate = next(task for task in tasks if task["command"] == "kitaforms validate")
    pattern = validate["problemMatcher"]["pattern"]
    match = re.match(pattern["regexp"], "forms/koeln/anmeldung.yaml:18:22: warning LINT_004: `x` is required only")
    assert match and match.group(pattern["file"]) == "forms/koeln/anmeldung.yaml" and match.group(pattern["line"]) == "18"


def test_the_editor_guide_walks_through_init_validate_serve_and_a_label_change() -> None:
    guide = (REPO / "docs" / "editor-setup.md").read_text(encoding="utf-8")
    positions = [guide.index(text) for text in ("kitaforms init", "kitaforms validate", "kitaforms serve --dev",
                                                "- set: kind.vorname", "Step 5 — save")]
    assert positions == sorted(positions)
