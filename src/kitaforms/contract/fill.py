"""Placeholders in the contract's texts: ``{kind.name}`` takes a value, ``{{`` and ``}}`` write a brace.

:func:`parts` splits a text into literal text and placeholders (with their offsets, so that a check can
point at the character); :func:`fill` puts the values in. Values are plain text: the document template
escapes them like every other text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@dataclass(frozen=True)
class Part:
    """A piece of a text: literal ``text``, a placeholder (``name``), or a stray brace (``broken``)."""

    offset: int
    length: int
    text: str = ""
    name: str | None = None
    broken: bool = False


def parts(text: str) -> Iterator[Part]:
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            yield Part(position, match.start() - position, text[position:match.start()])
        token = match.group(0)
        if token in ("{{", "}}"):
            yield Part(match.start(), 2, token[0])
        elif token in ("{", "}"):
            yield Part(match.start(), 1, token, broken=True)
        else:
            yield Part(match.start(), len(token), name=(match.group(1) or "").strip())
        position = match.end()
    if position < len(text):
        yield Part(position, len(text) - position, text[position:])


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with every placeholder replaced by its value (an unknown one stays as it is written)."""
    out = []
    for part in parts(text):
        if part.name is not None:
            out.append(values.get(part.name, "{" + part.name + "}"))
        else:
            out.append(part.text)
    return "".join(out)
