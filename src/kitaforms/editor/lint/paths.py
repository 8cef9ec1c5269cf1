"""Paths through a resolved form: joint answers of the fields its conditions read.

A *path* is an assignment of a value to each field that matters: a yes/no field is true, false or
unanswered; a choice field one of its codes or unanswered; any other field answered or unanswered.
Other fields' conditions are evaluated under the same assignment, so visibility follows the
answers: a field that is hidden on a path must be unanswered there (the runtime ignores hidden
answers). Comparisons the analysis cannot decide (numbers, dates, texts) give both outcomes.

Enumeration is bounded: when the fields a question depends on have more than :data:`LIMIT` joint
answers, the question is not decided (:class:`TooMany`) and nothing is reported.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kitaforms import expr
from kitaforms.check.expressions import OWN_VALUE, SETTINGS_PREFIX, FormSymbols
from kitaforms.editor.lint.values import (
    BOTH,
    FALSE,
    FILLED,
    NULL,
    TRUE,
    UNKNOWN,
    Value,
    Values,
    evaluate,
    show,
    truth,
    wrap,
)
from kitaforms.model.form import BooleanField, ComputedField, Declaration, Step
from kitaforms.model.walk import Placed
from kitaforms.resolve import ResolvedForm

LIMIT = 4096
Assignment = dict[str, Value]
Truth = frozenset[bool]
ALWAYS: Truth = frozenset({True})


class TooMany(Exception):
    """The fields involved have too many joint answers to enumerate."""


@dataclass(frozen=True)
class Condition:
    """A parsed condition and the element it belongs to (None for a step's condition)."""

    text: str
    tree: expr.Expr
    context: Placed | None


@dataclass
class FormPaths:
    resolved: ResolvedForm
    symbols: FormSymbols = field(init=False)
    placed: dict[str, Placed] = field(init=False)

    def __post_init__(self) -> None:
        self.symbols = self.resolved.symbols
        self.placed = self.resolved.placed
        self._parsed: dict[tuple[str, str], Condition | None] = {}

    # --- conditions ----------------------------------------------------------------------------

    def condition(self, text: str | None, context: Placed | None) -> Condition | None:
        """The parsed condition, or None when there is none or it does not parse (validate says why)."""
        if not text:
            return None
        key = (text, context.name if context else "")
        if key not in self._parsed:
            try:
                self._parsed[key] = Condition(text, expr.parse(text), context)
            except expr.ExprSyntaxError:
                self._parsed[key] = None
        return self._parsed[key]

    def step_condition(self, step: Step) -> Condition | None:
        return self.condition(step.visible_if, None)

    def own_condition(self, placed: Placed) -> Condition | None:
        return self.condition(placed.element.visible_if, placed)

    def context_conditions(self, placed: Placed) -> list[Condition]:
        """The conditions of the step and the groups around ``placed`` (outermost first)."""
        found = [self.step_condition(placed.step)]
        scope = placed.scope
        chain = []
        while scope:
            chain.append(self.own_condition(self.placed[scope]))
            scope = scope.rpartition(".")[0]
        return [c for c in found + list(reversed(chain)) if c is not None]

    def visibility_conditions(self, placed: Placed) -> list[Condition]:
        own = self.own_condition(placed)
        return self.context_conditions(placed) + ([own] if own else [])

    def required_condition(self, placed: Placed) -> Condition | None:
        return self.condition(getattr(placed.element, "required_if", None), placed)

    # --- variables -----------------------------------------------------------------------------

    def variables(self, condition: Condition) -> set[str]:
        """The fields a condition reads directly (values inside other repeats are not tracked)."""
        found = set()
        for parts, _ in expr.references(condition.tree):
            name = self._variable(parts, condition.context)
            if name is not None:
                found.add(name)
        return found

    def _variable(self, parts: tuple[str, ...], context: Placed | None) -> str | None:
        if parts == (OWN_VALUE,) or parts[0] == SETTINGS_PREFIX:
            return None
        name = self.symbols.resolve(parts, context)
        if name is None or self._lifted(name, context):
            return None
        return name

    def _lifted(self, name: str, context: Placed | None) -> bool:
        mine = set(context.repeats) if context else set()
        return any(repeat not in mine for repeat in self.placed[name].repeats)

    def closure(self, conditions: list[Condition]) -> list[str]:
        """The fields the conditions read, and the fields their visibility depends on, transitively."""
        found: set[str] = set()
        todo = [name for c in conditions for name in self.variables(c)]
        while todo:
            name = todo.pop()
            if name in found:
                continue
            found.add(name)
            for condition in self.visibility_conditions(self.placed[name]):
                todo.extend(self.variables(condition) - found)
        return sorted(found)

    def domain(self, name: str) -> tuple[Value, ...]:
        element = self.placed[name].element
        if isinstance(element, (BooleanField, Declaration)) or (
            isinstance(element, ComputedField) and element.value_type == "boolean"
        ):
            return (TRUE, FALSE, NULL)
        codes = self.symbols.entries[name].symbol.codes if name in self.symbols.entries else None
        if element.type == "choice" and codes:
            return (*(wrap(code) for code in sorted(codes)), NULL)
        return (FILLED, NULL)

    # --- enumeration ---------------------------------------------------------------------------

    def assignments(self, conditions: list[Condition], *, strict: bool = False) -> Iterator[Path]:
        """Every consistent path over the fields the conditions depend on.

        Tries the full closure first; when that is too large, only the fields read directly (the
        rest then count as unknown, which keeps the result sound but less sharp).
        """
        for names in (self.closure(conditions), self._direct(conditions)):
            if self._size(names) <= LIMIT:
                yield from self._enumerate(names, strict)
                return
        raise TooMany

    def _direct(self, conditions: list[Condition]) -> list[str]:
        return sorted({name for c in conditions for name in self.variables(c)})

    def _size(self, names: list[str]) -> int:
        size = 1
        for name in names:
            size *= len(self.domain(name))
        return size

    def _enumerate(self, names: list[str], strict: bool) -> Iterator[Path]:
        for values in itertools.product(*(self.domain(name) for name in names)):
            path = Path(self, dict(zip(names, values, strict=True)))
            if path.consistent(strict):
                yield path


@dataclass
class Path:
    """One joint assignment; evaluates conditions and visibility under it."""

    paths: FormPaths
    values: Assignment
    _visible: dict[str, Truth] = field(default_factory=dict)

    def lookup_in(self, context: Placed | None, own: Values | None = None) -> Any:
        def lookup(parts: tuple[str, ...]) -> Values:
            if parts == (OWN_VALUE,) and own is not None:
                return own
            if parts[0] == SETTINGS_PREFIX:
                return self._setting(parts)
            name = self.paths._variable(parts, context)
            if name is None:
                return UNKNOWN
            return frozenset({self.values[name]}) if name in self.values else frozenset(self.paths.domain(name))

        return lookup

    def _setting(self, parts: tuple[str, ...]) -> Values:
        """Settings are the Kommune's to change, so the analysis does not rely on their values."""
        value = self.paths.resolved.form.settings.get(parts[1]) if len(parts) == 2 else None
        return BOTH if isinstance(value, bool) else UNKNOWN

    def truth(self, condition: Condition | None, own: Values | None = None) -> Truth:
        if condition is None:
            return ALWAYS
        return truth(evaluate(condition.tree, self.lookup_in(condition.context, own)))

    def values_of(self, condition: Condition, own: Values | None = None) -> Values:
        return evaluate(condition.tree, self.lookup_in(condition.context, own))

    def all_of(self, conditions: list[Condition]) -> Truth:
        """Whether all conditions may hold together / may fail (each judged on its own)."""
        results = [self.truth(c) for c in conditions]
        can_hold = all(True in r for r in results)
        can_fail = any(False in r for r in results)
        return frozenset(({True} if can_hold else set()) | ({False} if can_fail else set()))

    def context_visible(self, placed: Placed) -> Truth:
        return self.all_of(self.paths.context_conditions(placed))

    def visible(self, name: str) -> Truth:
        if name not in self._visible:
            self._visible[name] = self.all_of(self.paths.visibility_conditions(self.paths.placed[name]))
        return self._visible[name]

    def required(self, placed: Placed) -> Truth:
        condition = self.paths.required_condition(placed)
        if condition is not None:
            return self.truth(condition)
        return frozenset({bool(getattr(placed.element, "required", False))})

    def consistent(self, strict: bool) -> bool:
        """Answered fields must be showable; ``strict``: shown required fields are answered."""
        for name, value in self.values.items():
            visible = self.visible(name)
            if value != NULL and True not in visible:
                return False
            if strict and not self._complete(name, value, visible):
                return False
        return True

    def _complete(self, name: str, value: Value, visible: Truth) -> bool:
        placed = self.paths.placed[name]
        if visible != ALWAYS or self.required(placed) != ALWAYS:
            return True
        return value == TRUE if isinstance(placed.element, Declaration) else value != NULL

    def describe(self, names: list[str]) -> str:
        return ", ".join(f"{name} = {show(self.values[name])}" for name in names if name in self.values)
