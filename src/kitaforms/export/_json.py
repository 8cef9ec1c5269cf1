"""Stable JSON bytes: the one way every export file is serialised.

``json.dumps(..., sort_keys=True, ensure_ascii=False, indent=2)`` plus a final newline, so the
same data always gives the same bytes. ``Decimal`` values become JSON numbers without losing a
digit (an integral Decimal is written as an integer, any other one as its shortest float form,
which is checked to read back as the same decimal text); readers parse with
``parse_float=Decimal`` to get them back exactly.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any


def plain(value: Any) -> Any:
    """``value`` with every Decimal turned into an int or an exactly round-tripping float."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, Decimal):
        return decimal_number(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def decimal_number(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    if Decimal(repr(number)) != value:
        raise ValueError(f"{value} cannot be written as a JSON number without losing digits")
    return number


def dumps(data: Any) -> bytes:
    return (json.dumps(plain(data), sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def loads(raw: bytes | str) -> Any:
    return json.loads(raw, parse_float=Decimal)
