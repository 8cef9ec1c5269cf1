"""What citizens type, read the same way here and in the browser runtime (``kitaforms.js``).

GOV.UK validation guidance: ignore harmless characters (spaces, a euro sign, thousands
separators), accept month names in dates. Input that cannot be read is kept as the raw text, so
the submission check reports it and the page shows it again unchanged.

"The same way" is held to by the shared vectors in ``tests/fixtures/field_vectors.json``: white
space is what JavaScript's ``\\s`` and ``trim()`` take (:data:`SPACE`, with the byte order mark,
without Python's extra control characters), digits are ASCII ``0-9`` only (Python's ``\\d`` and
``str.isdigit`` would also take ``٣`` or ``²``, which the browser and the JSON Schema refuse), and
an IBAN is sent without spaces in capitals, as the schema's pattern wants it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kitaforms.runtime import formats
from kitaforms.runtime.formats import amount_text, normalise_iban
from kitaforms.runtime.text import JS_SPACE

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            "januar jan january", "februar feb february", "märz maerz mär mrz mar march", "april apr",
            "mai may", "juni jun june", "juli jul july", "august aug", "september sep sept",
            "oktober okt october oct", "november nov", "dezember dez december dec",
        ),
        start=1,
    )
    for name in names.split()
}
# ECMAScript's WhiteSpace and LineTerminator: what \s and String.prototype.trim() take in the browser
SPACE = JS_SPACE
_IGNORED = re.compile(f"[{re.escape(SPACE)}€']|EUR", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]+")
_PLAIN = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_GROUPED = {",": re.compile(r"[0-9]{1,3}(,[0-9]{3})+"), ".": re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")}


def trim(text: str) -> str:
    """``text`` without white space at either end, as the browser's ``trim()`` does."""
    return text.strip(SPACE)


def is_digits(text: str) -> bool:
    return bool(_DIGITS.fullmatch(text))


def iban_text(text: str) -> str | None:
    """An IBAN as it is sent: without any white space, in capitals (``de89 3704 …`` → ``DE893704…``)."""
    return normalise_iban(text) or None


def parse_number(text: str, places: int) -> int | float | str | None:
    """The number in ``text`` (int when whole), the raw text when unreadable, None when empty."""
    number = _read_decimal(text, places)
    if not isinstance(number, Decimal):
        return number
    return int(number) if number == number.to_integral_value() else float(number)


def parse_amount(text: str, places: int) -> str | None:
    """An amount (money, decimal) as the forms send it: the decimal string with exactly ``places``
    decimals (``"1.250,5"`` → ``"1250.50"``), the raw text when unreadable, None when empty."""
    number = _read_decimal(text, places)
    return amount_text(number, places) if isinstance(number, Decimal) else number


def _read_decimal(text: str, places: int) -> Decimal | str | None:
    raw = trim(text)
    if not raw:
        return None
    normal = _normalise(_IGNORED.sub("", raw), places)
    if normal is None or not _PLAIN.fullmatch(normal):
        return raw
    decimals = normal.partition(".")[2]
    if len(decimals) > places:
        return raw
    try:
        return Decimal(normal)
    except InvalidOperation:
        return raw


def _normalise(text: str, places: int) -> str | None:
    """Turn German or English separators into a plain ``1234.5``."""
    sign, body = (text[0], text[1:]) if text[:1] in "+-" else ("", text)
    if "," in body and "." in body:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        group = "." if decimal == "," else ","
        head, _, tail = body.rpartition(decimal)
        return sign + head.replace(group, "") + "." + tail if _GROUPED[group].fullmatch(head) or is_digits(head) else None
    for separator in ",.":
        count = body.count(separator)
        if count > 1:
            return sign + body.replace(separator, "") if _GROUPED[separator].fullmatch(body) else None
        if count == 1:
            head, _, tail = body.partition(separator)
            grouped = len(tail) == 3 and places < 3 and 1 <= len(head) <= 3 and not head.startswith("0")
            return sign + (head + tail if grouped else head + "." + tail)
    return sign + body


def month_number(text: str) -> str:
    """``"3"``, ``"03"``, ``"März"``, ``"mar."`` → ``"03"``; anything else unchanged."""
    value = trim(text).lower().rstrip(".")
    if is_digits(value) and 1 <= int(value) <= 12:
        return f"{int(value):02d}"
    found = MONTH_NAMES.get(value)
    return f"{found:02d}" if found else trim(text)


def compose_date(day: str, month: str, year: str) -> str | None:
    """Three inputs → ``YYYY-MM-DD`` (maybe impossible, like 2025-02-31); None when all empty."""
    day, month, year = trim(day), month_number(month), trim(year)
    if not (day or month or year):
        return None
    if is_digits(day) and is_digits(month) and is_digits(year) and len(year) == 4 and len(day) <= 2:
        return f"{year}-{month}-{int(day):02d}"
    return f"{year}-{month}-{day}"


def compose_month(month: str, year: str) -> str | None:
    month, year = month_number(month), trim(year)
    if not (month or year):
        return None
    return f"{year}-{month}"


def date_parts(value: object) -> tuple[str, str, str]:
    """(day, month, year) for the three inputs, from ``YYYY-MM-DD`` or a raw composite."""
    if not isinstance(value, str):
        return "", "", ""
    year, _, rest = value.partition("-")
    month, _, day = rest.partition("-")
    return day, month, year


def month_parts(value: object) -> tuple[str, str]:
    if not isinstance(value, str):
        return "", ""
    year, _, month = value.partition("-")
    return month, year


def shown_number(value: object, lang: str, places: int | None = None) -> str:
    """A number, or an amount's decimal string with at most ``places`` decimals, as the citizen would
    type it again (``1250,5``, ``1250,50`` in German); any other text unchanged."""
    if isinstance(value, str) and places is not None and formats.parse_amount(value, places) is not None:
        return value.replace(".", ",") if lang == "de" else value
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return "" if value is None else str(value)
    text = format(Decimal(str(value)), "f")
    return text.replace(".", ",") if lang == "de" else text
