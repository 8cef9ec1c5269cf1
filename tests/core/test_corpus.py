"""The corpus of broken definitions: every mistake gives its code at the right file:line:col.

Each file in ``corpus/`` is one case. Its header says where it goes in the mini project and what
the compiler must report there (line:col are those of the case file itself, header included):

    # place: forms/nrw/anmeldung.yaml        where the case is written (replacing the file there)
    # remove: forms/musterstadt/kommune.yaml  (optional) a fixture file to delete first
    # with: satzungen/musterstadt/2025-08.yaml  (optional) a file the case needs besides, from corpus/with/
    # generate: pad-to 2100000 | encode cp1252   (optional) how the test turns the text into the file
    # expect: FORM_001 24:13 [warning]        a diagnostic that must be reported in <place>
    # expect: none                            the case is valid: no diagnostic at all
    # hint: did you mean `label`?             text the hint of an expected diagnostic contains
    # message: first at line 14               text the message of an expected diagnostic contains
    # xfail: <reason>                         a known compiler bug (strict: the case must fail)
    # why: <what is wrong, in an editor's words>

Besides the expected diagnostics, the place file must show no other diagnostic: an editor reads
every line of the report, and a cascade of follow-up errors hides the real one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from core_support import copy_fixture

from kitaforms.cli import cli
from kitaforms.compiler import CompileResult, compile_project
from kitaforms.diagnostics import Diagnostic
from kitaforms.errors import CATALOGUE

CORPUS = Path(__file__).parent / "corpus"
HEADER = re.compile(r"^# (?P<key>[a-z]+): (?P<value>.*)$")
EXPECT = re.compile(r"^(?P<code>[A-Z]+_\d{3}) (?P<line>\d+):(?P<col>\d+)(?: (?P<severity>error|warning))?$")
KEYS = {"place", "remove", "with", "generate", "expect", "hint", "message", "xfail", "fixed", "why"}


@dataclass(frozen=True)
class Expected:
    code: str
    line: int
    col: int
    severity: str = "error"

    def matches(self, diagnostic: Diagnostic, place: str) -> bool:
        loc = diagnostic.location
        return (
            loc is not None
            and (diagnostic.code, loc.file, loc.line, loc.col) == (self.code, place, self.line, self.col)
            and diagnostic.severity.value == self.severity
        )

    def __str__(self) -> str:
        return f"{self.code} {self.line}:{self.col} {self.severity}"


@dataclass
class Case:
    name: str
    text: str
    place: str = ""
    removes: list[str] = field(default_factory=list)
    withs: list[str] = field(default_factory=list)
    generate: str | None = None
    expected: list[Expected] = field(default_factory=list)
    valid: bool = False
    hints: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    xfail: str | None = None
    why: str = ""
    fixed: str = ""  # a bug this case once showed, kept as a record (keeps line numbers stable)

    @property
    def has_errors(self) -> bool:
        return any(e.severity == "error" for e in self.expected)


def parse_case(path: Path) -> Case:
    case = Case(path.stem, path.read_text(encoding="utf-8"))
    for line in case.text.splitlines():
        match = HEADER.match(line)
        if not match:
            break
        _apply_header(case, match["key"], match["value"].strip())
    if not case.place or not (case.expected or case.valid) or not case.why:
        raise ValueError(f"{path.name}: a case needs `# place:`, `# expect:` and `# why:`")
    return case


def _apply_header(case: Case, key: str, value: str) -> None:
    if key not in KEYS:
        raise ValueError(f"{case.name}: unknown header `{key}`")
    if key == "expect":
        _add_expected(case, value)
    elif key in ("remove", "with", "hint", "message"):
        {"remove": case.removes, "with": case.withs, "hint": case.hints, "message": case.messages}[key].append(value)
    else:
        setattr(case, key, value)


def _add_expected(case: Case, value: str) -> None:
    if value == "none":
        case.valid = True
        return
    match = EXPECT.match(value)
    if not match:
        raise ValueError(f"{case.name}: cannot read `# expect: {value}`")
    severity = match["severity"] or "error"
    case.expected.append(Expected(match["code"], int(match["line"]), int(match["col"]), severity))


CASES = [parse_case(path) for path in sorted(CORPUS.glob("*.yaml"))]


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.name, marks=marks)


# --- building the project of a case -------------------------------------------------------------


def build(case: Case, root: Path) -> Path:
    copy_fixture(root)
    for relative in case.removes:
        (root / relative).unlink()
    for relative in case.withs:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes((CORPUS / "with" / relative).read_bytes())
    target = root / case.place
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_content(case))
    return root


def _content(case: Case) -> bytes:
    kind, _, argument = (case.generate or "").partition(" ")
    if kind == "pad-to":
        return _padded(case.text, int(argument)).encode("utf-8")
    if kind == "encode":
        return case.text.encode(argument)
    assert not kind, f"unknown generator {kind!r}"
    return case.text.encode("utf-8")


def _padded(text: str, size: int) -> str:
    filler = "# " + "padding " * 12 + "\n"
    count = (size - len(text)) // len(filler) + 1
    return text + filler * count


def compiled(case: Case, root: Path) -> CompileResult:
    try:
        return compile_project(root)
    except Exception as exc:  # noqa: BLE001 - the point of the test
        pytest.fail(f"{case.name}: compile_project raised {type(exc).__name__}: {exc}")


def _report(diagnostics: list[Diagnostic]) -> str:
    lines = [f"  {d.location} {d.severity.value} {d.code}: {d.message} (hint: {d.hint})" for d in diagnostics]
    return "\n".join(lines) or "  (none)"


# --- the corpus itself --------------------------------------------------------------------------


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 45


def test_every_form_catalogue_code_has_a_corpus_case() -> None:
    """Every code of the form compiler (YAML_, FORM_, EXPR_) is exercised; Satzung codes live elsewhere."""
    ours = {code for code in CATALOGUE if code.startswith(("YAML_", "FORM_", "EXPR_"))}
    covered = {expected.code for case in CASES for expected in case.expected}
    assert ours - covered == set()


def test_corpus_expects_only_catalogued_codes() -> None:
    unknown = {f"{case.name}: {e.code}" for case in CASES for e in case.expected if e.code not in CATALOGUE}
    assert unknown == set()


def test_corpus_cases_have_distinct_purposes() -> None:
    whys = Counter(case.why for case in CASES)
    assert [why for why, count in whys.items() if count > 1] == []


# --- each case: the core, then the command line ------------------------------------------------


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case: Case, tmp_path: Path) -> None:
    root = build(case, tmp_path / "project")
    found = compiled(case, root).diagnostics.sorted()
    mine = check_expected(case, found)
    check_explanations(case, mine)
    check_complete(mine)
    check_cli(case, root)


def check_expected(case: Case, found: list[Diagnostic]) -> list[Diagnostic]:
    """Each expected diagnostic is reported, and nothing else in the place file; returns the matches."""
    unmatched = [d for d in found if d.location is not None and d.location.file == case.place]
    mine = []
    for expected in case.expected:
        match = next((d for d in unmatched if expected.matches(d, case.place)), None)
        assert match is not None, f"expected {expected} in {case.place}, got:\n{_report(found)}"
        unmatched.remove(match)
        mine.append(match)
    assert unmatched == [], f"unexpected diagnostics in {case.place}:\n{_report(unmatched)}"
    if case.valid:
        assert found == [], f"a valid case must give no diagnostics, got:\n{_report(found)}"
    return mine


def check_explanations(case: Case, mine: list[Diagnostic]) -> None:
    for hint in case.hints:
        assert any(hint in (d.hint or "") for d in mine), f"no hint with {hint!r}:\n{_report(mine)}"
    for text in case.messages:
        assert any(text in d.message for d in mine), f"no message with {text!r}:\n{_report(mine)}"


def check_complete(mine: list[Diagnostic]) -> None:
    """Compiler grade: a catalogued code with the catalogue's severity, a message and a hint."""
    for diagnostic in mine:
        assert diagnostic.severity is CATALOGUE[diagnostic.code].severity
        assert diagnostic.message.strip()
        assert (diagnostic.hint or "").strip(), f"{diagnostic.code} at {diagnostic.location} has no hint"


def check_cli(case: Case, root: Path) -> None:
    exit_code, output = _validate(root)
    for expected in case.expected:
        assert f"{case.place}:{expected.line}:{expected.col}: {expected.severity} {expected.code}" in output, output
    if case.valid:
        assert (exit_code, output.splitlines()[0]) == (0, "All definitions are valid."), output
    elif case.has_errors:
        assert exit_code == 1, output
    else:  # only warnings: they fail the run with --strict alone
        assert exit_code == 0, output
        strict_code, strict_output = _validate(root, "--strict")
        assert strict_code == 1, strict_output
        for expected in case.expected:
            assert f"{case.place}:{expected.line}:{expected.col}: error {expected.code}" in strict_output


def _validate(root: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", "--lang", "en", *options, str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    output = result.output
    assert "Traceback" not in output
    return result.exit_code, output
