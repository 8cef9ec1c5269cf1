"""Property tests: the parser never crashes, ASTs survive JSON and source round trips,
and the Python and JavaScript evaluators agree on random expressions."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from expr_strategies import agreement_asts, agreement_data, json_asts, source_asts
from expr_support import run_node, same_value
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from kitaforms.expr import (
    DictEnv,
    DictScope,
    Expr,
    ExprSyntaxError,
    evaluate,
    from_json,
    parse,
    to_json,
    to_source,
    typecheck,
)

TOKENS = [
    "a",
    "b.c",
    "größe",
    "1",
    "2.5",
    '"x"',
    "'y'",
    "true",
    "false",
    "null",
    "and",
    "or",
    "not",
    "in",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "(",
    ")",
    ",",
    ".",
    "heute",
    "alter_am",
    "=",
    "!",
    "&&",
    '"',
    "\\",
    "„",
    "1.",
    "[",
    "]",
]


@given(st.text(max_size=60))
def test_random_text_only_ever_raises_syntax_errors(source: str) -> None:
    try:
        parse(source)
    except ExprSyntaxError as error:
        assert 0 <= error.offset <= len(source) and error.length >= 0 and error.message


@given(st.lists(st.sampled_from(TOKENS), max_size=25), st.sampled_from([" ", ""]))
def test_token_soup_only_ever_raises_syntax_errors(tokens: list[str], glue: str) -> None:
    source = glue.join(tokens)
    try:
        parse(source)
    except ExprSyntaxError as error:
        assert 0 <= error.offset <= len(source)


def _plain_json(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain_json(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain_json(item) for item in value)
    return value is None or isinstance(value, (str, bool))


@given(json_asts())
def test_json_ast_round_trips_and_holds_only_plain_json(expr: Expr) -> None:
    data = to_json(expr)
    assert _plain_json(data)
    assert from_json(json.loads(json.dumps(data))) == expr


@given(source_asts())
def test_source_round_trips_through_the_parser(expr: Expr) -> None:
    assert parse(to_source(expr)) == expr


@given(json_asts())
def test_checker_and_evaluator_never_crash_on_any_ast(expr: Expr) -> None:
    typecheck(expr, DictScope({}))
    evaluate(expr, DictEnv({}, date(2025, 6, 15)))


def _random_cases(count: int) -> list[tuple[Expr, dict[str, Any]]]:
    """``count`` random (AST, data) pairs, the same on every run."""
    cases: list[tuple[Expr, dict[str, Any]]] = []

    @settings(max_examples=count, derandomize=True, database=None, phases=[Phase.generate], deadline=None)
    @given(agreement_asts(), agreement_data())
    def collect(expr: Expr, data: dict[str, Any]) -> None:
        cases.append((expr, data))

    collect()
    return cases


def test_python_and_javascript_agree_on_random_expressions() -> None:
    cases = _random_cases(500)
    today = date(2025, 6, 15)
    inputs = [{"ast": to_json(expr), "data": data, "today": today.isoformat()} for expr, data in cases]
    failures = [
        f"{to_source(expr)} with {data}: Python {expected!r}, JS {result}"
        for (expr, data), result in zip(cases, run_node(inputs), strict=True)
        for expected in [evaluate(expr, DictEnv(data, today))]
        if "error" in result or not same_value(expected, result["value"], Decimal("1e-9"))
    ]
    assert len(cases) == 500 and not failures, "\n".join(failures[:10])
