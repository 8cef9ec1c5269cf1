"""`kitaforms lint`: path analysis of every resolved form (fields never shown, conditions that decide nothing …)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kitaforms.cli._lang import language_option
from kitaforms.cli._project import line_reader, project_root
from kitaforms.compiler import compile_project
from kitaforms.editor.lint import LintReport, lint_project
from kitaforms.errors.wording import localized
from kitaforms.report import format_text


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--show-explained", is_flag=True, help="Also list findings explained by `# kitaforms: ignore` comments.")
@language_option
def lint_command(paths: tuple[Path, ...], output: str, show_explained: bool, lang: str) -> None:
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
        click.echo(_json(report, errors, lang))
    else:
        _text(report, read_line, errors, show_explained, lang)
    raise SystemExit(1 if report.findings else 0)


def _selected(location: object, root: Path, selected: list[Path]) -> bool:
    if location is None or root.resolve() in selected:
        return True
    file = (root / location.file).resolve()  # type: ignore[attr-defined]
    return any(file == path or path in file.parents for path in selected)


def _text(report: LintReport, read_line: object, errors: int, show_explained: bool, lang: str = "en") -> None:
    if report.findings:
        text = format_text(report.findings, read_line, lang=lang)  # type: ignore[arg-type]
        click.echo(text.rsplit("\n\n", 1)[0] + "\n")
    if show_explained:
        for item in report.explained:
            click.echo(f"{item.diagnostic.location}: {WORDS[lang]['explained']} {item.diagnostic.code}: {item.reason}")
    click.echo(_summary(report, errors, lang))


WORDS = {
    "en": {"findings": "{count} finding{s} in {forms} resolved forms", "explained": "explained",
           "ignored": "{count} explained by `kitaforms: ignore` comments",
           "undecided": "{count} questions not decided (too many combinations of answers)",
           "errors": "{count} validation errors: run `kitaforms validate` first"},
    "de": {"findings": "{count} Befund{s} in {forms} aufgelösten Formularen", "explained": "begründet",
           "ignored": "{count} begründet durch `kitaforms: ignore`-Kommentare",
           "undecided": "{count} Fragen nicht entschieden (zu viele Kombinationen von Antworten)",
           "errors": "{count} Fehler bei der Prüfung: zuerst `kitaforms validate` ausführen"},
}


def _summary(report: LintReport, errors: int, lang: str = "en") -> str:
    words = WORDS[lang]
    plural = ("e" if lang == "de" else "s") if len(report.findings) != 1 else ""
    parts = [words["findings"].format(count=len(report.findings), s=plural, forms=len(report.forms))]
    if report.explained:
        parts.append(words["ignored"].format(count=len(report.explained)))
    if report.undecided:
        parts.append(words["undecided"].format(count=report.undecided))
    if errors:
        parts.append(words["errors"].format(count=errors))
    return "; ".join(parts) + "."


def _json(report: LintReport, errors: int, lang: str = "en") -> str:
    payload = {
        "findings": [localized(d, lang).to_json() for d in report.findings],
        "explained": [{**localized(e.diagnostic, lang).to_json(), "reason": e.reason} for e in report.explained],
        "undecided": report.undecided,
        "forms": report.forms,
        "validation_errors": errors,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
