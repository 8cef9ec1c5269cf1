"""Compare the staged build with the output folder, and move what changed into place.

The build decides the whole content of the folders it owns (:func:`owned_areas`): each bundle of the
current versions, each Kommune's own pages. Files there that the build no longer makes are stale and
removed. Folders of other versions are archived releases and are left alone.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kitaforms.export.manifest import NAME as MANIFEST


@dataclass
class Comparison:
    files: dict[str, str]  # every file of the build → sha256
    differing: list[str] = field(default_factory=list)  # staged, and missing or different in the output
    stale: list[Path] = field(default_factory=list)  # in an owned folder of the output, not made by the build
    new: set[str] = field(default_factory=set)  # top-level folders the output does not have yet

    @property
    def up_to_date(self) -> bool:
        return not self.differing and not self.stale


def owned_areas(paths: list[str]) -> set[tuple[PurePosixPath, bool]]:
    """Where a build decides the whole content: ``(folder, recursive)``.

    Each bundle folder (recursive), each Kommune folder's own files (not recursive: its form
    folders hold archived versions) and the Kommune's page sub-folders such as ``en/``, ``assets/``.
    """
    parts_of = [PurePosixPath(p).parts for p in paths]
    bundles = {PurePosixPath(*parts[:3]) for parts in parts_of if len(parts) == 4 and parts[3] == MANIFEST}
    forms = {folder.parent for folder in bundles}
    owned: set[tuple[PurePosixPath, bool]] = set()
    for parts in parts_of:
        if len(parts) >= 4 and PurePosixPath(*parts[:3]) in bundles:
            owned.add((PurePosixPath(*parts[:3]), True))
        elif len(parts) == 2:
            owned.add((PurePosixPath(parts[0]), False))
        elif len(parts) > 2 and PurePosixPath(*parts[:2]) not in forms:
            owned.add((PurePosixPath(*parts[:2]), True))
    return owned


def stale_files(out: Path, paths: list[str]) -> list[Path]:
    """Files on disk inside the owned areas that the build does not produce."""
    made = set(paths)
    stale: set[Path] = set()
    for folder, recursive in owned_areas(paths):
        directory = out / folder
        if not directory.is_dir():
            continue
        candidates = directory.rglob("*") if recursive else directory.iterdir()
        stale |= {p for p in candidates if p.is_file() and p.relative_to(out).as_posix() not in made}
    return sorted(stale)


def compare(out: Path, staging: Path, files: dict[str, str], staged: Collection[str]) -> Comparison:
    """Which ``staged`` files differ from ``out``; the others (fresh from the cache) are checked already."""
    comparison = Comparison(files, new=new_folders(out, list(files)))
    for path, sha in files.items():
        if path not in staged:
            continue
        if _top(path) in comparison.new:  # what a new folder holds is all new: nothing to read there
            comparison.differing.append(path)
            continue
        target = out / path
        if not target.is_file() or target.stat().st_size != (staging / path).stat().st_size \
                or hashlib.sha256(target.read_bytes()).hexdigest() != sha:
            comparison.differing.append(path)
    comparison.stale = stale_files(out, list(files))
    return comparison


def commit(out: Path, staging: Path, comparison: Comparison) -> None:
    """Move the differing files into ``out`` (``index.json`` last) and remove the stale ones.

    A top-level folder ``out`` does not have yet (a new Kommune, every Kommune of a first build) is
    moved in one rename instead of file by file: all it holds is new."""
    out.mkdir(parents=True, exist_ok=True)
    new = comparison.new & {_top(path) for path in comparison.differing}  # each of them holds staged files
    for folder in sorted(new):
        os.replace(staging / folder, out / folder)
    index_last = sorted(comparison.differing, key=lambda p: (p == "index.json", p))
    for path in index_last:
        if _top(path) in new:
            continue
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / path, target)
    for path in comparison.stale:
        path.unlink()


def new_folders(out: Path, paths: list[str]) -> set[str]:
    """The top-level folders of ``paths`` that ``out`` does not have at all."""
    return {top for top in {_top(path) for path in paths} if top and not (out / top).exists()}


def _top(path: str) -> str:
    """The top-level folder of an output path ('' for a file at the top, such as ``index.json``)."""
    head, separator, _ = path.partition("/")
    return head if separator else ""
