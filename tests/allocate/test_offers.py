"""The offer after a round (process step 5): offered → accepted | declined | expired, the deadline day counted in
Europe/Berlin with a pinned clock, what the server keeps of each offer, and the answers the next round reads."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from allocate_support import catalogue, child, criteria, facility, offered, places, run

from kitaforms.allocate.offers import (
    ACCEPTED,
    DECLINED,
    EXPIRED,
    OFFERED,
    Answered,
    OfferClosed,
    answer,
    answerable,
    answers_document,
    local_day,
    offer_records,
    parties,
    read_round,
    status_on,
)
from kitaforms.allocate.registrations import InputError
from kitaforms.allocate.rounds import carry, read_answers
from kitaforms.model.kommune import FacilityCatalogue

DEADLINE = "2026-03-16"
RULES = """\
sample_data: true
source: test
method: order
rules:
  - {id: alleinerziehend, label: Alleinerziehend, condition: familiensituation == "ein_elternteil"}
tie_break: {method: received_at}
answer_days: 14
"""
CAT = catalogue(facility("A"))
CHILDREN = [
    child("XENIA", "2022-03-01", ["A"], familiensituation="ein_elternteil"),
    child("YANNIK", "2022-03-01", ["A"], received="2026-01-05T08:00:00.000Z"),
    child("ZORA", "2022-03-01", ["A"], received="2026-01-06T08:00:00.000Z"),
]


def first_round_document() -> tuple[dict[str, Any], FacilityCatalogue]:
    """One place at A on 2 March 2026: Xenia (single parent) gets it, with the deadline 16 March."""
    return run(criteria(RULES, CAT), places(CAT, "A ue3 35: 1"), CAT, CHILDREN).document, CAT


# --- the state machine ---------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "status"), [("annehmen", ACCEPTED), ("ablehnen", DECLINED)])
def test_an_open_offer_is_accepted_or_declined(code: str, status: str) -> None:
    assert answer(OFFERED, DEADLINE, date(2026, 3, 2), code) == status


def test_the_deadline_day_itself_still_takes_an_answer() -> None:
    assert answer(OFFERED, DEADLINE, date(2026, 3, 16), "annehmen") == ACCEPTED
    assert answerable(OFFERED, DEADLINE, date(2026, 3, 16))


def test_after_the_deadline_day_the_offer_has_expired() -> None:
    assert status_on(OFFERED, DEADLINE, date(2026, 3, 17)) == EXPIRED
    with pytest.raises(OfferClosed) as closed:
        answer(OFFERED, DEADLINE, date(2026, 3, 17), "annehmen")
    assert closed.value.status == EXPIRED


@pytest.mark.parametrize("final", [ACCEPTED, DECLINED, EXPIRED])
def test_an_answer_is_final(final: str) -> None:
    with pytest.raises(OfferClosed) as closed:
        answer(final, DEADLINE, date(2026, 3, 2), "ablehnen")
    assert closed.value.status == final
    assert status_on(final, DEADLINE, date(2027, 1, 1)) == final, "a final status does not expire"


def test_a_code_that_is_no_answer_is_refused() -> None:
    with pytest.raises(ValueError, match="no answer"):
        answer(OFFERED, DEADLINE, date(2026, 3, 2), "vielleicht")


@pytest.mark.parametrize(("moment", "day"), [
    (datetime(2026, 3, 16, 22, 59, tzinfo=UTC), date(2026, 3, 16)),  # 23:59 in Köln (CET)
    (datetime(2026, 3, 16, 23, 0, tzinfo=UTC), date(2026, 3, 17)),   # midnight in Köln: too late
    (datetime(2026, 7, 16, 21, 59, tzinfo=UTC), date(2026, 7, 16)),  # 23:59 in summer time (CEST)
    (datetime(2026, 7, 16, 22, 0, tzinfo=UTC), date(2026, 7, 17)),
    (datetime(2026, 3, 16, 23, 30), date(2026, 3, 17)),               # a naive moment counts as UTC
])
def test_the_day_is_the_day_in_nrw_whatever_the_servers_clock(moment: datetime, day: date) -> None:
    assert local_day(moment) == day


def test_a_pinned_clock_decides_the_last_minute() -> None:
    last_minute = local_day(datetime(2026, 3, 16, 22, 59, 59, tzinfo=UTC))
    one_minute_late = local_day(datetime(2026, 3, 16, 23, 0, 0, tzinfo=UTC))
    assert answer(OFFERED, DEADLINE, last_minute, "annehmen") == ACCEPTED
    with pytest.raises(OfferClosed):
        answer(OFFERED, DEADLINE, one_minute_late, "annehmen")


# --- what the server keeps of an offer -----------------------------------------------------------


REGISTRATION = {
    "kind": {"vorname": "Mia", "nachname": "Muster", "geburtsdatum": "2024-03-01", "strasse": "Domstraße 1",
             "plz": "50667", "ort": "Köln", "foerderbedarf": "ja", "staatsangehoerigkeit": "deutsch"},
    "person1": {"vorname": "Anna", "nachname": "Muster", "anschrift_wie_kind": True, "email": "a@example.org",
                "telefon": "0221 1", "geburtsdatum": "1990-01-01"},
    "person2": {"vorname": "", "nachname": ""},
    "familiensituation": "ein_elternteil", "erwerb1": {"status": ["erwerbstaetig"]},
}


def test_of_the_registration_only_what_the_contract_names_is_kept() -> None:
    kept = parties(REGISTRATION)
    assert kept == {
        "child": {"vorname": "Mia", "nachname": "Muster", "geburtsdatum": "2024-03-01", "strasse": "Domstraße 1",
                  "plz": "50667", "ort": "Köln"},
        "persons": [{"vorname": "Anna", "nachname": "Muster", "anschrift_wie_kind": True, "email": "a@example.org"}],
    }, "no health data, nationality, phone, income situation; an empty person 2 is no person"


def test_a_round_becomes_records_with_the_facility_as_the_catalogue_has_it() -> None:
    document, catalogue = first_round_document()
    found = offer_records(document, lambda reference: REGISTRATION, catalogue)
    (record,) = found.records
    offer = document["offers"][0]
    assert record["id"] == offer["id"] and record["deadline"] == offer["deadline"] == "2026-03-16"
    assert record["facility"] == {"id": "A", "name": "Kita A", "traeger": "Testträger",
                                  "address": {"street": "Teststraße 1", "postal_code": "48155", "city": "Münster"}}
    assert record["place"]["start"] == "2026-08" and record["child"]["vorname"] == "Mia"
    assert record["kommune"] == "muenster" and record["round"] == 1
    assert found.not_loaded == [] and found.standing == [] and found.withdrawn == {}


def test_an_offer_without_its_registration_is_not_loaded() -> None:
    document, catalogue = first_round_document()
    found = offer_records(document, lambda reference: None, catalogue)
    assert found.records == []
    assert found.not_loaded == [{"offer": document["offers"][0]["id"], "reference": "XENIA",
                                 "reason": "unknown_registration"}]
    other = offer_records(document, lambda reference: REGISTRATION, FacilityCatalogue.model_validate(
        {"sample_data": True, "source": "t", "facilities": [{"id": "Z", "name": "Z", "traeger": "Z", "care_types": ["kita"],
         "address": {"street": "s", "postal_code": "12345", "city": "c"}, "age_from_months": 0, "age_to_months": 80}]}))
    assert other.not_loaded[0]["reason"] == "unknown_facility"


@pytest.mark.parametrize(("change", "message"), [
    ({"format": "something/1"}, "not the output of `kitaforms allocate`"),
    ({"kommune": "Köln!"}, "no `kommune`"),
    ({"round": True}, "no `kommune`"),
    ({"round": 0}, "no `kommune`"),
    ({"offers": {"a": 1}}, "must be a list"),
])
def test_a_round_that_is_not_one_is_refused(change: dict, message: str) -> None:  # type: ignore[type-arg]
    document, _ = first_round_document()
    with pytest.raises(InputError, match=message):
        read_round({**document, **change})


@pytest.mark.parametrize(("change", "message"), [
    ({"id": 7}, "each a text"),
    ({"id": "../../etc"}, "not an offer id"),
    ({"deadline": "16.03.2026"}, "not a day"),
    ({"hours": "35"}, "are numbers"),
])
def test_an_offer_that_is_not_one_is_refused(change: dict, message: str) -> None:  # type: ignore[type-arg]
    document, _ = first_round_document()
    broken = {**document, "offers": [{**document["offers"][0], **change}]}
    with pytest.raises(InputError, match=message):
        read_round(broken)


# --- the answers for the next round ------------------------------------------------------------


def test_the_answers_are_what_kitaforms_allocate_reads() -> None:
    offers = [Answered("PA-1-AAAA-0001", ACCEPTED, DEADLINE), Answered("PA-1-AAAA-0002", DECLINED, DEADLINE),
              Answered("PA-1-AAAA-0003", OFFERED, "2026-03-10"), Answered("PA-1-AAAA-0004", OFFERED, DEADLINE)]
    document = answers_document("muenster", 1, offers, date(2026, 3, 11))
    assert document["answers"] == [{"offer": "PA-1-AAAA-0001", "answer": "accepted"},
                                   {"offer": "PA-1-AAAA-0002", "answer": "declined"},
                                   {"offer": "PA-1-AAAA-0003", "answer": "expired"}]
    assert document["open"] == [{"offer": "PA-1-AAAA-0004", "deadline": DEADLINE}]

    assert read_answers(json.dumps(document), "antworten.json") == {
        "PA-1-AAAA-0001": "accepted", "PA-1-AAAA-0002": "declined", "PA-1-AAAA-0003": "expired"}


def test_a_declined_offer_frees_its_place_in_the_next_round() -> None:
    """The loop closed: the server's answers file, read by the next round, gives the place to the next child."""

    document, _ = first_round_document()
    offer = document["offers"][0]
    answers = answers_document("muenster", 1, [Answered(offer["id"], DECLINED, offer["deadline"])], date(2026, 3, 10))
    carried = carry(document, read_answers(json.dumps(answers), "antworten.json"), date(2026, 3, 10), "antworten.json")
    assert carried.round == 2 and carried.standing == []
    assert carried.withdrawn == [{"reference": "XENIA", "offer": offer["id"], "status": "declined"}]
    assert {c.reference for c in CHILDREN} - carried.references == {"YANNIK", "ZORA"}
    second = run(criteria(RULES, CAT), places(CAT, "A ue3 35: 1"), CAT, CHILDREN, carried, date(2026, 3, 10))
    assert offered(second) == {"YANNIK": "A"}
