"""Load one Satzung file: YAML with positions → pydantic model → checks → compiled rules.

Nothing here raises for a bad definition: every step returns its diagnostics, and the compiled
:class:`~kitaforms.satzung.rules.Rules` exist only when the file has no errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kitaforms.diagnostics import DefinitionError, Diagnostic
from kitaforms.load.yaml_source import Document, load_file, load_text
from kitaforms.model.parse import SchemaCodes, parse_model
from kitaforms.satzung.check import check_satzung, check_whole_euros, check_written_numbers
from kitaforms.satzung.model import Satzung
from kitaforms.satzung.rules import Rules, compile_rules

CODES = SchemaCodes("SATZUNG_001", "SATZUNG_002", "SATZUNG_003", "SATZUNG_004")


@dataclass(frozen=True)
class SatzungFile:
    """A loaded and schema-valid Satzung file."""

    key: str  # "<kommune>/<file stem>"
    kommune: str
    document: Document
    model: Satzung


@dataclass
class Loaded:
    file: SatzungFile | None
    rules: Rules | None
    diagnostics: list[Diagnostic]


def load_satzung(path: Path, display: str, kommune: str) -> Loaded:
    """Load ``path`` (shown as ``display`` in locations) as a Satzung of ``kommune``."""
    try:
        document = load_file(path, display)
    except DefinitionError as exc:
        return Loaded(None, None, list(exc.diagnostics))
    return _from_document(document, kommune, f"{kommune}/{path.stem}")


def load_satzung_text(text: str, file: str = "satzungen/test/test.yaml", kommune: str = "test") -> Loaded:
    """Load Satzung YAML given as text (for tests and previews)."""
    try:
        document = load_text(text, file)
    except DefinitionError as exc:
        return Loaded(None, None, list(exc.diagnostics))
    return _from_document(document, kommune, f"{kommune}/{Path(file).stem}")


def _from_document(document: Document, kommune: str, key: str) -> Loaded:
    written = check_written_numbers(document) + check_whole_euros(document)
    model, problems = parse_model(document, Satzung, CODES)
    problems = written + _after(written, problems)
    if model is None:
        return Loaded(None, None, problems)
    file = SatzungFile(key, kommune, document, model)
    problems = problems + _after(written, check_satzung(model, document))
    if any(d.is_error for d in problems):
        return Loaded(file, None, problems)
    return Loaded(file, compile_rules(key, kommune, document.file, model, _locations(model, document)), problems)


def _after(written: list[Diagnostic], problems: list[Diagnostic]) -> list[Diagnostic]:
    """``problems`` without those a German-formatted number causes: `1.500,50` is text (a wrong value), and in
    `{fee: 1.500,50}` or `[1.500,50]` the comma starts another key or item, on the same line after it."""
    starts = {(d.location.file, d.location.line): d.location.col for d in written if d.location}
    return [d for d in problems if d.location is None
            or d.location.col < starts.get((d.location.file, d.location.line), d.location.col + 1)]


def _locations(model: Satzung, document: Document) -> dict[tuple[str | int, ...], str]:
    """Where the rules stand that the engine cites with their place in the file (``not_computed``)."""
    return {("not_computed", index): str(document.locate(("not_computed", index)))
            for index in range(len(model.not_computed))}
