"""A field's `default` must be an answer the field itself would accept."""

from __future__ import annotations

from collections.abc import Iterator

from kitaforms.diagnostics import Diagnostic
from kitaforms.model.walk import walk
from kitaforms.resolve import ResolvedForm

CHOICE_TYPES = ("choice", "multichoice", "ranked_choice")  # checked with did-you-mean in check.choices


def check_defaults(resolved: ResolvedForm) -> Iterator[Diagnostic]:
    from kitaforms.runtime.fields import field_problems

    for placed in walk(resolved.form):
        default = getattr(placed.element, "default", None)
        if default is None or placed.element.type in CHOICE_TYPES:
            continue
        problems = [code for code, _ in field_problems(resolved, placed.element, default, False)]
        if problems:
            yield Diagnostic.make(
                "FORM_015", f"the default `{default}` does not fit the {placed.element.type} field `{placed.element.id}`",
                resolved.source.locate((*placed.path, "default")),
                f"give a value the field accepts ({problems[0].replace('_', ' ')})",
            )
