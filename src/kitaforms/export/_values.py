"""Plausible answers for each field type, in a fixed order, for the example submissions.

Every list is deterministic (no randomness, no clock): dates are relative to the examples'
reference date. The example generator tries the values in order until the form's rules accept
one, so the first value is the most typical one.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from datetime import date
from decimal import Decimal
from typing import Any

from kitaforms.check.choices import options_of
from kitaforms.model.walk import Placed
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.formats import amount_places, amount_text

# Tiny but well-formed files, so an example's sha256 and size describe real content.
EXAMPLE_FILES: dict[str, tuple[str, bytes]] = {
    "application/pdf": (
        "nachweis.pdf",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    ),
    "image/png": ("nachweis.png", b""),  # filled in below by _png()
    "image/jpeg": ("nachweis.jpg", bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")),
}



def _png() -> bytes:
    """A valid 1×1 white PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff", 9)) + chunk(b"IEND", b"")


EXAMPLE_FILES["image/png"] = ("nachweis.png", _png())

_BY_AUTOCOMPLETE = {
    "given-name": ["Mia", "Noah"], "family-name": ["Beispiel", "Muster"], "name": ["Mia Beispiel"],
    "street-address": ["Musterweg 12"], "address-line1": ["Musterweg 12"], "address-level2": ["Musterstadt"],
    "country-name": ["Deutschland"], "organization": ["Beispiel GmbH"], "email": ["eltern@example.org"],
    "tel": ["0221 1234567"], "postal-code": ["50667"],
}
_BY_NAME = [
    ("vorname", ["Mia", "Noah"]), ("nachname", ["Beispiel"]), ("familienname", ["Beispiel"]),
    ("geburtsname", ["Beispiel"]), ("strasse", ["Musterweg"]), ("hausnummer", ["12", "3a"]),
    ("plz", ["50667"]), ("wohnort", ["Musterstadt"]), ("ort", ["Musterstadt"]), ("staat", ["deutsch"]),
    ("name", ["Beispiel", "Mia Beispiel"]), ("arbeitgeber", ["Beispiel GmbH"]), ("telefon", ["0221 1234567"]),
]
_GENERIC_TEXT = ["Beispiel", "Beispieltext", "Muster", "A", "1", "12345", "ABC123", "Ja"]


def candidates(resolved: ResolvedForm, placed: Placed, today: date, start: int = 0) -> list[Any]:
    """Answers to try for ``placed``, most plausible first (``start`` rotates choices)."""
    element = placed.element
    make = _MAKERS.get(element.type)
    if make is None:
        return []
    values = make(resolved, placed, today)
    if start and element.type in ("choice", "multichoice", "ranked_choice", "boolean") and values:
        shift = start % len(values)
        values = values[shift:] + values[:shift]
    return values


def file_object(content_type: str) -> tuple[dict[str, Any], str, bytes]:
    name, content = EXAMPLE_FILES.get(content_type, ("nachweis.bin", b"kitaforms example attachment\n"))
    described = {"name": name, "type": content_type, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    return described, name, content


def _text(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    element = placed.element
    pool = list(_BY_AUTOCOMPLETE.get(element.autocomplete or "", []))
    for key, values in _BY_NAME:
        if key in element.id:
            pool += values
            break
    pool += _GENERIC_TEXT
    pattern = getattr(element, "pattern", None)
    if pattern:
        sample = sample_regex(pattern)
        pool = ([sample] if sample is not None else []) + pool
    low = getattr(element, "min_length", None) or 0
    high = element.max_length or 10_000
    fits = [v for v in dict.fromkeys(pool) if low <= len(v) <= high and (not pattern or re.fullmatch(pattern, v))]
    if not fits and not pattern and high >= max(low, 1):
        fits = ["x" * max(low, 1)]
    return fits


def _textarea(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    high = placed.element.max_length or 10_000
    return [v for v in ("Wir freuen uns auf einen Platz.", "Beispieltext", "x") if len(v) <= high]


# Amounts as people write them: cents, round sums, typical incomes and fees.
_AMOUNTS = ("1234.56", "35", "19.99", "7.5", "0", "1", "24000", "2580.4", "0.5")


def _numbers(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    """Integers as JSON numbers; money and decimal amounts as decimal strings (``"1234.56"``)."""
    element = placed.element
    kind = element.type
    base = [Decimal(v) for v in ("2", "35", "1", "0", "10")] if kind == "integer" else [Decimal(v) for v in _AMOUNTS]
    low, high = element.minimum, element.maximum
    if "jahr" in placed.name or (low is not None and low >= 1900):
        base = [Decimal(today.year + shift) for shift in (0, -1, 1)] + base
    values = []
    for value in [*base, low, high]:
        if value is None:
            continue
        value = Decimal(value)
        if (low is None or value >= low) and (high is None or value <= high):
            values.append(value)
    if kind == "integer":
        return list(dict.fromkeys(int(v) for v in values if v == v.to_integral_value()))
    places = amount_places(element) or 0
    step = Decimal(1).scaleb(-places)
    return list(dict.fromkeys(amount_text(v, places) for v in values if v == v.quantize(step)))


def _shift(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1 if months > 0 else min(day.day, 28))


def _dates(today: date, name: str) -> list[date]:
    birth = [_shift(today, -40), _shift(today, -14), _shift(today, -70)]
    start = [_shift(today, 6), _shift(today, 3), _shift(today, 12)]
    adult = [_shift(today, -420)]
    past = [_shift(today, -1), _shift(today, -24), today]
    if "geburt" in name:
        first = birth + adult
    elif any(key in name for key in ("beginn", "start", "aufnahme", "eintritt", "_ab", "gewuenscht")):
        first = start
    else:
        first = past
    return list(dict.fromkeys(first + past + start + birth + adult))


def _date(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    return [day.isoformat() for day in _dates(today, placed.name)]


def _month(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    return list(dict.fromkeys(day.isoformat()[:7] for day in _dates(today, placed.name)))


def _codes(resolved: ResolvedForm, placed: Placed) -> list[str]:
    options = options_of(resolved, placed.element)  # type: ignore[arg-type]
    if options is None and getattr(placed.element, "catalogue", None) == "einrichtungen" and resolved.facilities:
        return [facility.id for facility in resolved.facilities.facilities]
    return [option.code for option in options or []]


def _choice(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    return _codes(resolved, placed)


def _multichoice(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    codes = _codes(resolved, placed)
    element = placed.element
    low = max(element.min_items or 1, 1)
    high = element.max_items or len(codes)
    picks = [codes[i : i + low] for i in range(len(codes))] + [codes[: min(high, len(codes))]]
    return [list(p) for p in dict.fromkeys(tuple(p) for p in picks) if low <= len(p) <= high]


def _ranked(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    element = placed.element
    codes = _codes(resolved, placed)
    reasons = [o.code for o in resolved.form.code_lists.get(element.reasons, [])] if element.reasons else []
    count = min(max(element.min_picks, 1), element.max_picks, len(codes))
    values = []
    for offset in range(max(len(codes) - count + 1, 1)):
        picks = []
        for code in codes[offset : offset + count]:
            pick: dict[str, Any] = {"code": code}
            if reasons:
                pick["reasons"] = [reasons[0]]
            picks.append(pick)
        if picks:
            values.append(picks)
    return values


def _boolean(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    return [True, False]


def _declaration(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    return [True]


def _fixed(*values: str) -> Any:
    return lambda resolved, placed, today: list(values)


def _postal_code(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    own = []
    kommune = resolved.kommune
    if kommune and kommune.jugendamt.address:
        own.append(kommune.jugendamt.address.postal_code)
    return list(dict.fromkeys([*own, "50667", "33602"]))


def _file(resolved: ResolvedForm, placed: Placed, today: date) -> list[Any]:
    element = placed.element
    described = [file_object(content_type)[0] for content_type in element.accept]
    return [[item] for item in described] if element.max_files > 1 else described


_MAKERS: dict[str, Any] = {
    "text": _text, "textarea": _textarea, "integer": _numbers, "decimal": _numbers, "money": _numbers,
    "date": _date, "month": _month, "boolean": _boolean, "declaration": _declaration, "choice": _choice,
    "multichoice": _multichoice, "ranked_choice": _ranked, "file": _file, "postal_code": _postal_code,
    "email": _fixed("eltern@example.org", "kontakt@example.com"), "tel": _fixed("0221 1234567", "+49 211 987654"),
    "iban": _fixed("DE89370400440532013000", "DE02120300000000202051"),
}


def sample_regex(pattern: str) -> str | None:
    """One string matching a simple regular expression (classes, repeats, groups, branches)."""
    try:
        import re._parser as sre  # type: ignore[import-not-found]
    except ImportError:  # Python < 3.11
        import sre_parse as sre  # type: ignore[no-redef]
    try:
        tree = sre.parse(pattern)
        text = _sample(tree)
    except Exception:  # noqa: BLE001 - any construct we do not know: no sample
        return None
    return text if text is not None and re.fullmatch(pattern, text) else None


def _sample(items: Any) -> str:
    out = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_in(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = arg
            out.append(_sample(sub) * max(low, 1))
        elif name == "SUBPATTERN":
            out.append(_sample(arg[-1]))
        elif name == "BRANCH":
            out.append(_sample(arg[1][0]))
        elif name == "AT":
            continue
        else:
            raise ValueError(name)
    return "".join(out)


def _in(items: Any) -> str:
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            return chr(arg[0])
        if name == "CATEGORY":
            return {"CATEGORY_DIGIT": "1", "CATEGORY_WORD": "a", "CATEGORY_SPACE": " "}.get(str(arg), "a")
        if name == "NEGATE":
            return "a"
    raise ValueError("empty class")
