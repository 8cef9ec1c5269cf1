"""Limits must leave room for a valid answer; patterns must be valid regular expressions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from kitaforms.diagnostics import Diagnostic
from kitaforms.model.walk import walk
from kitaforms.resolve import ResolvedForm

LIMIT_PAIRS = (("minimum", "maximum"), ("min_length", "max_length"), ("min_items", "max_items"), ("min_picks", "max_picks"))


def check_limits(resolved: ResolvedForm) -> Iterator[Diagnostic]:
    for placed in walk(resolved.form):
        element = placed.element
        for low_key, high_key in LIMIT_PAIRS:
            low, high = getattr(element, low_key, None), getattr(element, high_key, None)
            if isinstance(low, (int, Decimal)) and isinstance(high, (int, Decimal)) and low > high:
                yield Diagnostic.make(
                    "FORM_016", f"`{low_key}` ({low}) is greater than `{high_key}` ({high}) in `{element.id}`",
                    resolved.source.locate((*placed.path, low_key)), f"make `{low_key}` at most `{high_key}`",
                )
        pattern = getattr(element, "pattern", None)
        if pattern:
            yield from _check_pattern(resolved, placed.path, pattern)


def _check_pattern(resolved: ResolvedForm, path: tuple[str | int, ...], pattern: str) -> Iterator[Diagnostic]:
    try:
        re.compile(pattern)
    except re.error as exc:
        yield Diagnostic.make(
            "FORM_018", f"`pattern` is not a valid regular expression: {exc.msg}",
            resolved.source.locate_in_scalar((*path, "pattern"), exc.pos or 0),
            "check brackets and escape special characters with `\\`",
        )
