"""Check a submission against a resolved form, as the form server does.

The same rules the browser applies (visibility, requirement, formats, limits, the editor's
validations) are evaluated here from the same definition, so a submission that bypasses the
assistant is held to the same standard. Hidden fields count as unanswered: their values take no
part in conditions and are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kitaforms.check.choices import options_of
from kitaforms.expr import Compiled
from kitaforms.model.form import ComputedField, Element, GroupElement, RankedChoiceField, RepeatElement, Step
from kitaforms.model.kommune import Facility
from kitaforms.model.walk import Placed
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.checks import CheckNode
from kitaforms.runtime.facilities import AGE, CARE, Need, age_text, hours_text, misfits, need_of
from kitaforms.runtime.fields import field_problems, typed_value
from kitaforms.runtime.messages import message

Indexes = tuple[tuple[str, int], ...]  # (repeat name, entry index), outermost first
_MISSING = object()  # not worked out yet (None is a value)


@dataclass(frozen=True)
class FieldError:
    path: str  # e.g. "kind.geburtsdatum" or "geschwister.0.name"
    code: str  # "required", "invalid_date", "validation", …
    message: dict[str, str]
    severity: str = "error"


@dataclass
class SubmissionResult:
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)
    visible: set[str] = field(default_factory=set)
    required: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self) -> dict[str, str]:
        return {error.path: error.code for error in self.errors}


def lookup(data: Any, path: str) -> Any:
    """The submitted value at an instance path such as ``geschwister.1.name`` (None when absent)."""
    node = data
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit():
            node = node[int(part)] if int(part) < len(node) else None
        elif isinstance(node, Mapping):
            node = node.get(part)
        else:
            return None
    return node


def instance_path(name: str, indexes: Indexes) -> str:
    """``geschwister.name`` with ``(("geschwister", 1),)`` → ``geschwister.1.name``."""
    if not indexes:
        return name
    lookup = dict(indexes)
    parts = name.split(".")
    out: list[str] = []
    for position, part in enumerate(parts):
        out.append(part)
        prefix = ".".join(parts[: position + 1])
        if prefix in lookup and position < len(parts) - 1:
            out.append(str(lookup[prefix]))
    return ".".join(out)


class FormRuntime:
    """Evaluates one submission: values, visibility and requirement of every field instance."""

    def __init__(self, resolved: ResolvedForm, data: Mapping[str, Any], today: date) -> None:
        self.resolved = resolved
        self.data = data
        self.today = today
        self.symbols = resolved.symbols
        self.placed = resolved.placed
        self.checks = resolved.checks
        self.expressions = resolved.expressions
        self._steps: dict[str, bool] = {}
        self._visible: dict[tuple[str, Indexes], bool] = {}
        self._values: dict[tuple[str, Indexes], Any] = {}  # the data does not change during one check
        self._results: dict[tuple[Compiled, Indexes], Any] = {}  # conditions shared by several fields

    # --- values --------------------------------------------------------------------------

    def raw(self, name: str, indexes: Indexes) -> Any:
        return lookup(self.data, instance_path(name, indexes))

    def value(self, name: str, indexes: Indexes) -> Any:
        """The typed value of a field instance, or a list over the repeats ``indexes`` leaves open."""
        key = (name, indexes)
        found = self._values.get(key, _MISSING)
        if found is _MISSING:
            found = self._values[key] = self._value(name, indexes)
        return found

    def _value(self, name: str, indexes: Indexes) -> Any:
        placed = self.placed[name]
        open_repeat = next((r for r in placed.repeats if r not in dict(indexes)), None) if placed.repeats else None
        if open_repeat is not None:
            entries = self.raw(open_repeat, indexes)
            count = len(entries) if isinstance(entries, list) else 0
            return [self.value(name, (*indexes, (open_repeat, i))) for i in range(count)]
        if not self.visible(name, indexes):
            return None
        if isinstance(placed.element, ComputedField):
            return self.evaluate(placed.element.expression, placed, indexes)
        return typed_value(placed.element, self.raw(name, indexes))

    def run(self, rule: Compiled, context: Placed | None, indexes: Indexes, own: Any = None) -> Any:
        """A compiled expression's value for the element instance ``context`` at ``indexes``.

        Without ``wert`` a compiled expression means the same wherever it is evaluated (its names were
        looked up in its scope when it was compiled), so a condition that several fields share is
        evaluated once per repeat entry."""
        if own is not None:
            return rule(_Env(self, context, indexes, own))
        key = (rule, indexes)
        found = self._results.get(key, _MISSING)
        if found is _MISSING:
            found = self._results[key] = rule(_Env(self, context, indexes))
        return found

    def evaluate(self, text: str, context: Placed | None, indexes: Indexes, own: Any = None) -> Any:
        return self.run(self.expressions.compiled(text, context.scope if context is not None else ""),
                        context, indexes, own)

    # --- visibility and requirement --------------------------------------------------------

    def visible(self, name: str, indexes: Indexes) -> bool:
        placed = self.placed[name]
        key = (name, _relevant(placed, indexes) if placed.repeats else ())
        found = self._visible.get(key)
        if found is None:
            self._visible[key] = False  # guards against cycles (the checker rejects them anyway)
            found = self._visible[key] = self._compute_visible(placed, key[1])
        return found

    def _compute_visible(self, placed: Placed, indexes: Indexes) -> bool:
        if not self.step_visible(placed.step):
            return False
        if placed.scope and not self.visible(placed.scope, indexes):
            return False
        condition = self.checks[placed.name].visible_if
        return condition is None or self.run(condition, placed, indexes) is True

    def shown(self, node: CheckNode, indexes: Indexes) -> bool:
        """:meth:`visible` for an element of a container the check's walk has found visible.

        The walk's ``indexes`` are exactly the element's enclosing repeats, and its step and its
        container are visible, so only the element's own condition is left to decide."""
        key = (node.placed.name, indexes)
        found = self._visible.get(key)
        if found is None:
            self._visible[key] = False  # guards against cycles, as in visible()
            condition = node.checks.visible_if  # as in _compute_visible, inlined: the walk calls this per element
            found = self._visible[key] = condition is None or self.run(condition, node.placed, indexes) is True
        return found

    def step_visible(self, step: Step) -> bool:
        if step.id not in self._steps:
            self._steps[step.id] = step.visible_if is None or self.evaluate(step.visible_if, None, ()) is True
        return self._steps[step.id]

    def required(self, placed: Placed, indexes: Indexes) -> bool:
        checks = self.checks[placed.name]
        if checks.required_if is not None:
            return self.run(checks.required_if, placed, indexes) is True
        return checks.required

    # --- instances ---------------------------------------------------------------------------

    def instances(self) -> Iterator[tuple[Placed, Indexes]]:
        """Every element instance, expanding repeats by the number of submitted entries."""
        for step in self.resolved.form.steps:
            yield from self._instances(step.elements, "", ())

    def _instances(self, elements: list[Element], prefix: str, indexes: Indexes) -> Iterator[tuple[Placed, Indexes]]:
        for element in elements:
            placed = self.placed[prefix + element.id]
            yield placed, indexes
            if isinstance(element, GroupElement):
                yield from self._instances(element.elements, placed.name + ".", indexes)
            elif isinstance(element, RepeatElement):
                entries = self.raw(placed.name, indexes)
                for index in range(len(entries) if isinstance(entries, list) else 0):
                    yield from self._instances(element.elements, placed.name + ".", (*indexes, (placed.name, index)))


def _relevant(placed: Placed, indexes: Indexes) -> Indexes:
    if not indexes:
        return indexes
    return tuple((name, index) for name, index in indexes if name in placed.repeats)


class _Env:
    """What an expression sees: the submission's values from where it stands, ``wert``, the date.

    The names mean what :meth:`~kitaforms.runtime.checks.FormExpressions.reader` says, compiled in or looked up here."""

    __slots__ = ("runtime", "context", "indexes", "own", "today")

    def __init__(self, runtime: FormRuntime, context: Placed | None, indexes: Indexes, own: Any = None) -> None:
        self.runtime = runtime
        self.context = context
        self.indexes = indexes
        self.own = own
        self.today = runtime.today

    def lookup(self, parts: tuple[str, ...]) -> Any:
        """A name in an expression compiled without its names looked up (see :class:`~kitaforms.runtime.checks.FormExpressions`)."""
        scope = self.context.scope if self.context is not None else ""
        return self.runtime.expressions.reader(parts, scope)(self)


def check_submission(resolved: ResolvedForm, data: Mapping[str, Any], today: date | None = None) -> SubmissionResult:
    """Every error and warning of ``data`` against ``resolved``, and which fields it shows and requires."""
    runtime = FormRuntime(resolved, data, today or date.today())
    result = SubmissionResult()
    answers = data if isinstance(data, Mapping) else None
    for step in resolved.check_plan:
        if not step.conditional or runtime.step_visible(step.step):
            _check_nodes(runtime, result, step.nodes, answers, "", ())
    _unknown_keys(result, resolved.answer_keys, data, "")
    return result


def _check_nodes(runtime: FormRuntime, result: SubmissionResult, nodes: tuple[CheckNode, ...],
                 container: Mapping[str, Any] | None, prefix: str, indexes: Indexes) -> None:
    """Check each element instance under ``container`` (the submitted object its answers are in)."""
    for node in nodes:
        if not node.always_visible and not runtime.shown(node, indexes):
            continue  # what a hidden group or repeat holds is hidden too
        raw = container.get(node.id) if container is not None else None
        path = prefix + node.id
        _check_instance(runtime, result, node, indexes, path, raw)
        if node.children is None:
            continue
        if not node.repeat:
            _check_nodes(runtime, result, node.children, raw if isinstance(raw, Mapping) else None, path + ".", indexes)
        elif isinstance(raw, list):
            name = node.placed.name
            for index, entry in enumerate(raw):
                _check_nodes(runtime, result, node.children, entry if isinstance(entry, Mapping) else None,
                             f"{path}.{index}.", (*indexes, (name, index)))


def _check_instance(runtime: FormRuntime, result: SubmissionResult, node: CheckNode, indexes: Indexes,
                    path: str, raw: Any) -> None:
    """Check one visible element instance."""
    result.visible.add(path)
    checks = node.checks
    required = checks.required if checks.required_if is None else runtime.run(checks.required_if, node.placed, indexes) is True
    if required:
        result.required.add(path)
    if not node.takes_value:
        return
    errors = result.errors
    errors_before = len(errors)
    element = node.placed.element
    for code, values in field_problems(runtime.resolved, element, raw, required):
        _add(result, FieldError(path, code, message(code, element.label or {}, **values)))
    if node.ranked and len(errors) == errors_before:
        for error in wish_misfits(runtime, node.placed, indexes, path, raw):
            _add(result, error)
    if checks.validations and len(errors) == errors_before:  # every error added above is this instance's
        _validations(runtime, result, node, indexes, path, raw)


def wish_need(runtime: FormRuntime, element: RankedChoiceField, placed: Placed, indexes: Indexes) -> Need:
    """What the child needs, from the answers the wish list's filters name (care type, birth date, start, hours)."""
    def value(text: str | None) -> Any:
        return runtime.evaluate(text, placed, indexes) if text else None

    hours = [value(text) for text in element.filter_hours or []]
    return need_of(value(element.filter_care_type), value(element.filter_birth_date), value(element.filter_start),
                   hours, runtime.today)


def wish_misfits(runtime: FormRuntime, placed: Placed, indexes: Indexes, path: str, raw: Any) -> Iterator[FieldError]:
    """One error per wished facility that does not fit the child, saying why (care type, age, hours)."""
    element = placed.element
    assert isinstance(element, RankedChoiceField)
    catalogue = runtime.resolved.facilities
    if element.catalogue != "einrichtungen" or catalogue is None or not isinstance(raw, list):
        return
    need = wish_need(runtime, element, placed, indexes)
    by_id = runtime.resolved.facility_index
    for pick in raw:
        facility = by_id.get(pick.get("code")) if isinstance(pick, dict) else None
        if facility is None:
            continue
        for code in misfits(facility, need)[:1]:  # the first reason is enough to choose another
            values = {lang: _misfit_values(runtime, element, code, facility, need, lang) for lang in ("de", "en")}
            yield FieldError(path, code, message(code, element.label, per_language=values))


def _misfit_values(runtime: FormRuntime, element: RankedChoiceField, code: str, facility: Facility, need: Need,
                   lang: str) -> dict[str, str]:
    if code == CARE:
        return {"name": facility.name, "care": _care_label(runtime.resolved, element, need.care_type or "", lang)}
    if code == AGE:
        return {"name": facility.name, "von": age_text(facility.age_from_months, lang, dative=True),
                "bis": age_text(facility.age_to_months, lang, dative=True), "alter": age_text(need.age_months or 0, lang)}
    return {"name": facility.name, "angebot": hours_text(facility.weekly_hours, lang), "stunden": str(need.hours)}


def _care_label(resolved: ResolvedForm, element: RankedChoiceField, code: str, lang: str) -> str:
    """The chosen care type as the form names it (when the filter is a plain field with a code list)."""
    placed = resolved.placed.get((element.filter_care_type or "").strip())
    options = options_of(resolved, placed.element) if placed is not None else None  # type: ignore[arg-type]
    option = next((o for o in options or [] if o.code == code), None)
    return (option.label.get(lang) or option.label.get("de", code)) if option else code


def _validations(runtime: FormRuntime, result: SubmissionResult, node: CheckNode, indexes: Indexes, path: str,
                 raw: Any) -> None:
    validations = node.checks.validations
    placed = node.placed
    own = typed_value(placed.element, raw)
    if own is None:
        return
    failed = [v for rule, v in validations if runtime.run(rule, placed, indexes, own) is not True]
    blocking = [v for v in failed if v.severity == "error"]
    for validation in blocking or failed:  # while one of its errors stands, a field's warnings wait
        _add(result, FieldError(path, "validation", dict(validation.message), validation.severity))


def _add(result: SubmissionResult, error: FieldError) -> None:
    (result.errors if error.severity == "error" else result.warnings).append(error)


def _unknown_keys(result: SubmissionResult, keys: Mapping[str, CheckNode], data: Any, prefix: str) -> None:
    """An error for every key of ``data`` (an object at the instance path ``prefix``) no element takes."""
    if not isinstance(data, Mapping):
        return
    for key, value in data.items():
        node = keys.get(key)
        path = f"{prefix}{key}"
        if node is None:
            label = {"de": str(key), "en": str(key)}
            result.errors.append(FieldError(path, "unknown_field", message("unknown_field", label)))
        elif node.children is None:
            continue
        elif not node.repeat:
            _unknown_keys(result, node.keys, value, path + ".")
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                _unknown_keys(result, node.keys, entry, f"{path}.{index}.")


__all__ = ["FieldError", "SubmissionResult", "check_submission", "instance_path"]
