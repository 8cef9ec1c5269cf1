"""`kitaforms lint`: path analysis of every resolved form (fields never shown, conditions that decide nothing …)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kitaforms.cli._project import line_reader, project_root
from kitaforms.compiler import compile_project
from kitaforms.editor.lint import LintReport, lint_project
from kitaforms.report import format_text


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--show-explained", is_flag=True, help="Also list findings explained by `# kitaforms: ignore` comments.")
def lint_command(paths: tuple[Path, ...], output: str, show_explained: bool) -> None:
    """Find logic problems in forms: never shown, always true/false, required only where hidden, unused code lists,
    steps empty on some path. Exit 1 when there are findings."""
    target = paths[0] if paths else Path.cwd()
    root = project_root(target)
    selected = [p.resolve() for p in paths] or [root.resolve()]
    result = compile_project(root)
    read_line = line_reader(root)
    report = lint_project(result, read_line)
    report.findings = [d for d in report.findings if _selected(d.location, root, selected)]
    errors = len(result.diagnostics.errors)
    if output == "json":
        click.echo(_json(report, errors))
    else:
        _text(report, read_line, errors, show_explained)
    raise SystemExit(1 if report.findings else 0)


def _selected(location: object, root: Path, selected: list[Path]) -> bool:
    if location is None or root.resolve() in selected:
        return True
    file = (root / location.file).resolve()  # type: ignore[attr-defined]
    return any(file == path or path in file.parents for path in selected)


def _text(report: LintReport, read_line: object, errors: int, show_explained: bool) -> None:
    if report.findings:
        click.echo(format_text(report.findings, read_line).rsplit("\n\n", 1)[0] + "\n")  # type: ignore[arg-type]
    if show_explained:
        for item in report.explained:
            click.echo(f"{item.diagnostic.location}: explained {item.diagnostic.code}: {item.reason}")
    click.echo(_summary(report, errors))


def _summary(report: LintReport, errors: int) -> str:
    parts = [f"{len(report.findings)} finding{'s' if len(report.findings) != 1 else ''} in {len(report.forms)} resolved forms"]
    if report.explained:
        parts.append(f"{len(report.explained)} explained by `kitaforms: ignore` comments")
    if report.undecided:
        parts.append(f"{report.undecided} questions not decided (too many combinations of answers)")
    if errors:
        parts.append(f"{errors} validation errors: run `kitaforms validate` first")
    return "; ".join(parts) + "."


def _json(report: LintReport, errors: int) -> str:
    payload = {
        "findings": [d.to_json() for d in report.findings],
        "explained": [{**e.diagnostic.to_json(), "reason": e.reason} for e in report.explained],
        "undecided": report.undecided,
        "forms": report.forms,
        "validation_errors": errors,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
