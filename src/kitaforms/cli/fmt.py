"""`kitaforms fmt`: canonical key order and indentation for definition files, comments kept."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from kitaforms.editor.files import MARKERS, Target, definition_targets
from kitaforms.editor.fmt import FormatError, format_text
from kitaforms.editor.kinds import model_for, modeline


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 and list the files that would change (for CI).")
@click.option("--diff", "show_diff", is_flag=True, help="Show what would change as a unified diff.")
def fmt_command(paths: tuple[Path, ...], check: bool, show_diff: bool) -> None:
    """Normalise key order and indentation of definition files (default: forms/ and satzungen/)."""
    targets = definition_targets(list(paths) or _default_paths())
    changed, failed = [], False
    for target in targets:
        try:
            result = _formatted(target)
        except FormatError as exc:
            click.echo(f"{target.display}:{exc.line}:{exc.col}: error: cannot format: {exc.message}", err=True)
            failed = True
            continue
        if result is None:
            continue
        changed.append(target)
        _report(target, result, check, show_diff)
    _summary(len(targets), len(changed), check)
    raise SystemExit(1 if failed or (check and changed) else 0)


def _default_paths() -> list[Path]:
    found = [Path(marker) for marker in MARKERS if Path(marker).is_dir()]
    if not found:
        raise click.UsageError("no forms/ or satzungen/ folder here; name the files or folders to format")
    return found


def _formatted(target: Target) -> str | None:
    """The new text of the file, or None when it is already formatted."""
    text = target.path.read_text(encoding="utf-8-sig")
    line = modeline(target.kind, target.path, target.root) if target.kind and target.root else None
    result = format_text(text, model_for(target.kind), line)
    return None if result == text else result


def _report(target: Target, result: str, check: bool, show_diff: bool) -> None:
    if show_diff:
        before = target.path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        name = target.display
        click.echo("".join(difflib.unified_diff(before, result.splitlines(keepends=True), name, name)), nl=False)
    if check:
        click.echo(f"would reformat {target.display}")
    else:
        target.path.write_text(result, encoding="utf-8", newline="\n")
        click.echo(f"reformatted {target.display}")


def _summary(total: int, changed: int, check: bool) -> None:
    verb = "would be reformatted" if check else "reformatted"
    click.echo(f"{changed} of {total} file{'s' if total != 1 else ''} {verb}.", err=True)
