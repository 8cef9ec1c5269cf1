"""Where a YAML text first nests deeper than a limit, found by reading its characters, not parsing it.

libyaml has a nesting limit of its own, and its scanner reads ahead (in flow collections up to about
a thousand characters), so on absurdly deep input it can stop with a syntax error before the event
builder (:mod:`kitaforms.load._events`) has seen enough levels to refuse them. When libyaml reports
an error, the loader asks this module whether the text before the error already nests deeper than
:data:`~kitaforms.load._events.MAX_DEPTH`; then that, not libyaml's message, is what the editor
is told, whatever version of the library is installed.

The count follows the structure without building it: flow brackets ``[`` ``{`` outside quoted
scalars, comments and plain text, plus the block collections open at each line, known from the
columns at which block sequences (``-``) and mappings (``key:``) start, as libyaml's own indentation
stack does. Block scalars (``|``, ``>``) are skipped. It runs only after libyaml has failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_INDENT = re.compile(r" *")
_SPACE = re.compile(r"[ \t]*")
_PROPERTY = re.compile(r"[^ \t\r\n]*")  # an anchor, tag or alias
_FLOW_MARK = re.compile(r"[\[\]{}'\"#]")
_PLAIN_END = re.compile(r":(?=[ \t\r\n]|$)|[ \t]#|\n")  # the end of a plain scalar in block context
_TOKEN_START = " \t\r\n[{,:"  # a quote after one of these starts a quoted scalar
_SEPARATED = " \t\r\n"


class _TooDeep(Exception):  # noqa: N818 - a signal, caught in this module
    def __init__(self, index: int) -> None:
        self.index = index


@dataclass
class _Block:
    column: int
    kind: str  # "map", "seq", or "iseq": a sequence at its parent mapping's column (`key:\n- a`)


@dataclass
class _Cursor:
    line_start: int
    index: int
    key: bool  # a mapping key may start here
    node: int | None = None  # where the properties (`&anchor`, `!tag`) of the next node begin
    carried: int | None = None  # the same, written at the end of an earlier line


@dataclass
class _Scan:
    text: str
    end: int
    limit: int
    blocks: list[_Block] = field(default_factory=list)  # the open block collections, outermost first
    flow: int = 0  # open flow collections
    scalar_indent: int | None = None  # inside a block scalar: lines indented more than this belong to it
    carried: int | None = None  # properties at the end of a line, of the collection on the next lines

    def run(self) -> int | None:
        index = 0
        try:
            while index < self.end:
                index = self.line(index)
        except _TooDeep as found:
            return found.index
        return None

    # --- block context, a line at a time ---------------------------------------------------------------

    def line(self, start: int) -> int:
        """Read the line starting at ``start``; return where the next line starts."""
        first = self._skip(_INDENT, start)
        column, char = first - start, self.text[first : first + 1]
        if column == 0 and self.text.startswith(("---", "..."), first) and self._separated(first + 3):
            self.blocks.clear()
            self.scalar_indent = None
            return self.tokens(start, first + 3, key=False)
        if char in ("", "\n", "\r", "#") or (column == 0 and char == "%"):
            return self._next_line(first)
        if self.scalar_indent is not None and column > self.scalar_indent:
            return self._next_line(first)
        self.scalar_indent = None
        self._unroll(column, dash=char == "-" and self._separated(first + 1))
        return self.tokens(start, first, key=True)

    def tokens(self, line_start: int, index: int, key: bool) -> int:
        """Read the tokens of a line from ``index``; ``key``: a mapping key may still start here."""
        at = _Cursor(line_start, index, key, carried=self.carried)
        self.carried = None
        while True:
            at.index = self._skip(_SPACE, at.index)
            char = self.text[at.index : at.index + 1]
            if at.index >= self.end or char in ("", "\n", "\r", "#"):
                self.carried = at.node
                return self._next_line(at.index)
            if char in "|>":
                self.scalar_indent = self.blocks[-1].column if self.blocks else -1
                return self._next_line(at.index)
            if not self._token(at, char):
                return self._next_line(at.index)

    def _token(self, at: _Cursor, char: str) -> bool:
        """Read the token at the cursor; False when the rest of the line is plain text."""
        token = at.index if at.node is None else at.node  # a node starts at its properties
        if char in "&!":
            at.node, at.index = token, self._skip(_PROPERTY, at.index)
            return True
        start, begin = token if at.carried is None else at.carried, at.index
        at.node = at.carried = None
        if char in "-?:" and self._separated(at.index + 1):
            if char != ":":
                self._open_block(at.index - at.line_start, "seq" if char == "-" else "map", start)
            at.index, at.key = at.index + 1, char != ":"
        elif char in "[{":
            at.index, at.key = self.flow_collection(at.index, start), False
        else:
            at.index, is_key = self._scalar(at.index)
            if not is_key:
                return False
            if at.key:
                self._open_block(token - at.line_start, "map", start)
            at.index, at.key = at.index + 1, False
        newline = self.text.rfind("\n", begin, at.index)  # a flow collection or quoted text may span lines
        at.line_start = at.line_start if newline == -1 else newline + 1
        return True

    def _scalar(self, index: int) -> tuple[int, bool]:
        """The end of the scalar at ``index`` and whether a ``:`` after it makes it a key."""
        if self.text[index] in "'\"":
            after = self._skip(_SPACE, self._quoted(index))
            return (after, True) if self.text.startswith(":", after) and self._separated(after + 1) else (after, False)
        found = _PLAIN_END.search(self.text, index, self.end)
        if found is None:
            return self.end, False
        return (found.start(), True) if found.group() == ":" else (found.start(), False)

    def _unroll(self, column: int, dash: bool) -> None:
        """Close the block collections a line at ``column`` ends, as libyaml does."""
        while self.blocks and self.blocks[-1].column > column:
            self.blocks.pop()
        if self.blocks and self.blocks[-1].kind == "iseq" and self.blocks[-1].column == column and not dash:
            self.blocks.pop()

    def _open_block(self, column: int, kind: str, index: int) -> None:
        top = self.blocks[-1] if self.blocks else None
        if top is None or column > top.column:
            self.blocks.append(_Block(column, kind))
        elif column == top.column and kind == "seq" and top.kind == "map":
            self.blocks.append(_Block(column, "iseq"))
        else:
            return
        self._check(index)

    # --- flow context and quoted scalars ----------------------------------------------------------------

    def flow_collection(self, index: int, start: int) -> int:
        """Read the flow collection opening at ``index`` (its node at ``start``); return the index after it."""
        while index < self.end:
            found = _FLOW_MARK.search(self.text, index, self.end)
            if found is None:
                return self.end
            index, char = found.start(), found.group()
            if char in "[{":
                self.flow += 1
                self._check(start if self.flow == 1 else index)
            elif char in "]}":
                self.flow = max(self.flow - 1, 0)
                if self.flow == 0:
                    return index + 1
            elif char == "#" and self._after_space(index):
                index = self._line_end(index)
                continue
            elif char in "'\"" and (index == 0 or self.text[index - 1] in _TOKEN_START):
                index = self._quoted(index)
                continue
            index += 1
        return self.end

    def _quoted(self, index: int) -> int:
        """The index after the quoted scalar opening at ``index`` (``''`` and ``\\"`` escape)."""
        quote, position = self.text[index], index + 1
        while True:
            close = self.text.find(quote, position, self.end)
            if close == -1:
                return self.end
            if quote == "'" and self.text.startswith("''", close):
                position = close + 2
            elif quote == '"' and _escaped(self.text, close):
                position = close + 1
            else:
                return close + 1

    # --- helpers ----------------------------------------------------------------------------------------

    def _skip(self, pattern: re.Pattern[str], index: int) -> int:
        """The index after what ``pattern`` (which may match nothing) matches at ``index``."""
        found = pattern.match(self.text, index)
        return found.end() if found else index

    def _check(self, index: int) -> None:
        if len(self.blocks) + self.flow > self.limit:
            raise _TooDeep(index)

    def _separated(self, index: int) -> bool:
        return index >= len(self.text) or self.text[index] in _SEPARATED

    def _after_space(self, index: int) -> bool:
        return index == 0 or self.text[index - 1] in _SEPARATED

    def _line_end(self, index: int) -> int:
        end = self.text.find("\n", index, self.end)
        return self.end if end == -1 else end

    def _next_line(self, index: int) -> int:
        return self._line_end(index) + 1


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd number of backslashes."""
    start = index
    while start > 0 and text[start - 1] == "\\":
        start -= 1
    return (index - start) % 2 == 1


def first_too_deep(text: str, end: int, limit: int) -> int | None:
    """The index in ``text[:end]`` where nesting first exceeds ``limit`` levels, or None."""
    return _Scan(text, min(end, len(text)), limit).run()
