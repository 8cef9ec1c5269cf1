"""A YAML file as the formatter sees it: block structure, comments and verbatim leaves.

The file is read through libyaml's parser events (PyYAML's C parser, as the loader reads it, so the
formatter sees the structure the loader sees, fast), which carry exact positions. Block mappings
and block sequences become :class:`Block` nodes whose :class:`Entry` items (key–value pairs or
sequence items) can be re-ordered and re-indented. Everything else — scalars of every style, flow
collections such as ``{de: Vorname, en: First name}``, aliases — is a :class:`Leaf` kept exactly as
the editor wrote it, so quoting and flow style never change.

Comments are found between the nodes and attached to what they describe: a comment at the end of a
line to the entry on that line, whole-line comments to the entry that follows them (or to the end of
the block they are indented into), the comments at the top of the file to the file itself.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

BLANK = ""  # a blank line among comment lines


@dataclass
class Leaf:
    """A value written inline, kept verbatim: ``text`` may span lines (re-indented on output)."""

    text: str
    line: int  # 0-based line where it starts
    end_line: int  # 0-based line where it ends
    value: str | None = None  # the plain value of a scalar (to recognise a `type: text` tag)
    block: bool = False  # a literal (|) or folded (>) block scalar

    @property
    def is_null(self) -> bool:
        return self.text == ""


@dataclass
class Entry:
    """A key–value pair (``key`` set) or a sequence item (``key`` None) with its comments."""

    key: Leaf | None
    value: Node
    line: int
    col: int
    leading: list[str] = field(default_factory=list)  # comment lines and BLANKs before the entry
    eol: str | None = None  # the comment at the end of the entry's (last inline) line

    @property
    def name(self) -> str | None:
        return self.key.value if self.key is not None else None

    def inline_end(self) -> int:
        """The line an end-of-line comment of this entry stands on."""
        if isinstance(self.value, Leaf) and not self.value.is_null and not self.value.block:
            return self.value.end_line
        return self.line


@dataclass
class Block:
    kind: str  # "map" or "seq"
    entries: list[Entry] = field(default_factory=list)
    anchor: str | None = None
    trailing: list[str] = field(default_factory=list)  # comments after the last entry, at its indent

    def key_names(self) -> list[str]:
        return [e.name or "" for e in self.entries] if self.kind == "map" else []

    def tag(self) -> str | None:
        """The value of this mapping's ``type`` key, if it is a plain scalar."""
        for entry in self.entries:
            if entry.name == "type" and isinstance(entry.value, Leaf):
                return entry.value.value
        return None


Node = Leaf | Block


@dataclass
class Layout:
    root: Node
    header: list[str]  # comment lines (and BLANKs) at the top of the file
    footer: list[str]  # comment lines after the last entry of the file
    explicit_start: bool = False  # the file starts with `---`
    header_gap: bool = False  # a blank line separates the header from the rest


class LayoutError(ValueError):
    """The file cannot be laid out (not YAML, or uses a construct the formatter does not handle)."""

    def __init__(self, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def read_layout(text: str) -> Layout:
    """Parse ``text`` (with ``\\n`` line ends) into a :class:`Layout`."""
    builder = _Builder(text)
    root = builder.build()
    layout = Layout(root, [], [], builder.explicit_start)
    _Comments(text, builder).attach(layout)
    return layout


class _Builder:
    """Builds the node tree from parser events and remembers which spans hold values."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] = []  # (start, end) offsets of verbatim leaves and keys
        self.entries: list[Entry] = []  # every entry, in file order
        self.explicit_start = False
        self._events: Iterator[Event] = iter(())

    def build(self) -> Node:
        self._events = _parse(self.text)
        root: Node | None = None
        for event in self._events:
            if isinstance(event, DocumentStartEvent) and root is not None:
                mark = event.start_mark
                raise LayoutError("the file holds more than one YAML document", mark.line, mark.column)
            if isinstance(event, DocumentStartEvent):
                self.explicit_start = bool(event.explicit)
                root = self._node(next(self._events))
        if root is None:
            raise LayoutError("the file is empty")
        return root

    def _node(self, event: Event) -> Node:
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)) and not event.flow_style:
            return self._block(event)
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            return self._flow(event)
        if isinstance(event, (ScalarEvent, AliasEvent)):
            return self._leaf(event)
        raise LayoutError(f"unexpected {type(event).__name__}", event.start_mark.line, event.start_mark.column)

    def _leaf(self, event: ScalarEvent | AliasEvent) -> Leaf:
        start, end = event.start_mark, event.end_mark
        is_block = isinstance(event, ScalarEvent) and event.style in ("|", ">")
        raw = self.text[start.index : end.index]
        if is_block:
            raw = _trim_block(raw)
        self.spans.append((start.index, start.index + len(raw)))
        value = event.value if isinstance(event, ScalarEvent) and not event.style else None
        if isinstance(event, ScalarEvent) and event.style in ("'", '"'):
            value = event.value
        return Leaf(raw, start.line, start.line + raw.count("\n"), value, is_block)

    def _flow(self, event: MappingStartEvent | SequenceStartEvent) -> Leaf:
        depth, end = 1, event.end_mark
        for inner in self._events:
            if isinstance(inner, (MappingStartEvent, SequenceStartEvent)):
                depth += 1
            elif isinstance(inner, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
                if depth == 0:
                    end = inner.end_mark
                    break
        start = event.start_mark
        raw = self.text[start.index : end.index]
        self.spans.append((start.index, end.index))
        return Leaf(raw, start.line, end.line, None)

    def _block(self, event: MappingStartEvent | SequenceStartEvent) -> Block:
        if event.tag and not event.implicit:
            raise LayoutError("explicit tags on collections are not supported", event.start_mark.line)
        block = Block("map" if isinstance(event, MappingStartEvent) else "seq", anchor=event.anchor)
        end_kind = MappingEndEvent if block.kind == "map" else SequenceEndEvent
        names: set[str | None] = set()
        for inner in self._events:
            if isinstance(inner, end_kind):
                return block
            entry = self._pair(inner) if block.kind == "map" else self._item(inner)
            if entry.key is not None and entry.name in names:
                raise LayoutError(f"the key `{entry.name}` appears twice in the same mapping", entry.line, entry.col)
            names.add(entry.name)
            block.entries.append(entry)
        raise LayoutError("the file ends inside a block")

    def _pair(self, key_event: Event) -> Entry:
        if not isinstance(key_event, ScalarEvent):
            mark = key_event.start_mark
            raise LayoutError("a mapping key must be a plain name", mark.line, mark.column)
        key = self._leaf(key_event)
        entry = Entry(key, Leaf("", 0, 0), key_event.start_mark.line, key_event.start_mark.column)
        self.entries.append(entry)
        entry.value = self._node(next(self._events))
        return entry

    def _item(self, event: Event) -> Entry:
        line, col = event.start_mark.line, event.start_mark.column
        dash = self.text.rfind("-", 0, event.start_mark.index)
        line_start = self.text.rfind("\n", 0, event.start_mark.index) + 1
        if dash >= line_start:
            col = dash - line_start
        entry = Entry(None, Leaf("", 0, 0), line, col)
        self.entries.append(entry)
        entry.value = self._node(event)
        return entry


def _parse(text: str) -> Iterator[Event]:
    """The parser events of ``text``, one at a time (few objects alive at once: little for the GC)."""
    try:
        yield from yaml.parse(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LayoutError(f"not valid YAML: {getattr(exc, 'problem', exc)}",
                          mark.line if mark else 0, mark.column if mark else 0) from None


def _trim_block(raw: str) -> str:
    """A block scalar's source without the blank lines after it (unless it keeps them: ``|+``)."""
    header = raw.split("\n", 1)[0]
    if "+" in header.split("#", 1)[0]:
        return raw.rstrip("\n")
    lines = raw.split("\n")
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


@dataclass
class _Comment:
    line: int
    col: int
    text: str
    eol: bool


class _Comments:
    """Finds the comments between the nodes and attaches them."""

    def __init__(self, text: str, builder: _Builder) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.spans = sorted(builder.spans)
        self.starts = [s for s, _ in self.spans]
        self.entries = builder.entries
        self.entry_lines = [e.line for e in self.entries]  # ascending: entries are in file order
        self.by_line = _by_line(self.entries, lambda e: e.line)
        self.by_inline_end = _by_line(self.entries, Entry.inline_end)
        self.body_start = 0  # the first line after the file's header comments

    def attach(self, layout: Layout) -> None:
        comments = list(self._scan())
        parents = _parents(layout.root)
        first_line = self.entries[0].line if self.entries else len(self.lines)
        header_end = self._header_end(comments, first_line)
        gap = header_end < len(self.lines) and not self.lines[header_end].strip()
        self.body_start = header_end + 1 if header_end and gap else header_end
        layout.header = self._with_blanks([c for c in comments if c.line < header_end])
        layout.header_gap = bool(layout.header) and not self.lines[header_end].strip()
        pending: list[_Comment] = []
        for comment in (c for c in comments if c.line >= header_end):
            if comment.eol and self._attach_eol(comment):
                continue
            pending.append(comment)
        self._attach_full_lines(pending, layout, parents)

    def _scan(self) -> Iterator[_Comment]:
        offset = 0
        for number, line in enumerate(self.lines):
            position = self._comment_start(line, offset)
            if position is not None:
                col = position - offset
                yield _Comment(number, col, line[col:].rstrip(), bool(line[:col].strip()))
            offset += len(line) + 1

    def _comment_start(self, line: str, offset: int) -> int | None:
        col = line.find("#")
        while col != -1:
            position = offset + col
            if (col == 0 or line[col - 1] in " \t") and not self._inside_value(position):
                return position
            col = line.find("#", col + 1)
        return None

    def _inside_value(self, position: int) -> bool:
        index = bisect.bisect_right(self.starts, position) - 1
        return index >= 0 and self.spans[index][0] <= position < self.spans[index][1]

    def _header_end(self, comments: list[_Comment], first_line: int) -> int:
        """The line where the file's own comments end: at the last blank line before the first key."""
        top = [c for c in comments if c.line < first_line and not c.eol]
        if not top:
            return 0
        blank = [n for n in range(top[0].line, first_line) if not self.lines[n].strip()]
        if blank:
            return blank[-1]
        return top[0].line + 1 if _is_modeline(top[0].text) else 0

    def _with_blanks(self, comments: list[_Comment]) -> list[str]:
        out: list[str] = []
        previous: int | None = None
        for comment in comments:
            if previous is not None and self._blank_between(previous, comment.line):
                out.append(BLANK)
            out.append(comment.text)
            previous = comment.line
        return out

    def _blank_between(self, first: int, last: int) -> bool:
        return any(not self.lines[n].strip() for n in range(first + 1, last))

    def _attach_eol(self, comment: _Comment) -> bool:
        on_line = self.by_inline_end.get(comment.line) or self.by_line.get(comment.line)
        if not on_line:
            return False
        target = on_line[-1]  # the innermost
        target.eol = comment.text if target.eol is None else f"{target.eol} {comment.text}"
        return True

    def _attach_full_lines(self, comments: list[_Comment], layout: Layout, parents: dict[int, Block]) -> None:
        groups = self._groups(comments)
        for group in groups:
            index = bisect.bisect_right(self.entry_lines, group[-1].line)
            following = self.entries[index] if index < len(self.entries) else None
            lines = self._with_blanks(group)
            if following is not None and group[0].col <= following.col:
                self._lead(following, group[0].line, lines)
            else:
                self._trail(group, lines, layout, parents)
        for entry in self.entries:
            if not entry.leading and self._blank_before(entry.line):
                entry.leading = [BLANK]

    def _groups(self, comments: list[_Comment]) -> list[list[_Comment]]:
        """Runs of whole-line comments with no entry between them."""
        groups: list[list[_Comment]] = []
        for comment in comments:
            last = groups[-1][-1] if groups else None
            if last and last.col == comment.col and not _entry_between(self.entry_lines, last.line, comment.line):
                groups[-1].append(comment)
            else:
                groups.append([comment])
        return groups

    def _lead(self, entry: Entry, first_line: int, lines: list[str]) -> None:
        blank_before = self._blank_before(first_line)
        blank_after = entry.line > 0 and not self.lines[entry.line - 1].strip()
        entry.leading = ([BLANK] if blank_before else []) + lines + ([BLANK] if blank_after else [])

    def _blank_before(self, line: int) -> bool:
        return line > 0 and not self.lines[line - 1].strip() and self._has_content_before(line - 1)

    def _has_content_before(self, line: int) -> bool:
        return any(self.lines[n].strip() for n in range(self.body_start, line))

    def _trail(self, group: list[_Comment], lines: list[str], layout: Layout, parents: dict[int, Block]) -> None:
        before = bisect.bisect_left(self.entry_lines, group[0].line)
        blank = [BLANK] if self._blank_before(group[0].line) else []
        for index in range(before - 1, -1, -1):  # the nearest entry above, at or left of the comment
            entry = self.entries[index]
            if entry.col <= group[0].col:
                parents[id(entry)].trailing.extend(blank + lines)
                return
        layout.footer.extend(blank + lines)


def _entry_between(entry_lines: list[int], first: int, last: int) -> bool:
    index = bisect.bisect_right(entry_lines, first)
    return index < len(entry_lines) and entry_lines[index] < last


def _by_line(entries: list[Entry], line_of: Callable[[Entry], int]) -> dict[int, list[Entry]]:
    """Line → the entries on it, in file order."""
    found: dict[int, list[Entry]] = {}
    for entry in entries:
        found.setdefault(line_of(entry), []).append(entry)
    return found


def _is_modeline(text: str) -> bool:
    return text.startswith("# yaml-language-server:")


def _parents(node: Node, found: dict[int, Block] | None = None) -> dict[int, Block]:
    """id(entry) → the block holding it."""
    found = {} if found is None else found
    if isinstance(node, Block):
        for entry in node.entries:
            found[id(entry)] = node
            _parents(entry.value, found)
    return found
