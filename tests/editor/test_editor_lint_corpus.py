"""The lint corpus: each deliberately flawed definition gives exactly its findings, at file:line:col.

See ``tests/lint_corpus/README.md`` for the header format.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from editor_support import CORPUS, lint, mini_project

from kitaforms.errors import CATALOGUE

HEADER = re.compile(r"^# (?P<key>[a-z-]+): (?P<value>.*)$")
EXPECT = re.compile(r"^(?P<code>LINT_\d{3}) (?:(?P<file>\S+):)?(?P<line>\d+):(?P<col>\d+)$")
CASES = sorted(CORPUS.glob("*.yaml"))


def header(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = HEADER.match(line)
        if not match:
            break
        found.setdefault(match["key"], []).append(match["value"].strip())
    return found


def expected(values: list[str], place: str) -> set[str]:
    found = set()
    for value in values:
        match = EXPECT.match(value)
        assert match, f"bad expect line: {value}"
        found.add(f"{match['code']} {match['file'] or place}:{match['line']}:{match['col']}")
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_lint_finds_exactly_the_expected_findings(case: Path, tmp_path: Path) -> None:
    meta = header(case)
    place = meta["place"][0]
    root = mini_project(tmp_path / "project", {place: case.read_text(encoding="utf-8")})
    result, report = lint(root)
    assert not result.diagnostics.errors, [f"{d.location}: {d.code} {d.message}" for d in result.diagnostics.errors]
    found = {f"{d.code} {d.location}" for d in report.findings}
    explained = {f"{e.diagnostic.code} {e.diagnostic.location}" for e in report.explained}
    assert found == expected(meta.get("expect", []), place), [d.message for d in report.findings]
    assert explained == expected(meta.get("expect-explained", []), place)
    assert report.undecided == 0


def test_the_corpus_covers_every_lint_code() -> None:
    covered = {value.split()[0] for case in CASES for value in header(case).get("expect", [])}
    assert covered == {code for code in CATALOGUE if code.startswith("LINT_")}


def test_every_case_says_why() -> None:
    assert [c.name for c in CASES if "why" not in header(c)] == []
