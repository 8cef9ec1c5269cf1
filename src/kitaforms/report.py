"""Turn diagnostics into what an editor reads: compiler-style text, or JSON for tools.

``lang="de"`` words messages, hints and the summary in German (:mod:`kitaforms.errors.wording`); the
head of each block (``file:line:col: error CODE:``) stays as it is, for tools that read it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from kitaforms.diagnostics import Diagnostic, Note
from kitaforms.errors.wording import LABELS, localized

LineReader = Callable[[str, int], str | None]
EXCERPT = 160  # longer source lines are shown around the column only
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0)], "\ufffd")


def format_text(diagnostics: Iterable[Diagnostic], read_line: LineReader, strict: bool = False,
                lang: str = "en") -> str:
    items = list(diagnostics)
    blocks = [_block(d, read_line, strict, lang) for d in items]
    return "\n\n".join(blocks + [summary(items, strict, lang)]) + "\n"


def format_blocks(diagnostics: Iterable[Diagnostic], read_line: LineReader, strict: bool = False,
                  lang: str = "en") -> str:
    """The diagnostics as :func:`format_text` shows them, without the summary line."""
    return "".join(_block(d, read_line, strict, lang) + "\n\n" for d in diagnostics)


def _block(diagnostic: Diagnostic, read_line: LineReader, strict: bool, lang: str = "en") -> str:
    diagnostic = localized(diagnostic, lang)
    words = LABELS.get(lang, LABELS["en"])
    loc = diagnostic.location
    label = "error" if diagnostic.is_error or strict else "warning"
    head = f"{loc}: {label} {diagnostic.code}: {diagnostic.message}" if loc else f"{label} {diagnostic.code}: {diagnostic.message}"
    lines = [head]
    source = read_line(loc.file, loc.line) if loc else None
    if loc and source is not None:
        number = str(loc.line)
        gutter = " " * len(number)
        shown, col = _excerpt(source.rstrip(), loc.col)
        lines.append(f" {number} | {shown}")
        lines.append(f" {gutter} | {_caret(shown, col, loc.length)}")
    if diagnostic.hint:
        lines.append(f"   = {words['hint']}: {diagnostic.hint}")
    lines += [line for note in diagnostic.notes for line in _note(note, read_line, words["note"])]
    return "\n".join(lines)


def _note(note: Note, read_line: LineReader, label: str = "note") -> list[str]:
    """``= note: file:line:col: message`` and the line it points at."""
    loc = note.location
    lines = [f"   = {label}: {loc}: {note.message}"]
    source = read_line(loc.file, loc.line)
    if source is not None:
        shown, _ = _excerpt(source.rstrip(), loc.col)
        lines.append(f"     {loc.line} | {shown}")
    return lines


def _excerpt(source: str, col: int) -> tuple[str, int]:
    """A long line cut to the part around ``col`` (``…`` where cut), and the column within it."""
    source = source.translate(_CONTROLS)  # shown, never obeyed by the terminal (same length)
    if len(source) <= EXCERPT:
        return source, col
    start = max(col - 1 - EXCERPT // 2, 0)
    head = "…" if start else ""
    tail = "…" if start + EXCERPT < len(source) else ""
    return head + source[start : start + EXCERPT] + tail, col - start + len(head)


def _caret(source: str, col: int, length: int) -> str:
    start = max(col - 1, 0)
    if length <= 1:
        length = _token_length(source, start)
    prefix = "".join(ch if ch == "\t" else " " for ch in source[:start])
    return prefix + "^" + "~" * max(length - 1, 0)


def _token_length(source: str, start: int) -> int:
    end = start
    while end < len(source) and (source[end].isalnum() or source[end] in "_-."):
        end += 1
    return max(end - start, 1)


def summary(items: list[Diagnostic], strict: bool = False, lang: str = "en") -> str:
    errors = sum(1 for d in items if d.is_error or strict)
    warnings = len(items) - errors
    if lang == "de":
        return f"{errors} Fehler, {warnings} Warnung{'en' if warnings != 1 else ''}." if items else (
            "Alle Definitionen sind gültig.")
    if not items:
        return "All definitions are valid."
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}."


def format_json(diagnostics: Iterable[Diagnostic], strict: bool = False, checked: list[str] | None = None,
                lang: str = "en") -> str:
    items = [localized(d, lang) for d in diagnostics]
    payload = {
        "ok": not any(d.is_error or strict for d in items),
        "errors": sum(1 for d in items if d.is_error or strict),
        "warnings": sum(1 for d in items if not (d.is_error or strict)),
        "checked": checked or [],
        "diagnostics": [_json_item(d, strict) for d in items],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _json_item(diagnostic: Diagnostic, strict: bool) -> dict[str, object]:
    item = diagnostic.to_json()
    if strict:
        item["severity"] = "error"
    return item
