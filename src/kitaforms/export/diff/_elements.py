"""One element of ``form.json`` against its other version, attribute by attribute.

Each attribute has a rule (a table, as jsonschema maps keywords to small functions): conditions
and validations by ``_conditions``, codes and their labels by ``_codes``, limits by ``_limits``;
attributes that change what a submitted value means (``expression``, ``period`` …) are breaking,
``default`` and ``fim_id`` compatible, texts and presentation (``label``, ``hint``, ``widget`` …)
text only. An attribute no rule knows is treated as breaking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kitaforms.export.diff._codes import code_changes
from kitaforms.export.diff._conditions import NEVER, requirement, requirement_change, rule_changes, visibility_change
from kitaforms.export.diff._limits import EXACT, LOWER, UPPER, limit_change
from kitaforms.export.diff._report import BREAKING, COMPATIBLE, TEXT, Change
from kitaforms.export.diff._side import Element, Side

Rule = Callable[[str, Side, Side, Element, Element], Iterator[Change]]
_LIMITS = {
    **dict.fromkeys(("max_length", "maximum", "max_items", "max_files", "max_size_mb", "max_picks", "decimals"), UPPER),
    **dict.fromkeys(("min_length", "minimum", "min_items", "min_picks"), LOWER),
    "pattern": EXACT,
}
_MEANING = {
    "expression": "the computed value is computed differently",
    "value_type": "the computed value has another type",
    "period": "the amount is per another period",
    "ranking": "the order of the picks means something else",
    "filter_care_type": "other facilities can be picked",
    "filter_birth_date": "other facilities can be picked",
    "filter_start": "other facilities can be picked (the child's age is taken on another day)",
    "filter_hours": "other facilities can be picked",
}
_COMPATIBLE = {"default": "the answer filled in at the start", "fim_id": "the mapping to a FIM field, not the value"}
_TEXTS = ("label", "hint", "help", "body", "item_label", "add_label", "unit", "autocomplete", "rows", "widget", "bezug")
_SKIP = ("id", "type", "elements")


def element_changes(name: str, old: Side, new: Side) -> Iterator[Change]:
    before, after = old.placed[name].element, new.placed[name].element
    if before.get("type") != after.get("type"):
        yield Change(BREAKING, name, f"type {before.get('type')} → {after.get('type')}",
                     "the value's type or format changes: a value accepted before may be refused or read differently")
        return
    yield from _moved(name, old, new)
    done: set[str] = set(_SKIP)
    for keys, rule in _RULES:  # every rule runs: code lists, settings and steps live outside the element
        yield from rule(name, old, new, before, after)
        done.update(keys)
    for key in sorted((set(before) | set(after)) - done):
        was, now = old.value(before.get(key)), new.value(after.get(key))
        if was != now:
            yield _single(name, key, was, now)


def added(name: str, new: Side) -> Change:
    element = new.placed[name].element
    if element.get("type") == "info":
        return Change(TEXT, name, "text block added", "no value is submitted for it")
    when = requirement(element)
    if new.can_require([name]):
        what = {NEVER: "field added, with required fields inside", "true": "required field added"}.get(
            when, f"field added, required when {when}")
        return Change(BREAKING, name, what, "a submission accepted before lacks it")
    return Change(COMPATIBLE, name, "optional field added", "a new value is accepted; nothing accepted before is refused")


def removed(name: str, old: Side) -> Change:
    if old.placed[name].element.get("type") == "info":
        return Change(TEXT, name, "text block removed", "no value was submitted for it")
    return Change(BREAKING, name, "field removed", "a submission with it (or anything in it) is refused; receivers lose the value")


def _moved(name: str, old: Side, new: Side) -> Iterator[Change]:
    was, now = old.placed[name].step, new.placed[name].step
    if was == now:
        return
    change = visibility_change(name, old.steps[was].get("visible_if"), new.steps[now].get("visible_if"),
                               can_require=new.can_require([name]), subject=f"moved to step {now}; asked")
    yield change or Change(TEXT, name, f"moved from step {was} to step {now}", "another page, asked in the same cases")


def _requirement(name: str, old: Side, new: Side, before: Element, after: Element) -> Iterator[Change]:
    change = requirement_change(name, requirement(before), requirement(after))
    if change:
        yield change


def _visibility(name: str, old: Side, new: Side, before: Element, after: Element) -> Iterator[Change]:
    change = visibility_change(name, before.get("visible_if"), after.get("visible_if"), can_require=new.can_require([name]))
    if change:
        yield change


def _validations(name: str, old: Side, new: Side, before: Element, after: Element) -> Iterator[Change]:
    yield from rule_changes(name, before.get("validations") or [], after.get("validations") or [])


def _codes(name: str, old: Side, new: Side, before: Element, after: Element) -> Iterator[Change]:
    yield from code_changes(name, old.options(before), new.options(after))


def _reasons(name: str, old: Side, new: Side, before: Element, after: Element) -> Iterator[Change]:
    yield from code_changes(f"{name}.reasons", old.reasons(before), new.reasons(after))


def _accept(name: str, old: Side, new: Side, before: Element, after: Element) -> Iterator[Change]:
    was, now = before.get("accept") or [], after.get("accept") or []
    yield from code_changes(name, {kind: {} for kind in was}, {kind: {} for kind in now}, noun="file types")


def _limits(name: str, old: Side, new: Side, before: Element, after: Element) -> Iterator[Change]:
    for key, direction in _LIMITS.items():
        change = limit_change(name, key, old.value(before.get(key)), new.value(after.get(key)), direction)
        if change:
            yield change


def _single(name: str, key: str, before: Any, after: Any) -> Change:
    what = f"{key} {before!r} → {after!r}" if key not in _TEXTS else f"text: {key} changed"
    if key in _TEXTS:
        return Change(TEXT, name, what, "texts and presentation only")
    if key in _COMPATIBLE:
        return Change(COMPATIBLE, name, what, _COMPATIBLE[key] + " changed; every submission accepted before still is")
    return Change(BREAKING, name, what, _MEANING.get(key, "an attribute the diff does not classify: treated as breaking"))


_RULES: list[tuple[tuple[str, ...], Rule]] = [
    (("required", "required_if"), _requirement),
    (("visible_if",), _visibility),
    (("validations",), _validations),
    (("code_list", "options", "catalogue"), _codes),
    (("reasons",), _reasons),
    (("accept",), _accept),
    (tuple(_LIMITS), _limits),
]
