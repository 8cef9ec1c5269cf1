"""The compiled evaluator (generated Python, used by the server's checks) gives what the AST evaluator gives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
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


@pytest.mark.parametrize("texts", [("a == 1", "a == true"), ("a == true", "a == 1"), ("a == 0", "a == false")])
def test_literals_equal_in_python_stay_apart(texts: tuple[str, str]) -> None:
    """The code of an AST is shared by every AST of the same shape: ``1`` and ``true`` (equal in
    Python) are different values in the language, so they must not share it."""
    env = DictEnv({"a": True}, date(2026, 2, 2))
    for text in texts:
        assert compile_expr(parse(text))(env) == evaluate(parse(text), env), text


def test_a_number_keeps_its_written_places() -> None:
    env = DictEnv({"a": 1}, date(2026, 2, 2))
    assert str(compile_expr(parse("a * 1"))(env)) == "1"
    assert str(compile_expr(parse("a * 1.00"))(env)) == "1.00"


def test_references_mean_what_each_use_says() -> None:
    """One AST compiled twice with different readers: each function reads through its own."""
    tree = parse("a + 1")
    first = compile_expr(tree, lambda parts: lambda env: Decimal(1))
    second = compile_expr(tree, lambda parts: lambda env: Decimal(41))
    assert (first(None), second(None)) == (Decimal(2), Decimal(42))  # type: ignore[arg-type]
