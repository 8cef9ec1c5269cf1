"""Find and load every definition file of a project (``forms/`` and ``satzungen/``).

The layout says what a file is:

- ``forms/nrw/<form>.yaml`` — an NRW base form; ``forms/nrw/codelisten.yaml`` — shared code lists;
- ``forms/<kommune>/kommune.yaml`` — the Kommune; ``einrichtungen.yaml`` — its facility catalogue;
  ``vergabe.yaml`` and ``kapazitaeten.yaml`` — its allocation criteria and free places
  (:mod:`kitaforms.allocate`); ``vertrag.yaml`` — its care contract (:mod:`kitaforms.contract`); any other ``forms/<kommune>/<form>.yaml`` — an overlay (it names the
  base form under ``extends``);
- ``satzungen/<kommune>/*.yaml`` — fee rules (loaded by :mod:`kitaforms.satzung`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from kitaforms.allocate.model import Capacities, Criteria
from kitaforms.contract.model import ContractFile
from kitaforms.diagnostics import DefinitionError, Diagnostic, Diagnostics
from kitaforms.load.yaml_source import Document, load_bytes, read_file
from kitaforms.model.form import CodeListFile, Form
from kitaforms.model.kommune import FacilityCatalogue, Kommune
from kitaforms.model.overlay import Overlay, RawOverlay
from kitaforms.model.parse import SchemaCodes, parse_model

BASE_FOLDER = "nrw"
CODE_LIST_FILE = "codelisten.yaml"
KOMMUNE_FILE = "kommune.yaml"
FACILITY_FILE = "einrichtungen.yaml"
CRITERIA_FILE = "vergabe.yaml"
CAPACITY_FILE = "kapazitaeten.yaml"
CONTRACT_FILE = "vertrag.yaml"
FORM_CODES = SchemaCodes()
ALLOCATION_CODES = SchemaCodes("VERGABE_001", "VERGABE_002", "VERGABE_003", "VERGABE_003")
CONTRACT_CODES = SchemaCodes("VERTRAG_001", "VERTRAG_002", "VERTRAG_003", "VERTRAG_003")


T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):
    document: Document
    model: T


@dataclass
class KommuneSources:
    id: str
    kommune: Loaded[Kommune] | None = None
    facilities: Loaded[FacilityCatalogue] | None = None
    criteria: Loaded[Criteria] | None = None
    capacities: Loaded[Capacities] | None = None
    contract: Loaded[ContractFile] | None = None
    overlays: dict[str, Loaded[Overlay]] = field(default_factory=dict)


@dataclass
class Project:
    root: Path
    base_forms: dict[str, Loaded[Form]] = field(default_factory=dict)
    broken_forms: set[str] = field(default_factory=set)  # base form ids whose file has errors
    code_lists: list[Loaded[CodeListFile]] = field(default_factory=list)
    kommunen: dict[str, KommuneSources] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    base: BasePart | None = None  # where the NRW base came from (see :func:`base_part`)


def definition_files(folder: Path, subfolders: Collection[str] | None = None) -> list[Path]:
    """All YAML files below ``folder``, in a stable order; with ``subfolders``, only the files directly
    in ``folder`` and those below the named sub-folders (a build task reads its Kommunen, not all 186)."""
    if not folder.is_dir():
        return []
    if subfolders is None:
        found = folder.rglob("*")
    else:
        found = [*folder.glob("*"), *(p for name in sorted(set(subfolders)) for p in (folder / name).rglob("*"))]
    return sorted(p for p in found if p.suffix in (".yaml", ".yml") and p.is_file())


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def load_document(path: Path, root: Path, diagnostics: Diagnostics) -> Document | None:
    """``path`` loaded, or None with its problems added to ``diagnostics``."""
    return _load(*_read(path, display_path(path, root)), diagnostics)


def load_project(root: Path, kommunen: Collection[str] | None = None) -> Project:
    """Load and schema-check the form definitions under ``root/forms``; never raises for bad input.

    With ``kommunen``, only the NRW base and those Kommune folders are read (a build's share of work).
    """
    project = Project(root)
    forms_dir = root / "forms"
    scope = None if kommunen is None else [BASE_FOLDER, *kommunen]
    files = [path for path in definition_files(forms_dir, scope) if _in_scope(path.relative_to(forms_dir), kommunen)]
    base = [path for path in files if path.relative_to(forms_dir).parts[0] == BASE_FOLDER]
    _add_base_part(project, base_part(root, base))
    for path in files:
        relative = path.relative_to(forms_dir)
        if relative.parts[0] == BASE_FOLDER:
            continue
        document = load_document(path, root, project.diagnostics)
        if document is not None:
            _classify(project, relative, document)
    _check_kommune_folders(project)
    return project


@dataclass
class BasePart:
    """What ``forms/nrw`` loads to: the same for every Kommune, so loaded once per process and content."""

    key: tuple[Read, ...]  # every base file as read: its bytes, or the reason it cannot be read
    project: Project  # only the NRW base: base forms, broken forms, code lists and their diagnostics
    compiled: dict[str, Any] = field(default_factory=dict)  # what the compiler derives from it alone (its cache)


_BASE_PARTS: list[BasePart] = []  # the last one: a build's tasks share it; an edited base replaces it


def base_part(root: Path, paths: list[Path]) -> BasePart:
    """The NRW base files ``paths``, loaded (or as loaded before in this process, if their bytes are the same).

    Each task of a build loads the NRW base with its own Kommunen; this way a worker process parses
    and checks it once instead of once per task.
    """
    read = [(path, _read(path, display_path(path, root))) for path in paths]
    key = tuple(content for _, content in read)
    if _BASE_PARTS and _BASE_PARTS[0].key == key:
        return _BASE_PARTS[0]
    part = BasePart(key, Project(root))
    for path, (display, content) in read:
        document = _load(display, content, part.project.diagnostics)
        if document is not None:
            _add_base(part.project, document, path.name)
        else:
            part.project.broken_forms.add(path.stem)  # unreadable: its id is most likely its file name
    _BASE_PARTS[:] = [part]
    return part


Read = tuple[str, bytes | tuple[Diagnostic, ...]]  # a file's display path, and its bytes or why it cannot be read


def _read(path: Path, display: str) -> Read:
    try:
        return display, read_file(path, display)
    except DefinitionError as exc:
        return display, tuple(exc.diagnostics)


def _load(display: str, content: bytes | tuple[Diagnostic, ...], diagnostics: Diagnostics) -> Document | None:
    if isinstance(content, tuple):
        diagnostics.extend(content)
        return None
    try:
        return load_bytes(content, display)
    except DefinitionError as exc:
        diagnostics.extend(exc.diagnostics)
        return None


def _add_base_part(project: Project, part: BasePart) -> None:
    project.base = part
    project.base_forms.update(part.project.base_forms)
    project.broken_forms |= part.project.broken_forms
    project.code_lists.extend(part.project.code_lists)
    project.diagnostics.extend(part.project.diagnostics)


def kommune_folders(root: Path) -> list[str]:
    """The Kommune folders of ``forms/`` and ``satzungen/`` (every folder but the NRW base), sorted."""
    found = {p.name for folder in (root / "forms", root / "satzungen") if folder.is_dir()
             for p in folder.iterdir() if p.is_dir()}
    return sorted(found - {BASE_FOLDER})


def _in_scope(relative: Path, kommunen: Collection[str] | None) -> bool:
    if kommunen is None or len(relative.parts) < 2:
        return True
    return relative.parts[0] == BASE_FOLDER or relative.parts[0] in kommunen


def _classify(project: Project, relative: Path, document: Document) -> None:
    folder = relative.parts[0] if len(relative.parts) > 1 else ""
    name = relative.name
    if folder == BASE_FOLDER:
        _add_base(project, document, name)
    elif folder:
        _add_kommune_file(project, project.kommunen.setdefault(folder, KommuneSources(folder)), document, name)


def _add_base(project: Project, document: Document, name: str) -> None:
    if name == CODE_LIST_FILE:
        _parse_into(project, document, CodeListFile, project.code_lists.append)
        return
    form = _parse(project, document, Form)
    if form is None:
        project.broken_forms.add(str(document.data.get("id")))
        return
    if form.id in project.base_forms:
        _duplicate(project, document, project.base_forms[form.id].document, form.id)
        return
    project.base_forms[form.id] = Loaded(document, form)


def _add_kommune_file(project: Project, sources: KommuneSources, document: Document, name: str) -> None:
    if name == KOMMUNE_FILE:
        kommune = _parse(project, document, Kommune)
        sources.kommune = Loaded(document, kommune) if kommune else None
    elif name == FACILITY_FILE:
        catalogue = _parse(project, document, FacilityCatalogue)
        sources.facilities = Loaded(document, catalogue) if catalogue else None
    elif name == CRITERIA_FILE:
        criteria = _parse(project, document, Criteria, ALLOCATION_CODES)
        sources.criteria = Loaded(document, criteria) if criteria else None
    elif name == CAPACITY_FILE:
        capacities = _parse(project, document, Capacities, ALLOCATION_CODES)
        sources.capacities = Loaded(document, capacities) if capacities else None
    elif name == CONTRACT_FILE:
        contract = _parse(project, document, ContractFile, CONTRACT_CODES)
        sources.contract = Loaded(document, contract) if contract else None
    else:
        overlay = _parse(project, document, Overlay)
        if overlay is None:  # perhaps only inserted content is wrong: apply the rest, check it merged
            overlay, _ = parse_model(document, RawOverlay)
        if overlay is None:
            return
        if overlay.extends in sources.overlays:
            _duplicate(project, document, sources.overlays[overlay.extends].document, overlay.extends)
            return
        sources.overlays[overlay.extends] = Loaded(document, overlay)


def _parse(project: Project, document: Document, model: type[Any], codes: SchemaCodes = FORM_CODES) -> Any:
    parsed, problems = parse_model(document, model, codes)
    project.diagnostics.extend(problems)
    return parsed


def _parse_into(project: Project, document: Document, model: type[Any], sink: Callable[[Loaded[Any]], None]) -> None:
    parsed = _parse(project, document, model)
    if parsed is not None:
        sink(Loaded(document, parsed))


def _duplicate(project: Project, document: Document, first: Document, form_id: str) -> None:
    project.diagnostics.add(
        Diagnostic.make(
            "FORM_024",
            f"the form `{form_id}` is already defined in {first.file}",
            document.locate(("id",)) if "id" in document.data else document.locate(("extends",)),
            "give this form another id, or merge the two files",
        )
    )


def _check_kommune_folders(project: Project) -> None:
    for sources in project.kommunen.values():
        if sources.kommune is None and not _has_error_for(project, sources.id):
            first = next(iter(sources.overlays.values()), None) or sources.facilities
            where = first.document.locate(()) if first else None
            project.diagnostics.add(
                Diagnostic.make(
                    "FORM_020",
                    f"the Kommune folder `forms/{sources.id}` has no {KOMMUNE_FILE}",
                    where,
                    f"add forms/{sources.id}/{KOMMUNE_FILE} (name, ags, jugendamt, datenschutz), "
                    f"or run `kitaforms init {sources.id} --ags <AGS>`",
                )
            )


def _has_error_for(project: Project, kommune_id: str) -> bool:
    prefix = f"forms/{kommune_id}/{KOMMUNE_FILE}"
    return any(d.location and d.location.file.endswith(prefix) for d in project.diagnostics)
