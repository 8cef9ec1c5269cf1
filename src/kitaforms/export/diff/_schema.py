"""``schema.json`` compared keyword by keyword.

``shape_changes`` looks only at what a receiver's JSON Schema validator sees of each value —
properties, types, codes, limits, patterns (an amount's range is one), ``additionalProperties``; a
bundle's ``form.json`` says the rest, and better (see ``_form``). ``schema_changes`` adds what the
schema also says — requirements, conditional requirements (``allOf``), titles and descriptions —
for bundles compared without their ``form.json``. The schema carries standard keywords only:
labels in every language, code labels, the server's rules and conditions, FIM ids are in
``form.json``, so without it they cannot be compared (older schemas' ``x-`` annotations are not read).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from kitaforms.export.diff._codes import code_changes
from kitaforms.export.diff._conditions import NEVER, requirement_change
from kitaforms.export.diff._limits import EXACT, LOWER, UPPER, limit_change
from kitaforms.export.diff._report import BREAKING, COMPATIBLE, TEXT, Change

Schema = dict[str, Any]
_LIMITS = {
    **dict.fromkeys(("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"), UPPER),
    **dict.fromkeys(("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"), LOWER),
    **dict.fromkeys(("pattern", "multipleOf", "const", "format"), EXACT),
}
_REQUIRED_MARKS = {("minLength", 1), ("minItems", 1), ("const", True)}  # what `required` adds to a value
_TEXTS = ("title", "description")


def shape_changes(old: Schema, new: Schema) -> list[Change]:
    return list(_Comparer(full=False).compare(old, new, "", moved=False))


def schema_changes(old: Schema, new: Schema) -> list[Change]:
    return list(_Comparer(full=True).compare(old, new, "", moved=False))


class _Comparer:
    def __init__(self, full: bool) -> None:
        self.full = full

    def compare(self, old: Any, new: Any, path: str, *, moved: bool) -> Iterator[Change]:
        """``moved``: the value's requirement changed (its ``minLength: 1`` etc. follow from that)."""
        if not isinstance(old, dict) or not isinstance(new, dict):
            if _canonical(old) != _canonical(new):
                yield Change(BREAKING, path, "the definition changed", "not a schema the diff can read")
            return
        checks: list[Callable[..., Iterator[Change]]] = [_types, self._properties, _codes]
        if self.full:
            checks += [_required, _conditions, _texts]
        for check in checks:
            yield from check(old, new, path)
        yield from _limits(old, new, path, moved)
        if "items" in old or "items" in new:
            yield from self.compare(old.get("items", {}), new.get("items", {}), path, moved=moved)
        if old.get("additionalProperties", True) is not False and new.get("additionalProperties", True) is False:
            yield Change(BREAKING, path, "no longer accepts unknown properties", "a submission with other properties is refused")

    def _properties(self, old: Schema, new: Schema, path: str) -> Iterator[Change]:
        before, after = old.get("properties", {}), new.get("properties", {})
        was, now = set(old.get("required", [])), set(new.get("required", []))
        for name in sorted(set(before) - set(after)):
            yield Change(BREAKING, _join(path, name), "field removed", "a submission with it is refused; receivers lose the value")
        for name in sorted(set(after) - set(before)):
            if self.full and name in now:
                yield Change(BREAKING, _join(path, name), "required field added", "a submission accepted before lacks it")
            else:
                yield Change(COMPATIBLE, _join(path, name), "field added" if not self.full else "optional field added",
                             "a new value is accepted; nothing accepted before is refused")
        for name in sorted(set(before) & set(after)):
            yield from self.compare(before[name], after[name], _join(path, name),
                                    moved=(name in was) != (name in now))



def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _codes(old: Schema, new: Schema, path: str) -> Iterator[Change]:
    if "enum" in old or "enum" in new:
        yield from code_changes(path, _options(old), _options(new))


def _options(schema: Schema) -> dict[str, Any] | None:
    return {str(code): {} for code in schema["enum"]} if "enum" in schema else None


def _types(old: Schema, new: Schema, path: str) -> Iterator[Change]:
    if old.get("type") != new.get("type"):
        yield Change(BREAKING, path, f"type {old.get('type')} → {new.get('type')}", "values of the old type are refused")


def _limits(old: Schema, new: Schema, path: str, moved: bool) -> Iterator[Change]:
    for key, direction in _LIMITS.items():
        before, after = old.get(key), new.get(key)
        if moved and (before is None or after is None) and (key, before if after is None else after) in _REQUIRED_MARKS:
            continue
        change = limit_change(path, key, before, after, direction)
        if change:
            yield change


def _required(old: Schema, new: Schema, path: str) -> Iterator[Change]:
    before, after = set(old.get("required", [])), set(new.get("required", []))
    for name in sorted((before | after) & set(old.get("properties", {})) & set(new.get("properties", {}))):
        change = requirement_change(_join(path, name), "true" if name in before else NEVER, "true" if name in after else NEVER)
        if change:
            yield change


def _conditions(old: Schema, new: Schema, path: str) -> Iterator[Change]:
    before = {_canonical(rule) for rule in old.get("allOf", [])}
    after = {_canonical(rule) for rule in new.get("allOf", [])}
    for rule in sorted(after - before):
        yield Change(BREAKING, path, f"conditional requirement added or changed: {_summary(json.loads(rule))}",
                     "required in cases where it was not: a submission accepted before may be refused")
    for rule in sorted(before - after):
        yield Change(COMPATIBLE, path, f"conditional requirement removed: {_summary(json.loads(rule))}",
                     "required in fewer cases")


def _summary(rule: Schema) -> str:
    names = _required_names(rule.get("then", rule))
    return "requires " + ", ".join(names) if names else "a condition"


def _required_names(schema: Any, prefix: str = "") -> list[str]:
    if not isinstance(schema, dict):
        return []
    properties = schema.get("properties", {})
    names = [_join(prefix, name) for name in schema.get("required", [])
             if not isinstance(properties.get(name), dict) or "required" not in properties[name]]
    for name, sub in properties.items():
        names += _required_names(sub, _join(prefix, name))
        if isinstance(sub, dict) and "items" in sub:
            names += _required_names(sub["items"], _join(prefix, name))
    if "if" in schema:
        names += _required_names(schema.get("then"), prefix)
    return sorted(set(names))


def _texts(old: Schema, new: Schema, path: str) -> Iterator[Change]:
    changed = [key for key in _TEXTS if _canonical(old.get(key)) != _canonical(new.get(key))]
    if changed:
        yield Change(TEXT, path, "text: " + ", ".join(changed) + " changed", "titles and descriptions only")
