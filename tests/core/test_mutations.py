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

from core_support import FIXTURE, FIXTURE_FILES, copy_fixture, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from kitaforms.compiler import compile_project
from kitaforms.errors import CATALOGUE
from kitaforms.load.yaml_source import load_file

Path_ = tuple[str | int, ...]

ORIGINALS = {place: load_file(FIXTURE / place).data for place in FIXTURE_FILES}

# pieces an editor (or a paste from a mail) might produce: YAML syntax, expression syntax, markup
FRAGMENTS = [
    ": ", " #", "- ", "&a", "*a", "!!python/object:os.system", "{", "}", "[", "]", "'", '"', "\\", "\t", "\n",
    "==", " = ", "&&", " and ", " or ", "not ", "(", ")", "wert", "heute()", "datum(\"2025-02-30\")",
    "alter_am(", "kind.geburtsdatum", "einstellungen.max_wuensche", "sorgerecht", "<script>", "</b>",
    "[x](javascript:alert(1))", "%", "@", "`", "---", "...", "|", ">", "~", "null", "yes", "no", "08",
    "0x1F", "1e3", ".inf", "ä", "ß", "\u00a0", "„", "\u202e", "{setting: max_wuensche}", "${x}", "{{x}}",
]
KEYS = ["lable", "requird", "typ", "elemente", "visible_iff", "id", "type", "label", "extends", "set", "remove",
        "properties", "setting", "code_list", "default", "max_picks", "theme", "ags", "<<", "?", "1", ""]

texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(exclude_categories=["Cs"]), max_size=4)),
                 max_size=6).map("".join)
keys = st.one_of(st.sampled_from(KEYS), st.from_regex(r"[a-z_]{1,12}", fullmatch=True))
# bounded: an absurd exponent is a known, separately recorded bug (test_loader::test_an_absurd_exponent_is_refused)
decimals = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), decimals, texts)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)),
    max_leaves=6,
)
OF_KIND = {
    type(None): st.none(), bool: st.booleans(), int: st.integers(), Decimal: decimals, str: texts,
    list: st.lists(values, max_size=3), dict: st.dictionaries(keys, values, max_size=3),
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
    operation = draw(st.sampled_from(["delete", "insert", "retype", "text", "duplicate", "shuffle"]))
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
    done = []
    for _ in range(draw(st.integers(1, 4))):
        place = draw(st.sampled_from(FIXTURE_FILES))
        done.append(f"{place}: {mutate(draw, data[place])}")
    return {place: dump(data[place]) for place in FIXTURE_FILES}, done


def check_located(root: Path, files: set[str], diagnostics: Any) -> None:
    for diagnostic in diagnostics:
        assert diagnostic.code in CATALOGUE
        assert diagnostic.severity is CATALOGUE[diagnostic.code].severity
        assert diagnostic.message.strip(), diagnostic
        location = diagnostic.location
        assert location is not None, diagnostic
        assert location.file in files, diagnostic
        lines = (root / location.file).read_text(encoding="utf-8").splitlines() or [""]
        assert 1 <= location.line <= len(lines), diagnostic
        assert 1 <= location.col <= len(lines[location.line - 1]) + 1, (diagnostic, lines[location.line - 1])


def test_dumped_fixture_is_still_valid(tmp_path: Path) -> None:
    """The harness itself: writing the unedited data back with ruamel keeps the project valid."""
    root = copy_fixture(tmp_path / "project")
    write_files(root, {place: dump(data) for place, data in ORIGINALS.items()})
    assert list(compile_project(root).diagnostics) == []


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(edited_projects())
def test_edited_projects_give_diagnostics_never_exceptions(edited: tuple[dict[str, str], list[str]]) -> None:
    files, _done = edited
    with tempfile.TemporaryDirectory() as scratch:
        root = copy_fixture(Path(scratch) / "project")
        write_files(root, files)
        result = compile_project(root)
        check_located(root, set(FIXTURE_FILES), result.diagnostics)
