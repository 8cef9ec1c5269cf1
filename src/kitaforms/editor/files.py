"""Which definition files a command works on, and what kind each one is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kitaforms.editor.kinds import YAML_SUFFIXES, file_kind

MARKERS = ("forms", "satzungen")
SKIPPED = ("node_modules", "__pycache__", "site-packages")


@dataclass(frozen=True)
class Target:
    path: Path
    root: Path | None  # the project the file belongs to (None outside a project)
    kind: str | None  # form, overlay, kommune … (None when the layout does not say)

    @property
    def display(self) -> str:
        return _display(self.path)


def definition_targets(paths: list[Path]) -> list[Target]:
    """Every YAML file named or below a named folder, in a stable order, each once."""
    files: dict[Path, None] = {}
    for path in paths:
        found = [path] if path.is_file() else sorted(p for p in path.rglob("*") if _wanted(p.relative_to(path)))
        files.update((p.resolve(), None) for p in found if p.is_file())
    return [_target(path) for path in files]


def _wanted(relative: Path) -> bool:
    """YAML files, not inside hidden folders (.git, .venv) or installed packages."""
    skipped = any(part.startswith(".") or part in SKIPPED for part in relative.parts[:-1])
    return relative.suffix in YAML_SUFFIXES and not skipped


def _target(path: Path) -> Target:
    root = project_root_of(path)
    kind = file_kind(path.relative_to(root)) if root else None
    return Target(path, root, kind)


def project_root_of(path: Path) -> Path | None:
    """The nearest folder above ``path`` holding ``forms/`` or ``satzungen/`` that contains it."""
    for folder in path.parents:
        if any((folder / marker).is_dir() and (folder / marker) in path.parents for marker in MARKERS):
            return folder
    return None


def _display(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
