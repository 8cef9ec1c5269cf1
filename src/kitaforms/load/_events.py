"""Build plain data from the YAML event stream, without recursion.

libyaml (through PyYAML's C parser) reads the text into events; this module turns them into dicts,
lists and scalars with an explicit stack, so nesting depth, the number of values (aliases
included) and duplicate keys are checked as the data grows, and every value and key records its
position. PyYAML's own composer and resolver are not used: they follow YAML 1.1 and recurse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from kitaforms.diagnostics import DefinitionError, Diagnostic, Location
from kitaforms.load._positions import line_col, line_starts
from kitaforms.load._scalars import construct_tagged, resolve_plain

MAX_DEPTH = 64
MAX_NODES = 200_000

CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = {f"{CORE}{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")} | {"!"}

DataPath = tuple[str | int, ...]
_MISSING = object()


@dataclass(frozen=True)
class NodeInfo:
    line: int  # 0-based
    col: int
    style: str | None = None  # None (plain), "'", '"', "|", ">"
    start: int = 0  # index of the node in the text
    end: int = 0


@dataclass
class _Frame:
    container: Any
    path: DataPath
    key: Any = _MISSING  # a mapping's pending key
    key_event: Any = None


@dataclass
class Built:
    data: Any = None
    values: dict[DataPath, NodeInfo] = field(default_factory=dict)
    keys: dict[DataPath, NodeInfo] = field(default_factory=dict)


class EventBuilder:
    def __init__(self, file: str, text: str = "") -> None:
        self.file = file
        self.text = text  # for positions (kitaforms.load._positions)
        self.built = Built()
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor → (value, number of values in it)
        self.open_anchors: list[tuple[str, int, _Frame]] = []
        self.count = 0
        self.documents = 0

    def build(self, events: Iterable[Any]) -> Built:
        for event in events:
            self._event(event)
        return self.built

    def _event(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self._document(event)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._open(event)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self._close()
        elif isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.error(
                "YAML_009", "the file holds more than one YAML document", event,
                "remove the `---` separators; put each definition in its own file",
            )

    # --- containers ------------------------------------------------------------------------

    def _open(self, event: Any) -> None:
        self._check_tag(event)
        if len(self.stack) >= MAX_DEPTH:
            raise too_deep(self.file, self.text, event.start_mark.index)
        container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        path = self._place(container, event)
        frame = _Frame(container, path)
        self.stack.append(frame)
        if event.anchor:
            self.open_anchors.append((event.anchor, self.count, frame))

    def _close(self) -> None:
        frame = self.stack.pop()
        if self.open_anchors and self.open_anchors[-1][2] is frame:
            anchor, start, _ = self.open_anchors.pop()
            self.anchors[anchor] = (frame.container, self.count - start + 1)

    # --- scalars and aliases -------------------------------------------------------------------

    def _scalar(self, event: Any) -> None:
        self._check_tag(event)
        value = self._scalar_value(event)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is _MISSING:
            self._key(frame, event)
            return
        empty = event.value == "" and not event.style and frame is not None and frame.key_event is not None
        self._place(value, frame.key_event if empty and frame is not None else event)  # `key:` alone: at the key
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)

    def _scalar_value(self, event: Any) -> Any:
        if event.tag not in (None, "!"):
            return construct_tagged(event.tag, event.value)
        return resolve_plain(event.value) if event.implicit[0] and not event.style else event.value

    def _alias(self, event: Any) -> None:
        if any(anchor == event.anchor for anchor, _, _ in self.open_anchors):
            raise self.error(
                "YAML_005", f"the alias `*{event.anchor}` refers to the structure it stands in", event,
                "a value cannot contain itself; write the repeated part out",
            )
        if event.anchor not in self.anchors:
            raise self.error(
                "YAML_001", f"the alias `*{event.anchor}` has no anchor before it", event,
                f"define `&{event.anchor}` on a value above this line, or remove the `*`",
            )
        value, size = self.anchors[event.anchor]
        self.count += size - 1
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is _MISSING:
            raise self.error("YAML_001", "an alias cannot be a mapping key", event, "write keys as `name: value`")
        self._place(value, event)

    # --- placing values ----------------------------------------------------------------------------

    def _key(self, frame: _Frame, event: Any) -> None:
        key = event.value  # keys are names: always the text as written
        if key == "<<" and not event.style:
            raise self.error(
                "YAML_003", "merge keys (`<<`) are not supported in definitions", event,
                "write the keys out, or use a code list or an overlay for shared parts",
            )
        child = (*frame.path, key)
        if key in frame.container:
            first = self.built.keys[child]
            raise self.error(
                "YAML_002", f"the key `{key}` appears twice in the same mapping (first at line {self._line(first.start)})",
                event, "remove one of them or merge their contents",
            )
        frame.key, frame.key_event = key, event
        self.built.keys[child] = _info(event)

    def _place(self, value: Any, event: Any) -> DataPath:
        self._count(event)
        if not self.stack:
            self.built.data = value
            self.built.values[()] = _info(event)
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
            frame.container.append(value)
        else:
            if frame.key is _MISSING:
                raise self.error("YAML_001", "a mapping key must be a plain name", event, "write keys as `name: value`")
            path = (*frame.path, frame.key)
            frame.container[frame.key] = value
            frame.key = _MISSING
        self.built.values[path] = _info(event)
        return path

    def _count(self, event: Any) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(
                "YAML_006", f"the file expands to more than {MAX_NODES:,} values (aliases repeated too often)",
                event, "use fewer `*alias` references; write repeated parts out or use a code list",
            )

    def _check_tag(self, event: Any) -> None:
        if event.tag is not None and event.tag not in ALLOWED_TAGS:
            raise self.error(
                "YAML_003", f"the tag `{event.tag}` is not allowed in a definition", event,
                "remove the `!tag`; definitions hold plain text, numbers, lists and mappings",
            )

    def _line(self, index: int) -> int:
        return line_col(line_starts(self.text), index)[0]

    def error(self, code: str, message: str, event: Any, hint: str | None) -> DefinitionError:
        line, col = line_col(line_starts(self.text), event.start_mark.index)
        return DefinitionError([Diagnostic.make(code, message, Location(self.file, line, col), hint)])


def too_deep(file: str, text: str, index: int) -> DefinitionError:
    """YAML_005 at character ``index`` of ``text``, where the nesting exceeds :data:`MAX_DEPTH`."""
    line, col = line_col(line_starts(text), index)
    return DefinitionError([Diagnostic.make(
        "YAML_005", f"nesting deeper than {MAX_DEPTH} levels", Location(file, line, col),
        f"definitions need far fewer than {MAX_DEPTH} levels; flatten the structure",
    )])


def _info(event: Any) -> NodeInfo:
    style = getattr(event, "style", None) or None
    return NodeInfo(event.start_mark.line, event.start_mark.column, style, event.start_mark.index, event.end_mark.index)
