"""`kitaforms fee KOMMUNE`: the Elternbeitrag for a household, with its explanation; the fee of every month of a
care period (`--von`/`--bis`); many households from CSV (`--batch`); the fee table pages of a Kommune's
Satzungen (`--report`). `--satzung FILE` computes with a file outside ``satzungen/`` (a draft), which takes
precedence over the Kommune's files on the days it covers.

Exit codes: 0 fee given, 1 the Satzung files have errors or lack what the fee needs, 2 invalid input.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import click
from tqdm import tqdm

from kitaforms.cli._household import (
    build_household,
    care_plan,
    change_option,
    day_option,
    household_options,
    load_files,
    month_option,
)
from kitaforms.cli._project import line_reader, project_root
from kitaforms.report import format_blocks, format_text
from kitaforms.satzung.batch import COLUMNS_OUT, assess_batch, group_rows
from kitaforms.satzung.compiled import compile_json
from kitaforms.satzung.engine import amount, assess
from kitaforms.satzung.explain import money, render
from kitaforms.satzung.household import Assessment, FeeError, FeeInputError, Household, Step
from kitaforms.satzung.jsonio import error_to_json, fee_json, timeline_json
from kitaforms.satzung.project import compile_satzungen, kommunen
from kitaforms.satzung.report import report_files
from kitaforms.satzung.rules import Rules
from kitaforms.satzung.timeline import CareChange, MonthFee, Timeline, changes, choose, timeline

LABELS = {
    "de": {"monthly": "Monatsbeitrag", "meals": "Essensgeld", "month": "Monat", "satzung": "Satzung",
           "child": "Kind", "total": "Summe", "open": "nicht ermittelt", "none": "–",
           "period": "Beiträge {first} bis {last}", "notes": "Erläuterungen (Monate mit Änderungen)",
           "missing": "ohne {count} Monat(e), für die kein Beitrag ermittelt wurde"},
    "en": {"monthly": "Monthly fee", "meals": "Meal money", "month": "Month", "satzung": "Satzung",
           "child": "Child", "total": "Total", "open": "not determined", "none": "–",
           "period": "Fees {first} to {last}", "notes": "Explanation (months with changes)",
           "missing": "without {count} month(s) for which no fee was determined"},
}


@click.command("fee")
@click.argument("kommune", required=False)
@household_options
@click.option("--aenderung", multiple=True, callback=change_option, metavar="KIND:YYYY-MM:WERT",
              help="From a month on, child KIND books other hours or another care type: `1:2026-01:35`, "
              "`2:2026-08:ogs` (with --von/--bis).")
@click.option("--stichtag", callback=day_option, metavar="YYYY-MM-DD", help="Reference date (default: today).")
@click.option("--von", callback=month_option, metavar="YYYY-MM", help="First month of a timeline (with --bis).")
@click.option("--bis", callback=month_option, metavar="YYYY-MM", help="Last month of a timeline (with --von).")
@click.option("--satzung", "satzung_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A Satzung file to compute with (e.g. a draft); on the days it covers it takes precedence over "
              "the Kommune's files. Without KOMMUNE only these files are used.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (amounts as strings).")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True)
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="CSV of households.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output CSV for --batch.")
@click.option("--report", type=click.Path(file_okay=False, path_type=Path),
              help="Write the fee table pages (HTML, SVG plots, compiled JSON) into this folder.")
@click.option("--project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The kitaforms project folder.")
def fee_command(kommune: str | None, einkommen: Decimal | None, stunden: tuple[Decimal, ...],
                geburtsdatum: tuple[date, ...], betreuungsart: tuple[str, ...], beginn: tuple[date, ...],
                ende: tuple[date, ...], leistung: tuple[str, ...], ohne_erklaerung: bool, wechselmodell: bool,
                aenderung: tuple[tuple[int, CareChange], ...], stichtag: date | None, von: date | None,
                bis: date | None, satzung_files: tuple[Path, ...], as_json: bool, lang: str, batch: Path | None,
                out: Path | None, report: Path | None, project: Path) -> None:
    """Compute the monthly Elternbeitrag in KOMMUNE and explain every step with its Satzung paragraph."""
    root = project_root(project)
    candidates = _candidates(root, kommune, satzung_files, lang)
    on = stichtag or date.today()
    if report is not None:
        _write_report(candidates, report)
        return
    if batch is not None:
        _run_batch(candidates, batch, out, on)
        return
    household = build_household(einkommen, stunden, geburtsdatum, betreuungsart, beginn, ende, leistung,
                                ohne_erklaerung, wechselmodell)
    if (von is None) != (bis is None):
        raise click.UsageError("give --von and --bis together (first and last month, YYYY-MM)")
    if von is not None and bis is not None:
        _run_timeline(candidates, household, von, bis, aenderung, as_json, lang)
        return
    if aenderung:
        raise click.UsageError("--aenderung needs a period: give --von and --bis")
    _run_single(candidates, household, on, as_json, lang)


def _candidates(root: Path, kommune: str | None, files: tuple[Path, ...], lang: str = "de") -> list[Rules]:
    """The Satzungen to choose from, drafts first (they take precedence on the days they cover)."""
    if kommune is None and not files:
        raise click.UsageError("name the KOMMUNE, or give --satzung FILE")
    drafts = load_files(files, root, kommune) if files else []
    own = _load(root, kommune, lang) if kommune is not None else []
    return [*drafts, *sorted(own, key=lambda r: r.key)]


def _load(root: Path, kommune: str, lang: str = "de") -> list[Rules]:
    if kommune not in kommunen(root):
        known = ", ".join(kommunen(root)) or "none"
        raise click.UsageError(f"there are no Satzungen for `{kommune}` in {root / 'satzungen'} (known: {known})")
    rules, diagnostics = compile_satzungen(root)
    own = [d for d in diagnostics if d.location and d.location.file.startswith(f"satzungen/{kommune}/")]
    if any(d.is_error for d in own):
        click.echo(format_text(own, line_reader(root)), err=True, nl=False)
        raise SystemExit(1)
    todos = [d for d in own if d.code.startswith("TODO_")]
    if todos:  # a copied or unfinished Satzung: say so before any amount
        click.echo(format_blocks(todos, line_reader(root), lang=lang).rstrip("\n"), err=True)
    return [r for r in rules.values() if r.kommune == kommune]


def _run_single(candidates: list[Rules], household: Household, on: date, as_json: bool, lang: str) -> None:
    try:
        rules = choose(candidates, on)
        result = assess(rules, household, on, detail=True)
    except FeeError as exc:
        _fail(exc, as_json, lang)
    if as_json:
        click.echo(json.dumps(fee_json(result, rules, lang), ensure_ascii=False, indent=2))
    else:
        click.echo(_text(result, rules, lang))


def _fail(error: FeeError, as_json: bool, lang: str) -> None:
    if as_json:
        click.echo(json.dumps(error_to_json(error, lang), ensure_ascii=False, indent=2))
    else:
        click.echo(f"kitaforms fee: {_error_line(error, lang)}", err=True)
    raise SystemExit(_exit_code([error]))


def _error_line(error: FeeError, lang: str) -> str:
    where = ", ".join(part for part in (error.paragraph, error.location) if part)
    return error.text(lang) + (f" ({where})" if where else "")


def _exit_code(errors: list[FeeError]) -> int:
    return 2 if any(isinstance(e, FeeInputError) for e in errors) else 1 if errors else 0


def _text(result: Assessment, rules: Rules, lang: str) -> str:
    lines = [f"{rules.model.jugendamt} · {rules.file}", ""]
    lines += [_step_line(step, lang) for step in result.steps]
    words = LABELS[lang]
    lines += ["", f"{words['monthly']}: {money(amount(result.total), lang)}"]
    if result.meal_total:
        lines.append(f"{words['meals']}: {money(amount(result.meal_total), lang)}")
    return "\n".join(lines)


def _step_line(step: Step, lang: str) -> str:
    cite = f"[{step.paragraph}] " if step.paragraph else ""
    return f"  {cite}{render(step, lang)}"


# --- timeline ------------------------------------------------------------------------------------


def _run_timeline(candidates: list[Rules], household: Household, first: date, last: date,
                  changes: tuple[tuple[int, CareChange], ...], as_json: bool, lang: str) -> None:
    try:
        result = timeline(candidates, household, first, last, care_plan(household, changes))
    except FeeError as exc:
        _fail(exc, as_json, lang)
    if as_json:
        click.echo(json.dumps(timeline_json(result, lang), ensure_ascii=False, indent=2))
    else:
        click.echo(_timeline_text(result, candidates, lang))
    code = _exit_code([m.error for m in result.errors if m.error is not None])
    if code:
        raise SystemExit(code)


def _timeline_text(result: Timeline, candidates: list[Rules], lang: str) -> str:
    words = LABELS[lang]
    title = words["period"].format(first=_month(result.first), last=_month(result.last))
    lines = [f"{candidates[0].model.jugendamt} · {title}", ""]
    rows = [[words["month"], words["satzung"], *(f"{words['child']} {n}" for n in range(1, result.children + 1)),
             words["total"]]]
    rows += [_month_row(month, result.children, lang) for month in result.months]
    rows.append([words["total"], "", *(money(amount(t), lang) for t in result.child_totals),
                 money(amount(result.total), lang)])
    lines += _table(rows)
    if not result.complete:
        lines.append("(" + words["missing"].format(count=len(result.errors)) + ")")
    for month in result.errors:
        assert month.error is not None
        lines.append(f"{_month(month.month)}: {words['open']}: {_error_line(month.error, lang)}")
    lines += ["", words["notes"] + ":"]
    lines += _notes(result, lang)
    return "\n".join(lines)


def _month(day: date) -> str:
    return f"{day.month:02d}/{day.year}"


def _month_row(month: MonthFee, children: int, lang: str) -> list[str]:
    words = LABELS[lang]
    key = month.rules.key if month.rules else ""
    if month.error is not None:
        return [_month(month.month), key, *([words["open"]] * children), words["open"]]
    fees = []
    for number in range(1, children + 1):
        fee = month.fee_of(number)
        fees.append(money(amount(fee), lang) if number in month.in_care and fee is not None else words["none"])
    return [_month(month.month), key, *fees, money(amount(month.total), lang)]


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths,
            strict=True))).rstrip() for row in rows]


def _notes(result: Timeline, lang: str) -> list[str]:
    """The explanation of the months in which something changed (:func:`changes`)."""
    lines: list[str] = []
    for month, steps in changes(result):
        lines.append(f"{_month(month.month)}:")
        lines += [_step_line(step, lang) for step in steps]
    return lines


# --- batch and report ----------------------------------------------------------------------------


def _run_batch(candidates: list[Rules], source: Path, out: Path | None, on: date) -> None:
    if out is None:
        raise click.UsageError("--batch needs --out")
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    missing = {"haushalt", "einkommen", "geburtsdatum"} - set(rows[0] if rows else ())
    if missing:
        raise click.UsageError(f"{source}: missing columns: {', '.join(sorted(missing))}")
    try:
        pick = _picker(candidates)
        households = list(group_rows(rows, on))
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS_OUT)
            writer.writeheader()
            progress = tqdm(households, unit="Haushalte", file=sys.stderr, disable=None)
            writer.writerows(assess_batch(progress, pick))
    except OSError as exc:
        raise click.UsageError(f"cannot write {out}: {exc.strerror}") from None
    click.echo(f"wrote {out} ({len(households)} households)", err=True)


def _picker(candidates: list[Rules]):  # type: ignore[no-untyped-def]
    cache: dict[date, Rules] = {}

    def pick(on: date) -> Rules:
        if on not in cache:
            cache[on] = choose(candidates, on)
        return cache[on]

    return pick


def _write_report(candidates: list[Rules], folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for rule in candidates:
            for name, content in report_files(rule).items():
                (folder / name).write_text(content, encoding="utf-8")
                click.echo(f"wrote {folder / name}")
            path = folder / f"{rule.key.replace('/', '-')}.json"
            path.write_text(json.dumps(compile_json(rule), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            click.echo(f"wrote {path}")
    except OSError as exc:
        raise click.UsageError(f"cannot write into {folder}: {exc.strerror}") from None
