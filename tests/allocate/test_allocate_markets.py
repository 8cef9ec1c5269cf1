"""Small markets worked out by hand: one per kind of rule, plus age bands, hours, care type and siblings.

Every test states its market (facilities, places, criteria, children) and the outcome worked out on
paper, step by step as the facilities propose; the allocation must give exactly that, with the reason
the output names.

Ages at the start (1 August 2026): born 2022-03-01 → 53 months (band ue3, from 3);
born 2024-05-10 → 26 months (band u3).
"""

from __future__ import annotations

from allocate_support import (
    catalogue,
    child,
    criteria,
    facility,
    offer_of,
    offered,
    places,
    run,
    unmatched_of,
)

OLD, YOUNG = "2022-03-01", "2024-05-10"
RULES = """\
sample_data: true
source: test
method: order
rules:
  - {id: geschwister, label: Geschwister, condition: '"geschwister" in wunsch.gruende'}
  - {id: alleinerziehend, label: Alleinerziehend, condition: familiensituation == "ein_elternteil"}
  - id: beide_berufstaetig
    label: Beide berufstätig
    condition: '"erwerbstaetig" in erwerb1.status and "erwerbstaetig" in erwerb2.status'
tie_break: {method: received_at}
"""
SINGLE = {"familiensituation": "ein_elternteil"}
WORKING = {"erwerb1__status": ["erwerbstaetig"], "erwerb2__status": ["erwerbstaetig"]}


def day(n: int) -> str:
    return f"2026-01-{n:02d}T09:00:00.000Z"


# --- rules in order (lexicographic) --------------------------------------------------------------------


def test_the_first_rule_that_tells_children_apart_decides() -> None:
    """A and B have one ue3/35 h place each.

    Anna (received first, no rule) wishes A, B; Ben (single parent) wishes A, B; Cem (a sibling at A)
    wishes A. A ranks Cem (geschwister) > Ben (alleinerziehend) > Anna; B ranks Ben > Anna.
    A offers Cem; B offers Ben. Anna gets nothing: at A Cem is ahead by `geschwister`, at B Ben by
    `alleinerziehend`. Cem is ahead of the best child left without A (Ben) by `geschwister`; Ben of
    Anna by `alleinerziehend`.
    """
    cat = catalogue(facility("A"), facility("B"))
    result = run(criteria(RULES, cat), places(cat, "A ue3 35: 1", "B ue3 35: 1"), cat, [
        child("ANNA", OLD, ["A", "B"], received=day(5)),
        child("BEN", OLD, ["A", "B"], received=day(6), **SINGLE),
        child("CEM", OLD, ["A"], received=day(7), reasons={"A": ["geschwister"]}),
    ])
    assert offered(result) == {"CEM": "A", "BEN": "B"}
    assert offer_of(result, "CEM")["reason"] == {"kind": "rule", "rules": ["geschwister"]}
    assert offer_of(result, "BEN")["reason"] == {"kind": "rule", "rules": ["alleinerziehend"]}
    assert offer_of(result, "BEN")["wish"] == 2 and offer_of(result, "CEM")["priority"] == {"rules": ["geschwister"]}
    anna = unmatched_of(result, "ANNA")
    assert anna["reason"] == "outranked"
    assert [(w["facility"], w["by"]["rules"]) for w in anna["wishes"]] == [("A", ["geschwister"]), ("B", ["alleinerziehend"])]
    assert result.document["report"]["stability"]["justified_envy"] == 0


def test_points_add_up_where_the_order_would_decide_by_the_first_rule() -> None:
    """A has one place. Dana has a sibling at A (geschwister); Emil's parent is single and both parents
    work. In order, geschwister comes first: Dana. With points 10 / 6 / 5, Emil has 11 > 10: Emil."""
    cat = catalogue(facility("A"))
    children = [
        child("DANA", OLD, ["A"], reasons={"A": ["geschwister"]}),
        child("EMIL", OLD, ["A"], **SINGLE, **WORKING),
    ]
    in_order = run(criteria(RULES, cat), places(cat, "A ue3 35: 1"), cat, children)
    assert offered(in_order) == {"DANA": "A"}
    points = RULES.replace("method: order", "method: points")
    points = points.replace("wunsch.gruende'}", "wunsch.gruende', points: 10}")
    points = points.replace('"ein_elternteil"}', '"ein_elternteil", points: 6}')
    points = points.replace("and \"erwerbstaetig\" in erwerb2.status'", "and \"erwerbstaetig\" in erwerb2.status'\n    points: 5")
    by_points = run(criteria(points, cat), places(cat, "A ue3 35: 1"), cat, children)
    assert offered(by_points) == {"EMIL": "A"}
    assert offer_of(by_points, "EMIL")["priority"] == {"rules": ["alleinerziehend", "beide_berufstaetig"], "points": 11}
    assert offer_of(by_points, "EMIL")["reason"] == {
        "kind": "points", "rules": ["alleinerziehend", "beide_berufstaetig"], "points": 11, "other_points": 10,
    }


# --- tie-break --------------------------------------------------------------------------------------------


def test_equal_priority_goes_to_the_earlier_registration() -> None:
    """A has one place; Fritz and Greta meet no rule; Greta registered a day earlier."""
    cat = catalogue(facility("A"))
    result = run(criteria(RULES, cat), places(cat, "A ue3 35: 1"), cat, [
        child("FRITZ", OLD, ["A"], received=day(5)), child("GRETA", OLD, ["A"], received=day(4)),
    ])
    assert offered(result) == {"GRETA": "A"}
    assert offer_of(result, "GRETA")["reason"] == {"kind": "tie_break"}


def test_a_lottery_draws_from_the_published_seed_whatever_the_order_of_the_input() -> None:
    """sha256(seed, reference), first 16 hex digits; the smaller number draws first.

    seed runde-1: FRITZ b1639c6316d9200a < GRETA cb89117182b5c3c7 → Fritz;
    seed runde-2: GRETA 0fa32e534e3ee001 < FRITZ 23fd450b2ca8aa1c → Greta (received later or not).
    """
    cat = catalogue(facility("A"))
    children = [child("FRITZ", OLD, ["A"], received=day(5)), child("GRETA", OLD, ["A"], received=day(4))]
    for seed, winner in (("runde-1", "FRITZ"), ("runde-2", "GRETA")):
        text = RULES.replace("{method: received_at}", f"{{method: lottery, seed: {seed}}}")
        for order in (children, children[::-1]):
            assert offered(run(criteria(text, cat), places(cat, "A ue3 35: 1"), cat, order)) == {winner: "A"}


# --- facility-specific extras ----------------------------------------------------------------------------


EXTRA = """\
facilities:
  - facility: B
    rules: [{id: sprache, label: Sprachangebot, condition: '"sprache" in wunsch.gruende'}]
"""


def test_a_facility_ranks_by_its_own_rule_where_its_order_puts_it() -> None:
    """A and B have one place each; both children wish B, then A. Hanna is a single parent; Ida chose B for
    its languages. B's own rule `sprache` comes first in B's order: B offers Ida, Hanna gets A. Without an
    `order` the own rule comes after the common ones: B offers Hanna (alleinerziehend), Ida gets A."""
    cat = catalogue(facility("A"), facility("B"))
    caps = places(cat, "A ue3 35: 1", "B ue3 35: 1")
    children = [child("HANNA", OLD, ["B", "A"], **SINGLE), child("IDA", OLD, ["B", "A"], reasons={"B": ["sprache"]})]
    first = RULES + EXTRA + "    order: [sprache, geschwister, alleinerziehend, beide_berufstaetig]\n"
    result = run(criteria(first, cat), caps, cat, children)
    assert offered(result) == {"IDA": "B", "HANNA": "A"}
    assert offer_of(result, "IDA")["reason"] == {"kind": "rule", "rules": ["sprache"]}
    assert result.document["criteria"]["facilities"] == {"B": ["sprache", "geschwister", "alleinerziehend",
                                                               "beide_berufstaetig"]}
    last = run(criteria(RULES + EXTRA, cat), caps, cat, children)
    assert offered(last) == {"HANNA": "B", "IDA": "A"}


def test_a_rule_can_read_the_facility() -> None:
    """Distance band by postal code: A is in 48155 like the children's home, B in 48167. Both have one
    place; both children wish B first. Only `wohnortnah` tells them apart: Kai lives in 48167."""
    cat = catalogue(facility("A", plz="48155"), facility("B", plz="48167"))
    text = RULES.replace("rules:\n", "rules:\n  - {id: wohnortnah, label: Nah, condition: kind.plz == einrichtung.plz}\n")
    result = run(criteria(text, cat), places(cat, "A ue3 35: 1", "B ue3 35: 1"), cat, [
        child("JONAS", OLD, ["B", "A"], received=day(1)), child("KAI", OLD, ["B", "A"], kind__plz="48167"),
    ])
    assert offered(result) == {"KAI": "B", "JONAS": "A"}
    assert offer_of(result, "KAI")["reason"] == {"kind": "rule", "rules": ["wohnortnah"]}


# --- age bands, hours, care type, start month --------------------------------------------------------------


def test_a_place_of_one_age_band_never_goes_to_a_child_of_another() -> None:
    """A has one u3 and one ue3 place. Jan (u3, single parent) and Kim (u3) and Lea (ue3) wish A.
    The u3 place goes to Jan, the ue3 place to Lea; Kim gets nothing, although without Lea the ue3 place
    would stay free. B takes children from 36 months only: Kim's wish for B does not fit (age)."""
    cat = catalogue(facility("A"), facility("B", ages=(36, 84)))
    caps = places(cat, "A u3 35: 1", "A ue3 35: 1", "B ue3 35: 1")
    jan, kim = child("JAN", YOUNG, ["A"], **SINGLE), child("KIM", YOUNG, ["A", "B"])
    result = run(criteria(RULES, cat), caps, cat, [jan, kim, child("LEA", OLD, ["A"])])
    assert offered(result) == {"JAN": "A", "LEA": "A"}
    assert (offer_of(result, "JAN")["age_band"], offer_of(result, "LEA")["age_band"]) == ("u3", "ue3")
    assert [(w["facility"], w["why"]) for w in unmatched_of(result, "KIM")["wishes"]] == [("A", "outranked"), ("B", "age")]
    without_lea = run(criteria(RULES, cat), caps, cat, [jan, kim])
    assert offered(without_lea) == {"JAN": "A"}
    assert without_lea.document["report"]["places"]["free"] == 2


def test_offers_keep_the_booked_hours() -> None:
    """A has one 35 h and one 45 h place. Mia books 25 h (A has no 25 h place: her wish does not fit),
    Nico 45 h, Ole 35 h: each gets exactly the hours booked."""
    cat = catalogue(facility("A"))
    result = run(criteria(RULES, cat), places(cat, "A ue3 35: 1", "A ue3 45: 1"), cat, [
        child("MIA", OLD, ["A"], hours="25"), child("NICO", OLD, ["A"], hours="45"), child("OLE", OLD, ["A"], hours="35"),
    ])
    assert {r: (o["hours"], o["hours_band"]) for r, o in _offers(result).items()} == {"NICO": (45, 45), "OLE": (35, 35)}
    mia = unmatched_of(result, "MIA")
    assert mia["reason"] == "no_fitting_place" and mia["wishes"][0]["why"] == "hours"
    assert result.document["report"]["hours"] == {"booked": 2, "alternative": 0}


def test_places_without_hours_take_any_hours_and_keep_what_was_booked() -> None:
    """Kindertagespflege T has two places for under-3s without an hours band. Paula books 30 h a week."""
    cat = catalogue(facility("T", care="tagespflege", ages=(0, 36), hours=()))
    result = run(criteria(RULES, cat), places(cat, "T u3 *: 2"), cat, [
        child("PAULA", YOUNG, ["T"], care="tagespflege", hours="30"),
    ])
    offer = offer_of(result, "PAULA")
    assert (offer["care_type"], offer["hours"], offer["hours_band"], offer["hours_choice"]) == ("tagespflege", 30, None, 1)


def test_alternative_hours_are_offered_after_the_booked_ones_and_improved_when_a_place_comes_free() -> None:
    """A has one 35 h and one 45 h place, B one 35 h place.

    Sara has a sibling at A (first there) but wishes B first; Paul (single parent) books 35 h and would
    take 45 h; Quinn (both parents work) books 35 h only; Rita books 45 h. All but Sara wish only A.
    A proposes: Sara 35 h; Paul 45 h (35 h is taken); Quinn and Rita find no room. B proposes to Sara,
    who leaves A. A again: Paul moves up to 35 h, the 45 h place goes to Rita. Quinn is behind Paul
    (alleinerziehend). Without the move, Quinn would have had 35 h and Paul justified envy.
    """
    cat = catalogue(facility("A"), facility("B"))
    result = run(criteria(RULES + "hours_alternatives: umfang_kita_weitere\n", cat),
                 places(cat, "A ue3 35: 1", "A ue3 45: 1", "B ue3 35: 1"), cat, [
        child("SARA", OLD, ["B", "A"], reasons={"A": ["geschwister"]}),
        child("PAUL", OLD, ["A"], alternatives=("45",), **SINGLE),
        child("QUINN", OLD, ["A"], **WORKING),
        child("RITA", OLD, ["A"], hours="45"),
    ])
    assert {r: (o["facility"], o["hours"], o["hours_choice"]) for r, o in _offers(result).items()} == {
        "SARA": ("B", 35, 1), "PAUL": ("A", 35, 1), "RITA": ("A", 45, 1),
    }
    assert unmatched_of(result, "QUINN")["wishes"][0]["by"] == {"kind": "rule", "rules": ["alleinerziehend"]}
    assert result.document["report"]["stability"]["justified_envy"] == 0


def test_an_alternative_is_used_only_when_the_booked_hours_are_taken() -> None:
    """A has one 35 h and one 45 h place. Tom (single parent) and Uwe book 35 h; Uwe would take 45 h."""
    cat = catalogue(facility("A"))
    result = run(criteria(RULES + "hours_alternatives: umfang_kita_weitere\n", cat),
                 places(cat, "A ue3 35: 1", "A ue3 45: 1"), cat, [
        child("TOM", OLD, ["A"], **SINGLE), child("UWE", OLD, ["A"], alternatives=("45",)),
    ])
    assert {r: (o["hours"], o["hours_choice"]) for r, o in _offers(result).items()} == {"TOM": (35, 1), "UWE": (45, 2)}
    assert result.document["report"]["hours"] == {"booked": 1, "alternative": 1}


def test_a_child_is_offered_only_its_own_care_type_and_start_month() -> None:
    """Vera wants Kindertagespflege but wished Kita A; Willi wants a Kita place from September, and A has
    places for August only. Neither fits."""
    cat = catalogue(facility("A"))
    result = run(criteria(RULES, cat), places(cat, "A u3 35: 2"), cat, [
        child("VERA", YOUNG, ["A"], care="tagespflege", hours="30"),
        child("WILLI", YOUNG, ["A"], start="2026-09"),
    ])
    assert offered(result) == {}
    assert unmatched_of(result, "VERA")["wishes"][0]["why"] == "care_type"
    assert unmatched_of(result, "WILLI")["wishes"][0]["why"] == "no_places"


def test_registrations_without_what_the_allocation_needs_are_listed_not_placed() -> None:
    cat = catalogue(facility("A"))
    no_birth = child("XAVER", OLD, ["A"])
    del no_birth.data["kind"]["geburtsdatum"]  # type: ignore[attr-defined]
    placement = child("YARA", OLD, [], vermittlung=True)
    result = run(criteria(RULES, cat), places(cat, "A ue3 35: 2"), cat, [no_birth, placement])
    assert unmatched_of(result, "XAVER") == {"reference": "XAVER", "reason": "incomplete", "missing": ["kind.geburtsdatum"]}
    assert unmatched_of(result, "YARA")["reason"] == "placement_wanted"


# --- siblings ------------------------------------------------------------------------------------------------


FAMILY = "familie@example.org"
SIBLING_PLACES = ("A ue3 35: 1", "A u3 35: 1", "B ue3 35: 1", "B u3 35: 1")


def _siblings_market(together: bool) -> object:
    """A and B have one u3 and one ue3 place each. Olga (ue3) and Yuri (u3) are siblings (same e-mail) and
    wish A, then B. Zoe (u3) has a sibling at A and wishes A.

    Together: A offers Zoe the u3 place first; the family needs u3 and ue3 at A, u3 is gone, so A passes;
    B offers the family both places. Separately: A offers Zoe u3 and Olga ue3; Yuri gets B."""
    cat = catalogue(facility("A"), facility("B"))
    text = RULES + f"siblings: {{together: {str(together).lower()}, family: [person1.email]}}\n"
    return run(criteria(text, cat), places(cat, *SIBLING_PLACES), cat, [
        child("OLGA", OLD, ["A", "B"], email=FAMILY), child("YURI", YOUNG, ["A", "B"], email=FAMILY),
        child("ZOE", YOUNG, ["A"], reasons={"A": ["geschwister"]}),
    ])


def test_siblings_stay_together_when_the_criteria_say_so() -> None:
    result = _siblings_market(together=True)
    assert offered(result) == {"OLGA": "B", "YURI": "B", "ZOE": "A"}  # type: ignore[arg-type]
    assert offer_of(result, "OLGA")["siblings"] == ["YURI"]  # type: ignore[arg-type]
    report = result.document["report"]["siblings"]  # type: ignore[attr-defined]
    assert report == {"families": 1, "together": 1, "apart": 0, "partly": 0, "without_offer": 0}


def test_siblings_are_placed_one_by_one_otherwise() -> None:
    result = _siblings_market(together=False)
    assert offered(result) == {"OLGA": "A", "YURI": "B", "ZOE": "A"}  # type: ignore[arg-type]
    assert result.document["report"]["siblings"]["apart"] == 1  # type: ignore[attr-defined]


def test_siblings_who_cannot_be_together_wait_or_are_split_as_the_criteria_say() -> None:
    """A has only an ue3 place, B only a u3 place: no facility can take Olga and Yuri together. Without
    `split_if_needed` both stay without an offer (no facility is possible for both); with it, the second
    pass gives Olga A and Yuri B."""
    cat = catalogue(facility("A"), facility("B"))
    children = [child("OLGA", OLD, ["A", "B"], email=FAMILY), child("YURI", YOUNG, ["A", "B"], email=FAMILY)]
    caps = places(cat, "A ue3 35: 1", "B u3 35: 1")
    waiting = run(criteria(RULES + "siblings: {together: true}\n", cat), caps, cat, children)
    assert offered(waiting) == {}
    assert unmatched_of(waiting, "OLGA")["reason"] == "not_together"
    assert [w["why"] for w in unmatched_of(waiting, "OLGA")["wishes"]] == ["not_for_all_siblings", "no_places"]
    split = run(criteria(RULES + "siblings: {together: true, split_if_needed: true}\n", cat), caps, cat, children)
    assert offered(split) == {"OLGA": "A", "YURI": "B"}
    assert split.document["report"]["siblings"]["apart"] == 1


def _offers(result: object) -> dict[str, dict[str, object]]:
    return {o["reference"]: o for o in result.document["offers"]}  # type: ignore[attr-defined]
