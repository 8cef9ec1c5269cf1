"""Autocompletion where overlays are written: inside ``set … properties`` and in ``settings``.

The overlay schema the pydantic model gives knows nothing of the base form: ``properties`` is any
mapping, ``settings`` any name. This module adds, as plain JSON Schema that yaml-language-server reads:

- for every element kind (and steps), the properties an overlay can set on it (``<Model>Properties``:
  the model's keys without ``id``, ``type`` and ``elements``); ``properties`` of a ``set`` offers the
  keys of every kind when the target's kind is not known (a path the overlay inserts, no base form);
- for every NRW base form of the project (``Overlay_<form>``, chosen by ``extends``): the targets of
  ``set``/``remove``/``insert_before``/``insert_after`` with their labels, the properties of the
  target's kind inside ``properties`` (``if set is one of the kind's paths, then …``), the form's
  settings with their type, allowed values, default and the comment above them in the base form,
  and the names of its code lists.

Everything is generated from the models and the base forms; nothing is written by hand.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from kitaforms.editor.ids import STEP, IdRow, form_ids
from kitaforms.resolve import ResolvedForm

NOT_SETTABLE = ("id", "type", "elements")  # FORM_026: an overlay removes and inserts instead
TARGET_KEYS = ("set", "remove", "insert_before", "insert_after")
_ANY = {"properties": {"properties": {"$ref": "#/$defs/AnyProperties"}}}  # a target of unknown kind
_JSON_TYPE = {bool: "boolean", int: "integer", Decimal: "number", str: "string"}  # as FORM_014 checks it


def add_overlay_completion(schema: dict[str, Any], base_forms: Mapping[str, ResolvedForm] | None = None,
                           root: Path | None = None) -> dict[str, Any]:
    """The overlay schema with completion inside ``properties`` and, per base form, targets and settings."""
    defs = schema["$defs"]
    kinds = element_kinds(defs)
    for name in [*kinds.values(), "Step"]:
        defs[f"{name}Properties"] = _settable(defs[name], "a step" if name == "Step" else f"a `{_type_of(defs[name])}`")
    set_change = defs["SetChange"]["properties"]
    defs["AnyProperties"] = _any_properties(defs, [*kinds.values(), "Step"], set_change["properties"])
    forms = dict(sorted((base_forms or {}).items()))
    if not forms:  # the target's kind cannot be known: every kind's keys
        set_change["properties"] = {"$ref": "#/$defs/AnyProperties"}
    for form_id, resolved in forms.items():
        rows = form_ids(resolved)
        defs[f"Targets_{form_id}"] = _targets(rows)
        defs[f"Overlay_{form_id}"] = _for_base(resolved, rows, kinds, root)
    if forms:
        unknown_base = {"not": {"properties": {"extends": {"enum": list(forms)}}, "required": ["extends"]}}
        schema["allOf"] = [
            *({"if": {"properties": {"extends": {"const": form_id}}, "required": ["extends"]},
               "then": {"$ref": f"#/$defs/Overlay_{form_id}"}} for form_id in forms),
            {"if": unknown_base, "then": {"properties": {"changes": {"items": _ANY}}}},
        ]
        schema["properties"]["extends"] = {**schema["properties"]["extends"], "examples": list(forms)}
    return schema


def element_kinds(defs: Mapping[str, Any]) -> dict[str, str]:
    """Element ``type`` → the name of its model in ``$defs``."""
    return {_type_of(d): name for name, d in sorted(defs.items()) if _type_of(d)}


def _type_of(definition: Mapping[str, Any]) -> str:
    return str(definition.get("properties", {}).get("type", {}).get("const", ""))


def _settable(definition: Mapping[str, Any], what: str) -> dict[str, Any]:
    properties = {key: value for key, value in definition["properties"].items() if key not in NOT_SETTABLE}
    return {
        "type": "object",
        "description": f"What an overlay can set on {what} (all its keys but `id`, `type` and `elements`).",
        "properties": properties,
        "additionalProperties": False,
    }


def _any_properties(defs: Mapping[str, Any], names: list[str], original: Mapping[str, Any]) -> dict[str, Any]:
    """``properties`` of a ``set`` whose target is not known: the keys of every kind."""
    variants: dict[str, dict[str, Any]] = {}
    for name in names:
        for key, value in defs[f"{name}Properties"]["properties"].items():
            variants.setdefault(key, {})[json.dumps(value, sort_keys=True)] = value
    properties = {key: next(iter(found.values())) if len(found) == 1 else {"anyOf": list(found.values())}
                  for key, found in sorted(variants.items())}
    return {"type": "object", "description": original.get("description", ""), "properties": properties,
            "additionalProperties": False}


# --- one base form ------------------------------------------------------------------------------------


def _for_base(resolved: ResolvedForm, rows: list[IdRow], kinds: Mapping[str, str], root: Path | None) -> dict[str, Any]:
    targets = {"$ref": f"#/$defs/Targets_{resolved.form.id}"}
    return {
        "description": f"An overlay of the NRW form `{resolved.form.id}`.",
        "properties": {
            "settings": _settings(resolved, root),
            "code_lists": _code_lists(resolved),
            "changes": {"items": {"allOf": [{"properties": dict.fromkeys(TARGET_KEYS, targets)},
                                            *_by_kind(rows, kinds)]}},
        },
    }


def _targets(rows: list[IdRow]) -> dict[str, Any]:
    """The base form's paths and step ids, with type and label (any other text stays valid: an earlier
    change of the overlay may have inserted it)."""
    paths = [row.path for row in rows]
    described = [f"{row.type} – {row.label.get('de', '')}".rstrip(" –") for row in rows]
    return {"anyOf": [{"enum": paths, "enumDescriptions": described}, {"type": "string"}]}


def _by_kind(rows: list[IdRow], kinds: Mapping[str, str]) -> list[dict[str, Any]]:
    """``if set is a path of kind K, then properties is K's``; paths of two kinds (a step and an element) are left out."""
    kind_of: dict[str, set[str]] = {}
    for row in rows:
        kind_of.setdefault(row.path, set()).add("Step" if row.type == STEP else kinds.get(row.type, ""))
    by_kind: dict[str, list[str]] = {}
    for path, found in kind_of.items():
        if len(found) == 1 and "" not in found:
            by_kind.setdefault(found.pop(), []).append(path)
    known = sorted(path for paths in by_kind.values() for path in paths)
    return [
        *({"if": {"properties": {"set": {"enum": paths}}, "required": ["set"]},
           "then": {"properties": {"properties": {"$ref": f"#/$defs/{name}Properties"}}}}
          for name, paths in sorted(by_kind.items())),
        {"if": {"properties": {"set": {"not": {"enum": known}}}, "required": ["set"]}, "then": _ANY},
    ]


def _settings(resolved: ResolvedForm, root: Path | None) -> dict[str, Any]:
    form = resolved.form
    properties = {}
    for name, default in form.settings.items():
        value = _plain(default)
        entry: dict[str, Any] = {"type": _JSON_TYPE.get(type(default), "string")}
        if name in form.setting_values:
            entry["enum"] = [_plain(allowed) for allowed in form.setting_values[name]]
        comment = _comment_above(resolved, ("settings", name), root)
        entry["description"] = (f"{comment} " if comment else "") + f"(NRW form: `{json.dumps(value)}`)"
        entry["default"] = value
        properties[name] = entry
    return {"description": f"The settings of the NRW form `{form.id}` a Kommune may change.", "properties": properties,
            "additionalProperties": False}


def _plain(value: Any) -> Any:
    """A setting's value as JSON has it (a Decimal as an integer or a number)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _code_lists(resolved: ResolvedForm) -> dict[str, Any]:
    lists = resolved.form.code_lists
    return {"properties": {
        name: {"description": f"Replaces the code list `{name}` of the NRW form: "
               + ", ".join(f"`{option.code}`" for option in options[:8]) + (" …" if len(options) > 8 else "")}
        for name, options in sorted(lists.items())
    }}


def _comment_above(resolved: ResolvedForm, path: tuple[str, ...], root: Path | None) -> str:
    """The comment lines right above a key in its file, joined (empty when there are none)."""
    where = resolved.source.locate(path)
    if root is None or where is None or where.line <= 1:
        return ""
    try:
        lines = (root / where.file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    found: list[str] = []
    for line in reversed(lines[: where.line - 1]):
        text = line.strip()
        if not text.startswith("#"):
            break
        found.insert(0, text.lstrip("#").strip())
    return " ".join(found)
