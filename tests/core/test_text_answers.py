"""Text answers as the citizen meant them (:mod:`kitaforms.runtime.text`): NFC, invisible-only values
are no answer, direction controls are refused in one-line texts; on the server for JSON and plain posts."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from kitaforms.runtime.fields import is_empty
from kitaforms.runtime.text import INVISIBLE, WHITE_SPACE, blank, has_direction_controls, nfc


def test_white_space_is_exactly_what_python_calls_space() -> None:
    assert set(WHITE_SPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


@pytest.mark.parametrize("text", ["", " ", "\u00a0", "\u200b", "\ufeff", " \u200b\u00a0\u2060 ", "\t\n", INVISIBLE])
def test_invisible_only_is_no_answer(text: str) -> None:
    assert blank(text) and is_empty(text)


@pytest.mark.parametrize("text", ["a", " Anna ", "\u200bA", "0", "\u200e"])
def test_visible_text_is_an_answer(text: str) -> None:
    assert not is_empty(text)


def test_nfc_composes_every_text_and_leaves_other_values() -> None:
    decomposed = unicodedata.normalize("NFD", "Müller-Şahin")
    assert decomposed != "Müller-Şahin"
    data = {"name": decomposed, "kinder": [{"vorname": decomposed, "alter": 3}], "ok": True, "betrag": "12.50"}
    assert nfc(data) == {"name": "Müller-Şahin", "kinder": [{"vorname": "Müller-Şahin", "alter": 3}], "ok": True,
                         "betrag": "12.50"}


@pytest.mark.parametrize("text", ["Anna\u202eanoJ", "\u2066Ali\u2069", "\u202aX"])
def test_direction_controls_are_found(text: str) -> None:
    assert has_direction_controls(text)


@pytest.mark.parametrize("text", ["محمد", "Anna\u200f", "Jona"])
def test_right_to_left_names_and_marks_are_fine(text: str) -> None:
    assert not has_direction_controls(text)
