"""Choice fields name a code list that exists; codes are unique; defaults are valid codes."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from kitaforms.diagnostics import Diagnostic
from kitaforms.model.form import ChoiceField, MultiChoiceField, Option, RankedChoiceField
from kitaforms.model.walk import Placed, walk
from kitaforms.resolve import ResolvedForm

ChoiceLike = ChoiceField | MultiChoiceField | RankedChoiceField


def options_of(resolved: ResolvedForm, element: ChoiceLike) -> list[Option] | None:
    """The options of a choice field: inline, or from its code list (None for catalogues)."""
    if "options" in type(element).model_fields and element.options:  # type: ignore[union-attr]
        return element.options  # type: ignore[union-attr]
    if element.code_list:
        return resolved.form.code_lists.get(element.code_list)
    return None


def check_choices(resolved: ResolvedForm) -> Iterator[Diagnostic]:
    yield from _duplicate_codes(resolved)
    for placed in walk(resolved.form):
        if isinstance(placed.element, (ChoiceField, MultiChoiceField, RankedChoiceField)):
            yield from _check_choice(resolved, placed)


def _duplicate_codes(resolved: ResolvedForm) -> Iterator[Diagnostic]:
    for name, options in resolved.form.code_lists.items():
        seen: set[str] = set()
        for index, option in enumerate(options):
            if option.code in seen:
                yield Diagnostic.make(
                    "FORM_009", f"the code `{option.code}` appears twice in the code list `{name}`",
                    resolved.source.locate(("code_lists", name, index, "code")), "give every option its own code",
                )
            seen.add(option.code)


def _check_choice(resolved: ResolvedForm, placed: Placed) -> Iterator[Diagnostic]:
    element = placed.element
    assert isinstance(element, (ChoiceField, MultiChoiceField, RankedChoiceField))
    sources = [bool(getattr(element, "options", None)), bool(element.code_list), bool(getattr(element, "catalogue", None))]
    if sum(sources) != 1:
        yield Diagnostic.make(
            "FORM_019", f"`{element.id}` needs exactly one of `code_list`, `options`"
            + (" or `catalogue`" if isinstance(element, RankedChoiceField) else ""),
            resolved.source.locate(placed.path), "name a code list, e.g. `code_list: ja_nein`",
        )
    for key in ("code_list", "reasons"):
        name = getattr(element, key, None)
        if name and name not in resolved.form.code_lists:
            yield _unknown_list(resolved, placed, key, name)
    yield from _check_default(resolved, placed)


def _unknown_list(resolved: ResolvedForm, placed: Placed, key: str, name: str) -> Diagnostic:
    close = difflib.get_close_matches(name, list(resolved.form.code_lists), n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else "define it under `code_lists:` or in forms/nrw/codelisten.yaml"
    return Diagnostic.make("FORM_008", f"there is no code list `{name}`", resolved.source.locate((*placed.path, key)), hint)


def _check_default(resolved: ResolvedForm, placed: Placed) -> Iterator[Diagnostic]:
    element = placed.element
    default = getattr(element, "default", None)
    options = options_of(resolved, element)  # type: ignore[arg-type]
    if default is None or options is None:
        return
    codes = [option.code for option in options]
    for value in default if isinstance(default, list) else [default]:
        if str(value) not in codes:
            close = difflib.get_close_matches(str(value), codes, n=1, cutoff=0.5)
            yield Diagnostic.make(
                "FORM_015", f"the default `{value}` is not a code of `{element.id}`",
                resolved.source.locate((*placed.path, "default")),
                f"did you mean `{close[0]}`?" if close else "use one of: " + ", ".join(codes),
            )
