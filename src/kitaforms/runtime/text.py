"""Text answers as the citizen meant them, the same on every way in (JSON, a plain form post, the browser).

- Every text is stored in Unicode normal form C: ``Müller`` typed on a keyboard that composes
  ``u`` + ``◌̈`` arrives as the one character ``ü``, so the back office finds it as it searches.
- A value made only of white space and invisible characters (no-break space, zero-width space,
  joiners, byte-order mark) is no answer: a required field with only those is missing.
- Direction controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates) are refused in
  one-line texts such as names: they make a name display differently from what is stored (the
  "Trojan source" trick). Right-to-left names need none of them; the marks U+200E/U+200F stay allowed.

The browser runtime (``kitaforms.js``: ``INVISIBLE``, ``DIRECTION``) uses the same character sets.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner, word joiner, byte-order mark
# what JavaScript's \s and trim() take (the browser reads inputs with them; kitaforms.render._values too)
JS_SPACE = "\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000\ufeff"
# what str.isspace() is true for (test_text_answers.py checks it against every code point)
WHITE_SPACE = JS_SPACE.replace("\ufeff", "") + "\x1c\x1d\x1e\x1f\x85"
_BLANK = WHITE_SPACE + INVISIBLE
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")


def blank(text: str) -> bool:
    """Only white space and invisible characters (or nothing)."""
    return not text.strip(_BLANK)


def has_direction_controls(text: str) -> bool:
    return _DIRECTION.search(text) is not None


def nfc(data: Any) -> Any:
    """``data`` with every text in normal form C (keys too); other values as they are."""
    if isinstance(data, str):
        return data if data.isascii() else unicodedata.normalize("NFC", data)
    if isinstance(data, dict):
        return {nfc(key): nfc(value) for key, value in data.items()}
    if isinstance(data, list):
        return [nfc(item) for item in data]
    return data
