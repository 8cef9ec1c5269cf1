"""The EXPR_* catalogue entries are complete, and their examples really show the mistake and the fix."""

from __future__ import annotations

import re
from typing import Any

import pytest
from ruamel.yaml import YAML

from kitaforms.errors.expr import CODES
from kitaforms.expr import BOOLEAN, DATE, STRING, DictScope, ExprSyntaxError, Symbol, parse, typecheck

EXAMPLE_SCOPE = DictScope(
    {
        "kind.geburtsdatum": DATE,
        "betreuung.beginn": DATE,
        "getrennt_lebend": BOOLEAN,
        "sorgerecht": Symbol(STRING, frozenset({"gemeinsam", "allein_mutter", "allein_vater"})),
    }
)


def codes_found(source: str) -> set[str]:
    try:
        expr = parse(source)
    except ExprSyntaxError as error:
        return {error.code}
    return {issue.code for issue in typecheck(expr, EXAMPLE_SCOPE, BOOLEAN)[1]}


def condition_of(example: str) -> str:
    fields: list[dict[str, Any]] = YAML(typ="safe").load(example)
    return str(fields[0]["visible_if"])


def test_codes_are_numbered_without_gaps_and_unique() -> None:
    numbers = [code.code for code in CODES]
    assert numbers == [f"EXPR_{index:03d}" for index in range(1, len(CODES) + 1)]


def test_the_required_codes_keep_their_meaning() -> None:
    titles = {code.code: code.title.lower() for code in CODES}
    for code, word in [
        ("EXPR_001", "syntax"),
        ("EXPR_002", "unknown field"),
        ("EXPR_003", "type"),
        ("EXPR_004", "unknown function"),
        ("EXPR_005", "number of arguments"),
        ("EXPR_006", "code"),
        ("EXPR_007", "date"),
        ("EXPR_008", "condition"),
    ]:
        assert word in titles[code]
    severities = {code.code: code.severity.value for code in CODES}
    assert {c for c, s in severities.items() if s == "warning"} == {"EXPR_006", "EXPR_009"}


@pytest.mark.parametrize("entry", CODES, ids=[code.code for code in CODES])
def test_every_entry_is_documented(entry: Any) -> None:
    assert entry.title and len(entry.explanation) > 60
    assert re.search(r"\bvisible_if:", entry.wrong) and re.search(r"\bvisible_if:", entry.fixed)


@pytest.mark.parametrize("entry", CODES, ids=[code.code for code in CODES])
def test_wrong_example_raises_the_code_and_fixed_example_is_clean(entry: Any) -> None:
    assert entry.code in codes_found(condition_of(entry.wrong))
    assert codes_found(condition_of(entry.fixed)) == set()
