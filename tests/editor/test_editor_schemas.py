"""The overlay schema completes where overlays are written: targets, `set … properties` by the target's kind,
`settings`; and every shipped overlay is valid against it (jsonschema, as committed in schemas/).

`candidates` reads the schema the way yaml-language-server does for completion: at a place in the document it
follows `$ref`, every `allOf`, the `then` of each `if` the document meets, and the branches of `anyOf`/`oneOf`,
and offers the keys of their `properties` (or the values of their `enum`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from editor_support import REPO
from jsonschema import Draft202012Validator

from kitaforms.editor.files import definition_targets
from kitaforms.load.yaml_source import load_file

SCHEMA = json.loads((REPO / "schemas" / "overlay.schema.json").read_text(encoding="utf-8"))
OVERLAYS = [t for t in definition_targets([REPO / "forms"]) if t.kind == "overlay"]


# --- reading the schema as a completion engine does ----------------------------------------------------


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        pointer = node["$ref"].removeprefix("#/").split("/")
        target: Any = SCHEMA
        for part in pointer:
            target = target[part]
        node = {**{k: v for k, v in node.items() if k != "$ref"}, **target}
    return node


def _applicable(node: dict[str, Any], instance: Any) -> list[dict[str, Any]]:
    """``node`` and every subschema that applies to ``instance`` at the same place."""
    node = _resolve(node)
    found = [node]
    for sub in node.get("allOf", []):
        found += _applicable(sub, instance)
    for key in ("anyOf", "oneOf"):
        for sub in node.get(key, []):
            found += _applicable(sub, instance)
    if "if" in node and Draft202012Validator(node["if"]).is_valid(instance):
        found += _applicable(node.get("then", {}), instance)
    return found


def _child(node: dict[str, Any], key: str | int) -> list[dict[str, Any]]:
    if isinstance(key, int):
        return [node["items"]] if isinstance(node.get("items"), dict) else []
    return [node["properties"][key]] if key in node.get("properties", {}) else []


def candidates(document: dict[str, Any], path: tuple[str | int, ...]) -> set[str]:
    """The keys offered inside the mapping at ``path`` of ``document``; for a scalar place, its enum values."""
    nodes, instance = [SCHEMA], document
    for key in path:
        children = [child for node in nodes for applied in _applicable(node, instance) for child in _child(applied, key)]
        nodes, instance = children, instance[key]
    offered: set[str] = set()
    for node in nodes:
        for applied in _applicable(node, instance):
            offered |= set(applied.get("properties", {})) | {str(value) for value in applied.get("enum", [])}
    return offered


def overlay(*changes: dict[str, Any], extends: str = "anmeldung", **more: Any) -> dict[str, Any]:
    return {"extends": extends, **more, "changes": list(changes)}


# --- every shipped overlay is valid ------------------------------------------------------------------------


def test_the_schema_is_valid_json_schema_and_knows_the_shipped_base_forms() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    bases = {path.stem for path in (REPO / "forms" / "nrw").glob("*.yaml") if path.stem != "codelisten"}
    assert {f"Overlay_{base}" for base in bases} <= set(SCHEMA["$defs"])


@pytest.mark.parametrize("target", OVERLAYS, ids=[t.display for t in OVERLAYS])
def test_every_shipped_overlay_validates_against_the_overlay_schema(target: Any) -> None:
    data = load_file(target.path).data
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft202012Validator(SCHEMA).iter_errors(data)]
    assert errors == []


def test_there_are_shipped_overlays_of_every_kind_of_change() -> None:
    changes = [change for target in OVERLAYS for change in load_file(target.path).data.get("changes", [])]
    assert {key for change in changes for key in ("set", "remove", "insert_after", "insert_before") if key in change} \
        >= {"set", "insert_after"}
    assert len(OVERLAYS) >= 10


# --- completion inside `set … properties`, by the target's kind -----------------------------------------


def test_set_offers_the_paths_of_the_base_form() -> None:
    offered = candidates(overlay({"set": "", "properties": {}}), ("changes", 0, "set"))
    assert {"kind.geburtsdatum", "kind.vorname", "betreuungsart", "wuensche", "kind_angaben"} <= offered
    removed = candidates(overlay({"remove": ""}), ("changes", 0, "remove"))
    assert "kind.geschlecht" in removed


def test_properties_of_a_date_field_offer_what_a_date_has() -> None:
    offered = candidates(overlay({"set": "kind.geburtsdatum", "properties": {}}), ("changes", 0, "properties"))
    assert {"label", "hint", "help", "required", "required_if", "visible_if", "validations", "default"} <= offered
    assert not {"options", "code_list", "minimum", "max_length", "id", "type", "elements"} & offered


def test_properties_of_a_choice_offer_options_and_of_a_number_its_limits() -> None:
    choice = candidates(overlay({"set": "betreuungsart", "properties": {}}), ("changes", 0, "properties"))
    assert {"options", "code_list", "widget", "required"} <= choice
    hours = candidates(overlay({"set": "tagespflege_stunden", "properties": {}}), ("changes", 0, "properties"))
    assert {"minimum", "maximum", "unit"} <= hours and "options" not in hours
    wishes = candidates(overlay({"set": "wuensche", "properties": {}}), ("changes", 0, "properties"))
    assert {"max_picks", "min_picks", "ranking", "reasons"} <= wishes


def test_properties_of_a_step_offer_a_steps_keys() -> None:
    offered = candidates(overlay({"set": "kind_angaben", "properties": {}}), ("changes", 0, "properties"))
    assert {"title", "intro", "visible_if"} <= offered
    assert not {"label", "elements", "id"} & offered


def test_properties_of_an_unknown_target_offer_every_kinds_keys() -> None:
    offered = candidates(overlay({"set": "neues_feld", "properties": {}}), ("changes", 0, "properties"))
    assert {"label", "options", "minimum", "title", "max_picks"} <= offered
    assert not {"id", "type", "elements"} & offered


# --- completion in `settings` ------------------------------------------------------------------------------


def test_settings_offer_the_base_forms_settings() -> None:
    assert candidates(overlay(settings={}), ("settings",)) == {"max_wuensche", "rangfolge", "tagespflege_mindeststunden"}
    income = candidates(overlay(extends="einkommen", settings={}), ("settings",))
    assert {"elterngeld_regel", "beamte_zuschlag_prozent"} <= income
    assert "max_wuensche" not in income


def test_a_setting_says_what_it_is_for_and_its_nrw_value() -> None:
    setting = SCHEMA["$defs"]["Overlay_anmeldung"]["properties"]["settings"]["properties"]["max_wuensche"]
    assert setting["type"] == "integer" and setting["default"] == 3
    assert "Most wishes a family may name" in setting["description"] and "`3`" in setting["description"]


# --- what the schema refuses, as the compiler does ------------------------------------------------------


@pytest.mark.parametrize(("document", "why"), [
    (overlay({"set": "kind.geburtsdatum", "properties": {"options": []}}), "a date has no options"),
    (overlay({"set": "kind_angaben", "properties": {"label": {"de": "x"}}}), "a step has no label"),
    (overlay({"set": "kind.vorname", "properties": {"id": "name"}}), "id cannot be set (FORM_026)"),
    (overlay(settings={"max_wunsche": 5}), "unknown setting (FORM_013)"),
    (overlay(settings={"max_wuensche": "fünf"}), "a whole number (FORM_014)"),
    (overlay(extends="beitragsbefreiung", settings={"wechselmodell_verfahren": "halb"}), "not an allowed value"),
])
def test_the_schema_refuses_what_the_compiler_refuses(document: dict[str, Any], why: str) -> None:
    assert list(Draft202012Validator(SCHEMA).iter_errors(document)) != [], why


@pytest.mark.parametrize("document", [
    overlay({"set": "betreuungsart", "properties": {"options": [{"code": "kita", "label": {"de": "Kita"}}]}}),
    overlay({"insert_after": "kind.geburtsdatum", "elements": [{"id": "neu", "type": "text", "label": {"de": "N"}}]},
            {"set": "neu", "properties": {"max_length": 20}}),  # a target the overlay inserted itself
    overlay(extends="beitragsbefreiung", settings={"wechselmodell_verfahren": "haelftig"}),
])
def test_the_schema_accepts_valid_changes(document: dict[str, Any]) -> None:
    assert [e.message for e in Draft202012Validator(SCHEMA).iter_errors(document)] == []
