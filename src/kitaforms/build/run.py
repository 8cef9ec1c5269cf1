"""A whole build of ``exports/``: plan, build the stale Kommunen in parallel, check releases, commit.

1. **Plan.** Each Kommune's inputs get a fingerprint (:mod:`.fingerprint`); a Kommune whose
   fingerprint and files are as the cache recorded (:mod:`.cache`) is fresh and skipped.
2. **Build.** The stale Kommunen are split into tasks that worker processes (one per core) compile
   and build into a staging folder next to the output (:mod:`.worker`), each bundle written as soon as
   it is made.
3. **Stop on errors.** Any error diagnostic, or a published version whose content would change
   (:mod:`.releases`), stops the build: the output is left as it was.
4. **Commit** (or, with ``check``, compare): files whose bytes changed are moved into place, files
   the build no longer makes are removed inside the folders it owns, ``index.json`` is written last.

The result is byte for byte that of :func:`kitaforms.export.bundle.build_bundles`, the serial
in-memory reference; a test holds the two together.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path

from kitaforms.build import cache
from kitaforms.build.commit import Comparison, commit, compare
from kitaforms.build.fingerprint import base_inputs, kommune_inputs
from kitaforms.build.releases import changed_releases
from kitaforms.build.worker import KommuneOutput, Task, TaskResult, run_task
from kitaforms.compiler import compile_project
from kitaforms.diagnostics import Diagnostic, Location
from kitaforms.export._json import dumps
from kitaforms.export.bundle import INDEX, index_document
from kitaforms.load.project import kommune_folders

TASKS_PER_WORKER = 4  # of what is left, per worker: tasks get smaller towards the end, so the cores finish together
MAX_TASK_SIZE = 8  # Kommunen per task: what a worker holds compiled at once


@dataclass(frozen=True)
class BuildOptions:
    base_url: str
    timestamp: datetime
    jobs: int | None = None  # worker processes; None: one per core
    use_cache: bool = True

    def fingerprint(self) -> str:
        return f"{self.base_url}\n{self.timestamp.isoformat()}"


@dataclass
class BuildOutcome:
    errors: list[Diagnostic] = field(default_factory=list)
    built: list[str] = field(default_factory=list)  # Kommunen compiled and built by this run
    fresh: list[str] = field(default_factory=list)  # Kommunen taken from the cache
    comparison: Comparison | None = None  # what differs from the output folder

    @property
    def ok(self) -> bool:
        return not self.errors


Progress = Callable[[int, int], None]  # (Kommunen done, Kommunen to build)


def build_exports(root: Path, out: Path, options: BuildOptions, *, check: bool = False,
                  progress: Progress | None = None) -> BuildOutcome:
    """Build (or with ``check`` compare) ``out``; never writes to it when anything is wrong."""
    kommunen = kommune_folders(root)
    base = base_inputs(root)
    inputs = {k: kommune_inputs(root, k, base, options.fingerprint()) for k in kommunen}
    cached = cache.load(root, out) if options.use_cache else {}
    fresh = [k for k in kommunen if cache.is_fresh(cached.get(k), inputs[k], out)]
    stale = [k for k in kommunen if k not in fresh]
    outcome = BuildOutcome(built=stale, fresh=fresh)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kitaforms-build-", dir=out.parent))
    try:
        outputs = _build(root, stale, staging, options, outcome, progress)
        if not kommunen:
            outcome.errors += _base_errors(root)
        if outcome.errors:
            return outcome
        outputs.update({k: KommuneOutput(k, cached[k].entry, cached[k].hashes()) for k in fresh})
        outcome.errors += list(changed_releases(out, staging, _versions(outputs, stale)))
        if outcome.errors:
            return outcome
        files = _all_files(outputs) | {INDEX: _stage_index(staging, outputs, options.base_url)}
        staged = {path for k in stale if k in outputs for path in outputs[k].files} | {INDEX}
        outcome.comparison = compare(out, staging, files, staged)
        if not check:
            commit(out, staging, outcome.comparison)
            _save_cache(root, out, outputs, inputs)
        return outcome
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _build(root: Path, kommunen: list[str], staging: Path, options: BuildOptions, outcome: BuildOutcome,
           progress: Progress | None) -> dict[str, KommuneOutput]:
    if not kommunen:
        return {}
    workers = _workers(options.jobs)
    tasks = [Task(root, share, staging, options.base_url, options.timestamp) for share in _shares(kommunen, workers)]
    outputs: dict[str, KommuneOutput] = {}
    done = 0
    for task, result in _run(tasks, workers):
        outcome.errors += result.errors
        outputs.update({output.id: output for output in result.kommunen})
        done += len(task.kommunen)
        if progress:
            progress(done, len(kommunen))
    outcome.errors = _unique(outcome.errors)
    return outputs


def _shares(kommunen: list[str], workers: int) -> list[tuple[str, ...]]:
    """The Kommunen split into tasks, each a quarter of what is left per worker (at most
    :data:`MAX_TASK_SIZE`): big tasks first, small ones last, so that no core waits long for the
    other's last task (186 Kommunen, 2 cores: 8 Kommunen per task, then 7, 6, … 1)."""
    shares, start = [], 0
    while start < len(kommunen):
        size = min(MAX_TASK_SIZE, max(1, -(-(len(kommunen) - start) // (workers * TASKS_PER_WORKER))))
        shares.append(tuple(kommunen[start:start + size]))
        start += size
    return shares


def _workers(jobs: int | None) -> int:
    """``jobs``, else one per core this process may run on."""
    if jobs:
        return jobs
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _run(tasks: list[Task], workers: int) -> Iterable[tuple[Task, TaskResult]]:
    """Each task's result as it comes; in this process when one worker is enough."""
    workers = min(workers, len(tasks))
    if workers <= 1:
        yield from ((task, run_task(task)) for task in tasks)
        return
    with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
        futures = {pool.submit(run_task, task): task for task in tasks}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _context() -> BaseContext:
    """Forked on Linux: the workers share the imported code with the build (and start at once).

    The build has no other thread when it forks. Elsewhere fork is unsafe or missing: spawn.
    """
    if sys.platform == "linux" and "fork" in get_all_start_methods():
        return get_context("fork")
    return get_context("spawn")


def _base_errors(root: Path) -> list[Diagnostic]:
    """With no Kommune at all, the NRW base is still checked."""
    return [d for d in compile_project(root, ()).diagnostics if d.is_error]


def _unique(errors: list[Diagnostic]) -> list[Diagnostic]:
    """Each task checks the NRW base again: its errors are reported once."""
    return sorted(dict.fromkeys(errors), key=Diagnostic.sort_key)


def _versions(outputs: dict[str, KommuneOutput], built: list[str]) -> dict[str, Location]:
    return {folder: where for k in built if k in outputs for folder, where in outputs[k].versions.items()}


def _stage_index(staging: Path, outputs: dict[str, KommuneOutput], base_url: str) -> str:
    entries = [output.entry for output in outputs.values() if output.entry is not None]
    content = dumps(index_document(entries, base_url))
    (staging / INDEX).write_bytes(content)
    return hashlib.sha256(content).hexdigest()


def _all_files(outputs: dict[str, KommuneOutput]) -> dict[str, str]:
    files = {path: sha for output in outputs.values() for path, sha in output.files.items()}
    return dict(sorted(files.items()))


def _save_cache(root: Path, out: Path, outputs: dict[str, KommuneOutput], inputs: dict[str, str]) -> None:
    recorded = {}
    for kommune, output in outputs.items():
        if kommune not in inputs:
            continue
        stats = {path: cache.file_stat(out, path, sha) for path, sha in output.files.items()}
        recorded[kommune] = cache.CachedKommune(inputs[kommune], output.entry, stats)
    cache.save(root, out, recorded)
