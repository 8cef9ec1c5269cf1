"""Open to-dos: ``# kitaforms: todo TODO_00x – what to do`` marks in a Kommune's files.

``kitaforms init`` writes them above everything it could not know or took over from another Kommune
(:mod:`kitaforms.errors.todo`); editors may add their own. Each mark is a warning located at the mark,
so ``kitaforms validate --strict`` fails until the item is replaced and the mark deleted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kitaforms.diagnostics import Diagnostic, Location
from kitaforms.errors.todo import CODES
from kitaforms.load.yaml_source import Document

MARK = "# kitaforms: todo"
GENERIC = "TODO_001"
_BREAK = re.compile(r"\r\n|\r|\n")  # as the loader counts lines
_PATTERN = re.compile(r"(?:^|(?<=\s))#\s*kitaforms:\s*todo\b(?:\s+(TODO_\d{3})\b)?\s*(?:[-–:]\s*)?(.*)$")
_TITLES = {code.code: code.title for code in CODES}

HINTS = {
    "TODO_001": "do what the mark says, then delete this line",
    "TODO_002": "enter the real contact (name, e-mail, address) of the Jugendamt and of the data-protection "
                "officer, then delete this line",
    "TODO_003": "replace the sample facilities by your real catalogue and set `sample_data: false`, then delete "
                "this line",
    "TODO_004": "check every setting against your own rules and change what differs, then delete this line",
    "TODO_005": "write your own list, or delete it to use the NRW list; then delete this line",
    "TODO_006": "rewrite the texts for your Kommune or delete the change; then delete this line",
    "TODO_007": "write your own postcodes into the rule or delete the change; then delete this line",
    "TODO_008": "reword the declaration for your Kommune or delete the change; then delete this line",
    "TODO_009": "name your own Satzung (norm and link), then delete this line",
    "TODO_010": "keep the change only if it holds for your Kommune, else delete it; then delete this line",
    "TODO_011": "enter your own Satzung (title, validity, income rules, tables, every number with its source), "
                "then delete this line",
}


def mark(code: str, text: str) -> str:
    """The comment that marks a to-do of kind ``code`` (without indentation or line break)."""
    return f"{MARK} {code} – {text}"


def todo_marks(document: Document) -> Iterator[Diagnostic]:
    """A warning for every to-do mark in ``document``, located at the mark."""
    for number, line in enumerate(_BREAK.split(document.text), start=1):
        found = _PATTERN.search(line)
        if found is None:
            continue
        code = found.group(1) if found.group(1) in _TITLES else GENERIC
        text = (found.group(2) or "").strip() or _TITLES[code]
        if found.group(1) and code == GENERIC and found.group(1) != GENERIC:
            text = f"{found.group(1)} {text}"
        span = found.end(1) if found.group(1) else found.start(2)
        location = Location(document.file, number, found.start() + 1, max(span - found.start(), 1))
        yield Diagnostic.make(code, f"to do: {text}", location, HINTS[code])
