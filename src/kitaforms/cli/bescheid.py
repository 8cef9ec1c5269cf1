"""`kitaforms bescheid`: the fee notices of the back office (process steps 8 and 10).

``vorlaeufig`` makes the provisional notice of a stored income declaration (``--reference`` from the
store, or ``--submission FILE.json``: the back-office API's submission JSON, or the bare answers with
``--kommune``); ``endgueltig`` settles a provisional decision with the income the clerk verified. Both write
the decision JSON (``--out``, default stdout) and, with ``--pdf``, the notice as PDF/UA. Schema: docs/bescheid.md.

Exit codes: 0 every month has a fee, 1 a month could not be assessed or the definitions have errors
(the decision is written all the same, that month marked), 2 invalid input.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from kitaforms.cli._household import (
    build_household,
    care_plan,
    day_option,
    decimal_option,
    household_options,
    month_option,
)
from kitaforms.cli._project import line_reader, project_root
from kitaforms.report import format_text

_PROJECT = click.option("--project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
                        show_default=True, help="The kitaforms project folder (Satzungen, kommune.yaml).")
_DATUM = click.option("--datum", callback=day_option, metavar="YYYY-MM-DD", help="Date of the notice (default: today).")
_OUT = click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the decision JSON here.")
_PDF = click.option("--pdf", type=click.Path(dir_okay=False, path_type=Path), help="Write the notice as PDF/UA here.")
_LANG = click.option("--lang", type=click.Choice(["de", "en"]),
                     help="Language of the notice (default: the parent's language of the submission).")


@click.group("bescheid")
def bescheid_group() -> None:
    """Provisional and final fee notices (decision JSON + PDF/UA)."""


@bescheid_group.command("vorlaeufig")
@click.option("--submission", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A stored `einkommen` submission as JSON (GET /api/v1/submissions/{ref}), or its bare answers.")
@click.option("--reference", help="The reference of a stored submission (with --db).")
@click.option("--db", envvar="KITAFORMS_DB", show_envvar=True, default="var/kitaforms.sqlite3", show_default=True,
              metavar="PATH|URL", help="The submission store, as for `kitaforms serve`.")
@click.option("--kommune", help="The Kommune (for bare answers or a household given here; a stored submission names it).")
@household_options
@click.option("--von", callback=month_option, metavar="YYYY-MM", help="First month (default: the start of care).")
@click.option("--bis", callback=month_option, metavar="YYYY-MM", help="Last month (default: the July ending that Kita year).")
@click.option("--aktenzeichen", help="File number (default: from the Kommune's aktenzeichen_muster).")
@_DATUM
@_LANG
@_OUT
@_PDF
@_PROJECT
def vorlaeufig_command(submission: Path | None, reference: str | None, db: str, kommune: str | None,
                       einkommen: Decimal | None, stunden: tuple[Decimal, ...], geburtsdatum: tuple[date, ...],
                       betreuungsart: tuple[str, ...], beginn: tuple[date, ...], ende: tuple[date, ...],
                       leistung: tuple[str, ...], ohne_erklaerung: bool, wechselmodell: bool, von: date | None,
                       bis: date | None, aktenzeichen: str | None, datum: date | None, lang: str | None,
                       out: Path | None, pdf: Path | None, project: Path) -> None:
    """The provisional notice of a stored income declaration, from the income as declared.

    The household options (--einkommen, --geburtsdatum with --stunden, --betreuungsart, --beginn, --ende,
    --leistung, --ohne-erklaerung, --wechselmodell) replace what the declaration says; with --kommune and
    without a declaration they describe the whole household."""
    from kitaforms.notice import DeclarationError, case_from_answers, provisional
    from kitaforms.notice.declaration import case_of

    given = (einkommen, stunden, geburtsdatum, betreuungsart, beginn, ende, leistung, ohne_erklaerung, wechselmodell)
    stored = _stored(submission, reference, db, kommune, bool(geburtsdatum))
    sources = _sources(project, stored["kommune"])
    try:
        if stored.get("data") is None:
            household = build_household(*given)
            case = case_of(replace(household, children=(), provisional=True), care_plan(household, ()),
                           [str(n) for n in range(1, len(household.children) + 1)], von, bis)
        else:
            case = _override(case_from_answers(stored["data"], first=von, last=bis, income=einkommen), given)
    except DeclarationError as exc:
        raise click.UsageError(f"the declaration cannot be assessed: {exc.detail} ({exc.code})") from None
    decision = provisional(sources.satzungen, case, sources.kommune, issued=datum or date.today(),
                           lang=lang or stored.get("lang") or "de", reference=stored.get("reference"),
                           received_at=stored.get("received_at"), aktenzeichen=aktenzeichen)
    _write(decision, out, pdf)


@bescheid_group.command("endgueltig")
@click.option("--vorlaeufig", "earlier", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The provisional decision JSON (`kitaforms bescheid vorlaeufig --out`).")
@click.option("--einkommen", required=True, callback=decimal_option, metavar="EUR",
              help="The yearly income as verified (tax assessment or other proofs), as the Satzung counts it.")
@_DATUM
@_LANG
@_OUT
@_PDF
@_PROJECT
def endgueltig_command(earlier: Path, einkommen: Decimal, datum: date | None, lang: str | None, out: Path | None,
                       pdf: Path | None, project: Path) -> None:
    """The final notice: the months again with the verified income, and the difference of every month."""
    from kitaforms.notice import DecisionError, final

    decision = _read_json(earlier)
    kommune = (decision.get("kommune") or {}).get("id") if isinstance(decision, dict) else None
    if not kommune:
        raise click.UsageError(f"{earlier}: not a decision of `kitaforms bescheid vorlaeufig`")
    sources = _sources(project, kommune)
    try:
        settled = final(decision, sources.satzungen, einkommen, sources.kommune, issued=datum or date.today(),
                        lang=lang)
    except DecisionError as exc:
        raise click.UsageError(f"{earlier}: {exc}") from None
    _write(settled, out, pdf)


def _override(case: Any, given: tuple[Any, ...]) -> Any:
    """The declaration's case with what the command line says instead."""
    stunden, geburtsdatum, betreuungsart, beginn, ende, leistung, ohne_erklaerung, wechselmodell = given[1:]
    household = case.household
    if leistung:
        household = replace(household, benefits=frozenset(leistung))
    if ohne_erklaerung:
        household = replace(household, statement=False, incomes=(), declared_income=None)
    if wechselmodell:
        household = replace(household, alternating=True)
    case = replace(case, household=household)
    if geburtsdatum:
        children = build_household(Decimal(0), stunden, geburtsdatum, betreuungsart, beginn, ende, (), False, False)
        care = tuple(care_plan(children, ()))
        case = replace(case, care=care, names=tuple(str(n) for n in range(1, len(care) + 1)))
    return case


def _stored(submission: Path | None, reference: str | None, db: str, kommune: str | None,
            household: bool = False) -> dict[str, Any]:
    if submission is None and reference is None and household and kommune:
        return {"kommune": kommune, "data": None}
    if (submission is None) == (reference is None):
        raise click.UsageError("give --submission FILE.json or --reference R (with --db), or --kommune with the "
                               "household (--geburtsdatum, --einkommen …)")
    if reference is not None:
        return _from_store(db, reference)
    data = _read_json(submission)  # type: ignore[arg-type]
    if isinstance(data, dict) and isinstance(data.get("data"), dict):
        if data.get("form") not in (None, "einkommen"):
            raise click.UsageError(f"{submission}: a notice is made from an `einkommen` declaration, not `{data['form']}`")
        return data
    if not kommune:
        raise click.UsageError("bare answers need --kommune")
    return {"kommune": kommune, "data": data}


def _from_store(db: str, reference: str) -> dict[str, Any]:
    from kitaforms.store import StoreError, open_store

    try:
        store = open_store(db)
    except StoreError as exc:
        raise click.ClickException(f"{exc}. Give the store of `kitaforms serve` with --db (or KITAFORMS_DB).") from None
    try:
        row = store.submission(reference)
    finally:
        store.close()
    if row is None or row.form != "einkommen":
        raise click.UsageError(f"there is no `einkommen` submission {reference!r} in {db}")
    return row.as_json()


def _sources(project: Path, kommune: str) -> Any:
    from kitaforms.notice.project import notice_sources

    root = project_root(project)
    sources = notice_sources(root, kommune)
    if sources.diagnostics and any(d.is_error for d in sources.diagnostics):
        click.echo(format_text(sources.diagnostics, line_reader(root)), err=True, nl=False)
        raise SystemExit(1)
    if sources.kommune is None or not sources.satzungen:
        raise click.UsageError(f"`{kommune}` needs forms/{kommune}/kommune.yaml and Satzungen in satzungen/{kommune}/")
    return sources


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise click.UsageError(f"{path}: cannot read JSON: {exc}") from None


def _write(decision: dict[str, Any], out: Path | None, pdf: Path | None) -> None:
    text = json.dumps(decision, ensure_ascii=False, indent=2) + "\n"
    try:
        if out is None:
            click.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
            click.echo(f"wrote {out}", err=True)
        if pdf is not None:
            from kitaforms.documents.bescheid import bescheid_pdf

            pdf.write_bytes(bescheid_pdf(decision))
            click.echo(f"wrote {pdf}", err=True)
    except OSError as exc:
        raise click.UsageError(f"cannot write: {exc.strerror}") from None
    if not decision["complete"]:
        open_months = [m["month"] for m in decision["months"] if m["fee"] is None and m.get("error")]
        click.echo(f"no fee determined for {', '.join(open_months)}: see the months' errors", err=True)
        raise SystemExit(1)
