"""Property: whatever an editor does to a valid project, the compiler answers with diagnostics, never a crash.

Starting from the fixture files, random edits are applied to the loaded data (delete a key, add an
unknown one, put a value of another type, write odd text, duplicate or shuffle list items), the data
is written back as YAML and the project is compiled. Every diagnostic must be located in a file of
the project, on a line that exists.
"""

from __future__ import annotations

import copy
import io
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from core_support import FIXTURE, FIXTURE_FILES, OVERLAY, copy_fixture, write_files
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from kitaforms.compiler import compile_project
from kitaforms.errors import CATALOGUE
from kitaforms.load.yaml_source import load_file, load_text

Path_ = tuple[str | int, ...]

ORIGINALS = {place: load_file(FIXTURE / place).data for place in FIXTURE_FILES}

# a second valid overlay that uses every kind of change, so that edits can reach all of them
RICH_OVERLAY = """\
extends: anmeldung
version: 1.1.0
settings:
  max_wuensche: 4
code_lists:
  sorgerecht:
    - {code: gemeinsam, label: {de: Gemeinsam, en: Joint}}
    - {code: allein, label: {de: Allein, en: Sole}}
    - {code: vormund, label: {de: Vormund, en: Guardian}}
changes:
  - insert_before: eltern
    steps:
      - id: betreuung
        title: {de: Betreuung, en: Care}
        elements:
          - {id: beginn, type: date, label: {de: Beginn, en: Start}, required: true}
          - id: stunden
            type: integer
            label: {de: Stunden, en: Hours}
            minimum: 25
            maximum: 45
            visible_if: ausgefuellt(beginn) and beginn >= kind.geburtsdatum
  - insert_after: geschwister.name
    elements:
      - id: schule
        type: text
        label: {de: Schule, en: School}
        required_if: alter_am(geburtsdatum, heute()) >= 6
  - set: eltern
    properties:
      title: {de: Eltern und Sorgerecht, en: Parents and custody}
  - set: geschwister
    properties:
      max_items: {setting: max_wuensche}
  - remove: anzahl_geschwister
"""

# pieces an editor (or a paste from a mail) might produce: YAML syntax, expression syntax, markup
FRAGMENTS = [
    ": ",
    " #",
    "- ",
    "&a",
    "*a",
    "!!python/object:os.system",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    "\\",
    "\t",
    "\n",
    "==",
    " = ",
    "&&",
    " and ",
    " or ",
    "not ",
    "(",
    ")",
    "wert",
    "heute()",
    'datum("2025-02-30")',
    "alter_am(",
    "kind.geburtsdatum",
    "einstellungen.max_wuensche",
    "sorgerecht",
    "<script>",
    "</b>",
    "[x](javascript:alert(1))",
    "%",
    "@",
    "`",
    "---",
    "...",
    "|",
    ">",
    "~",
    "null",
    "yes",
    "no",
    "08",
    "0x1F",
    "1e3",
    ".inf",
    "ä",
    "ß",
    "\u00a0",
    "„",
    "\u202e",
    "{setting: max_wuensche}",
    "${x}",
    "{{x}}",
]
KEYS = [
    "lable",
    "requird",
    "typ",
    "elemente",
    "visible_iff",
    "id",
    "type",
    "label",
    "extends",
    "set",
    "remove",
    "properties",
    "setting",
    "code_list",
    "default",
    "pattern",
    "minimum",
    "max_picks",
    "theme",
    "ags",
    "<<",
    "?",
    "1",
    "",
]

texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(exclude_categories=["Cs"]), max_size=4)), max_size=6
).map("".join)
keys = st.one_of(st.sampled_from(KEYS), st.from_regex(r"[a-z_]{1,12}", fullmatch=True))
# bounded: an absurd exponent is a known, separately recorded bug (test_loader::test_an_absurd_exponent_is_refused)
decimals = st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), decimals, texts)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)),
    max_leaves=6,
)
OF_KIND = {
    type(None): st.none(),
    bool: st.booleans(),
    int: st.integers(),
    Decimal: decimals,
    str: texts,
    list: st.lists(values, max_size=3),
    dict: st.dictionaries(keys, values, max_size=3),
}


def paths(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*path, index))


def parent_of(data: Any, path: Path_) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def mutate(draw: Any, data: Any) -> str:
    """Apply one random edit to ``data`` (in place); returns what was done, for the failure report."""
    operation = draw(st.sampled_from(["delete", "insert", "retype", "text", "duplicate", "shuffle", "reorder"]))
    candidates = [(p, n) for p, n in paths(data) if _applies(operation, p, n)]
    if not candidates:
        return f"{operation}: nothing to do"
    path, node = draw(st.sampled_from(candidates))
    if operation == "delete":
        del parent_of(data, path)[path[-1]]
    elif operation == "insert":
        node[draw(keys)] = draw(values)
    elif operation == "retype":
        kind = draw(st.sampled_from([k for k in OF_KIND if not isinstance(node, k)]))
        parent_of(data, path)[path[-1]] = draw(OF_KIND[kind])
    elif operation == "text":
        parent_of(data, path)[path[-1]] = draw(texts)
    elif operation == "reorder":  # the same mapping with its keys in another order
        items = draw(st.permutations(list(node.items())))
        node.clear()
        node.update(items)
    elif operation == "duplicate":
        node.insert(draw(st.integers(0, len(node))), copy.deepcopy(draw(st.sampled_from(node))))
    else:
        node[:] = draw(st.permutations(node))
    return f"{operation} at {path}"


def _applies(operation: str, path: Path_, node: Any) -> bool:
    if operation == "delete":
        return bool(path) and isinstance(path[-1], str)
    if operation == "insert":
        return isinstance(node, dict)
    if operation == "reorder":
        return isinstance(node, dict) and len(node) > 1
    if operation in ("retype", "text"):
        return bool(path) and (operation == "retype" or isinstance(node, str))
    return isinstance(node, list) and len(node) > (0 if operation == "duplicate" else 1)


def dump(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False  # keep the editor's key order
    yaml.representer.add_representer(
        Decimal, lambda representer, value: representer.represent_scalar("tag:yaml.org,2002:float", str(value))
    )
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@st.composite
def edited_projects(draw: Any) -> tuple[dict[str, str], list[str]]:
    data = copy.deepcopy(ORIGINALS)
    if draw(st.booleans()):
        data[OVERLAY] = load_text(RICH_OVERLAY).data
    done = []
    for _ in range(draw(st.integers(1, 4))):
        place = draw(st.sampled_from(FIXTURE_FILES))
        done.append(f"{place}: {mutate(draw, data[place])}")
    return {place: dump(data[place]) for place in FIXTURE_FILES}, done


def hits_known_crash(overlay: Any) -> bool:
    """Inserted steps that are not mappings (or hold non-mapping elements) crash the resolver.

    Known bug, kept visible by corpus/overlay_inserted_step_not_a_mapping.yaml; such edits are skipped
    here so that this property keeps looking for new crashes.
    """
    changes = overlay.get("changes") if isinstance(overlay, dict) else None
    if not isinstance(changes, list):
        return False
    steps = [step for change in changes if isinstance(change, dict) for step in _as_list(change.get("steps"))]
    return any(_malformed(step) for step in steps) or any(
        isinstance(change, dict) and change.get("steps") not in (None, []) and not isinstance(change["steps"], list)
        for change in changes
    )


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _malformed(node: Any) -> bool:
    if not isinstance(node, dict):
        return True
    elements = node.get("elements")
    if elements in (None, [], {}, "", 0, False):
        return False
    return not isinstance(elements, list) or any(_malformed(element) for element in elements)


def check_located(root: Path, files: set[str], diagnostics: Any) -> None:
    for diagnostic in diagnostics:
        assert diagnostic.code in CATALOGUE
        assert diagnostic.severity is CATALOGUE[diagnostic.code].severity
        assert diagnostic.message.strip(), diagnostic
        location = diagnostic.location
        assert location is not None, diagnostic
        assert location.file in files, diagnostic
        # lines as editors count them: U+2028 or U+0085 inside a string are not line breaks
        lines = (root / location.file).read_text(encoding="utf-8").removesuffix("\n").split("\n")
        assert 1 <= location.line <= len(lines), diagnostic
        assert 1 <= location.col <= len(lines[location.line - 1]) + 1, (diagnostic, lines[location.line - 1])


@pytest.mark.parametrize("rich", [False, True], ids=["fixture overlay", "rich overlay"])
def test_unedited_data_written_back_is_still_valid(tmp_path: Path, rich: bool) -> None:
    """The harness itself: the starting points are valid, and writing them back with ruamel keeps them so."""
    root = copy_fixture(tmp_path / "project")
    data = {**ORIGINALS, OVERLAY: load_text(RICH_OVERLAY).data} if rich else ORIGINALS
    write_files(root, {place: dump(value) for place, value in data.items()})
    result = compile_project(root)
    assert list(result.diagnostics) == []
    assert len(result.forms) == 2


@settings(
    max_examples=200,
    deadline=None,
    database=None,  # nothing written into the working tree
    derandomize=True,  # the same 200 edits on every run; explore further with a larger max_examples
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(edited_projects())
def test_edited_projects_give_diagnostics_never_exceptions(edited: tuple[dict[str, str], list[str]]) -> None:
    files, _done = edited
    assume(not hits_known_crash(load_text(files[OVERLAY]).data))
    with tempfile.TemporaryDirectory() as scratch:
        root = copy_fixture(Path(scratch) / "project")
        write_files(root, files)
        result = compile_project(root)
        check_located(root, set(FIXTURE_FILES), result.diagnostics)
