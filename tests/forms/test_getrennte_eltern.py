"""Separated and divorced parents in all three forms (form-content.md § 4): custody, shared care
(Wechselmodell), who is liable for the fee and who receives the letters."""

from __future__ import annotations

import pytest
from forms_support import anmeldung, beitragsbefreiung, check, einkommen, error_codes, income_test_path

PERSON2_EINKOMMEN = {
    "beziehung": "vater", "nachname": "Beispiel", "vorname": "Ben", "geburtsdatum": "1988-11-20",
    "anschrift_wie_person1": False, "strasse": "Gartenstraße 3", "plz": "50733", "ort": "Köln",
}


# --- Anmeldung -------------------------------------------------------------------------------------

def test_anmeldung_shared_care_needs_consent_and_asks_who_pays_and_who_gets_letters() -> None:
    data = anmeldung(familiensituation="wechselmodell", person2__anschrift_wie_kind=False,
                     person2__strasse="Gartenstraße 3", person2__plz="50733", person2__ort="Köln")
    result = check("nrw/anmeldung", data)
    assert error_codes(result) == {"einverstaendnis_anderer_elternteil": "required_declaration"}
    assert {"beitragspflichtig", "post_an", "person2.strasse"} <= result.visible
    done = check("nrw/anmeldung", {**data, "einverstaendnis_anderer_elternteil": True, "beitragspflichtig": "beide"})
    assert error_codes(done) == {}


def test_anmeldung_parents_together_are_not_asked_about_liability() -> None:
    result = check("nrw/anmeldung", anmeldung())
    assert "beitragspflichtig" not in result.visible
    assert "einverstaendnis_anderer_elternteil" not in result.visible


def test_anmeldung_single_parent_with_sole_custody_has_no_second_person() -> None:
    result = check("nrw/anmeldung", anmeldung(familiensituation="ein_elternteil", sorgerecht="allein_mutter",
                                              sorgerecht_nachweis={"name": "n.pdf", "type": "application/pdf", "size": 1}))
    assert not {"person2.nachname", "post_an", "beitragspflichtig", "einverstaendnis_anderer_elternteil"} & result.visible


# --- Einkommen -----------------------------------------------------------------------------------

def test_einkommen_shared_care_counts_both_incomes_by_default() -> None:
    data = einkommen(familiensituation="wechselmodell", person2=PERSON2_EINKOMMEN)
    result = check("nrw/einkommen", data)
    assert error_codes(result) == {}
    assert {"hinweis_wechselmodell_gemeinsam", "einkommen2.arten", "beitragspflichtig", "post_an"} <= result.visible


def test_einkommen_shared_care_in_bonn_is_half_each_in_separate_declarations() -> None:
    key = "bonn/einkommen"
    data = einkommen(key, familiensituation="wechselmodell")
    for name in ("person2", "einkommen2", "erwerb2", "beitragspflichtig", "post_an"):
        data.pop(name)
    result = check(key, data)
    assert error_codes(result) == {}
    assert "hinweis_wechselmodell_haelftig" in result.visible
    assert not {"person2.nachname", "einkommen2.arten", "beitragspflichtig", "post_an"} & result.visible


@pytest.mark.parametrize("familiensituation", ["ein_elternteil", "elternteil_partner"])
def test_einkommen_only_the_parent_the_child_lives_with_counts(familiensituation: str) -> None:
    data = einkommen(familiensituation=familiensituation, sorgerecht="gemeinsam")
    result = check("nrw/einkommen", data)
    assert "hinweis_ein_elternteil" in result.visible
    assert not {"person2.nachname", "einkommen2.arten", "beitragspflichtig", "post_an"} & result.visible


def test_einkommen_liability_and_letters_are_required_when_two_people_count() -> None:
    data = einkommen()
    data.pop("beitragspflichtig")
    data.pop("post_an")
    assert error_codes(check("nrw/einkommen", data)) == {
        "beitragspflichtig": "required_choice", "post_an": "required_choice",
    }


# --- Beitragsbefreiung ---------------------------------------------------------------------------

def test_befreiung_both_parents_give_person_2_liability_and_letters() -> None:
    data = beitragsbefreiung(familiensituation="beide_eltern", sorgerecht="gemeinsam")
    result = check("nrw/beitragsbefreiung", data)
    assert error_codes(result) == {
        "person2.nachname": "required", "person2.vorname": "required", "person2.geburtsdatum": "required",
        "person2.anschrift_wie_person1": "required_choice", "beitragspflichtig": "required_choice",
        "post_an": "required_choice",
    }


def test_befreiung_single_parent_gives_no_data_on_the_other_parent() -> None:
    result = check("nrw/beitragsbefreiung", income_test_path())
    assert "hinweis_ein_elternteil" in result.visible
    assert not {"person2.nachname", "beitragspflichtig", "post_an"} & result.visible


@pytest.mark.parametrize("key, person2", [("nrw/beitragsbefreiung", True), ("bonn/beitragsbefreiung", False)])
def test_befreiung_shared_care_follows_the_kommunes_procedure(key: str, person2: bool) -> None:
    result = check(key, beitragsbefreiung(key, familiensituation="wechselmodell", sorgerecht="gemeinsam"))
    assert ("person2.nachname" in result.visible) is person2
    assert ("hinweis_wechselmodell_haelftig" in result.visible) is (not person2)
