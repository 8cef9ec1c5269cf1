"""``form.json`` compared by meaning: the form's texts, settings, steps and elements.

``form.json`` is the resolved definition the form server checks submissions with, so it carries
the conditions (``visible_if``, ``required_if``), the validation rules, the limits and the code
lists with their labels exactly as written. Elements are matched by their dotted name (the key
in submissions); see ``_elements`` for the rule of each attribute.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from kitaforms.export.diff._catalogue import facility_changes, kommune_changes
from kitaforms.export.diff._conditions import visibility_change
from kitaforms.export.diff._elements import added, element_changes, removed
from kitaforms.export.diff._report import BREAKING, COMPATIBLE, TEXT, Change
from kitaforms.export.diff._side import Side

_TEXTS = ("title", "description", "languages")


def form_changes(old_document: dict[str, Any], new_document: dict[str, Any]) -> list[Change]:
    old, new = Side(old_document), Side(new_document)
    changes = [*_form_texts(old, new), *_settings(old, new), *_steps(old, new), *_elements(old, new)]
    changes += [*facility_changes(old.facilities, new.facilities), *kommune_changes(old.document, new.document)]
    return changes


def _form_texts(old: Side, new: Side) -> Iterator[Change]:
    changed = [key for key in _TEXTS if old.form.get(key) != new.form.get(key)]
    if changed:
        yield Change(TEXT, "", "text: " + ", ".join(changed) + " of the form changed", "texts only")
    if old.form.get("ozg_id") != new.form.get("ozg_id"):
        yield Change(COMPATIBLE, "", f"OZG id {old.form.get('ozg_id')} → {new.form.get('ozg_id')}",
                     "where the service is listed, not what it accepts")


def _settings(old: Side, new: Side) -> Iterator[Change]:
    """``form.json`` has ``{setting: …}`` limits and flags filled in, so they are compared where they
    are used; here: the settings that conditions and rules read (``einstellungen.<name>``)."""
    read = _read_settings(old) | _read_settings(new)
    for name in sorted(set(old.settings) | set(new.settings)):
        was, now = old.settings.get(name), new.settings.get(name)
        if was != now:
            yield _setting(name, was, now, name in read)


def _setting(name: str, was: Any, now: Any, read: bool) -> Change:
    path, what = f"settings.{name}", f"setting {name}: {was!r} → {now!r}"
    if not read:
        return Change(COMPATIBLE, path, what, "no condition or rule reads it (limits filled in from it are compared "
                      "where they are used); it may change the assistant's estimate")
    if _number(was) and _number(now):
        return Change(BREAKING, path, what, "a number conditions and rules read (a limit or an income bound) "
                      "changed: the same answers mean something else")
    return Change(BREAKING, path, what, "conditions and rules that read it behave differently")


def _read_settings(side: Side) -> set[str]:
    """The settings an expression reads (``einstellungen.<name>``)."""
    return set(re.findall(r"\beinstellungen\.([a-z][a-z0-9_]*)", json.dumps(side.form.get("steps", []), default=str)))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _steps(old: Side, new: Side) -> Iterator[Change]:
    for step in sorted(set(old.steps) & set(new.steps)):
        before, after = old.steps[step], new.steps[step]
        change = visibility_change(f"step:{step}", before.get("visible_if"), after.get("visible_if"),
                                   can_require=new.can_require(new.in_step(step)), subject="the step is shown")
        if change:
            yield change
        if (before.get("title"), before.get("intro")) != (after.get("title"), after.get("intro")):
            yield Change(TEXT, f"step:{step}", "text: title or intro of the step changed", "texts only")
    for step in sorted(set(old.steps) ^ set(new.steps)):
        what = "step added" if step in new.steps else "step removed"
        yield Change(TEXT, f"step:{step}", what, "a page; the fields on it are compared themselves")


def _elements(old: Side, new: Side) -> Iterator[Change]:
    """Matched by dotted name; what is inside an added or removed group or repeat goes with it."""
    for name in old.placed:
        if name not in new.placed and _has_parent(new, name):
            yield removed(name, old)
    for name in new.placed:
        if name in old.placed:
            yield from element_changes(name, old, new)
        elif _has_parent(old, name):
            yield added(name, new)


def _has_parent(side: Side, name: str) -> bool:
    parent = name.rpartition(".")[0]
    return not parent or parent in side.placed
