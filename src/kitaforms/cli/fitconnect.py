"""`kitaforms fitconnect pack SUBMISSION --bundle DIR [--key JWK] [--attachment FILE …]`.

Checks SUBMISSION as the form server does (schema + rules), matches the files given with
``--attachment`` to its file answers, and writes the FIT-Connect parts to ``--out`` (default
``<submission>.fitconnect/``): ``data.json`` (the submission's exact bytes, the Fachdaten),
``metadata.json`` (Metadatensatz 1.0.0, valid against the official schema),
``submission-request.json`` (the body of ``POST /v1/submissions``) and, with ``--key``,
``data.jwe``, ``metadata.jwe`` and ``attachments/<attachmentId>.jwe`` (JWE compact, nothing after
the token). Everything is made in memory and written to a temporary folder beside the target,
which is moved into place at the end: on any error nothing is written.

Exit codes: 0 written; 1 the submission or its files do not fit (schema or rule errors, a file
answer without its file, a file no answer names); 2 usage or set-up (the bundle, the key, a form
without LeiKa key, ``--out`` exists without ``--force`` or lies inside the bundle, a placeholder
schema address with ``--strict``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from kitaforms.export._json import loads

BOM = b"\xef\xbb\xbf"


@click.group("fitconnect")
def fitconnect_group() -> None:
    """FIT-Connect: metadata and encryption for submissions."""


@fitconnect_group.command("pack")
@click.argument("submission", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--bundle", "bundle_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The bundle folder the submission belongs to (<ags>-<kommune>/<form>/<version>).")
@click.option("--key", "key_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The destination's public encryption key as FIT-Connect publishes it (JWK: RSA ≥ 4096 bits, kid, "
                   "alg RSA-OAEP-256, key_ops [\"wrapKey\"]).")
@click.option("--attachment", "attachment_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file the submission's file answers name (same name and sha256); repeatable.")
@click.option("--form-pdf", "form_pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A PDF of the whole application, sent with purpose 'form'.")
@click.option("--leika", default=None, help="Which of the form's LeiKa services to name (default: the first).")
@click.option("--destination", default=None, help="The destination id, put into submission-request.json.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.option("--strict", is_flag=True,
              help="Refuse a bundle whose schema address is a placeholder or local host (else: a warning).")
@click.option("--reply-email", default=None, help="Reply channel: the citizen's e-mail address.")
@click.option("--reference", default=None, help="The sender's reference (e.g. the form server's reference number).")
@click.option("--date", "application_date", default=None, help="Application date YYYY-MM-DD (and the day rules are checked on).")
def pack_command(submission: Path, bundle_dir: Path, key_file: Path | None, attachment_files: tuple[Path, ...],
                 form_pdf: Path | None, leika: str | None, destination: str | None, out: Path | None, force: bool,
                 strict: bool, reply_email: str | None, reference: str | None, application_date: str | None) -> None:
    """Check SUBMISSION against its bundle and write the FIT-Connect parts."""
    from kitaforms.export import fitconnect

    day = _date(application_date)
    target = (out or submission.with_name(submission.stem + ".fitconnect")).absolute()
    if target.exists() and not force:
        _fail(2, [f"{target}: already exists; choose another --out or pass --force to replace it"])
    bundle = _bundle(bundle_dir)
    if target.resolve().is_relative_to(bundle_dir.resolve()):
        _fail(2, [f"{target}: lies inside the bundle {bundle_dir}, whose manifest lists every file; choose --out elsewhere"])
    form_data = loads(bundle.files["form.json"])
    try:
        fitconnect.service(bundle.manifest, form_data, leika)
    except fitconnect.PackError as exc:
        _fail(2, [_located(problem, bundle_dir, submission) for problem in exc.problems])
    schema_uri = bundle.manifest["schema"]["$id"]
    placeholder = fitconnect.schema_address_problem(schema_uri)
    if placeholder:
        advice = ("FIT-Connect receivers look the schemaUri up in their destination's configuration; build the bundles "
                  "with `kitaforms build --base-url https://<where they are published>`")
        if strict:
            _fail(2, [f"{bundle_dir / 'manifest.json'}: schema $id {placeholder}; {advice}"])
        click.echo(f"warning: {bundle_dir / 'manifest.json'}: schema $id {placeholder}; {advice} "
                   "(--strict refuses this)", err=True)
    jwk = _read_key(key_file) if key_file is not None else None

    raw = submission.read_bytes()
    if raw.startswith(BOM):
        _fail(1, [f"{submission}: starts with a byte-order mark; JSON sent to FIT-Connect must be plain UTF-8 (RFC 8259 § 8.1)"])
    try:
        data = loads(raw)
    except ValueError as exc:
        _fail(1, [f"{submission}: is not JSON: {exc}"])
    verdict = bundle.validator.validate(data, day or date.today())
    if not verdict.ok:
        _fail(1, [f"{submission}: {error.path or '(submission)'}: {error.code}: {error.message.get('de')}"
                  for error in verdict.errors])
    given = [fitconnect.File(path.name, path.read_bytes(), str(path)) for path in attachment_files]
    pdf = fitconnect.File(form_pdf.name, form_pdf.read_bytes(), str(form_pdf)) if form_pdf is not None else None
    try:
        packed = fitconnect.pack(bundle.manifest, bundle.schema, raw, data, given, form_pdf=pdf, form_data=form_data,
                                 leika=leika, reply_email=reply_email, sender_reference=reference, application_date=day)
    except fitconnect.PackError as exc:
        _fail(1, [_located(problem, None, submission) for problem in exc.problems])
    try:
        outputs = packed.files(jwk, destination)
    except fitconnect.PackError as exc:
        _fail(2, [f"{key_file}: {problem.message}" for problem in exc.problems])
    _write_all(target, outputs, force)
    named = ", ".join(f"{a.filename} ({a.purpose})" for a in packed.attachments) or "no attachments"
    click.echo(f"wrote {target}: {', '.join(sorted(outputs))}")
    click.echo(f"service {packed.service.identifier} ({packed.service.name}); schema {schema_uri}; {named}")


def _located(problem: Any, folder: Path | None, submission: Path) -> str:
    """``file: where: message``: bundle files under ``folder``, no file = the submission."""
    file = (str(folder / problem.file) if folder is not None else problem.file) if problem.file else str(submission)
    if problem.file is None and problem.where.startswith("--"):
        file = ""
    return ": ".join(part for part in (file, problem.where, problem.message) if part)


def _fail(code: int, lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(f"error: {line}", err=True)
    raise SystemExit(code)


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.UsageError(f"--date must be YYYY-MM-DD, not {text!r}") from None


def _bundle(folder: Path):  # type: ignore[no-untyped-def]
    from kitaforms.serve.catalogue import load_catalogue, read_tree

    folder = folder.resolve()
    if len(folder.parents) < 3:
        _fail(2, [f"{folder}: is not a bundle folder (<ags>-<kommune>/<form>/<version>)"])
    prefix = folder.relative_to(folder.parents[2]).as_posix() + "/"
    catalogue = load_catalogue({prefix + path: content for path, content in read_tree(folder).items()})
    bundles = catalogue.bundles()
    if len(bundles) != 1:
        _fail(2, [f"{folder}: is not a valid bundle: {'; '.join(catalogue.problems) or 'no manifest.json'}"])
    return bundles[0]


def _read_key(path: Path) -> dict[str, Any]:
    from kitaforms.export import fitconnect

    try:
        jwk = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        _fail(2, [f"{path}: is not a JWK (JSON): {exc}"])
    problems = fitconnect.check_key(jwk)
    if problems:
        _fail(2, [f"{path}: {problem}" for problem in problems])
    return dict(jwk)


def _write_all(target: Path, outputs: dict[str, bytes], force: bool) -> None:
    """Write ``outputs`` into a temporary folder beside ``target`` and move it into place.

    On any failure the temporary folder, and any parent folder made for ``target``, is removed and
    an existing ``target`` (with ``--force``) is put back.
    """
    missing = [folder for folder in [target.parent, *target.parent.parents] if not folder.exists()]
    anchor = missing[-1].parent if missing else target.parent
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=anchor))
    old: Path | None = None
    try:
        for relative, content in outputs.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            if not force:
                _fail(2, [f"{target}: already exists; choose another --out or pass --force to replace it"])
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.replace(target, old / "previous")
        os.replace(staging, target)
    except BaseException:
        if old is not None and (old / "previous").exists() and not target.exists():
            os.replace(old / "previous", target)
        for leftover in (staging, old):
            if leftover is not None:
                shutil.rmtree(leftover, ignore_errors=True)
        for folder in missing:  # deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
