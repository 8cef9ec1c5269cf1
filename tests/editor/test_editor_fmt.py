"""`kitaforms fmt`: canonical key order and indentation, comments and values kept, idempotent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from editor_support import MINI, REPO, mini_project, run

from kitaforms.editor.files import definition_targets
from kitaforms.editor.fmt import FormatError, format_text
from kitaforms.editor.kinds import model_for, modeline
from kitaforms.load.yaml_source import load_text
from kitaforms.model.form import Form

MESSY = """\
# yaml-language-server: $schema=somewhere/else.json
# A form written in a hurry.

version: 1.0.0   # raised for the 2025 intake
id: anmeldung
title: {de: Anmeldung,
        en: Registration}
steps:
    # the first page
    - title: {de: Kind, en: Child}
      id: kind_step   # keep this id: exports use it
      elements:
      - label: {de: Vorname, en: First name}
        # the citizen's first name
        type: text
        id: vorname
        help:
            de: |
                Wie im Ausweis.
                  Auch Zweitnamen.

                Ohne Titel.
            en: As in the passport.
        required: true
        # end of the first page

    # the second page
    - id: eltern
      title: "Eltern und
         Sorgeberechtigte"
      elements: [{id: x, type: text, label: X}]
# the end
"""

EXPECTED = """\
# yaml-language-server: $schema=../../schemas/form.schema.json
# A form written in a hurry.

id: anmeldung
version: 1.0.0  # raised for the 2025 intake
title: {de: Anmeldung,
  en: Registration}
steps:
  # the first page
  - id: kind_step  # keep this id: exports use it
    title: {de: Kind, en: Child}
    elements:
      - id: vorname
        # the citizen's first name
        type: text
        label: {de: Vorname, en: First name}
        help:
          de: |
            Wie im Ausweis.
              Auch Zweitnamen.

            Ohne Titel.
          en: As in the passport.
        required: true
        # end of the first page

  # the second page
  - id: eltern
    title: "Eltern und
      Sorgeberechtigte"
    elements: [{id: x, type: text, label: X}]
# the end
"""

LINE = "# yaml-language-server: $schema=../../schemas/form.schema.json"


def comments(text: str) -> list[str]:
    return sorted(m.group(0) for m in re.finditer(r"(?m)(?:^|\s)(#.*)$", text))


def test_canonical_order_indentation_and_comments() -> None:
    assert format_text(MESSY, Form, LINE) == EXPECTED


def test_formatting_keeps_the_data_and_every_comment() -> None:
    formatted = format_text(MESSY, Form, LINE)
    assert load_text(formatted).data == load_text(MESSY).data
    assert comments(formatted) == sorted(c if "$schema" not in c else LINE for c in comments(MESSY))


def test_formatting_is_idempotent() -> None:
    once = format_text(MESSY, Form, LINE)
    assert format_text(once, Form, LINE) == once


def test_the_modeline_is_added_on_the_first_line() -> None:
    formatted = format_text("id: a\nversion: 1.0.0\n", Form, LINE)
    assert formatted.splitlines()[0] == LINE


def test_texts_put_german_first_and_unknown_keys_last() -> None:
    text = "steps:\n- id: s\n  title:\n    en: Child\n    de: Kind\n  lable: x\n  elements: []\nid: a\n"
    assert format_text(text, Form) == (
        "id: a\nsteps:\n  - id: s\n    title:\n      de: Kind\n      en: Child\n    elements: []\n    lable: x\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [("a: 1\n---\nb: 2\n", "more than one YAML document"), ("a: 1\nb: 2\na: 3\n", "`a` appears twice")],
)
def test_files_that_would_lose_data_are_refused(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        format_text(text)


def test_invalid_yaml_is_reported_with_its_position() -> None:
    with pytest.raises(FormatError) as caught:
        format_text("id: a\n  b: [\n", Form)
    assert caught.value.line >= 2


SHIPPED = [t for t in definition_targets([MINI, REPO / "forms", REPO / "satzungen"]) if t.path.exists()]


@pytest.mark.parametrize("target", SHIPPED, ids=[t.display for t in SHIPPED])
def test_every_shipped_file_formats_idempotently_without_changing_data(target) -> None:  # type: ignore[no-untyped-def]
    text = target.path.read_text(encoding="utf-8")
    line = modeline(target.kind, target.path, target.root) if target.kind and target.root else None
    try:
        once = format_text(text, model_for(target.kind), line)
    except FormatError as exc:
        pytest.skip(f"not formattable (being edited?): {exc.message}")
    assert format_text(once, model_for(target.kind), line) == once
    assert load_text(once).data == load_text(text).data
    assert len(comments(once)) >= len(comments(text)) - (1 if line else 0)


def test_check_lists_files_and_fmt_fixes_them(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    before = run(["fmt", "--lang", "en", "--check"], root)
    assert before.exit_code == 1
    assert "would reformat forms/nrw/anmeldung.yaml" in before.output
    assert "würde umformatieren: forms/nrw/anmeldung.yaml" in run(["fmt", "--check"], root).output  # German default
    assert run(["fmt"], root).exit_code == 0
    assert run(["fmt", "--check"], root).exit_code == 0
    assert run(["validate"], root).exit_code == 0


def test_shipped_definitions_are_formatted() -> None:
    """CI: `kitaforms fmt --check forms satzungen` (run `kitaforms fmt forms satzungen` to fix)."""
    folders = [name for name in ("forms", "satzungen") if (REPO / name).is_dir()]
    if not folders:
        pytest.skip("no shipped definitions")
    result = run(["fmt", "--check", *folders], REPO)
    assert result.exit_code == 0, result.output
