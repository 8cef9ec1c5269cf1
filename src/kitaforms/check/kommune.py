"""A Kommune's own files: readable theme colours, a consistent facility catalogue, no open to-dos."""

from __future__ import annotations

from collections.abc import Iterator

from kitaforms.check.todos import todo_marks
from kitaforms.contrast import contrast_ratio, nearest_passing, relative_luminance
from kitaforms.diagnostics import Diagnostic
from kitaforms.load.project import KommuneSources

MIN_CONTRAST = 4.5
WHITE, BLACK = "#ffffff", "#0b0c0c"

# (foreground, background) pairs the theme puts text on.
THEME_PAIRS = (("primary_text", "primary"), ("primary", WHITE), ("accent", WHITE))


def check_kommune(sources: KommuneSources) -> Iterator[Diagnostic]:
    if sources.kommune is not None:
        yield from _check_theme(sources)
        yield from _check_statement(sources)
    if sources.facilities is not None:
        yield from _check_facilities(sources)
    yield from _todos(sources)


def _todos(sources: KommuneSources) -> Iterator[Diagnostic]:
    """The open to-dos of the Kommune's files (``# kitaforms: todo …`` marks)."""
    loaded = [sources.kommune, sources.facilities, sources.criteria, sources.capacities, sources.contract,
              *sources.overlays.values()]
    for item in loaded:
        if item is not None:
            yield from todo_marks(item.document)


def _check_theme(sources: KommuneSources) -> Iterator[Diagnostic]:
    assert sources.kommune is not None
    theme, document = sources.kommune.model.theme, sources.kommune.document
    for fore_key, back_key in THEME_PAIRS:
        fore, back = _colour(theme, fore_key), _colour(theme, back_key)
        ratio = contrast_ratio(fore, back)
        if ratio < MIN_CONTRAST:
            key = fore_key if back_key == WHITE else back_key
            yield Diagnostic.make(
                "FORM_022",
                f"text in {fore} on {back} has a contrast of {ratio:.2f}:1; at least {MIN_CONTRAST}:1 is required",
                document.locate(("theme", key)),
                _better_colour(theme, key),
            )


def _better_colour(theme: object, key: str) -> str:
    """The nearest colour for ``key`` that passes against every colour it stands with (same hue)."""
    colour = _colour(theme, key)
    others = [_colour(theme, back if fore == key else fore) for fore, back in THEME_PAIRS if key in (fore, back)]
    better = nearest_passing(colour, others, MIN_CONTRAST)
    if better is None:
        return "choose a darker colour (check it with a contrast checker)"
    ratios = ", ".join(f"{contrast_ratio(better, other):.2f}:1 with {other}" for other in dict.fromkeys(others))
    darker = relative_luminance(better) < relative_luminance(colour)
    return f"the nearest {'darker' if darker else 'lighter'} colour of the same hue that passes is `{better}` ({ratios})"


def _check_statement(sources: KommuneSources) -> Iterator[Diagnostic]:
    assert sources.kommune is not None
    if sources.kommune.model.barrierefreiheit_stand is None:
        yield Diagnostic.make(
            "FORM_027", "the accessibility statement has no date (`barrierefreiheit_stand`)",
            sources.kommune.document.locate(("name",)),
            "add `barrierefreiheit_stand: YYYY-MM-DD`, the day you last reviewed the statement",
        )


def _colour(theme: object, key: str) -> str:
    return key if key.startswith("#") else str(getattr(theme, key))


def _check_facilities(sources: KommuneSources) -> Iterator[Diagnostic]:
    assert sources.facilities is not None
    document = sources.facilities.document
    seen: set[str] = set()
    for index, facility in enumerate(sources.facilities.model.facilities):
        path = ("facilities", index)
        if facility.id in seen:
            yield Diagnostic.make(
                "FORM_021", f"the facility id `{facility.id}` appears twice", document.locate((*path, "id")),
                "give every facility its own id",
            )
        seen.add(facility.id)
        if facility.age_from_months >= facility.age_to_months:
            yield Diagnostic.make(
                "FORM_021", f"`{facility.id}`: the age range {facility.age_from_months}–{facility.age_to_months} months is empty",
                document.locate((*path, "age_from_months")), "`age_from_months` must be below `age_to_months`",
            )
