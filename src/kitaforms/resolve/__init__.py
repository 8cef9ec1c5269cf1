"""resolve: NRW base form + shared code lists + a Kommune's overlay → one resolved form.

The resolved form is self-contained and immutable: its code lists include the shared ones, its
settings are the Kommune's, and every ``{setting: …}`` reference is replaced by its value. Its
:class:`MergedSource` still knows which file each part came from.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from kitaforms.diagnostics import Diagnostic
from kitaforms.load.project import Loaded, Project
from kitaforms.load.yaml_source import DataPath
from kitaforms.model.form import Form
from kitaforms.model.kommune import FacilityCatalogue, Kommune
from kitaforms.model.overlay import Overlay
from kitaforms.model.parse import parse_model
from kitaforms.model.walk import Placed, walk
from kitaforms.resolve.overlay import OverlayApplier
from kitaforms.resolve.sourcemap import MergedSource

if TYPE_CHECKING:
    from kitaforms.check.expressions import FormSymbols

__all__ = ["ResolvedForm", "resolve_form", "MergedSource"]

NRW = "nrw"


@dataclass(frozen=True)
class ResolvedForm:
    form: Form
    source: MergedSource
    kommune: Kommune | None = None
    facilities: FacilityCatalogue | None = None
    base: ResolvedForm | None = field(default=None, compare=False, repr=False)
    """The plain NRW base form this Kommune's form was resolved from (set by the compiler)."""

    @property
    def kommune_id(self) -> str:
        return self.kommune.id if self.kommune else NRW

    @property
    def key(self) -> str:
        return f"{self.kommune_id}/{self.form.id}"

    @cached_property
    def symbols(self) -> FormSymbols:
        """Every referenceable value of the form (computed once per resolved form)."""
        from kitaforms.check.expressions import FormSymbols

        return FormSymbols(self)

    @cached_property
    def checks(self) -> dict[str, Any]:
        """Each element's compiled conditions and validations (:mod:`kitaforms.runtime.checks`)."""
        from kitaforms.runtime.checks import form_checks

        return form_checks(self)

    @cached_property
    def expressions(self) -> Any:
        """The form's expressions compiled per scope (:class:`kitaforms.runtime.checks.FormExpressions`)."""
        from kitaforms.runtime.checks import FormExpressions

        return FormExpressions(self)

    @cached_property
    def check_plan(self) -> tuple[Any, ...]:
        """The elements in the order the rules check visits them (:func:`kitaforms.runtime.checks.check_plan`)."""
        from kitaforms.runtime.checks import check_plan

        return check_plan(self.form.steps, self.placed, self.checks)

    @cached_property
    def choice_codes(self) -> dict[int, frozenset[str] | None]:
        """The codes each choice field accepts, by ``id`` of the element, filled as the rules check reads them."""
        return {}

    @cached_property
    def facility_index(self) -> dict[str, Any]:
        """The Kommune's facilities by id (empty without a catalogue), for the wish list's checks."""
        catalogue = self.facilities
        return {facility.id: facility for facility in catalogue.facilities} if catalogue is not None else {}

    @cached_property
    def answer_keys(self) -> dict[str, Any]:
        """The top-level answer keys a submission may hold, by id (:func:`kitaforms.runtime.checks.answer_keys`)."""
        from kitaforms.runtime.checks import answer_keys

        return answer_keys(tuple(node for step in self.check_plan for node in step.nodes))

    @cached_property
    def placed(self) -> dict[str, Placed]:
        """Every element by its dotted name, with where it stands."""
        return {placed.name: placed for placed in walk(self.form)}

    def elements_of(self, kind: str) -> list[Any]:
        """Every element of type ``kind`` (e.g. ``ranked_choice``), in the order of the form."""
        return [placed.element for placed in self.placed.values() if placed.element.type == kind]


def resolve_form(project: Project, form_id: str, kommune_id: str | None = None) -> tuple[ResolvedForm | None, list[Diagnostic]]:
    """Resolve one form for one Kommune (or the plain NRW base when ``kommune_id`` is None)."""
    base = project.base_forms[form_id]
    source = MergedSource()
    source.data = source.copy_from(base.document, (), base.document.data)
    problems = _merge_shared_code_lists(project, source)
    sources = project.kommunen.get(kommune_id) if kommune_id else None
    overlay = sources.overlays.get(form_id) if sources else None
    if overlay is not None:
        problems += _apply_overlay(source, overlay)
    problems += _substitute_settings(source, source.data)
    form, schema_problems = parse_model(source, Form, data=source.data)  # type: ignore[arg-type]
    problems += schema_problems
    if form is None:
        return None, problems
    kommune = sources.kommune.model if sources and sources.kommune else None
    facilities = sources.facilities.model if sources and sources.facilities else None
    return ResolvedForm(form, source, kommune, facilities), problems


def _merge_shared_code_lists(project: Project, source: MergedSource) -> list[Diagnostic]:
    own = source.data.setdefault("code_lists", {})
    for shared in project.code_lists:
        for name, items in shared.document.data["code_lists"].items():
            if name not in own:
                own[name] = source.copy_from(shared.document, ("code_lists", name), items)
    return []


def _apply_overlay(source: MergedSource, loaded: Loaded[Overlay]) -> list[Diagnostic]:
    document, overlay = loaded.document, loaded.model
    problems = _override_settings(source, loaded)
    for name in overlay.code_lists:
        path: DataPath = ("code_lists", name)
        source.set_property(source.data["code_lists"], name, document.data["code_lists"][name], (document, path))
    for key in ("leika", "ozg_id"):  # the services the Kommune files the form under, if its own
        if getattr(overlay, key) is not None:
            source.set_property(source.data, key, document.data[key], (document, (key,)))
    if overlay.version:
        if overlay.version != source.data.get("version") and not overlay.released:
            source.data.pop("released", None)  # the base's release date is not the Kommune version's
        source.set_property(source.data, "version", overlay.version, (document, ("version",)))
    if overlay.released:
        source.set_property(source.data, "released", document.data["released"], (document, ("released",)))
    if overlay.bezug:
        own = [source.copy_from(document, ("bezug", i), item) for i, item in enumerate(document.data["bezug"])]
        source.data["bezug"] = [*(source.data.get("bezug") or []), *own]
    return problems + OverlayApplier(source, document, overlay).apply()


def _override_settings(source: MergedSource, loaded: Loaded[Overlay]) -> list[Diagnostic]:
    document = loaded.document
    settings = source.data.setdefault("settings", {})
    problems = []
    for name, value in loaded.model.settings.items():
        path: DataPath = ("settings", name)
        if name not in settings:
            problems.append(_unknown_setting(document.locate(path, key=True), name, settings))
        elif (german := _german_setting(document, path, name)) is not None:
            problems.append(german)
        elif not _fits_kind(settings[name], value):
            problems.append(
                Diagnostic.make(
                    "FORM_014",
                    f"the setting `{name}` takes {_kind(settings[name])}, not {_kind(value)}",
                    document.locate(path),
                    f"the base form's value is `{settings[name]}`",
                )
            )
        elif not _allowed(source, name, value):
            problems.append(_not_allowed(source, document.locate(path), name, value))
        else:
            source.set_property(settings, name, document.data["settings"][name], (document, path))
    return problems


def _german_setting(document: Any, path: DataPath, name: str) -> Diagnostic | None:
    """FORM_028 when the Kommune's value is a German-formatted number (``25.000``, ``1.500,50``)."""
    from kitaforms.check.numbers import german_number
    from kitaforms.load.numbers import meant_number, written

    token = written(document, path)
    meant = meant_number(token) if token else None
    return german_number(f"the setting `{name}` is", token or "", meant, document.locate(path)) if meant else None


def _allowed(source: MergedSource, name: str, value: Any) -> bool:
    allowed = (source.data.get("setting_values") or {}).get(name)
    return allowed is None or value in allowed


def _not_allowed(source: MergedSource, location: Any, name: str, value: Any) -> Diagnostic:
    allowed = [str(v) for v in source.data["setting_values"][name]]
    close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else "allowed: " + ", ".join(f"`{v}`" for v in allowed)
    return Diagnostic.make("FORM_014", f"`{value}` is not an allowed value of the setting `{name}`", location, hint)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no (true or false)"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, Decimal):
        return "a number"
    return "text"


def _fits_kind(default: Any, value: Any) -> bool:
    """A Kommune's value has the base default's kind (a whole number also fits a decimal)."""
    return _kind(default) == _kind(value) or (_kind(default) == "a number" and _kind(value) == "a whole number")


def _unknown_setting(location: Any, name: str, settings: dict[str, Any]) -> Diagnostic:
    close = difflib.get_close_matches(name, list(settings), n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else "settings of this form: " + ", ".join(sorted(settings))
    return Diagnostic.make("FORM_013", f"the form has no setting `{name}`", location, hint)


def _substitute_settings(source: MergedSource, node: Any, path: DataPath = ()) -> list[Diagnostic]:
    """Replace each ``{setting: name}`` mapping below the steps by the setting's value."""
    problems: list[Diagnostic] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(items):
        child: DataPath = (*path, key)
        if _is_setting_ref(value) and path[:1] == ("steps",):
            problems += _replace_ref(source, node, key, value["setting"], child)
        else:
            problems += _substitute_settings(source, value, child)
    return problems


def _is_setting_ref(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"setting"} and isinstance(value["setting"], str)


def _replace_ref(source: MergedSource, parent: Any, key: Any, name: str, path: DataPath) -> list[Diagnostic]:
    settings = source.data.get("settings") or {}
    if name not in settings:
        return [_unknown_setting(source.locate((*path, "setting")), name, settings)]
    parent[key] = settings[name]
    return []
