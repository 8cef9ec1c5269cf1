"""Inline-YAML forms for the render tests: ``compile_form(yaml=...)`` resolves one form for a Kommune."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from _fixtures import FACILITIES, KOMMUNE

from kitaforms.compiler import CompileResult, compile_project
from kitaforms.resolve import ResolvedForm

DEMO = Path(__file__).parent / "fixtures" / "demo"


@pytest.fixture(scope="session")
def demo() -> CompileResult:
    return compile_project(DEMO)


@pytest.fixture()
def compile_form(tmp_path: Path) -> Callable[..., ResolvedForm]:
    """``compile_form(yaml=...)``: the form resolved for the Kommune Teststadt."""

    def build(yaml: str, kommune: str = KOMMUNE) -> ResolvedForm:
        forms = tmp_path / "forms"
        (forms / "nrw").mkdir(parents=True, exist_ok=True)
        (forms / "teststadt").mkdir(exist_ok=True)
        form_id = re.search(r"^id: (\w+)", textwrap.dedent(yaml), re.M).group(1)  # type: ignore[union-attr]
        (forms / "nrw" / f"{form_id}.yaml").write_text(textwrap.dedent(yaml), encoding="utf-8")
        (forms / "teststadt" / "kommune.yaml").write_text(kommune.replace("[testform]", f"[{form_id}]"), encoding="utf-8")
        (forms / "teststadt" / "einrichtungen.yaml").write_text(FACILITIES, encoding="utf-8")
        result = compile_project(tmp_path)
        errors = [d for d in result.diagnostics if d.severity.name == "ERROR"]
        assert not errors, errors
        return result.forms[f"teststadt/{form_id}"]

    return build
