"""check: meaning and cross-references, one concern per module, all problems collected."""

from __future__ import annotations

from kitaforms.check.choices import check_choices
from kitaforms.check.cycles import check_cycles
from kitaforms.check.defaults import check_defaults
from kitaforms.check.expressions import check_expressions
from kitaforms.check.ids import check_ids
from kitaforms.check.kommune import check_kommune
from kitaforms.check.limits import check_limits
from kitaforms.check.markup import check_markup
from kitaforms.check.numbers import check_numbers
from kitaforms.check.texts import check_texts, texts
from kitaforms.diagnostics import Diagnostic
from kitaforms.resolve import ResolvedForm

__all__ = ["check_form", "check_kommune"]


def check_form(resolved: ResolvedForm) -> list[Diagnostic]:
    """Every problem of one resolved form."""
    symbols = resolved.symbols
    found: list[Diagnostic] = list(check_ids(resolved))
    every_text = texts(resolved.form)  # walked once for both checks of texts
    found.extend(check_texts(resolved, every_text))
    found.extend(check_markup(resolved, every_text))
    for check in (check_choices, check_defaults, check_limits, check_numbers):
        found.extend(check(resolved))
    found.extend(check_expressions(resolved, symbols))
    found.extend(check_cycles(resolved, symbols))
    return found
