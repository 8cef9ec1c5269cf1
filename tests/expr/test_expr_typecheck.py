"""Type checker: unknown names with did-you-mean, mismatches, code warnings, conditions."""

from __future__ import annotations

import pytest

from kitaforms.errors._types import Severity
from kitaforms.errors.expr import CODES
from kitaforms.expr import (
    BOOLEAN,
    DATE,
    NUMBER,
    STRING,
    UNKNOWN,
    DictScope,
    ExprIssue,
    Symbol,
    Type,
    list_of,
    parse,
    typecheck,
)

SCOPE = DictScope(
    {
        "kind.geburtsdatum": DATE,
        "kind.name": STRING,
        "betreuung.beginn": DATE,
        "betreuung.stunden": NUMBER,
        "sorgerecht": Symbol(STRING, frozenset({"gemeinsam", "allein_mutter", "allein_vater"})),
        "getrennt_lebend": BOOLEAN,
        "person1.status": Symbol(list_of(STRING), frozenset({"erwerbstaetig", "studium", "ausbildung"})),
        "geschwister": list_of(UNKNOWN),
        "geschwister.geburtsdatum": list_of(DATE),
        "einkuenfte.betrag": list_of(NUMBER),
    }
)


def check(source: str, expected: Type | None = BOOLEAN) -> tuple[Type, list[ExprIssue]]:
    return typecheck(parse(source), SCOPE, expected)


def issues(source: str, expected: Type | None = BOOLEAN) -> list[ExprIssue]:
    return check(source, expected)[1]


def only(source: str, expected: Type | None = BOOLEAN) -> ExprIssue:
    found = issues(source, expected)
    assert len(found) == 1, found
    return found[0]


def spot(source: str, issue: ExprIssue) -> str:
    return source[issue.offset : issue.offset + issue.length]


@pytest.mark.parametrize(
    "source",
    [
        "kind.geburtsdatum <= heute()",
        'sorgerecht == "gemeinsam" and getrennt_lebend',
        "alter_am(kind.geburtsdatum, betreuung.beginn) < 1",
        '"erwerbstaetig" in person1.status',
        "anzahl(geschwister) <= 5",
        "summe(einkuenfte.betrag) > 0",
        'maximum(geschwister.geburtsdatum) < datum("2020-01-01")',
        "wenn(getrennt_lebend, 1, 2) == betreuung.stunden",
        "ausgefuellt(kind.name) and laenge(kind.name) <= 40",
        "kind.geburtsdatum == null or not ausgefuellt(person1.status)",
        '"a" in kind.name',
        "monate_zwischen(kind.geburtsdatum, heute()) >= 12",
        "jahr(kind.geburtsdatum) + 3 > 2025 and runden(betreuung.stunden / 7, 1) > 5",
        "alter(kind.geburtsdatum) >= 1",
    ],
)
def test_valid_conditions_have_no_issues(source: str) -> None:
    assert check(source) == (BOOLEAN, [])


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("betreuung.stunden * 2", NUMBER),
        ("kind.name", STRING),
        ("heute()", DATE),
        ("minimum(einkuenfte.betrag)", NUMBER),
        ("minimum(geschwister.geburtsdatum)", DATE),
        ('wenn(getrennt_lebend, "a", null)', STRING),
        ("wenn(getrennt_lebend, null, null)", UNKNOWN),
        ("person1.status", list_of(STRING)),
    ],
)
def test_result_types(source: str, expected: Type) -> None:
    assert check(source, None) == (expected, [])


def test_unknown_field_suggests_the_closest_name() -> None:
    source = "kind.geburtsdatm <= heute()"
    issue = only(source)
    assert (issue.code, issue.severity) == ("EXPR_002", "error")
    assert issue.message == "unknown field kind.geburtsdatm"
    assert issue.hint is not None and issue.hint.startswith("did you mean kind.geburtsdatum")
    assert spot(source, issue) == "kind.geburtsdatm"


def test_function_name_used_without_parentheses() -> None:
    issue = only("kind.geburtsdatum <= heute")
    assert issue.code == "EXPR_002" and issue.hint == "heute is a function: write heute()"


def test_unknown_function_suggests_the_closest_and_points_at_the_name() -> None:
    source = "alter_bei(kind.geburtsdatum, heute()) < 3"
    issue = only(source)
    assert issue.code == "EXPR_004" and spot(source, issue) == "alter_bei"
    assert issue.hint == "did you mean alter() or alter_am()?"


def test_wrong_number_of_arguments_names_the_parameters() -> None:
    source = "alter_am(kind.geburtsdatum) < 3"
    issue = only(source)
    assert issue.code == "EXPR_005"
    assert issue.message == "alter_am() takes 2 arguments, but got 1"
    assert issue.hint == "write alter_am(geburtsdatum, stichtag)"
    assert spot(source, issue) == "alter_am(kind.geburtsdatum)"


@pytest.mark.parametrize(
    ("source", "culprit", "hint_part"),
    [
        ('kind.geburtsdatum < "2020-01-01"', '"2020-01-01"', "datum("),
        ('betreuung.stunden > "30"', '"30"', "without quotes"),
        ("kind.name + 1 > 0", "kind.name", None),
        ("getrennt_lebend and betreuung.stunden", "betreuung.stunden", None),
        ("not kind.name", "kind.name", None),
        ("-kind.name == 1", "kind.name", None),
        ("summe(kind.name) > 0", "kind.name", None),
        ("alter(kind.name) > 0", "kind.name", None),
        ('wenn(getrennt_lebend, 1, "zwei") > 0', '"zwei"', "without quotes"),
        ("1 in betreuung.stunden", "betreuung.stunden", "multiple choice"),
        ("1 in person1.status", "1", None),
        ("getrennt_lebend < true", "getrennt_lebend", None),
    ],
)
def test_type_mismatches_point_at_the_offending_operand(source: str, culprit: str, hint_part: str | None) -> None:
    issue = only(source)
    assert issue.code == "EXPR_003", issue
    assert spot(source, issue) == culprit
    assert hint_part is None or (issue.hint and hint_part in issue.hint)


def test_comparing_incompatible_types_points_at_the_comparison() -> None:
    source = "kind.geburtsdatum == 3"
    issue = only(source)
    assert issue.code == "EXPR_003" and spot(source, issue) == source
    assert issue.message == "cannot compare kind.geburtsdatum (date) with 3 (number)"


def test_one_mistake_is_reported_once() -> None:
    assert [issue.code for issue in issues("(unbekannt + 1) * 2 > unbekannt2")] == ["EXPR_002", "EXPR_002"]


@pytest.mark.parametrize(
    ("source", "culprit", "hint"),
    [
        ('sorgerecht == "gemeinsm"', '"gemeinsm"', 'did you mean "gemeinsam"?'),
        ('"gemeinsm" != sorgerecht', '"gemeinsm"', 'did you mean "gemeinsam"?'),
        ('"erwerbstätig" in person1.status', '"erwerbstätig"', 'did you mean "erwerbstaetig"?'),
        ('sorgerecht == "xyz"', '"xyz"', 'use one of: "allein_mutter", "allein_vater", "gemeinsam"'),
    ],
)
def test_value_outside_the_code_list_is_a_warning(source: str, culprit: str, hint: str) -> None:
    issue = only(source)
    assert (issue.code, issue.severity) == ("EXPR_006", "warning")
    assert spot(source, issue) == culprit and issue.hint == hint


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        ("kind.name", 'compare it, e.g. kind.name == "ja"'),
        ("sorgerecht", 'compare it with a code, e.g. sorgerecht == "allein_mutter"'),
        ("betreuung.stunden", "compare it, e.g. betreuung.stunden > 0"),
        ("kind.geburtsdatum", "compare it, e.g. kind.geburtsdatum <= heute()"),
        ("person1.status", 'test it with ausgefuellt(person1.status) or "code" in person1.status'),
    ],
)
def test_a_condition_must_be_boolean(source: str, hint: str) -> None:
    issue = only(source)
    assert issue.code == "EXPR_008" and issue.hint == hint
    assert (issue.offset, issue.length) == (0, len(source))


def test_other_expected_types_are_plain_mismatches() -> None:
    issue = only("kind.name", NUMBER)
    assert issue.code == "EXPR_003" and issue.message == "the expression needs a number, but kind.name is a string"
    assert issues("betreuung.stunden * 2", NUMBER) == []


def test_null_fits_any_expected_type_and_equality() -> None:
    assert issues("null") == []
    assert issues("kind.geburtsdatum == null") == []


def test_ordering_with_null_is_a_warning() -> None:
    issue = only("kind.geburtsdatum > null")
    assert (issue.code, issue.severity) == ("EXPR_009", "warning")


@pytest.mark.parametrize(
    ("source", "culprit", "hint"),
    [
        ('datum("2025-02-30") < heute()', '"2025-02-30"', 'write the date as year-month-day, e.g. datum("2025-08-01")'),
        ('datum("01.08.2025") < heute()', '"01.08.2025"', 'write datum("2025-08-01")'),
        ('datum("2025-8-1") < heute()', '"2025-8-1"', 'write the date as year-month-day, e.g. datum("2025-08-01")'),
    ],
)
def test_invalid_date_literals_are_found_at_compile_time(source: str, culprit: str, hint: str) -> None:
    issue = only(source)
    assert issue.code == "EXPR_007" and spot(source, issue) == culprit and issue.hint == hint


def test_issue_severities_come_from_the_catalogue() -> None:
    catalogue = {code.code: code.severity for code in CODES}
    found = issues('sorgerecht == "x" and unbekannt > null') + issues("kind.name")
    assert {issue.code for issue in found} == {"EXPR_006", "EXPR_002", "EXPR_009", "EXPR_008"}
    for issue in found:
        assert Severity(issue.severity) is catalogue[issue.code]


def test_dict_scope_accepts_plain_types_and_lists_names() -> None:
    scope = DictScope({"a.b": NUMBER})
    assert scope.lookup(("a", "b")) == Symbol(NUMBER)
    assert list(scope.names()) == ["a.b"]
