"""A regular expression for the decimal strings of an exact range: how money is validated exactly.

JSON numbers are read as binary floating point by most validators, so ``multipleOf: 0.01`` refuses
ordinary cent amounts such as ``1234.56`` (ajv with default settings, python-jsonschema). An amount
is therefore a JSON **string** in plain decimal notation (``"1234.56"``: an optional ``-``, the
integer part without leading zeros, a ``.`` and one or two decimals), and its range is part of the
pattern, so every validator decides exactly, with no arithmetic at all.

``decimal_pattern(Decimal("0"), Decimal("300"))`` matches ``"0"``, ``"12.5"``, ``"300.00"``, and not
``"300.01"``, ``"12.345"``, ``"012"``, ``"1e3"``. The pattern is anchored and uses only what
ECMA-262 and Python's ``re`` read alike (JSON Schema's ``pattern`` is ECMA-262).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal


def decimal_pattern(minimum: Decimal | None, maximum: Decimal | None, places: int = 2) -> str:
    """An anchored pattern for plain decimal strings with at most ``places`` decimals in the range."""
    unit = Decimal(1).scaleb(-places)
    low = None if minimum is None else int(minimum.quantize(unit, rounding=ROUND_CEILING).scaleb(places))
    high = None if maximum is None else int(maximum.quantize(unit, rounding=ROUND_FLOOR).scaleb(places))
    if low is not None and high is not None and low > high:
        return "^(?!)$"  # no amount fits (the definition's checker reports such a range)
    branches = []
    if high is None or high >= 0:
        branches += _magnitudes(max(low or 0, 0), high, places)
    if low is None or low < 0:
        negative = _magnitudes(max(-(high if high is not None else -1), 1), None if low is None else -low, places)
        branches += ["-" + branch for branch in negative]
    return "^(?:" + "|".join(branches) + ")$"


def _magnitudes(low: int, high: int | None, places: int) -> list[str]:
    """Branches for the unsigned amounts of ``low`` … ``high`` smallest units (``high`` None: no end)."""
    scale = 10**places
    first, low_rest = divmod(low, scale)
    if high is None:
        whole_from = first if low_rest == 0 else first + 1
        branches = [] if low_rest == 0 else _with_fraction(str(first), low_rest, scale - 1, places)
        return branches + [_unbounded(whole_from) + _any_fraction(places)]
    last, high_rest = divmod(high, scale)
    if first == last:
        return _with_fraction(str(first), low_rest, high_rest, places)
    branches = _with_fraction(str(first), low_rest, scale - 1, places)
    if first + 1 <= last - 1:
        branches += [_alternatives(integer_range(first + 1, last - 1)) + _any_fraction(places)]
    return branches + _with_fraction(str(last), 0, high_rest, places)


def _with_fraction(whole: str, low: int, high: int, places: int) -> list[str]:
    """``whole`` followed by a fraction worth ``low`` … ``high`` smallest units (none when ``low`` is 0)."""
    if low == 0 and high == 10**places - 1:
        return [whole + _any_fraction(places)]
    fractions = [digits for length in range(1, places + 1) for digits in _strings(length)
                 if low <= int(digits) * 10 ** (places - length) <= high]
    tail = "\\.(?:" + "|".join(_compress(fractions)) + ")" if fractions else ""
    if low == 0:
        return [whole + (f"(?:{tail})?" if tail else "")]
    return [whole + tail] if tail else []


def _strings(length: int) -> list[str]:
    return [str(number).zfill(length) for number in range(10**length)]


def _compress(strings: list[str]) -> list[str]:
    """Digit strings as few branches: ``["05", "10", …, "99"]`` → ``["05", "[1-9][0-9]"]``."""
    by_prefix: dict[str, list[str]] = {}
    for text in strings:
        by_prefix.setdefault(text[:-1], []).append(text[-1])
    by_tail: dict[tuple[int, str, str], list[str]] = {}  # (length, stem, last-digit class) → prefixes' last digits
    for prefix, last in by_prefix.items():
        by_tail.setdefault((len(prefix), prefix[:-1], _digit_class(sorted(last))), []).append(prefix[-1:])
    return [stem + (_digit_class(sorted(heads)) if length else "") + tail
            for (length, stem, tail), heads in by_tail.items()]


def _digit_class(digits: list[str]) -> str:
    if len(digits) == 1:
        return digits[0]
    if int(digits[-1]) - int(digits[0]) == len(digits) - 1:
        return f"[{digits[0]}-{digits[-1]}]"
    return "[" + "".join(digits) + "]"


def _any_fraction(places: int) -> str:
    return f"(?:\\.[0-9]{{1,{places}}})?" if places else ""


def _unbounded(low: int) -> str:
    """Whole numbers ≥ ``low`` without leading zeros."""
    digits = len(str(low))
    longer = f"[1-9][0-9]{{{digits},}}"
    return _alternatives([*integer_range(low, 10**digits - 1), longer])


def _alternatives(branches: list[str]) -> str:
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def integer_range(low: int, high: int) -> list[str]:
    """Patterns for the whole numbers ``low`` … ``high`` (≥ 0), written without leading zeros."""
    branches: list[str] = []
    for length in range(len(str(low)), len(str(high)) + 1):
        start = max(low, 10 ** (length - 1) if length > 1 else 0)
        end = min(high, 10**length - 1)
        if start <= end:
            branches += _same_length(str(start), str(end))
    return branches


def _same_length(low: str, high: str) -> list[str]:
    """Patterns for the digit strings of one length from ``low`` to ``high``."""
    if low == high:
        return [low]
    if set(low) == {"0"} and set(high) == {"9"}:
        return ["[0-9]" if len(low) == 1 else f"[0-9]{{{len(low)}}}"]
    if len(low) == 1:
        return [_digit_class([str(d) for d in range(int(low), int(high) + 1)])]
    if low[0] == high[0]:
        return [low[0] + rest for rest in _same_length(low[1:], high[1:])]
    width = len(low) - 1
    first = int(low[0]) if set(low[1:]) == {"0"} else int(low[0]) + 1  # whole blocks of 10**width
    last = int(high[0]) if set(high[1:]) == {"9"} else int(high[0]) - 1
    branches = [] if first == int(low[0]) else [low[0] + rest for rest in _same_length(low[1:], "9" * width)]
    if first <= last:
        middle = _digit_class([str(d) for d in range(first, last + 1)])
        branches.append(middle + ("[0-9]" if width == 1 else f"[0-9]{{{width}}}"))
    if last != int(high[0]):
        branches += [high[0] + rest for rest in _same_length("0" * width, high[1:])]
    return branches
