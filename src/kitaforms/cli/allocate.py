"""`kitaforms allocate KOMMUNE`: one allocation round from stored registrations, the Kommune's criteria
(`forms/<kommune>/vergabe.yaml`) and places (`kapazitaeten.yaml`).

Exit codes: 0 the round was allocated, 1 the definitions have errors, 2 an input file cannot be used.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from kitaforms.allocate.check import check_capacities
from kitaforms.allocate.model import Capacities
from kitaforms.allocate.registrations import InputError, read_registrations
from kitaforms.allocate.rounds import Carried, carry, read_answers, read_previous
from kitaforms.allocate.run import RoundInput, allocate
from kitaforms.allocate.text import render_text
from kitaforms.cli._project import line_reader, project_root
from kitaforms.compiler import CompileResult, compile_project
from kitaforms.diagnostics import DefinitionError, Diagnostic
from kitaforms.load.project import ALLOCATION_CODES, KommuneSources, Loaded, display_path
from kitaforms.load.yaml_source import load_file
from kitaforms.model.parse import parse_model
from kitaforms.report import format_text

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


@click.command("allocate")
@click.argument("kommune")
@click.option("--registrations", required=True, type=_FILE,
              help="The registrations: the admin export as JSON Lines (one submission per line) or a JSON array.")
@click.option("--previous", type=_FILE, help="The output (JSON) of the previous round of this allocation.")
@click.option("--answers", type=_FILE, help="The families' answers to the previous round's offers (JSON or CSV).")
@click.option("--capacities", type=_FILE, help="Places to use instead of forms/<kommune>/kapazitaeten.yaml.")
@click.option("--date", "day", callback=_day, metavar="YYYY-MM-DD",
              help="The day of the round; deadlines count from it (default: today).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the result (JSON) to this file.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="What to print: a table for clerks, or the result JSON.")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True)
@click.option("--project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The kitaforms project folder.")
def allocate_command(kommune: str, registrations: Path, previous: Path | None, answers: Path | None,
                     capacities: Path | None, day: date, out: Path | None, output: str, lang: str,
                     project: Path) -> None:
    """Allocate the places of KOMMUNE in one round (deferred acceptance, facilities proposing)."""
    root = project_root(project)
    compiled = compile_project(root, [kommune])
    sources = _sources(compiled, kommune)
    places = _capacities(root, sources, capacities)
    _stop_on_errors(root, compiled, kommune, places)
    try:
        inputs = _inputs(compiled, sources, places, registrations, previous, answers, day)
    except InputError as exc:
        click.echo(f"kitaforms allocate: {exc}", err=True)
        raise SystemExit(2) from None
    document = allocate(inputs).document
    text = json.dumps(document, ensure_ascii=False, indent=2, default=_plain) + "\n"
    if out is not None:
        _write(out, text)
    click.echo(text if output == "json" else render_text(document, lang), nl=False)


def _sources(compiled: CompileResult, kommune: str) -> KommuneSources:
    sources = compiled.project.kommunen.get(kommune)
    if sources is None:
        known = ", ".join(sorted(compiled.project.kommunen)) or "none"
        raise click.UsageError(f"there is no Kommune `{kommune}` in forms/ (known: {known})")
    return sources


def _capacities(root: Path, sources: KommuneSources, path: Path | None) -> tuple[Loaded[Capacities] | None,
                                                                                   list[Diagnostic]]:
    """The places: the project's file, or the one given (loaded and checked the same way)."""
    if path is None:
        return sources.capacities, []
    try:
        document = load_file(path, display_path(path, root))
    except DefinitionError as exc:
        return None, list(exc.diagnostics)
    model, problems = parse_model(document, Capacities, ALLOCATION_CODES)
    if model is None:
        return None, problems
    loaded = Loaded(document, model)
    catalogue = sources.facilities.model if sources.facilities else None
    return loaded, list(check_capacities(loaded, catalogue))


def _stop_on_errors(root: Path, compiled: CompileResult, kommune: str,
                    places: tuple[Loaded[Capacities] | None, list[Diagnostic]]) -> None:
    own = [d for d in compiled.diagnostics.sorted() if d.is_error and _concerns(d, kommune)] + places[1]
    if any(d.is_error for d in own):
        click.echo(format_text([d for d in own if d.is_error], line_reader(root)), err=True, nl=False)
        raise SystemExit(1)
    sources = compiled.project.kommunen[kommune]
    for name, loaded in (("vergabe.yaml", sources.criteria), ("kapazitaeten.yaml", places[0])):
        if loaded is None:
            raise click.UsageError(f"forms/{kommune}/{name} is missing; see docs/allocation.md")


def _concerns(diagnostic: Diagnostic, kommune: str) -> bool:
    location = diagnostic.location
    return location is None or location.file.startswith((f"forms/{kommune}/", "forms/nrw/"))


def _inputs(compiled: CompileResult, sources: KommuneSources, places: tuple[Loaded[Capacities] | None, Any],
            registrations: Path, previous: Path | None, answers: Path | None, day: date) -> RoundInput:
    assert sources.criteria is not None and places[0] is not None
    criteria = sources.criteria
    text = _read(registrations)
    carried, recorded = _carried(sources.id, previous, answers, day)
    record = {
        "criteria": _source(criteria.document.file, criteria.document.text),
        "capacities": _source(places[0].document.file, places[0].document.text),
        "registrations": {"sha256": _sha(text)}, **recorded,
    }
    return RoundInput(sources.id, compiled.forms[f"{sources.id}/{criteria.model.form}"], criteria.model,
                      places[0].model, read_registrations(text, registrations.name), day, carried, record)


def _carried(kommune: str, previous: Path | None, answers: Path | None, day: date) -> tuple[Carried, dict[str, Any]]:
    if previous is None:
        if answers is not None:
            raise click.UsageError("--answers needs --previous (the round the answers are for)")
        return Carried(), {}
    before = _read(previous)
    given = _read(answers) if answers is not None else ""
    found = read_answers(given, answers.name) if answers is not None else {}
    carried = carry(read_previous(before, previous.name, kommune), found, day, answers.name if answers else previous.name)
    recorded = {"previous": {"sha256": _sha(before)}}
    if answers is not None:
        recorded["answers"] = {"sha256": _sha(given)}
    return carried, recorded


def _source(file: str, text: str) -> dict[str, str]:
    return {"file": file, "sha256": _sha(text)}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.UsageError(f"cannot read {path}: {exc}") from None


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise click.UsageError(f"cannot write {path}: {exc.strerror}") from None


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
