"""`kitaforms fitconnect pack SUBMISSION --bundle DIR [--key JWK]`: prepare a FIT-Connect submission.

The submission is checked first, exactly as the form server checks it (schema + rules; exit 1 with
the errors when it fails). Written to ``--out`` (default ``<submission>.fitconnect/``):
``data.json`` (the Fachdaten bytes that were hashed), ``metadata.json`` (Metadatensatz 1.0.0,
validated against the official schema before writing) and, with ``--key`` (the destination's
public encryption JWK), ``metadata.jwe``, ``data.jwe`` and ``attachments/<id>.jwe`` (JWE compact,
RSA-OAEP-256 + A256GCM).
"""

from __future__ import annotations

import json
import mimetypes
from datetime import date
from pathlib import Path

import click

from kitaforms.export._json import loads


@click.group("fitconnect")
def fitconnect_group() -> None:
    """FIT-Connect: metadata and encryption for submissions."""


@fitconnect_group.command("pack")
@click.argument("submission", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--bundle", "bundle_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The bundle folder the submission belongs to (<ags>-<kommune>/<form>/<version>).")
@click.option("--key", "key_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The destination's public encryption key (JWK, RSA).")
@click.option("--attachment", "attachment_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file to send along (repeatable).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--reply-email", default=None, help="Reply channel: the citizen's e-mail address.")
@click.option("--reference", default=None, help="The sender's reference (e.g. the form server's reference number).")
@click.option("--date", "application_date", default=None, help="Application date YYYY-MM-DD (and the day rules are checked on).")
def pack_command(submission: Path, bundle_dir: Path, key_file: Path | None, attachment_files: tuple[Path, ...],
                 out: Path | None, reply_email: str | None, reference: str | None, application_date: str | None) -> None:
    """Check SUBMISSION against its bundle and write the FIT-Connect parts."""
    from kitaforms.export import fitconnect
    from kitaforms.serve.catalogue import load_catalogue, read_tree

    day = _date(application_date)
    bundle = _bundle(bundle_dir, load_catalogue, read_tree)
    try:
        data = loads(submission.read_bytes())
    except ValueError as exc:
        raise click.UsageError(f"{submission} is not JSON: {exc}") from None
    verdict = bundle.validator.validate(data, day or date.today())
    if not verdict.ok:
        for error in verdict.errors:
            click.echo(f"{submission}: {error.path or '(submission)'}: {error.code}: {error.message.get('de')}")
        raise SystemExit(1)
    attachments = [fitconnect.Attachment(p.name, mimetypes.guess_type(p.name)[0] or "application/octet-stream", p.read_bytes())
                   for p in attachment_files]
    packed = fitconnect.pack(bundle.manifest, data, attachments, reply_email=reply_email,
                             sender_reference=reference, application_date=day)
    problems = fitconnect.validate_metadata(packed.metadata)
    if problems:
        raise click.ClickException("the metadata does not fit the FIT-Connect schema 1.0.0: " + "; ".join(problems))
    target = out or submission.with_name(submission.stem + ".fitconnect")
    _write(target, packed, key_file, attachments)


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.UsageError(f"--date must be YYYY-MM-DD, not {text!r}") from None


def _bundle(folder: Path, load_catalogue, read_tree):  # type: ignore[no-untyped-def]
    folder = folder.resolve()
    root = folder.parents[2]
    prefix = folder.relative_to(root).as_posix() + "/"
    files = {path: content for path, content in read_tree(root).items() if path.startswith(prefix)}
    catalogue = load_catalogue(files)
    bundles = catalogue.bundles()
    if len(bundles) != 1:
        detail = "; ".join(catalogue.problems) or "no manifest.json"
        raise click.UsageError(f"{folder} is not a valid bundle: {detail}")
    return bundles[0]


def _write(target: Path, packed, key_file: Path | None, attachments) -> None:  # type: ignore[no-untyped-def]
    from kitaforms.export import fitconnect

    target.mkdir(parents=True, exist_ok=True)
    (target / "data.json").write_bytes(packed.data)
    (target / "metadata.json").write_text(json.dumps(packed.metadata, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
    written = ["data.json", "metadata.json"]
    if key_file is not None:
        try:
            jwk = json.loads(key_file.read_text("utf-8"))
        except ValueError as exc:
            raise click.UsageError(f"{key_file} is not a JWK (JSON): {exc}") from None
        types = {entry["attachmentId"]: entry["mimeType"] for entry in packed.metadata["contentStructure"]["attachments"]}
        try:
            encrypted = fitconnect.encrypt_packed(packed, jwk, types)
        except ValueError as exc:
            raise click.UsageError(f"{key_file}: {exc}") from None
        (target / "metadata.jwe").write_text(encrypted["encryptedMetadata"] + "\n", "ascii")
        (target / "data.jwe").write_text(encrypted["encryptedData"] + "\n", "ascii")
        written += ["metadata.jwe", "data.jwe"]
        for attachment_id, token in encrypted["attachments"].items():
            (target / "attachments").mkdir(exist_ok=True)
            (target / "attachments" / f"{attachment_id}.jwe").write_text(token + "\n", "ascii")
            written.append(f"attachments/{attachment_id}.jwe")
    click.echo(f"wrote {target}: " + ", ".join(written))
