"""One share of a build: compile some Kommunen and write their files into a staging folder.

A worker process (or the build itself, with one job) takes a :class:`Task`, compiles the NRW base and
the task's Kommunen only, and writes each bundle's files as soon as they are made: memory holds one
bundle at a time, whatever the number of Kommunen. What goes back to the build is small: the
diagnostics, each Kommune's entry for ``index.json``, the sha256 of every file written, and where
each bundle's version is set (for the release check).
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from kitaforms.compiler import compile_project
from kitaforms.diagnostics import Diagnostic, Location
from kitaforms.export.bundle import bundle_folder, kommune_files, kommune_forms, kommune_index_entry


@dataclass(frozen=True)
class Task:
    root: Path
    kommunen: tuple[str, ...]
    staging: Path
    base_url: str
    timestamp: datetime


@dataclass
class KommuneOutput:
    id: str
    entry: dict[str, Any] | None = None  # for index.json; None when the folder offers no form
    files: dict[str, str] = field(default_factory=dict)  # path in exports/ → sha256
    versions: dict[str, Location] = field(default_factory=dict)  # bundle folder → where its version is set


GC_THRESHOLDS = (20_000, 20, 100)  # young objects per collection (Python's default: 700, 10, 10)


@dataclass
class TaskResult:
    errors: list[Diagnostic] = field(default_factory=list)
    kommunen: list[KommuneOutput] = field(default_factory=list)


def run_task(task: Task) -> TaskResult:
    """Compile and build ``task.kommunen``; with errors, nothing is written and only they come back."""
    with _fewer_collections():
        result = compile_project(task.root, task.kommunen)
        with _long_lived(result):
            return _build(task, result)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Young objects are collected less often (:data:`GC_THRESHOLDS`): compiling and building make
    millions that die before a collection anyway (36 Kommunen, one process: 13.5 s user time against
    15.0 s, the same peak memory)."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def _long_lived(result: object) -> Iterator[None]:
    """The compiled project lives as long as the task: the garbage collector stops scanning it.

    Each bundle makes millions of short-lived objects; without this every full collection walks the
    whole compiled project again (about 6 % of a serial build's CPU time, 18 Kommunen).
    """
    gc.collect(1)  # the young garbage of compiling; the old generation holds the imported code, not garbage
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _build(task: Task, result: Any) -> TaskResult:
    errors = [d for d in result.diagnostics if d.is_error]
    if errors:
        return TaskResult(errors=errors)
    outputs = {kommune: KommuneOutput(kommune) for kommune in task.kommunen}
    folder_of = {s.kommune.model.id: folder for folder, s in result.project.kommunen.items() if s.kommune}
    for kommune, forms in kommune_forms(result):
        folder = folder_of.get(kommune.id, kommune.id)
        output = outputs.setdefault(folder, KommuneOutput(folder))
        output.entry = kommune_index_entry(kommune, forms)
        output.versions = {str(bundle_folder(f)): f.source.locate(("version",)) for f in forms}
        made: set[Path] = set()
        for path, content in kommune_files(kommune, forms, result.satzungen, task.base_url, task.timestamp):
            output.files[path.as_posix()] = _stage(task.staging, path, content, made)
    return TaskResult(kommunen=list(outputs.values()))


def _stage(staging: Path, path: PurePosixPath, content: bytes, made: set[Path]) -> str:
    """Write one file; ``made`` remembers the folders already there (a bundle has about 35 files in
    a dozen folders: without it every file costs a mkdir per folder level)."""
    target = staging / path
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    sha = hashlib.sha256(content).hexdigest()
    _STAGED.write(staging, target, content, sha)
    return sha


class _Staged:
    """Files with the same bytes are staged as hard links of one of them (per build and process).

    Most of a build's files repeat byte for byte: the assistant's assets in every bundle, and the
    examples and fee tables of Kommunen that share the NRW base form and a Satzung (2,037 of the 3,771
    files of the sample Kommunen's ``exports/``). A link is one more name for a file already written:
    on some disks allocating a new file costs far more than its few kilobytes (186 Kommunen: 12–20 s
    of system time without links, 3–6 s with them). Nothing ever writes into a built file: the build
    replaces files whole (``os.replace``) and removes stale ones, so the names stay independent.
    """

    def __init__(self) -> None:
        self.staging: Path | None = None
        self.first: dict[str, Path] = {}  # sha256 → a staged file with those bytes

    def write(self, staging: Path, target: Path, content: bytes, sha: str) -> None:
        if staging != self.staging:
            self.staging, self.first = staging, {}
        original = self.first.get(sha)
        if original is not None:
            try:
                os.link(original, target)
                return
            except OSError:  # no hard links on this file system, or that file has too many: write it
                target.unlink(missing_ok=True)  # never write through a name another file shares
        target.write_bytes(content)
        self.first[sha] = target


_STAGED = _Staged()
