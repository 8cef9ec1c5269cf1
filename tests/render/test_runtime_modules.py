"""The browser runtime's modules that need no page, run alone in node: ``values.js`` reads what a parent
types and ``checks.js`` refuses it exactly as Python does, for every shared field vector
(``tests/fixtures/field_vectors.json``, the same file ``test_field_vectors.py`` runs against Python and
``tests/browser/test_field_vectors_in_browser.py`` against the whole assistant in Chromium)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from _vectors import KEY, VECTORS, Vector, vectors_project

from kitaforms.compiler import compile_project
from kitaforms.export.bundle import DEFAULT_BASE_URL
from kitaforms.export.schema import form_schema
from kitaforms.export.validation import SubmissionValidator
from kitaforms.render import _later, form_post_to_data, render_assistant

NODE = shutil.which("node")
RUNNER = Path(__file__).with_name("run_modules.js")
TODAY = __import__("datetime").date(2026, 2, 2)

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not on PATH: cannot run the JavaScript modules")


def page_data(html: bytes) -> dict[str, Any]:
    found = re.search(rb'<script type="application/json" id="kf-data">(.*?)</script>', html, re.S)
    assert found, "the page carries its data"
    return json.loads(found.group(1))


def run_modules(data: dict[str, Any], labels: dict[str, str], cases: list[dict[str, Any]], tmp: Path) -> list[dict[str, Any]]:
    (tmp / "input.json").write_text(json.dumps({"K": data, "labels": labels, "cases": cases}), encoding="utf-8")
    run = subprocess.run([NODE, str(RUNNER), str(tmp / "input.json")], capture_output=True, text=True, check=False)  # type: ignore[list-item]
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def vectors(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, SubmissionValidator, list[dict[str, Any]]]:
    resolved = compile_project(vectors_project(tmp_path_factory.mktemp("vectors"))).forms[KEY]
    bundle = render_assistant(resolved)  # the page's data and what the runtime adds to it (render._later)
    data = _later.joined(page_data(bundle["index.html"]), json.loads(bundle["assets/runtime-de.json"]))
    labels = {v.name: v.label for v in VECTORS}
    cases = [{"field": v.name, "typed": list(v.typed) if isinstance(v.typed, tuple) else v.typed} for v in VECTORS]
    results = run_modules(data, labels, cases, tmp_path_factory.mktemp("node"))
    return resolved, SubmissionValidator(resolved, form_schema(resolved, DEFAULT_BASE_URL)), results


@pytest.mark.parametrize("index", range(len(VECTORS)), ids=[v.id for v in VECTORS])
def test_the_modules_read_and_check_each_vector_as_python_does(index: int, vectors: Any) -> None:
    resolved, validator, results = vectors
    vector: Vector = VECTORS[index]
    got = results[index]
    if vector.error is None:
        assert got == {"value": vector.value, "problems": []}, vector.typed
        return
    errors = validator.validate(form_post_to_data(resolved, vector.post(), TODAY), TODAY).errors
    expected = [(e.code, e.message["de"]) for e in errors if e.path == vector.name]
    assert [tuple(p) for p in got["problems"]] == expected, vector.typed


def test_every_module_is_in_the_bundle_and_started() -> None:
    """Each file of static/js is joined into the runtime (the wish list and the fee estimate only where the page
    has one; fees.js is loaded on demand), and kitaforms.js starts each module it registers (``window.Kita<Name>``)."""
    from kitaforms.render import ESTIMATE_PART, JS_PARTS, WISHES_PART

    folder = Path(__file__).resolve().parents[2] / "renderers/default/static/js"
    files = {f"js/{p.name}" for p in folder.glob("*.js")}
    assert files == {*JS_PARTS, WISHES_PART, ESTIMATE_PART, "js/fees.js", "js/head.js"}
    started = re.search(r"const MODULES = \[(.*?)\];", (folder / "kitaforms.js").read_text(encoding="utf-8"), re.S)
    assert started
    names = re.findall(r"'(\w+)'", started.group(1))
    registered = {re.search(r"root\.Kita(\w+) = ", (folder / part[3:]).read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
                  for part in [*JS_PARTS[1:-1], ESTIMATE_PART]}
    assert set(names) == registered and len(names) == len(registered)
