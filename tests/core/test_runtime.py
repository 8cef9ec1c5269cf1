"""Server-side submission checks (``check_submission``) on the fixture form.

The Musterstadt overlay is extended with contact fields after the wishes (email, postal code, IBAN,
hours, income, languages) and a school field inside the siblings repeat, and the Kommune gets a few facilities,
so that every kind of value a citizen submits is met once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from core_support import FACILITIES, OVERLAY, compile_with, copy_fixture, summary

from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import SubmissionResult, check_submission, instance_path

TODAY = date(2025, 3, 1)

EXTRA_CHANGES = """\
  - insert_after: geschwister.name
    elements:
      - id: schule
        type: text
        label: {de: Schule, en: School}
        required_if: alter_am(geburtsdatum, heute()) >= 6
  - insert_after: wuensche
    elements:
      - {id: email, type: email, label: {de: E-Mail, en: Email}}
      - {id: plz, type: postal_code, label: {de: Postleitzahl, en: Postcode}}
      - {id: iban, type: iban, label: {de: IBAN, en: IBAN}}
      - {id: stunden, type: integer, label: {de: Wochenstunden, en: Hours per week}, minimum: 25, maximum: 45}
      - id: einkommen
        type: money
        label: {de: Einkommen, en: Income}
        validations:
          - rule: wert < 100000
            message: {de: Bitte prüfen Sie den Betrag., en: Please check the amount.}
            severity: warning
      - id: sprachen
        type: multichoice
        label: {de: Sprachen, en: Languages}
        max_items: 2
        options:
          - {code: de, label: {de: Deutsch, en: German}}
          - {code: tr, label: {de: Türkisch, en: Turkish}}
          - {code: ar, label: {de: Arabisch, en: Arabic}}
"""

FACILITY = """\
  - id: {id}
    name: Kita {id}
    traeger: Stadt
    address: {{street: Hauptstr. 1, postal_code: "12345", city: Musterstadt}}
    care_types: [kita]
    age_from_months: 12
    age_to_months: 72
"""


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ResolvedForm]:
    root = copy_fixture(tmp_path_factory.mktemp("runtime") / "project")
    overlay = (root / OVERLAY).read_text(encoding="utf-8") + EXTRA_CHANGES
    facilities = "sample_data: true\nsource: Invented.\nfacilities:\n" + "".join(
        FACILITY.format(id=f"kita-{letter}") for letter in "abcdefg"
    )
    result = compile_with(root, {OVERLAY: overlay, FACILITIES: facilities})
    assert summary(result) == []
    return result.forms


@pytest.fixture
def form(forms: dict[str, ResolvedForm]) -> ResolvedForm:
    return forms["musterstadt/anmeldung"]


def valid(**changes: Any) -> dict[str, Any]:
    """A complete, valid submission for the Musterstadt form, with ``changes`` applied on top."""
    data: dict[str, Any] = {
        "kind": {"vorname": "Mia", "geburtsdatum": "2022-05-01", "staatsangehoerigkeit": "deutsch"},
        "sorgerecht": "allein",
        "geschwister": [],
        "wuensche": [{"code": "kita-a"}, {"code": "kita-b"}],
    }
    data.update(changes)
    return data


def check(form: ResolvedForm, data: dict[str, Any]) -> SubmissionResult:
    return check_submission(form, data, today=TODAY)


def errors(form: ResolvedForm, data: dict[str, Any]) -> dict[str, str]:
    return check(form, data).codes()


def test_a_complete_submission_is_accepted(form: ResolvedForm) -> None:
    result = check(form, valid())
    assert (result.ok, result.errors, result.warnings) == (True, [], [])
    assert {"kind.vorname", "sorgerecht", "wuensche", "email"} <= result.visible
    assert {"kind.vorname", "kind.geburtsdatum", "sorgerecht", "wuensche"} == result.required


# --- required, required_if, visible_if --------------------------------------------------------------


def test_required_fields_missing(form: ResolvedForm) -> None:
    result = check(form, {"kind": {"vorname": "", "geburtsdatum": None}})
    assert result.codes() == {
        "kind.vorname": "required",
        "kind.geburtsdatum": "required",
        "sorgerecht": "required_choice",
        "wuensche": "required_choice",
    }
    by_path = {e.path: e.message for e in result.errors}
    assert by_path["kind.vorname"] == {"de": "Bitte füllen Sie „Vorname“ aus.", "en": "Please fill in “First name”."}


def test_required_if_applies_when_its_condition_holds(form: ResolvedForm) -> None:
    data = valid(sorgerecht="gemeinsam", getrennt_lebend=True)
    assert errors(form, data) == {"einverstaendnis": "required_declaration"}
    assert errors(form, {**data, "einverstaendnis": False}) == {"einverstaendnis": "required_declaration"}
    assert errors(form, {**data, "einverstaendnis": True}) == {}
    assert errors(form, valid(sorgerecht="gemeinsam", getrennt_lebend=False)) == {}


def test_a_hidden_field_is_not_checked_and_its_value_is_ignored(form: ResolvedForm) -> None:
    # getrennt_lebend is shown only for joint custody; with sole custody its value takes no part
    data = valid(sorgerecht="allein", getrennt_lebend="kein boolean")
    result = check(form, data)
    assert result.codes() == {}
    assert "getrennt_lebend" not in result.visible
    assert "einverstaendnis" not in result.required  # its required_if reads the hidden value as null


def test_a_shown_field_is_checked(form: ResolvedForm) -> None:
    result = check(form, valid(sorgerecht="gemeinsam", getrennt_lebend="kein boolean"))
    assert result.codes() == {"getrennt_lebend": "invalid_value"}
    assert "getrennt_lebend" in result.visible


# --- repeats and relative references ------------------------------------------------------------------


def test_repeat_entries_are_checked_one_by_one(form: ResolvedForm) -> None:
    siblings = [
        {"name": "Ali", "geburtsdatum": "2015-04-01"},  # 9 years old: school required
        {"name": "", "geburtsdatum": "2023-09-01"},
        {"name": "Lea", "geburtsdatum": "2016-01-01", "schule": "GGS Nord"},
    ]
    result = check(form, valid(geschwister=siblings))
    assert result.codes() == {"geschwister.0.schule": "required", "geschwister.1.name": "required"}
    assert {"geschwister.0.schule", "geschwister.2.schule"} <= result.required
    assert "geschwister.1.schule" not in result.required  # `geburtsdatum` is that entry's own, not the child's


def test_validation_in_a_repeat_compares_with_a_field_outside(form: ResolvedForm) -> None:
    twin = {"name": "Zoe", "geburtsdatum": "2022-05-01"}
    result = check(form, valid(geschwister=[{"name": "Ben", "geburtsdatum": "2020-01-01"}, twin]))
    assert (result.ok, [(w.path, w.code, w.severity) for w in result.warnings]) == (
        True,
        [("geschwister.1.geburtsdatum", "validation", "warning")],
    )
    assert result.warnings[0].message["de"] == "Zwillinge bitte angeben."


def test_repeat_limits(form: ResolvedForm) -> None:
    five = [{"name": f"Kind {i}", "geburtsdatum": "2023-01-01"} for i in range(5)]
    assert errors(form, valid(geschwister=five)) == {"geschwister": "too_many_items"}
    assert errors(form, valid(geschwister="Ali, Lea")) == {"geschwister": "invalid_value"}


def test_instance_path_numbers_the_repeat_entries() -> None:
    assert instance_path("geschwister.name", (("geschwister", 1),)) == "geschwister.1.name"
    assert instance_path("kind.vorname", ()) == "kind.vorname"


# --- validations with `wert` -----------------------------------------------------------------------------


def test_validation_error_blocks_and_warning_informs(form: ResolvedForm) -> None:
    future = valid(kind={"vorname": "Mia", "geburtsdatum": "2025-06-01"})
    result = check(form, future)
    assert [(e.path, e.code, e.severity) for e in result.errors] == [("kind.geburtsdatum", "validation", "error")]
    assert result.errors[0].message == {"de": "Das Datum liegt in der Zukunft.", "en": "The date is in the future."}
    rich = check(form, valid(einkommen="250000.00"))
    assert (rich.ok, [(w.path, w.code) for w in rich.warnings]) == (True, [("einkommen", "validation")])


def test_validation_runs_only_on_a_well_formed_value(form: ResolvedForm) -> None:
    assert errors(form, valid(kind={"vorname": "Mia", "geburtsdatum": "01.05.2022"})) == {
        "kind.geburtsdatum": "invalid_date"
    }


# --- formats -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        ("kind.geburtsdatum", "2022-02-30", "invalid_date"),
        ("kind.geburtsdatum", "2022-2-3", "invalid_date"),
        ("kind.geburtsdatum", 20220203, "invalid_date"),
        ("email", "mia@example.org", None),
        ("email", "mia@example", "invalid_email"),
        ("email", "mia example.org", "invalid_email"),
        ("plz", "50667", None),
        ("plz", "5066", "invalid_postal_code"),
        ("plz", "5066A", "invalid_postal_code"),
        ("plz", 50667, "invalid_postal_code"),
        ("iban", "DE89370400440532013000", None),
        ("iban", "DE89 3704 0044 0532 0130 00", None),
        ("iban", "de89370400440532013000", None),
        ("iban", "DE89370400440532013001", "invalid_iban"),  # one digit off: the checksum fails
        ("iban", "DE8937040044053201300", "invalid_iban"),  # 21 characters
        ("iban", "GB82WEST12345698765432", None),
        ("iban", "GB82WEST12345698765433", "invalid_iban"),
    ],
)
def test_formats(form: ResolvedForm, path: str, value: object, code: str | None) -> None:
    data = valid()
    if "." in path:
        group, name = path.split(".")
        data[group] = {**data[group], name: value}
    else:
        data[path] = value
    assert errors(form, data) == ({path: code} if code else {})


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (25, None),
        (45, None),
        (30.0, None),
        (24, "too_small"),
        (46, "too_large"),
        (30.5, "invalid_integer"),
        ("30", "invalid_integer"),
        (True, "invalid_integer"),
    ],
)
def test_integer_limits(form: ResolvedForm, value: object, code: str | None) -> None:
    assert errors(form, valid(stunden=value)) == ({"stunden": code} if code else {})


def test_limit_is_in_the_message(form: ResolvedForm) -> None:
    (error,) = check(form, valid(stunden=50)).errors
    assert error.message == {
        "de": "„Wochenstunden“ darf höchstens 45 sein.",
        "en": "“Hours per week” must be 45 or less.",
    }


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1250.5", None),
        ("1250.55", None),
        ("1234.56", None),
        ("19.99", None),
        ("0", None),
        ("12.345", "invalid_money"),
        ("-1", "too_small"),
        ("-0.00", "invalid_money"),
        ("1.250,50", "invalid_money"),
        ("1e3", "invalid_money"),
        ("0012", "invalid_money"),
        (" 12", "invalid_money"),
        ("NaN", "invalid_money"),
        ("Infinity", "invalid_money"),
    ],
)
def test_money_is_a_decimal_string_with_at_most_two_decimals(form: ResolvedForm, value: object, code: str | None) -> None:
    assert errors(form, valid(einkommen=value)) == ({"einkommen": code} if code else {})


@pytest.mark.parametrize("value", [1250.5, Decimal("1234.56"), 0, float("nan")])
def test_money_as_a_json_number_is_refused(form: ResolvedForm, value: object) -> None:
    """Binary floating point cannot hold cents exactly: an amount travels as a decimal string."""
    assert errors(form, valid(einkommen=value)) == {"einkommen": "invalid_money"}


def test_an_amount_is_read_exactly(form: ResolvedForm) -> None:
    from kitaforms.runtime.fields import typed_value

    element = form.placed["einkommen"].element
    assert typed_value(element, "1234.56") == Decimal("1234.56")
    assert typed_value(element, 1234.56) is None and typed_value(element, "1234.567") is None


@pytest.mark.parametrize(("path", "value"), [("stunden", 1e300), ("einkommen", "1" + "0" * 30)])
def test_a_huge_number_is_an_error_not_a_crash(form: ResolvedForm, path: str, value: float) -> None:
    assert errors(form, valid(**{path: value})) == {path: "too_large"}


# --- choices -------------------------------------------------------------------------------------------------


def test_choice_codes(form: ResolvedForm) -> None:
    assert errors(form, valid(sorgerecht="gemeinsam")) == {}
    assert errors(form, valid(sorgerecht="Gemeinsam")) == {"sorgerecht": "invalid_choice"}  # the label, not the code
    assert errors(form, valid(sorgerecht=["allein"])) == {"sorgerecht": "invalid_choice"}


def test_multichoice_codes_and_limits(form: ResolvedForm) -> None:
    assert errors(form, valid(sprachen=["de", "tr"])) == {}
    assert errors(form, valid(sprachen=["de", "fr"])) == {"sprachen": "invalid_choice"}
    assert errors(form, valid(sprachen=["de", "tr", "ar"])) == {"sprachen": "too_many_items"}
    assert errors(form, valid(sprachen=["de", "de"])) == {"sprachen": "duplicate_pick"}


def test_ranked_choice_picks_come_from_the_facility_catalogue(form: ResolvedForm) -> None:
    assert errors(form, valid(wuensche=[{"code": "kita-g"}])) == {}
    assert errors(form, valid(wuensche=[{"code": "kita-z"}])) == {"wuensche": "invalid_choice"}
    assert errors(form, valid(wuensche=["kita-a"])) == {"wuensche": "invalid_value"}


def test_ranked_choice_duplicates(form: ResolvedForm) -> None:
    picks = [{"code": "kita-a"}, {"code": "kita-b"}, {"code": "kita-a"}]
    assert errors(form, valid(wuensche=picks)) == {"wuensche": "duplicate_pick"}


def test_max_picks_follow_the_kommune_setting(forms: dict[str, ResolvedForm]) -> None:
    picks = [{"code": f"kita-{letter}"} for letter in "abcdef"]
    local, base = forms["musterstadt/anmeldung"], forms["nrw/anmeldung"]
    assert errors(local, valid(wuensche=picks[:5])) == {}
    assert errors(local, valid(wuensche=picks)) == {"wuensche": "too_many_items"}
    (error,) = check(local, valid(wuensche=picks)).errors
    assert "5" in error.message["de"]
    nrw_data = valid(wuensche=picks[:4])
    del nrw_data["kind"]["staatsangehoerigkeit"]  # the NRW base form does not ask for it
    assert errors(base, nrw_data) == {"wuensche": "too_many_items"}  # NRW's default: 3


# --- keys that are not part of the form -----------------------------------------------------------------------


def test_unknown_keys(form: ResolvedForm) -> None:
    data = valid(admin=True, kind={"vorname": "Mia", "geburtsdatum": "2022-05-01", "passwort": "x"})
    data["geschwister"] = [{"name": "Ali", "geburtsdatum": "2015-04-01", "schule": "GGS", "note": 1}]
    assert errors(form, data) == {
        "admin": "unknown_field",
        "kind.passwort": "unknown_field",
        "geschwister.0.note": "unknown_field",
    }


def test_a_value_for_a_field_the_overlay_removed_is_unknown(forms: dict[str, ResolvedForm]) -> None:
    base = forms["nrw/anmeldung"]
    assert errors(base, valid()) == {"kind.staatsangehoerigkeit": "unknown_field"}
