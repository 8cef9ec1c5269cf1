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

import orjson


def plain(value: Any) -> Any:
    """``value`` with every Decimal turned into an int or an exactly round-tripping float."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (Decimal, date)):
        return plain_scalar(value)
    return value


def plain_scalar(value: Any) -> Any:
    """What :func:`plain` makes of one value ``json`` cannot write itself (its ``default=``)."""
    if isinstance(value, Decimal):
        return decimal_number(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def decimal_number(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    if Decimal(repr(number)) != value:
        raise ValueError(f"{value} cannot be written as a JSON number without losing digits")
    return number


def dumps(data: Any) -> bytes:
    """The stable bytes of ``data``: orjson where it writes exactly what ``json`` writes, else ``json``."""
    try:
        return orjson.dumps(data, default=_fast_default, option=_FAST)
    except (orjson.JSONEncodeError, _NotExact):
        return (json.dumps(plain(data), sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# orjson gives the bytes of ``json.dumps(..., sort_keys=True, ensure_ascii=False, indent=2) + "\n"``
# (checked on every committed export) at a twentieth of the time, except for what it writes in its own
# way: keys that are not text, integers beyond 64 bits (it refuses both) and Decimals whose float
# Python writes with an exponent (1e-05; orjson 0.00001). Those take the ``json`` path. (Export data
# holds numbers as Decimal or int; a bare float would be written by orjson in its own notation, the
# same value and as reproducible.)
_FAST = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE | orjson.OPT_PASSTHROUGH_DATETIME


class _NotExact(Exception):
    pass


def _fast_default(value: Any) -> Any:
    if not isinstance(value, (Decimal, date)):
        raise _NotExact
    scalar = plain_scalar(value)
    if isinstance(scalar, float) and "e" in repr(scalar):
        raise _NotExact
    return scalar


def loads(raw: bytes | str) -> Any:
    return json.loads(raw, parse_float=Decimal)
