"""Code lists: codes added or removed, and what a label change does to a stored code.

A submission stores the code, never the label, so the label says what the code means. When a
label's numbers change (``bis 30.000 Euro`` → ``bis 25.000 Euro``, ``über 4 Jahre`` → ``über 3
Jahre``) every stored ``stufe_1`` now means something else: breaking. Any other label change
(spelling, wording, a new language) is text only. Numbers are read per language (German
``30.000,50``, English ``30,000.50``), so reformatting a number changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from kitaforms.export.diff._report import BREAKING, COMPATIBLE, TEXT, Change

Options = Mapping[str, Mapping[str, Any]]  # code → {"label": {lang: text}, "hint": {…} | None}
_GROUP = "\u00a0\u202f"  # no-break spaces also group digits
_NUMBERS = {
    "de": re.compile(rf"(?<![\d.,])\d{{1,3}}(?:[.{_GROUP}]\d{{3}}(?!\d))+(?:,\d+)?|\d+(?:,\d+)?"),
    "en": re.compile(rf"(?<![\d.,])\d{{1,3}}(?:[,{_GROUP}]\d{{3}}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?"),
}
_SEPARATORS = {"de": (".", ","), "en": (",", ".")}  # (group, decimal)
_MEANING = ("label", "hint")


def numbers(text: str, language: str) -> tuple[Decimal, ...]:
    """The numbers in ``text`` in order, read with the conventions of ``language``."""
    style = "de" if language.split("-")[0] == "de" else "en"
    group, decimal = _SEPARATORS[style]
    found = []
    for match in _NUMBERS[style].finditer(text):
        digits = match.group()
        for separator in (group, *_GROUP):
            digits = digits.replace(separator, "")
        found.append(Decimal(digits.replace(decimal, ".")))
    return tuple(found)


def code_changes(path: str, old: Options | None, new: Options | None, noun: str = "codes") -> Iterator[Change]:
    """The changes between two lists of allowed codes (``None``: any text is allowed)."""
    if old is None or new is None:
        if old is not None:
            yield Change(COMPATIBLE, path, "no longer limited to a list of codes", "any value is accepted now")
        elif new is not None:
            yield Change(BREAKING, path, "now limited to a list of codes", "values outside the list are refused")
        return
    yield from _removed_and_added(path, old, new, noun)
    for code in [code for code in old if code in new]:
        yield from _meaning(path, code, old[code], new[code])


def _removed_and_added(path: str, old: Options, new: Options, noun: str) -> Iterator[Change]:
    removed = [code for code in old if code not in new]
    added = [code for code in new if code not in old]
    if removed:
        yield Change(BREAKING, path, f"{noun} removed: " + ", ".join(removed),
                     f"submissions with these {noun} are refused; stored ones lose their meaning")
    if added:
        yield Change(COMPATIBLE, path, f"{noun} added: " + ", ".join(added),
                     "a new value is accepted; every value accepted before still is and means the same")


def _meaning(path: str, code: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    for part in _MEANING:
        before, after = old.get(part) or {}, new.get(part) or {}
        if before == after:
            continue
        what = f"code {code}: {part} „{_german(before)}“ → „{_german(after)}“"
        moved = _moved_numbers(before, after)
        if moved:
            yield Change(BREAKING, path, what, f"a number or amount in the {part} changed ({moved}): "
                         f"a stored `{code}` now means something else")
        else:
            yield Change(TEXT, path, what, "wording only: no number or amount changed")


def _moved_numbers(before: Mapping[str, str], after: Mapping[str, str]) -> str:
    for language in sorted(set(before) & set(after)):
        old, new = numbers(before[language], language), numbers(after[language], language)
        if old != new:
            return f"{language}: {_listed(old)} → {_listed(new)}"
    return ""


def _listed(values: tuple[Decimal, ...]) -> str:
    return ", ".join(str(value) for value in values) or "none"


def _german(text: Mapping[str, str]) -> str:
    return text.get("de") or next(iter(text.values()), "")
