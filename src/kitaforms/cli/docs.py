"""`kitaforms docs`: write the reference documentation (docs/reference/) from the models and the catalogue."""

from __future__ import annotations

from pathlib import Path

import click

from kitaforms.cli._project import project_root
from kitaforms.editor.docs import incomplete_codes, reference_pages, undocumented_keys


@click.command("docs")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/reference"), show_default=True)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a page is stale or a key or code is undocumented.")
def docs_command(out: Path, check: bool) -> None:
    """Generate the reference: every key of the form and Satzung languages, every error code.

    The examples are values written in the project's own forms and Satzungen, where it has them."""
    pages = reference_pages(_project())
    stale = [name for name, text in pages.items() if _read(out / name) != text]
    extra = sorted(p.name for p in out.glob("*.md") if p.name not in pages) if out.is_dir() else []
    if check:
        raise SystemExit(_report(out, stale, extra))
    out.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (out / name).write_text(pages[name], encoding="utf-8", newline="\n")
        click.echo(f"wrote {out / name}")
    for name in extra:
        click.echo(f"note: {out / name} is not generated; remove it if it is left over", err=True)
    _gaps()


def _project() -> Path | None:
    try:
        return project_root(Path.cwd())
    except click.UsageError:  # outside a project: examples made from the models
        return None


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _report(out: Path, stale: list[str], extra: list[str]) -> int:
    for name in stale:
        click.echo(f"stale: {out / name} (run `kitaforms docs`)")
    for name in extra:
        click.echo(f"not generated: {out / name}")
    gaps = _gaps()
    return 1 if stale or extra or gaps else 0


def _gaps() -> int:
    keys, codes = undocumented_keys(), incomplete_codes()
    if keys:
        click.echo(f"{len(keys)} keys without a description (add `description=` to the model field):", err=True)
        click.echo("  " + "\n  ".join(keys), err=True)
    if codes:
        click.echo(f"{len(codes)} error codes incomplete:", err=True)
        click.echo("  " + "\n  ".join(codes), err=True)
    return len(keys) + len(codes)
