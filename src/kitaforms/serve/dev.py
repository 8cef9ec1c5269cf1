"""``kitaforms serve --dev``: the editor's live preview, rebuilt Kommune by Kommune as files change.

The build runs in memory (nothing is written to ``exports/``) and the server imports each Kommune's
bundles exactly as it imports ``exports/`` (manifests checked, forms rebuilt from ``form.json``).

What is rebuilt, and when:

- **Per Kommune.** Each Kommune folder has a fingerprint of its inputs (:mod:`kitaforms.build.
  fingerprint`, the same as ``kitaforms build`` uses: its own folders, the NRW base, the toolchain).
  A change compiles only the Kommunen whose fingerprint changed (all of them when the NRW base
  changed); the others keep what they serve.
- **Per bundle.** A Kommune's form whose ``form.json`` and fee rules are the bytes of the last build
  keeps its bundle; only the changed forms are built again, without the example submissions and
  XDatenfelder files (more than half of a bundle's time, and no page shows them). A request for one
  of those files adds them to the Kommune's bundles first, which are then those of ``kitaforms build``.
- **Lazily at the start.** The server answers at once. The first compile lists every Kommune and its
  problems; then the Kommunen are built one after the other, a Kommune that a request waits for first.
- **Last good build.** A Kommune with errors keeps serving its last good build; every page shows the
  problems (errors and warnings) in a summary that is focused after the automatic reload
  (:mod:`kitaforms.serve.devpages`).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from kitaforms.serve.catalogue import Bundle, Catalogue, KommuneEntry, load_catalogue
from kitaforms.serve.devstate import INDEX, PROJECT, DevState, Problem

log = logging.getLogger("kitaforms.serve.dev")
WATCHED = ("forms", "satzungen")
DEBOUNCE_MS, STEP_MS = 300, 30  # watchfiles: group a burst of writes; yield after 30 ms of quiet


@dataclass
class Compiled:
    """One Kommune as the last compile left it, ready to be built when it has no errors."""

    folder: str
    id: str
    listing: dict[str, Any] | None  # its index entry (name, AGS, forms); None without a kommune.yaml
    problems: list[Problem]
    kommune: Any = None  # the Kommune model
    forms: list[Any] = field(default_factory=list)  # its resolved forms
    satzungen: dict[str, Any] = field(default_factory=dict)  # key → compiled rules

    @property
    def buildable(self) -> bool:
        return self.kommune is not None and bool(self.forms) and not any(p.is_error for p in self.problems)


@dataclass
class CachedBundle:
    key: str  # sha256 of the bundle's form.json, fee rules and base URL
    files: dict[str, bytes]
    complete: bool  # with examples and XDatenfelder files (else a preview bundle)
    imported: Bundle | None = None  # as the server imported it


def _import(kommune: str, folder: PurePosixPath, files: dict[str, bytes]) -> Bundle:
    """One bundle through :func:`load_catalogue`, as ``exports/`` is imported (its manifest checked)."""
    catalogue = load_catalogue({str(folder / path): content for path, content in files.items()})
    if catalogue.problems:
        raise RuntimeError("; ".join(catalogue.problems))
    _, form, version = folder.parts
    return catalogue.kommunen[kommune].forms[form][version]


@dataclass
class Scan:
    inputs: dict[str, str]  # folder → fingerprint
    stale: list[str]  # folders whose fingerprint changed
    removed: list[str]  # folders that are gone


@dataclass
class CompileRound:
    kommunen: dict[str, Compiled]
    project: list[Problem]  # problems of the NRW base and of files outside a Kommune
    error_text: str | None = None  # a crash of the compiler


class DevBuilder:
    """The preview's builder: what each Kommune serves, what is stale, and the build loop."""

    def __init__(self, root: Path, base_url: str, lang: str = "de") -> None:
        self.root = root
        self.base_url = base_url
        self.state = DevState(lang=lang)
        self.catalogue = Catalogue()
        self._inputs: dict[str, str] = {}  # folder → fingerprint of what it was compiled from
        self._waiting: dict[str, Compiled] = {}  # compiled, not built yet
        self._compiled: dict[str, Compiled] = {}  # the last compile of each folder
        self._entries: dict[str, KommuneEntry] = {}  # Kommune id → what it serves (the last good build)
        self._project: list[Problem] = []
        self._bundles: dict[str, CachedBundle] = {}  # "<kommune>/<form>" → its last bundle
        self._served: dict[str, Compiled] = {}  # folder → the compile its entry was built from
        self._dirty = True
        self._to_compile: dict[str, str] = {}  # folder → the fingerprint its scan found, not compiled yet
        self._event: asyncio.Event | None = None

    # --- synchronous: build everything now (tests; the work of each step) ------------------------

    def build(self) -> Catalogue:
        """Compile what changed and build every Kommune that can be built; return the catalogue."""
        scan = self._scan()
        self._forget(scan.removed)
        self._take(self._compile(scan.stale) if scan.stale else None, scan)
        for folder in list(self._waiting):
            self._built(folder, self._build_kommune(self._waiting[folder], complete=True))
        self._publish()
        self.state.touch(*scan.stale, PROJECT)
        return self.catalogue

    # --- the steps -------------------------------------------------------------------------------

    def _scan(self) -> Scan:
        from kitaforms.build.fingerprint import base_inputs, kommune_inputs
        from kitaforms.load.project import kommune_folders

        folders = kommune_folders(self.root)
        base = base_inputs(self.root)
        inputs = {k: kommune_inputs(self.root, k, base, self.base_url) for k in folders}
        stale = [k for k in folders if self._inputs.get(k) != inputs[k]]
        return Scan(inputs, stale, [k for k in self._inputs if k not in inputs])

    def _compile(self, folders: list[str]) -> CompileRound:
        try:
            return _compile_round(self.root, folders, self.state.lang)
        except Exception:  # noqa: BLE001 - a crash is shown in the browser like any build error
            text = traceback.format_exc()
            log.warning("the compile crashed; serving the last good build\n%s", text)
            crash = Problem(PROJECT, "error", "CRASH", "kitaforms crashed while compiling", None, text, None)
            return CompileRound({}, [crash], text)

    def _build_kommune(self, compiled: Compiled, complete: bool = False) -> KommuneEntry | str:
        """The Kommune's catalogue entry, or the text of a crash.

        Bundles whose form.json and fee rules are unchanged are taken from the last build; the others are
        built without examples and XDatenfelder files unless ``complete`` (a request for one of those files
        asks for it: :meth:`DevState.complete`).
        """
        try:
            return self._entry(compiled, complete)
        except Exception:  # noqa: BLE001
            text = traceback.format_exc()
            log.warning("building %s crashed; serving its last good build\n%s", compiled.folder, text)
            return text

    def _entry(self, compiled: Compiled, complete: bool) -> KommuneEntry:
        """The Kommune's entry: each bundle imported as the server imports ``exports/`` (an unchanged bundle
        as it was), and its own pages."""
        from kitaforms.export.bundle import _kommune_pages, bundle_folder, kommune_folder, own_satzungen

        forms: dict[str, dict[str, Bundle]] = {}
        for resolved in compiled.forms:
            cached = self._bundle(resolved, own_satzungen(resolved, compiled.satzungen), complete)
            if cached.imported is None:
                cached.imported = _import(compiled.id, bundle_folder(resolved), cached.files)
            forms.setdefault(resolved.form.id, {})[resolved.form.version] = cached.imported
        first = next(iter(next(iter(forms.values())).values()))
        pages = _kommune_pages(compiled.kommune, compiled.forms)
        return KommuneEntry(compiled.id, compiled.kommune.ags, kommune_folder(compiled.kommune),
                            first.resolved.kommune, pages, forms)

    def _bundle(self, resolved: Any, own: dict[str, Any], complete: bool) -> CachedBundle:
        """One form's bundle; the last one again when its form.json and fee rules are the same bytes."""
        from kitaforms.export._json import dumps
        from kitaforms.export.bundle import form_bundle
        from kitaforms.export.formdata import form_data

        digest = hashlib.sha256(f"{self.base_url}\n".encode())
        digest.update(dumps(form_data(resolved)))
        for key, rules in own.items():
            digest.update(key.encode() + b"\0" + dumps(rules.to_json()))
        key = digest.hexdigest()
        cached = self._bundles.get(resolved.key)
        if cached is not None and cached.key == key and (cached.complete or not complete):
            return cached
        files = form_bundle(resolved, self.base_url, own, preview=not complete)
        self._bundles[resolved.key] = CachedBundle(key, files, complete)
        return self._bundles[resolved.key]

    def _incomplete(self, kommunen: list[str]) -> str | None:
        """The first of ``kommunen`` (ids) whose served bundles lack examples and XDatenfelder files."""
        for folder, compiled in sorted(self._served.items()):
            if compiled.id in kommunen and not self.is_complete(compiled):
                return folder
        return None

    def is_complete(self, compiled: Compiled) -> bool:
        return all(r.key in self._bundles and self._bundles[r.key].complete for r in compiled.forms)

    # --- taking results in (on the event loop when serving) ---------------------------------------

    def _forget(self, removed: list[str]) -> None:
        for folder in removed:
            self._inputs.pop(folder, None)
            self._waiting.pop(folder, None)
            self._served.pop(folder, None)
            gone = self._compiled.pop(folder, None)
            if gone is not None:
                self._entries.pop(gone.id, None)
                self.state.pending.pop(gone.id, None)

    def _take(self, round_: CompileRound | None, scan: Scan) -> None:
        if round_ is None:
            return
        self._project = round_.project
        for folder in scan.stale:
            compiled = round_.kommunen.get(folder)
            if compiled is None:  # the compiler crashed: compile it again on the next change
                continue
            self._inputs[folder] = scan.inputs[folder]
            self._compiled[folder] = compiled
            self._waiting.pop(folder, None)
            if compiled.buildable and not any(p.is_error for p in self._project):
                self._waiting[folder] = compiled
        self._list()

    def _built(self, folder: str, result: KommuneEntry | str) -> None:
        compiled = self._waiting.pop(folder, None)
        if compiled is None:
            return
        if isinstance(result, str):
            crash = Problem(folder, "error", "CRASH", f"kitaforms crashed while building {folder}", None, result, None)
            compiled.problems = [*compiled.problems, crash]
        else:
            self._entries[compiled.id] = result
            self._served[folder] = compiled
            self.state.satzungen[compiled.id] = dict(sorted(compiled.satzungen.items()))
            self.state.forms.update({resolved.key: resolved for resolved in compiled.forms})
        self._list()

    def _list(self) -> None:
        """The state the pages show: problems, Kommunen still to build, the error text."""
        state = self.state
        state.listed = not self._to_compile
        state.built = set(self._entries)
        state.folders = {c.id: c.folder for c in self._compiled.values()}
        problems = list(self._project)
        for folder in sorted(self._compiled):
            problems += self._compiled[folder].problems
        state.problems = problems
        state.pending = {c.id: c.listing for c in self._compiled.values()
                         if c.id not in self._entries and c.listing is not None}
        state.failed = {c.id for c in self._compiled.values()
                        if c.id not in self._entries and c.folder not in self._waiting}
        errors = [p for p in problems if p.is_error]
        state.error = "\n\n".join(p.excerpt or p.message for p in errors) if errors else None

    def _publish(self) -> Catalogue:
        self.catalogue = Catalogue(kommunen=dict(sorted(self._entries.items())))
        return self.catalogue

    # --- serving: the build loop -------------------------------------------------------------------

    async def run(self, server: Any) -> None:
        """The background job: build what is stale, most wanted first; rebuild on every change."""
        self._event = asyncio.Event()
        self.state._wake = self._event.set
        self.state._complete = lambda kommune: self._is_served_complete(kommune)
        watcher = asyncio.create_task(self.watch_changes())
        try:
            while True:
                if not await self._step(server):
                    await self._event.wait()
                    self._event.clear()
        finally:
            watcher.cancel()

    async def _step(self, server: Any) -> bool:
        """One unit of work; False when there is nothing to do now."""
        if self._dirty:
            await self._rescan()
            return True
        wanted = [f for f in self._to_compile if f in self.state.wanted(everything=True)]
        if wanted:  # a request waits for it: compile it alone, before the others
            await self._compile_step(server, wanted)
            return True
        folder = self._next(wanted_only=True)
        if folder is None and self._to_compile:
            await self._compile_step(server, sorted(self._to_compile))
            return True
        folder = folder or self._next()
        if folder is not None:
            started = time.perf_counter()
            result = await asyncio.to_thread(self._build_kommune, self._waiting[folder])
            self._built(folder, result)
            server.replace(self._publish())
            self.state.touch(folder)
            log.info("built %s in %.2f s", folder, time.perf_counter() - started)
            return True
        folder = self._incomplete(self.state.completing())
        if folder is None:
            return False
        # a request asks for a file only a complete bundle has (examples, XDatenfelder): add them, no reload
        compiled = self._served[folder]
        result = await asyncio.to_thread(self._build_kommune, compiled, True)
        if isinstance(result, str):
            self._served.pop(folder, None)  # not again until its files change
        elif self._served.get(folder) is compiled:
            self._entries[compiled.id] = result
            server.replace(self._publish())
        self.state.completed(compiled.id)
        return True

    async def _rescan(self) -> None:
        """Find what changed; it is compiled in the next steps (a Kommune a request waits for first)."""
        self._dirty = False
        scan = await asyncio.to_thread(self._scan)
        self._forget(scan.removed)
        for folder in scan.removed:
            self._to_compile.pop(folder, None)
        self._to_compile.update({folder: scan.inputs[folder] for folder in scan.stale})
        if scan.removed:
            self.state.touch(PROJECT)

    async def _compile_step(self, server: Any, folders: list[str]) -> None:
        started = time.perf_counter()
        inputs = {folder: self._to_compile[folder] for folder in folders}
        round_ = await asyncio.to_thread(self._compile, folders)
        log.info("compiled %s in %.2f s", ", ".join(folders), time.perf_counter() - started)
        for folder in folders:
            if self._to_compile.get(folder) == inputs[folder]:  # else it changed again meanwhile
                del self._to_compile[folder]
        problems, listed = self._problem_keys(), (set(self._compiled), self.state.listed)
        self._take(round_, Scan(inputs, folders, []))
        # a Kommune to build shows its problems with its new build; one with errors shows them now
        changed = [f for f in folders if f not in self._waiting]
        if self._problem_keys() != problems:
            changed.append(PROJECT)  # every page shows the project's problems
        elif (set(self._compiled), self.state.listed) != listed:
            changed.append(INDEX)  # only the index lists the Kommunen
        if changed:
            server.replace(self._publish())
            self.state.touch(*changed)
        self.state.notify()

    def _is_served_complete(self, kommune: str) -> bool:
        """Whether what ``kommune`` serves has complete bundles (True when it serves nothing to complete)."""
        compiled = next((c for c in self._served.values() if c.id == kommune), None)
        return compiled is None or self.is_complete(compiled)

    def _problem_keys(self) -> list[tuple[str, str, str | None]]:
        """The problems every page shows (the project's)."""
        return [(p.code, p.message, p.where) for p in self._project]

    def _next(self, wanted_only: bool = False) -> str | None:
        """The Kommune to build next: one a request waits for, else one whose files changed, else the first."""
        if not self._waiting:
            return None
        folders = {self._waiting[f].id: f for f in self._waiting}
        for kommune in self.state.wanted():
            if kommune in folders:
                return folders[kommune]
        if wanted_only:
            return None
        rebuilt = [f for f in self._waiting if self._waiting[f].id in self._entries]
        return (rebuilt or sorted(self._waiting))[0]

    async def watch_changes(self) -> None:
        from watchfiles import awatch

        folders = [str(self.root / name) for name in WATCHED if (self.root / name).is_dir()]
        if not folders:
            return
        async for _changes in awatch(*folders, debounce=DEBOUNCE_MS, step=STEP_MS):
            self._dirty = True
            if self._event is not None:
                self._event.set()

    async def watch(self, server: Any) -> None:
        """Rebuild on every change (everything at once; the app's background job is :meth:`run`)."""
        from watchfiles import awatch

        folders = [str(self.root / name) for name in WATCHED if (self.root / name).is_dir()]
        if not folders:
            return
        async for _changes in awatch(*folders, debounce=DEBOUNCE_MS, step=STEP_MS):
            server.replace(await asyncio.to_thread(self.build))


# --- one compile -----------------------------------------------------------------------------------


def _compile_round(root: Path, folders: list[str], lang: str) -> CompileRound:
    from kitaforms.compiler import compile_project
    from kitaforms.export.bundle import kommune_forms

    result = compile_project(root, folders)
    problems = _problems(root, result.diagnostics.sorted(), lang)
    own: dict[str, list[Problem]] = {}
    for problem in problems:
        own.setdefault(problem.kommune, []).append(problem)
    forms = {kommune.id: list(resolved) for kommune, resolved in kommune_forms(result)}
    kommunen = {}
    for folder in folders:
        sources = result.project.kommunen.get(folder)
        model = sources.kommune.model if sources is not None and sources.kommune is not None else None
        kommune_id = model.id if model is not None else folder
        listing = _listing(model, forms.get(kommune_id, [])) if model is not None else None
        satzungen = {key: rules for key, rules in result.satzungen.items() if key.startswith(folder + "/")}
        kommunen[folder] = Compiled(folder, kommune_id, listing, own.get(folder, []), model,
                                    forms.get(kommune_id, []), satzungen)
    return CompileRound(kommunen, own.get(PROJECT, []))


def _problems(root: Path, diagnostics: list[Any], lang: str) -> list[Problem]:
    from kitaforms.cli._project import line_reader
    from kitaforms.errors.wording import localized
    from kitaforms.report import format_blocks

    read_line = line_reader(root)  # a new reader each time: the files have changed
    problems = []
    for diagnostic in diagnostics:
        shown = localized(diagnostic, lang)
        loc = diagnostic.location
        problems.append(Problem(
            kommune=_owner(loc.file) if loc else PROJECT,
            severity="error" if diagnostic.is_error else "warning",
            code=diagnostic.code, message=shown.message, where=str(loc) if loc else None,
            excerpt=format_blocks([diagnostic], read_line, lang=lang).rstrip("\n"), hint=shown.hint,
        ))
    return problems


def _owner(file: str) -> str:
    """The Kommune folder a project file belongs to, or PROJECT."""
    parts = PurePosixPath(file).parts
    if len(parts) > 2 and parts[0] in WATCHED and parts[1] != "nrw":
        return parts[1]
    return PROJECT


def _listing(kommune: Any, forms: list[Any]) -> dict[str, Any]:
    """The Kommune as the index lists it before its bundles are built."""
    return {
        "href": f"/{kommune.id}/", "name": kommune.name, "ags": kommune.ags,
        "forms": [{"href": f"/{kommune.id}/{r.form.id}/", "title": r.form.title.get("de", r.form.id),
                   "version": r.form.version, "en": "en" in (getattr(r.form, "languages", None) or ["de", "en"])}
                  for r in forms],
    }

