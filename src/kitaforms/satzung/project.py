"""All Satzungen of a project (``satzungen/<kommune>/*.yaml``): load, check, compile, select by date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Any

from kitaforms.check.todos import todo_marks
from kitaforms.diagnostics import Diagnostic
from kitaforms.load.project import definition_files, display_path
from kitaforms.satzung.check import check_validity
from kitaforms.satzung.household import FeeInputError
from kitaforms.satzung.load import Loaded, SatzungFile, load_satzung
from kitaforms.satzung.rules import Rules

FOLDER = "satzungen"


def compile_satzungen(root: Path, kommunen: Collection[str] | None = None) -> tuple[dict[str, Any], list[Diagnostic]]:
    """``{"<kommune>/<file stem>": Rules}`` for every error-free file, and all diagnostics of the run.

    With ``kommunen``, only their folders (and files directly in ``satzungen/``) are read.
    """
    rules, diagnostics, _ = compile_satzung_files(root, kommunen)
    return rules, diagnostics


def compile_satzung_files(root: Path, kommunen: Collection[str] | None = None
                          ) -> tuple[dict[str, Any], list[Diagnostic], list[SatzungFile]]:
    """As :func:`compile_satzungen`, plus the error-free files (model and document) for cross-checks."""
    loaded = load_all(root, scope=kommunen)
    diagnostics = [d for item in loaded for d in item.diagnostics]
    diagnostics.extend(_validity(loaded))
    diagnostics.extend(d for item in loaded if item.file is not None for d in todo_marks(item.file.document))
    rules = {item.rules.key: item.rules for item in loaded if item.rules is not None}
    files = [item.file for item in loaded if item.file is not None and item.rules is not None]
    return rules, diagnostics, files


def load_all(root: Path, kommune: str | None = None, scope: Collection[str] | None = None) -> list[Loaded]:
    """The Satzungen of ``kommune`` (or of every Kommune in ``scope``, or of all)."""
    folder = root / FOLDER
    result = []
    owners = [kommune] if kommune is not None else scope
    for path in definition_files(folder, owners):
        owner = path.relative_to(folder).parts[0] if len(path.relative_to(folder).parts) > 1 else ""
        if kommune is not None and owner != kommune:
            continue
        if scope is not None and owner and owner not in scope:
            continue
        result.append(load_satzung(path, display_path(path, root), owner))
    return result


def _validity(loaded: list[Loaded]) -> list[Diagnostic]:
    by_kommune: dict[str, list[SatzungFile]] = defaultdict(list)
    for item in loaded:
        if item.file is not None:
            by_kommune[item.file.kommune].append(item.file)
    found = []
    for files in by_kommune.values():
        found.extend(check_validity([(f.model, f.document) for f in files]))
    return found


def kommunen(root: Path) -> list[str]:
    folder = root / FOLDER
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def select(rules: dict[str, Rules], kommune: str, on: date) -> Rules:
    """The Satzung of ``kommune`` valid on ``on``; raises :class:`FeeInputError` when there is none."""
    own = [r for r in rules.values() if r.kommune == kommune]
    if not own:
        raise FeeInputError("no_satzung", kommune=kommune)
    valid = [r for r in own if r.covers(on)]
    if not valid:
        periods = ", ".join(sorted(_period(r) for r in own))
        raise FeeInputError("no_satzung_on_date", kommune=kommune, on=on.isoformat(), periods=periods)
    return valid[0]


def _period(rules: Rules) -> str:
    start = rules.valid_from.isoformat() if rules.valid_from else "…"
    end = rules.valid_until.isoformat() if rules.valid_until else "…"
    return f"{rules.key} {start}–{end}"
