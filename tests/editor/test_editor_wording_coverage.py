"""Every message and hint kitaforms gives an editor is available in German and English (issue 19).

The core words each diagnostic in English; :mod:`kitaforms.errors.wording` holds the German. This test reads
the source: every call that names a catalogue code (``Diagnostic.make("FORM_011", f"…", …, "hint")`` and the
helpers built like it) gives its message and hint as literal text or f-string; each must have its German
entry. The varying parts (``{…}`` in an f-string) are filled with sample words, as an editor's ids and values
would be; where they come from a short list of words, ``REAL`` gives the texts they really make.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from editor_support import REPO

from kitaforms.errors import CATALOGUE
from kitaforms.errors.wording import german_of

SOURCE = REPO / "src" / "kitaforms"
CODE = re.compile(r"^[A-Z]+_\d{3}$")
SAMPLE = "feld_{}"  # what a varying part is filled with


def _template(node: ast.expr | None) -> str | None:
    """The text of a string literal or f-string, each varying part a sample word; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else SAMPLE.format(i) for i, v in enumerate(node.values))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _calls() -> list[tuple[str, str, str]]:
    """(place, code, text) for every message or hint text of a call that names a catalogue code first."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "errors" in path.relative_to(SOURCE).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            code = node.args[0].value
            if not (isinstance(code, str) and CODE.match(code) and code in CATALOGUE):
                continue
            arguments = [*node.args[1:], *(k.value for k in node.keywords if k.arg in ("message", "hint"))]
            texts = [text for text in map(_template, arguments) if text and not CODE.match(text)]
            found += [(f"{path.relative_to(SOURCE)}:{node.lineno}", code, text) for text in texts]
    return found


CALLS = _calls()

# Templates whose varying parts are words from a short list (or optional pieces): the texts they really give.
REAL = {
    "the id `feld_1` is used twicefeld_3 (first at feld_5)": [
        "the id `name` is used twice in `kind` (first at forms/nrw/anmeldung.yaml:12:7)",
        "the id `name` is used twice (first at forms/nrw/anmeldung.yaml:12:7)"],
    "feld_0 written in German number format: `feld_2`": [
        "the setting `max_wuensche` is written in German number format: `1.000`",
        "`maximum` of `kind.alter` is written in German number format: `1.000`"],
    "version feld_1 of `feld_3` for feld_5 is already published (exports/feld_7); this build would change it: "
    "feld_9feld_10": [
        "version 2.0.0 of `anmeldung` for 05315000-koeln is already published (exports/05315000-koeln/anmeldung/2.0.0)"
        "; this build would change it: a breaking change (kind.plz: removed and 2 more)",
        "version 2.0.0 of `anmeldung` for 05315000-koeln is already published (exports/05315000-koeln/anmeldung/2.0.0)"
        "; this build would change it: a change of the generated content with no change of meaning"],
    "set at least `version: feld_1` (feld_3, by the rules of `kitaforms diff`) feld_5; or undo the change": [
        "set at least `version: 3.0.0` (major, by the rules of `kitaforms diff`) here; or undo the change",
        "set at least `version: 2.1.0` (minor, by the rules of `kitaforms diff`) in forms/koeln/anmeldung.yaml for "
        "this Kommune alone, or here for every Kommune; or undo the change"],
    "`feld_1` is never shown: `feld_3` is falsefeld_5feld_6": [
        f"`kind.plz` is never shown: `a == 1` is false {where}{required}"
        for where in ("on every path", "whenever its step and groups are shown")
        for required in ("", " (it is required, but a hidden field is never asked for)")],
    "add forms/feld_1/feld_3 (name, ags, jugendamt, datenschutz), or run `kitaforms init feld_5 --ags <AGS>`": [
        "add forms/neustadt/kommune.yaml (name, ags, jugendamt, datenschutz), or run `kitaforms init neustadt --ags "
        "<AGS>`"],
    "use `feld_1:` here, or target feld_3": ["use `elements:` here, or target a step",
                                            "use `steps:` here, or target an element"],
}


def test_the_scan_finds_the_diagnostics() -> None:
    assert len(CALLS) >= 110
    assert {code for _, code, _ in CALLS} >= {"FORM_011", "FORM_026", "EXPR_004", "YAML_001", "BUILD_001", "LINT_002"}


@pytest.mark.parametrize(("place", "code", "text"), CALLS, ids=[f"{p} {t[:40]}" for p, _, t in CALLS])
def test_every_message_and_hint_has_its_german_wording(place: str, code: str, text: str) -> None:
    missing = [real for real in REAL.get(text, [text]) if german_of(real) is None and german_of(real, hint=True) is None]
    assert missing == [], f"{code}: add the German wording to MESSAGES or HINTS in errors/wording.py: {missing}"


def test_english_stays_as_written() -> None:
    from kitaforms.diagnostics import Diagnostic
    from kitaforms.errors.wording import localized

    diagnostic = Diagnostic.make("FORM_013", "the form has no setting `max_wunsche`", None, "did you mean `max_wuensche`?")
    assert localized(diagnostic, "en") == diagnostic
    german = localized(diagnostic, "de")
    assert (german.message, german.hint) == ("das Formular hat keine Einstellung `max_wunsche`",
                                             "meinten Sie `max_wuensche`?")


def _corpus_module():  # type: ignore[no-untyped-def]
    """tests/core/test_corpus.py (its cases and how it builds them), loaded once."""
    import importlib.util
    import sys

    sys.path[:0] = [str(REPO / "tests" / "core")]
    spec = importlib.util.spec_from_file_location("kitaforms_corpus_cases", REPO / "tests" / "core" / "test_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_of_the_corpus_of_mistakes_is_in_german(tmp_path: Path) -> None:
    """Messages whose text is not written at the call (pydantic's, composed ones): the corpus gives them all."""
    from kitaforms.compiler import compile_project

    corpus = _corpus_module()
    missing = set()
    for number, path in enumerate(sorted(corpus.CORPUS.glob("*.yaml"))):
        root = corpus.build(corpus.parse_case(path), tmp_path / str(number))
        for diagnostic in compile_project(root).diagnostics:
            if german_of(diagnostic.message) is None:
                missing.add(f"{path.name}: {diagnostic.code} {diagnostic.message}")
            if diagnostic.hint and german_of(diagnostic.hint, hint=True) is None:
                missing.add(f"{path.name}: {diagnostic.code} hint {diagnostic.hint}")
    assert sorted(missing) == []
