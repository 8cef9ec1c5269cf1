"""`kitaforms compare OLD NEW`: two Satzung files side by side (the one in force and a draft, or two periods):
the table cells that differ, the other rules that differ, and – with household options – the household's
fee under both on the same day.

The files may overlap in time and may lie outside ``satzungen/``; each is checked as `kitaforms validate`
would. Exit codes: 0 compared, 1 a file has errors, 2 invalid input.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from kitaforms.cli._household import build_household, day_option, household_options, load_files
from kitaforms.cli._project import project_root
from kitaforms.satzung.compare import (
    UNKNOWN,
    CellChange,
    HouseholdComparison,
    cell_changes,
    compare_household,
    rule_changes,
)
from kitaforms.satzung.engine import amount
from kitaforms.satzung.explain import money, render
from kitaforms.satzung.household import Assessment, FeeError
from kitaforms.satzung.jsonio import error_to_json, fee_json
from kitaforms.satzung.rules import Rules

WORDS = {
    "de": {"old": "Alt", "new": "Neu", "cells": "Tabellen: {count} Werte unterscheiden sich", "rules": "Regeln",
           "same": "keine", "bounds": "Grenzen", "household": "Haushalt am {on}", "difference": "Unterschied",
           "missing": "fehlt", "present": "vorhanden", "child": "Kind", "unknown": "nicht bekannt"},
    "en": {"old": "Old", "new": "New", "cells": "Tables: {count} values differ", "rules": "Rules",
           "same": "none", "bounds": "bounds", "household": "Household on {on}", "difference": "Difference",
           "missing": "missing", "present": "present", "child": "Child", "unknown": "not known"},
}


@click.command("compare")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@household_options
@click.option("--stichtag", callback=day_option, metavar="YYYY-MM-DD",
              help="Day on which the household is assessed under both (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON (amounts as strings).")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True)
@click.option("--project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The kitaforms project folder (for file names in messages).")
def compare_command(old: Path, new: Path, einkommen: Decimal | None, stunden: tuple[Decimal, ...],
                    geburtsdatum: tuple[date, ...], betreuungsart: tuple[str, ...], beginn: tuple[date, ...],
                    ende: tuple[date, ...], leistung: tuple[str, ...], ohne_erklaerung: bool, wechselmodell: bool,
                    stichtag: date | None, as_json: bool, lang: str, project: Path) -> None:
    """Show the cells and rules that differ between two Satzung files, and a household's fee under both."""
    root = project_root(project)
    before, after = load_files((old,), root, None)[0], load_files((new,), root, None)[0]
    comparison = None
    if geburtsdatum:
        household = build_household(einkommen, stunden, geburtsdatum, betreuungsart, beginn, ende, leistung,
                                    ohne_erklaerung, wechselmodell)
        comparison = compare_household(before, after, household, stichtag or date.today())
    if as_json:
        click.echo(json.dumps(_json(before, after, comparison, lang), ensure_ascii=False, indent=2))
    else:
        click.echo(_text(before, after, comparison, lang))


def _text(old: Rules, new: Rules, comparison: HouseholdComparison | None, lang: str) -> str:
    words = WORDS[lang]
    lines = [f"{words['old']}: {_title(old)}", f"{words['new']}: {_title(new)}", ""]
    cells = cell_changes(old, new)
    lines.append(words["cells"].format(count=len(cells)) + ":" if cells else words["cells"].format(count=0) + ".")
    lines += [f"  {_cell_line(change, lang)}" for change in cells]
    rules = rule_changes(old, new)
    lines += ["", f"{words['rules']}:" if rules else f"{words['rules']}: {words['same']}."]
    lines += [f"  {change.key}: {change.old} → {change.new}" for change in rules]
    if comparison is not None:
        lines += ["", words["household"].format(on=comparison.on.strftime("%d.%m.%Y") if lang == "de"
                                                 else comparison.on.isoformat()) + ":"]
        lines += _household_lines(comparison, lang)
    return "\n".join(lines)


def _title(rules: Rules) -> str:
    start = rules.valid_from.isoformat() if rules.valid_from else "…"
    end = rules.valid_until.isoformat() if rules.valid_until else "…"
    return f"{rules.file} · {rules.model.title} ({start}–{end})"


def _cell_line(change: CellChange, lang: str) -> str:
    words = WORDS[lang]
    where = " · ".join(part for part in (change.table, change.group, change.column) if part)
    if change.kind == "table":
        return f"{where}: {words['present'] if change.old else words['missing']} → " \
               f"{words['present'] if change.new else words['missing']}"
    if change.kind == "bounds":
        return f"{where} · Stufe {change.stufe} · {words['bounds']}: {change.old or words['missing']} → " \
               f"{change.new or words['missing']}"
    old, new = _money(change.old, lang), _money(change.new, lang)
    delta = ""
    if change.old not in (None, UNKNOWN) and change.new not in (None, UNKNOWN):
        difference = Decimal(change.new) - Decimal(change.old)
        delta = f" ({'+' if difference > 0 else ''}{money(amount(difference), lang)})"
    return f"{where} · Stufe {change.stufe}: {old} → {new}{delta}"


def _money(value: str | None, lang: str) -> str:
    if value == UNKNOWN:
        return WORDS[lang]["unknown"]
    return money(value, lang) if value is not None else WORDS[lang]["missing"]


def _household_lines(comparison: HouseholdComparison, lang: str) -> list[str]:
    words = WORDS[lang]
    lines = []
    for label, result in ((words["old"], comparison.old), (words["new"], comparison.new)):
        if isinstance(result, FeeError):
            where = ", ".join(p for p in (result.paragraph, result.location) if p)
            lines.append(f"  {label}: {result.text(lang)}" + (f" ({where})" if where else ""))
            continue
        children = ", ".join(f"{words['child']} {c.number}: {money(amount(c.fee), lang)}" for c in result.children)
        lines.append(f"  {label}: {money(amount(result.total), lang)} ({children})")
        lines += [f"    {'[' + s.paragraph + '] ' if s.paragraph else ''}{render(s, lang)}" for s in result.steps
                  if s.code.startswith(("compare", "sibling", "bracket", "free", "table_fee", "kibiz_50", "max_paid"))]
    if comparison.difference is not None:
        sign = "+" if comparison.difference > 0 else ""
        lines.append(f"  {words['difference']}: {sign}{money(amount(comparison.difference), lang)}")
    return lines


def _json(old: Rules, new: Rules, comparison: HouseholdComparison | None, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "old": {"file": old.file, "key": old.key}, "new": {"file": new.file, "key": new.key},
        "cells": [change.__dict__ for change in cell_changes(old, new)],
        "rules": [change.__dict__ for change in rule_changes(old, new)],
    }
    if comparison is not None:
        data["household"] = {
            "on": comparison.on.isoformat(),
            "old": _result(comparison.old, old, lang), "new": _result(comparison.new, new, lang),
            "difference": amount(comparison.difference) if comparison.difference is not None else None,
        }
    return data


def _result(result: Assessment | FeeError, rules: Rules, lang: str) -> dict[str, Any]:
    return error_to_json(result, lang) if isinstance(result, FeeError) else fee_json(result, rules, lang)
