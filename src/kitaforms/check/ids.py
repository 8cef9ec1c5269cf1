"""Ids must be unique where they share a namespace: steps and top-level elements; each group."""

from __future__ import annotations

from collections.abc import Iterator

from kitaforms.diagnostics import Diagnostic
from kitaforms.model.form import Form, GroupElement, RepeatElement
from kitaforms.model.walk import walk
from kitaforms.resolve import ResolvedForm


def check_ids(resolved: ResolvedForm) -> Iterator[Diagnostic]:
    form, source = resolved.form, resolved.source
    seen: dict[tuple[str, str], tuple[str | int, ...]] = {}
    for path, scope, identifier in _named(form):
        key = (scope, identifier)
        if key in seen:
            first = source.locate((*seen[key], "id"))
            yield Diagnostic.make(
                "FORM_004",
                f"the id `{identifier}` is used twice{' in `' + scope + '`' if scope else ''} (first at {first})",
                source.locate((*path, "id")),
                "give each step, and each element in a group, its own id",
            )
        else:
            seen[key] = path


def _named(form: Form) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    for index, step in enumerate(form.steps):
        yield ("steps", index), "", step.id
    for placed in walk(form):
        yield placed.path, placed.scope, placed.element.id


def containers(form: Form) -> Iterator[GroupElement | RepeatElement]:
    for placed in walk(form):
        if isinstance(placed.element, (GroupElement, RepeatElement)):
            yield placed.element
