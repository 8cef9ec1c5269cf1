"""Load a YAML 1.2 file into plain data, remembering where every node stands.

libyaml reads the text into events (fast, C); :mod:`kitaforms.load._events` builds the values
itself, without recursion, so that nothing but plain data can come out (no tags, no Python
objects), aliases cannot explode, nesting is bounded, duplicate keys are caught, and every value
and key keeps its file position. Scalars follow the YAML 1.2 core schema (:mod:`._scalars`):
``no`` stays text, numbers with a fraction become ``Decimal``, integers written with leading zeros
(``05315000``) stay strings, exactly as the editor wrote them.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kitaforms.diagnostics import DefinitionError, Diagnostic, Location
from kitaforms.load._events import MAX_DEPTH, MAX_NODES, DataPath, EventBuilder, NodeInfo, too_deep
from kitaforms.load._nesting import first_too_deep
from kitaforms.load._positions import line_col, line_starts
from kitaforms.load._scalars import source_index

MAX_FILE_BYTES = 2 * 1024 * 1024

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "DataPath", "Document", "NodeInfo", "load_bytes", "load_file", "load_text", "read_file"]


@dataclass
class Document:
    """A loaded file: its data plus a position for every value and mapping key."""

    file: str
    text: str
    data: Any
    values: dict[DataPath, NodeInfo] = field(default_factory=dict)
    keys: dict[DataPath, NodeInfo] = field(default_factory=dict)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def locate(self, path: DataPath, *, key: bool = False) -> Location:
        """The location of ``path``, or of its nearest known ancestor."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            info = table.get(path[:end]) or self.values.get(path[:end])
            if info is not None:
                line, col = self._line_col(info.start)
                return Location(self.file, line, col)
        return Location(self.file, 1, 1)

    def locate_in_scalar(self, path: DataPath, offset: int, length: int = 1) -> Location:
        """The location of character ``offset`` inside the string scalar at ``path``."""
        info = self.values.get(path)
        if info is None or info.end <= info.start:
            return self.locate(path)
        index = source_index(self.text, info.start, info.end, info.style, offset)
        line, col = self._line_col(index)
        return Location(self.file, line, col, length)

    def _line_col(self, index: int) -> tuple[int, int]:
        if not self._line_starts:
            self._line_starts = line_starts(self.text)
        return line_col(self._line_starts, index)


def load_file(path: Path, display: str | None = None) -> Document:
    """Read and load ``path``; raises :class:`DefinitionError` with positioned diagnostics."""
    name = display or str(path)
    return load_bytes(read_file(path, name), name)


def load_bytes(raw: bytes, file: str) -> Document:
    """Load the bytes of a definition file (read by :func:`read_file`); raises :class:`DefinitionError`."""
    return load_text(_decode(raw, file), file)


def read_file(path: Path, name: str) -> bytes:
    """The bytes of a definition file, if within the loader's limit; raises :class:`DefinitionError`."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _error(
                "YAML_004",
                f"the file is {size:,} bytes; definition files may have at most {MAX_FILE_BYTES:,}",
                Location(name, 1, 1),
                "split the definition into several files (code lists, facility catalogue)",
            )
        return path.read_bytes()
    except OSError as exc:
        raise _error("YAML_007", f"cannot read the file: {exc.strerror}", Location(name, 1, 1), None) from None


def load_text(text: str, file: str = "<string>") -> Document:
    """Load YAML text (one document whose root is a mapping) into a :class:`Document`."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise _error("YAML_004", "the text is larger than a definition may be", Location(file, 1, 1), None)
    built = _build(text, file)
    document = Document(file, text, built.data, built.values, built.keys)
    if built.data is None and not built.values:
        raise _error(
            "YAML_008", "the file is empty", Location(file, 1, 1), "start with the keys of a definition, e.g. `id:`"
        )
    if not isinstance(document.data, dict):
        raise _error(
            "YAML_008",
            "the top level of a definition must be a mapping of keys to values",
            document.locate(()),
            "write `key: value` lines at the top level",
        )
    return document


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        raise _error(
            "YAML_007",
            "the file is saved as UTF-16, not UTF-8" if utf16 else f"the file is not valid UTF-8 (byte {exc.start})",
            Location(file, line, 1),
            "save the file as UTF-8",
        ) from None


def _build(text: str, file: str) -> Any:
    try:
        return EventBuilder(file, text).build(yaml.parse(text, Loader=yaml.CSafeLoader))
    except yaml.MarkedYAMLError as exc:
        raise _nesting_error(exc, file, text) or _syntax_error(exc, file, text) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise _error(
            "YAML_001", f"the file contains a character that is not allowed in YAML (#x{exc.character:04x})"
            if isinstance(exc.character, int) else "the file contains a character that is not allowed in YAML",
            Location(file, line, col), "remove the control character (it is often pasted in by accident)",
        ) from None
    except yaml.YAMLError as exc:
        raise _error("YAML_001", f"the YAML cannot be read: {exc}", Location(file, 1, 1), None) from None


def _nesting_error(exc: yaml.MarkedYAMLError, file: str, text: str) -> DefinitionError | None:
    """YAML_005 when the text before libyaml's error already nests too deep.

    libyaml has a nesting limit of its own and reads ahead, so absurd nesting can stop it before
    the event builder has counted :data:`MAX_DEPTH` levels; whatever it reports then, the editor
    should hear about the nesting (:mod:`kitaforms.load._nesting`).
    """
    mark = exc.problem_mark or exc.context_mark
    end = mark.index + 1 if mark is not None else len(text)
    index = first_too_deep(text, end, MAX_DEPTH)
    return too_deep(file, text, index) if index is not None else None


_CLOSERS = {"[": "]", "{": "}", "|": "text", ">": "text"}
_OPENERS = ("while scanning a quoted scalar", "while parsing a flow", "while scanning a block scalar")


def _syntax_error(exc: yaml.MarkedYAMLError, file: str, text: str) -> DefinitionError:
    problem = str(exc.problem or exc.context or "invalid YAML").strip()
    context = str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    starts = line_starts(text)
    hint = "check the indentation and that every `key:` is followed by a space"
    if exc.context_mark is not None and context.startswith(_OPENERS):
        mark = exc.context_mark
        opener = text[mark.index : mark.index + 1]
        problem = f"the `{opener}` opened here (line {line_col(starts, mark.index)[0]}) is never closed ({problem})"
        hint = f"add the closing `{_CLOSERS.get(opener, opener)}`"
    elif mark is not None and text[mark.index : mark.index + 1] == "\t":
        problem = "a tab character cannot be used here"
        hint = "indent with spaces, not tabs"
    quoted = _colon_in_text(text, exc.problem_mark.index) if exc.problem_mark is not None else None
    if quoted is not None:
        mark, problem, hint = exc.problem_mark, "a text with `: ` (colon and space) must be in quotes", quoted
    where = Location(file, *line_col(starts, mark.index)) if mark else Location(file, 1, 1)
    return _error("YAML_001", f"YAML syntax error: {problem}", where, hint)


_FLOW_ITEM = re.compile(r"\s*(?:-\s+)?([^\s:#'\"{\[][^:]*?):\s+(.*)")


def _colon_in_text(text: str, index: int) -> str | None:
    """A hint when libyaml stops at the colon of ``key: Achtung: Frist`` (a text that needs quotes)."""
    if text[index : index + 1] != ":" or text[index + 1 : index + 2] not in (" ", "\t", "\n", "\r", ""):
        return None
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    line, col = text[start : end if end >= 0 else len(text)].rstrip("\r"), index - start
    opened = max(line.rfind("{", 0, col), line.rfind(",", 0, col)) if "{" in line[:col] else -1
    segment = line[opened + 1 :]
    if opened >= 0:
        stop = re.search(r"[,}]", segment[col - opened :])
        segment = segment[: col - opened + stop.start()] if stop else segment
    found = _FLOW_ITEM.fullmatch(segment.rstrip())
    if found is None or found.end(1) >= col - opened - 1:  # the colon is the key's own: indentation, not text
        return None
    key, value = found.group(1).strip(), found.group(2).strip()
    return f"put the text in quotes: `{key}: {json.dumps(value, ensure_ascii=False)}`"


def _error(code: str, message: str, location: Location, hint: str | None) -> DefinitionError:
    return DefinitionError([Diagnostic.make(code, message, location, hint)])
