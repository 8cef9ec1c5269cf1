"""Numbers as the editor wrote them: German thousands separators and decimal commas.

YAML reads ``25.000`` as 25 (with three decimals) and ``1.500,50`` as text, so an editor who copies
a German table (``25.000 €``) gets a fee rule that is silently a thousand times too small. The
checks of amounts and bracket bounds therefore look at the token as written (the loader keeps its
place in the text) and use :func:`meant_number` to say which number the editor probably meant.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from kitaforms.load.yaml_source import DataPath, Document

# 25.000, 1.500.000, 1234.500: a point followed by groups of exactly three digits (never cents); not 0.001.
_THOUSANDS = re.compile(r"([-+]?)([1-9]\d*(?:\.\d{3})+)")
# 1.500,50, 25,5, 1500,00: a decimal comma, optionally with thousands points.
_DECIMAL_COMMA = re.compile(r"([-+]?)(\d{1,3}(?:\.\d{3})+|\d+),(\d{1,2})")
_FLOW_CENTS = re.compile(r",\d{1,2}(?=[\s,}\]]|$)")


def written(document: Document, path: DataPath) -> str | None:
    """The number at ``path`` as written in the file (a plain or quoted scalar), or None."""
    value = _value_at(document.data, path)
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, (int, Decimal)) or isinstance(value, bool):
        return None
    info = document.values.get(path)
    if info is None or info.style is not None or info.end <= info.start:
        return str(value)
    cents = _FLOW_CENTS.match(document.text, info.end)  # `{fee: 1.500,50}`: the comma ends the scalar
    return document.text[info.start : cents.end() if cents else info.end].strip()


def meant_number(token: str) -> str | None:
    """The number a German-formatted ``token`` probably means (``25.000`` → ``25000``), else None."""
    found = _THOUSANDS.fullmatch(token)
    if found:
        return found.group(1).replace("+", "") + found.group(2).replace(".", "")
    found = _DECIMAL_COMMA.fullmatch(token)
    if found:
        cents = found.group(3).ljust(2, "0")
        return found.group(1).replace("+", "") + found.group(2).replace(".", "") + "." + cents
    return None


def number_hint(meant: str) -> str:
    """The hint for a German-formatted number (worded in German through the catalogue)."""
    return f"did you mean `{meant}`? amounts are written without thousands points, cents after a point (`1500.50`)"


def _value_at(data: Any, path: DataPath) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node
