"""The rules check gives the recorded answer on every case of the check corpus.

``tests/core/check_corpus.jsonl.gz`` (made by ``tools/make_check_corpus.py``) holds every shipped
example of every Kommune form and seeded mutations of them (answers left out or swapped, values of
the wrong type, edge-case strings and numbers, extra keys, resized repeats), each with the full
result of the check when it was recorded: errors and warnings with their messages, and the visible
and required paths. A faster evaluation of the rules must not change a single answer.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kitaforms.compiler import compile_project
from kitaforms.runtime import check_submission

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).with_name("check_corpus.jsonl.gz")


def _cases() -> dict[str, list[dict[str, Any]]]:
    by_form: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            case = json.loads(line)
            by_form[case["form"]].append(case)
    return by_form


CASES = _cases()


@pytest.fixture(scope="module")
def forms():
    return compile_project(ROOT).forms


def test_the_corpus_covers_every_kommune_form_with_valid_invalid_and_mutated_answers(forms) -> None:
    assert set(CASES) == {key for key in forms if CASES.get(key)} and len(CASES) >= 27
    origins = {case["origin"] for cases in CASES.values() for case in cases}
    assert origins == {"valid", "invalid", "mutation"}
    outcomes = [bool(case["result"]["errors"]) for cases in CASES.values() for case in cases]
    assert 0.2 < sum(outcomes) / len(outcomes) < 0.95  # both accepted and refused answers are replayed


@pytest.mark.parametrize("form_key", sorted(CASES))
def test_the_check_answers_as_recorded(forms, form_key: str) -> None:
    resolved = forms[form_key]
    for number, case in enumerate(CASES[form_key]):
        result = check_submission(resolved, case["data"], date.fromisoformat(case["today"]))
        got = {
            "errors": [[e.path, e.code, e.severity, e.message] for e in result.errors],
            "warnings": [[e.path, e.code, e.severity, e.message] for e in result.warnings],
            "visible": sorted(result.visible),
            "required": sorted(result.required),
        }
        assert got == case["result"], f"case {number} ({case['origin']}) of {form_key}"
