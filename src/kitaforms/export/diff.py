"""What changed between two versions of a bundle, and whether the version number says so.

Two bundles are compared through their ``schema.json`` (and ``manifest.json``). A change is
**breaking** when a submission that the old schema accepts may be refused by the new one, or when a
value changes its meaning — a form server or Fachverfahren built for the old version cannot take
the new data unchanged. It is **compatible** when everything the old schema accepts is still
accepted (new optional fields, new codes, wider limits, new texts).

Breaking: a field removed; a field newly required (also under a new condition); a code removed
from a list; a type changed; a limit narrowed (``maxLength``, ``maximum``, ``maxItems`` smaller;
``minLength``, ``minimum``, ``minItems`` larger; ``pattern``, ``multipleOf``, ``const`` changed or
added); a conditional requirement added or changed; a server-side rule added or changed; the
Kommune or the form id changed. Compatible: a field added (not required); a code added; a limit
widened or removed; a requirement or rule removed; titles, descriptions, labels, annotations.

Version rule (semantic versioning): a breaking change needs a new MAJOR version (for ``0.x``, a new
MINOR is enough); any change of the schema needs at least a new version; ``diff`` reports a
violation as an error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

BREAKING, COMPATIBLE = "breaking", "compatible"
_NARROWER_IF_SMALLER = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
_NARROWER_IF_LARGER = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")
_EXACT = ("pattern", "multipleOf", "const", "format")
_TEXT_KEYS = ("title", "description", "x-kitaforms-label", "x-kitaforms-options", "x-fim-id", "x-kitaforms-ranked",
              "x-kitaforms-period", "x-kitaforms-expression", "x-kitaforms-visible-if", "x-kitaforms-required-if",
              "readOnly", "$id", "x-kitaforms", "x-leika", "x-ozg-id", "$schema")


@dataclass(frozen=True)
class Change:
    kind: str  # breaking | compatible
    path: str  # dotted field path, "" for the form
    what: str

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "path": self.path, "change": self.what}


@dataclass
class Report:
    old_version: str
    new_version: str
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.kind == BREAKING]

    @property
    def compatible(self) -> list[Change]:
        return [c for c in self.changes if c.kind == COMPATIBLE]

    def as_json(self) -> dict[str, Any]:
        return {
            "old": self.old_version, "new": self.new_version, "ok": not self.errors, "errors": self.errors,
            "breaking": [c.as_json() for c in self.breaking], "compatible": [c.as_json() for c in self.compatible],
        }


def semver(version: str) -> tuple[int, int, int]:
    core = version.split("-", 1)[0].split("+", 1)[0]
    major, minor, patch = (int(part) for part in core.split("."))
    return major, minor, patch


def diff_bundles(old_manifest: dict[str, Any], old_schema: dict[str, Any],
                 new_manifest: dict[str, Any], new_schema: dict[str, Any]) -> Report:
    report = Report(old_manifest["form"]["version"], new_manifest["form"]["version"])
    report.changes += list(_identity(old_manifest, new_manifest))
    report.changes += list(_compare(old_schema, new_schema, ""))
    report.errors += _version_errors(report)
    return report


def _identity(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    if old["form"]["id"] != new["form"]["id"]:
        yield Change(BREAKING, "", f"the form changed from `{old['form']['id']}` to `{new['form']['id']}`")
    if old["kommune"]["id"] != new["kommune"]["id"]:
        yield Change(BREAKING, "", f"the Kommune changed from `{old['kommune']['id']}` to `{new['kommune']['id']}`")
    if sorted(old.get("leika", [])) != sorted(new.get("leika", [])):
        yield Change(BREAKING, "", f"the Leika services changed: {old.get('leika')} → {new.get('leika')}")


def _version_errors(report: Report) -> list[str]:
    old, new = semver(report.old_version), semver(report.new_version)
    schema_changes = [c for c in report.changes if c.kind == BREAKING or not c.what.startswith("text:")]
    errors = []
    if report.breaking and not _major_bump(old, new):
        needed = f"{old[0]}.{old[1] + 1}.0" if old[0] == 0 else f"{old[0] + 1}.0.0"
        errors.append(f"{len(report.breaking)} breaking change(s) need a new major version: "
                      f"{report.new_version} should be at least {needed}")
    elif schema_changes and new <= old:
        errors.append(f"the schema changed but the version did not go up ({report.old_version} → {report.new_version})")
    return errors


def _major_bump(old: tuple[int, int, int], new: tuple[int, int, int]) -> bool:
    if old[0] == 0 and new[0] == 0:
        return new[1] > old[1]
    return new[0] > old[0]


# --- structural comparison -----------------------------------------------------------------


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _compare(old: Any, new: Any, path: str) -> Iterator[Change]:
    if not isinstance(old, dict) or not isinstance(new, dict):
        if _canonical(old) != _canonical(new):
            yield Change(BREAKING, path, "the definition changed")
        return
    yield from _types(old, new, path)
    yield from _properties(old, new, path)
    yield from _required(old, new, path)
    yield from _enums(old, new, path)
    yield from _limits(old, new, path)
    yield from _conditions(old, new, path)
    yield from _rules(old, new, path)
    yield from _texts(old, new, path)
    if "items" in old or "items" in new:
        yield from _compare(old.get("items", {}), new.get("items", {}), path)
    if old.get("additionalProperties", True) is not False and new.get("additionalProperties", True) is False:
        yield Change(BREAKING, path, "no longer accepts unknown properties")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _types(old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
    if old.get("type") != new.get("type"):
        yield Change(BREAKING, path, f"type {old.get('type')} → {new.get('type')}")


def _properties(old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
    before, after = old.get("properties", {}), new.get("properties", {})
    for name in sorted(set(before) - set(after)):
        yield Change(BREAKING, _join(path, name), "field removed")
    for name in sorted(set(after) - set(before)):
        required = name in new.get("required", [])
        yield Change(BREAKING if required else COMPATIBLE, _join(path, name),
                     "required field added" if required else "optional field added")
    for name in sorted(set(before) & set(after)):
        yield from _compare(before[name], after[name], _join(path, name))


def _required(old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
    before, after = set(old.get("required", [])), set(new.get("required", []))
    existing = set(old.get("properties", {}))
    for name in sorted((after - before) & existing):
        yield Change(BREAKING, _join(path, name), "now required")
    for name in sorted(before - after):
        yield Change(COMPATIBLE, _join(path, name), "no longer required")


def _enums(old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
    if "enum" not in old and "enum" not in new:
        return
    before, after = old.get("enum"), new.get("enum")
    if before is None:
        yield Change(BREAKING, path, "now limited to a list of codes")
        return
    if after is None:
        yield Change(COMPATIBLE, path, "no longer limited to a list of codes")
        return
    removed = [code for code in before if code not in after]
    added = [code for code in after if code not in before]
    if removed:
        yield Change(BREAKING, path, "codes removed: " + ", ".join(map(str, removed)))
    if added:
        yield Change(COMPATIBLE, path, "codes added: " + ", ".join(map(str, added)))


def _limits(old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
    for key in _NARROWER_IF_SMALLER + _NARROWER_IF_LARGER:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if before is None:
            yield Change(BREAKING, path, f"{key} {after} added")
        elif after is None:
            yield Change(COMPATIBLE, path, f"{key} {before} removed")
        else:
            narrower = after < before if key in _NARROWER_IF_SMALLER else after > before
            yield Change(BREAKING if narrower else COMPATIBLE, path, f"{key} {before} → {after}")
    for key in _EXACT:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if after is None:
            yield Change(COMPATIBLE, path, f"{key} removed")
        else:
            yield Change(BREAKING, path, f"{key} {before!r} → {after!r}")


def _conditions(old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
    before = {_canonical(rule) for rule in old.get("allOf", [])}
    after = {_canonical(rule) for rule in new.get("allOf", [])}
    for rule in sorted(after - before):
        yield Change(BREAKING, path, f"conditional requirement added or changed: {_summary(json.loads(rule))}")
    for rule in sorted(before - after):
        yield Change(COMPATIBLE, path, f"conditional requirement removed: {_summary(json.loads(rule))}")


def _summary(rule: dict[str, Any]) -> str:
    then = rule.get("then", rule)
    names = _required_names(then)
    return "requires " + ", ".join(names) if names else "a condition"


def _required_names(schema: Any, prefix: str = "") -> list[str]:
    if not isinstance(schema, dict):
        return []
    names = [_join(prefix, name) for name in schema.get("required", []) if name not in schema.get("properties", {})
             or not isinstance(schema["properties"][name], dict) or "required" not in schema["properties"][name]]
    for name, sub in schema.get("properties", {}).items():
        names += _required_names(sub, _join(prefix, name))
        if isinstance(sub, dict) and "items" in sub:
            names += _required_names(sub["items"], _join(prefix, name))
    if "if" in schema:
        names += _required_names(schema.get("then"), prefix)
    return sorted(set(names))


def _rules(old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
    before = {rule.get("rule"): rule for rule in old.get("x-kitaforms-rules", [])}
    after = {rule.get("rule"): rule for rule in new.get("x-kitaforms-rules", [])}
    for name in sorted(set(after) - set(before), key=str):
        yield Change(BREAKING, path, f"server-side rule added: {after[name].get('expression')}")
    for name in sorted(set(before) - set(after), key=str):
        yield Change(COMPATIBLE, path, f"server-side rule removed: {before[name].get('expression')}")
    for name in sorted(set(before) & set(after), key=str):
        if before[name].get("expression") != after[name].get("expression"):
            yield Change(BREAKING, path, f"server-side rule changed: {after[name].get('expression')}")
        elif _canonical(before[name]) != _canonical(after[name]):
            yield Change(COMPATIBLE, path, f"text: message of rule {name} changed")


def _texts(old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
    changed = [key for key in _TEXT_KEYS if key not in ("$id", "$schema") and _canonical(old.get(key)) != _canonical(new.get(key))]
    if changed:
        yield Change(COMPATIBLE, path, "text: " + ", ".join(changed) + " changed")
