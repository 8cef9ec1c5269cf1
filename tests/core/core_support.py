"""Shared helpers for the compiler-core tests: a scratch copy of the mini project and its compilation."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from kitaforms.compiler import CompileResult, compile_project
from kitaforms.diagnostics import Diagnostic

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
BASE_FORM = "forms/nrw/anmeldung.yaml"
OVERLAY = "forms/musterstadt/anmeldung.yaml"
KOMMUNE = "forms/musterstadt/kommune.yaml"
FACILITIES = "forms/musterstadt/einrichtungen.yaml"
FIXTURE_FILES = (BASE_FORM, OVERLAY, KOMMUNE, FACILITIES)


def copy_fixture(dest: Path) -> Path:
    """A fresh copy of ``tests/fixtures/mini`` at ``dest`` (which must not exist yet)."""
    shutil.copytree(FIXTURE, dest)
    return dest


def write_files(root: Path, files: dict[str, str]) -> None:
    for place, text in files.items():
        target = root / place
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def compile_with(root: Path, files: dict[str, str] | None = None) -> CompileResult:
    """Write ``files`` (path relative to the project → text) into ``root`` and compile the project."""
    write_files(root, files or {})
    return compile_project(root)


def where(diagnostic: Diagnostic) -> str:
    """``code file:line:col`` — how a test names a diagnostic."""
    return f"{diagnostic.code} {diagnostic.location}"


def summary(result: CompileResult) -> list[str]:
    return [f"{where(d)} {d.severity.value}: {d.message}" for d in result.diagnostics.sorted()]


def codes(result: CompileResult) -> set[str]:
    return {d.code for d in result.diagnostics}


def plain(value: Any) -> Any:
    """Loaded data with Decimals turned into floats (what jsonschema and JSON understand)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
