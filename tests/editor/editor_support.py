"""Helpers for the editor-tool tests: scratch projects and running the CLI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from kitaforms.cli import cli
from kitaforms.cli._project import line_reader
from kitaforms.compiler import CompileResult, compile_project
from kitaforms.editor.lint import LintReport, lint_project

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini"
CORPUS = REPO / "tests" / "lint_corpus"


def mini_project(dest: Path, files: dict[str, str] | None = None) -> Path:
    """A scratch copy of ``tests/fixtures/mini`` with ``files`` (place → text) written into it."""
    shutil.copytree(MINI, dest)
    for place, text in (files or {}).items():
        target = dest / place
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return dest


def lint(root: Path) -> tuple[CompileResult, LintReport]:
    result = compile_project(root)
    return result, lint_project(result, line_reader(root))


def run(args: list[str], cwd: Path) -> Result:
    """Run the kitaforms CLI in ``cwd`` and return its exit code and output."""
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(previous)


def uncomment_label_example(path: Path) -> None:
    """What the editor guide asks a new user to do: remove the `# ` before the label example."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("# changes:")
    for index in range(start, start + 5):
        if lines[index].startswith("# "):
            lines[index] = lines[index][2:]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
