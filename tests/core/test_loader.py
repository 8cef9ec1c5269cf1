"""The loader: YAML 1.2 values as editors mean them, a position for everything, hostile input refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from core_support import BASE_FORM, compile_with, copy_fixture, where

from kitaforms.diagnostics import DefinitionError, Diagnostic
from kitaforms.load import _events, yaml_source
from kitaforms.load.yaml_source import MAX_DEPTH, MAX_FILE_BYTES, Document, load_file, load_text


def refused(text: str) -> Diagnostic:
    """The single diagnostic with which ``text`` is refused."""
    with pytest.raises(DefinitionError) as caught:
        load_text(text, "f.yaml")
    assert len(caught.value.diagnostics) == 1
    return caught.value.diagnostics[0]


def value_of(text: str) -> Any:
    return load_text(f"v: {text}\n").data["v"]


def at(document: Document, path: tuple[str | int, ...]) -> Any:
    node: Any = document.data
    for part in path:
        node = node[part]
    return node


# --- YAML 1.2 values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "loaded"),
    [
        ("no", "no"),  # YAML 1.1 would make these booleans (the "Norway problem")
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("NO", "NO"),
        ("true", True),
        ("false", False),
        ("~", None),
        ("null", None),
        ("08", "08"),  # not an (invalid) octal number
        ("05315000", "05315000"),  # an AGS keeps its leading zero
        ("012", "012"),
        ("00", "00"),
        ("0", 0),
        ("-0", 0),
        ("+12", 12),
        ("42", 42),
        ("0x1F", 31),
        ("0o17", 15),
        ("2025-08-01", "2025-08-01"),  # dates stay text; the model decides what they mean
        ("12:30", "12:30"),  # YAML 1.1 would read a sexagesimal number
        ('"123"', "123"),
        ("'0x1F'", "0x1F"),
    ],
)
def test_scalars_load_with_yaml_1_2_meaning(written: str, loaded: object) -> None:
    value = value_of(written)
    assert (type(value), value) == (type(loaded), loaded)


@pytest.mark.parametrize(("written", "digits"), [("1.10", "1.10"), ("3.0", "3.0"), ("0.07", "0.07"), ("1e3", "1E+3")])
def test_fractions_load_as_exact_decimals(written: str, digits: str) -> None:
    value = value_of(written)
    assert isinstance(value, Decimal)
    assert str(value) == digits  # "1.10" keeps its trailing zero: no float rounding on the way


def test_keys_are_always_text() -> None:
    assert load_text("1: a\ntrue: b\nnull: c\n").data == {"1": "a", "true": "b", "null": "c"}


def test_only_plain_data_comes_out() -> None:
    data = load_text("a: {b: [1, x, {c: 1.5}]}\nd: |\n  text\n").data
    assert data == {"a": {"b": [1, "x", {"c": Decimal("1.5")}]}, "d": "text\n"}
    assert type(data) is dict and type(data["a"]["b"]) is list and type(data["d"]) is str


@pytest.mark.parametrize(
    ("written", "folded"),
    [(">\n  eins zwei\n  drei vier\n", "eins zwei drei vier\n"), (">-\n  x == 1\n  and y == 2\n", "x == 1 and y == 2")],
)
def test_folded_block_scalar_is_folded_with_spaces(written: str, folded: str) -> None:
    assert value_of(written) == folded


# --- positions -------------------------------------------------------------------------------------

POSITIONS = """\
id: anmeldung
steps:
  - id: kind_step
    title: {de: Ihr Kind, en: Your child}
    elements:
      - id: vorname
        type: text
        label:
          de: Vorname
          en: First name
"""


@pytest.mark.parametrize(
    ("path", "key", "line", "col"),
    [
        (("id",), True, 1, 1),
        (("id",), False, 1, 5),
        (("steps",), True, 2, 1),
        (("steps",), False, 3, 3),  # a block sequence starts at its first dash
        (("steps", 0), False, 3, 5),  # the mapping of a list item starts after "- "
        (("steps", 0, "title"), True, 4, 5),
        (("steps", 0, "title"), False, 4, 12),
        (("steps", 0, "title", "en"), True, 4, 27),
        (("steps", 0, "title", "en"), False, 4, 31),
        (("steps", 0, "elements", 0, "type"), False, 7, 15),
        (("steps", 0, "elements", 0, "label", "en"), True, 10, 11),
        (("steps", 0, "elements", 0, "label", "en"), False, 10, 15),
    ],
)
def test_every_key_and_value_has_its_position(path: tuple[str | int, ...], key: bool, line: int, col: int) -> None:
    location = load_text(POSITIONS, "forms/nrw/x.yaml").locate(path, key=key)
    assert (location.file, location.line, location.col) == ("forms/nrw/x.yaml", line, col)


def test_an_unknown_path_is_located_at_its_nearest_ancestor() -> None:
    document = load_text(POSITIONS)
    assert document.locate(("steps", 0, "elements", 0, "hint")) == document.locate(("steps", 0, "elements", 0))
    assert document.locate(("steps", 7, "title")) == document.locate(("steps",))
    assert (document.locate(("nothing",)).line, document.locate(("nothing",)).col) == (1, 1)


SCALAR_STYLES = {
    "plain": ("v: wert <= heute() and x == 1\n", ("v",)),
    "single-quoted": ("v: 'wert <= heute() and x == \"a\"'\n", ("v",)),
    "double-quoted": ("v: \"wert <= heute() and x == 'a'\"\n", ("v",)),
    "in a flow mapping": ("a: {v: wert <= heute(), w: 1}\n", ("a", "v")),
    "in a nested list": ("a:\n  - b:\n      - wert <= heute()\n", ("a", 0, "b", 0)),
    "literal block": ("v: |\n  wert <= heute()\n  and x == 1\n", ("v",)),
    "literal block, deeper second line": ("a:\n  v: |\n    wert <= heute()\n      and x == 1\n", ("a", "v")),
    "literal block after a blank line": ("v: |\n  wert <= heute()\n\n  and x == 1\n", ("v",)),
    "folded block": ("v: >\n  x == 1\n  and y == 2\n", ("v",)),
    "double-quoted with escapes": ('v: "x == \\"a\\" and y == \\"b\\""\n', ("v",)),
    "single-quoted with a doubled quote": ("v: 'x == ''a'' and y == 1'\n", ("v",)),
    "plain over two lines": ("v: x == 1\n  and y == 2\n", ("v",)),
    "double-quoted over two lines": ('v: "x == 1\n  and y == 2"\n', ("v",)),
    "folded block after a blank line": ("v: >\n  x == 1\n\n  and y == 2\n", ("v",)),
}


def _scalar_params() -> list[Any]:
    return [pytest.param(*case, id=name) for name, case in SCALAR_STYLES.items()]


@pytest.mark.parametrize(("text", "path"), _scalar_params())
def test_locate_in_scalar_finds_every_character_of_the_value(text: str, path: tuple[str | int, ...]) -> None:
    """Expression errors point at a character of the value; it must be that character in the file."""
    document = load_text(text)
    value = at(document, path)
    lines = text.splitlines()
    for offset, char in enumerate(value):
        if char in " \n":  # folded line breaks and indentation have no single source character
            continue
        location = document.locate_in_scalar(path, offset)
        line = lines[location.line - 1] if location.line <= len(lines) else ""
        assert line[location.col - 1 : location.col] == char, f"offset {offset} ({char!r}) → {location}"


def test_locate_in_scalar_keeps_the_length_of_the_token() -> None:
    document = load_text("v: 'a = b'\n")
    assert document.locate_in_scalar(("v",), 2, 1) == yaml_source.Location("<string>", 1, 7, 1)


# --- syntax errors and structural mistakes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("label:\n  de: Vorname\n en: First name\n", "YAML_001", 3, 2),
        ("id: a\nsteps:\n\t- id: b\n", "YAML_001", 3, 1),
        ("id: a\ntitle: {de: x, en: y\nversion: 1.0.0\n", "YAML_001", 2, 8),
        ("id: a\nb: *nirgends\n", "YAML_001", 2, 4),
        ("? [a, b]\n: 1\n", "YAML_001", 1, 3),
        ("id: a\nlabel: {de: x}\nid: b\n", "YAML_002", 3, 1),
        ("a:\n  b:\n    c: 1\n    d: 2\n    c: 3\n", "YAML_002", 5, 5),
        ("", "YAML_008", 1, 1),
        ("# nur ein Kommentar\n", "YAML_008", 1, 1),
        ("\ufeff", "YAML_008", 1, 1),
        ("\n\n- a\n- b\n", "YAML_008", 3, 1),
        ("just text\n", "YAML_008", 1, 1),
        ("id: a\n---\nid: b\n", "YAML_009", 2, 1),
    ],
)
def test_broken_yaml_is_refused_at_its_position(text: str, code: str, line: int, col: int) -> None:
    diagnostic = refused(text)
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.col) == (code, line, col)
    assert diagnostic.hint


def test_duplicate_key_names_the_first_occurrence() -> None:
    assert "first at line 2" in refused("a:\n  b: 1\n  c: 2\n  b: 3\n").message


def test_unclosed_bracket_names_the_opening_bracket() -> None:
    diagnostic = refused('id: a\nleika: ["99041004034000"\nversion: 1.0.0\n')
    assert "line 2" in f"{diagnostic.message} {diagnostic.hint}" or "`[`" in f"{diagnostic.message} {diagnostic.hint}"


def test_control_character_is_located() -> None:
    diagnostic = refused("id: a\nlabel: x\x00y\n")
    assert (diagnostic.location.line, diagnostic.location.col) == (2, 9)


# --- hostile input: refused by design, before it can cost time or memory ---------------------------------


def _laughs(levels: int, width: int = 9) -> str:
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_at_the_node_limit() -> None:
    # 9 levels of 9 aliases expand to 9^10 values; the builder stops counting at MAX_NODES
    assert refused(_laughs(9)).code == "YAML_006"


def test_the_node_limit_is_what_stops_alias_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _laughs(3)  # 9^4 = 6,561 strings: fine by default, too many under a limit of 1,000
    assert load_text(text).data["a3"][0][0][0] == ["lol"] * 9
    monkeypatch.setattr(_events, "MAX_NODES", 1_000)
    assert refused(text).code == "YAML_006"


def test_alias_expansion_stays_within_the_node_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[int] = []
    original = _events.EventBuilder._count

    def counting(self: Any, event: Any) -> None:
        counted.append(1)
        original(self, event)

    monkeypatch.setattr(_events.EventBuilder, "_count", counting)
    refused(_laughs(9))
    assert len(counted) < 200  # aliases are counted by their size, never expanded one value at a time


def test_many_plain_values_are_refused_at_the_node_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_events, "MAX_NODES", 500)
    assert refused("a: [" + "1, " * 600 + "1]\n").code == "YAML_006"


def test_composing_stops_at_the_node_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[int] = []
    original = _events.EventBuilder._count

    def counting(self: Any, event: Any) -> None:
        counted.append(1)
        original(self, event)

    monkeypatch.setattr(_events, "MAX_NODES", 1_000)
    monkeypatch.setattr(_events.EventBuilder, "_count", counting)
    assert refused("a: [" + "1, " * 20_000 + "1]\n").code == "YAML_006"
    assert len(counted) <= 1_001


@pytest.mark.parametrize(
    "text",
    [
        "a: &a [*a]\n",  # a list that contains itself
        "a: &a {b: *a}\n",  # a mapping that contains itself
        "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
        "a: " + "{b: " * (MAX_DEPTH + 5) + "1" + "}" * (MAX_DEPTH + 5) + "\n",
        "a: " + "[" * 5_000 + "]" * 5_000 + "\n",  # deeper than Python's recursion limit
    ],
    ids=["recursive list", "recursive mapping", "deep lists", "deep mappings", "very deep"],
)
def test_absurd_nesting_is_refused(text: str) -> None:
    assert refused(text).code == "YAML_005"


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1
    assert load_text("a: " + "[" * depth + "]" * depth + "\n").data["a"] is not None


def indented(depth: int) -> str:
    """``depth`` block mappings, each indented one space deeper than its parent."""
    return "".join(" " * n + f"k{n}:\n" for n in range(depth)) + " " * depth + "end: 1\n"


# libyaml gives up near 1,000 levels and reads flow collections ahead, so it may fail before the
# event builder sees 64 levels; the loader then finds the nesting in the text itself.
FAR_TOO_DEEP = {
    "flow lists": "a: " + "[" * 5_000 + "]" * 5_000 + "\n",
    "flow mappings": "a: " + "{b: " * 5_000 + "1" + "}" * 5_000 + "\n",
    "flow, never closed": "a: " + "[{" * 3_000 + "\n",
    "block sequences": "- " * 5_000 + "x\n",
    "block mappings": indented(1_200),
    "block then flow": "a:\n" + "".join("  " * n + "- b:\n" for n in range(30)) + "  " * 30 + "c: " + "[" * 3_000,
    "flow after block sequences": "- " * 40 + "[" * 3_000 + "]" * 3_000 + "\n",
}


@pytest.mark.parametrize("text", FAR_TOO_DEEP.values(), ids=FAR_TOO_DEEP.keys())
def test_nesting_far_beyond_libyamls_limit_is_refused_as_nesting(text: str) -> None:
    diagnostic = refused(text)
    assert diagnostic.code == "YAML_005"
    assert diagnostic.hint == f"definitions need far fewer than {MAX_DEPTH} levels; flatten the structure"


@pytest.mark.parametrize(("opener", "step"), [("[", 1), ("{b: ", 4)])
def test_absurd_flow_nesting_is_located_where_the_limit_is_passed(opener: str, step: int) -> None:
    """Wherever libyaml gives up, the error points at the opener of level MAX_DEPTH + 1."""
    just_over = refused("a: " + opener * (MAX_DEPTH + 1) + "\n").location
    far_over = refused("a: " + opener * 5_000 + "\n").location
    assert (far_over.line, far_over.col) == (just_over.line, just_over.col) == (1, 4 + step * (MAX_DEPTH - 1))


DEEP_LOOKING = {
    "double-quoted": 'a: "' + "[{" * 3_000 + '"\nb: [\n',
    "single-quoted": "a: '" + "[{" * 3_000 + "'\nb: [\n",
    "quoted, several lines": 'a: "' + "[\n  " * 3_000 + '"\nb: [\n',
    "comment": "# " + "[" * 5_000 + "\na: 1\nb: [\n",
    "comment in a flow list": "a: [1, # " + "[" * 5_000 + "\n  2]\nb: [\n",
    "block scalar": "a: |\n  " + "[" * 5_000 + "\n" + "".join("  " + " " * n + "- x\n" for n in range(100)) + "b: [\n",
    "plain text": "a: x" + "[" * 5_000 + "\nb: [\n",
    "quoted in a flow list": "a: ['" + "[" * 5_000 + "', \"{{{\"\nb: [\n",
}


@pytest.mark.parametrize("text", DEEP_LOOKING.values(), ids=DEEP_LOOKING.keys())
def test_brackets_in_texts_and_comments_are_not_nesting(text: str) -> None:
    assert refused(text).code == "YAML_001"


AGREEING = {
    "flow lists": "a: " + "[" * (MAX_DEPTH + 5) + "\n",
    "flow mappings": "a: " + "{b: " * (MAX_DEPTH + 5) + "\n",
    "block mappings": indented(MAX_DEPTH + 5),
    "block sequences": "a:\n" + "".join("  " * n + "  -\n" for n in range(MAX_DEPTH + 5)),
    "compact sequences": "- " * (MAX_DEPTH + 5) + "x\n",
    "indentless sequences": "k:\n" + "".join("  " * n + f"- k{n}:\n" for n in range(MAX_DEPTH)) + "  " * MAX_DEPTH + "- x\n",
    "sequences of mappings": "".join("  " * n + f"- k{n}:\n" for n in range(MAX_DEPTH)) + "  " * MAX_DEPTH + "x: 1\n",
    "mixed, with texts and comments": (
        "a: |\n  [[[\n# [[[\nb:\n"
        + "".join("  " * n + f"  - k{n}: 'x[{{' # [\n" + "  " * n + "    c:\n" for n in range(MAX_DEPTH // 2))
        + "  " * (MAX_DEPTH // 2) + "    d: [\"]\", [[[[[[[[[[[[1]]]]]]]]]]]]]\n"
    ),
    "anchored": "a: &x\n" + "".join("  " * (n + 1) + f"k{n}: &a{n}\n" for n in range(MAX_DEPTH)) + "  v: 1\n",
}


@pytest.mark.parametrize("text", AGREEING.values(), ids=AGREEING.keys())
def test_the_nesting_is_found_the_same_when_libyaml_fails_first(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should libyaml stop before any event (a lower limit, more read-ahead), the text is read instead."""
    by_events = refused(text)

    def libyaml_gives_up(self: Any, events: Any) -> Any:
        mark = yaml.Mark("f.yaml", len(self.text) - 1, 0, 0, None, None)
        raise yaml.scanner.ScannerError("while scanning", mark, "a limit of the library", mark)

    monkeypatch.setattr(_events.EventBuilder, "build", libyaml_gives_up)
    by_text = refused(text)
    assert by_events.code == by_text.code == "YAML_005"
    assert by_text.location == by_events.location


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("default: !!python/object/apply:os.system ['ls']\n", 1, 10),
        ("a: !!python/name:os.system\n", 1, 4),
        ("a:\n  - !!python/object:collections.OrderedDict {}\n", 2, 5),
        ("!!python/str k: 1\n", 1, 1),  # a tag on a key
        ("a: !include other.yaml\n", 1, 4),
        ("a: !!binary aGFsbG8=\n", 1, 4),
        ("a: !!set {x, y}\n", 1, 4),
        ("a: !!omap [{x: 1}]\n", 1, 4),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, 3),  # merge keys copy data invisibly
    ],
)
def test_tags_are_refused_before_any_object_is_built(text: str, line: int, col: int) -> None:
    diagnostic = refused(text)
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.col) == ("YAML_003", line, col)


def test_a_python_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "owned"
    refused(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    refused(f"a: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ['{marker}']]\n")
    assert not marker.exists()


def test_file_over_the_size_limit_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk space

    def no_reading(self: Path) -> bytes:
        raise AssertionError("the file was read although its size is known to be too large")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(DefinitionError) as caught:
        load_file(big, "forms/nrw/big.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, str(diagnostic.location)) == ("YAML_004", "forms/nrw/big.yaml:1:1")
    assert f"{MAX_FILE_BYTES:,}" in diagnostic.message


def test_text_over_the_size_limit_is_refused() -> None:
    assert refused("a: " + "x" * MAX_FILE_BYTES + "\n").code == "YAML_004"


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "fits.yaml"
    path.write_text("a: 1\n" + "#" * (MAX_FILE_BYTES - 6) + "\n", encoding="utf-8")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert load_file(path).data == {"a": 1}


@pytest.mark.parametrize(("raw", "line"), [(b"a: 1\nb: Gr\xfc\xdfe\n", 2), (b"\xff\xfe\x00a", 1)])
def test_text_that_is_not_utf8_is_refused(tmp_path: Path, raw: bytes, line: int) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(raw)
    with pytest.raises(DefinitionError) as caught:
        load_file(path, "f.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.location.line) == ("YAML_007", line)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as caught:
        load_file(tmp_path / "nowhere.yaml", "forms/nrw/nowhere.yaml")
    assert caught.value.diagnostics[0].code == "YAML_007"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_is_refused_by_name(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes(("\ufeff" if encoding.endswith("be") else "").encode(encoding) + "id: a\n".encode(encoding))
    with pytest.raises(DefinitionError) as caught:
        load_file(path, "f.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.message) == ("YAML_007", "the file is saved as UTF-16, not UTF-8")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffid: anmeldung\n".encode())
    assert load_file(path).data == {"id": "anmeldung"}


def test_an_absurd_exponent_is_refused(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "project")
    form = """\
id: anmeldung
version: 1.0.0
title: {de: Anmeldung, en: Registration}
steps:
  - id: s
    title: {de: S, en: S}
    elements:
      - {id: n, type: integer, label: {de: N, en: N}, maximum: 1e1000000}
"""
    result = compile_with(root, {BASE_FORM: form})
    assert "FORM_003 forms/nrw/anmeldung.yaml:8:64" in [where(d) for d in result.diagnostics]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_yaml_1_1_line_breaks_inside_text_do_not_shift_positions(separator: str) -> None:
    """libyaml breaks lines at U+0085/U+2028/U+2029 too; editors and YAML 1.2 do not."""
    text = f'a: "x{separator}y"\nb:\n  c: 1\n  c: 2\n'
    diagnostic = refused(text)
    assert "first at line 3" in diagnostic.message and diagnostic.location.line == 4
    document = load_text(f'a: "x{separator}y"\nb: [1, 2]\n', "t.yaml")
    assert (document.locate(("b", 1)).line, document.locate(("b", 1)).col) == (2, 8)
    broken = refused(f'a: "x{separator}y"\nb: [1, 2\nc: 3\n')
    assert "(line 2)" in broken.message and (broken.location.line, broken.location.col) == (2, 4)
