"""Diagnostics: what the checks report, located in the editor's file.

A :class:`Diagnostic` carries a stable code from the catalogue, a message that says what is wrong,
a hint that says how to fix it, and a :class:`Location` (file, 1-based line and column). The core
collects diagnostics in a :class:`Diagnostics` list instead of raising, so one run reports every
problem; only the CLI decides how to print them and which exit code follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kitaforms.errors import CATALOGUE, Severity


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int  # 1-based
    col: int  # 1-based
    length: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Note:
    """A second place that belongs to a diagnostic (e.g. where an overlay's change shows in the base form)."""

    location: Location
    message: str

    def to_json(self) -> dict[str, object]:
        loc = self.location
        return {"message": self.message, "file": loc.file, "line": loc.line, "column": loc.col}


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    location: Location | None = None
    hint: str | None = None
    severity: Severity = field(default=Severity.ERROR)
    notes: tuple[Note, ...] = ()

    @classmethod
    def make(
        cls, code: str, message: str, location: Location | None = None, hint: str | None = None
    ) -> Diagnostic:
        """A diagnostic whose severity comes from the catalogue entry of ``code``."""
        return cls(code, message, location, hint, CATALOGUE[code].severity)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.file, loc.line, loc.col, self.code) if loc else ("", 0, 0, self.code)

    def to_json(self) -> dict[str, object]:
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "column": loc.col if loc else None,
            **({"notes": [note.to_json() for note in self.notes]} if self.notes else {}),
        }


class Diagnostics:
    """An ordered, de-duplicated collection of diagnostics."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self._items: list[Diagnostic] = []
        self._seen: set[tuple[object, ...]] = set()
        self.extend(items)

    def add(self, diagnostic: Diagnostic) -> None:
        key = (diagnostic.code, diagnostic.message, diagnostic.location)
        if key not in self._seen:
            self._seen.add(key)
            self._items.append(diagnostic)

    def extend(self, items: Iterable[Diagnostic]) -> None:
        for item in items:
            self.add(item)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self._items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self._items if not d.is_error]

    def has_errors(self, strict: bool = False) -> bool:
        return bool(self._items) if strict else bool(self.errors)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self._items, key=Diagnostic.sort_key)


class DefinitionError(Exception):
    """Raised by the core when a definition cannot be used; carries the diagnostics."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else None
        super().__init__(f"{first.location}: {first.message}" if first else "invalid definition")
