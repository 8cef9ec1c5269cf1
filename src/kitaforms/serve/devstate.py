"""What ``kitaforms serve --dev`` knows between builds: problems, progress, and who waits for what.

:class:`DevState` is shared by the builder (:mod:`kitaforms.serve.dev`), which changes it, and the
app, whose pages show it. Everything here runs on the server's event loop; the builder's threads
report through it with ``call_soon_threadsafe``.

Stamps: every change a page can show (a Kommune's bundles replaced, its problems changed) raises the
counter ``build`` and records it for that Kommune; ``""`` stands for the whole project (the NRW base,
files outside a Kommune, the list of Kommunen). A page of Kommune *k* is out of date when the stamp of
*k* or of ``""`` is newer than the page's; the reload script waits for exactly that (long poll).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

PROJECT = ""  # the stamp of what every page shows
INDEX = "/"  # the stamp of the list of Kommunen (the index page's own; its pages follow every change)
WAIT_SECONDS = 25.0  # a long poll answers at the latest after this long
READY_SECONDS = 120.0  # the longest a request waits for its Kommune's first build


@dataclass(frozen=True)
class Problem:
    """A diagnostic as the preview shows it (already in the editor's language)."""

    kommune: str  # the Kommune folder it belongs to, or PROJECT
    severity: str  # "error" | "warning"
    code: str
    message: str
    where: str | None  # file:line:col
    excerpt: str | None  # the source line with its caret line
    hint: str | None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class DevState:
    """The last build's problems, the build counter and the Kommunen still being built."""

    build: int = 0
    error: str | None = None  # the errors as `kitaforms validate` prints them; None when there are none
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lang: str = "de"  # the editor's language (messages, the preview's own words)
    listed: bool = False  # the Kommunen and their forms are known (the first compile is done)
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)  # Kommune id → index entry, not built yet
    failed: set[str] = field(default_factory=set)  # Kommune ids with errors and no good build yet
    built: set[str] = field(default_factory=set)  # Kommune ids with a good build
    folders: dict[str, str] = field(default_factory=dict)  # Kommune id → its folder
    stamps: dict[str, int] = field(default_factory=dict)  # folder (or PROJECT) → build that last changed it
    satzungen: dict[str, dict[str, Any]] = field(default_factory=dict)  # Kommune id → Satzung key → rules
    forms: dict[str, Any] = field(default_factory=dict)  # "<kommune>/<form>" → resolved form (for the ids view)
    _changed: asyncio.Condition | None = field(default=None, repr=False)
    _wanted: list[str] = field(default_factory=list, repr=False)  # Kommune ids requests wait for, newest first
    _wake: Any = field(default=None, repr=False)  # the builder's "work to do" callback
    _tasks: set[Any] = field(default_factory=set, repr=False)
    _complete: Any = field(default=None, repr=False)  # the builder's "are its bundles complete?" (Kommune id)
    _completing: list[str] = field(default_factory=list, repr=False)  # Kommune ids whose bundles requests want complete

    # --- changes (from the builder) -------------------------------------------------------------

    def touch(self, *folders: str) -> None:
        """Something ``folders`` (or with none, the project) show has changed."""
        self.build += 1
        for folder in folders or (PROJECT,):
            self.stamps[folder] = self.build
        self.notify()

    def notify(self) -> None:
        """Wake the requests and long polls that wait (call on the event loop)."""
        if self._changed is None:
            return
        condition = self._changed

        async def notify() -> None:
            async with condition:
                condition.notify_all()

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop running (a synchronous build in a test): nobody waits
            return
        task = loop.create_task(notify())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- what a page shows ---------------------------------------------------------------------

    def stamp(self, kommune: str | None) -> int:
        """The build a page of ``kommune`` (None: a page of no Kommune) is up to date with."""
        if kommune is None:
            return self.build
        folder = self.folders.get(kommune, kommune)
        return max(self.stamps.get(folder, 0), self.stamps.get(PROJECT, 0))

    def problems_of(self, kommune: str | None) -> list[Problem]:
        """The problems a page of ``kommune`` lists: its own and the project's (all, for None)."""
        if kommune is None:
            return list(self.problems)
        folder = self.folders.get(kommune, kommune)
        return [p for p in self.problems if p.kommune in (folder, PROJECT)]

    def errors_elsewhere(self, kommune: str | None) -> dict[str, int]:
        """Other Kommunen with errors: folder → number of errors."""
        if kommune is None:
            return {}
        folder = self.folders.get(kommune, kommune)
        counts: dict[str, int] = {}
        for problem in self.problems:
            if problem.is_error and problem.kommune not in (folder, PROJECT):
                counts[problem.kommune] = counts.get(problem.kommune, 0) + 1
        return counts

    # --- waiting (requests and the reload script) ----------------------------------------------

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    async def wait_change(self, kommune: str | None, after: int, seconds: float = WAIT_SECONDS) -> int:
        """The stamp of ``kommune`` once it differs from ``after`` (or after ``seconds``)."""
        condition = self._condition()
        async with condition:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(condition.wait_for(lambda: self.stamp(kommune) != after), seconds)
        return self.stamp(kommune)

    async def ready(self, kommune: str | None = None, seconds: float = READY_SECONDS) -> None:
        """Return when ``kommune`` can be served: built, failed, or not a Kommune of the project.

        With None, when the Kommunen are known. A Kommune a request waits for is built next.
        """
        if self._is_ready(kommune):
            return
        if kommune is not None:  # also before the first compile has listed the Kommunen
            self._wanted.insert(0, kommune)
            if self._wake is not None:
                self._wake()
        condition = self._condition()
        async with condition:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(condition.wait_for(lambda: self._is_ready(kommune)), seconds)

    def _is_ready(self, kommune: str | None) -> bool:
        if kommune is not None and (kommune in self.built or kommune in self.failed):
            return True
        return self.listed and (kommune is None or kommune not in self.pending)

    async def complete(self, kommune: str, seconds: float = READY_SECONDS) -> None:
        """Return when ``kommune``'s bundles have their examples and XDatenfelder files (built on request)."""
        if self._complete is None or self._complete(kommune):
            return
        self._completing.append(kommune)
        if self._wake is not None:
            self._wake()
        condition = self._condition()
        async with condition:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(condition.wait_for(lambda: kommune not in self._completing), seconds)

    def completing(self) -> list[str]:
        return list(self._completing)

    def completed(self, kommune: str) -> None:
        self._completing = [k for k in self._completing if k != kommune]
        self.notify()

    def wanted(self, everything: bool = False) -> list[str]:
        """Kommunen requests wait for, the most recent first, each once: those compiled and not built yet,
        or with ``everything`` also those not compiled yet (before the first compile has listed them)."""
        self._wanted = [k for k in dict.fromkeys(self._wanted) if not (self.listed and k not in self.pending)
                        and k not in self.built and k not in self.failed]
        return list(self._wanted) if everything else [k for k in self._wanted if k in self.pending]
