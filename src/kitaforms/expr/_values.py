"""Runtime values and the small helpers the evaluator and the function table share.

Values are ``Decimal`` (never float), ``str``, ``bool``, ``date``, lists, mappings (entries of a
repeat) and ``None`` for a missing or unfilled value. Dates may also arrive as ISO text
(``"2025-08-01"``) from plain data; :func:`as_date` accepts both. Where a date meets a text, both
are compared as ISO text, which is what the browser runtime (where dates are strings) does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Clamped, Context, Decimal, DivisionByZero, InvalidOperation, Overflow

Value = Decimal | str | bool | date | list["Value"] | Mapping[str, object] | None

# One explicit context, so a caller's thread-local decimal settings never change a result.
CONTEXT = Context(prec=28, traps=[DivisionByZero, InvalidOperation, Overflow, Clamped])

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


class LiteralError(ValueError):
    """A literal argument that can never work, found at compile time."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_iso_date(text: object) -> date:
    """``YYYY-MM-DD`` only; raises :class:`LiteralError` with a hint otherwise."""
    if not isinstance(text, str):
        raise LiteralError(f"{text!r} is not a text", 'write the date in quotes, e.g. datum("2025-08-01")')
    match = _ISO_DATE.fullmatch(text)
    try:
        if match:
            return date(*map(int, match.groups()))
    except ValueError:
        raise LiteralError(f'"{text}" is not a calendar date', _date_hint(text)) from None
    raise LiteralError(f'"{text}" is not a date in the form YYYY-MM-DD', _date_hint(text))


def _date_hint(text: str) -> str:
    german = _GERMAN_DATE.fullmatch(text.strip())
    if german:
        day, month, year = map(int, german.groups())
        try:
            return f'write datum("{date(year, month, day).isoformat()}")'
        except ValueError:
            pass
    return 'write the date as year-month-day, e.g. datum("2025-08-01")'


def as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return parse_iso_date(value)
        except LiteralError:
            return None
    return None


def as_number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return as_number(Decimal(repr(value)))
    return None


def as_text(value: object) -> str | None:
    """Texts as they are, dates as their ISO text (as the browser holds them), else None."""
    if isinstance(value, date):
        return as_date(value).isoformat()  # type: ignore[union-attr]
    return value if isinstance(value, str) else None


def truthy(value: object) -> bool:
    """Only ``true`` is true: null, numbers and texts are not conditions."""
    return value is True


def present(values: object) -> list[object]:
    """The non-null items of a list (aggregates skip nulls); null counts as an empty list."""
    if values is None:
        return []
    items = values if isinstance(values, list) else [values]
    return [item for item in items if item is not None]


def uniform(items: Sequence[object], coercions: Sequence[Callable[[object], object]]) -> list[object]:
    """The items converted by the first coercion that accepts all of them, or ``[]``."""
    for coerce in coercions:
        converted = [coerce(item) for item in items]
        if None not in converted:
            return converted
    return []


def is_filled(value: object) -> bool:
    return value is not None and value != "" and value != []


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` is earlier).

    A month is complete on the same day number of a later month; when that month is shorter
    (31 January → February), it completes on the 1st of the month after.
    """
    if end < start:
        return -months_between(end, start)
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (end.day < start.day)


def full_years(birth: date, day: date) -> int:
    """Age in completed years on ``day``; someone born on 29 February turns older on 1 March."""
    months = months_between(birth, day)
    return months // 12 if months >= 0 else -(-months // 12)


def plain(value: object) -> Value:
    """Plain Python/JSON data as expression values: ints and floats become ``Decimal``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return as_number(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value  # type: ignore[return-value]
