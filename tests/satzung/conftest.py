"""Helpers for the Satzung tests: the project's real Satzungen, inline Satzungen, households in one line."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from satzung_support import ROOT  # noqa: E402

from kitaforms.satzung.project import compile_satzungen  # noqa: E402
from kitaforms.satzung.rules import Rules  # noqa: E402


@pytest.fixture(scope="session")
def project_rules() -> dict[str, Rules]:
    rules, diagnostics = compile_satzungen(ROOT)
    assert not [d for d in diagnostics if d.is_error], diagnostics
    return rules


@pytest.fixture
def d():  # type: ignore[no-untyped-def]
    """``d("12.50")`` → Decimal; ``d(2025, 9, 1)`` → date."""

    def make(*parts):  # type: ignore[no-untyped-def]
        return date(*parts) if len(parts) == 3 else Decimal(str(parts[0]))

    return make
