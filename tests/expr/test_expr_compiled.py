"""The compiled evaluator (closures, used by the server's checks) gives what the AST evaluator gives."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from expr_strategies import agreement_asts, agreement_data, json_asts
from expr_support import HERE, load_json, same_value
from hypothesis import given, settings
from hypothesis import strategies as st

from kitaforms.expr import DictEnv, Expr, compile_expr, evaluate, parse

CASES: list[dict[str, Any]] = load_json((HERE / "vectors.json").read_text(encoding="utf-8"))["cases"]


def both(expr: Expr, env: DictEnv) -> tuple[Any, Any]:
    try:
        expected: Any = evaluate(expr, env)
    except Exception as exc:  # noqa: BLE001 - the compiled form must fail the same way
        expected = type(exc)
    try:
        compiled: Any = compile_expr(expr)(env)
    except Exception as exc:  # noqa: BLE001
        compiled = type(exc)
    return expected, compiled


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_compiled_evaluator_passes_the_shared_vectors(case: dict[str, Any]) -> None:
    env = DictEnv(case["data"], date.fromisoformat(case["today"]))
    result = compile_expr(parse(case["expr"]))(env)
    assert same_value(result, case["expected"]), f"{case['expr']} gave {result!r}"


@settings(max_examples=400, deadline=None)
@given(agreement_asts(), agreement_data(), st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_compiled_and_interpreted_agree_on_random_expressions(expr: Expr, data: dict[str, Any], today: date) -> None:
    expected, compiled = both(expr, DictEnv(data, today))
    assert compiled == expected


@settings(max_examples=200, deadline=None)
@given(json_asts())
def test_compiled_never_differs_on_any_ast(expr: Expr) -> None:
    expected, compiled = both(expr, DictEnv({}, date(2026, 2, 2)))
    assert compiled == expected
