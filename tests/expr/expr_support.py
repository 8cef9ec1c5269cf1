"""Shared helpers for the expression-language tests (a plain module: no fixtures needed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
NODE = shutil.which("node")


def same_value(actual: Any, expected: Any, tolerance: Decimal = Decimal(0)) -> bool:
    """Type-aware equality: ``True`` is not ``1``, numbers compare by value (within tolerance)."""
    if isinstance(actual, date):
        actual = actual.isoformat()
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    if isinstance(actual, Decimal) and isinstance(expected, Decimal):
        return abs(actual - expected) <= tolerance * max(Decimal(1), abs(expected))
    if isinstance(actual, list) and isinstance(expected, list):
        return len(actual) == len(expected) and all(
            same_value(a, e, tolerance) for a, e in zip(actual, expected, strict=True)
        )
    return type(actual) is type(expected) and actual == expected


def load_json(text: str) -> Any:
    """JSON with every number as Decimal (floats would lose the exactness we test)."""
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


def run_node(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evaluate ``[{ast, data, today}]`` with expr.js under node; numbers come back as Decimal."""
    if NODE is None:
        pytest.skip("node is not on PATH: cannot run the JavaScript evaluator")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(cases, handle)
    try:
        done = subprocess.run(
            [NODE, str(HERE / "run_vectors.js"), handle.name],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    finally:
        Path(handle.name).unlink()
    return load_json(done.stdout)  # type: ignore[no-any-return]
