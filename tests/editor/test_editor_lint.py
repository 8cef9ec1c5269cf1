"""`kitaforms lint`: the abstract evaluator agrees with the real one, the analysis is bounded, and the
shipped forms and the fixture project are clean."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from editor_support import CORPUS, REPO, lint, mini_project, run

from kitaforms import expr
from kitaforms.editor.lint.values import ANY, FILLED, NULL, Values, evaluate, wrap

VECTORS = json.loads((REPO / "tests" / "expr" / "vectors.json").read_text(encoding="utf-8"))["cases"]


def _plain(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def _scalar_case(case: dict) -> bool:
    return all(not isinstance(v, (list, dict)) for v in case["data"].values())


def _covers(values: Values, real: object) -> bool:
    if isinstance(real, list):
        return ANY in values or FILLED in values
    return wrap(real) in values or (real is not None and (ANY in values or FILLED in values))


SCALAR_CASES = [c for c in VECTORS if _scalar_case(c)]


@pytest.mark.parametrize("case", SCALAR_CASES, ids=[c["name"] for c in SCALAR_CASES])
def test_abstract_evaluation_covers_the_real_value(case: dict) -> None:
    """Sound: with every field known, the abstract result contains what the evaluator computes."""
    tree = expr.parse(case["expr"])
    data = {k: _plain(v) for k, v in case["data"].items()}
    real = expr.evaluate(tree, expr.DictEnv(case["data"], date.fromisoformat(case["today"])))

    def lookup(parts: tuple[str, ...]) -> Values:
        return frozenset({wrap(data.get(".".join(parts)))})

    assert _covers(evaluate(tree, lookup), real)


def _values(text: str, **fields: Values) -> Values:
    return evaluate(expr.parse(text), lambda parts: fields.get(".".join(parts), frozenset({NULL})))


def test_null_semantics_follow_the_language() -> None:
    unanswered = frozenset({NULL})
    assert _values('x == "a"', x=unanswered) == {wrap(False)}
    assert _values('x != "a"', x=unanswered) == {wrap(False)}
    assert _values("x == null", x=unanswered) == {wrap(True)}
    assert _values("not x", x=unanswered) == {wrap(True)}
    for value in (wrap(True), wrap(False), NULL):  # a path gives each field one value
        assert _values("x or not x", x=frozenset({value})) == {wrap(True)}


def test_undecidable_comparisons_give_both_outcomes() -> None:
    assert _values("x > 3", x=frozenset({FILLED})) == {wrap(True), wrap(False)}
    assert _values("alter(x) < 3", x=frozenset({FILLED})) == {wrap(True), wrap(False)}
    assert _values("ausgefuellt(x)", x=frozenset({FILLED, NULL})) == {wrap(True), wrap(False)}


def test_too_many_combinations_are_counted_not_guessed(tmp_path: Path) -> None:
    fields = "\n".join(
        f"      - {{id: f{i}, type: boolean, label: {{de: F{i}, en: F{i}}}}}" for i in range(9)
    )
    condition = " and ".join(f"f{i}" for i in range(9)) + " and not f0"
    form = (
        "id: gross\nversion: 1.0.0\ntitle: {de: Groß, en: Large}\nsteps:\n  - id: s\n    title: {de: S, en: S}\n"
        f"    elements:\n{fields}\n      - {{id: x, type: text, label: {{de: X, en: X}}, visible_if: {condition}}}\n"
    )
    _, report = lint(mini_project(tmp_path / "p", {"forms/nrw/gross.yaml": form}))
    assert report.findings == []
    assert report.undecided >= 1


def test_the_fixture_project_is_clean(tmp_path: Path) -> None:
    result, report = lint(mini_project(tmp_path / "p"))
    assert [f"{d.location}: {d.message}" for d in report.findings] == []


def test_the_shipped_forms_have_no_unexplained_findings() -> None:
    if not (REPO / "forms" / "nrw").is_dir():
        pytest.skip("no shipped forms yet")
    _, report = lint(REPO)
    assert [f"{d.location}: {d.code} {d.message}" for d in report.findings] == []


def test_cli_reports_file_line_col_and_exits_1(tmp_path: Path) -> None:
    case = CORPUS / "required_only_where_hidden.yaml"
    root = mini_project(tmp_path / "p", {"forms/nrw/verborgen.yaml": case.read_text(encoding="utf-8")})
    result = run(["lint", "--lang", "en"], root)
    assert result.exit_code == 1
    assert "forms/nrw/verborgen.yaml:18:22: warning LINT_004:" in result.output
    assert "1 finding in 3 resolved forms." in result.output
    german = run(["lint"], root)  # German by default for editors
    assert "forms/nrw/verborgen.yaml:18:22: warning LINT_004: `" in german.output
    assert "ist nur dort Pflicht, wo es ausgeblendet ist" in german.output
    assert "= Hinweis: ausgeblendete Felder sind nie Pflicht" in german.output
    assert "1 Befund in 3 aufgelösten Formularen." in german.output


def test_cli_json_and_clean_exit(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    result = run(["lint", "--format", "json"], root)
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["findings"] == [] and payload["forms"] == ["musterstadt/anmeldung", "nrw/anmeldung"]
