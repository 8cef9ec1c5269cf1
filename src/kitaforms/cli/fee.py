"""`kitaforms fee KOMMUNE`: the Elternbeitrag for a household, with its explanation; many households from
CSV (`--batch`); the fee table pages of a Kommune's Satzungen (`--report`).

Exit codes: 0 fee given, 1 the Satzung files have errors or lack what the fee needs, 2 invalid input.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click
from tqdm import tqdm

from kitaforms.cli._project import line_reader, project_root
from kitaforms.report import format_text
from kitaforms.satzung.batch import COLUMNS_OUT, assess_batch, group_rows
from kitaforms.satzung.compiled import compile_json
from kitaforms.satzung.engine import amount, assess
from kitaforms.satzung.explain import money, render
from kitaforms.satzung.household import Child, FeeError, FeeInputError, Household
from kitaforms.satzung.jsonio import assessment_to_json, error_to_json
from kitaforms.satzung.model import BENEFITS, CARE_TYPES
from kitaforms.satzung.project import compile_satzungen, kommunen, select
from kitaforms.satzung.report import report_files
from kitaforms.satzung.rules import Rules


def _decimal(ctx: click.Context, param: click.Parameter, value: object) -> object:
    def one(text: str) -> Decimal:
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise click.BadParameter(f"{text!r} is not a number") from None

    if value is None:
        return None
    return tuple(one(v) for v in value) if isinstance(value, tuple) else one(str(value))


def _day(ctx: click.Context, param: click.Parameter, value: object) -> object:
    def one(text: str) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise click.BadParameter(f"{text!r} is not a date YYYY-MM-DD") from None

    if value is None:
        return None
    return tuple(one(v) for v in value) if isinstance(value, tuple) else one(str(value))


@click.command("fee")
@click.argument("kommune")
@click.option("--einkommen", callback=_decimal, metavar="EUR", help="Annual income (self-assessment), EUR.")
@click.option("--stunden", multiple=True, callback=_decimal, metavar="H", help="Booked hours per week (per child).")
@click.option("--geburtsdatum", multiple=True, callback=_day, metavar="YYYY-MM-DD",
              help="Birth date; repeat it (with --stunden, --betreuungsart) for siblings.")
@click.option("--betreuungsart", multiple=True, type=click.Choice(CARE_TYPES), help="Care type (default kita).")
@click.option("--stichtag", callback=_day, metavar="YYYY-MM-DD", help="Reference date (default: today).")
@click.option("--leistung", multiple=True, type=click.Choice(BENEFITS), help="Benefit received (Bürgergeld …).")
@click.option("--ohne-erklaerung", is_flag=True, help="No income statement (highest fee where the Satzung says so).")
@click.option("--wechselmodell", is_flag=True, help="The child lives with both separated parents in turn.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (amounts as strings).")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True)
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="CSV of households.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output CSV for --batch.")
@click.option("--report", type=click.Path(file_okay=False, path_type=Path),
              help="Write the fee table pages (HTML, SVG plots, compiled JSON) into this folder.")
@click.option("--project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The kitaforms project folder.")
def fee_command(kommune: str, einkommen: Decimal | None, stunden: tuple[Decimal, ...],
                geburtsdatum: tuple[date, ...], betreuungsart: tuple[str, ...], stichtag: date | None,
                leistung: tuple[str, ...], ohne_erklaerung: bool, wechselmodell: bool, as_json: bool, lang: str,
                batch: Path | None, out: Path | None, report: Path | None, project: Path) -> None:
    """Compute the monthly Elternbeitrag in KOMMUNE and explain every step with its Satzung paragraph."""
    root = project_root(project)
    rules = _load(root, kommune)
    on = stichtag or date.today()
    if report is not None:
        _write_report(rules, kommune, report)
        return
    if batch is not None:
        _run_batch(rules, kommune, batch, out, on)
        return
    household = _household(einkommen, stunden, geburtsdatum, betreuungsart, leistung, ohne_erklaerung, wechselmodell)
    try:
        result = assess(select(rules, kommune, on), household, on)
    except FeeError as exc:
        _fail(exc, as_json)
    if as_json:
        click.echo(json.dumps(assessment_to_json(result, lang), ensure_ascii=False, indent=2))
    else:
        click.echo(_text(result, select(rules, kommune, on), lang))


def _load(root: Path, kommune: str) -> dict[str, Rules]:
    if kommune not in kommunen(root):
        known = ", ".join(kommunen(root)) or "none"
        raise click.UsageError(f"there are no Satzungen for `{kommune}` in {root / 'satzungen'} (known: {known})")
    rules, diagnostics = compile_satzungen(root)
    own = [d for d in diagnostics if d.location and d.location.file.startswith(f"satzungen/{kommune}/")]
    if any(d.is_error for d in own):
        click.echo(format_text(own, line_reader(root)), err=True, nl=False)
        raise SystemExit(1)
    return rules


def _household(einkommen: Decimal | None, stunden: tuple[Decimal, ...], geburtsdatum: tuple[date, ...],
               betreuungsart: tuple[str, ...], leistung: tuple[str, ...], ohne_erklaerung: bool,
               wechselmodell: bool) -> Household:
    if not geburtsdatum:
        raise click.UsageError("give --geburtsdatum (once per child)")
    if einkommen is None and not ohne_erklaerung:
        raise click.UsageError("give --einkommen (annual income in EUR), or --ohne-erklaerung")
    for name, values in (("--stunden", stunden), ("--betreuungsart", betreuungsart)):
        if len(values) > 1 and len(values) != len(geburtsdatum):
            raise click.UsageError(f"give {name} once, or once per --geburtsdatum")
    children = tuple(
        Child(born, _nth(betreuungsart, i) or "kita", _nth(stunden, i)) for i, born in enumerate(geburtsdatum)
    )
    return Household(children=children, declared_income=einkommen, statement=not ohne_erklaerung,
                     benefits=frozenset(leistung), alternating=wechselmodell)


def _nth(values: tuple, index: int):  # type: ignore[no-untyped-def,type-arg]
    if not values:
        return None
    return values[index] if len(values) > 1 else values[0]


def _fail(error: FeeError, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(error_to_json(error), ensure_ascii=False, indent=2))
    else:
        where = f" ({error.paragraph})" if error.paragraph else ""
        click.echo(f"kitaforms fee: {error.message}{where}", err=True)
    raise SystemExit(2 if isinstance(error, FeeInputError) else 1)


def _text(result, rules: Rules, lang: str) -> str:  # type: ignore[no-untyped-def]
    lines = [f"{rules.model.jugendamt} · {rules.file}", ""]
    for step in result.steps:
        cite = f"[{step.paragraph}] " if step.paragraph else ""
        lines.append(f"  {cite}{render(step, lang)}")
    label = "Monatsbeitrag" if lang == "de" else "Monthly fee"
    lines += ["", f"{label}: {money(amount(result.total), lang)}"]
    if result.meal_total:
        lines.append(("Essensgeld" if lang == "de" else "Meal money") + f": {money(amount(result.meal_total), lang)}")
    return "\n".join(lines)


def _run_batch(rules: dict[str, Rules], kommune: str, source: Path, out: Path | None, on: date) -> None:
    if out is None:
        raise click.UsageError("--batch needs --out")
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    missing = {"haushalt", "einkommen", "geburtsdatum"} - set(rows[0] if rows else ())
    if missing:
        raise click.UsageError(f"{source}: missing columns: {', '.join(sorted(missing))}")
    try:
        pick = _picker(rules, kommune)
        households = list(group_rows(rows, on))
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS_OUT)
            writer.writeheader()
            progress = tqdm(households, unit="Haushalte", file=sys.stderr, disable=None)
            writer.writerows(assess_batch(progress, pick))
    except OSError as exc:
        raise click.UsageError(f"cannot write {out}: {exc.strerror}") from None
    click.echo(f"wrote {out} ({len(households)} households)", err=True)


def _picker(rules: dict[str, Rules], kommune: str):  # type: ignore[no-untyped-def]
    cache: dict[date, Rules] = {}

    def pick(on: date) -> Rules:
        if on not in cache:
            cache[on] = select(rules, kommune, on)
        return cache[on]

    return pick


def _write_report(rules: dict[str, Rules], kommune: str, folder: Path) -> None:
    own = sorted((r for r in rules.values() if r.kommune == kommune), key=lambda r: r.key)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for rule in own:
            for name, content in report_files(rule).items():
                (folder / name).write_text(content, encoding="utf-8")
                click.echo(f"wrote {folder / name}")
            path = folder / f"{rule.key.replace('/', '-')}.json"
            path.write_text(json.dumps(compile_json(rule), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            click.echo(f"wrote {path}")
    except OSError as exc:
        raise click.UsageError(f"cannot write into {folder}: {exc.strerror}") from None


