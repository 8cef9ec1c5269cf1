"""Numbers written in German format (``25.000``, ``1.500,50``) in settings and money limits.

YAML reads ``25.000`` as 25: a threshold, an allowance or a money field's limit would silently be a
thousand times too small. The token as written (through the merged source's origin) tells.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from kitaforms.diagnostics import Diagnostic
from kitaforms.load.numbers import meant_number, number_hint, written
from kitaforms.load.yaml_source import DataPath
from kitaforms.model.walk import walk
from kitaforms.resolve import ResolvedForm

MONEY_LIMITS = ("minimum", "maximum")


def check_numbers(resolved: ResolvedForm) -> Iterator[Diagnostic]:
    settings = resolved.source.data.get("settings") or {}
    for name, value in settings.items():
        if _numeric(value):
            yield from _german(resolved, ("settings", name), f"the setting `{name}` is")
    for placed in walk(resolved.form):
        if placed.element.type == "money":
            for key in MONEY_LIMITS:
                yield from _german(resolved, (*placed.path, key), f"`{key}` of `{placed.element.id}` is")


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, Decimal, str)) and not isinstance(value, bool)


def _german(resolved: ResolvedForm, path: DataPath, what: str) -> Iterator[Diagnostic]:
    origin = resolved.source.origin(path)
    if origin is None:
        return
    document, where = origin
    token = written(document, where)
    meant = meant_number(token) if token else None
    if meant is not None:
        yield german_number(what, token or "", meant, document.locate(where))


def german_number(what: str, token: str, meant: str, location: Any) -> Diagnostic:
    """FORM_028: ``token`` (the value of ``what``) is written in German number format."""
    return Diagnostic.make("FORM_028", f"{what} written in German number format: `{token}`", location,
                           number_hint(meant))
