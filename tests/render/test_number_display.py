"""Whole numbers on the review page, the receipt and the application PDF (all written by
``answer_sections``): a year reads "2026", not "2.026" (German) or "2,026" (English); from five
digits on, numbers are grouped as the language does. ``kitaforms.js`` shows them the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kitaforms.compiler import compile_project
from kitaforms.render._answers import answer_sections

FIXTURE = Path(__file__).resolve().parents[1] / "export" / "fixtures" / "allfields"


@pytest.fixture(scope="module")
def resolved() -> Any:
    return compile_project(FIXTURE).forms["teststadt/antrag"]


def _shown(resolved: Any, lang: str, hours: int) -> str:
    rows = [row for section in answer_sections(resolved, lang, {"kind": {"stunden": hours}}) for row in section.rows]
    (value,) = [row.value for row in rows if row.label in ("Wochenstunden", "Weekly hours")]
    return str(value)


@pytest.mark.parametrize(("lang", "value", "shown"), [
    ("de", 2026, "2026"), ("en", 2026, "2026"), ("de", 9999, "9999"), ("de", 35, "35"),
    ("de", 12345, "12.345"), ("en", 12345, "12,345"),
])
def test_whole_numbers_are_grouped_from_five_digits(resolved: Any, lang: str, value: int, shown: str) -> None:
    assert _shown(resolved, lang, value).startswith(shown)
