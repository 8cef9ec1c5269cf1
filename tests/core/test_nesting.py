"""The lexical nesting count (used when libyaml fails) agrees with libyaml's events on real files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kitaforms.load._nesting import first_too_deep

REPO = Path(__file__).resolve().parents[2]
FILES = sorted(
    path
    for folder in ("forms", "satzungen", "tests/fixtures", "tests/core/corpus", "tests/lint_corpus")
    for path in (REPO / folder).rglob("*.yaml")
)

TRICKY = {
    "indentless sequence": "a:\n- b:\n  - c:\n    - d: [x, {e: f}]\nz: 1\n",
    "block scalars": "k: |\n  [[[[ {{{\n  - - - x: y\nm:\n  n: >-\n      a: b\n    - c\n  o: [1]\n",
    "quotes": "x: 'it''s [ { '\ny: \"a \\\" [ {\"\nz:\n  - \"multi\n    line [ \"\n  - q: [1]\n",
    "comments": "# [[[[ {{{\na: # [[[\n  b: x#[[\n  c: [1, # ]]]\n    [2]]\n",
    "compact sequences": "- - - - x\n- - y\n",
    "complex key": "? a\n: - b\n  - c\n",
    "anchors and tags": "a: &anc\n  b: !!str x\n  c: &l [1, [2]]\nd: *anc\n",
    "multi-line flow": "a:\n  - [a,\n     [b,\n      c]]\n  - d: [\n      e]\n",
    "documents": "--- \na: 1\n...\n--- \nb:\n  c: [1]\n",
    "plain text with brackets": "a: plain [not flow\nb: {c: x]y}\n",
}


def deepest(text: str) -> tuple[int, int]:
    """The deepest nesting of ``text`` by libyaml's events, and where it is first reached."""
    depth = most = where = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > most:
                most, where = depth, event.start_mark.index
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return most, where


def assert_counted_like_libyaml(text: str) -> None:
    try:
        most, where = deepest(text)
    except yaml.YAMLError:
        pytest.skip("not valid YAML (a corpus case)")
    assert first_too_deep(text, len(text), most) is None
    if most:
        assert first_too_deep(text, len(text), most - 1) == where


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(REPO).as_posix() for p in FILES])
def test_every_definition_nests_as_deep_as_libyaml_says(path: Path) -> None:
    assert_counted_like_libyaml(path.read_text(encoding="utf-8-sig", errors="replace"))


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_layouts_nest_as_deep_as_libyaml_says(text: str) -> None:
    assert_counted_like_libyaml(text)


def test_the_count_stops_at_the_given_end() -> None:
    text = "a: " + "[" * 100
    assert first_too_deep(text, 40, 64) is None
    assert first_too_deep(text, 80, 64) == 66
