"""`kitaforms validate`: check definitions and report every problem with file:line:col."""

from __future__ import annotations

from pathlib import Path

import click

from kitaforms.cli._lang import language_option
from kitaforms.cli._project import MARKERS, line_reader, project_root
from kitaforms.compiler import compile_project
from kitaforms.diagnostics import Diagnostic
from kitaforms.load.project import BASE_FOLDER
from kitaforms.report import format_json, format_text


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@language_option
def validate_command(paths: tuple[Path, ...], strict: bool, output: str, lang: str) -> None:
    """Check form definitions and Satzungen (default: the project in the current folder). A Kommune's folder
    (`forms/<kommune>`) stands for the whole Kommune: its files, its Satzungen, and what its overlays cause in
    the NRW forms."""
    targets = list(paths) or [Path.cwd()]
    failed = False
    for root, selected in _group_by_project(targets).items():
        result = compile_project(root)
        found = [d for d in result.diagnostics.sorted() if _selected(d, root, selected)]
        checked = sorted(result.forms)
        if output == "json":
            click.echo(format_json(found, strict, checked, lang), nl=False)
        else:
            click.echo(format_text(found, line_reader(root), strict, lang), nl=False)
            if not found:
                click.echo(CHECKED[lang].format(forms=len(checked), satzungen=len(result.satzungen), root=root))
        failed |= any(d.is_error or strict for d in found)
    raise SystemExit(1 if failed else 0)


CHECKED = {"en": "Checked {forms} resolved forms and {satzungen} Satzungen in {root}.",
           "de": "Geprüft: {forms} aufgelöste Formulare und {satzungen} Satzungen in {root}."}


def _group_by_project(targets: list[Path]) -> dict[Path, list[Path]]:
    groups: dict[Path, list[Path]] = {}
    for target in targets:
        root = project_root(target)
        groups.setdefault(root, []).extend(_kommune_folders(root, target.resolve()))
    return groups


def _kommune_folders(root: Path, target: Path) -> list[Path]:
    """A Kommune's folder stands for the whole Kommune: its forms and its Satzungen."""
    parts = target.relative_to(root.resolve()).parts if target.is_relative_to(root.resolve()) else ()
    if len(parts) == 2 and parts[0] in MARKERS and parts[1] != BASE_FOLDER:
        return [root.resolve() / folder / parts[1] for folder in MARKERS]
    return [target]


def _selected(diagnostic: Diagnostic, root: Path, selected: list[Path]) -> bool:
    if root in selected or diagnostic.location is None:
        return True
    file = (root / diagnostic.location.file).resolve()
    return any(file == path or path in file.parents for path in selected)
