"""The browser runtime stays small, CSP-safe, and knows the same functions as Python."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from expr_support import NODE

from kitaforms.expr import FUNCTIONS

RUNTIME = Path(__file__).parents[2] / "renderers/default/static/js/expr.js"
SOURCE = RUNTIME.read_text(encoding="utf-8")


def minified_size(source: str) -> int:
    """A rough minified size: no comments, no indentation, single spaces."""
    without_comments = re.sub(r"/\*.*?\*/|^[ \t]*//[^\n]*", "", source, flags=re.S | re.M)
    return len(re.sub(r"\s+", " ", without_comments).encode("utf-8"))


def test_runtime_is_small() -> None:
    assert minified_size(SOURCE) < 6 * 1024
    assert SOURCE.count("\n") < 220


@pytest.mark.parametrize("forbidden", [r"\beval\s*\(", r"\bFunction\s*\(", r"\bsetTimeout\s*\(\s*['\"]", r"\bimport\b"])
def test_runtime_has_no_dynamic_code(forbidden: str) -> None:
    assert not re.search(forbidden, SOURCE)


def test_runtime_knows_every_python_function() -> None:
    if NODE is None:
        pytest.skip("node is not on PATH: cannot load the JavaScript runtime")
    script = f"process.stdout.write(JSON.stringify(require({json.dumps(str(RUNTIME))}).functions))"
    names = json.loads(subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout)
    assert sorted(names) == sorted(FUNCTIONS)


def test_runtime_parameter_kinds_match_the_python_arity() -> None:
    table = dict(re.findall(r"^\s+(\w+): \['([nds*]*)'", SOURCE, flags=re.M))
    assert {name: len(kinds) for name, kinds in table.items()} == {
        name: len(function.params) for name, function in FUNCTIONS.items()
    }
