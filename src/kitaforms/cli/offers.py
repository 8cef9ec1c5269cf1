"""`kitaforms offers`: a round's offers into the form server's store, and the families' answers back.

    kitaforms offers load KOMMUNE --round runde-1.json [--registrations export.jsonl] --base-url https://…
                                  [--out links.csv]          the new offers' secret links, once (CSV)
    kitaforms offers answers KOMMUNE [--round N] [--date YYYY-MM-DD] [--out antworten.json]
                                                             the file `kitaforms allocate --answers` reads

The same as the back-office API (``POST /api/v1/offers``, ``GET /api/v1/offers/answers``), on the store of
`kitaforms serve` (``--db``, ``KITAFORMS_DB``), for rounds too large to post or clerks without a token. The
facility catalogue comes from the project (``--project``). Exit codes: 0 done, 2 an input cannot be used.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import click

from kitaforms.cli.admin import _db_option, _store

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group("offers")
def offers_group() -> None:
    """Offers of the allocation rounds on the form server: load a round, read the answers."""


@offers_group.command("load")
@click.argument("kommune")
@click.option("--round", "round_file", required=True, type=_FILE, help="The round: the output of `kitaforms allocate --out`.")
@click.option("--registrations", type=_FILE, help="The admin export the round was allocated from (JSON Lines or an "
              "array), for registrations the store no longer keeps.")
@click.option("--base-url", required=True, help="The address of the form server as families reach it, e.g. "
              "https://kita.example.de (the links are <base-url>/offers/<secret>).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the links (CSV) to this file.")
@click.option("--project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The project folder (for the facility catalogue).")
@_db_option
def load_command(kommune: str, round_file: Path, registrations: Path | None, base_url: str, out: Path | None,
                 project: Path, db: str) -> None:
    """Keep the new offers of a round and print each one's secret link once (CSV: offer, reference, deadline, link)."""
    from kitaforms.allocate.offers import read_round
    from kitaforms.allocate.registrations import InputError, loads, read_registrations
    from kitaforms.cli._project import project_root
    from kitaforms.load.project import load_project
    from kitaforms.serve.offers import keep_round, prepare_round, registration_form

    try:
        document = dict(read_round(loads(_read(round_file), round_file.name), round_file.name))
        given = None
        if registrations is not None:
            found = read_registrations(_read(registrations), registrations.name)
            form = registration_form(document)
            given = {r.reference: dict(r.data) for r in found if r.kommune in (None, kommune) and r.form in (None, form)}
    except InputError as exc:
        click.echo(f"kitaforms offers: {exc}", err=True)
        raise SystemExit(2) from None
    if document["kommune"] != kommune:
        raise click.UsageError(f"{round_file} is a round of `{document['kommune']}`, not of `{kommune}`")
    sources = load_project(project_root(project), [kommune]).kommunen.get(kommune)
    if sources is None or sources.facilities is None:
        raise click.UsageError(f"forms/{kommune}/einrichtungen.yaml is missing or has errors (`kitaforms validate`)")
    with _store(db) as store:
        prepared = prepare_round(store, document, given, sources.facilities.model)
        links, kept = keep_round(store, prepared, "cli")
    text = _links_csv(prepared.records, links, kept, base_url.rstrip("/"))
    if out is not None:
        out.write_text(text, encoding="utf-8", newline="")
    else:
        click.echo(text, nl=False)
    click.echo(f"Offers of round {prepared.round}: {len(kept)} loaded now, {len(prepared.records) - len(kept)} loaded "
               f"before (their links stay as they were), {len(prepared.not_loaded)} not loaded"
               + "".join(f"\n  {n['offer']} ({n['reference']}): {n['reason']}" for n in prepared.not_loaded)
               + ("\nThe links are shown only now: the store keeps their hashes." if kept else ""), err=True)


def _links_csv(records: list[dict[str, object]], links: dict[str, str], kept: set[str], base: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["offer", "reference", "deadline", "link"])
    for record in records:
        if record["id"] in kept:
            writer.writerow([record["id"], record["reference"], record["deadline"], f"{base}/offers/{links[str(record['id'])]}"])
    return buffer.getvalue()


@offers_group.command("answers")
@click.argument("kommune")
@click.option("--round", "round_no", type=click.IntRange(1), help="The round the answers are for (default: the newest loaded).")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day the answers are read on (deadlines; default: today).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the answers (JSON) to this file.")
@_db_option
def answers_command(kommune: str, round_no: int | None, day: str | None, out: Path | None, db: str) -> None:
    """The families' answers to the offers a round holds, for `kitaforms allocate --answers`."""
    from datetime import UTC, datetime

    from kitaforms.allocate.offers import Answered, answers_document, local_day

    try:
        on = date.fromisoformat(day) if day else local_day(datetime.now(UTC))
    except ValueError:
        raise click.BadParameter(f"{day!r} is not a date YYYY-MM-DD", param_hint="--date") from None
    with _store(db) as store:
        number = round_no or store.latest_round(kommune)
        offers = store.offers_of(kommune, number) if number else []
    if not number:
        raise click.UsageError(f"the store has no offers of `{kommune}`: load a round first (`kitaforms offers load`)")
    document = answers_document(kommune, number, [Answered(o.id, o.status, o.deadline) for o in offers], on)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if out is not None:
        out.write_text(text, encoding="utf-8", newline="\n")
    else:
        click.echo(text, nl=False)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.UsageError(f"cannot read {path}: {exc}") from None
