"""`kitaforms diff OLD NEW`: the changes between two versions of a bundle, each classified as
breaking, compatible or text only, with the version bump they need.

Exit codes: 0 the new version number says what changed, 1 it does not (a breaking change without
a new major version, a compatible one without a new minor, a text change without a new patch),
2 usage (not a bundle folder).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from kitaforms.export.diff import CLASSES, Report, diff_bundle_files
from kitaforms.serve.catalogue import read_tree

_TITLES = {"breaking": "Breaking changes", "compatible": "Compatible changes", "text": "Text-only changes"}


def _read(folder: Path) -> dict[str, bytes]:
    files = read_tree(folder)
    if "manifest.json" not in files or "schema.json" not in files:
        raise click.UsageError(f"{folder} is not a bundle folder (manifest.json and schema.json)")
    return files


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff_command(old: Path, new: Path, output: str) -> None:
    """List the changes from bundle OLD to bundle NEW (folders <ags>-<kommune>/<form>/<version>)."""
    try:
        report = diff_bundle_files(_read(old), _read(new))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if output == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(_text(report), nl=False)
    raise SystemExit(1 if report.errors else 0)


def _text(report: Report) -> str:
    lines = [f"{report.old_version} → {report.new_version}"]
    for kind in CLASSES:
        changes = report.of(kind)
        lines.append(f"{_TITLES[kind]}: {len(changes)}")
        lines += [f"  - [{kind}] {c.path or '(form)'}: {c.what}" + (f" — {c.why}" if c.why else "") for c in changes]
    bump = report.required_bump
    lines.append(f"Needed: {bump} (at least {report.minimum_version})" if bump else "Needed: nothing (no change)")
    lines += [f"error: {error}" for error in report.errors]
    if not report.errors:
        lines.append("The version number fits the changes.")
    return "\n".join(lines) + "\n"
