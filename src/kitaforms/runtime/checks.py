"""What the rules check needs of each element, read from the definition once per resolved form.

The server checks many submissions against the same form version: each element's conditions and
validations are compiled here, once (to Python functions, :mod:`kitaforms.expr._compile`), instead
of being looked up on the model (and on pydantic's slow path for attributes an element type does
not have) for every field of every submission.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from kitaforms import expr
from kitaforms.model.walk import Placed
from kitaforms.runtime.fields import NO_VALUE_TYPES

if TYPE_CHECKING:
    from kitaforms.model.form import Step
    from kitaforms.resolve import ResolvedForm


@lru_cache(maxsize=4096)
def parsed(text: str) -> expr.Expr:
    """An expression of the form, parsed once per process (every Kommune's form shares the base's)."""
    return expr.parse(text)


class FormExpressions:
    """The form's expressions compiled once per place they stand in, their names already looked up.

    A name means the same field wherever in one scope it is read (innermost scope first), so each
    reference becomes a reader of that field's value when it is compiled instead of being resolved
    again at every evaluation; the reader is called with the runtime's ``_Env``.
    """

    def __init__(self, resolved: ResolvedForm) -> None:
        self.symbols = resolved.symbols
        self.settings = resolved.form.settings
        self._compiled: dict[tuple[str, str], expr.Compiled] = {}

    def compiled(self, text: str, scope: str) -> expr.Compiled:
        """``text`` as it reads in ``scope`` (the dotted name of the group or repeat it stands in)."""
        key = (text, scope)
        found = self._compiled.get(key)
        if found is None:
            found = self._compiled[key] = expr.compile_expr(parsed(text), lambda parts: self.reader(parts, scope))
        return found

    def lazy(self, text: str | None, scope: str) -> Callable[[Any], Any] | None:
        """:meth:`compiled`; if ``text`` cannot be parsed, a function that raises as evaluating it always did."""
        if not text:
            return None
        try:
            return self.compiled(text, scope)
        except expr.ExprSyntaxError:
            return lambda env: self.compiled(text, scope)(env)

    def reader(self, parts: tuple[str, ...], scope: str) -> expr.Compiled:
        """The reference ``parts`` as it reads in ``scope``: what the expression sees under that name."""
        if parts[0] == "einstellungen" and len(parts) == 2:
            setting = self.settings.get(parts[1])
            return lambda env: setting
        name = self.symbols.resolve_in(parts, scope)
        if parts == ("wert",):  # the validated field's own value, where there is one
            return lambda env: env.own if env.own is not None and env.context is not None else _value(env, name)
        if name is None:
            return lambda env: None
        return lambda env: env.runtime.value(name, env.indexes)


def _value(env: Any, name: str | None) -> Any:
    return env.runtime.value(name, env.indexes) if name is not None else None


@dataclass(frozen=True)
class ElementChecks:
    visible_if: Callable[[Any], Any] | None
    required_if: Callable[[Any], Any] | None
    required: bool
    validations: tuple[tuple[Callable[[Any], Any], Any], ...]  # (rule, the Validation with message and severity)


def element_checks(placed: Placed, expressions: FormExpressions) -> ElementChecks:
    element = placed.element
    fields = type(element).model_fields
    validations = element.validations if "validations" in fields else []  # type: ignore[union-attr]
    scope = placed.scope
    return ElementChecks(
        visible_if=expressions.lazy(element.visible_if, scope),
        required_if=expressions.lazy(element.required_if, scope) if "required_if" in fields else None,  # type: ignore[union-attr]
        required=bool(element.required) if "required" in fields else False,  # type: ignore[union-attr]
        validations=tuple((expressions.lazy(v.rule, scope), v) for v in validations or []),
    )


def form_checks(resolved: ResolvedForm) -> dict[str, ElementChecks]:
    expressions = resolved.expressions
    return {name: element_checks(entry, expressions) for name, entry in resolved.placed.items()}


@dataclass(frozen=True)
class CheckNode:
    """One element in the order the rules check visits it, with its children (groups, repeats)."""

    placed: Placed
    id: str
    checks: ElementChecks
    children: tuple[CheckNode, ...] | None  # None: not a container
    repeat: bool
    always_visible: bool  # in a visible step: no condition on it or an enclosing container
    takes_value: bool  # an answer can be wrong (not an info text, a group or a computed field)
    ranked: bool  # a wish list, whose picks are checked against the facilities

    @cached_property
    def keys(self) -> dict[str, CheckNode]:
        """The answer keys a submitted object of this container may hold (see :func:`answer_keys`)."""
        return answer_keys(self.children or ())


@dataclass(frozen=True)
class CheckStep:
    """A step's elements: all hidden when the step is (then none of them is visited)."""

    step: Step
    conditional: bool  # the step has a condition
    nodes: tuple[CheckNode, ...]


def answer_keys(nodes: tuple[CheckNode, ...]) -> dict[str, CheckNode]:
    """The elements that take an answer, by id: what a submitted object may hold (no info texts)."""
    return {node.id: node for node in nodes if node.placed.element.type != "info"}


def check_plan(steps: list[Step], placed: dict[str, Placed], checks: dict[str, ElementChecks]) -> tuple[CheckStep, ...]:
    """Every element of every step, as a tree of :class:`CheckNode` per step in the order of the form."""
    return tuple(CheckStep(step, step.visible_if is not None, tuple(_nodes(step.elements, "", placed, checks, True)))
                 for step in steps)


def _nodes(elements: list[Any], prefix: str, placed: dict[str, Placed], checks: dict[str, ElementChecks],
           unconditional: bool) -> Iterator[CheckNode]:
    for element in elements:
        name = prefix + element.id
        always_visible = unconditional and checks[name].visible_if is None
        inner = getattr(element, "elements", None) if element.type in ("group", "repeat") else None
        children = tuple(_nodes(inner, name + ".", placed, checks, always_visible)) if inner is not None else None
        yield CheckNode(placed[name], element.id, checks[name], children, element.type == "repeat",
                        always_visible, element.type not in NO_VALUE_TYPES, element.type == "ranked_choice")
