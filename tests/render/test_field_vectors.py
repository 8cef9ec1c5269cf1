"""The shared field vectors, in Python: each input posted as a plain form (no JavaScript) is read by
``kitaforms.render`` and checked as the form server checks it (JSON Schema + the form's rules).

The browser runtime runs the same file in ``tests/browser/test_field_vectors_in_browser.py``: numbers, amounts,
dates, months, IBANs and postcodes are read and refused the same way with and without JavaScript.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from _vectors import KEY, VECTORS, Vector, vectors_project

from kitaforms.compiler import compile_project
from kitaforms.export.bundle import DEFAULT_BASE_URL
from kitaforms.export.schema import form_schema
from kitaforms.export.validation import SubmissionValidator
from kitaforms.render import form_post_to_data

TODAY = date(2026, 2, 2)


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, SubmissionValidator]:
    result = compile_project(vectors_project(tmp_path_factory.mktemp("vectors")))
    errors = [d for d in result.diagnostics if d.severity.name == "ERROR"]
    assert not errors, errors
    resolved = result.forms[KEY]
    return resolved, SubmissionValidator(resolved, form_schema(resolved, DEFAULT_BASE_URL))


def test_every_kind_has_accepted_and_refused_inputs() -> None:
    kinds = {(v.kind, v.error is None) for v in VECTORS}
    for kind in ("money", "decimal", "integer", "date", "month", "iban", "postal_code"):
        assert {(kind, True), (kind, False)} <= kinds, kind


@pytest.mark.parametrize("vector", VECTORS, ids=[v.id for v in VECTORS])
def test_a_plain_post_reads_and_checks_the_input(vector: Vector, form: tuple[Any, SubmissionValidator]) -> None:
    resolved, validator = form
    data = form_post_to_data(resolved, vector.post(), TODAY)
    found = {(error.path, error.code) for error in validator.validate(data, TODAY).errors}
    if vector.error:
        assert found == {(vector.name, vector.error)}, f"{vector.typed!r} → {data}"
        return
    assert not found, f"{vector.typed!r} → {data}: {found}"
    assert data == {vector.name: vector.value}
    assert type(data[vector.name]) is type(vector.value), "amounts are decimal strings, whole numbers JSON numbers"


@pytest.mark.parametrize("vector", [v for v in VECTORS if v.error is None], ids=[v.id for v in VECTORS if v.error is None])
def test_the_value_the_browser_sends_is_accepted(vector: Vector, form: tuple[Any, SubmissionValidator]) -> None:
    """The normalised value, sent as JSON (as the assistant does), passes the server's checks."""
    resolved, validator = form
    assert validator.validate({vector.name: vector.value}, TODAY).errors == []
