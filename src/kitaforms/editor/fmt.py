"""``kitaforms fmt``: one layout for every definition file, comments kept.

- keys in canonical order (:mod:`kitaforms.editor.keyorder`: the model's order, ``id``/``type``
  first, nested lists last);
- 2-space indentation; sequences indented under their key (``- `` two columns in);
- values written inline (scalars in any quoting, ``{de: …, en: …}``, ``[a, b]``, ``|`` blocks) are
  kept exactly, only re-indented;
- every comment stays with the entry it describes; the modeline stays on the first line and, when
  the file's kind is known, names the right schema;
- at most one blank line in a row, one newline at the end.

Formatting is idempotent: formatting a formatted file changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kitaforms.editor.keyorder import item_context, mapping_children
from kitaforms.editor.kinds import is_modeline
from kitaforms.editor.layout import BLANK, Block, Entry, Layout, LayoutError, Leaf, read_layout

INDENT = 2

__all__ = ["FormatError", "format_text"]


class FormatError(ValueError):
    """The text cannot be formatted; ``line``/``col`` are 1-based."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def format_text(text: str, context: Any = None, modeline: str | None = None) -> str:
    """``text`` formatted; ``context`` is the model of the file (None: keep key order)."""
    source = text.replace("\r\n", "\n").lstrip("\ufeff")
    try:
        layout = read_layout(source)
    except LayoutError as exc:
        raise FormatError(exc.message, exc.line + 1, exc.col + 1) from None
    if not isinstance(layout.root, Block) or layout.root.kind != "map":
        return source.rstrip("\n") + "\n"
    if modeline is not None:
        _set_modeline(layout, modeline)
    return _Emitter().document(layout, context)


def _set_modeline(layout: Layout, modeline: str) -> None:
    """Put ``modeline`` on the first line, replacing any other modeline."""
    first = layout.root.entries[0] if isinstance(layout.root, Block) and layout.root.entries else None
    if first is not None:
        first.leading = [line for line in first.leading if not is_modeline(line)]
    rest = [line for line in layout.header if not is_modeline(line)]
    while rest and rest[0] == BLANK:
        rest.pop(0)
    layout.header = [modeline, *rest]


@dataclass
class _Emitter:
    def __post_init__(self) -> None:
        self.out: list[str] = []

    def document(self, layout: Layout, context: Any) -> str:
        self.comments(layout.header, 0)
        if layout.header and layout.header_gap:
            self.blank()
        if layout.explicit_start:
            self.out.append("---")
        assert isinstance(layout.root, Block)
        self.block(layout.root, 0, context)
        self.comments(layout.footer, 0)
        while self.out and self.out[-1] == "":
            self.out.pop()
        return "\n".join(self.out) + "\n"

    # --- lines -----------------------------------------------------------------------------

    def blank(self) -> None:
        if self.out and self.out[-1] != "":
            self.out.append("")

    def comments(self, lines: list[str], indent: int) -> None:
        for line in lines:
            if line == BLANK:
                self.blank()
            else:
                self.out.append(" " * indent + line)

    def line(self, text: str, eol: str | None = None) -> None:
        self.out.append(f"{text}  {eol}" if eol else text.rstrip())

    # --- blocks ----------------------------------------------------------------------------

    def block(self, block: Block, indent: int, context: Any) -> None:
        for entry, child in self.entries(block, context):
            if block.kind == "map":
                self.comments(entry.leading, indent)
                self.value(" " * indent + _key(entry) + ":", entry, indent, child)
            else:
                self.item(entry, indent, child)
        self.comments(block.trailing, indent)

    def entries(self, block: Block, context: Any) -> list[tuple[Entry, Any]]:
        """The block's entries in canonical order, each with the context of its value."""
        if block.kind == "seq":
            item = item_context(context)
            return [(entry, item) for entry in block.entries]
        by_key = {entry.name or "": entry for entry in block.entries}
        return [(by_key[key], child) for key, child in mapping_children(context, block.key_names(), block.tag())]

    def item(self, entry: Entry, indent: int, context: Any) -> None:
        value = entry.value
        if isinstance(value, Block) and value.kind == "map" and value.entries and not value.anchor:
            ordered = self.entries(value, context)
            first, first_context = ordered[0]
            self.comments(entry.leading + first.leading, indent)
            inner = indent + INDENT
            self.value(" " * indent + "- " + _key(first) + ":", first, inner, first_context, entry.eol)
            for other, other_context in ordered[1:]:
                self.comments(other.leading, inner)
                self.value(" " * inner + _key(other) + ":", other, inner, other_context)
            self.comments(value.trailing, inner)
            return
        self.comments(entry.leading, indent)
        self.value(" " * indent + "-", entry, indent, context)

    def value(self, prefix: str, entry: Entry, indent: int, context: Any, extra_eol: str | None = None) -> None:
        """Write ``prefix`` (``key:`` or ``-``) with the entry's value; ``indent`` is the entry's."""
        value = entry.value
        eol = " ".join(c for c in (extra_eol, entry.eol) if c) or None
        if isinstance(value, Leaf):
            self.leaf(prefix, value, indent, eol)
            return
        anchor = f" &{value.anchor}" if value.anchor else ""
        self.line(prefix + anchor, eol)
        if value.entries:
            self.block(value, indent + INDENT, context)

    def leaf(self, prefix: str, leaf: Leaf, indent: int, eol: str | None) -> None:
        if leaf.is_null:
            self.line(prefix, eol)
            return
        lines = _reindent_block(leaf, indent + INDENT) if leaf.block else _reindent_flow(leaf, indent + INDENT)
        if len(lines) == 1:
            self.line(f"{prefix} {lines[0]}", eol)
            return
        self.out.append(f"{prefix} {lines[0]}".rstrip())
        if leaf.block:
            self.out.extend(lines[1:])
            return
        self.out.extend(lines[1:-1])
        self.line(lines[-1], eol)


def _key(entry: Entry) -> str:
    assert entry.key is not None
    return entry.key.text


def _reindent_flow(leaf: Leaf, indent: int) -> list[str]:
    """Continuation lines of a flow scalar or flow collection: their indentation carries no meaning."""
    first, *rest = leaf.text.split("\n")
    return [first.rstrip()] + [(" " * indent + line.strip()) if line.strip() else "" for line in rest]


def _reindent_block(leaf: Leaf, indent: int) -> list[str]:
    """A ``|``/``>`` block: shift its content lines to ``indent``, keeping their relative indentation."""
    header, *content = leaf.text.split("\n")
    indicator = header.split("#", 1)[0]
    if any(ch.isdigit() for ch in indicator):
        raise FormatError(
            "block scalars with an indentation indicator (`|2`) are not supported; remove the digit",
            leaf.line + 1,
        )
    filled = [line for line in content if line.strip()]
    old = len(filled[0]) - len(filled[0].lstrip(" ")) if filled else 0
    shifted = [(" " * indent + line[old:]) if len(line) > old else "" for line in content]
    return [header.rstrip(), *shifted]


def is_formatted(text: str, context: Any = None, modeline: str | None = None) -> bool:
    return format_text(text, context, modeline) == text

