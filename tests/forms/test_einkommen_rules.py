"""Conditional rules of the Einkommenserklärung (form-content.md § 2), on the resolved forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from forms_support import KOMMUNEN, PDF, check, einkommen, error_codes, resolved, warning_paths

from kitaforms import expr
from kitaforms.model.walk import fields_by_name, walk

INCOME_STEPS = ("erwerb", "jahr", "einkommen1_schritt", "einkommen2_schritt", "selbsteinschaetzung", "nachweise")
ALL = ["nrw", *KOMMUNEN]


def income_fields(key: str) -> set[str]:
    """Every field on the steps that ask about income (in this Kommune's resolved form)."""
    return {p.name for p in walk(resolved(key).form) if p.step.id in INCOME_STEPS}


def short_cut(key: str, weg: str) -> dict[str, Any]:
    """A declaration that takes a short cut and leaves every income answer out."""
    data = einkommen(key, erklaerungsweg=weg, hoechstbeitrag_bestaetigt=True)
    for name in ("erwerb1", "erwerb2", "massgebliches_jahr", "bezugsjahr", "einkommen1", "einkommen2",
                 "einkommensstufe", "nachweise_nachreichen", "nachweis_lohn", "einkommen_kind"):
        data.pop(name, None)
    return data


def computed(key: str, name: str, data: dict[str, Any]) -> Any:
    """Evaluate a computed field's expression as the assistant does (settings included)."""
    element = fields_by_name(resolved(key).form)[name].element
    env = expr.DictEnv({**data, "einstellungen": dict(resolved(key).form.settings)})
    return expr.evaluate(expr.parse(element.expression), env)


# --- E. short cuts ----------------------------------------------------------------------------

@pytest.mark.parametrize("kommune", ALL)
def test_the_highest_fee_hides_all_income_questions(kommune: str) -> None:
    key = f"{kommune}/einkommen"
    result = check(key, short_cut(key, "hoechstbeitrag"))
    assert income_fields(key) & result.visible == set()
    assert error_codes(result) == {}
    assert "hinweis_hoechstbeitrag" in result.visible


def test_the_highest_fee_must_be_confirmed() -> None:
    data = short_cut("nrw/einkommen", "hoechstbeitrag")
    data.pop("hoechstbeitrag_bestaetigt")
    assert error_codes(check("nrw/einkommen", data)) == {"hoechstbeitrag_bestaetigt": "required_declaration"}
    assert "hoechstbeitrag_bestaetigt" not in check("nrw/einkommen", einkommen()).visible


@pytest.mark.parametrize("kommune", ALL)
def test_a_benefit_skips_the_income_and_points_to_the_waiver(kommune: str) -> None:
    key = f"{kommune}/einkommen"
    data = short_cut(key, "leistungsbezug")
    embedded = resolved(key).form.settings["befreiung_eingebettet"]
    if embedded:
        data.update(leistung_art=["wohngeld"], leistung_bis="2026-07-31", leistung_bescheid=[PDF])
    result = check(key, data)
    assert income_fields(key) & result.visible == set()
    assert error_codes(result) == {}
    assert ("hinweis_leistungsbezug" in result.visible) is not embedded
    assert ("leistung_bescheid" in result.required) is embedded


def test_koeln_and_bonn_take_the_benefit_notice_in_this_form() -> None:
    for key in ("koeln/einkommen", "bonn/einkommen"):
        result = check(key, short_cut(key, "leistungsbezug"))
        assert error_codes(result) == {
            "leistung_art": "required_choice", "leistung_bis": "required", "leistung_bescheid": "required_file",
        }


def test_the_embedded_benefit_cannot_be_none() -> None:
    data = short_cut("koeln/einkommen", "leistungsbezug")
    data.update(leistung_art=["keine"], leistung_bis="2026-07-31", leistung_bescheid=[PDF])
    assert error_codes(check("koeln/einkommen", data)) == {"leistung_art": "validation"}


# --- D. household: whose income counts ----------------------------------------------------------

@pytest.mark.parametrize("familiensituation, counts", [
    ("beide_eltern", True), ("elternteil_partner", False), ("ein_elternteil", False), ("wechselmodell", True),
])
def test_person_2s_income_is_asked_only_when_it_counts(familiensituation: str, counts: bool) -> None:
    result = check("nrw/einkommen", einkommen(familiensituation=familiensituation))
    assert ("einkommen2.arten" in result.visible) is counts
    assert ("person2.nachname" in result.visible) is counts
    assert ("hinweis_ein_elternteil" in result.visible) is (familiensituation in ("ein_elternteil", "elternteil_partner"))


@pytest.mark.parametrize("weitere", [True, False])
def test_foster_parents_name_a_second_foster_parent_when_there_is_one(weitere: bool) -> None:
    data = einkommen(familiensituation="pflegeeltern", weitere_erwachsene=weitere)
    assert ("einkommen2.arten" in check("nrw/einkommen", data).visible) is weitere


# --- F/G. income by kind ------------------------------------------------------------------------

KIND_FIELDS = {
    "nichtselbststaendig": {"lohn"},
    "beamtenbezuege": {"beamtenbezuege"},
    "selbststaendig": {"gewinn", "gewinn_grundlage"},
    "minijob": {"steuerfrei"},
    "kapital": {"kapital"},
    "vermietung": {"vermietung"},
    "renten": {"renten"},
    "lohnersatz": {"lohnersatz"},
    "unterhalt": {"unterhalt"},
    "elterngeld": {"elterngeld_art", "elterngeld_monatlich", "elterngeld_monate"},
    "sonstige": {"sonstige", "sonstige_art"},
    "keine": set(),
}
AMOUNTS = set().union(*KIND_FIELDS.values())


@pytest.mark.parametrize("person", ["einkommen1", "einkommen2"])
@pytest.mark.parametrize("kind", list(KIND_FIELDS))
def test_each_kind_of_income_asks_for_its_own_amounts(person: str, kind: str) -> None:
    result = check("nrw/einkommen", einkommen(**{f"{person}__arten": [kind]}))
    required = {name.split(".")[1] for name in result.required if name.startswith(person + ".")}
    assert required & AMOUNTS == KIND_FIELDS[kind]


def test_no_income_cannot_be_combined_with_income() -> None:
    data = einkommen(einkommen1={"arten": ["keine", "nichtselbststaendig"], "lohn": 1000})
    assert error_codes(check("nrw/einkommen", data))["einkommen1.arten"] == "validation"


def test_a_monthly_amount_entered_as_yearly_wage_gets_a_warning() -> None:
    result = check("nrw/einkommen", einkommen(einkommen1__lohn="850.00"))
    assert "einkommen1.lohn" in warning_paths(result)
    assert error_codes(result) == {}


def test_work_related_expenses_are_optional() -> None:
    result = check("nrw/einkommen", einkommen())
    assert "einkommen1.werbungskosten" in result.visible
    assert "einkommen1.werbungskosten" not in result.required


def test_negative_amounts_are_refused() -> None:
    assert error_codes(check("nrw/einkommen", einkommen(einkommen1__lohn="-5.00")))["einkommen1.lohn"] == "too_small"


@pytest.mark.parametrize("kommune, rule", [("nrw", "ueber_freibetrag"), ("bielefeld", "ueber_freibetrag")])
def test_elterngeld_counts_only_above_the_allowance(kommune: str, rule: str) -> None:
    key = f"{kommune}/einkommen"
    assert resolved(key).form.settings["elterngeld_regel"] == rule

    def countable(art: str, monthly: int, months: int) -> Any:
        person = {"arten": ["elterngeld"], "elterngeld_art": art, "elterngeld_monatlich": monthly, "elterngeld_monate": months}
        return computed(key, "einkommen1.elterngeld_anrechenbar", {"einkommen1": person})

    assert countable("basis", 800, 12) == Decimal(6000)   # (800 - 300) x 12
    assert countable("plus", 400, 10) == Decimal(2500)    # (400 - 150) x 10
    assert countable("basis", 250, 12) == Decimal(0)      # below the allowance


def test_the_beamte_surcharge_follows_the_kommunes_percentage() -> None:
    data = {"einkommen1": {"arten": ["beamtenbezuege"], "beamtenbezuege": 50000}}
    assert computed("koeln/einkommen", "einkommen1.zuschlag_beamte", data) == Decimal(5000)
    result = check("koeln/einkommen", einkommen("koeln/einkommen", einkommen1=data["einkommen1"]))
    assert "einkommen1.zuschlag_beamte" in result.visible


def test_the_sum_adds_the_stated_amounts() -> None:
    person = {"arten": ["nichtselbststaendig", "kapital"], "lohn": 40000, "werbungskosten": 1500, "kapital": 300}
    assert computed("nrw/einkommen", "einkommen1.summe", {"einkommen1": person}) == Decimal(38800)


def test_kibiz_fee_free_years_start_in_august_of_the_year_the_child_turns_4_by_30_september() -> None:
    for birth, year in (("2021-09-30", 2025), ("2021-10-01", 2026), ("2022-01-15", 2026)):
        value = expr.evaluate(
            expr.parse(fields_by_name(resolved("nrw/einkommen").form)["kinder.beitragsfrei_ab"].element.expression),
            expr.DictEnv({"geburtsdatum": birth}),
        )
        assert value == year, birth


# --- year, band, proofs -------------------------------------------------------------------------

@pytest.mark.parametrize("kommune, year, reason", [
    ("nrw", "vorjahr", False), ("nrw", "laufendes_jahr", True),
    ("kreis_soest", "laufendes_jahr", False), ("kreis_soest", "vorjahr", True),
])
def test_a_reason_is_asked_when_another_year_than_the_kommunes_usual_one_counts(kommune: str, year: str, reason: bool) -> None:
    key = f"{kommune}/einkommen"
    result = check(key, einkommen(key, massgebliches_jahr=year))
    assert ("grund_anderes_jahr" in result.required) is reason


def test_the_year_must_be_recent() -> None:
    assert error_codes(check("nrw/einkommen", einkommen(bezugsjahr=2019)))["bezugsjahr"] == "validation"


def test_the_default_year_comes_from_the_kommune() -> None:
    assert fields_by_name(resolved("nrw/einkommen").form)["massgebliches_jahr"].element.default == "vorjahr"
    assert fields_by_name(resolved("kreis_soest/einkommen").form)["massgebliches_jahr"].element.default == "laufendes_jahr"


def test_the_self_assessment_band_is_required_only_where_the_fee_is_set_on_it() -> None:
    assert "einkommensstufe" not in check("nrw/einkommen", einkommen()).required
    key = "kreis_soest/einkommen"
    assert error_codes(check(key, einkommen(key, einkommensstufe=None))) == {"einkommensstufe": "required_choice"}


def test_koeln_offers_its_ten_income_bands() -> None:
    bands = resolved("koeln/einkommen").form.code_lists["einkommensstufen"]
    assert len(bands) == 10
    assert bands[0].label["de"] == "bis 24.542 Euro (beitragsfrei)"


@pytest.mark.parametrize("kind, proof", [
    ("nichtselbststaendig", "nachweis_lohn"), ("selbststaendig", "nachweis_steuerbescheid"),
    ("minijob", "nachweis_minijob"), ("kapital", "nachweis_kapital_miete"), ("lohnersatz", "nachweis_lohnersatz"),
    ("unterhalt", "nachweis_unterhalt"), ("elterngeld", "nachweis_elterngeld"),
])
def test_each_kind_of_income_needs_its_proof_unless_sent_later(kind: str, proof: str) -> None:
    data = einkommen(einkommen2__arten=[kind])
    assert proof in check("nrw/einkommen", data).required
    assert proof not in check("nrw/einkommen", {**data, "nachweise_nachreichen": True}).required


def test_bonn_always_needs_the_maintenance_proof() -> None:
    key = "bonn/einkommen"
    data = einkommen(key, familiensituation="ein_elternteil", einkommen1__arten=["unterhalt"], einkommen1__unterhalt=4800,
                     nachweise_nachreichen=True)
    assert "nachweis_unterhalt" in check(key, data).required


def test_duisburg_also_asks_for_the_childs_own_income() -> None:
    assert "einkommen_kind.vorhanden" in check("duisburg/einkommen", einkommen("duisburg/einkommen")).required
    assert "einkommen_kind.vorhanden" not in check("nrw/einkommen", einkommen()).visible


# --- B/C. children --------------------------------------------------------------------------------

@pytest.mark.parametrize("kinder", [[], None])
def test_at_least_one_child_in_care(kinder: Any) -> None:
    assert error_codes(check("nrw/einkommen", einkommen(kinder=kinder))).get("kinder") in ("too_few_items", "required")


def test_the_childs_scope_question_follows_its_care_type() -> None:
    child = {"vorname": "Ole", "nachname": "B", "geburtsdatum": "2024-01-01", "betreuungsart": "tagespflege",
             "einrichtung": "Großtagespflege Wichtelstube", "beginn": "2025-08-01"}
    result = check("nrw/einkommen", einkommen(kinder=[child]))
    assert error_codes(result) == {"kinder.0.stunden_tagespflege": "required"}
    assert "kinder.0.ende" in result.visible and "kinder.0.umfang" not in result.visible


def test_siblings_in_care_elsewhere_name_the_place() -> None:
    sibling = {"vorname": "Lea", "geburtsdatum": "2019-03-01", "kindergeld": True, "in_betreuung": True}
    assert error_codes(check("nrw/einkommen", einkommen(geschwister=[sibling]))) == {"geschwister.0.betreuung_wo": "required"}


def test_a_change_declaration_asks_since_when_and_what_changed() -> None:
    result = check("nrw/einkommen", einkommen(erklaerungsart="aenderung_einkommen"))
    assert error_codes(result) == {"aenderung_ab": "required", "aenderung_grund": "required"}


def test_parental_leave_dates_are_ordered() -> None:
    leave = {"status": ["elternzeit"], "elternzeit_von": "2025-03-01", "elternzeit_bis": "2025-01-01"}
    assert error_codes(check("nrw/einkommen", einkommen(erwerb1=leave))) == {"erwerb1.elternzeit_bis": "validation"}


def test_direct_debit_needs_holder_iban_and_mandate() -> None:
    result = check("nrw/einkommen", einkommen(sepa_gewuenscht=True))
    assert error_codes(result) == {"kontoinhaber": "required", "iban": "required", "sepa_mandat": "required_declaration"}
    ok = einkommen(sepa_gewuenscht=True, kontoinhaber="Anna Beispiel", iban="DE89370400440532013000", sepa_mandat=True)
    assert error_codes(check("nrw/einkommen", ok)) == {}
    bad = {**ok, "iban": "DE89370400440532013001"}
    assert error_codes(check("nrw/einkommen", bad)) == {"iban": "invalid_iban"}


def test_income_must_be_stated_unless_a_short_cut_is_taken() -> None:
    data = einkommen(einkommen1=None)
    assert error_codes(check("nrw/einkommen", data)) == {"einkommen1.arten": "required_choice"}
    assert error_codes(check("nrw/einkommen", einkommen(einkommen1={"arten": ["keine"]}))) == {}
