"""The build cache: what each Kommune's share of an output folder was last built from, and its files.

Kept in ``<project>/.cache/kitaforms/build.json`` (ignored by git), per output folder. A Kommune is
*fresh* when its inputs have the same fingerprint as at the last successful build and every file it
wrote is still there with the same content (size and modification time, else its sha256). A fresh
Kommune is neither compiled nor built again. The cache only ever saves work: delete it and the next
build does everything.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "kitaforms-build-cache/1"


@dataclass
class CachedKommune:
    inputs: str
    entry: dict[str, Any] | None
    files: dict[str, list[Any]] = field(default_factory=dict)  # path → [size, mtime_ns, sha256]

    def hashes(self) -> dict[str, str]:
        return {path: stat[2] for path, stat in self.files.items()}


def cache_file(root: Path) -> Path:
    return root / ".cache" / "kitaforms" / "build.json"


def load(root: Path, out: Path) -> dict[str, CachedKommune]:
    """The cached Kommunen of output folder ``out`` (empty when there is no usable cache)."""
    try:
        data = json.loads(cache_file(root).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return {}
        kommunen = data["outputs"].get(str(out.resolve()), {})
        return {kommune: CachedKommune(**value) for kommune, value in kommunen.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def save(root: Path, out: Path, kommunen: dict[str, CachedKommune]) -> None:
    path = cache_file(root)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        outputs = data["outputs"] if data.get("format") == FORMAT else {}
    except (OSError, ValueError, KeyError):
        outputs = {}
    outputs[str(out.resolve())] = {kommune: asdict(value) for kommune, value in sorted(kommunen.items())}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"format": FORMAT, "outputs": outputs}, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def file_stat(out: Path, path: str, sha256: str) -> list[Any]:
    stat = os.stat(os.path.join(out, path))  # not a Path: a build stats every file it wrote
    return [stat.st_size, stat.st_mtime_ns, sha256]


def is_fresh(cached: CachedKommune | None, inputs: str, out: Path) -> bool:
    """Same inputs, and every file it wrote unchanged on disk."""
    if cached is None or cached.inputs != inputs:
        return False
    return all(_unchanged(out / path, stat) for path, stat in cached.files.items())


def _unchanged(path: Path, stat: list[Any]) -> bool:
    try:
        now = path.stat()
    except OSError:
        return False
    if [now.st_size, now.st_mtime_ns] == stat[:2]:
        return True
    return now.st_size == stat[0] and hashlib.sha256(path.read_bytes()).hexdigest() == stat[2]
