"""What the rules check needs of each element, read from the definition once per resolved form.

The server checks many submissions against the same form version: each element's conditions and
validations are compiled to closures here, once, instead of being looked up on the model (and on
pydantic's slow path for attributes an element type does not have) for every field of every
submission.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from kitaforms import expr
from kitaforms.model.walk import Placed


@lru_cache(maxsize=4096)
def compiled(text: str) -> expr.Compiled:
    """An expression of the form, parsed and compiled once per process."""
    return expr.compile_expr(expr.parse(text))


def _lazy(text: str | None) -> Callable[[Any], Any] | None:
    """``text`` compiled; if it cannot be parsed, a function that raises as evaluating it always did."""
    if not text:
        return None
    try:
        return compiled(text)
    except expr.ExprSyntaxError:
        return lambda env: compiled(text)(env)


@dataclass(frozen=True)
class ElementChecks:
    visible_if: Callable[[Any], Any] | None
    required_if: Callable[[Any], Any] | None
    required: bool
    validations: tuple[tuple[Callable[[Any], Any], Any], ...]  # (rule, the Validation with message and severity)


def element_checks(placed: Placed) -> ElementChecks:
    element = placed.element
    fields = type(element).model_fields
    validations = element.validations if "validations" in fields else []  # type: ignore[union-attr]
    return ElementChecks(
        visible_if=_lazy(element.visible_if),
        required_if=_lazy(element.required_if) if "required_if" in fields else None,  # type: ignore[union-attr]
        required=bool(element.required) if "required" in fields else False,  # type: ignore[union-attr]
        validations=tuple((_lazy(v.rule), v) for v in validations or []),
    )


def form_checks(placed: dict[str, Placed]) -> dict[str, ElementChecks]:
    return {name: element_checks(entry) for name, entry in placed.items()}


@dataclass(frozen=True)
class CheckNode:
    """One element in the order the rules check visits it, with its children (groups, repeats)."""

    placed: Placed
    id: str
    checks: ElementChecks
    children: tuple[CheckNode, ...] | None  # None: not a container
    repeat: bool
    always_visible: bool  # no condition on it, its step or an enclosing container
    ranked: bool  # a wish list, whose picks are checked against the facilities

    @cached_property
    def keys(self) -> dict[str, CheckNode]:
        """The answer keys a submitted object of this container may hold (see :func:`answer_keys`)."""
        return answer_keys(self.children or ())


def answer_keys(nodes: tuple[CheckNode, ...]) -> dict[str, CheckNode]:
    """The elements that take an answer, by id: what a submitted object may hold (no info texts)."""
    return {node.id: node for node in nodes if node.placed.element.type != "info"}


def check_plan(steps: list[Any], placed: dict[str, Placed], checks: dict[str, ElementChecks]) -> tuple[CheckNode, ...]:
    """Every element of every step, as a tree of :class:`CheckNode` in the order of the form."""
    return tuple(node for step in steps
                 for node in _nodes(step.elements, "", placed, checks, step.visible_if is None))


def _nodes(elements: list[Any], prefix: str, placed: dict[str, Placed], checks: dict[str, ElementChecks],
           unconditional: bool) -> Iterator[CheckNode]:
    for element in elements:
        name = prefix + element.id
        always_visible = unconditional and checks[name].visible_if is None
        inner = getattr(element, "elements", None) if element.type in ("group", "repeat") else None
        children = tuple(_nodes(inner, name + ".", placed, checks, always_visible)) if inner is not None else None
        yield CheckNode(placed[name], element.id, checks[name], children, element.type == "repeat",
                        always_visible, element.type == "ranked_choice")
