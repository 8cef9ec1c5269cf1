"""What a Kommune's notices are made from in a project folder: its Satzungen and its ``kommune.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kitaforms.diagnostics import Diagnostic
from kitaforms.model.kommune import Kommune
from kitaforms.satzung.project import compile_satzungen
from kitaforms.satzung.rules import Rules


@dataclass(frozen=True)
class Sources:
    kommune: Kommune | None
    satzungen: list[Rules]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.kommune is not None and bool(self.satzungen) and not any(d.is_error for d in self.diagnostics)


def notice_sources(root: Path, kommune: str) -> Sources:
    """The Kommune (``None`` when its folder has none) and its Satzungen sorted by key, with the errors of
    its own files."""
    from kitaforms.load.project import load_project

    project = load_project(root, [kommune])
    found = project.kommunen.get(kommune)
    model = found.kommune.model if found is not None and found.kommune is not None else None
    rules, diagnostics = compile_satzungen(root, [kommune])
    own = [d for d in (*project.diagnostics, *diagnostics) if d.location
           and (d.location.file.startswith(f"satzungen/{kommune}/") or d.location.file == f"forms/{kommune}/kommune.yaml")]
    return Sources(model, sorted((r for r in rules.values() if r.kommune == kommune), key=lambda r: r.key), own)
