"""Load a YAML 1.2 file into plain data, remembering where every node stands.

ruamel.yaml only *composes* the node graph here; we construct the Python values ourselves so that
nothing but plain data can come out (no tags, no Python objects), aliases cannot explode, nesting
is bounded, duplicate keys are caught, and every value and key keeps its file position. Numbers
with a fraction become ``Decimal``; integers written with leading zeros (``05315000``) stay strings,
exactly as the editor wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kitaforms.diagnostics import DefinitionError, Diagnostic, Location

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

DataPath = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}
_TIMESTAMP = f"{_CORE}timestamp"


@dataclass(frozen=True)
class NodeInfo:
    line: int  # 0-based, as ruamel reports
    col: int
    style: str | None = None  # None (plain), "'", '"', "|", ">"


@dataclass
class Document:
    """A loaded file: its data plus a position for every value and mapping key."""

    file: str
    text: str
    data: Any
    values: dict[DataPath, NodeInfo] = field(default_factory=dict)
    keys: dict[DataPath, NodeInfo] = field(default_factory=dict)

    def locate(self, path: DataPath, *, key: bool = False) -> Location:
        """The location of ``path``, or of its nearest known ancestor."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            info = table.get(path[:end]) or self.values.get(path[:end])
            if info is not None:
                return Location(self.file, info.line + 1, info.col + 1)
        return Location(self.file, 1, 1)

    def locate_in_scalar(self, path: DataPath, offset: int, length: int = 1) -> Location:
        """The location of character ``offset`` inside the string scalar at ``path``."""
        info = self.values.get(path)
        if info is None:
            return self.locate(path)
        if info.style in ("|", ">"):
            return self._locate_in_block(info, offset, length)
        quote = 1 if info.style in ("'", '"') else 0
        return Location(self.file, info.line + 1, info.col + 1 + quote + offset, length)

    def _locate_in_block(self, info: NodeInfo, offset: int, length: int) -> Location:
        lines = self.text.splitlines()[info.line + 1 :]
        indent = next((len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()), 0)
        remaining = offset
        for number, line in enumerate(lines):
            content = line[indent:]
            if remaining <= len(content):
                return Location(self.file, info.line + 2 + number, indent + remaining + 1, length)
            remaining -= len(content) + 1
        return Location(self.file, info.line + 1, info.col + 1, length)


def load_file(path: Path, display: str | None = None) -> Document:
    """Read and load ``path``; raises :class:`DefinitionError` with positioned diagnostics."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _error(
                "YAML_004",
                f"the file is {size:,} bytes; definition files may have at most {MAX_FILE_BYTES:,}",
                Location(name, 1, 1),
                "split the definition into several files (code lists, facility catalogue)",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise _error("YAML_007", f"cannot read the file: {exc.strerror}", Location(name, 1, 1), None) from None
    return load_text(_decode(raw, name), name)


def load_text(text: str, file: str = "<string>") -> Document:
    """Load YAML text (one document whose root is a mapping) into a :class:`Document`."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise _error("YAML_004", "the text is larger than a definition may be", Location(file, 1, 1), None)
    root = _compose(text, file)
    document = Document(file, text, None)
    if root is None:
        raise _error(
            "YAML_008", "the file is empty", Location(file, 1, 1), "start with the keys of a definition, e.g. `id:`"
        )
    document.data = _Builder(document).build(root)
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
        raise _error(
            "YAML_007",
            f"the file is not valid UTF-8 (byte {exc.start})",
            Location(file, line, 1),
            "save the file as UTF-8",
        ) from None


def _compose(text: str, file: str) -> Node | None:
    yaml = YAML(typ="rt", pure=True)
    yaml.version = (1, 2)
    try:
        nodes = list(yaml.compose_all(text))
    except MarkedYAMLError as exc:
        raise _syntax_error(exc, file) from None
    except RecursionError:
        raise _error(
            "YAML_005", "the file is nested too deeply to read", Location(file, 1, 1), _DEPTH_HINT
        ) from None
    except YAMLError as exc:
        raise _error("YAML_001", f"the YAML cannot be read: {exc}", Location(file, 1, 1), None) from None
    if len(nodes) > 1:
        raise _error(
            "YAML_009",
            "the file holds more than one YAML document",
            Location(file, 1, 1),
            "remove the `---` separators; put each definition in its own file",
        )
    return nodes[0] if nodes else None


_DEPTH_HINT = f"definitions need far fewer than {MAX_DEPTH} levels; flatten the structure"


def _syntax_error(exc: MarkedYAMLError, file: str) -> DefinitionError:
    mark = exc.problem_mark or exc.context_mark
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
    problem = str(exc.problem or exc.context or "invalid YAML").strip()
    hint = "check the indentation and that every `key:` is followed by a space"
    if "\\t" in problem or "\t" in problem:
        hint = "indent with spaces, not tabs"
    elif "found duplicate anchor" in problem:
        hint = "give each anchor (`&name`) a unique name"
    return _error("YAML_001", f"YAML syntax error: {problem}", where, hint)


def _error(code: str, message: str, location: Location, hint: str | None) -> DefinitionError:
    return DefinitionError([Diagnostic.make(code, message, location, hint)])


class _Builder:
    """Turns a composed node graph into plain data, recording positions and enforcing limits."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.count = 0

    def build(self, node: Node, path: DataPath = (), depth: int = 0) -> Any:
        self._guard(node, depth)
        self.document.values.setdefault(path, _info(node))
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _guard(self, node: Node, depth: int) -> None:
        self.count += 1
        where = Location(self.document.file, node.start_mark.line + 1, node.start_mark.column + 1)
        if depth > MAX_DEPTH:
            raise _error("YAML_005", f"nesting deeper than {MAX_DEPTH} levels", where, _DEPTH_HINT)
        if self.count > MAX_NODES:
            raise _error(
                "YAML_006",
                f"the file expands to more than {MAX_NODES:,} values (aliases repeated too often)",
                where,
                "use fewer `*alias` references; write repeated parts out or use a code list",
            )
        if node.tag not in _ALLOWED_TAGS and node.tag != _TIMESTAMP:
            raise _error(
                "YAML_003",
                f"the tag `{node.tag}` is not allowed in a definition",
                where,
                "remove the `!tag`; definitions hold plain text, numbers, lists and mappings",
            )

    def _mapping(self, node: MappingNode, path: DataPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            child = (*path, key)
            if key in result:
                first = self.document.keys[child]
                raise _error(
                    "YAML_002",
                    f"the key `{key}` appears twice in the same mapping (first at line {first.line + 1})",
                    Location(self.document.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                    "remove one of them or merge their contents",
                )
            self.document.keys[child] = _info(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _key(self, node: Node, path: DataPath) -> str:
        if not isinstance(node, ScalarNode):
            where = Location(self.document.file, node.start_mark.line + 1, node.start_mark.column + 1)
            raise _error("YAML_001", "a mapping key must be a plain name", where, "write keys as `name: value`")
        self._guard(node, len(path))
        return str(node.value)

    def _scalar(self, node: ScalarNode) -> Any:
        return _construct_scalar(node)


def _info(node: Node) -> NodeInfo:
    style = node.style if isinstance(node, ScalarNode) else None
    return NodeInfo(node.start_mark.line, node.start_mark.column, style)


def _construct_scalar(node: ScalarNode) -> Any:
    value: str = node.value
    tag = node.tag
    if tag == f"{_CORE}null":
        return None
    if tag == f"{_CORE}bool":
        return value.lower() == "true"
    if tag == f"{_CORE}int":
        return _construct_int(value)
    if tag == f"{_CORE}float":
        return _construct_decimal(value)
    if node.style == ">":
        return value.replace("\a", "")  # ruamel marks fold points with BEL for round-tripping
    return value


def _construct_int(value: str) -> int | str:
    digits = value.lstrip("+-")
    if len(digits) > 1 and digits.startswith("0") and digits.isdigit():
        return value  # AGS codes, postal codes, "08": keep what the editor wrote
    try:
        return int(value.replace("_", ""), 0)
    except ValueError:
        return value


def _construct_decimal(value: str) -> Decimal | str:
    try:
        return Decimal(value.replace("_", ""))
    except InvalidOperation:
        return value
