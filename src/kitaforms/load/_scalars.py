"""YAML 1.2 core schema: what a plain scalar means, and where a character of a scalar stands.

The reader gives us scalars as text with their style; we decide their type here with the YAML
1.2 core schema (``no`` and ``on`` stay text, ``0x1F`` is a number, ``%YAML 1.1`` changes nothing)
and keep integers written with leading zeros (AGS ``05315000``) as text.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN")
MAX_NUMBER_DIGITS = 60  # no definition needs more; longer numbers stay text (and fail their check)


def resolve_plain(value: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if _NULL.fullmatch(value):
        return None
    if _BOOL.fullmatch(value):
        return value.lower() == "true"
    if len(value) > MAX_NUMBER_DIGITS:
        return value
    if _INT.fullmatch(value):
        return construct_int(value)
    if _FLOAT.fullmatch(value) or _SPECIAL_FLOAT.fullmatch(value):
        return construct_decimal(value)
    return value


def construct_int(value: str) -> int | str:
    digits = value.lstrip("+-")
    if len(digits) > 1 and digits.startswith("0") and digits.isdigit():
        return value  # AGS codes, postal codes, "08": keep what the editor wrote
    try:
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    except ValueError:
        return value


def construct_decimal(value: str) -> Decimal | str:
    try:
        number = Decimal(value.replace(".inf", "Infinity").replace(".Inf", "Infinity").replace(".INF", "Infinity"))
    except InvalidOperation:
        return value
    if number.is_finite() and abs(number.adjusted()) > MAX_NUMBER_DIGITS:
        return value  # 1e1000000 would become a million-digit integer downstream
    return number


def construct_tagged(tag: str, value: str) -> Any:
    """A scalar with an explicit core tag (``!!str 08``)."""
    kind = tag.rpartition(":")[2]
    if kind == "str":
        return value
    resolved = resolve_plain(value)
    expected = {"int": int, "float": Decimal, "bool": bool, "null": type(None)}.get(kind)
    return resolved if expected is not None and isinstance(resolved, expected) else value


# --- where character `offset` of a scalar's value stands in the source -------------------------------


def source_index(text: str, start: int, end: int, style: str | None, offset: int) -> int:
    """The index in ``text`` of the character at ``offset`` in the value of the scalar at start..end."""
    if style in ("|", ">"):
        return _block_index(text, start, end, offset, folded=style == ">")
    quote = 1 if style in ("'", '"') else 0
    return _flow_index(text, start + quote, end, style, offset)


def _flow_index(text: str, index: int, end: int, style: str | None, offset: int) -> int:
    produced = 0
    while index < end and produced < offset:
        index, count = _flow_step(text, index, end, style)
        produced += count
    if style == '"' and text[index : index + 1] == "\\" and text[index + 1 : index + 2] not in ("\n", ""):
        return index + 1  # point at the escaped character, not at its backslash
    return index


def _flow_step(text: str, index: int, end: int, style: str | None) -> tuple[int, int]:
    """Advance over one source unit; return the new index and how many value characters it gave."""
    char = text[index]
    if char == "\n":
        return _fold(text, index, end)
    if style == "'" and text.startswith("''", index):
        return index + 2, 1
    if style == '"' and char == "\\":
        return _escape(text, index)
    return index + 1, 1


def _fold(text: str, index: int, end: int) -> tuple[int, int]:
    breaks = 0
    while index < end and text[index] in " \t\r\n":
        breaks += text[index] == "\n"
        index += 1
    return index, max(breaks - 1, 1)


_ESCAPE_LENGTHS = {"x": 4, "u": 6, "U": 10}


def _escape(text: str, index: int) -> tuple[int, int]:
    following = text[index + 1 : index + 2]
    if following == "\n":
        return index + 2, 0
    return index + _ESCAPE_LENGTHS.get(following, 2), 1


def _block_index(text: str, start: int, end: int, offset: int, folded: bool) -> int:
    """Align the block's source lines with its value: each line's text appears in order."""
    lines_start = text.find("\n", start) + 1
    body = text[lines_start:end]
    indent = next((len(ln) - len(ln.lstrip(" ")) for ln in body.split("\n") if ln.strip()), 0)
    produced, position = 0, lines_start
    for line in body.split("\n"):
        content = line[indent:] if line.strip() else ""
        if content and offset < produced + len(content):
            return position + indent + (offset - produced)
        produced += len(content) + 1 if content or not folded else 0  # folding absorbs empty lines
        position += len(line) + 1
    return start
