"""The built wheel is what admins install: it must carry the theme (renderers/), the grammar and the migrations."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(wheel_path: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(wheel_path)


def test_wheel_contains_the_renderers_theme(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    theme_files = {n for n in names if n.startswith("kitaforms/renderers/default/")}
    source_files = {
        "kitaforms/" + p.relative_to(ROOT).as_posix()
        for p in (ROOT / "renderers").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert source_files, "the source tree has no renderers/ files"
    assert source_files <= theme_files | {n for n in names if n.startswith("kitaforms/renderers/")}


def test_wheel_contains_the_expression_grammar_and_console_script(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert "kitaforms/expr/grammar.lark" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kitaforms = kitaforms.cli:main" in wheel.read(entry_points).decode()


def test_wheel_contains_the_store_migrations(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    source = ROOT / "src" / "kitaforms" / "store" / "migrations"
    scripts = {"kitaforms/" + p.relative_to(source.parents[1]).as_posix() for p in source.rglob("*.sql")}
    assert {"kitaforms/store/migrations/sqlite/0001_initial.sql",
            "kitaforms/store/migrations/postgresql/0001_initial.sql"} <= scripts <= names
