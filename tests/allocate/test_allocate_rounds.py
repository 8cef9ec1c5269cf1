"""Rounds (Nachrückverfahren): declined and expired offers free their place for the next child; accepted and
still open offers keep it; offer ids and deadlines are stable."""

from __future__ import annotations

import re
from datetime import date

import pytest
from allocate_support import DAY, catalogue, child, criteria, facility, offered, places, run, unmatched_of

from kitaforms.allocate.registrations import InputError
from kitaforms.allocate.rounds import Carried, carry, read_answers, read_previous

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


def first_round() -> dict:  # type: ignore[type-arg]
    """A has one place: Xenia (single parent) gets it; Yannik (earlier) and Zora wait."""
    result = run(criteria(RULES, CAT), places(CAT, "A ue3 35: 1"), CAT, CHILDREN)
    assert offered(result) == {"XENIA": "A"}
    return result.document


def next_round(previous: dict, answers: dict[str, str], day: date):  # type: ignore[no-untyped-def,type-arg]
    carried = carry(previous, answers, day, "answers.json")
    return run(criteria(RULES, CAT), places(CAT, "A ue3 35: 1"), CAT, CHILDREN, carried, day)


def test_an_offer_has_a_stable_id_and_a_deadline() -> None:
    offer = first_round()["offers"][0]
    assert re.fullmatch(r"PA-1-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", offer["id"])
    assert offer["deadline"] == "2026-03-16" and offer["round"] == 1 and offer["status"] == "open"
    assert first_round()["offers"][0]["id"] == offer["id"]


def test_a_declined_place_goes_to_the_next_child() -> None:
    before = first_round()
    after = next_round(before, {before["offers"][0]["id"]: "declined"}, date(2026, 3, 10))
    assert after.document["round"] == 2
    assert offered(after) == {"YANNIK": "A"}
    assert after.document["offers"][0]["id"].startswith("PA-2-")
    assert after.document["withdrawn"] == [{"reference": "XENIA", "offer": before["offers"][0]["id"], "status": "declined"}]
    assert [u["reference"] for u in after.document["unmatched"]] == ["ZORA"]


def test_an_accepted_place_stays_taken() -> None:
    before = first_round()
    after = next_round(before, {before["offers"][0]["id"]: "accepted"}, date(2026, 3, 10))
    assert offered(after) == {}
    assert [o["status"] for o in after.document["standing"]] == ["accepted"]
    assert unmatched_of(after, "YANNIK")["wishes"][0]["why"] == "no_places_left"
    assert after.document["report"]["places"] == {"total": 1, "promised_earlier": 1, "offered": 0, "free": 0}


def test_an_unanswered_offer_holds_its_place_until_the_deadline_and_then_expires() -> None:
    before = first_round()
    waiting = next_round(before, {}, date(2026, 3, 16))
    assert offered(waiting) == {} and waiting.document["standing"][0]["status"] == "open"
    expired = next_round(before, {}, date(2026, 3, 17))
    assert offered(expired) == {"YANNIK": "A"}
    assert expired.document["withdrawn"][0]["status"] == "expired"


def test_what_left_earlier_stays_out_in_later_rounds() -> None:
    before = first_round()
    second = next_round(before, {before["offers"][0]["id"]: "declined"}, date(2026, 3, 10)).document
    third = next_round(second, {second["offers"][0]["id"]: "declined"}, date(2026, 3, 20))
    assert offered(third) == {"ZORA": "A"}
    assert [w["reference"] for w in third.document["withdrawn"]] == ["XENIA", "YANNIK"]


def test_answers_from_json_or_csv() -> None:
    assert read_answers('[{"offer": "PA-1-AAAA-BBBB", "answer": "accepted"}]', "a.json") == {"PA-1-AAAA-BBBB": "accepted"}
    assert read_answers('{"answers": [{"offer": "X", "answer": "declined"}]}', "a.json") == {"X": "declined"}
    assert read_answers("offer,answer\nX,expired\n", "a.csv") == {"X": "expired"}


@pytest.mark.parametrize("text", ['[{"offer": "X", "answer": "maybe"}]', '[{"answer": "accepted"}]',
                                  "offer,answer\nX,accepted\nX,declined\n"])
def test_answers_that_cannot_be_used(text: str) -> None:
    with pytest.raises(InputError):
        read_answers(text, "a.json")


def test_an_answer_to_an_offer_the_round_did_not_make_is_refused() -> None:
    with pytest.raises(InputError, match="PA-9-XXXX-XXXX"):
        carry(first_round(), {"PA-9-XXXX-XXXX": "accepted"}, DAY, "answers.json")


def test_the_previous_round_must_be_an_allocation_of_the_same_kommune() -> None:
    with pytest.raises(InputError, match="not of `koeln`"):
        read_previous('{"format": "kitaforms-allocation/1", "kommune": "muenster"}', "r1.json", "koeln")
    with pytest.raises(InputError, match="not the output"):
        read_previous('{"offers": []}', "r1.json", "koeln")


def test_a_first_round_starts_from_nothing() -> None:
    assert Carried().round == 1 and Carried().taken() == {} and Carried().references == set()
