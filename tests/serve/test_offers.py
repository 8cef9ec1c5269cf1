"""Offers on the form server (process steps 5 and 6), on Köln's real forms, criteria sample and contract sample:
the back office loads a round and gets each offer's secret link once; the family opens it, answers within the
deadline (the server's clock pinned), accepts, reads the contract and consents to exactly that document; the
next round reads the answers. Wrong links get a German page; nothing crosses from one Kommune to another."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from kitaforms.allocate.rounds import read_answers
from kitaforms.compiler import compile_project
from kitaforms.export.bundle import build_bundles
from kitaforms.serve.app import Settings, create_app
from kitaforms.serve.catalogue import Catalogue, load_catalogue

from .conftest import ROOT, TOKEN, admin

TODAY = date(2026, 2, 2)  # the registrations are checked on this day
ROUND_DAY = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)  # the server's clock while the family answers
ANMELDUNG = "05315000-koeln/anmeldung/3.0.0/examples/valid/01-minimal.json"


@pytest.fixture(scope="module")
def koeln() -> tuple[Catalogue, dict[str, bytes]]:
    files = {str(path): content for path, content in build_bundles(compile_project(ROOT, ["koeln"])).items()
             if str(path) != "index.json"}
    catalogue = load_catalogue(files)
    assert not catalogue.problems and catalogue.bundle("koeln", "platzangebot") is not None
    return catalogue, files


class Clock:
    def __init__(self) -> None:
        self.now = ROUND_DAY

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture()
def clock() -> Clock:
    return Clock()


def make_client(koeln: tuple[Catalogue, dict[str, bytes]], tmp_path: Path, clock: Clock,
                project: Path | None = ROOT) -> TestClient:
    settings = Settings(db=tmp_path / "db.sqlite3", admin_token=TOKEN, today=lambda: TODAY, project=project, clock=clock)
    return TestClient(create_app(koeln[0], settings))


@pytest.fixture()
def client(koeln: tuple[Catalogue, dict[str, bytes]], tmp_path: Path, clock: Clock) -> Iterator[TestClient]:
    with make_client(koeln, tmp_path, clock) as test_client:
        yield test_client


def register(client: TestClient, koeln: tuple[Catalogue, dict[str, bytes]], **changes: Any) -> str:
    """A Köln registration (the minimal example: Mia Beispiel, born 2 October 2022), stored; its reference."""
    data = {**json.loads(koeln[1][ANMELDUNG]), **changes}
    response = client.post("/koeln/anmeldung/submit", json=data)
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


def round_document(*offers: tuple[str, str, str], kommune: str = "koeln", round_no: int = 1,
                   deadline: str = "2026-03-16", **extra: Any) -> dict[str, Any]:
    """A round's output with offers (id, reference, facility), as `kitaforms allocate` writes it."""
    return {
        "format": "kitaforms-allocation/1", "kommune": kommune, "kommune_name": "Stadt Köln", "round": round_no,
        "date": "2026-03-02", "criteria": {"form": "anmeldung"}, "sample_data": ["criteria", "capacities"],
        "offers": [{"id": offer_id, "round": round_no, "reference": reference, "status": "open", "facility": facility,
                    "start": "2026-08", "care_type": "kita", "age_band": "ue3", "hours": 35, "hours_band": 35,
                    "hours_choice": 1, "wish": 1, "deadline": deadline} for offer_id, reference, facility in offers],
        "standing": [], "withdrawn": [], **extra,
    }


def load(client: TestClient, document: dict[str, Any], token: str = TOKEN) -> Any:
    return client.post("/api/v1/offers", json=document, headers={"authorization": f"Bearer {token}"})


def offered(client: TestClient, koeln: tuple[Catalogue, dict[str, bytes]], facility: str = "k-kita-01",
            offer_id: str = "PA-1-AAAA-0001", deadline: str = "2026-03-16") -> str:
    """One registration, one offer for it loaded; the path of the offer's link."""
    reference = register(client, koeln)
    response = load(client, round_document((offer_id, reference, facility), deadline=deadline))
    assert response.status_code == 201, response.text
    return str(response.json()["loaded"][0]["link"]).removeprefix("http://testserver")


def text(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.text).split())


def answer(client: TestClient, path: str, code: str = "annehmen", **fields: str) -> Any:
    return client.post(path, data={"_lang": "de", "antwort": code, "sorgeberechtigt": "true", **fields},
                       follow_redirects=False)


# --- loading a round -------------------------------------------------------------------------------


def test_each_new_offer_gets_its_link_once(client: TestClient, koeln: Any) -> None:
    reference = register(client, koeln)
    first = load(client, round_document(("PA-1-AAAA-0001", reference, "k-kita-01")))
    assert first.status_code == 201
    (loaded,) = first.json()["loaded"]
    assert loaded["offer"] == "PA-1-AAAA-0001" and loaded["reference"] == reference and loaded["deadline"] == "2026-03-16"
    assert re.fullmatch(r"http://testserver/offers/[A-Za-z0-9_-]{43}", loaded["link"])
    again = load(client, round_document(("PA-1-AAAA-0001", reference, "k-kita-01")))
    assert again.status_code == 200 and again.json()["loaded"] == [] and again.json()["already_loaded"] == ["PA-1-AAAA-0001"]
    listed = client.get("/api/v1/offers?kommune=koeln", headers=admin()).json()
    assert [(o["id"], o["status"], o["contract"]) for o in listed["offers"]] == [("PA-1-AAAA-0001", "offered", None)]
    actions = [e["action"] for e in client.get("/api/v1/access-log", headers=admin()).json()["entries"]]
    assert actions.count("offer-load") == 2 and "offer-list" in actions, "each load reads the registration again"


def test_an_offer_keeps_only_what_the_contract_names(client: TestClient, koeln: Any) -> None:
    offered(client, koeln)
    kept = client.get("/api/v1/offers/PA-1-AAAA-0001", headers=admin()).json()["offer"]
    assert kept["child"] == {"vorname": "Mia", "nachname": "Beispiel", "geburtsdatum": "2022-10-02",
                             "strasse": "Musterweg", "plz": "50667", "ort": "Musterstadt"}
    assert {p["vorname"] for p in kept["persons"]} == {"Mia"} and "telefon" not in kept["persons"][0]
    assert kept["facility"]["name"] == "Familienzentrum Lichtblick" and kept["sample_data"] == ["criteria", "capacities"]


def test_a_round_that_is_not_one_is_refused(client: TestClient) -> None:
    response = load(client, {"format": "kitaforms-allocation/1", "kommune": "koeln", "round": 1,
                             "offers": [{"id": "PA-1-AAAA-0001"}]})
    assert response.status_code == 400 and response.json()["type"] == "urn:kitaforms:problem:bad-round"
    assert "offer 1" in response.json()["detail"]
    text_body = client.post("/api/v1/offers", content=b"x", headers={**admin(), "content-type": "text/plain"})
    assert text_body.status_code == 415


def test_registrations_can_come_with_the_round(client: TestClient) -> None:
    """The store no longer keeps the registration (retention): the export the round was made from is sent along."""
    registration = {"reference": "KF-GONE-0000-0001", "kommune": "koeln", "form": "anmeldung",
                    "received_at": "2026-01-10T09:00:00Z", "data": {"kind": {"vorname": "Ella", "nachname": "Alt"}}}
    document = round_document(("PA-1-AAAA-0009", "KF-GONE-0000-0001", "k-kita-01"))
    response = client.post("/api/v1/offers", headers=admin(), files={
        "round": ("runde-1.json", json.dumps(document), "application/json"),
        "registrations": ("export.jsonl", json.dumps(registration) + "\n", "application/jsonl")})
    assert response.status_code == 201, response.text
    kept = client.get("/api/v1/offers/PA-1-AAAA-0009", headers=admin()).json()["offer"]
    assert kept["child"] == {"vorname": "Ella", "nachname": "Alt"}


# --- nothing crosses Kommunen --------------------------------------------------------------------


def test_a_token_of_another_kommune_sees_no_offer(client: TestClient, koeln: Any) -> None:
    offered(client, koeln)
    store = client.app.state.server.store  # type: ignore[attr-defined]
    _, muenster = store.issue_token("muenster")
    _, anmeldung_only = store.issue_token("koeln", "anmeldung")
    for token in (muenster, anmeldung_only):
        bearer = {"authorization": f"Bearer {token}"}
        assert client.get("/api/v1/offers/PA-1-AAAA-0001", headers=bearer).status_code == 404
        assert client.get("/api/v1/offers?kommune=koeln", headers=bearer).status_code == 404
        assert client.get("/api/v1/offers/answers?kommune=koeln", headers=bearer).status_code == 404
        assert client.post("/api/v1/offers/PA-1-AAAA-0001/link", headers=bearer).status_code == 404
        assert client.get("/api/v1/offers/PA-1-AAAA-0001/contract.pdf", headers=bearer).status_code == 404
        assert load(client, round_document(("PA-1-AAAA-0002", "KF-X", "k-kita-01")), token).status_code == 404
    assert client.get("/api/v1/offers", headers={"authorization": f"Bearer {muenster}"}).json()["offers"] == []
    _, own = store.issue_token("koeln")
    assert client.get("/api/v1/offers/PA-1-AAAA-0001", headers={"authorization": f"Bearer {own}"}).status_code == 200


def test_a_registration_of_another_kommune_is_never_read(client: TestClient, koeln: Any) -> None:
    """A round that names another Kommune's registration (or another form's) loads nothing of it."""
    reference = register(client, koeln)
    store = client.app.state.server.store  # type: ignore[attr-defined]
    from kitaforms.store import Submission

    other = Submission("KF-MUEN-STER-0001", "muenster", "anmeldung", "3.0.0", "2026-01-10T09:00:00.000Z", "de",
                       json.dumps({"kind": {"vorname": "Geheim"}}))
    income = Submission("KF-EINK-0000-0001", "koeln", "einkommen", "3.0.0", "2026-01-10T09:00:00.000Z", "de",
                        json.dumps({"kind": {"vorname": "Auch geheim"}}))
    import asyncio

    for row in (other, income):
        asyncio.run(store.add_submission(row, None, {}))
    response = load(client, round_document(("PA-1-AAAA-0001", reference, "k-kita-01"),
                                           ("PA-1-AAAA-0002", "KF-MUEN-STER-0001", "k-kita-01"),
                                           ("PA-1-AAAA-0003", "KF-EINK-0000-0001", "k-kita-01")))
    body = response.json()
    assert [o["offer"] for o in body["loaded"]] == ["PA-1-AAAA-0001"]
    assert body["not_loaded"] == [
        {"offer": "PA-1-AAAA-0002", "reference": "KF-MUEN-STER-0001", "reason": "unknown_registration"},
        {"offer": "PA-1-AAAA-0003", "reference": "KF-EINK-0000-0001", "reason": "unknown_registration"}]


def test_a_round_of_a_kommune_without_the_offer_form_is_refused(client: TestClient) -> None:
    response = load(client, round_document(("PA-1-AAAA-0001", "KF-X", "m-kita-01"), kommune="muenster"))
    assert response.status_code == 409 and response.json()["type"] == "urn:kitaforms:problem:no-offer-form"


def test_the_offer_form_takes_no_answer_without_its_link(client: TestClient) -> None:
    response = client.post("/koeln/platzangebot/submit", json={"antwort": "annehmen", "sorgeberechtigt": True})
    assert response.status_code == 409 and response.json()["type"] == "urn:kitaforms:problem:answer-by-link"
    start = client.get("/koeln/").text
    assert "platzangebot/" not in start, "the Kommune's start page does not list the offer form"


# --- behind the link -------------------------------------------------------------------------------


def test_the_link_shows_the_offer_and_its_questions(client: TestClient, koeln: Any) -> None:
    path = offered(client, koeln)
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store" and page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-robots-tag"] == "noindex, nofollow"
    shown = text(page)
    for fact in ("Ihr Platzangebot", "PA-1-AAAA-0001", "Mia Beispiel", "2. Oktober 2022", "Familienzentrum Lichtblick",
                 "Paritätischer Träger e. V.", "Beginn der Betreuung 1. August 2026", "Wochenstunden 35",
                 "Antwort bis 16. März 2026 (einschließlich)", "Beispieldaten"):
        assert fact in shown, fact
    assert f'action="{path}"' in page.text and 'name="antwort"' in page.text and 'name="sorgeberechtigt"' in page.text
    english = client.get(path + "?lang=en")
    assert "Your offer of a place" in english.text and 'lang="en"' in english.text


@pytest.mark.parametrize("secret", ["A" * 43, "kurz", "A" * 42 + "!", "A" * 44])
def test_a_link_that_opens_nothing_gets_a_german_page(client: TestClient, secret: str) -> None:
    for response in (client.get(f"/offers/{secret}"), client.post(f"/offers/{secret}", data={"antwort": "annehmen"}),
                     client.get(f"/offers/{secret}/contract.pdf"), client.post(f"/offers/{secret}/consent", data={})):
        assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
        assert "Unter diesem Link ist kein Platzangebot" in response.text and 'lang="de"' in response.text
        assert response.headers["cache-control"] == "no-store"
    assert "This link opens no offer of a place" in client.get(f"/offers/{'A' * 43}?lang=en").text


def test_a_replaced_link_opens_nothing_and_looks_like_any_wrong_one(client: TestClient, koeln: Any) -> None:
    old = offered(client, koeln)
    new = client.post("/api/v1/offers/PA-1-AAAA-0001/link", headers=admin()).json()["link"].removeprefix("http://testserver")
    assert client.get(new).status_code == 200
    gone, never = client.get(old), client.get(f"/offers/{'B' * 43}")
    assert gone.status_code == never.status_code == 404 and gone.text.replace(old, "") == never.text.replace(f"/offers/{'B' * 43}", "")


def test_an_answer_that_fails_the_form_s_checks_is_not_kept(client: TestClient, koeln: Any) -> None:
    path = offered(client, koeln)
    response = client.post(path, data={"_lang": "de", "antwort": "annehmen"})  # the declaration is not ticked
    assert response.status_code == 422 and "Es gibt ein Problem" in response.text
    assert 'value="annehmen" checked' in response.text, "the answer is kept in the page"
    assert client.get("/api/v1/offers/PA-1-AAAA-0001", headers=admin()).json()["status"] == "offered"


def test_a_declined_offer_is_final_and_goes_to_the_next_round(client: TestClient, koeln: Any) -> None:
    path = offered(client, koeln)
    response = answer(client, path, "ablehnen", ablehnungsgrund="anderer_platz")
    assert response.status_code == 303 and response.headers["location"] == f"{path}?lang=de"
    page = client.get(path)
    assert "Sie haben den Platz abgelehnt." in text(page) and 'name="antwort"' not in page.text
    again = answer(client, path, "annehmen")
    assert again.status_code == 409 and "Auf dieses Angebot haben Sie schon geantwortet" in text(again)
    kept = client.get("/api/v1/offers/PA-1-AAAA-0001", headers=admin()).json()
    assert kept["status"] == "declined" and kept["answer"]["ablehnungsgrund"] == "anderer_platz"
    answers = client.get("/api/v1/offers/answers?kommune=koeln", headers=admin())
    assert read_answers(answers.text, "antworten.json") == {"PA-1-AAAA-0001": "declined"}


def test_the_deadline_day_counts_in_nrw_and_then_the_offer_expires(client: TestClient, koeln: Any, clock: Clock) -> None:
    first = offered(client, koeln, offer_id="PA-1-AAAA-0001")
    clock.now = datetime(2026, 3, 16, 22, 59, 30, tzinfo=UTC)  # 23:59:30 in Köln on the deadline day
    assert answer(client, first).status_code == 303
    reference = register(client, koeln)
    second = load(client, round_document(("PA-1-AAAA-0002", reference, "k-kita-03"))).json()["loaded"][0]["link"]
    second = second.removeprefix("http://testserver")
    clock.now = datetime(2026, 3, 16, 23, 0, 0, tzinfo=UTC)  # midnight in Köln
    late = answer(client, second)
    assert late.status_code == 409 and "Die Frist für dieses Angebot ist abgelaufen" in text(late)
    page = client.get(second)
    assert "Die Frist für dieses Angebot ist am 16. März 2026 abgelaufen." in text(page) and 'name="antwort"' not in page.text
    answers = client.get("/api/v1/offers/answers?kommune=koeln", headers=admin()).json()
    assert answers["date"] == "2026-03-17"
    assert answers["answers"] == [{"offer": "PA-1-AAAA-0001", "answer": "accepted"},
                                  {"offer": "PA-1-AAAA-0002", "answer": "expired"}]


def test_an_unanswered_offer_expires_in_the_answers_without_anyone_opening_it(client: TestClient, koeln: Any,
                                                                              clock: Clock) -> None:
    offered(client, koeln)
    before = client.get("/api/v1/offers/answers?kommune=koeln", headers=admin()).json()
    assert before["answers"] == [] and before["open"] == [{"offer": "PA-1-AAAA-0001", "deadline": "2026-03-16"}]
    clock.now = datetime(2026, 3, 17, 8, 0, tzinfo=UTC)
    after = client.get("/api/v1/offers/answers?kommune=koeln&round=1", headers=admin()).json()
    assert after["answers"] == [{"offer": "PA-1-AAAA-0001", "answer": "expired"}] and after["open"] == []


# --- the contract ----------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    return " ".join(subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
                    .stdout.decode().split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_accepting_makes_the_contract_and_the_parents_consent_to_exactly_it(client: TestClient, koeln: Any,
                                                                            clock: Clock) -> None:
    path = offered(client, koeln)
    assert answer(client, path).status_code == 303
    page = client.get(path)
    shown = text(page)
    assert "Sie haben den Platz angenommen." in shown and "Ihr Betreuungsvertrag" in shown
    pdf = client.get(path + "/contract.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith('attachment; filename="betreuungsvertrag-PA-1-AAAA-0001.pdf"')
    document = pdf_text(pdf.content)
    for expected in ("Betreuungsvertrag", "Mia Beispiel", "Familienzentrum Lichtblick", "1. August 2026",
                     "Wochenstunden 35", "PA-1-AAAA-0001", "Beispieltext", "online geschlossen"):
        assert expected in document, expected
    sha256 = hashlib.sha256(pdf.content).hexdigest()
    assert f'name="sha256" value="{sha256}"' in page.text and sha256 in shown

    unticked = client.post(path + "/consent", data={"_lang": "de", "sha256": sha256}, follow_redirects=False)
    assert unticked.status_code == 422 and "Bitte bestätigen Sie" in text(unticked)
    other = client.post(path + "/consent", data={"_lang": "de", "sha256": "0" * 64, "zustimmung": "true"})
    assert other.status_code == 409 and "Der Vertrag hat sich geändert" in text(other)
    clock.now = datetime(2026, 3, 6, 14, 30, tzinfo=UTC)
    done = client.post(path + "/consent", data={"_lang": "de", "sha256": sha256, "zustimmung": "true"},
                       follow_redirects=False)
    assert done.status_code == 303
    assert "Sie haben den Vertrag abgeschlossen." in text(client.get(path))
    assert client.post(path + "/consent", data={"_lang": "de", "sha256": sha256, "zustimmung": "true"}).status_code == 409

    kept = client.get("/api/v1/offers/PA-1-AAAA-0001", headers=admin()).json()
    contract = kept["contract"]
    assert kept["status"] == "accepted" and contract["status"] == "consented" and contract["sha256"] == sha256
    assert contract["consent"] == {
        "format": "kitaforms-consent/1", "at": "2026-03-06T14:30:00.000Z", "offer": "PA-1-AAAA-0001",
        "reference": kept["reference"], "document": {"sha256": sha256, "size": len(pdf.content)}, "lang": "de",
        "statement": "Ich habe den Betreuungsvertrag gelesen und schließe ihn verbindlich ab."}
    office = client.get("/api/v1/offers/PA-1-AAAA-0001/contract.pdf", headers=admin())
    assert office.status_code == 200 and office.content == pdf.content, "the back office gets the same bytes"


def test_a_traeger_that_wants_a_handwritten_signature_gets_no_online_consent(client: TestClient, koeln: Any) -> None:
    path = offered(client, koeln, facility="k-kita-02")  # Evangelische Kirchengemeinde: signed by hand (sample)
    answer(client, path)
    page = client.get(path)
    assert "Dieser Vertrag muss handschriftlich unterschrieben werden." in text(page)
    assert 'name="zustimmung"' not in page.text
    sha256 = hashlib.sha256(client.get(path + "/contract.pdf").content).hexdigest()
    refused = client.post(path + "/consent", data={"_lang": "de", "sha256": sha256, "zustimmung": "true"})
    assert refused.status_code == 409
    contract = client.get("/api/v1/offers/PA-1-AAAA-0001", headers=admin()).json()["contract"]
    assert contract["status"] == "awaiting_signature" and contract["signature"] == "handwritten"
    assert contract["template"]["id"] == "traeger:Evangelische Kirchengemeinde" and contract["consent"] is None


def test_without_contract_templates_the_offer_is_accepted_and_the_contract_follows(
        koeln: Any, tmp_path: Path, clock: Clock) -> None:
    with make_client(koeln, tmp_path, clock, project=None) as client:
        path = offered(client, koeln)
        assert answer(client, path).status_code == 303
        assert "Ihren Betreuungsvertrag bereitet das Jugendamt vor." in text(client.get(path))
        assert client.get(path + "/contract.pdf").status_code == 404
        office = client.get("/api/v1/offers/PA-1-AAAA-0001/contract.pdf", headers=admin())
        assert office.status_code == 503 and office.json()["type"] == "urn:kitaforms:problem:contracts-unavailable"
    with make_client(koeln, tmp_path, clock) as client:  # the same store, now with vertrag.yaml: made when asked
        assert client.get(path + "/contract.pdf").status_code == 200


def test_a_contract_of_an_offer_not_accepted_is_refused(client: TestClient, koeln: Any) -> None:
    offered(client, koeln)
    response = client.get("/api/v1/offers/PA-1-AAAA-0001/contract.pdf", headers=admin())
    assert response.status_code == 409 and response.json()["type"] == "urn:kitaforms:problem:not-accepted"


# --- the next round --------------------------------------------------------------------------------


def test_a_later_round_holds_the_open_offers_of_earlier_ones(client: TestClient, koeln: Any) -> None:
    first, second = register(client, koeln), register(client, koeln)
    load(client, round_document(("PA-1-AAAA-0001", first, "k-kita-01"), ("PA-1-AAAA-0002", second, "k-kita-03")))
    later = round_document(("PA-2-AAAA-0003", register(client, koeln), "k-kita-01"), round_no=2, deadline="2026-03-30",
                           standing=[{"id": "PA-1-AAAA-0001", "status": "open"}],
                           withdrawn=[{"reference": second, "offer": "PA-1-AAAA-0002", "status": "declined"}])
    body = load(client, later).json()
    assert body["held"] == ["PA-1-AAAA-0001"] and body["closed"] == {"PA-1-AAAA-0002": "declined"}
    answers = client.get("/api/v1/offers/answers?kommune=koeln", headers=admin()).json()
    assert answers["round"] == 2 and answers["answers"] == []
    assert [o["offer"] for o in answers["open"]] == ["PA-1-AAAA-0001", "PA-2-AAAA-0003"]
    listed = client.get("/api/v1/offers?kommune=koeln&status=declined", headers=admin()).json()["offers"]
    assert [o["id"] for o in listed] == ["PA-1-AAAA-0002"]


def test_the_access_log_names_an_offer_link_without_its_secret() -> None:
    import logging

    from kitaforms.serve.offers import _HideOfferLinks

    secret = "A" * 43
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "POST", f"/offers/{secret}/consent", "1.1", 303), None)
    assert _HideOfferLinks().filter(record)
    assert secret not in record.getMessage() and "/offers/…/consent" in record.getMessage()
