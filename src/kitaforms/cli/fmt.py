"""`kitaforms fmt`: canonical key order and indentation for definition files, comments kept.

Every file is first read by the loader (:func:`kitaforms.load.yaml_source.load_file`), so fmt has
exactly its limits: a file that is too large, not UTF-8, not valid YAML, nested too deep or too big
in values is refused with the located diagnostic ``kitaforms validate`` would print, and left as it
is; only files the loader accepts are formatted.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import click

from kitaforms.cli._lang import language_option
from kitaforms.cli._project import read_lines
from kitaforms.diagnostics import DefinitionError
from kitaforms.editor.files import MARKERS, Target, definition_targets
from kitaforms.editor.fmt import FormatError, format_text
from kitaforms.editor.kinds import model_for, modeline
from kitaforms.load.yaml_source import load_file
from kitaforms.report import LineReader, format_blocks

_LINE_END = re.compile(r"\r\n?")  # read as text files are: every line ends with \n
CHANGED, UNCHANGED, FAILED = "changed", "unchanged", "failed"


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 and list the files that would change (for CI).")
@click.option("--diff", "show_diff", is_flag=True,
              help="Change nothing; show what would change as a unified diff.")
@language_option
def fmt_command(paths: tuple[Path, ...], check: bool, show_diff: bool, lang: str) -> None:
    """Normalise key order and indentation of definition files (default: forms/ and satzungen/)."""
    words = WORDS[lang]
    targets = definition_targets(list(paths) or _default_paths())
    outcomes = [_fmt_file(target, check, show_diff, lang) for target in targets]
    changed = outcomes.count(CHANGED)
    _summary(len(targets), changed, check or show_diff, words)
    raise SystemExit(1 if FAILED in outcomes or (check and changed) else 0)


def _default_paths() -> list[Path]:
    found = [Path(marker) for marker in MARKERS if Path(marker).is_dir()]
    if not found:
        raise click.UsageError("no forms/ or satzungen/ folder here; name the files or folders to format")
    return found


def _fmt_file(target: Target, check: bool, show_diff: bool, lang: str = "en") -> str:
    """Format one file (or report why not); CHANGED, UNCHANGED or FAILED."""
    try:
        before, after = _formatted(target)
    except DefinitionError as exc:
        click.echo(format_blocks(exc.diagnostics, _source_of(target), lang=lang), err=True, nl=False)
        return FAILED
    except FormatError as exc:
        click.echo(f"{target.display}:{exc.line}:{exc.col}: error: {WORDS[lang]['cannot']}: {exc.message}", err=True)
        return FAILED
    if after == before:
        return UNCHANGED
    _report(target, before, after, check, show_diff, WORDS[lang])
    return CHANGED


def _formatted(target: Target) -> tuple[str, str]:
    """The file's text and its formatted text; the loader refuses what a definition cannot be."""
    text = _LINE_END.sub("\n", load_file(target.path, target.display).text)
    line = modeline(target.kind, target.path, target.root) if target.kind and target.root else None
    return text, format_text(text, model_for(target.kind), line)


def _source_of(target: Target) -> LineReader:
    """The lines of the target, for the diagnostics about it."""
    lines = read_lines(target.path)
    return lambda _file, line: lines[line - 1] if 0 < line <= len(lines) else None


def _report(target: Target, before: str, after: str, check: bool, show_diff: bool, words: dict[str, str]) -> None:
    """Show the change (``--diff``), name the file (``--check``), or write it: only without either."""
    if show_diff:
        name = target.display
        diff = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), name, name)
        click.echo("".join(diff), nl=False)
    if check:
        click.echo(words["would"].format(file=target.display))
    elif not show_diff:
        target.path.write_text(after, encoding="utf-8", newline="\n")
        click.echo(words["done"].format(file=target.display))


WORDS = {
    "en": {"would": "would reformat {file}", "done": "reformatted {file}", "cannot": "cannot format",
           "summary": "{changed} of {total} file{s} {verb}.", "s": "s", "dry": "would be reformatted",
           "wet": "reformatted"},
    "de": {"would": "würde umformatieren: {file}", "done": "umformatiert: {file}", "cannot": "kann nicht formatieren",
           "summary": "{changed} von {total} Datei{s} {verb}.", "s": "en", "dry": "würden umformatiert",
           "dry_one": "würde umformatiert", "wet": "umformatiert"},
}


def _summary(total: int, changed: int, dry: bool, words: dict[str, str]) -> None:
    verb = words.get("dry_one", words["dry"]) if dry and changed == 1 else words["dry"] if dry else words["wet"]
    plural = words["s"] if total != 1 else ""
    click.echo(words["summary"].format(changed=changed, total=total, s=plural, verb=verb), err=True)
