"""Compare the staged build with the output folder, and move what changed into place.

The build decides the whole content of the folders it owns (:func:`owned_areas`): each bundle of the
current versions, each Kommune's own pages. Files there that the build no longer makes are stale and
removed. Folders of other versions are archived releases and are left alone.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kitaforms.export.manifest import NAME as MANIFEST


@dataclass
class Comparison:
    files: dict[str, str]  # every file of the build → sha256
    differing: list[str] = field(default_factory=list)  # staged, and missing or different in the output
    stale: list[Path] = field(default_factory=list)  # in an owned folder of the output, not made by the build

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


def compare(out: Path, staging: Path, files: dict[str, str]) -> Comparison:
    """Which staged files differ from ``out``; files not staged (fresh from the cache) are checked already."""
    comparison = Comparison(files)
    for path, sha in files.items():
        if not (staging / path).is_file():
            continue
        target = out / path
        if not target.is_file() or target.stat().st_size != (staging / path).stat().st_size \
                or hashlib.sha256(target.read_bytes()).hexdigest() != sha:
            comparison.differing.append(path)
    comparison.stale = stale_files(out, list(files))
    return comparison


def commit(out: Path, staging: Path, comparison: Comparison) -> None:
    """Move the differing files into ``out`` (``index.json`` last) and remove the stale ones."""
    index_last = sorted(comparison.differing, key=lambda p: (p == "index.json", p))
    for path in index_last:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / path, target)
    for path in comparison.stale:
        path.unlink()
