"""Offers and care contracts in the store, on SQLite and PostgreSQL: only a link's sha256 is kept, an answer
and a consent change a row only from the state they follow (of racing writers one wins), and a final status
never changes back."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor

from kitaforms.store import Access, Contract, Offer, Store, now

from .conftest import run_sql

KOMMUNE = "teststadt"


def offer(offer_id: str = "PA-1-AAAA-0001", kommune: str = KOMMUNE, round_no: int = 1, deadline: str = "2026-03-16",
          reference: str = "KF-AAAA-BBBB-0001") -> Offer:
    data = {"id": offer_id, "kommune": kommune, "reference": reference, "child": {"vorname": "Mia"}}
    return Offer(offer_id, kommune, round_no, round_no, reference, deadline, "offered", json.dumps(data), now())


def link(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def contract(offer_id: str = "PA-1-AAAA-0001", status: str = "awaiting_consent", content: bytes = b"%PDF-1.7 vertrag") -> Contract:
    return Contract(offer_id, KOMMUNE, status, "online" if status != "awaiting_signature" else "eid", "de",
                    json.dumps({"id": "kommune"}), "application/pdf", len(content), hashlib.sha256(content).hexdigest(),
                    content, now())


def test_an_offer_is_found_by_its_link_s_hash_only(store: Store, database_url: str) -> None:
    assert store.add_offers(KOMMUNE, 1, [(offer(), link("secret-1"))]) == ["PA-1-AAAA-0001"]
    found = store.offer_by_link(link("secret-1"))
    assert found is not None and found.id == "PA-1-AAAA-0001" and found.status == "offered"
    assert found.record()["child"] == {"vorname": "Mia"}
    assert store.offer_by_link(link("secret-2")) is None
    stored = [value for row in run_sql(database_url, "SELECT * FROM offers") for value in row]
    assert "secret-1" not in " ".join(str(v) for v in stored), "the secret itself is never kept"


def test_loading_a_round_again_keeps_the_first_link(store: Store) -> None:
    assert store.add_offers(KOMMUNE, 1, [(offer(), link("first"))]) == ["PA-1-AAAA-0001"]
    assert store.add_offers(KOMMUNE, 1, [(offer(), link("second"))]) == []
    assert store.offer_by_link(link("first")) is not None and store.offer_by_link(link("second")) is None


def test_a_new_link_replaces_the_old_one(store: Store) -> None:
    store.add_offers(KOMMUNE, 1, [(offer(), link("old"))])
    access = Access(now(), "TK-1", "offer-link", "KF-AAAA-BBBB-0001", KOMMUNE, "PA-1-AAAA-0001")
    assert store.relink_offer("PA-1-AAAA-0001", KOMMUNE, link("new"), access)
    assert store.offer_by_link(link("old")) is None and store.offer_by_link(link("new")) is not None
    assert not store.relink_offer("PA-1-AAAA-0001", "andere_stadt", link("third")), "only within its Kommune"
    assert [e.action for e in store.access_log()] == ["offer-link"]


def test_an_answer_is_taken_once(store: Store) -> None:
    store.add_offers(KOMMUNE, 1, [(offer(), link("s"))])
    assert store.answer_offer("PA-1-AAAA-0001", "accepted", '{"antwort": "annehmen"}', "de")
    assert not store.answer_offer("PA-1-AAAA-0001", "declined", '{"antwort": "ablehnen"}', "de")
    kept = store.offer("PA-1-AAAA-0001")
    assert kept is not None and kept.status == "accepted" and json.loads(kept.answer or "") == {"antwort": "annehmen"}
    assert not store.close_offer(KOMMUNE, "PA-1-AAAA-0001", "expired"), "a final status stays"


def test_of_racing_answers_exactly_one_wins(store: Store) -> None:
    store.add_offers(KOMMUNE, 1, [(offer(), link("s"))])
    answers = ["accepted", "declined"] * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        won = list(pool.map(lambda status: store.answer_offer("PA-1-AAAA-0001", status, "{}", "de"), answers))
    assert won.count(True) == 1
    kept = store.offer("PA-1-AAAA-0001")
    assert kept is not None and kept.status == answers[won.index(True)]


def test_a_later_round_holds_earlier_offers_and_closes_the_withdrawn(store: Store) -> None:
    store.add_offers(KOMMUNE, 1, [(offer("PA-1-AAAA-0001"), link("a")), (offer("PA-1-AAAA-0002"), link("b")),
                                  (offer("PA-1-AAAA-0003"), link("c"))])
    store.add_offers(KOMMUNE, 2, [(offer("PA-2-AAAA-0004", round_no=2), link("d"))], held=["PA-1-AAAA-0001"],
                     closed={"PA-1-AAAA-0002": "declined"})
    assert store.latest_round(KOMMUNE) == 2
    assert [o.id for o in store.offers_of(KOMMUNE, 2)] == ["PA-1-AAAA-0001", "PA-2-AAAA-0004"]
    assert [o.id for o in store.offers_of(KOMMUNE, 1)] == ["PA-1-AAAA-0002", "PA-1-AAAA-0003"]
    assert store.offer("PA-1-AAAA-0002").status == "declined"  # type: ignore[union-attr]
    assert [o.id for o in store.offers_of(KOMMUNE, None, ("declined",))] == ["PA-1-AAAA-0002"]


def test_offers_of_another_kommune_are_neither_listed_nor_held_nor_closed(store: Store) -> None:
    store.add_offers("andere_stadt", 1, [(offer("PA-1-ZZZZ-0001", kommune="andere_stadt"), link("z"))])
    store.add_offers(KOMMUNE, 2, [], held=["PA-1-ZZZZ-0001"], closed={"PA-1-ZZZZ-0001": "expired"})
    assert store.offers_of(KOMMUNE) == [] and store.latest_round(KOMMUNE) is None
    other = store.offer("PA-1-ZZZZ-0001")
    assert other is not None and other.live_round == 1 and other.status == "offered"


def test_a_contract_is_kept_only_for_an_accepted_offer_and_only_once(store: Store) -> None:
    store.add_offers(KOMMUNE, 1, [(offer(), link("s"))])
    assert not store.put_contract(contract()), "not accepted yet"
    store.answer_offer("PA-1-AAAA-0001", "accepted", "{}", "de")
    assert store.put_contract(contract(content=b"%PDF first"))
    assert not store.put_contract(contract(content=b"%PDF second"))
    kept = store.contract("PA-1-AAAA-0001")
    assert kept is not None and kept.content == b"%PDF first" and kept.status == "awaiting_consent"
    assert store.contract("PA-1-AAAA-0001", content=False).content == b""  # type: ignore[union-attr]


def test_a_consent_names_the_document_and_is_taken_once(store: Store) -> None:
    store.add_offers(KOMMUNE, 1, [(offer(), link("s"))])
    store.answer_offer("PA-1-AAAA-0001", "accepted", "{}", "de")
    store.put_contract(contract())
    kept = store.contract("PA-1-AAAA-0001")
    assert kept is not None
    record = json.dumps({"at": "2026-03-05T10:00:00.000Z", "document": {"sha256": kept.sha256}})
    assert not store.consent("PA-1-AAAA-0001", "0" * 64, record, "2026-03-05T10:00:00.000Z"), "another document"
    assert store.consent("PA-1-AAAA-0001", kept.sha256, record, "2026-03-05T10:00:00.000Z")
    assert not store.consent("PA-1-AAAA-0001", kept.sha256, record, "2026-03-05T11:00:00.000Z")
    done = store.contract("PA-1-AAAA-0001")
    assert done is not None and done.status == "consented" and done.consented_at == "2026-03-05T10:00:00.000Z"
    assert json.loads(done.consent or "") == json.loads(record)


def test_a_contract_awaiting_a_signature_takes_no_consent(store: Store) -> None:
    store.add_offers(KOMMUNE, 1, [(offer(), link("s"))])
    store.answer_offer("PA-1-AAAA-0001", "accepted", "{}", "de")
    store.put_contract(contract(status="awaiting_signature"))
    kept = store.contract("PA-1-AAAA-0001")
    assert kept is not None and not store.consent("PA-1-AAAA-0001", kept.sha256, "{}", now())
    assert store.contract("PA-1-AAAA-0001").status == "awaiting_signature"  # type: ignore[union-attr]


def test_loading_writes_the_access_log_in_the_same_transaction(store: Store) -> None:
    access = [Access(now(), "TK-1", "offer-load", "KF-AAAA-BBBB-0001", KOMMUNE, "PA-1-AAAA-0001")]
    store.add_offers(KOMMUNE, 1, [(offer(), link("s"))], access=access)
    (entry,) = store.access_log()
    assert (entry.action, entry.reference, entry.kommune, entry.detail) == (
        "offer-load", "KF-AAAA-BBBB-0001", KOMMUNE, "PA-1-AAAA-0001")
