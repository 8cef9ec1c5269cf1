"""Finding the project a path belongs to, and reading source lines for the reporter."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import click

from kitaforms.load.yaml_source import MAX_FILE_BYTES

MARKERS = ("forms", "satzungen")
_BREAK = re.compile(r"\r\n|\r|\n")  # as the loader counts lines (kitaforms.load._positions)


def project_root(path: Path) -> Path:
    """The nearest folder at or above ``path`` that holds ``forms/`` or ``satzungen/``."""
    start = path.resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).is_dir() for marker in MARKERS):
            return folder
    raise click.UsageError(f"{path} is not inside a kitaforms project (no forms/ or satzungen/ folder above it)")


def line_reader(root: Path):  # type: ignore[no-untyped-def]
    @lru_cache(maxsize=64)
    def lines(file: str) -> list[str]:
        return read_lines(root / file)

    def read_line(file: str, line: int) -> str | None:
        content = lines(file)
        return content[line - 1] if 0 < line <= len(content) else None

    return read_line


def read_lines(path: Path) -> list[str]:
    """The lines of a file for showing them, whatever it holds; no more is read than a definition may be."""
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_FILE_BYTES)
    except OSError:
        return []
    return _BREAK.split(head.decode("utf-8-sig", errors="replace"))
