"""Completion as editors get it: yaml-language-server (the engine of VS Code's YAML extension, from
node_modules, `make node-deps`) with the committed overlay schema, at the cursor inside `set … properties`,
in `settings` and on a `set:` target; and no diagnostics on any shipped overlay.

The language server is driven as a library by tests/editor/yaml_language_server.mjs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from typing import Any

import pytest
from editor_support import REPO

from kitaforms.editor.files import definition_targets

DRIVER = REPO / "tests" / "editor" / "yaml_language_server.mjs"
SCHEMA = REPO / "schemas" / "overlay.schema.json"
CURSOR = "‸"
OVERLAYS = [t for t in definition_targets([REPO / "forms"]) if t.kind == "overlay"]

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (REPO / "node_modules" / "yaml-language-server").is_dir(),
    reason="yaml-language-server is not installed (run `make node-deps`)",
)


def _run(cases: list[dict[str, Any]], validate: list[dict[str, Any]]) -> dict[str, Any]:
    payload = json.dumps({"schema": str(SCHEMA), "cases": cases, "validate": validate})
    done = subprocess.run(["node", str(DRIVER)], input=payload, capture_output=True, text=True, cwd=REPO, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _case(text: str, name: str = "anmeldung") -> dict[str, Any]:
    before = text[: text.index(CURSOR)]
    line = before.count("\n")
    return {"uri": f"file:///project/forms/musterstadt/{name}.yaml", "text": text.replace(CURSOR, ""),
            "line": line, "character": len(before) - (before.rfind("\n") + 1)}


TEXTS = {
    "date": "extends: anmeldung\nchanges:\n  - set: kind.geburtsdatum\n    properties:\n      ‸\n",
    "choice": "extends: anmeldung\nchanges:\n  - set: betreuungsart\n    properties:\n      ‸\n",
    "integer": "extends: anmeldung\nchanges:\n  - set: tagespflege_stunden\n    properties:\n      m‸\n",
    "step": "extends: anmeldung\nchanges:\n  - set: kind_angaben\n    properties:\n      ‸\n",
    "new": "extends: anmeldung\nchanges:\n  - set: neues_feld\n    properties:\n      ‸\n",
    "settings": "extends: anmeldung\nsettings:\n  ‸\nchanges: []\n",
    "income_settings": ("extends: einkommen\nsettings:\n  e‸\n", "einkommen"),
    "target": "extends: anmeldung\nchanges:\n  - set: kind.‸\n",
}


@cache
def completions() -> dict[str, set[str]]:
    cases = [_case(*value) if isinstance(value, tuple) else _case(value) for value in TEXTS.values()]
    found = _run(cases, [])["completions"]
    return {name: set(labels) for name, labels in zip(TEXTS, found, strict=True)}


def test_inside_properties_of_a_date_field_the_keys_of_a_date_field() -> None:
    offered = completions()["date"]
    assert {"label", "hint", "required", "required_if", "visible_if", "validations", "default"} <= offered
    assert not {"options", "code_list", "minimum", "id", "type", "elements", "title"} & offered


def test_inside_properties_of_a_choice_its_options() -> None:
    assert {"options", "code_list", "widget", "required"} <= completions()["choice"]


def test_inside_properties_of_a_number_its_limits() -> None:
    offered = completions()["integer"]
    assert {"minimum", "maximum"} <= offered and "options" not in offered


def test_inside_properties_of_a_step_a_steps_keys() -> None:
    assert completions()["step"] == {"title", "intro", "visible_if"}


def test_inside_properties_of_a_new_target_every_kinds_keys() -> None:
    assert {"label", "options", "minimum", "title"} <= completions()["new"]


def test_in_settings_the_base_forms_settings() -> None:
    assert {"max_wuensche", "rangfolge", "tagespflege_mindeststunden"} <= completions()["settings"]
    income = completions()["income_settings"]
    assert {"elterngeld_regel", "beamte_zuschlag_prozent"} <= income and "max_wuensche" not in income


def test_on_a_set_target_the_paths_of_the_base_form() -> None:
    assert {"kind.geburtsdatum", "kind.vorname", "kind.plz"} <= completions()["target"]


def test_no_shipped_overlay_gets_a_diagnostic() -> None:
    files = [{"uri": t.path.as_uri(), "text": t.path.read_text(encoding="utf-8")} for t in OVERLAYS]
    found = _run([], files)["diagnostics"]
    problems = {t.display: messages for t, messages in zip(OVERLAYS, found, strict=True) if messages}
    assert problems == {}
