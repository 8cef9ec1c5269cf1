"""The NRW form set as a whole: it compiles strictly, is complete in German and English, large
enough, and every Kommune has its files, catalogue and local settings (issue 3, acceptance)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from forms_support import (
    FORMS,
    KOMMUNEN,
    ROOT,
    anmeldung,
    beitragsbefreiung,
    check,
    einkommen,
    error_codes,
    field_names,
    project,
    resolved,
    warning_paths,
)

from kitaforms.check.texts import texts
from kitaforms.model.walk import walk

ALL_KEYS = [f"{kommune}/{form}" for kommune in ("nrw", *KOMMUNEN) for form in FORMS]
MIN_FIELDS = {"anmeldung": 60, "einkommen": 40, "beitragsbefreiung": 20}
AGS = {
    "koeln": "05315000", "duesseldorf": "05111000", "duisburg": "05112000", "muenster": "05515000",
    "bielefeld": "05711000", "bonn": "05314000", "wuppertal": "05124000", "dortmund": "05913000",
    "kreis_soest": "05974000",
}


def test_the_whole_project_validates_strictly() -> None:
    problems = [f"{d.code} {d.location}: {d.message}" for d in project().diagnostics.sorted()]
    assert project().ok(strict=True), "\n".join(problems)
    assert not problems


@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_form_resolves_for_every_kommune(key: str) -> None:
    assert key in project().forms


@pytest.mark.parametrize("key", ALL_KEYS)
def test_each_resolved_form_has_enough_fields(key: str) -> None:
    form_id = key.split("/")[1]
    assert len(field_names(resolved(key))) >= MIN_FIELDS[form_id]


@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_text_has_german_and_english(key: str) -> None:
    missing = [
        ".".join(map(str, path)) for path, text in texts(resolved(key).form)
        if not text.get("de", "").strip() or not text.get("en", "").strip()
    ]
    assert missing == []


@pytest.mark.parametrize("key", ALL_KEYS)
def test_no_text_or_expression_carries_yaml_fold_markers(key: str) -> None:
    """Folded block scalars (`>-`) leave BEL characters in ruamel's round-trip strings."""

    def strings(node: Any) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for value in node.values() for s in strings(value)]
        if isinstance(node, list):
            return [s for value in node for s in strings(value)]
        return []

    assert not [s for s in strings(resolved(key).form.model_dump()) if "\x07" in s]


@pytest.mark.parametrize(
    "key, build",
    [(f"{k}/anmeldung", anmeldung) for k in ("nrw", *KOMMUNEN)]
    + [(f"{k}/einkommen", einkommen) for k in ("nrw", *KOMMUNEN)]
    + [(f"{k}/beitragsbefreiung", beitragsbefreiung) for k in ("nrw", *KOMMUNEN)],
)
def test_a_complete_submission_is_accepted_in_every_kommune(key: str, build: Any) -> None:
    result = check(key, build(key))
    assert error_codes(result) == {}
    assert warning_paths(result) == set()


def test_every_yaml_file_has_the_editor_modeline() -> None:
    kinds = {"codelisten.yaml": "codelisten", "kommune.yaml": "kommune", "einrichtungen.yaml": "einrichtungen",
             "vergabe.yaml": "vergabe", "kapazitaeten.yaml": "kapazitaeten", "vertrag.yaml": "vertrag"}
    for path in sorted((ROOT / "forms").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = kinds.get(path.name, "form") if path.parent.name == "nrw" else kinds.get(path.name, "overlay")
        assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json", path


@pytest.mark.parametrize("kommune", KOMMUNEN)
def test_kommune_file_has_the_official_ags_and_both_contacts(kommune: str) -> None:
    model = resolved(f"{kommune}/anmeldung").kommune
    assert model is not None
    assert model.ags == AGS[kommune]
    assert model.jugendamt.address is not None and model.datenschutz.address is not None
    assert model.forms == ["anmeldung", "einkommen", "beitragsbefreiung"]


@pytest.mark.parametrize("kommune", KOMMUNEN)
def test_facility_catalogue_is_marked_as_sample_data_and_large_enough(kommune: str) -> None:
    catalogue = resolved(f"{kommune}/anmeldung").facilities
    assert catalogue is not None
    assert catalogue.sample_data is True
    assert len(catalogue.facilities) >= 10
    care_types = {care for facility in catalogue.facilities for care in facility.care_types}
    assert care_types == {"kita", "tagespflege", "ogs", "hort"}
    for facility in catalogue.facilities:
        assert facility.age_from_months < facility.age_to_months


def test_catalogues_hold_more_facilities_than_a_family_may_wish_for() -> None:
    for kommune in KOMMUNEN:
        form = resolved(f"{kommune}/anmeldung")
        assert form.facilities is not None
        kitas = [f for f in form.facilities.facilities if "kita" in f.care_types]
        assert len(kitas) > form.form.settings["max_wuensche"], kommune


def test_leika_keys_and_ozg_id() -> None:
    # The NRW project profile's Leistungsschlüssel (the first is FIT-Connect's service type) and OZG id 10019.
    assert resolved("nrw/anmeldung").form.leika == ["99041004034000", "99071005080000"]
    assert resolved("nrw/einkommen").form.leika == ["99071007002000"]
    assert resolved("nrw/beitragsbefreiung").form.leika == ["99107007010000"]
    assert {resolved(f"nrw/{form}").form.ozg_id for form in ("anmeldung", "einkommen", "beitragsbefreiung")} == {"10019"}


# --- accessibility.md § 3: autocomplete only on the applicant's own data ------------------

APPLICANT_TOKENS = {
    "person1.nachname": "family-name", "person1.vorname": "given-name", "person1.geburtsdatum": "bday",
    "person1.strasse": "street-address", "person1.plz": "postal-code", "person1.ort": "address-level2",
    "person1.telefon": "tel", "person1.email": "email",
}


@pytest.mark.parametrize("form", FORMS)
def test_applicant_fields_carry_personal_autocomplete_tokens(form: str) -> None:
    fields = {p.name: p.element for p in walk(resolved(f"nrw/{form}").form)}
    for name, token in APPLICANT_TOKENS.items():
        if name in fields:
            assert getattr(fields[name], "autocomplete", None) == token, name


@pytest.mark.parametrize("form", FORMS)
def test_child_and_second_person_get_no_personal_tokens(form: str) -> None:
    for placed in walk(resolved(f"nrw/{form}").form):
        if re.match(r"^(kind|kinder|person2|geschwister|weitere_personen)\.", placed.name):
            assert getattr(placed.element, "autocomplete", None) is None, placed.name


# --- settings: values a Kommune sets must be ones the forms understand --------------------

TEXT_SETTINGS = {
    "elterngeld_regel": {"voll", "ueber_freibetrag", "nicht"},
    "wechselmodell_verfahren": {"gemeinsam", "haelftig"},
    "einkommensjahr": {"vorjahr", "laufendes_jahr"},
}


@pytest.mark.parametrize("key", ALL_KEYS)
def test_text_settings_use_known_values(key: str) -> None:
    """The compiler checks a setting's type only, not its allowed values (reported to the lead)."""
    for name, value in resolved(key).form.settings.items():
        if name in TEXT_SETTINGS:
            assert value in TEXT_SETTINGS[name], (key, name, value)


@pytest.mark.parametrize(
    "key, setting, value",
    [
        ("koeln/anmeldung", "max_wuensche", 5),
        ("dortmund/anmeldung", "max_wuensche", 6),
        ("duesseldorf/anmeldung", "max_wuensche", 15),
        ("muenster/anmeldung", "max_wuensche", 25),
        ("koeln/anmeldung", "rangfolge", True),
        ("muenster/anmeldung", "rangfolge", True),
        ("bonn/anmeldung", "tagespflege_mindeststunden", 10),
        ("kreis_soest/anmeldung", "tagespflege_mindeststunden", 15),
        ("koeln/einkommen", "beitragsfrei_bis", 24542),
        ("duesseldorf/einkommen", "beitragsfrei_bis", 40000),
        ("duisburg/einkommen", "beitragsfrei_bis", 25000),
        ("muenster/einkommen", "beitragsfrei_bis", 37000),
        ("dortmund/einkommen", "beitragsfrei_bis", 42000),
        ("bielefeld/einkommen", "elterngeld_regel", "ueber_freibetrag"),
        ("bielefeld/einkommen", "elterngeld_freibetrag_basis", 300),
        ("bielefeld/einkommen", "elterngeld_freibetrag_plus", 150),
        ("bonn/einkommen", "wechselmodell_verfahren", "haelftig"),
        ("bonn/beitragsbefreiung", "wechselmodell_verfahren", "haelftig"),
        ("kreis_soest/einkommen", "selbsteinschaetzung_pflicht", True),
        ("kreis_soest/einkommen", "einkommensjahr", "laufendes_jahr"),
        ("duisburg/einkommen", "einkommen_kind_abfragen", True),
    ],
)
def test_local_settings_from_the_satzungen(key: str, setting: str, value: Any) -> None:
    assert resolved(key).form.settings[setting] == value


@pytest.mark.parametrize("kommune", ["koeln", "duesseldorf", "duisburg", "muenster", "dortmund"])
def test_the_fee_free_income_limit_is_shown_as_information(kommune: str) -> None:
    key = f"{kommune}/einkommen"
    result = check(key, einkommen(key))
    assert "hinweis_beitragsfrei_grenze" in result.visible
    limit = resolved(key).form.settings["beitragsfrei_bis"]
    body = next(p.element for p in walk(resolved(key).form) if p.name == "hinweis_beitragsfrei_grenze").body
    assert f"{limit:,}".replace(",", ".") in body["de"]
    assert f"{limit:,}" in body["en"]


def test_without_a_local_limit_no_limit_is_shown() -> None:
    for key in ("nrw/einkommen", "bielefeld/einkommen", "bonn/einkommen", "wuppertal/einkommen"):
        assert "hinweis_beitragsfrei_grenze" not in check(key, einkommen(key)).visible
