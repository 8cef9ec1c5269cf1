"""``fees/<period>.json``: the Kommune's Satzungen compiled for the fee estimate.

An income bracket's bounds (``tables[].brackets``), a fee-free income limit and an age group's
bounds decide which Stufe or group a family falls in: when they move, a stored Stufe means other
incomes — breaking. Other changes of the rules (amounts, sibling rules …) change the estimate,
not what submitted data mean: compatible. Messages, titles, sources, paragraphs: text only.
A Satzung added is compatible; one removed is breaking (its period is no longer computed).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from kitaforms.export._json import loads
from kitaforms.export.diff._report import BREAKING, COMPATIBLE, TEXT, Change

PREFIX = "fees/"
_TEXTS = frozenset({"messages", "words", "title", "sources", "paragraph", "summary", "label", "note", "notes", "jugendamt"})


def fee_changes(old_files: Mapping[str, bytes], new_files: Mapping[str, bytes]) -> Iterator[Change]:
    old, new = _rules(old_files), _rules(new_files)
    for path in sorted(set(old) - set(new)):
        yield Change(BREAKING, path, "fee rules removed", "the estimate no longer covers this period")
    for path in sorted(set(new) - set(old)):
        yield Change(COMPATIBLE, path, "fee rules added", "a new period for the estimate; submitted data keep their meaning")
    for path in sorted(set(old) & set(new)):
        yield from _compare(path, old[path], new[path])


def _rules(files: Mapping[str, bytes]) -> dict[str, Any]:
    return {path: loads(content) for path, content in files.items() if path.startswith(PREFIX) and path.endswith(".json")}


def _compare(path: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    bounds = list(_bounds(path, old, new))
    yield from bounds
    if bounds:
        return  # the amounts usually move with the bounds; the breaking change says enough
    if _canonical(_without_texts(old)) != _canonical(_without_texts(new)):
        yield Change(COMPATIBLE, path, "fee rules changed (amounts or rules of the estimate)",
                     "the estimate computes other amounts; submitted data keep their meaning")
    elif _canonical(old) != _canonical(new):
        yield Change(TEXT, path, "text of the fee rules changed", "messages, titles and sources only")


def _bounds(path: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    for what, read in (("income bracket bounds", _brackets), ("fee-free income limits", _free_income), ("age group bounds", _ages)):
        before, after = read(old), read(new)
        if before != after:
            yield Change(BREAKING, path, f"{what} changed: {_first_difference(before, after)}",
                         "a Stufe or age group now covers other families: a stored Stufe means something else")


def _brackets(rules: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    return {str(table.get("id")): [(b.get("stufe"), b.get("low"), b.get("high")) for b in table.get("brackets", [])]
            for table in rules.get("tables") or []}


def _free_income(rules: dict[str, Any]) -> list[Any]:
    return [(rule.get("up_to"), rule.get("care_types")) for rule in ((rules.get("fee_free") or {}).get("income_up_to") or [])]


def _ages(rules: dict[str, Any]) -> list[Any]:
    groups = (rules.get("age_groups") or {}).get("groups") or []
    return [(group.get("id"), group.get("from_years"), group.get("below_years")) for group in groups]


def _first_difference(before: Any, after: Any) -> str:
    if isinstance(before, dict) and isinstance(after, dict):
        key = next(key for key in sorted(set(before) | set(after), key=str) if before.get(key) != after.get(key))
        return f"{key}: {_first_difference(before.get(key), after.get(key))}"
    if isinstance(before, list) and isinstance(after, list):
        pairs = [(b, a) for b, a in zip(before, after, strict=False) if b != a]
        if pairs:
            return f"{_shown(pairs[0][0])} → {_shown(pairs[0][1])}"
    return f"{_shown(before)} → {_shown(after)}"


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join("–" if part is None else str(part) for part in value) + ")"
    return str(value)


def _without_texts(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_texts(item) for key, item in value.items() if key not in _TEXTS}
    if isinstance(value, list):
        return [_without_texts(item) for item in value]
    return value


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
