"""What `kitaforms fee` and `kitaforms compare` share: the household options, their parsing into a
:class:`~kitaforms.satzung.Household` (with care periods and changes for a timeline), and loading Satzung
files named on the command line (drafts outside ``satzungen/``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

import click

from kitaforms.cli._project import read_lines
from kitaforms.load.project import display_path
from kitaforms.report import format_text
from kitaforms.satzung.check import check_validity
from kitaforms.satzung.household import Child, Household
from kitaforms.satzung.load import load_satzung
from kitaforms.satzung.model import BENEFITS, CARE_TYPES
from kitaforms.satzung.rules import Rules
from kitaforms.satzung.timeline import CareChange, ChildCare

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
_CHANGE = re.compile(r"^(\d+):(\d{4}-\d{2}(?:-\d{2})?):(.+)$")


def _each(value: object, one: Callable[[str], T]) -> object:
    """An option's value read by ``one``: a single value, or each of a repeated option's."""
    if value is None:
        return None
    return tuple(one(v) for v in value) if isinstance(value, tuple) else one(str(value))


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise click.BadParameter(f"{text!r} is not a number") from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a date YYYY-MM-DD") from None


def decimal_option(ctx: click.Context, param: click.Parameter, value: object) -> object:
    return _each(value, _decimal)


def day_option(ctx: click.Context, param: click.Parameter, value: object) -> object:
    return _each(value, _day)


def month_option(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """``YYYY-MM`` (or a day ``YYYY-MM-DD``) → a date in that month."""
    return _each(value, parse_month)


def parse_month(text: str) -> date:
    try:
        return date.fromisoformat(text if len(text) > 7 else text + "-01")
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a month YYYY-MM (or a date YYYY-MM-DD)") from None


def change_option(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[tuple[int, CareChange], ...]:
    """``KIND:YYYY-MM:WERT[:WERT]`` → (child number, change): a value is weekly hours or a care type."""
    return tuple(_change(text) for text in value)


def _change(text: str) -> tuple[int, CareChange]:
    match = _CHANGE.match(text)
    if not match:
        raise click.BadParameter(f"{text!r}: write KIND:YYYY-MM:WERT, e.g. `1:2026-01:35` (hours) or `2:2026-08:ogs`")
    care, hours = None, None
    for value in match.group(3).split(":"):
        if value in CARE_TYPES:
            care = value
        else:
            try:
                hours = Decimal(value.replace(",", "."))
            except InvalidOperation:
                raise click.BadParameter(f"{text!r}: `{value}` is neither weekly hours nor a care type "
                                         f"({', '.join(CARE_TYPES)})") from None
    return int(match.group(1)), CareChange(parse_month(match.group(2)), care, hours)


def household_options(function: F) -> F:
    """The options that describe a household (income, children, care), shared by `fee` and `compare`."""
    options = [
        click.option("--einkommen", callback=decimal_option, metavar="EUR", help="Annual income (self-assessment), EUR."),
        click.option("--stunden", multiple=True, callback=decimal_option, metavar="H",
                     help="Booked hours per week (per child)."),
        click.option("--geburtsdatum", multiple=True, callback=day_option, metavar="YYYY-MM-DD",
                     help="Birth date; repeat it (with --stunden, --betreuungsart …) for siblings."),
        click.option("--betreuungsart", multiple=True, type=click.Choice(CARE_TYPES), help="Care type (default kita)."),
        click.option("--beginn", multiple=True, callback=month_option, metavar="YYYY-MM",
                     help="First month of care (per child); no fee before it."),
        click.option("--ende", multiple=True, callback=month_option, metavar="YYYY-MM",
                     help="Last month of care (per child); no fee after it."),
        click.option("--leistung", multiple=True, type=click.Choice(BENEFITS), help="Benefit received (Bürgergeld …)."),
        click.option("--ohne-erklaerung", is_flag=True, help="No income statement (highest fee where the Satzung says so)."),
        click.option("--wechselmodell", is_flag=True, help="The child lives with both separated parents in turn."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def build_household(einkommen: Decimal | None, stunden: tuple[Decimal, ...], geburtsdatum: tuple[date, ...],
                    betreuungsart: tuple[str, ...], beginn: tuple[date, ...], ende: tuple[date, ...],
                    leistung: tuple[str, ...], ohne_erklaerung: bool, wechselmodell: bool) -> Household:
    if not geburtsdatum:
        raise click.UsageError("give --geburtsdatum (once per child)")
    if einkommen is None and not ohne_erklaerung:
        raise click.UsageError("give --einkommen (annual income in EUR), or --ohne-erklaerung")
    for name, values in (("--stunden", stunden), ("--betreuungsart", betreuungsart), ("--beginn", beginn),
                         ("--ende", ende)):
        if len(values) > 1 and len(values) != len(geburtsdatum):
            raise click.UsageError(f"give {name} once, or once per --geburtsdatum")
    children = tuple(
        Child(born, nth(betreuungsart, i) or "kita", nth(stunden, i), nth(beginn, i), end=nth(ende, i))
        for i, born in enumerate(geburtsdatum)
    )
    return Household(children=children, declared_income=einkommen, statement=not ohne_erklaerung,
                     benefits=frozenset(leistung), alternating=wechselmodell)


def care_plan(household: Household, changes: tuple[tuple[int, CareChange], ...]) -> list[ChildCare]:
    """The household's children as care periods, with the changes given for each."""
    care = [ChildCare.of(child) for child in household.children]
    for number, change in changes:
        if not 1 <= number <= len(care):
            raise click.UsageError(f"--aenderung names child {number}, but there are {len(care)} children")
        old = care[number - 1]
        care[number - 1] = ChildCare(old.birth_date, old.care_type, old.hours, old.start, old.end,
                                     (*old.changes, change), old.meals)
    return care


def nth(values: tuple[Any, ...], index: int) -> Any:
    if not values:
        return None
    return values[index] if len(values) > 1 else values[0]


def load_files(paths: tuple[Path, ...], root: Path, kommune: str | None) -> list[Rules]:
    """Satzung files named on the command line (e.g. a draft outside ``satzungen/``), checked like the
    project's; files of one run must not overlap (SATZUNG_008). Exits 1 with the located errors."""
    loaded, diagnostics = [], []
    for path in paths:
        item = load_satzung(path, display_path(path, root), kommune or path.resolve().parent.name)
        loaded.append(item)
        diagnostics.extend(item.diagnostics)
    files = [(item.file.model, item.file.document) for item in loaded if item.file is not None]
    diagnostics.extend(check_validity(files))
    if any(d.is_error for d in diagnostics):
        click.echo(format_text(diagnostics, _reader(root)), err=True, nl=False)
        raise SystemExit(1)
    return [item.rules for item in loaded if item.rules is not None]


def _reader(root: Path) -> Callable[[str, int], str | None]:
    def read_line(file: str, line: int) -> str | None:
        path = Path(file) if Path(file).is_absolute() else root / file
        content = read_lines(path if path.is_file() else Path(file))
        return content[line - 1] if 0 < line <= len(content) else None

    return read_line
