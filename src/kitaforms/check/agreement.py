"""Numbers the form and the Satzung both state must agree (FORM_029).

- The income up to which no fee is charged stands in the Satzung (a fee-free threshold, or brackets
  whose fees are all 0) and in the income form's setting ``beitragsfrei_bis``, which the form shows to
  parents. When a Kommune sets it, it must be one of the thresholds of its Satzung.
- The weekly hours a family can book in a Kita (code list ``betreuungsumfang_kita``) must be hour
  columns of the Satzung's Kita table, so that each booking has its fee.

The Satzung compared is the Kommune's file that starts last (the one in force now or next). The error
stands in the form, with a note at the Satzung's line. Care types are shared codes (SATZUNG_011); the
form states no age groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kitaforms.diagnostics import Diagnostic, Note
from kitaforms.load.yaml_source import DataPath, Document
from kitaforms.resolve import ResolvedForm
from kitaforms.satzung.load import SatzungFile
from kitaforms.satzung.model import FeeTable, Satzung

FREE_SETTING = "beitragsfrei_bis"
HOURS_LIST = "betreuungsumfang_kita"


@dataclass(frozen=True)
class Stated:
    """A number the Satzung states, and where."""

    value: Decimal
    path: DataPath
    what: str


def check_agreement(forms: Iterable[ResolvedForm], files: Iterable[SatzungFile]) -> Iterator[Diagnostic]:
    in_force = current_satzungen(files)
    for resolved in forms:
        satzung = in_force.get(resolved.kommune_id)
        if satzung is not None:
            yield from _free_threshold(resolved, satzung)
            yield from _hours(resolved, satzung)


def current_satzungen(files: Iterable[SatzungFile]) -> dict[str, SatzungFile]:
    """Each Kommune's Satzung that starts last (the one in force now or next)."""
    latest: dict[str, SatzungFile] = {}
    for file in files:
        known = latest.get(file.kommune)
        if known is None or _start(file) > _start(known):
            latest[file.kommune] = file
    return latest


def _start(file: SatzungFile) -> date:
    return file.model.valid_from or date.min


def free_thresholds(satzung: Satzung) -> list[Stated]:
    """The incomes up to which the Satzung charges no fee: its thresholds, and its all-zero lowest brackets."""
    found = []
    for index, rule in enumerate(satzung.fee_free.income_up_to):
        key = "up_to" if rule.up_to is not None else "below"
        value = rule.up_to if rule.up_to is not None else rule.below
        if value is not None:
            found.append(Stated(value, ("fee_free", "income_up_to", index, key), f"{rule.paragraph}, `{key}: {_plain(value)}`"))
    for index, table in enumerate(satzung.tables):
        if table.purpose == "fee":
            found.extend(_free_brackets(table, index))
    return found


def _free_brackets(table: FeeTable, index: int) -> list[Stated]:
    last = None
    for row_index, row in enumerate(table.rows):
        cells = _cells(row.fee if table.age_groups is None else list((row.fees or {}).values()))
        if not cells or any(cell is None or cell != 0 for cell in cells) or row.to is None:
            break
        last = (row_index, row.to)
    if last is None:
        return []
    path = ("tables", index, "rows", last[0], "to")
    return [Stated(last[1], path, f"{table.paragraph}, `{table.id}`, `to: {_plain(last[1])}`")]


def _cells(value: object) -> list[Decimal | None]:
    if isinstance(value, list):
        return [cell for item in value for cell in _cells(item)]
    return [value] if isinstance(value, Decimal) or value is None else [Decimal(str(value))]


def _free_threshold(resolved: ResolvedForm, file: SatzungFile) -> Iterator[Diagnostic]:
    settings = resolved.form.settings or {}
    value = settings.get(FREE_SETTING)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or value == 0:
        return  # 0: the form states no threshold
    stated = free_thresholds(file.model)
    if not stated or any(Decimal(value) == item.value for item in stated):
        return
    yield _disagrees(resolved, value, stated, file.document)


def _disagrees(resolved: ResolvedForm, value: object, stated: list[Stated], document: Document) -> Diagnostic:
    said = " or ".join(dict.fromkeys(_plain(item.value) for item in stated))
    return _with_notes(Diagnostic.make(
        "FORM_029", f"the setting `{FREE_SETTING}` is {value}, but the Satzung charges no fee up to {said}",
        resolved.source.locate(("settings", FREE_SETTING)), f"write `{FREE_SETTING}: {_plain(stated[0].value)}`, "
        f"or correct the Satzung ({document.file})"), document, stated)


def _with_notes(diagnostic: Diagnostic, document: Document, stated: list[Stated]) -> Diagnostic:
    notes = tuple(Note(document.locate(item.path), f"the Satzung states it here ({item.what})") for item in stated)
    return Diagnostic(diagnostic.code, diagnostic.message, diagnostic.location, diagnostic.hint,
                      diagnostic.severity, notes)


def _hours(resolved: ResolvedForm, file: SatzungFile) -> Iterator[Diagnostic]:
    options = resolved.form.code_lists.get(HOURS_LIST)
    used = any(getattr(placed.element, "code_list", None) == HOURS_LIST for placed in resolved.placed.values())
    found = [(i, t) for i, t in enumerate(file.model.tables) if t.care_type == "kita" and t.purpose == "fee"]
    if not options or not used or not found or not found[0][1].hours or found[0][1].per_hour:
        return
    index, table = found[0]
    hours = table.hours or []
    bounds = [Decimal(h) for h in hours if h is not None]
    open_end = hours[-1] is None
    stated = [Stated(Decimal(0), ("tables", index, "hours"), f"{table.paragraph}, `hours: [{_columns(hours)}]`")]
    for position, option in enumerate(options):
        booked = _number(option.code)
        if booked is None or booked in bounds or (open_end and bounds and booked > max(bounds)):
            continue
        yield _with_notes(Diagnostic.make(
            "FORM_029", f"the code list `{HOURS_LIST}` offers {option.code} hours, but the Satzung's Kita table has "
            f"no such hour column ({_columns(hours)})",
            resolved.source.locate(("code_lists", HOURS_LIST, position, "code")),
            f"offer the Satzung's hours ({_columns(hours)}): replace the code list `{HOURS_LIST}` in the overlay, "
            f"or correct the Satzung ({file.document.file})"), file.document, stated)


def _columns(hours: list[object]) -> str:
    return ", ".join("null" if h is None else str(h) for h in hours)


def _number(code: str) -> Decimal | None:
    return Decimal(code) if code.isdigit() else None


def _plain(value: Decimal) -> str:
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)
