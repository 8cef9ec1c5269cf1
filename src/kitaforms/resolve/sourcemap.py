"""Where each part of a merged (resolved) form came from.

Resolving copies the base form's data and applies a Kommune's overlay to it. Every mapping in the
merged data remembers the document and path it was copied from, and every property an overlay set
remembers the overlay's path. :class:`MergedSource` then answers "where is this?" for any path in
the merged data, so errors found after merging still point into the file the editor must change.
"""

from __future__ import annotations

from typing import Any, Protocol

from kitaforms.diagnostics import Location
from kitaforms.load.yaml_source import DataPath, Document

Origin = tuple[Document, DataPath]


class Source(Protocol):
    """Something that holds definition data and can locate paths in it (a file, or a merge)."""

    data: Any

    def locate(self, path: DataPath, *, key: bool = False) -> Location: ...

    def locate_in_scalar(self, path: DataPath, offset: int, length: int = 1) -> Location: ...


class MergedSource:
    def __init__(self) -> None:
        self.data: Any = None
        self._objects: dict[int, Origin] = {}
        self._properties: dict[tuple[int, str], Origin] = {}
        self._keep: list[Any] = []  # keeps objects alive so their ids stay unique

    def copy_from(self, document: Document, path: DataPath, value: Any) -> Any:
        """Deep-copy ``value`` (found at ``path`` in ``document``), remembering each mapping's origin."""
        if isinstance(value, dict):
            copy = {key: self.copy_from(document, (*path, key), item) for key, item in value.items()}
            self._remember(copy, (document, path))
            return copy
        if isinstance(value, list):
            copy_list = [self.copy_from(document, (*path, i), item) for i, item in enumerate(value)]
            self._remember(copy_list, (document, path))
            return copy_list
        return value

    def set_property(self, target: dict[str, Any], key: str, value: Any, origin: Origin) -> None:
        target[key] = self.copy_from(origin[0], origin[1], value)
        self._properties[(id(target), key)] = origin

    def origin(self, path: DataPath) -> Origin | None:
        """The document and path a merged path stands for."""
        best: Origin | None = None
        suffix: list[str | int] = []
        node = self.data
        for depth in range(len(path) + 1):
            if id(node) in self._objects:
                best, suffix = self._objects[id(node)], []
            if depth == len(path):
                break
            part = path[depth]
            if isinstance(node, dict) and (id(node), part) in self._properties:
                best, suffix = self._properties[(id(node), str(part))], []
                node = node.get(part)
                continue
            suffix.append(part)
            node = _child(node, part)
        if best is None:
            return None
        return best[0], (*best[1], *suffix)

    def locate(self, path: DataPath, *, key: bool = False) -> Location:
        found = self.origin(path)
        return found[0].locate(found[1], key=key) if found else Location("<merged>", 1, 1)

    def locate_in_scalar(self, path: DataPath, offset: int, length: int = 1) -> Location:
        found = self.origin(path)
        return found[0].locate_in_scalar(found[1], offset, length) if found else Location("<merged>", 1, 1)

    def _remember(self, obj: Any, origin: Origin) -> None:
        self._objects[id(obj)] = origin
        self._keep.append(obj)


def _child(node: Any, part: str | int) -> Any:
    try:
        return node[part]
    except (KeyError, IndexError, TypeError):
        return None
