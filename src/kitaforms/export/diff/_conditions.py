"""Conditions and rules: is the new one wider (accepts every submission the old one accepted) or
not? Wider is compatible; narrower, or a change that cannot be proven wider, is breaking.

* requirement (``required``/``required_if``; ``required: true`` is the condition ``true``): wider
  when the new condition implies the old one — required in fewer cases;
* visibility (``visible_if`` of a field or step; none is ``true``): wider when the old condition
  implies the new one — asked in every case it was — and nothing in it can be required (else it
  is required in new cases); asked in fewer cases means values are no longer collected: breaking;
* validation rules (those that block sending): wider when the old rules together imply each new
  one; a removed rule only widens; a rule that only warns never refuses a submission.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kitaforms import expr
from kitaforms.export.diff._implies import implies
from kitaforms.export.diff._report import BREAKING, COMPATIBLE, TEXT, Change

ALWAYS, NEVER = "true", "false"


@functools.lru_cache(maxsize=1024)
def _parsed(text: str) -> expr.Expr | None:
    try:
        return expr.parse(text)
    except expr.ExprSyntaxError:
        return None


def proves(a: str, b: str) -> bool:
    """Whether condition ``b`` holds whenever ``a`` does (``False`` when unsure)."""
    if a.strip() == b.strip():
        return True
    left, right = _parsed(a), _parsed(b)
    return left is not None and right is not None and implies(left, right)


def all_of(conditions: Sequence[str]) -> str:
    return " and ".join(f"({text})" for text in conditions) or ALWAYS


def requirement(element: Mapping[str, Any]) -> str:
    """When the element must be answered, as a condition (``false``: never)."""
    if element.get("required_if"):
        return str(element["required_if"])
    return ALWAYS if element.get("required") else NEVER


def requirement_change(path: str, old: str, new: str) -> Change | None:
    if old == new:
        return None
    if proves(new, old):
        what = "no longer required" if new == NEVER else f"required only when {new}"
        return Change(COMPATIBLE, path, what, "required in fewer cases: every submission accepted before still is")
    what = "now required" if new == ALWAYS else f"now required when {new}"
    if old != NEVER:
        what = f"requirement changed: when {old} → when {new}"
    return Change(BREAKING, path, what, "required in cases where it was not: a submission accepted before may be refused")


def visibility_change(path: str, old: str | None, new: str | None, *, can_require: bool, subject: str = "asked") -> Change | None:
    before, after = old or ALWAYS, new or ALWAYS
    if before == after:
        return None
    what = f"{subject} when {after} (was: {before})" if after != ALWAYS else f"{subject} always (was: when {before})"
    if not proves(before, after):
        return Change(BREAKING, path, what, f"{subject} in fewer or other cases: its values are no longer collected "
                      "where they were, or required where they were not")
    if can_require:
        return Change(BREAKING, path, what, f"{subject} in more cases and something in it is required: "
                      "a submission accepted before may be refused")
    return Change(COMPATIBLE, path, what, f"{subject} in more cases, and optional there: every submission accepted before still is")


def rule_changes(path: str, old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> Iterator[Change]:
    """Validation rules ``{rule, message, severity}``, compared position by position."""
    blocking = [str(rule["rule"]) for rule in old if _blocks(rule)]
    for index in range(max(len(old), len(new))):
        before = old[index] if index < len(old) else None
        after = new[index] if index < len(new) else None
        change = _rule_change(path, index + 1, before, after, blocking)
        if change:
            yield change


def _rule_change(path: str, number: int, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None,
                 blocking: list[str]) -> Change | None:
    if new is None:
        assert old is not None
        return Change(COMPATIBLE, path, f"rule {number} removed: {old['rule']}", "a rule less refuses nothing new")
    if old is not None and (old["rule"], _blocks(old)) == (new["rule"], _blocks(new)):
        if old == new:
            return None
        return Change(TEXT, path, f"message of rule {number} changed: {new['rule']}", "the rule is the same")
    what = f"rule {number} {'added' if old is None else 'changed'}: " + (
        str(new["rule"]) if old is None else f"{old['rule']} → {new['rule']}")
    if not _blocks(new):
        return Change(COMPATIBLE, path, what, "the rule only warns: it refuses no submission")
    if proves(all_of(blocking), str(new["rule"])):
        return Change(COMPATIBLE, path, what, "wider: every value accepted before still passes")
    return Change(BREAKING, path, what, "narrower or not provably wider: a value accepted before may be refused")


def _blocks(rule: Mapping[str, Any]) -> bool:
    return rule.get("severity", "error") == "error"
