"""Conditional rules of the Beitragsbefreiung (form-content.md § 3.2), on the resolved forms."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from forms_support import (
    KOMMUNEN,
    TODAY,
    beitragsbefreiung,
    check,
    error_codes,
    income_test_path,
    resolved,
    warning_paths,
)

from kitaforms.model.walk import walk
from kitaforms.runtime import check_submission

BENEFITS = ["buergergeld", "sozialhilfe", "asylblg", "kinderzuschlag", "wohngeld"]


def step_fields(key: str, *steps: str) -> set[str]:
    return {p.name for p in walk(resolved(key).form) if p.step.id in steps and p.element.type != "info"}


# --- 3.2.1 / 3.2.2: the two paths -----------------------------------------------------------

@pytest.mark.parametrize("kommune", ["nrw", *KOMMUNEN])
@pytest.mark.parametrize("benefit", BENEFITS)
def test_a_benefit_leads_to_the_notice_and_skips_the_income_test(kommune: str, benefit: str) -> None:
    key = f"{kommune}/beitragsbefreiung"
    result = check(key, beitragsbefreiung(key, leistungen=[benefit]))
    assert error_codes(result) == {}
    assert "bescheid" in result.required
    assert step_fields(key, "einkommen", "wohnen", "belastungen") & result.visible == set()


@pytest.mark.parametrize("kommune", ["nrw", *KOMMUNEN])
def test_without_a_benefit_the_income_test_is_asked_and_the_benefit_part_hidden(kommune: str) -> None:
    key = f"{kommune}/beitragsbefreiung"
    result = check(key, income_test_path(key))
    assert error_codes(result) == {}
    assert step_fields(key, "leistung") & result.visible == set()
    assert {"einkuenfte", "wohnform", "kaltmiete", "versicherungen", "nachweis_einkommen"} <= result.visible


def test_the_income_test_requires_housing_costs_and_proofs() -> None:
    data = income_test_path()
    for name in ("wohnform", "kaltmiete", "nachweis_einkommen", "nachweis_wohnkosten", "personen_im_haushalt"):
        data.pop(name)
    assert error_codes(check("nrw/beitragsbefreiung", data)) == {
        "wohnform": "required_choice", "nachweis_einkommen": "required_file", "personen_im_haushalt": "required",
    }
    owner = income_test_path(wohnform="eigentum", kaltmiete=None)
    assert error_codes(check("nrw/beitragsbefreiung", owner)) == {"schuldzinsen": "required"}


def test_none_cannot_be_combined_with_a_benefit() -> None:
    data = beitragsbefreiung(leistungen=["keine", "wohngeld"])
    assert error_codes(check("nrw/beitragsbefreiung", data))["leistungen"] == "validation"


@pytest.mark.parametrize("benefit, asked", [
    ("buergergeld", True), ("sozialhilfe", True), ("asylblg", True), ("kinderzuschlag", False), ("wohngeld", False),
])
def test_the_recipient_is_asked_only_where_the_child_can_receive_the_benefit(benefit: str, asked: bool) -> None:
    result = check("nrw/beitragsbefreiung", beitragsbefreiung(leistungen=[benefit]))
    assert ("empfaenger" in result.visible) is asked


def test_extra_work_next_to_the_benefit_needs_a_payslip() -> None:
    data = beitragsbefreiung(zusaetzlich_erwerbstaetig=True)
    assert error_codes(check("nrw/beitragsbefreiung", data)) == {"lohnschein": "required_file"}


# --- 3.2.4: start month and backdating -----------------------------------------------------------

def with_settings(key: str, **settings: Any) -> Any:
    form = resolved(key)
    changed = form.form.model_copy(update={"settings": {**form.form.settings, **settings}})
    return dataclasses.replace(form, form=changed)


def test_the_waiver_starts_at_the_earliest_in_the_month_of_application() -> None:
    assert error_codes(check("nrw/beitragsbefreiung", beitragsbefreiung(ab_monat="2025-08")))["ab_monat"] == "validation"
    assert error_codes(check("nrw/beitragsbefreiung", beitragsbefreiung(ab_monat="2025-09"))) == {}


def test_a_kommune_may_allow_backdating_and_then_asks_why() -> None:
    form = with_settings("nrw/beitragsbefreiung", rueckwirkend_monate=3)
    back = check_submission(form, beitragsbefreiung(ab_monat="2025-06"), TODAY)
    assert error_codes(back) == {"rueckwirkend_grund": "required"}
    too_far = check_submission(form, beitragsbefreiung(ab_monat="2025-05", rueckwirkend_grund="Bescheid kam spät"), TODAY)
    assert error_codes(too_far) == {"ab_monat": "validation"}
    now = check_submission(form, beitragsbefreiung(ab_monat="2025-09"), TODAY)
    assert "rueckwirkend_grund" not in now.visible


# --- 3.2.5: benefit period -------------------------------------------------------------------------

def test_a_benefit_ending_before_the_requested_months_warns() -> None:
    result = check("nrw/beitragsbefreiung", beitragsbefreiung(bewilligt_bis="2025-08-31"))
    assert "bewilligt_bis" in warning_paths(result)
    assert error_codes(result) == {}
    shorter = check("nrw/beitragsbefreiung", beitragsbefreiung(bis_monat="2026-07", bewilligt_bis="2026-03-31"))
    assert "bewilligt_bis" in warning_paths(shorter)


def test_the_benefit_period_is_ordered() -> None:
    result = check("nrw/beitragsbefreiung", beitragsbefreiung(bewilligt_von="2026-07-01", bewilligt_bis="2026-06-30"))
    assert error_codes(result) == {"bewilligt_bis": "validation"}


# --- 3.2.3: one parent only ------------------------------------------------------------------------

def test_with_one_parent_the_other_parents_income_is_refused() -> None:
    rows = [{"person": "person2", "art": "lohn", "betrag": "2000.00"}]
    result = check("nrw/beitragsbefreiung", income_test_path(einkuenfte=rows))
    assert error_codes(result) == {"einkuenfte.0.person": "validation"}
    both = income_test_path(
        familiensituation="beide_eltern", sorgerecht="gemeinsam", einkuenfte=rows, beitragspflichtig="beide",
        post_an="person1", person2={"nachname": "B", "vorname": "Ben", "geburtsdatum": "1988-01-01", "anschrift_wie_person1": True},
    )
    assert error_codes(check("nrw/beitragsbefreiung", both)) == {}


# --- A. other rules ----------------------------------------------------------------------------------

def test_meal_money_is_pointed_to_education_and_participation() -> None:
    result = check("nrw/beitragsbefreiung", beitragsbefreiung(beitragsart=["elternbeitrag", "essensgeld"]))
    assert "hinweis_essensgeld" in result.visible


def test_a_taken_over_participation_fee_is_paid_to_the_provider_with_consent() -> None:
    data = beitragsbefreiung(beitragsart=["teilnahmebeitrag"])
    assert error_codes(check("nrw/beitragsbefreiung", data)) == {"zahlung_an_traeger": "required_declaration"}


def test_duesseldorf_accepts_the_duesselpass_as_benefit() -> None:
    key = "duesseldorf/beitragsbefreiung"
    result = check(key, beitragsbefreiung(key, leistungen=["duesselpass"]))
    assert error_codes(result) == {}
    assert "bescheid" in result.required
    other = check("nrw/beitragsbefreiung", beitragsbefreiung(leistungen=["duesselpass"]))
    assert error_codes(other)["leistungen"] == "invalid_choice"
