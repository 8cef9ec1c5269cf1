"""`kitaforms diff OLD NEW`: breaking and compatible changes between two versions of a bundle.

Exit codes: 0 the version numbers fit the changes, 1 a breaking change without a new major version
(or a schema change without a new version), 2 usage (not a bundle folder).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from kitaforms.export._json import loads
from kitaforms.export.diff import Report, diff_bundles


def _read(folder: Path) -> tuple[dict, dict]:  # type: ignore[type-arg]
    try:
        return loads((folder / "manifest.json").read_bytes()), loads((folder / "schema.json").read_bytes())
    except (OSError, ValueError) as exc:
        raise click.UsageError(f"{folder} is not a bundle folder (manifest.json and schema.json): {exc}") from None


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff_command(old: Path, new: Path, output: str) -> None:
    """List the changes from bundle OLD to bundle NEW (folders <ags>-<kommune>/<form>/<version>)."""
    report = diff_bundles(*_read(old), *_read(new))
    if output == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(_text(report), nl=False)
    raise SystemExit(1 if report.errors else 0)


def _text(report: Report) -> str:
    lines = [f"{report.old_version} → {report.new_version}"]
    for title, changes in (("Breaking changes", report.breaking), ("Compatible changes", report.compatible)):
        lines.append(f"{title}: {len(changes)}")
        lines += [f"  - {c.path or '(form)'}: {c.what}" for c in changes]
    lines += [f"error: {error}" for error in report.errors]
    if not report.errors:
        lines.append("The version number fits the changes.")
    return "\n".join(lines) + "\n"
