"""Texts that are Markdown (help, intros, info and declaration bodies) stay in the safe subset."""

from __future__ import annotations

from collections.abc import Iterator

from kitaforms.check.texts import Text
from kitaforms.diagnostics import Diagnostic
from kitaforms.markdown import markdown_problems
from kitaforms.resolve import ResolvedForm

MARKDOWN_KEYS = frozenset({"help", "intro", "body", "description"})


def check_markup(resolved: ResolvedForm, every_text: list[Text]) -> Iterator[Diagnostic]:
    """``every_text``: :func:`~kitaforms.check.texts.texts` of the form."""
    for path, text in every_text:
        if path[-1] not in MARKDOWN_KEYS:
            continue
        for language, value in text.items():
            for problem in markdown_problems(value):
                yield Diagnostic.make(
                    "FORM_017", f"`{path[-1]}` ({language}): {problem}",
                    resolved.source.locate((*path, language)),
                    "use paragraphs, lists, **bold**, *italic* and [links](https://…) only",
                )
