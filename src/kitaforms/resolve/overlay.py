"""Apply a Kommune overlay to the merged data of a base form, change by change.

Targets are dotted paths through group and repeat ids (``kind.geburtsdatum``) or step ids. Each
change either applies or yields a diagnostic located in the overlay file; later changes still run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kitaforms.diagnostics import Diagnostic
from kitaforms.load.yaml_source import DataPath, Document
from kitaforms.model.overlay import CHANGE_KINDS, InsertAfter, InsertBefore, Overlay, RemoveChange, SetChange
from kitaforms.resolve.sourcemap import MergedSource


@dataclass
class Slot:
    """Where a target stands: the list holding it and its index there."""

    siblings: list[Any]
    index: int
    is_step: bool

    @property
    def node(self) -> dict[str, Any]:
        return self.siblings[self.index]


def find_target(data: dict[str, Any], target: str) -> Slot | None:
    steps = _list(data.get("steps"))
    parts = target.split(".")
    if len(parts) == 1:
        for index, step in enumerate(steps):
            if isinstance(step, dict) and step.get("id") == target:
                return Slot(steps, index, True)
    containers = [_list(step.get("elements")) for step in steps if isinstance(step, dict)]
    return _find_in(containers, parts)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _find_in(containers: list[list[Any]], parts: list[str]) -> Slot | None:
    for elements in containers:
        for index, element in enumerate(elements):
            if not isinstance(element, dict) or element.get("id") != parts[0]:
                continue
            if len(parts) == 1:
                return Slot(elements, index, False)
            return _find_in([_list(element.get("elements"))], parts[1:])
    return None


def all_targets(data: dict[str, Any]) -> Iterator[str]:
    for step in data.get("steps") or []:
        if isinstance(step, dict):
            yield str(step.get("id"))
            yield from _element_paths(_list(step.get("elements")), "")


def _element_paths(elements: list[Any], prefix: str) -> Iterator[str]:
    for element in elements:
        if isinstance(element, dict):
            path = f"{prefix}{element.get('id')}"
            yield path
            yield from _element_paths(_list(element.get("elements")), path + ".")


def _step_in_path_hint(data: dict[str, Any], target: str) -> str | None:
    """``wuensche_schritt.wuensche``: a path that starts with a step id (steps are not part of paths)."""
    step, _, rest = target.partition(".")
    steps = {s.get("id") for s in _list(data.get("steps")) if isinstance(s, dict)}
    if not rest or step not in steps:
        return None
    if find_target(data, rest) is not None:
        return f"steps are not part of a path: write `{rest}` (the step itself is `{step}`)"
    return f"steps are not part of a path: name the element as `group.field` without `{step}.`, or the step as `{step}`"


class OverlayApplier:
    def __init__(self, source: MergedSource, document: Document, overlay: Overlay) -> None:
        self.source = source
        self.document = document
        self.overlay = overlay
        self.problems: list[Diagnostic] = []

    def apply(self) -> list[Diagnostic]:
        raw_changes = self.document.data.get("changes") or []
        for index, (change, raw) in enumerate(zip(self.overlay.changes, raw_changes, strict=True)):
            self._apply_one(change, raw, ("changes", index))
        return self.problems

    def _apply_one(self, change: Any, raw: dict[str, Any], path: DataPath) -> None:
        key = next(kind for kind in CHANGE_KINDS if kind in raw)
        slot = self._locate_target(str(raw[key]), (*path, key))
        if slot is None:
            return
        if isinstance(change, SetChange):
            self._set(slot, raw, path)
        elif isinstance(change, RemoveChange):
            del slot.siblings[slot.index]
        elif isinstance(change, (InsertBefore, InsertAfter)):
            offset = 0 if isinstance(change, InsertBefore) else 1
            self._insert(slot, raw, path, slot.index + offset)

    def _locate_target(self, target: str, path: DataPath) -> Slot | None:
        slot = find_target(self.source.data, target)
        if slot is None:
            known = list(all_targets(self.source.data))
            close = difflib.get_close_matches(target, known, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else "name a step id or a dotted element path"
            hint = _step_in_path_hint(self.source.data, target) or hint
            self._problem("FORM_011", f"the base form has no element or step `{target}`", path, hint)
        return slot

    def _set(self, slot: Slot, raw: dict[str, Any], path: DataPath) -> None:
        for key, value in (raw.get("properties") or {}).items():
            if key in ("id", "type", "elements"):
                self._problem(
                    "FORM_026", f"an overlay cannot change `{key}` with `set`", (*path, "properties", key),
                    "remove the element and insert a new one instead",
                )
                continue
            origin = (self.document, (*path, "properties", key))
            self.source.set_property(slot.node, key, value, origin)

    def _insert(self, slot: Slot, raw: dict[str, Any], path: DataPath, position: int) -> None:
        kind = "steps" if slot.is_step else "elements"
        wrong = "elements" if slot.is_step else "steps"
        if raw.get(wrong):
            target_kind = "a step" if slot.is_step else "an element"
            self._problem(
                "FORM_026", f"`{wrong}` cannot be inserted next to {target_kind}", (*path, wrong),
                f"use `{kind}:` here, or target {'an element' if slot.is_step else 'a step'}",
            )
            return
        new_items = [self.source.copy_from(self.document, (*path, kind, i), item) for i, item in enumerate(raw.get(kind) or [])]
        slot.siblings[position:position] = new_items

    def _problem(self, code: str, message: str, path: DataPath, hint: str) -> None:
        self.problems.append(Diagnostic.make(code, message, self.document.locate(path), hint))
