"""Random markets: no justified envy under the stated priorities, no place that does not fit, no cell over its
capacity, the same result whatever the order of the input.

The oracle is written here, independently of the allocation: which places a child fits (care type, the
facility's ages, age band, start month, hours band of the booked or an alternative hours) and, for
every child and every place it would rather have, whether that place is free or held by a child of
lower priority at that facility.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from allocate_support import canonical, catalogue, child, criteria, facility, places, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kitaforms.allocate.registrations import Registration
from kitaforms.expr._values import months_between

BIRTHS = {"2022-03-01": 53, "2023-09-15": 34, "2024-05-10": 26, "2025-10-01": 10}  # months on 2026-08-01
BAND = {born: ("u3" if months < 36 else "ue3") for born, months in BIRTHS.items()}
REASONS = ["geschwister", "sprache", "wohnortnah"]
HEAD = """\
sample_data: true
source: random test market
method: {method}
rules:
  - {{id: geschwister, label: G, condition: '"geschwister" in wunsch.gruende'{p1}}}
  - {{id: alleinerziehend, label: A, condition: familiensituation == "ein_elternteil"{p2}}}
  - {{id: nah, label: N, condition: kind.plz == einrichtung.plz{p3}}}
  - {{id: u1, label: U, condition: 'alter_am(kind.geburtsdatum, beginn) < 1'{p4}}}
tie_break: {tie}
siblings: {{together: {together}, family: [person1.email], split_if_needed: {split}}}
hours_alternatives: umfang_kita_weitere
"""


@st.composite
def markets(draw: Any, families: bool = False) -> dict[str, Any]:
    count = draw(st.integers(2, 4))
    facilities, rows = [], []
    for index in range(count):
        fid = f"F{index}"
        care = draw(st.sampled_from(["kita", "kita", "kita", "tagespflege"]))
        ages = draw(st.sampled_from([(0, 84), (36, 84), (0, 36), (12, 84)])) if care == "kita" else (0, 36)
        hours = tuple(sorted(draw(st.sets(st.sampled_from([25, 35, 45]), min_size=1)))) if care == "kita" else ()
        facilities.append(facility(fid, care=care, ages=ages, hours=hours, plz=draw(st.sampled_from(["48155", "48167"]))))
        for band, low, high in (("u3", 0, 36), ("ue3", 36, 999)):
            if low < ages[1] and ages[0] < high:
                for h in hours or ("*",):
                    rows.append(f"{fid} {band} {h}: {draw(st.integers(0, 2))}")
    kids = [_child(draw, index, count, families) for index in range(draw(st.integers(1, 10)))]
    method = draw(st.sampled_from(["order", "points"]))
    points = [f", points: {draw(st.integers(1, 20))}" if method == "points" else "" for _ in range(4)]
    seed = draw(st.text("abcdef0123456789", min_size=1, max_size=6))
    tie = draw(st.sampled_from(["{method: received_at}", f"{{method: lottery, seed: s{seed}}}"]))
    together = families and draw(st.booleans())
    text = HEAD.format(method=method, p1=points[0], p2=points[1], p3=points[2], p4=points[3], tie=tie,
                       together=str(together).lower(), split=str(together and draw(st.booleans())).lower())
    return {"facilities": facilities, "rows": rows, "children": kids, "criteria": text}


def _child(draw: Any, index: int, facilities: int, families: bool) -> Registration:
    care = draw(st.sampled_from(["kita", "kita", "kita", "tagespflege"]))
    born = draw(st.sampled_from(sorted(BIRTHS)))
    wishes = draw(st.permutations([f"F{i}" for i in range(facilities)]))[: draw(st.integers(0, facilities))]
    reasons = {w: draw(st.lists(st.sampled_from(REASONS), max_size=2, unique=True)) for w in wishes}
    hours = draw(st.sampled_from(["25", "35", "45"])) if care == "kita" else draw(st.sampled_from(["20", "30"]))
    alternatives = tuple(h for h in draw(st.lists(st.sampled_from(["25", "35", "45"]), max_size=2, unique=True))
                         if h != hours) if care == "kita" else ()
    family = draw(st.integers(0, 2)) if families and draw(st.booleans()) else None
    return child(f"C{index:02d}", born, wishes, care=care, hours=hours, alternatives=alternatives, reasons=reasons,
                 received=f"2026-01-{draw(st.integers(1, 28)):02d}T09:00:00.000Z",
                 email=f"familie{family}@example.org" if family is not None else None,
                 familiensituation=draw(st.sampled_from(["beide_eltern", "ein_elternteil"])),
                 kind__plz=draw(st.sampled_from(["48155", "48167"])))


def _run(market: dict[str, Any], order: list[Registration] | None = None) -> Any:
    cat = catalogue(*market["facilities"])
    return run(criteria(market["criteria"], cat), places(cat, *market["rows"]), cat, order or market["children"])


def _capacity(market: dict[str, Any]) -> dict[tuple[str, str, int | None], int]:
    found = {}
    for row in market["rows"]:
        where, count = row.split(":")
        fid, band, hours = where.split()
        found[(fid, band, None if hours == "*" else int(hours))] = int(count)
    return found


def _fitting(market: dict[str, Any], registration: Registration, fid: str) -> list[tuple[tuple[str, str, int | None], int]]:
    """The cells of ``fid`` the child fits, best first, with the hours it would get (oracle)."""
    data = registration.data
    spec = next(f for f in market["facilities"] if f["id"] == fid)
    born = data["kind"]["geburtsdatum"]
    months = BIRTHS[born]
    if data["betreuungsart"] not in spec["care_types"] or not spec["age_from_months"] <= months < spec["age_to_months"]:
        return []
    capacity = _capacity(market)
    if (fid, BAND[born], None) in capacity:
        return [((fid, BAND[born], None), int(data.get("tagespflege_stunden") or data.get("umfang_kita")))]
    wanted = [data["umfang_kita"], *(p["code"] for p in data.get("umfang_kita_weitere", []))]
    return [((fid, BAND[born], int(h)), int(h)) for h in wanted if (fid, BAND[born], int(h)) in capacity]


def _check_offers_fit(market: dict[str, Any], result: Any) -> None:
    by_ref = {r.reference: r for r in market["children"]}
    capacity = _capacity(market)
    used: Counter[tuple[str, str, int | None]] = Counter()
    for offer in result.document["offers"]:
        registration = by_ref[offer["reference"]]
        wishes = [w["code"] for w in registration.data["wuensche"]]
        assert offer["facility"] in wishes and offer["wish"] == wishes.index(offer["facility"]) + 1
        cell = (offer["facility"], offer["age_band"], offer["hours_band"])
        assert (cell, offer["hours"]) in _fitting(market, registration, offer["facility"]), offer
        assert offer["care_type"] == registration.data["betreuungsart"] and offer["start"] == "2026-08"
        used[cell] += 1
    assert all(used[cell] <= capacity[cell] for cell in used)
    assert len({o["reference"] for o in result.document["offers"]}) == len(result.document["offers"])


def _blocking_pairs(market: dict[str, Any], result: Any) -> list[tuple[str, str]]:
    """Every (child, facility) where the child would rather be and has a free place or a weaker holder."""
    outcome = result.outcome
    index = {c.reference: i for i, c in enumerate(outcome.market.children)}
    facility = {f.id: i for i, f in enumerate(outcome.market.facilities)}
    offers = {o["reference"]: o for o in result.document["offers"]}
    holders: dict[tuple[str, str, int | None], list[str]] = {}
    for offer in offers.values():
        holders.setdefault((offer["facility"], offer["age_band"], offer["hours_band"]), []).append(offer["reference"])
    capacity = _capacity(market)
    found = []
    for registration in market["children"]:
        own = offers.get(registration.reference)
        for wish in registration.data["wuensche"]:
            fid = wish["code"]
            options = _fitting(market, registration, fid)
            if own is not None and [w["code"] for w in registration.data["wuensche"]].index(fid) + 1 > own["wish"]:
                break
            if own is not None and own["facility"] == fid:
                mine = (own["facility"], own["age_band"], own["hours_band"])
                options = options[: [cell for cell, _ in options].index(mine)]
            standing = outcome.market.standings.get((index[registration.reference], facility[fid]))
            for cell, _ in options:
                assert standing is not None, "a fitting wish has a priority"
                others = holders.get(cell, [])
                weaker = [o for o in others if outcome.market.standings[(index[o], facility[fid])].key > standing.key]
                if len(others) < capacity[cell] or weaker:
                    found.append((registration.reference, fid))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markets())
def test_random_markets_of_single_children_are_stable_fitting_and_reproducible(market: dict[str, Any]) -> None:
    result = _run(market)
    _check_offers_fit(market, result)
    assert _blocking_pairs(market, result) == []
    assert result.outcome.envy == [] and result.document["report"]["stability"]["justified_envy"] == 0
    assert canonical(_run(market, market["children"][::-1])) == canonical(result)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markets(families=True))
def test_random_markets_with_siblings_fit_and_keep_families_together_when_asked(market: dict[str, Any]) -> None:
    result = _run(market)
    _check_offers_fit(market, result)
    assert canonical(_run(market, market["children"][::-1])) == canonical(result)
    criteria_text = market["criteria"]
    if "together: true" in criteria_text and "split_if_needed: false" in criteria_text:
        for unit in result.outcome.units:
            places_of = {result.document["offers"][i]["facility"] for i, o in enumerate(result.document["offers"])
                         if o["reference"] in {result.outcome.market.children[m].reference for m in unit.members}}
            assert len(places_of) <= 1
    assert result.document["report"]["stability"]["justified_envy"] == len(result.outcome.envy)


def test_the_oracle_knows_the_ages() -> None:
    from datetime import date

    assert all(months_between(date.fromisoformat(born), date(2026, 8, 1)) == m for born, m in BIRTHS.items())
