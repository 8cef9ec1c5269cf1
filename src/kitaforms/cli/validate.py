"""`kitaforms validate`: check definitions and report every problem with file:line:col."""

from __future__ import annotations

from pathlib import Path

import click

from kitaforms.cli._project import line_reader, project_root
from kitaforms.compiler import compile_project
from kitaforms.diagnostics import Diagnostic
from kitaforms.report import format_json, format_text


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate_command(paths: tuple[Path, ...], strict: bool, output: str) -> None:
    """Check form definitions and Satzungen (default: the project in the current folder)."""
    targets = list(paths) or [Path.cwd()]
    failed = False
    for root, selected in _group_by_project(targets).items():
        result = compile_project(root)
        found = [d for d in result.diagnostics.sorted() if _selected(d, root, selected)]
        checked = sorted(result.forms)
        if output == "json":
            click.echo(format_json(found, strict, checked), nl=False)
        else:
            click.echo(format_text(found, line_reader(root), strict), nl=False)
            if not found:
                click.echo(f"Checked {len(checked)} resolved forms and {len(result.satzungen)} Satzungen in {root}.")
        failed |= any(d.is_error or strict for d in found)
    raise SystemExit(1 if failed else 0)


def _group_by_project(targets: list[Path]) -> dict[Path, list[Path]]:
    groups: dict[Path, list[Path]] = {}
    for target in targets:
        groups.setdefault(project_root(target), []).append(target.resolve())
    return groups


def _selected(diagnostic: Diagnostic, root: Path, selected: list[Path]) -> bool:
    if root in selected or diagnostic.location is None:
        return True
    file = (root / diagnostic.location.file).resolve()
    return any(file == path or path in file.parents for path in selected)
