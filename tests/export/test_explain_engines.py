"""The schema errors come out the same whichever JSON Schema implementation explains them.

:meth:`SubmissionValidator.explain` asks ``jsonschema-rs`` (fast; used for the example files of every
build and for refused submissions) and falls back to ``jsonschema``. Both must translate to the same
field errors and keywords, on every shipped example and on the seeded mutations of the check corpus
(answers left out or swapped, wrong types, edge-case strings and numbers, extra keys, resized repeats).
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from kitaforms.export._json import loads
from kitaforms.export.formdata import resolved_from_data
from kitaforms.export.validation import SubmissionValidator

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "core" / "check_corpus.jsonl.gz"


def _cases() -> dict[str, list[Any]]:
    by_form: dict[str, list[Any]] = defaultdict(list)
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            case = json.loads(line)
            by_form[case["form"]].append(case["data"])
    return by_form


def _explained(found: list[Any]) -> list[tuple[str, str, str, str]]:
    return sorted({(error.path, error.code, error.message["de"], keyword) for error, keyword in found})


def test_both_engines_explain_every_corpus_case_alike(current_bundles) -> None:  # type: ignore[no-untyped-def]
    cases = _cases()
    compared = refused = 0
    for bundle in current_bundles:
        form = bundle.json("form.json")
        validator = SubmissionValidator(resolved_from_data(form), bundle.json("schema.json"))
        if validator.fast is None:
            pytest.skip("jsonschema-rs is not installed")
        key = f"{form['kommune']['id']}/{form['form']['id']}"
        datas = cases.get(key, []) + [loads(content) for path, content in bundle.files.items()
                                            if path.startswith("examples/") and path.endswith(".json")
                                            and "/index" not in path]
        for data in datas:
            fast, reference = _explained(validator.explain(data)), _explained(validator.explain_by_jsonschema(data))
            assert fast == reference, (bundle.folder, data)
            compared += 1
            refused += bool(reference)
    assert compared > 1000 and refused > 300, (compared, refused)
