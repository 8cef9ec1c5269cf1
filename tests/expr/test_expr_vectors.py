"""The shared vectors: the Python and the JavaScript evaluator must both give the expected value."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from expr_support import HERE, load_json, run_node, same_value

from kitaforms.expr import DictEnv, evaluate, parse, to_json

RAW = (HERE / "vectors.json").read_text(encoding="utf-8")
CASES: list[dict[str, Any]] = load_json(RAW)["cases"]
PLAIN_CASES: list[dict[str, Any]] = json.loads(RAW)["cases"]  # data as plain JSON for node
JS_TOLERANCE = Decimal("1e-12")  # JS computes in binary floating point


def test_there_are_enough_vectors() -> None:
    assert len(CASES) >= 60
    assert all(set(case) >= {"expr", "data", "today", "expected"} for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_python_evaluator(case: dict[str, Any]) -> None:
    env = DictEnv(case["data"], date.fromisoformat(case["today"]))
    result = evaluate(parse(case["expr"]), env)
    assert same_value(result, case["expected"]), f"{case['expr']} gave {result!r}"


def test_javascript_evaluator_agrees() -> None:
    inputs = [
        {"ast": to_json(parse(case["expr"])), "data": case["data"], "today": case["today"]} for case in PLAIN_CASES
    ]
    failures = [
        f"{case['name']}: {case['expr']} gave {result} in JS, expected {case['expected']!r}"
        for case, result in zip(CASES, run_node(inputs), strict=True)
        if "error" in result or not same_value(result["value"], case["expected"], JS_TOLERANCE)
    ]
    assert not failures, "\n".join(failures)
