"""The reference's examples are what the shipped forms and Satzungen say, not placeholders (issue 19)."""

from __future__ import annotations

import re

import pytest
from editor_support import REPO

from kitaforms.contrast import contrast_ratio
from kitaforms.editor.docs import reference_pages

PAGES = reference_pages(REPO)
ROW = re.compile(r"^\| `(?P<key>[^`]+)` \|.*\| ``?(?P<example>.+?)``? \|$")


def examples(page: str, section: str) -> dict[str, str]:
    """Key → the example line of the section ``## <section>`` of ``page``."""
    text = PAGES[page].split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return {m["key"]: m["example"] for m in map(ROW.match, text.splitlines()) if m}


def _colour(line: str) -> str:
    return line.split(": ", 1)[1].strip("'")


@pytest.mark.parametrize("page", ["forms.md", "satzung.md", "vergabe.md"])
def test_no_example_row_is_the_old_placeholder(page: str) -> None:
    rows = [line for line in PAGES[page].splitlines() if line.startswith("| `")]
    placeholders = [row for row in rows if re.search(r"\b(vorname|Musterstadt)\b|: Beispiel`", row.rsplit("|", 2)[-2])]
    assert placeholders == []


def test_examples_are_values_written_in_shipped_files() -> None:
    written = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "forms").rglob("*.yaml")))
    form = examples("forms.md", "Kommune")
    assert form["name"].removeprefix("name: ") in written  # e.g. `name: Stadt Bielefeld`
    assert form["ags"].split("'")[1] in written
    step = examples("forms.md", "Step")
    assert re.search(r"^\s+- id: " + re.escape(step["id"].removeprefix("id: ")) + "$", written, re.MULTILINE)


def test_the_example_theme_passes_the_contrast_check() -> None:
    theme = examples("forms.md", "Theme")
    primary, text, accent = (_colour(theme[key]) for key in ("primary", "primary_text", "accent"))
    assert contrast_ratio(text, primary) >= 4.5
    assert contrast_ratio(accent, "#ffffff") >= 4.5


def test_no_union_reads_one_of_nothing() -> None:
    for name, page in PAGES.items():
        assert "One of: ." not in page, name
        assert not re.search(r"One of: ?\.", page), name
    assert "One of: list of [Amount](#type-amount), [Amount](#type-amount), `null`." in PAGES["satzung.md"]  # Cells
