"""docs/satzung.md stays in step with the language: every top-level key, every error code and every
Satzung file of the repository is mentioned."""

from __future__ import annotations

from satzung_support import ROOT

from kitaforms.errors.satzung import CODES
from kitaforms.satzung.model import Satzung

DOC = (ROOT / "docs" / "satzung.md").read_text(encoding="utf-8")


def test_every_top_level_key_is_documented() -> None:
    missing = [key for key in Satzung.model_fields if f"`{key}`" not in DOC]
    assert not missing


def test_every_error_code_is_documented() -> None:
    assert not [c.code for c in CODES if c.code not in DOC]


def test_every_satzung_file_is_listed(project_rules) -> None:
    for key in project_rules:
        kommune, stem = key.split("/")
        assert f"`{key}`" in DOC or (f"`{kommune}/" in DOC and stem in DOC), key
