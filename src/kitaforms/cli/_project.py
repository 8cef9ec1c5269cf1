"""Finding the project a path belongs to, and reading source lines for the reporter."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import click

MARKERS = ("forms", "satzungen")


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
        try:
            return (root / file).read_text(encoding="utf-8-sig", errors="replace").split("\n")
        except OSError:
            return []

    def read_line(file: str, line: int) -> str | None:
        content = lines(file)
        return content[line - 1] if 0 < line <= len(content) else None

    return read_line
