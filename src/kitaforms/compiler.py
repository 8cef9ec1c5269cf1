"""The pipeline in stage order: load → model → resolve → check, for a whole project.

:func:`compile_project` gathers everything before anything is written and never raises for bad
definitions: the result carries the resolved forms and every diagnostic of the run.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from kitaforms.allocate.check import check_allocation
from kitaforms.allocate.model import OFFER_FORM
from kitaforms.blame import blame_on_overlay, identity
from kitaforms.check import check_form, check_kommune
from kitaforms.check.agreement import check_agreement
from kitaforms.check.area import check_area, check_claims
from kitaforms.contract.check import check_contract
from kitaforms.diagnostics import Diagnostic, Diagnostics
from kitaforms.load.project import KommuneSources, Project, kommune_folders, load_project
from kitaforms.resolve import NRW, ResolvedForm, resolve_form
from kitaforms.satzung.project import compile_satzung_files


@dataclass
class CompileResult:
    project: Project
    forms: dict[str, ResolvedForm] = field(default_factory=dict)  # "<kommune>/<form>" → form
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    satzungen: dict[str, object] = field(default_factory=dict)  # filled by the Satzung stage
    base_problems: dict[str, set[tuple[object, ...]]] = field(default_factory=dict)  # form id → problems of the NRW base

    def ok(self, strict: bool = False) -> bool:
        return not self.diagnostics.has_errors(strict)

    def forms_of(self, kommune_id: str) -> list[ResolvedForm]:
        return [form for key, form in sorted(self.forms.items()) if key.startswith(kommune_id + "/")]


def compile_project(root: Path, kommunen: Collection[str] | None = None) -> CompileResult:
    """The whole project, or with ``kommunen`` the NRW base and only those Kommunen."""
    project = load_project(root, kommunen)
    result = CompileResult(project, diagnostics=Diagnostics(project.diagnostics))
    for form_id in sorted(project.base_forms):
        _resolve_base(result, form_id)
    known = kommune_folders(root)
    for sources in sorted(project.kommunen.values(), key=lambda s: s.id):
        result.diagnostics.extend(check_kommune(sources))
        result.diagnostics.extend(check_area(sources, known))
        _compile_kommune(result, sources)
    result.diagnostics.extend(check_claims(project.kommunen.values()))  # across the Kommunen of this run
    _compile_satzungen(result, root, kommunen)
    return result


def _compile_kommune(result: CompileResult, sources: KommuneSources) -> None:
    project = result.project
    known = set(project.base_forms) | project.broken_forms
    for form_id, overlay in sorted(sources.overlays.items()):
        if form_id not in known:
            result.diagnostics.add(_unknown_base(project, overlay.document.locate(("extends",)), form_id))
    if sources.kommune is None:
        return
    offered = sources.kommune.model.forms
    for index, form_id in enumerate(offered):
        if form_id not in known:
            result.diagnostics.add(_unknown_base(project, sources.kommune.document.locate(("forms", index)), form_id))
    for form_id in sorted(set(offered) | set(sources.overlays) | _allocation_forms(sources)):
        if form_id in project.base_forms:
            _resolve_and_check(result, form_id, sources.id)
    result.diagnostics.extend(check_allocation(sources, result.forms))
    result.diagnostics.extend(check_contract(sources))


def _allocation_forms(sources: KommuneSources) -> set[str]:
    """A Kommune that allocates places (``vergabe.yaml``) answers offers with the offer form."""
    return {OFFER_FORM} if sources.criteria is not None else set()


def _unknown_base(project: Project, location: object, form_id: str) -> Diagnostic:
    close = difflib.get_close_matches(form_id, list(project.base_forms), n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else "base forms: " + ", ".join(sorted(project.base_forms))
    return Diagnostic.make("FORM_012", f"there is no NRW base form `{form_id}`", location, hint)  # type: ignore[arg-type]


def _resolve_base(result: CompileResult, form_id: str) -> None:
    """Resolve and check an NRW base form: once per loaded base (:func:`kitaforms.load.project.base_part`),
    however many of a build's tasks compile it with their Kommunen."""
    memo = result.project.base.compiled if result.project.base else {}
    if form_id not in memo:
        memo[form_id] = _resolved(result.project, form_id, None)
    resolved, problems = memo[form_id]
    if resolved is not None:
        result.forms[f"{NRW}/{form_id}"] = resolved
    result.base_problems[form_id] = {identity(d) for d in problems}
    result.diagnostics.extend(problems)


def _resolve_and_check(result: CompileResult, form_id: str, kommune_id: str) -> None:
    problems = _problems(result, result.project, form_id, kommune_id, keep=True)
    result.diagnostics.extend(_blame_overlay(result, problems, form_id, kommune_id))


def _problems(result: CompileResult, project: Project, form_id: str, kommune_id: str,
              keep: bool = False) -> list[Diagnostic]:
    """Resolve and check one form of ``project``; with ``keep``, the resolved form goes into ``result``."""
    resolved, problems = _resolved(project, form_id, kommune_id, result.forms.get(f"{NRW}/{form_id}"))
    if resolved is not None and keep:
        result.forms[f"{kommune_id}/{form_id}"] = resolved
    return problems


def _resolved(project: Project, form_id: str, kommune_id: str | None,
              base: ResolvedForm | None = None) -> tuple[ResolvedForm | None, list[Diagnostic]]:
    """One form of ``project`` resolved (a Kommune's knowing its ``base``), and every problem of it."""
    resolved, problems = resolve_form(project, form_id, kommune_id)
    if resolved is not None and kommune_id is not None:
        resolved = replace(resolved, base=base)
    if resolved is not None:
        problems += check_form(resolved)
    return resolved, problems


def _blame_overlay(result: CompileResult, problems: list[Diagnostic], form_id: str, kommune_id: str) -> list[Diagnostic]:
    """Problems in another file (the base form) that only the Kommune's overlay causes: located in the overlay
    (:mod:`kitaforms.blame`), so that validating the Kommune's folder reports them."""
    overlay = result.project.kommunen[kommune_id].overlays.get(form_id)
    if overlay is None:
        return problems
    base = result.base_problems.get(form_id, set())
    caused = [d for d in problems if d.location is not None and d.location.file != overlay.document.file
              and identity(d) not in base]
    if not caused:
        return problems
    own = [d for d in problems if d not in caused]
    mine = [d for d in (*own, *result.project.diagnostics)
            if d.location is not None and d.location.file == overlay.document.file]

    def check(project: Project) -> list[Diagnostic]:
        return _problems(result, project, form_id, kommune_id)

    return own + blame_on_overlay(result.project, kommune_id, form_id, caused, check, mine)


def _compile_satzungen(result: CompileResult, root: Path, kommunen: Collection[str] | None) -> None:
    """Load and check the fee rules (``satzungen/``)."""
    satzungen, problems, files = compile_satzung_files(root, kommunen)
    result.satzungen.update(satzungen)
    result.diagnostics.extend(problems)
    kommune_forms = [form for key, form in sorted(result.forms.items()) if not key.startswith(f"{NRW}/")]
    result.diagnostics.extend(check_agreement(kommune_forms, files))
