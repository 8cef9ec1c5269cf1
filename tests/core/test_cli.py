"""The command line: exit codes, text and JSON reports, --strict, and the editors' JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from core_support import BASE_FORM, FACILITIES, FIXTURE, KOMMUNE, OVERLAY, plain, write_files
from jsonschema import Draft202012Validator

from kitaforms import __version__
from kitaforms.cli import INTERNAL_ERROR, cli, main
from kitaforms.load.yaml_source import load_file

# the fixture's overlay with one mistake (an unknown key) and one warning (no English title)
BROKEN_OVERLAY = """\
extends: anmeldung
changes:
  - set: kind.vorname
    properties:
      requird: false
"""
WARNING_OVERLAY = """\
extends: anmeldung
changes:
  - set: eltern
    properties:
      title: {de: Eltern}
"""


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def report(*args: str) -> dict[str, Any]:
    result = run("validate", "--lang", "en", "--format", "json", *args)
    payload: dict[str, Any] = json.loads(result.output)
    payload["exit_code"] = result.exit_code
    return payload


def test_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.output.strip()) == (0, f"kitaforms, version {__version__}")


# --- exit codes ---------------------------------------------------------------------------------------


def test_valid_project_exits_0(project: Path) -> None:
    result = run("validate", "--lang", "en", str(project))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "All definitions are valid.",
        f"Checked 2 resolved forms and 0 Satzungen in {project}.",
    ]


def test_project_with_an_error_exits_1(project: Path) -> None:
    write_files(project, {OVERLAY: BROKEN_OVERLAY})
    result = run("validate", "--lang", "en", str(project))
    assert result.exit_code == 1
    assert result.output.splitlines()[:4] == [
        "forms/musterstadt/anmeldung.yaml:5:7: error FORM_001: unknown key `requird` in `vorname`",
        " 5 |       requird: false",
        "   |       ^~~~~~~",
        "   = hint: did you mean `required`?",
    ]
    assert result.output.splitlines()[-1] == "1 error, 0 warnings."


def test_validate_uses_the_current_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(project, {OVERLAY: BROKEN_OVERLAY})
    monkeypatch.chdir(project / "forms" / "musterstadt")
    result = run("validate")
    assert (result.exit_code, "forms/musterstadt/anmeldung.yaml:5:7" in result.output) == (1, True)


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "/nonexistent/kitaforms/project"],
        ["validate", "--format", "xml"],
        ["validate", "--strikt"],
        ["no-such-command"],
    ],
    ids=["missing path", "unknown format", "unknown option", "unknown command"],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Usage:" in result.output


def test_a_folder_outside_any_project_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "is not inside a kitaforms project" in result.output


def test_an_internal_error_is_reported_without_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(root: Path) -> None:
        raise KeyError("steps")

    monkeypatch.setattr("kitaforms.cli.validate.compile_project", explode)
    with pytest.raises(SystemExit) as caught:
        main(["validate", str(project)])
    captured = capsys.readouterr()
    assert caught.value.code == INTERNAL_ERROR
    assert "internal error: KeyError" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_the_shown_source_line_is_the_reported_line(project: Path) -> None:
    write_files(
        project,
        {
            OVERLAY: BROKEN_OVERLAY.replace(
                "    properties:\n",
                '    properties:\n      hint: {de: "Wie im\u2028Ausweis", en: As in the passport}\n',
            )
        },
    )
    lines = run("validate", str(project)).output.splitlines()
    assert lines[0].startswith("forms/musterstadt/anmeldung.yaml:6:7: error FORM_001")
    assert lines[1] == " 6 |       requird: false"


# --- --strict --------------------------------------------------------------------------------------------


def test_warnings_pass_without_strict_and_fail_with_it(project: Path) -> None:
    write_files(project, {OVERLAY: WARNING_OVERLAY})
    relaxed = run("validate", "--lang", "en", str(project))
    strict = run("validate", "--lang", "en", "--strict", str(project))
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
    assert "forms/musterstadt/anmeldung.yaml:5:14: warning FORM_007" in relaxed.output
    assert relaxed.output.splitlines()[-1] == "0 errors, 1 warning."
    assert "forms/musterstadt/anmeldung.yaml:5:14: error FORM_007" in strict.output
    assert strict.output.splitlines()[-1] == "1 error, 0 warnings."


# --- --format json -----------------------------------------------------------------------------------------


def test_json_report_of_a_valid_project(project: Path) -> None:
    assert report(str(project)) == {
        "ok": True,
        "errors": 0,
        "warnings": 0,
        "checked": ["musterstadt/anmeldung", "nrw/anmeldung"],
        "diagnostics": [],
        "exit_code": 0,
    }


def test_json_report_of_errors_and_warnings(project: Path) -> None:
    base = (project / BASE_FORM).read_text(encoding="utf-8")
    write_files(
        project,
        {
            OVERLAY: BROKEN_OVERLAY,
            BASE_FORM: base.replace("label: {de: Vorname, en: First name}", "label: {de: Vorname}"),
        },
    )
    payload = report(str(project))
    assert {k: payload[k] for k in ("ok", "errors", "warnings", "exit_code")} == {
        "ok": False,
        "errors": 1,
        "warnings": 1,
        "exit_code": 1,
    }
    assert payload["diagnostics"] == [
        {
            "code": "FORM_001",
            "severity": "error",
            "message": "unknown key `requird` in `vorname`",
            "hint": "did you mean `required`?",
            "file": "forms/musterstadt/anmeldung.yaml",
            "line": 5,
            "column": 7,
        },
        {
            "code": "FORM_007",
            "severity": "warning",
            "message": "`label` has no `en` text for „Vorname“",
            "hint": "add `en: …` next to `de:`",
            "file": "forms/nrw/anmeldung.yaml",
            "line": 22,
            "column": 20,
        },
    ]
    assert payload["checked"] == ["nrw/anmeldung"]  # the broken overlay gives no resolved form


def test_json_report_with_strict_counts_warnings_as_errors(project: Path) -> None:
    write_files(project, {OVERLAY: WARNING_OVERLAY})
    relaxed, strict = report(str(project)), report("--strict", str(project))
    assert (relaxed["ok"], relaxed["errors"], relaxed["warnings"], relaxed["exit_code"]) == (True, 0, 1, 0)
    assert (strict["ok"], strict["errors"], strict["warnings"], strict["exit_code"]) == (False, 1, 0, 1)
    assert [d["severity"] for d in strict["diagnostics"]] == ["error"]


def test_validating_one_folder_reports_only_its_files(project: Path) -> None:
    base = (project / BASE_FORM).read_text(encoding="utf-8")
    write_files(
        project,
        {
            OVERLAY: BROKEN_OVERLAY,
            BASE_FORM: base.replace("label: {de: Vorname, en: First name}", "label: {de: Vorname}"),
        },
    )
    only_kommune = report(str(project / "forms" / "musterstadt"))
    only_nrw = report(str(project / BASE_FORM))
    assert ([d["file"] for d in only_kommune["diagnostics"]], only_kommune["exit_code"]) == ([OVERLAY], 1)
    assert ([d["file"] for d in only_nrw["diagnostics"]], only_nrw["exit_code"]) == ([BASE_FORM], 0)


# --- schema --out DIR -------------------------------------------------------------------------------------------

SCHEMA_OF = {"form": BASE_FORM, "overlay": OVERLAY, "kommune": KOMMUNE, "einrichtungen": FACILITIES}


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("schemas") / "schemas"
    result = run("schema", "--out", str(out))
    assert result.exit_code == 0, result.output
    written = {path.name.removesuffix(".schema.json"): path for path in out.glob("*.schema.json")}
    assert sorted(result.output.splitlines()) == sorted(f"wrote {path}" for path in written.values())
    return {kind: json.loads(path.read_text(encoding="utf-8")) for kind, path in written.items()}


def test_schema_writes_one_file_per_definition_kind(schemas: dict[str, dict[str, Any]]) -> None:
    assert {"form", "overlay", "kommune", "einrichtungen", "codelisten"} <= set(schemas)
    for kind, schema in schemas.items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"https://kitaforms.nrw/schemas/{kind}.schema.json"


def test_schemas_are_valid_json_schema_2020_12(schemas: dict[str, dict[str, Any]]) -> None:
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("kind", "place"), SCHEMA_OF.items())
def test_fixture_files_validate_against_their_schema(schemas: dict[str, dict[str, Any]], kind: str, place: str) -> None:
    data = plain(load_file(FIXTURE / place).data)
    errors = [error.message for error in Draft202012Validator(schemas[kind]).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize(
    ("kind", "place", "path", "value"),
    [
        ("form", BASE_FORM, ("steps", 0, "elements", 0, "lable"), "Kind"),
        ("form", BASE_FORM, ("version",), 1.0),
        ("overlay", OVERLAY, ("extends",), "Anmeldung"),
        ("kommune", KOMMUNE, ("theme",), {"primary": "gelb"}),
        ("einrichtungen", FACILITIES, ("facilities", 0, "care_types"), ["kindergarten"]),
    ],
)
def test_schemas_refuse_what_the_compiler_refuses(
    schemas: dict[str, dict[str, Any]], kind: str, place: str, path: tuple[str | int, ...], value: object
) -> None:
    data = plain(load_file(FIXTURE / place).data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    assert list(Draft202012Validator(schemas[kind]).iter_errors(data)) != []


def test_schema_of_a_choice_lists_the_element_types(schemas: dict[str, dict[str, Any]]) -> None:
    # editors get the element types for autocompletion from the discriminator mapping
    text = json.dumps(schemas["form"])
    for kind in ("text", "date", "choice", "ranked_choice", "repeat", "group", "info", "declaration"):
        assert f'"const": "{kind}"' in text
