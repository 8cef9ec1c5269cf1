"""Conditional rules of the Anmeldung (form-content.md § 1.1–1.3), checked on the resolved forms
with the server-side runtime. Today is 15 September 2025 in every test."""

from __future__ import annotations

import itertools

import pytest
from forms_support import (
    PDF,
    anmeldung,
    check,
    error_codes,
    facility_ids,
    picks,
    resolved,
    warning_paths,
)

from kitaforms.model.walk import fields_by_name

FAMILIENSITUATIONEN = ["beide_eltern", "elternteil_partner", "ein_elternteil", "wechselmodell", "pflegeeltern", "andere"]
SORGERECHTE = ["gemeinsam", "allein_mutter", "allein_vater", "vormund", "andere"]
PARENTS_APART = {"elternteil_partner", "ein_elternteil", "wechselmodell"}


def family(familiensituation: str, sorgerecht: str, weitere: bool) -> dict:
    values = {"familiensituation": familiensituation, "sorgerecht": sorgerecht, "sorgerecht_andere": "Pflegschaft"}
    if familiensituation in ("pflegeeltern", "andere"):
        values["weitere_erwachsene"] = weitere
    return anmeldung(**values)


# --- A. type of request and care type ------------------------------------------------------

@pytest.mark.parametrize(
    "art, shown",
    [
        ("kita", {"umfang_kita"}),
        ("hort", {"umfang_kita"}),
        ("tagespflege", {"tagespflege_stunden", "tagespflege_zeiten", "randzeiten", "kita_als_alternative"}),
        ("ogs", {"umfang_ogs"}),
    ],
)
def test_the_care_type_decides_which_scope_question_is_asked(art: str, shown: set[str]) -> None:
    scope_fields = {"umfang_kita", "tagespflege_stunden", "tagespflege_zeiten", "randzeiten", "umfang_ogs", "kita_als_alternative"}
    result = check("nrw/anmeldung", anmeldung(betreuungsart=art))
    assert scope_fields & result.visible == shown


def test_the_scope_of_the_chosen_care_type_is_required() -> None:
    assert error_codes(check("nrw/anmeldung", anmeldung(umfang_kita=None)))["umfang_kita"] == "required_choice"
    tagespflege = anmeldung(betreuungsart="tagespflege", umfang_kita=None)
    assert error_codes(check("nrw/anmeldung", tagespflege)) == {"tagespflege_stunden": "required"}
    ogs = anmeldung(betreuungsart="ogs", umfang_kita=None, kind__geburtsdatum="2019-05-10")
    assert error_codes(check("nrw/anmeldung", ogs)) == {"umfang_ogs": "required_choice"}


@pytest.mark.parametrize("typ, shown", [("neu", False), ("wechsel", True), ("anschluss", True)])
def test_current_care_is_asked_for_a_change_or_follow_up(typ: str, shown: bool) -> None:
    result = check("nrw/anmeldung", anmeldung(anmeldungstyp=typ))
    assert ("bisherige_betreuung.einrichtung" in result.visible) is shown
    assert ("bisherige_betreuung.vertragsende" in result.required) is shown


def test_follow_up_care_must_not_start_before_the_current_contract_ends() -> None:
    current = {"einrichtung": "Großtagespflege Wichtelstube", "betreuungsart": "tagespflege", "vertragsende": "2026-08-31"}
    overlapping = anmeldung(anmeldungstyp="anschluss", bisherige_betreuung=current)
    assert error_codes(check("nrw/anmeldung", overlapping)) == {"beginn": "validation"}
    after = anmeldung(anmeldungstyp="anschluss", bisherige_betreuung=current, beginn="2026-09")
    assert error_codes(check("nrw/anmeldung", after)) == {}
    # a change (Wechsel) may overlap the current contract
    change = anmeldung(anmeldungstyp="wechsel", bisherige_betreuung=current)
    assert error_codes(check("nrw/anmeldung", change)) == {}


# --- B. the child ---------------------------------------------------------------------------

def test_the_date_of_birth_must_not_be_in_the_future() -> None:
    result = check("nrw/anmeldung", anmeldung(kind__geburtsdatum="2025-10-01"))
    assert error_codes(result)["kind.geburtsdatum"] == "validation"


def test_health_consent_is_required_exactly_when_a_support_need_is_stated() -> None:
    for answer, needed in (("ja", True), ("nein", False), ("keine_angabe", False)):
        result = check("nrw/anmeldung", anmeldung(kind__foerderbedarf=answer))
        assert ("kind.foerderbedarf_einwilligung" in result.required) is needed
        assert ("kind.foerderbedarf_beschreibung" in result.visible) is needed
        assert ("foerderbedarf_nachweis" in result.visible) is needed


# --- C. custodians ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "familiensituation, sorgerecht, weitere",
    list(itertools.product(FAMILIENSITUATIONEN, SORGERECHTE, [True, False])),
)
def test_person_2_appears_exactly_when_custody_is_joint_or_a_second_adult_lives_there(
    familiensituation: str, sorgerecht: str, weitere: bool
) -> None:
    second_adult = familiensituation in ("beide_eltern", "elternteil_partner") or (
        familiensituation in ("pflegeeltern", "andere") and weitere
    )
    expected = sorgerecht == "gemeinsam" or second_adult
    result = check("nrw/anmeldung", family(familiensituation, sorgerecht, weitere))
    for name in ("person2.nachname", "person2.vorname", "erwerb2.status", "post_an"):
        assert (name in result.visible) is expected, name
    assert ("person2.nachname" in result.required) is expected


@pytest.mark.parametrize(
    "familiensituation, sorgerecht", list(itertools.product(FAMILIENSITUATIONEN, SORGERECHTE))
)
def test_consent_of_the_other_custodian_is_required_exactly_when_custody_is_joint_and_parents_live_apart(
    familiensituation: str, sorgerecht: str
) -> None:
    expected = sorgerecht == "gemeinsam" and familiensituation in PARENTS_APART
    data = family(familiensituation, sorgerecht, True)
    result = check("nrw/anmeldung", data)
    assert ("einverstaendnis_anderer_elternteil" in result.required) is expected
    assert (error_codes(result).get("einverstaendnis_anderer_elternteil") == "required_declaration") is expected
    consented = check("nrw/anmeldung", {**data, "einverstaendnis_anderer_elternteil": True})
    assert "einverstaendnis_anderer_elternteil" not in error_codes(consented)


@pytest.mark.parametrize("sorgerecht, needed", [
    ("gemeinsam", False), ("allein_mutter", True), ("allein_vater", True), ("vormund", True), ("andere", False),
])
def test_proof_of_sole_custody_is_required(sorgerecht: str, needed: bool) -> None:
    result = check("nrw/anmeldung", anmeldung(familiensituation="ein_elternteil", sorgerecht=sorgerecht, sorgerecht_andere="x"))
    assert ("sorgerecht_nachweis" in result.required) is needed


def test_sole_custody_hides_person_2_unless_a_partner_lives_in_the_household() -> None:
    alone = check("nrw/anmeldung", anmeldung(familiensituation="ein_elternteil", sorgerecht="allein_mutter"))
    assert "person2.nachname" not in alone.visible
    partner = check("nrw/anmeldung", anmeldung(familiensituation="elternteil_partner", sorgerecht="allein_mutter"))
    assert "person2.nachname" in partner.visible


def test_the_applicants_address_is_asked_only_when_it_differs_from_the_childs() -> None:
    same = check("nrw/anmeldung", anmeldung())
    assert "person1.strasse" not in same.visible
    other = check("nrw/anmeldung", anmeldung(person1__anschrift_wie_kind=False))
    assert {"person1.strasse", "person1.plz", "person1.ort"} <= other.required


# --- D. employment ---------------------------------------------------------------------------

@pytest.mark.parametrize("status, hours", [
    (["erwerbstaetig"], True), (["minijob"], True), (["selbststaendig"], True), (["beamtet"], True),
    (["ausbildung"], True), (["arbeitsuchend"], False), (["elternzeit"], False), (["nicht_erwerbstaetig"], False),
])
def test_weekly_hours_are_asked_for_work_and_training(status: list[str], hours: bool) -> None:
    result = check("nrw/anmeldung", anmeldung(erwerb1={"status": status}))
    assert ("erwerb1.wochenstunden" in result.required) is hours


def test_parental_leave_asks_for_its_end() -> None:
    result = check("nrw/anmeldung", anmeldung(erwerb1={"status": ["elternzeit"]}))
    assert "erwerb1.elternzeit_bis" in result.required
    assert "erwerb1.wiedereinstieg" in result.visible


def test_not_working_cannot_be_combined_with_work() -> None:
    data = anmeldung(erwerb1={"status": ["nicht_erwerbstaetig", "minijob"], "wochenstunden": 10})
    assert error_codes(check("nrw/anmeldung", data))["erwerb1.status"] == "validation"


def test_job_search_offers_an_optional_proof() -> None:
    result = check("nrw/anmeldung", anmeldung(erwerb2={"status": ["arbeitsuchend"]}))
    assert "arbeitsuche_nachweis" in result.visible
    assert "arbeitsuche_nachweis" not in result.required


# --- E. care need ----------------------------------------------------------------------------

@pytest.mark.parametrize("geburtsdatum, under_one", [
    ("2025-08-10", True),   # 11 months on 1 Aug 2026
    ("2025-08-02", True),   # one day short of 1 year
    ("2025-08-01", False),  # exactly 1 year on the start
    ("2025-07-31", False),
    ("2024-05-10", False),
])
def test_the_under_1_reason_is_required_exactly_when_the_child_is_under_1_at_the_start(
    geburtsdatum: str, under_one: bool
) -> None:
    data = anmeldung(kind__geburtsdatum=geburtsdatum, beginn="2026-08")
    result = check("nrw/anmeldung", data)
    assert ("u1_gruende" in result.required) is under_one
    assert ("u1_nachweis" in result.required) is under_one
    assert (error_codes(result).get("u1_gruende") == "required_choice") is under_one


def test_the_start_must_not_be_in_the_past_but_this_month_is_fine() -> None:
    assert error_codes(check("nrw/anmeldung", anmeldung(beginn="2025-08")))["beginn"] == "validation"
    assert "beginn" not in error_codes(check("nrw/anmeldung", anmeldung(beginn="2025-09")))


@pytest.mark.parametrize("beginn, warned", [("2025-10", True), ("2026-03", True), ("2026-04", False), ("2026-08", False)])
def test_less_than_6_months_notice_warns_but_does_not_block(beginn: str, warned: bool) -> None:
    result = check("nrw/anmeldung", anmeldung(beginn=beginn))
    assert ("beginn" in warning_paths(result)) is warned
    assert "beginn" not in error_codes(result)


def test_the_start_cannot_be_before_the_birth() -> None:
    newborn = dict(kind__geburtsdatum="2025-09-10", u1_gruende=["erwerbstaetigkeit"], u1_nachweis=PDF)
    assert "beginn" not in error_codes(check("nrw/anmeldung", anmeldung(beginn="2025-09", **newborn)))
    before = check("nrw/anmeldung", anmeldung(beginn="2025-08", **newborn))
    messages = [e.message["de"] for e in before.errors if e.path == "beginn"]
    assert any("vor der Geburt" in m for m in messages)


def test_school_care_is_for_school_children_and_kita_for_younger_ones() -> None:
    ogs_too_young = anmeldung(betreuungsart="ogs", umfang_kita=None, umfang_ogs="ganztag")
    assert error_codes(check("nrw/anmeldung", ogs_too_young))["beginn"] == "validation"
    kita_too_old = anmeldung(kind__geburtsdatum="2018-01-01")
    assert error_codes(check("nrw/anmeldung", kita_too_old))["beginn"] == "validation"


def test_edge_time_childminding_needs_the_employers_certificate() -> None:
    data = anmeldung(betreuungsart="tagespflege", umfang_kita=None, tagespflege_stunden=30, randzeiten=True)
    assert error_codes(check("nrw/anmeldung", data)) == {"randzeiten_nachweis": "required_file"}
    assert error_codes(check("nrw/anmeldung", {**data, "randzeiten_nachweis": PDF})) == {}


def test_childminding_times_end_after_they_start() -> None:
    times = [{"wochentag": "mo", "von": "08:00", "bis": "07:30"}]
    data = anmeldung(betreuungsart="tagespflege", umfang_kita=None, tagespflege_stunden=30, tagespflege_zeiten=times)
    assert error_codes(check("nrw/anmeldung", data)) == {"tagespflege_zeiten.0.bis": "validation"}


@pytest.mark.parametrize("key, hours, ok", [
    ("nrw/anmeldung", 10, True), ("nrw/anmeldung", 9, False),
    ("bonn/anmeldung", 10, True),
    ("kreis_soest/anmeldung", 15, True), ("kreis_soest/anmeldung", 12, False),
])
def test_the_minimum_childminding_hours_come_from_the_kommune(key: str, hours: int, ok: bool) -> None:
    data = anmeldung(key, betreuungsart="tagespflege", umfang_kita=None, tagespflege_stunden=hours,
                     wuensche=picks(facility_ids(key, "tagespflege")[:1]) if key != "nrw/anmeldung" else None,
                     vermittlung=key == "nrw/anmeldung")
    assert ("tagespflege_stunden" not in error_codes(check(key, data))) is ok


# --- F. wishes -------------------------------------------------------------------------------

@pytest.mark.parametrize("kommune, maximum", [("koeln", 5), ("dortmund", 6), ("duesseldorf", 15), ("muenster", 25)])
def test_each_kommune_allows_its_own_number_of_wishes(kommune: str, maximum: int) -> None:
    key = f"{kommune}/anmeldung"
    kitas = facility_ids(key, "kita")
    allowed = check(key, anmeldung(key, wuensche=picks(kitas[:maximum])))
    assert "wuensche" not in error_codes(allowed)
    every = kitas + [kita for kita in facility_ids(key, "kita", fitting=False) if kita not in kitas]
    too_many = check(key, anmeldung(key, wuensche=picks(every[: maximum + 1])))
    assert error_codes(too_many)["wuensche"] == "too_many_items"


@pytest.mark.parametrize("key, maximum", [("nrw/anmeldung", 3), ("koeln/anmeldung", 5), ("muenster/anmeldung", 25)])
def test_the_resolved_wish_field_carries_the_kommunes_maximum_and_ranking(key: str, maximum: int) -> None:
    wishes = fields_by_name(resolved(key).form)["wuensche"].element
    assert wishes.max_picks == maximum
    assert wishes.ranking is True
    assert wishes.reasons == "wunschgruende"
    assert wishes.filter_care_type == "betreuungsart"


def test_a_wish_cannot_be_chosen_twice() -> None:
    key = "koeln/anmeldung"
    kita = facility_ids(key, "kita")[0]
    result = check(key, anmeldung(key, wuensche=picks([kita, kita])))
    assert error_codes(result)["wuensche"] == "duplicate_pick"


def test_wishes_must_come_from_the_kommunes_catalogue_with_known_reasons() -> None:
    key = "koeln/anmeldung"
    assert error_codes(check(key, anmeldung(key, wuensche=picks(["ms-kita-01"]))))["wuensche"] == "invalid_choice"
    kita = facility_ids(key, "kita")[0]
    bad_reason = [{"code": kita, "reasons": ["lieblingsfarbe"]}]
    assert error_codes(check(key, anmeldung(key, wuensche=bad_reason)))["wuensche"] == "invalid_choice"
    good_reasons = [{"code": kita, "reasons": ["geschwister", "arbeitsplatznah"]}]
    assert "wuensche" not in error_codes(check(key, anmeldung(key, wuensche=good_reasons)))


def test_at_least_one_wish_unless_the_jugendamt_should_suggest_a_place() -> None:
    assert error_codes(check("nrw/anmeldung", anmeldung(wuensche=None)))["wuensche"] == "required_choice"
    assert error_codes(check("nrw/anmeldung", anmeldung(wuensche=None, vermittlung=True))) == {}


def test_childminding_is_offered_as_alternative_for_under_3s_only() -> None:
    assert "tagespflege_als_alternative" in check("nrw/anmeldung", anmeldung()).visible
    older = anmeldung(kind__geburtsdatum="2022-05-10")
    assert "tagespflege_als_alternative" not in check("nrw/anmeldung", older).visible


def test_sibling_details_are_asked_only_when_a_sibling_attends() -> None:
    assert "geschwister_name" not in check("nrw/anmeldung", anmeldung()).visible
    assert "geschwister_name" in check("nrw/anmeldung", anmeldung(geschwister_in_einrichtung=True)).visible


# --- local rules -----------------------------------------------------------------------------

def test_koeln_asks_for_residence_in_koeln_and_warns_for_other_postcodes() -> None:
    key = "koeln/anmeldung"
    result = check(key, anmeldung(key, kind__plz="53111"))
    assert "kind.plz" in warning_paths(result)
    assert "kind.plz" not in error_codes(result)
    assert error_codes(check(key, anmeldung(key, kind__wohnsitz_koeln=False))) == {"kind.wohnsitz_koeln": "required_declaration"}


def test_koeln_needs_proof_of_work_for_under_3_places() -> None:
    key = "koeln/anmeldung"
    assert error_codes(check(key, anmeldung(key, erwerb_nachweis=None))) == {"erwerb_nachweis": "required_file"}
    older = anmeldung(key, erwerb_nachweis=None, kind__geburtsdatum="2022-05-10")
    assert error_codes(check(key, older)) == {}
    # elsewhere the proof is voluntary
    assert error_codes(check("nrw/anmeldung", anmeldung(erwerb_nachweis=None))) == {}


def test_muenster_limits_childminding_wishes_to_7() -> None:
    key = "muenster/anmeldung"
    base = dict(betreuungsart="tagespflege", umfang_kita=None, tagespflege_stunden=30)
    eight = picks(facility_ids(key, "tagespflege", hours=30)[:8])
    assert error_codes(check(key, anmeldung(key, wuensche=eight, **base)))["wuensche"] == "validation"
    assert "wuensche" not in error_codes(check(key, anmeldung(key, wuensche=eight[:7], **base)))


def test_muenster_takes_further_weekly_hours_in_ranked_order() -> None:
    key = "muenster/anmeldung"
    ok = anmeldung(key, umfang_kita_weitere=picks(["45", "25"]))
    assert error_codes(check(key, ok)) == {}
    repeated = anmeldung(key, umfang_kita_weitere=picks(["35"]))
    assert error_codes(check(key, repeated)) == {"umfang_kita_weitere": "validation"}
    assert "umfang_kita_weitere" not in check("koeln/anmeldung", anmeldung("koeln/anmeldung")).visible


def test_weekly_working_hours_stay_within_0_and_60() -> None:
    data = anmeldung(erwerb1={"status": ["erwerbstaetig"], "wochenstunden": 61})
    assert error_codes(check("nrw/anmeldung", data)) == {"erwerb1.wochenstunden": "too_large"}
    data = anmeldung(erwerb1={"status": ["erwerbstaetig"], "wochenstunden": 0})
    assert error_codes(check("nrw/anmeldung", data)) == {"erwerb1.wochenstunden": "too_small"}
