"""Which facilities fit a child, and the server's precise refusal of a wished place that does not (issue 15,
defect 1: a Hort for a 3-year-old was refused only with "Die Auswahl … ist nicht zulässig")."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from kitaforms.compiler import compile_project
from kitaforms.export.schema import CATALOGUE_CODE, form_schema
from kitaforms.model.kommune import Facility
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import check_submission
from kitaforms.runtime.facilities import (
    AGE,
    CARE,
    HOURS,
    Need,
    age_text,
    fits,
    hours_text,
    matches,
    misfits,
    need_of,
    search,
    traeger_of,
    words_of,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 2, 2)


def facility(**given: object) -> Facility:
    data = {"id": "f", "name": "Kita Sonnenblume", "traeger": "Städtischer Träger", "care_types": ["kita"],
            "address": {"street": "Gartenstraße 1", "postal_code": "50823", "city": "Köln"}, "district": "Ehrenfeld",
            "age_from_months": 12, "age_to_months": 72, "weekly_hours": [25, 35, 45]}
    return Facility.model_validate({**data, **given})


def test_the_need_from_the_answers() -> None:
    need = need_of("kita", date(2023, 5, 14), date(2026, 8, 1), [None, "35"], TODAY)
    assert need == Need("kita", 38, 35), "38 whole months on 1 August 2026; the first answered hours"
    assert need_of("kita", date(2023, 5, 14), None, [], date(2026, 5, 14)).age_months == 36, "without a start: today"
    assert need_of(None, None, None, [], TODAY) == Need()
    assert need_of("kita", date(2027, 1, 1), date(2026, 8, 1), [], TODAY).age_months is None, "born after the start"
    assert need_of("tagespflege", None, None, [None, 32], TODAY).hours == 32


@pytest.mark.parametrize(("given", "need", "why"), [
    ({}, Need("kita", 38, 35), []),
    ({"care_types": ["hort"], "age_from_months": 72, "age_to_months": 144}, Need("kita", 38, 35), [CARE, AGE]),
    ({}, Need("kita", 11, None), [AGE]),
    ({}, Need("kita", 72, None), [AGE]),  # the upper bound is where children no longer attend
    ({}, Need("kita", 12, None), []),
    ({"weekly_hours": [35, 45]}, Need("kita", 38, 25), [HOURS]),
    ({"weekly_hours": [15, 20, 25, 30, 35, 40, 45], "care_types": ["tagespflege"]}, Need("tagespflege", 20, 32), []),
    ({"weekly_hours": []}, Need("kita", 38, 45), []),  # an OGS books modules: any hours
    ({}, Need(), []),  # nothing known: nothing excluded
])
def test_misfits(given: dict[str, object], need: Need, why: list[str]) -> None:
    assert misfits(facility(**given), need) == why
    assert fits(facility(**given), need) == (why == [])


def test_search_by_district_postcode_name_and_traeger() -> None:
    catalogue = [facility(id="a"), facility(id="b", name="Kinderhaus Igelbau", district="Sülz",
                                            address={"street": "Am Park 2", "postal_code": "50937", "city": "Köln"}),
                 facility(id="c", name="Hort Kunterbunt", care_types=["hort"], age_from_months=72, age_to_months=144),
                 facility(id="d", name="Ältere Kita", traeger="Elterninitiative e. V.")]
    kita = Need("kita", 38, 35)
    assert [f.id for f in search(catalogue, kita)] == ["d", "b", "a"], "by name, without the Hort"
    assert [f.id for f in search(catalogue, kita, "sülz")] == ["b"]
    assert [f.id for f in search(catalogue, kita, "SULZ")] == ["b"], "folded: accents and case"
    assert [f.id for f in search(catalogue, kita, "509")] == ["b"], "a number: the postcode's beginning"
    assert [f.id for f in search(catalogue, kita, "ehrenfeld gartenstr")] == ["d", "a"], "every word"
    assert [f.id for f in search(catalogue, kita, traeger="Elterninitiative e. V.")] == ["d"]
    assert traeger_of(catalogue) == ["Elterninitiative e. V.", "Städtischer Träger"]
    assert not matches(catalogue[0], words_of("50937"))


@pytest.mark.parametrize(("months", "lang", "dative", "text"), [
    (38, "de", False, "3 Jahre und 2 Monate"), (72, "de", True, "6 Jahren"), (12, "de", False, "1 Jahr"),
    (4, "de", True, "4 Monaten"), (1, "en", False, "1 month"), (26, "en", False, "2 years and 2 months"),
])
def test_age_text(months: int, lang: str, dative: bool, text: str) -> None:
    assert age_text(months, lang, dative=dative) == text


def test_hours_text() -> None:
    assert hours_text([35, 45], "de") == "35 oder 45"
    assert hours_text([25, 35, 45], "en") == "25, 35 or 45"
    assert hours_text(list(range(15, 50, 5)), "de") == "15 bis 45"


# --- the server's check, on Köln's registration (712 sample places) -------------------------------------


@lru_cache(maxsize=1)
def koeln() -> ResolvedForm:
    return compile_project(ROOT, ["koeln"]).forms["koeln/anmeldung"]


def wish_errors(wishes: list[str], **answers: object) -> list[tuple[str, str]]:
    data = {"betreuungsart": "kita", "kind": {"geburtsdatum": "2023-05-14"}, "beginn": "2026-08", "umfang_kita": "35",
            **answers, "wuensche": [{"code": code} for code in wishes]}
    result = check_submission(koeln(), data, TODAY)
    return [(e.code, e.message["de"]) for e in result.errors if e.path == "wuensche"]


def test_a_hort_for_a_three_year_old_is_refused_saying_why() -> None:
    assert wish_errors(["k-hort-01"]) == [("facility_care_type", "„Hort Kunterbunt“ passt nicht zur gewählten Betreuungsart "
                                           "„Kindertageseinrichtung (Kita)“. Bitte wählen Sie bei „Wunscheinrichtungen“ "
                                           "eine andere Einrichtung.")]


def test_a_place_outside_the_age_range_is_refused_saying_why() -> None:
    [(code, text)] = wish_errors(["k-kita-01"], kind={"geburtsdatum": "2025-12-01"})  # takes children from 12 months
    assert code == "facility_age"
    assert text == ("„Familienzentrum Lichtblick“ betreut Kinder im Alter von 1 Jahr bis unter 6 Jahren. Ihr Kind ist "
                    "zum Beginn 8 Monate alt. Bitte wählen Sie bei „Wunscheinrichtungen“ eine andere Einrichtung.")


def test_a_place_without_the_hours_is_refused_saying_why() -> None:
    [(code, text)] = wish_errors(["k-kita-01"])  # 45 hours only
    assert code == "facility_hours"
    assert text.startswith("„Familienzentrum Lichtblick“ bietet 45 Stunden pro Woche an, nicht 35.")


def test_fitting_places_pass_and_unknown_ids_are_still_refused() -> None:
    assert wish_errors(["k-kita-02", "k-kita-03"]) == []
    assert [code for code, _ in wish_errors(["gibt-es-nicht"])] == ["invalid_choice"]


def test_the_english_message() -> None:
    data = {"betreuungsart": "kita", "kind": {"geburtsdatum": "2023-05-14"}, "beginn": "2026-08", "umfang_kita": "35",
            "wuensche": [{"code": "k-hort-01"}]}
    [error] = [e for e in check_submission(koeln(), data, TODAY).errors if e.path == "wuensche"]
    assert error.message["en"] == ("“Hort Kunterbunt” does not offer the type of care you chose, “Day-care centre (Kita)”. "
                                   "Please choose another facility for “Preferred facilities”.")


def test_the_schema_names_no_catalogue_enum() -> None:
    """700 facility ids are data the server checks, not an enum in every version of the schema."""
    schema = form_schema(koeln(), "https://x.example")
    code = schema["properties"]["wuensche"]["items"]["properties"]["code"]
    assert code == CATALOGUE_CODE and "enum" not in code
    assert len(koeln().facilities.facilities) >= 700  # type: ignore[union-attr]
