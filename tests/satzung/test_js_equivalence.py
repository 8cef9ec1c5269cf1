"""The browser evaluator (renderers/default/static/js/fees.js, run with node) gives exactly the Python engine's
result – fees, total, every explanation step and its wording – for 5,000 random households per Satzung."""

from __future__ import annotations

from typing import Any

import pytest
from households import cases
from satzung_support import NODE, run_js
from synthetic import synthetic

from kitaforms.satzung import FeeError, assess
from kitaforms.satzung.compiled import compile_json
from kitaforms.satzung.jsonio import assessment_to_json, error_to_json, household_to_json
from kitaforms.satzung.rules import Rules

PER_SATZUNG = 5000

pytestmark = [pytest.mark.skipif(NODE is None, reason="node is not on PATH"), pytest.mark.slow]


def python_result(rules: Rules, household, on, lang: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    try:
        return assessment_to_json(assess(rules, household, on), lang)
    except FeeError as exc:
        return error_to_json(exc)


def comparable(result: dict[str, Any]) -> dict[str, Any]:
    """Errors compare by code, kind and paragraph (messages are worded for each side's audience)."""
    if "error" in result:
        error = result["error"]
        return {"error": {k: error[k] for k in ("code", "kind", "paragraph")}}
    return result


def all_rules(project_rules: dict[str, Rules]) -> list[Rules]:
    return [*sorted(project_rules.values(), key=lambda r: r.key), *synthetic()]


def test_every_satzung_is_covered(project_rules) -> None:
    keys = [r.key for r in all_rules(project_rules)]
    assert len(keys) == 17 and {"koeln/2025-08", "duesseldorf/2021-08", "duisburg/2023-08"} <= set(keys)


@pytest.mark.parametrize("index", range(17))
def test_python_and_javascript_agree(project_rules, index: int) -> None:
    rules = all_rules(project_rules)[index]
    samples = cases(rules, PER_SATZUNG, seed=1)
    langs = ["de" if i % 3 else "en" for i in range(len(samples))]
    expected = [comparable(python_result(rules, h, on, lang)) for (h, on), lang in zip(samples, langs, strict=True)]
    js_cases = [{"rules": rules.key, "household": household_to_json(h), "on": on.isoformat(), "lang": lang}
                for (h, on), lang in zip(samples, langs, strict=True)]
    got = [comparable(r) for r in run_js({rules.key: compile_json(rules)}, js_cases)]
    mismatches = [(i, expected[i], got[i]) for i in range(len(samples)) if expected[i] != got[i]]
    assert not mismatches, _explain(mismatches[0], js_cases)
    fees = sum(1 for r in expected if "error" not in r)
    assert len(expected) == PER_SATZUNG and (fees > 0 or rules.key.split("/")[0] in _NO_FEES)


_NO_FEES: set[str] = set()


def _explain(mismatch: tuple[int, dict[str, Any], dict[str, Any]], js_cases: list[dict[str, Any]]) -> str:
    index, expected, got = mismatch
    keys = sorted(set(expected) | set(got))
    diff = {k: (expected.get(k), got.get(k)) for k in keys if expected.get(k) != got.get(k)}
    return f"case {index}: {js_cases[index]}\ndifferences (python, js): {diff}"
