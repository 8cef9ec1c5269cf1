"""`kitaforms diff OLD NEW`: changes classified by meaning (breaking / compatible / text only) and
the version rule. Every bundle here is built from a real definition with the project's own
pipeline: a copy of a project, one edit, ``compile_project`` + ``build_bundles``."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitaforms.cli import cli
from kitaforms.compiler import compile_project
from kitaforms.export._json import dumps, loads
from kitaforms.export.bundle import build_bundles
from kitaforms.export.diff import (
    BREAKING,
    COMPATIBLE,
    TEXT,
    Change,
    Report,
    diff_bundle_files,
    diff_bundles,
    next_version,
    numbers,
)
from kitaforms.serve.catalogue import read_tree

from .conftest import PROJECTS, ROOT

Edit = Callable[[str], str]
ANTRAG = "forms/nrw/antrag.yaml"
STUFE_1 = "    - {code: stufe_1, label: {de: bis 30.000 Euro, en: \"up to 30,000 euros\"}}\n"


# --- building bundles -------------------------------------------------------------------------


def _build(project: Path, edits: dict[str, Edit]) -> Path:
    for relative, edit in edits.items():
        path = project / relative
        path.write_text(edit(path.read_text("utf-8")), "utf-8")
    result = compile_project(project)
    assert result.ok(), [str(d) for d in result.diagnostics.sorted()]
    files = build_bundles(result)
    (manifest,) = [p for p in files if p.name == "manifest.json"]
    for path, content in files.items():
        (project / "exports" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "exports" / path).write_bytes(content)
    return project / "exports" / manifest.parent


def _allfields(root: Path, name: str, *edits: Edit) -> Path:
    project = root / name
    shutil.copytree(PROJECTS["allfields"], project, ignore=shutil.ignore_patterns("exports"))
    return _build(project, {ANTRAG: _chain(*edits)})


def _einkommen(root: Path, name: str, *, overlay: Edit | None = None, satzung: Edit | None = None,
               version: str | None = None) -> Path:
    """Düsseldorf's Einkommenserklärung (income bands, Satzungen) as the only bundle of a project."""
    project = root / name
    for kommune, files in (("nrw", ("einkommen", "codelisten")), ("duesseldorf", ("einkommen", "einrichtungen", "kommune"))):
        (project / "forms" / kommune).mkdir(parents=True)
        for file in files:
            shutil.copy(ROOT / "forms" / kommune / f"{file}.yaml", project / "forms" / kommune)
    shutil.copytree(ROOT / "satzungen" / "duesseldorf", project / "satzungen" / "duesseldorf")
    only_einkommen = _sub("forms: [anmeldung, einkommen, beitragsbefreiung]", "forms: [einkommen]")
    edits = {"forms/duesseldorf/kommune.yaml": _chain(only_einkommen), "forms/duesseldorf/einkommen.yaml": _chain(overlay),
             "satzungen/duesseldorf/2021-08.yaml": _chain(satzung)}
    # the base form's version is pinned (1.0.0 unless given), whatever forms/nrw says today
    edits["forms/nrw/einkommen.yaml"] = lambda text: re.sub(r"\nversion: [0-9.]+\n", f"\nversion: {version or '1.0.0'}\n", text, count=1)
    return _build(project, edits)


def _chain(*edits: Edit | None) -> Edit:
    def apply(text: str) -> str:
        for edit in edits:
            if edit is not None:
                changed = edit(text)
                assert changed != text, "the edit did not apply"
                text = changed
        return text
    return apply


def _sub(old: str, new: str) -> Edit:
    return lambda text: text.replace(old, new)


def _bump(version: str) -> Edit:
    return _sub("version: 2.1.0", f"version: {version}")


def _report(old: Path, new: Path) -> Report:
    return diff_bundle_files(read_tree(old), read_tree(new))


def _only(report: Report) -> Change:
    assert len(report.changes) == 1, report.changes
    return report.changes[0]


def _at(report: Report, path: str) -> list[tuple[str, str]]:
    return [(c.kind, c.what) for c in report.changes if c.path == path]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _allfields(tmp_path_factory.mktemp("base"), "allfields")


@pytest.fixture(scope="module")
def income(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _einkommen(tmp_path_factory.mktemp("income"), "duesseldorf")


# --- the version rule -------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "bump", "new"), [
    ("1.0.0", "minor", "1.1.0"), ("1.4.2", "major", "2.0.0"), ("1.4.2", "patch", "1.4.3"),
    ("0.3.2", "major", "0.4.0"), ("0.3.2", "minor", "0.4.0"), ("0.3.2", "patch", "0.3.3"), ("2.0.0", None, "2.0.0"),
])
def test_next_version(old: str, bump: str | None, new: str) -> None:
    assert next_version(old, bump) == new


def test_next_version_refuses_an_unknown_bump() -> None:
    with pytest.raises(ValueError):
        next_version("1.0.0", "huge")


def test_numbers_are_read_per_language() -> None:
    assert numbers("25.001 bis 37.500 Euro", "de") == numbers("25,001 to 37,500 euros", "en") != ()
    assert numbers("bis 30.000 €", "de") == numbers("bis 30000 Euro", "de")
    assert numbers("über 4 Jahre", "de") != numbers("über 3 Jahre", "de")


def test_identical_bundles_have_no_changes(base: Path) -> None:
    report = _report(base, base)
    assert report.changes == [] and report.errors == [] and report.required_bump is None


# --- code labels ------------------------------------------------------------------------------


def test_an_amount_in_a_code_label_is_breaking(income: Path, tmp_path: Path) -> None:
    relabel = _sub(STUFE_1, STUFE_1.replace("30.000", "25.000").replace("30,000", "25,000"))
    new = _einkommen(tmp_path, "new", overlay=relabel)
    change = _only(_report(income, new))
    assert (change.kind, change.path) == (BREAKING, "einkommensstufe")
    assert "stufe_1" in change.what and "30000 → 25000" in change.why
    report = _report(income, new)
    assert report.required_bump == "major" and report.errors and "2.0.0" in report.errors[0]
    assert _report(income, _einkommen(tmp_path, "major", overlay=relabel, version="2.0.0")).errors == []


def test_a_number_in_a_code_label_is_breaking(tmp_path: Path) -> None:
    label = "{code: neu, label: {de: Neuanmeldung, en: New}}"
    old = _allfields(tmp_path, "old", _sub(label, label.replace("Neuanmeldung", "Neuanmeldung (Kind über 4 Jahre)")))
    new = _allfields(tmp_path, "new", _sub(label, label.replace("Neuanmeldung", "Neuanmeldung (Kind über 3 Jahre)")))
    change = _only(_report(old, new))
    assert (change.kind, change.path) == (BREAKING, "art") and "code neu" in change.what
    assert _report(old, new).required_bump == "major"


def test_the_wording_of_a_code_label_is_text_only(income: Path, tmp_path: Path) -> None:
    reworded = _sub(STUFE_1, "    - {code: stufe_1, label: {de: bis 30000 €, en: \"up to EUR 30,000\"}}\n")
    report = _report(income, _einkommen(tmp_path, "new", overlay=reworded))
    change = _only(report)
    assert (change.kind, change.path) == (TEXT, "einkommensstufe") and "stufe_1" in change.what
    assert report.required_bump == "patch"
    assert report.errors, "a text change needs at least a new patch version"
    assert _report(income, _einkommen(tmp_path, "patch", overlay=reworded, version="1.0.1")).errors == []


# --- income brackets and bounds ---------------------------------------------------------------


def test_an_income_bracket_boundary_is_breaking(income: Path, tmp_path: Path) -> None:
    moved = _chain(_sub("to: 30000", "to: 25000"), _sub("from: 30000", "from: 25000"))
    report = _report(income, _einkommen(tmp_path, "new", satzung=moved))
    change = _only(report)
    assert (change.kind, change.path) == (BREAKING, "fees/2021-08.json")
    assert "income bracket bounds" in change.what and "30000" in change.what and "25000" in change.what
    assert report.required_bump == "major"


def test_an_income_limit_setting_is_breaking(income: Path, tmp_path: Path) -> None:
    report = _report(income, _einkommen(tmp_path, "new", overlay=_sub("beitragsfrei_bis: 40000", "beitragsfrei_bis: 35000")))
    assert _at(report, "settings.beitragsfrei_bis") == [(BREAKING, "setting beitragsfrei_bis: 40000 → 35000")]
    assert report.required_bump == "major"


def test_other_fee_amounts_are_compatible(income: Path, tmp_path: Path) -> None:
    cheaper = _sub("{stufe: 3, from: 40000, to: 50000, fees: {u3: [25, 100, 150, 200]}}",
                   "{stufe: 3, from: 40000, to: 50000, fees: {u3: [20, 100, 150, 200]}}")
    change = _only(_report(income, _einkommen(tmp_path, "new", satzung=cheaper)))
    assert (change.kind, change.path) == (COMPATIBLE, "fees/2021-08.json")


# --- validations and conditions ---------------------------------------------------------------

STUNDEN = "            minimum: 25\n            maximum: 45\n"


def _rule(expression: str) -> Edit:
    """A validation on ``betreuungszeit`` (a decimal field without one)."""
    validation = f"        validations:\n          - rule: {expression}\n            message: {{de: Zu viel., en: Too much.}}\n"
    return _sub("        decimals: 1\n", "        decimals: 1\n" + validation)


def test_a_narrower_limit_or_rule_is_breaking(tmp_path: Path) -> None:
    old = _allfields(tmp_path, "old", _rule("wert <= 10"))
    new = _allfields(tmp_path, "new", _rule("wert <= 8"), _sub(STUNDEN, STUNDEN.replace("45", "40")), _bump("3.0.0"))
    report = _report(old, new)
    assert _at(report, "kind.stunden") == [(BREAKING, "maximum 45 → 40")]
    assert _at(report, "betreuungszeit") == [(BREAKING, "rule 1 changed: wert <= 10 → wert <= 8")]
    assert report.required_bump == "major" and report.errors == []


def test_a_wider_limit_or_rule_is_compatible(tmp_path: Path) -> None:
    old = _allfields(tmp_path, "old", _rule("wert <= 10"))
    wider = _allfields(tmp_path, "new", _rule("wert <= 11 or wert == 12"), _sub(STUNDEN, STUNDEN.replace("45", "50")))
    report = _report(old, wider)
    assert _at(report, "kind.stunden") == [(COMPATIBLE, "maximum 45 → 50")]
    assert [kind for kind, _ in _at(report, "betreuungszeit")] == [COMPATIBLE]
    assert report.required_bump == "minor" and report.errors, "a compatible change needs a new minor version"
    removed = _report(old, _allfields(tmp_path, "removed", _bump("2.2.0")))
    assert _at(removed, "betreuungszeit") == [(COMPATIBLE, "rule 1 removed: wert <= 10")] and removed.errors == []


def test_an_amount_range_is_read_from_the_form_not_from_its_pattern(base: Path, tmp_path: Path) -> None:
    """An amount is a decimal string whose range is part of its schema ``pattern``: every new range is
    a new pattern. form.json says whether it is wider or narrower; only without it does the changed
    pattern count (as breaking: a pattern is not compared by meaning)."""
    range_ = "        minimum: 0\n        maximum: 12\n"
    wider = _allfields(tmp_path, "wider", _sub(range_, range_.replace("12", "14")))
    assert [(c.kind, c.path, c.what) for c in _report(base, wider).changes] == [
        (COMPATIBLE, "betreuungszeit", "maximum 12 → 14")]
    narrower = _allfields(tmp_path, "narrower", _sub(range_, range_.replace("12", "10")))
    assert _at(_report(base, narrower), "betreuungszeit") == [(BREAKING, "maximum 12 → 10")]
    read = lambda folder: (loads((folder / "manifest.json").read_bytes()), loads((folder / "schema.json").read_bytes()))  # noqa: E731
    (change,) = diff_bundles(*read(base), *read(wider)).changes
    assert (change.kind, change.path) == (BREAKING, "betreuungszeit") and change.what.startswith("pattern")


def test_a_changed_pattern_is_breaking(base: Path, tmp_path: Path) -> None:
    new = _allfields(tmp_path, "new", _sub('pattern: "[A-Z]{2}-[0-9]{4}"', 'pattern: "[A-Z]{2}-[0-9]{5}"'))
    change = _only(_report(base, new))
    assert (change.kind, change.path) == (BREAKING, "aktenzeichen") and change.what.startswith("pattern")


AKTENZEICHEN = "      - id: aktenzeichen\n        type: text\n"


def _visible(condition: str) -> Edit:
    return _sub(AKTENZEICHEN, AKTENZEICHEN + f"        visible_if: {condition}\n")


def test_a_condition_provably_wider_is_compatible(tmp_path: Path) -> None:
    old = _allfields(tmp_path, "old", _visible('art == "wechsel"'))
    new = _allfields(tmp_path, "new", _visible('art == "wechsel" or art == "neu"'))
    change = _only(_report(old, new))
    assert (change.kind, change.path) == (COMPATIBLE, "aktenzeichen")
    assert _report(old, new).required_bump == "minor"


def test_a_changed_condition_is_breaking(base: Path, tmp_path: Path) -> None:
    old = _allfields(tmp_path, "old", _visible('art == "wechsel"'))
    change = _only(_report(old, _allfields(tmp_path, "new", _visible('art == "neu"'))))
    assert (change.kind, change.path) == (BREAKING, "aktenzeichen")
    wider = _sub('visible_if: art == "wechsel"\n        required: true', 'visible_if: art == "wechsel" or art == "neu"\n        required: true')
    wider_but_required = _report(base, _allfields(tmp_path, "b", wider))
    assert _only(wider_but_required).kind == BREAKING, "asked in more cases where it is required"


def test_a_wider_required_if_is_breaking_and_a_narrower_one_compatible(base: Path, tmp_path: Path) -> None:
    more = _report(base, _allfields(tmp_path, "more", _sub("einkommen > 2000", "einkommen > 1000")))
    assert [(c.kind, c.path) for c in more.changes] == [(BREAKING, "iban")] and more.required_bump == "major"
    fewer = _report(base, _allfields(tmp_path, "fewer", _sub("einkommen > 2000", "einkommen > 3000")))
    assert [(c.kind, c.path) for c in fewer.changes] == [(COMPATIBLE, "iban")] and fewer.required_bump == "minor"


# --- required-ness ----------------------------------------------------------------------------

TELEFON = "      - id: telefon\n        type: tel\n"


def test_newly_required_is_breaking(base: Path, tmp_path: Path) -> None:
    report = _report(base, _allfields(tmp_path, "new", _sub(TELEFON, TELEFON + "        required: true\n")))
    assert _at(report, "telefon") == [(BREAKING, "now required")]
    assert report.required_bump == "major" and len(report.changes) == 1


def test_newly_required_under_a_condition_is_breaking(base: Path, tmp_path: Path) -> None:
    report = _report(base, _allfields(tmp_path, "new", _sub(TELEFON, TELEFON + "        required_if: alleinerziehend\n")))
    assert _at(report, "telefon") == [(BREAKING, "now required when alleinerziehend")]
    assert report.required_bump == "major"


def test_no_longer_required_is_compatible(base: Path, tmp_path: Path) -> None:
    email = "        type: email\n        label: {de: E-Mail, en: Email}\n        required: true\n"
    report = _report(base, _allfields(tmp_path, "new", _sub(email, email.replace("required: true", "required: false"))))
    assert _at(report, "email") == [(COMPATIBLE, "no longer required")]
    assert report.required_bump == "minor" and len(report.changes) == 1


# --- codes and fields -------------------------------------------------------------------------

SPAET = "    - {code: spaet, label: {de: Spätdienst, en: Late care}}\n"


def test_a_new_code_is_compatible(base: Path, tmp_path: Path) -> None:
    new = _allfields(tmp_path, "new", _sub(SPAET, SPAET + "    - {code: ferien, label: {de: Ferien, en: Holidays}}\n"))
    change = _only(_report(base, new))
    assert (change.kind, change.path, change.what) == (COMPATIBLE, "zusatz", "codes added: ferien")
    assert _report(base, new).required_bump == "minor"


def test_a_removed_code_is_breaking(base: Path, tmp_path: Path) -> None:
    new = _allfields(tmp_path, "new", _sub(SPAET, ""))
    change = _only(_report(base, new))
    assert (change.kind, change.path, change.what) == (BREAKING, "zusatz", "codes removed: spaet")
    assert _report(base, new).required_bump == "major"


def test_a_removed_field_is_breaking_and_a_new_optional_one_compatible(base: Path, tmp_path: Path) -> None:
    fax = "      - id: fax\n        type: tel\n        label: {de: Fax, en: Fax}\n"
    report = _report(base, _allfields(tmp_path, "new", _sub(TELEFON, fax + TELEFON), _sub("\n      - id: plz\n", "\n      - id: plz_alt\n")))
    assert (COMPATIBLE, "optional field added") in _at(report, "fax")
    assert _at(report, "plz") == [(BREAKING, "field removed")]
    assert _at(report, "plz_alt") == [(BREAKING, "required field added")]


# --- texts ------------------------------------------------------------------------------------


def test_pure_texts_are_text_only(base: Path, tmp_path: Path) -> None:
    texts = _chain(_sub("{de: Telefon, en: Telephone}", "{de: Telefonnummer, en: Phone number}"),
                   _sub("title: {de: Eltern, en: Parents}", "title: {de: Ihre Eltern, en: Your parents}"),
                   _sub("Bitte **vollständig** ausfüllen.", "Bitte alles ausfüllen."),
                   _sub("label: {de: Wochenstunden, en: Weekly hours}", "label: {de: Stunden je Woche (höchstens 45), en: Hours a week}"))
    report = _report(base, _allfields(tmp_path, "new", texts))
    assert {c.kind for c in report.changes} == {TEXT}
    assert {c.path for c in report.changes} >= {"telefon", "step:eltern", "hinweis", "kind.stunden"}
    assert report.required_bump == "patch" and report.errors
    assert _report(base, _allfields(tmp_path, "patch", texts, _bump("2.1.1"))).errors == []


def test_changed_files_without_a_change_of_meaning_still_need_a_patch(base: Path) -> None:
    files = read_tree(base)
    touched = {**files, "assistant/index.html": files.get("assistant/index.html", b"") + b"<!-- -->"}
    report = diff_bundle_files(files, touched)
    assert [c.kind for c in report.changes] == [TEXT] and report.required_bump == "patch"


def test_diff_bundles_compares_schemas_without_form_json(base: Path, tmp_path: Path) -> None:
    new = _allfields(tmp_path, "new", _sub(TELEFON, TELEFON + "        required: true\n"), _sub(SPAET, ""))
    read = lambda folder: (loads((folder / "manifest.json").read_bytes()), loads((folder / "schema.json").read_bytes()))  # noqa: E731
    report = diff_bundles(*read(base), *read(new))
    assert (BREAKING, "now required") in _at(report, "telefon")
    assert (BREAKING, "codes removed: spaet") in _at(report, "zusatz")
    assert report.required_bump == "major" and report.errors


# --- the command ------------------------------------------------------------------------------


def test_diff_command_refuses_a_relabelled_income_band_without_a_new_major(income: Path, tmp_path: Path) -> None:
    relabel = _sub(STUFE_1, STUFE_1.replace("30.000", "25.000").replace("30,000", "25,000"))
    new = _einkommen(tmp_path, "new", overlay=relabel)
    result = CliRunner().invoke(cli, ["diff", str(income), str(new)])
    assert result.exit_code == 1, result.output
    assert "Breaking changes: 1" in result.output and "[breaking] einkommensstufe: code stufe_1" in result.output
    assert "error:" in result.output and "2.0.0" in result.output
    as_json = CliRunner().invoke(cli, ["diff", "--format", "json", str(income), str(new)])
    data = loads(as_json.output.encode())
    assert data["ok"] is False and data["required_bump"] == "major"
    assert [c["class"] for c in data["changes"]] == [BREAKING] and data["changes"][0]["why"]
    major = _einkommen(tmp_path, "major", overlay=relabel, version="2.0.0")
    assert CliRunner().invoke(cli, ["diff", str(income), str(major)]).exit_code == 0


def test_diff_command_on_equal_and_bad_folders(base: Path, tmp_path: Path) -> None:
    fine = CliRunner().invoke(cli, ["diff", str(base), str(base)])
    assert fine.exit_code == 0 and "fits" in fine.output
    assert CliRunner().invoke(cli, ["diff", str(tmp_path), str(base)]).exit_code == 2


def test_a_schema_change_the_form_does_not_explain_is_still_classified(base: Path) -> None:
    files = read_tree(base)
    schema = loads(files["schema.json"])
    schema["properties"]["telefon"]["pattern"] = "^[0-9]+$"
    stricter = {**files, "schema.json": dumps(schema)}
    change = _only(diff_bundle_files(files, stricter))
    assert (change.kind, change.path) == (BREAKING, "telefon") and change.what.startswith("pattern")
