"""The outcome of a diff: classified changes, the version bump they need and whether the bundle's
version number says so (semantic versioning)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

BREAKING, COMPATIBLE, TEXT = "breaking", "compatible", "text"
CLASSES = (BREAKING, COMPATIBLE, TEXT)
Bump = Literal["major", "minor", "patch"]
_BUMP_OF = {BREAKING: "major", COMPATIBLE: "minor", TEXT: "patch"}
_NEEDS = {"major": "a new MAJOR version (for 0.x a new MINOR)", "minor": "at least a new MINOR version",
          "patch": "at least a new PATCH version"}


@dataclass(frozen=True)
class Change:
    kind: str  # breaking | compatible | text
    path: str  # dotted field path; "" for the form, "step:<id>", "settings.<name>", "fees/<file>"
    what: str
    why: str = ""

    def as_json(self) -> dict[str, str]:
        return {"class": self.kind, "path": self.path, "change": self.what, "why": self.why}


@dataclass
class Report:
    old_version: str
    new_version: str
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def of(self, kind: str) -> list[Change]:
        return [change for change in self.changes if change.kind == kind]

    @property
    def breaking(self) -> list[Change]:
        return self.of(BREAKING)

    @property
    def compatible(self) -> list[Change]:
        return self.of(COMPATIBLE)

    @property
    def text(self) -> list[Change]:
        return self.of(TEXT)

    @property
    def required_bump(self) -> Bump | None:
        """``major`` for a breaking change, ``minor`` for a compatible one, ``patch`` for texts only."""
        for kind in CLASSES:
            if self.of(kind):
                return _BUMP_OF[kind]  # type: ignore[return-value]
        return None

    @property
    def minimum_version(self) -> str:
        return next_version(self.old_version, self.required_bump)

    def as_json(self) -> dict[str, Any]:
        return {
            "old": self.old_version, "new": self.new_version, "ok": not self.errors, "errors": self.errors,
            "required_bump": self.required_bump, "minimum_version": self.minimum_version,
            "changes": [change.as_json() for change in self.changes],
            **{kind: [change.as_json() for change in self.of(kind)] for kind in CLASSES},
        }


def semver(version: str) -> tuple[int, int, int]:
    core = version.split("-", 1)[0].split("+", 1)[0]
    major, minor, patch = (int(part) for part in core.split("."))
    return major, minor, patch


def next_version(old_version: str, bump: str | None) -> str:
    """The smallest version after ``old_version`` that says ``bump``: 1.0.0 + minor → 1.1.0,
    0.3.2 + major → 0.4.0 (before 1.0.0 a new MINOR is a new major); ``None`` keeps the version."""
    major, minor, patch = semver(old_version)
    if bump is None:
        return f"{major}.{minor}.{patch}"
    if bump == "major":
        return f"0.{minor + 1}.0" if major == 0 else f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise ValueError(f"unknown version bump {bump!r} (major, minor, patch)")


def version_errors(report: Report) -> list[str]:
    """Empty when the new version is at least the one the changes need."""
    bump = report.required_bump
    if bump is None or semver(report.new_version) >= semver(report.minimum_version):
        return []
    count = len(report.of(next(kind for kind in CLASSES if _BUMP_OF[kind] == bump)))
    return [f"{count} {_plural(bump)} need {_NEEDS[bump]}: {report.new_version} should be at least "
            f"{report.minimum_version} (from {report.old_version})"]


def _plural(bump: str) -> str:
    return {"major": "breaking change(s)", "minor": "compatible change(s)", "patch": "text change(s)"}[bump]
