"""Limits on a value: narrower is breaking, wider (or gone) is compatible."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kitaforms.export.diff._report import BREAKING, COMPATIBLE, Change

UPPER, LOWER, EXACT = "upper", "lower", "exact"  # narrower when smaller / larger / any change


def limit_change(path: str, key: str, old: Any, new: Any, direction: str) -> Change | None:
    if old == new:
        return None
    if old is None:
        return Change(BREAKING, path, f"{key} {_shown(new)} added", "a new limit may refuse a value accepted before")
    if new is None:
        return Change(COMPATIBLE, path, f"{key} {_shown(old)} removed", "no limit any more: every value accepted before still is")
    what = f"{key} {_shown(old)} → {_shown(new)}"
    if direction == EXACT or not (_number(old) and _number(new)):
        return Change(BREAKING, path, what, "a value accepted before may be refused")
    narrower = new < old if direction == UPPER else new > old
    if narrower:
        return Change(BREAKING, path, what, "narrower: a value accepted before may be refused")
    return Change(COMPATIBLE, path, what, "wider: every value accepted before still is")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)
