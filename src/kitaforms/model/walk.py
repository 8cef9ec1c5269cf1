"""Walk the elements of a form with their place: data path, enclosing scope and repeats."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from kitaforms.load.yaml_source import DataPath
from kitaforms.model.form import Element, Form, GroupElement, RepeatElement, Step


@dataclass(frozen=True)
class Placed:
    """An element with where it stands.

    ``path`` is the element's path in the form data (``steps.0.elements.3``), ``name`` its dotted
    name as expressions and submissions see it (``kind.geburtsdatum``), ``repeats`` the names of
    the repeats that enclose it, innermost last.
    """

    element: Element
    step: Step
    path: DataPath
    name: str
    repeats: tuple[str, ...]

    @cached_property
    def scope(self) -> str:
        """The dotted name of the enclosing group or repeat ('' at the top level)."""
        return self.name.rpartition(".")[0]


def walk(form: Form) -> Iterator[Placed]:
    for s, step in enumerate(form.steps):
        yield from _walk(step.elements, step, ("steps", s, "elements"), "", ())


def _walk(elements: list[Element], step: Step, path: DataPath, prefix: str, repeats: tuple[str, ...]) -> Iterator[Placed]:
    for index, element in enumerate(elements):
        name = f"{prefix}{element.id}"
        here = Placed(element, step, (*path, index), name, repeats)
        yield here
        if isinstance(element, (GroupElement, RepeatElement)):
            inner = (*repeats, name) if isinstance(element, RepeatElement) else repeats
            yield from _walk(element.elements, step, (*here.path, "elements"), name + ".", inner)


def fields_by_name(form: Form) -> dict[str, Placed]:
    return {placed.name: placed for placed in walk(form)}
