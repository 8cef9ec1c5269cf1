"""The questions lint asks of one resolved form, each answered by enumerating its paths.

Every finding claims something about *all* paths (never shown, always true, always false, required
only where hidden) or names one path as a witness (a step that is empty there). Unknown outcomes
make "all paths" claims fail and never serve as a witness, so findings are never guesses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kitaforms.editor.lint.paths import ALWAYS, Condition, FormPaths, Path, TooMany, Truth
from kitaforms.editor.lint.values import ANY, NULL, Values
from kitaforms.load.yaml_source import DataPath
from kitaforms.model.form import Step
from kitaforms.model.walk import Placed, walk
from kitaforms.resolve import ResolvedForm

NEVER: Truth = frozenset({False})


@dataclass(frozen=True)
class Finding:
    code: str
    path: DataPath  # in the resolved form's data
    message: str
    hint: str


@dataclass
class FormLint:
    findings: list[Finding] = field(default_factory=list)
    undecided: int = 0  # questions with too many joint answers to enumerate


def lint_form(resolved: ResolvedForm) -> FormLint:
    return _FormLinter(resolved).run()


class _FormLinter:
    def __init__(self, resolved: ResolvedForm) -> None:
        self.paths = FormPaths(resolved)
        self.form = resolved.form
        self.result = FormLint()
        self.dead: set[str] = set()  # steps (by id) and elements (by name) never shown

    def run(self) -> FormLint:
        for index, step in enumerate(self.form.steps):
            self.step(index, step)
        for placed in walk(self.form):
            if not self.is_dead(placed):
                self.element(placed)
        for index, step in enumerate(self.form.steps):
            if step.id not in self.dead:
                self.step_empty(index, step)
        return self.result

    # --- helpers -----------------------------------------------------------------------------

    def add(self, code: str, path: DataPath, message: str, hint: str) -> None:
        self.result.findings.append(Finding(code, path, message, hint))

    def outcomes(
        self, conditions: list[Condition], judge: Callable[[Path], Truth],
        where: Callable[[Path], bool] = lambda path: True,
    ) -> Truth | None:
        """The union of ``judge`` over the consistent paths ``where`` holds; None when undecided."""
        found: set[bool] = set()
        try:
            for path in self.paths.assignments(conditions):
                if where(path):
                    found |= judge(path)
                if len(found) == 2:
                    break
        except TooMany:
            self.result.undecided += 1
            return None
        return frozenset(found)

    def is_dead(self, placed: Placed) -> bool:
        if placed.step.id in self.dead:
            return True
        scope = placed.scope
        while scope:
            if scope in self.dead:
                return True
            scope = scope.rpartition(".")[0]
        return False

    # --- steps -------------------------------------------------------------------------------

    def step(self, index: int, step: Step) -> None:
        condition = self.paths.step_condition(step)
        if condition is None:
            return
        found = self.outcomes([condition], lambda path: path.truth(condition))
        where: DataPath = ("steps", index, "visible_if")
        if found == NEVER:
            self.dead.add(step.id)
            self.add(
                "LINT_001", where, f"the step `{step.id}` is never shown: `{condition.text}` is false on every path",
                _reads_hint(self.paths, [condition]),
            )
        elif found == ALWAYS:
            self.add(
                "LINT_002", where, f"the condition of the step `{step.id}` is true on every path",
                "remove `visible_if`, or check whether another condition was meant",
            )

    def step_empty(self, index: int, step: Step) -> None:
        elements = [self.paths.placed[element.id] for element in step.elements]
        own = [self.paths.own_condition(placed) for placed in elements]
        if not elements or any(condition is None for condition in own):
            return
        conditions = [c for c in [self.paths.step_condition(step), *own] if c is not None]
        witness = self._empty_witness(step, elements, conditions)
        if witness is not None:
            names = sorted({n for c in conditions for n in self.paths.variables(c)})
            shown = witness.describe(names)
            self.add(
                "LINT_006", ("steps", index, "id"),
                f"the step `{step.id}` can be shown with none of its elements" + (f", e.g. when {shown}" if shown else ""),
                "give the step a `visible_if` that matches its elements, or add an element that is always shown",
            )

    def _empty_witness(self, step: Step, elements: list[Placed], conditions: list[Condition]) -> Path | None:
        step_condition = self.paths.step_condition(step)
        try:
            for path in self.paths.assignments(conditions, strict=True):
                if True in path.truth(step_condition) and all(path.visible(p.name) == NEVER for p in elements):
                    return path
        except TooMany:
            self.result.undecided += 1
        return None

    # --- elements ----------------------------------------------------------------------------

    def element(self, placed: Placed) -> None:
        self.visibility(placed)
        if placed.name in self.dead:
            return
        self.requirement(placed)
        for index, validation in enumerate(getattr(placed.element, "validations", [])):
            self.validation(placed, index, self.paths.condition(validation.rule, placed))

    def visibility(self, placed: Placed) -> None:
        """Never shown: false wherever its step and groups are. Always true: true on every path."""
        condition = self.paths.own_condition(placed)
        if condition is None:
            return
        context = self.paths.context_conditions(placed)
        judge = lambda path: path.truth(condition)  # noqa: E731
        shown = self.outcomes([condition, *context], judge, lambda path: True in path.context_visible(placed))
        where = (*placed.path, "visible_if")
        if shown == NEVER:
            self.dead.add(placed.name)
            inside = " whenever its step and groups are shown" if context else " on every path"
            required = " (it is required, but a hidden field is never asked for)" if self._required(placed) else ""
            self.add(
                "LINT_001", where, f"`{placed.name}` is never shown: `{condition.text}` is false{inside}{required}",
                _reads_hint(self.paths, [condition]),
            )
        elif self.outcomes([condition], judge) == ALWAYS:
            self.add(
                "LINT_002", where, f"the condition of `{placed.name}` is true on every path",
                "remove `visible_if`, or check whether another condition was meant",
            )

    def requirement(self, placed: Placed) -> None:
        condition = self.paths.required_condition(placed)
        if condition is None:
            return
        conditions = [condition, *self.paths.visibility_conditions(placed)]
        anywhere = self.outcomes(conditions, lambda path: path.truth(condition))
        shown = self.outcomes(conditions, lambda path: path.truth(condition), lambda path: True in path.visible(placed.name))
        where = (*placed.path, "required_if")
        if anywhere == NEVER:
            self.add(
                "LINT_003", where, f"`{placed.name}` is never required: `{condition.text}` is false on every path",
                _reads_hint(self.paths, [condition]),
            )
        elif shown == NEVER:
            self.add(
                "LINT_004", where,
                f"`{placed.name}` is required only where it is hidden: `{condition.text}` is never true while it is shown",
                "hidden fields are never required; make `visible_if` and `required_if` agree",
            )
        elif anywhere == ALWAYS:
            self.add(
                "LINT_002", where, f"`required_if` of `{placed.name}` is true on every path",
                "write `required: true` instead of `required_if`",
            )

    def validation(self, placed: Placed, index: int, condition: Condition | None) -> None:
        if condition is None:
            return
        own = self._own_values(placed)

        def judge(path: Path) -> Truth:  # `wert` takes each answer in turn, the same on both sides
            return frozenset().union(*(path.truth(condition, frozenset({value})) for value in own))

        found = self.outcomes(
            [condition, *self.paths.visibility_conditions(placed)], judge, lambda path: True in path.visible(placed.name)
        )
        where = (*placed.path, "validations", index, "rule")
        if found == NEVER:
            self.add(
                "LINT_003", where, f"the validation of `{placed.name}` rejects every answer: `{condition.text}` is never true",
                "check the rule: it must be true for the answers you accept",
            )
        elif found == ALWAYS:
            self.add(
                "LINT_002", where, f"the validation of `{placed.name}` can never fail: `{condition.text}` is always true",
                "remove the validation, or check whether another rule was meant",
            )

    def _required(self, placed: Placed) -> bool:
        element = placed.element
        return bool(getattr(element, "required", False) or getattr(element, "required_if", None))

    def _own_values(self, placed: Placed) -> Values:
        if placed.name not in self.paths.symbols.entries:
            return frozenset({ANY})
        return frozenset(v for v in self.paths.domain(placed.name) if v != NULL)


def _reads_hint(paths: FormPaths, conditions: list[Condition]) -> str:
    names = sorted({n for c in conditions for n in paths.variables(c)})
    if not names:
        return "check the condition"
    fields = ", ".join(f"`{n}`" for n in names)
    return f"check the codes and the fields it reads ({fields}); a hidden field counts as unanswered"
