"""Inline-YAML forms for the render tests: ``compile_form(yaml=...)`` resolves one form for a Kommune."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from kitaforms.compiler import CompileResult, compile_project
from kitaforms.resolve import ResolvedForm

DEMO = Path(__file__).parent / "fixtures" / "demo"
KOMMUNE = """\
id: teststadt
name: Stadt Teststadt
ags: "05990000"
jugendamt: {name: Jugendamt Teststadt, email: jugendamt@teststadt.example, phone: "0999 1"}
datenschutz: {name: Datenschutz Teststadt, email: datenschutz@teststadt.example}
forms: [testform]
"""
FACILITIES = """\
sample_data: true
source: Invented.
facilities:
  - {id: kita-a, name: Kita A, traeger: Stadt, address: {street: Weg 1, postal_code: "59990", city: Teststadt}, care_types: [kita], age_from_months: 12, age_to_months: 72}
  - {id: kita-b, name: Kita B, traeger: AWO, address: {street: Weg 2, postal_code: "59990", city: Teststadt}, care_types: [kita], age_from_months: 0, age_to_months: 36}
"""


@pytest.fixture(scope="session")
def demo() -> CompileResult:
    return compile_project(DEMO)


@pytest.fixture()
def compile_form(tmp_path: Path) -> Callable[..., ResolvedForm]:
    """``compile_form(yaml=...)``: the form (id ``testform``) resolved for the Kommune Teststadt."""

    def build(yaml: str, kommune: str = KOMMUNE) -> ResolvedForm:
        forms = tmp_path / "forms"
        (forms / "nrw").mkdir(parents=True, exist_ok=True)
        (forms / "teststadt").mkdir(exist_ok=True)
        (forms / "nrw" / "testform.yaml").write_text(textwrap.dedent(yaml), encoding="utf-8")
        (forms / "teststadt" / "kommune.yaml").write_text(kommune, encoding="utf-8")
        (forms / "teststadt" / "einrichtungen.yaml").write_text(FACILITIES, encoding="utf-8")
        result = compile_project(tmp_path)
        errors = [d for d in result.diagnostics if d.severity.name == "ERROR"]
        assert not errors, errors
        return result.forms["teststadt/testform"]

    return build
