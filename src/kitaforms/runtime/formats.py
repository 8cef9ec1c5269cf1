"""Value formats shared by the JSON Schema, the browser (HTML ``pattern``) and the server.

The regular expressions are written in the common subset of Python and JavaScript syntax, so the
same string can stand in a schema ``pattern``, an HTML ``pattern`` attribute and ``re.fullmatch``.

Amounts (``money``, ``decimal``) travel as **decimal strings** in plain notation — ``"1234.56"``:
an optional ``-``, the whole part without leading zeros, a ``.`` and at most the field's number of
decimals — never as JSON numbers, which most validators read as binary floating point. The shape
comes from :func:`kitaforms.export._decimal_pattern.decimal_pattern` (the schema's ``pattern``
adds the field's range); :func:`parse_amount` reads such a string, :func:`amount_text` writes one.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kitaforms.export._decimal_pattern import decimal_pattern
from kitaforms.runtime.iban import PATTERN as IBAN_PATTERN
from kitaforms.runtime.text import JS_SPACE

PATTERNS = {
    "postal_code": r"^[0-9]{5}$",
    "email": r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$",
    "tel": r"^\+?[0-9 ()/-]{6,30}$",
    "iban": IBAN_PATTERN,  # the IBANs of the SEPA countries, each with its length and format (runtime/iban.py)
    "date": r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
    "month": r"^[0-9]{4}-(0[1-9]|1[0-2])$",
}

_COMPILED = {name: re.compile(pattern) for name, pattern in PATTERNS.items()}


def matches(kind: str, value: str) -> bool:
    return bool(_COMPILED[kind].match(value))


_IBAN_SPACE = re.compile(f"[{re.escape(JS_SPACE)}]+")


def normalise_iban(value: str) -> str:
    """An IBAN as it is stored and sent: no white space (what JavaScript's ``\\s`` takes, as the browser
    reads it: ``DE89 3704 …`` as on the bank card, no-break spaces too), in capitals."""
    return _IBAN_SPACE.sub("", value).upper()


def iban_valid(value: str) -> bool:
    """An IBAN of a SEPA country (its length and format) with a right ISO 7064 mod 97-10 check (any
    white space, any case)."""
    iban = normalise_iban(value)
    if not matches("iban", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def parse_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not matches("date", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_month(value: object) -> date | None:
    """``YYYY-MM`` as the first day of that month."""
    if not isinstance(value, str) or not matches("month", value) or value.startswith("0000"):
        return None
    return date(int(value[:4]), int(value[5:7]), 1)


def parse_number(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


AMOUNT_PLACES = {"money": 2}  # decimals of an amount by field type; a decimal field says its own


def amount_places(element: object) -> int | None:
    """How many decimals an amount of this field may have (None: the field takes no amount)."""
    kind = getattr(element, "type", None)
    if kind == "computed":
        return 2 if getattr(element, "value_type", None) == "money" else None
    if kind == "decimal":
        return int(getattr(element, "decimals", 2))
    return AMOUNT_PLACES.get(str(kind))


@lru_cache(maxsize=16)
def _amount_shape(places: int) -> re.Pattern[str]:
    return re.compile(decimal_pattern(None, None, places))


def parse_amount(value: object, places: int) -> Decimal | None:
    """A decimal string with at most ``places`` decimals (``"1234.56"``) as a Decimal, else None."""
    if not isinstance(value, str) or not _amount_shape(places).match(value):
        return None
    return Decimal(value)


def amount_text(number: Decimal, places: int) -> str:
    """``number`` as the decimal string the forms send: exactly ``places`` decimals (``"1250.50"``)."""
    text = format(number.quantize(Decimal(1).scaleb(-places)), "f")
    return text[1:] if text.startswith("-") and Decimal(text) == 0 else text
