"""The wish list's search on the real server: without JavaScript its button posts the page, which comes back
with the places that fit (nothing is stored); a place that does not fit is refused saying why."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kitaforms.compiler import compile_project
from kitaforms.export.bundle import kommune_files, kommune_forms
from kitaforms.serve.app import Settings, create_app
from kitaforms.serve.catalogue import load_catalogue

from .conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = [("betreuungsart", "kita"), ("kind.geburtsdatum.day", "14"), ("kind.geburtsdatum.month", "5"),
           ("kind.geburtsdatum.year", "2023"), ("beginn.month", "8"), ("beginn.year", "2026"), ("umfang_kita", "35")]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    result = compile_project(ROOT, ["koeln"])
    files = {str(path): content for kommune, forms in kommune_forms(result)
             for path, content in kommune_files(kommune, forms, result.satzungen, "https://x.example")}
    settings = Settings(db=tmp_path_factory.mktemp("wishes") / "db.sqlite3", admin_token="t" * 32, today=lambda: TODAY)
    with TestClient(create_app(load_catalogue(files), settings)) as test_client:
        yield test_client


def options(html: str) -> list[str]:
    body = re.search(r'<select class="kf-select" id="f-wuensche" name="wuensche\.0\.code"[^>]*>(.*?)</select>', html, re.S)
    assert body is not None
    return [v for v in re.findall(r'<option value="([^"]*)"', body.group(1)) if v]


def test_the_search_button_answers_with_the_page_not_a_submission(client: TestClient) -> None:
    sent = client.post("/koeln/anmeldung/submit", data=dict([*ANSWERS, ("_suche.wuensche", "Ehrenfeld"),
                                                             ("_traeger.wuensche", ""), ("_suchen", "wuensche")]))
    assert sent.status_code == 200 and not sent.text.count("<title>Fehler")
    offered = options(sent.text)
    assert offered and all(code.startswith("k-kita") for code in offered)
    assert "passende Einrichtungen für: Kindertageseinrichtung (Kita), 3 Jahre und 2 Monate alt zum Beginn" in sent.text
    assert 'value="Ehrenfeld"' in sent.text and 'value="14"' in sent.text, "the search and the answers stay"
    stored = client.get("/api/admin/submissions", headers={"authorization": "Bearer " + "t" * 32}).json()["submissions"]
    assert stored == [], "nothing stored"


def test_an_unfitting_place_is_refused_saying_why(client: TestClient) -> None:
    sent = client.post("/koeln/anmeldung/submit", data=dict([*ANSWERS, ("wuensche.0.code", "k-hort-01")]))
    assert sent.status_code == 422
    assert "„Hort Kunterbunt“ passt nicht zur gewählten Betreuungsart „Kindertageseinrichtung (Kita)“." in sent.text
    assert "Die Auswahl bei „Wunscheinrichtungen“ ist nicht zulässig." not in sent.text
    assert options(sent.text)[0] == "k-hort-01", "the pick stays, with the places that fit after it"
    assert all(code.startswith("k-kita") for code in options(sent.text)[1:])


def test_json_submissions_get_the_same_precise_error(client: TestClient) -> None:
    data = {"betreuungsart": "kita", "kind": {"geburtsdatum": "2023-05-14"}, "beginn": "2026-08", "umfang_kita": "35",
            "wuensche": [{"code": "k-kita-01", "reasons": []}]}
    sent = client.post("/koeln/anmeldung/submit", json=data)
    assert sent.status_code == 422
    [error] = [e for e in sent.json()["errors"] if e["path"] == "wuensche"]
    assert error["code"] == "facility_hours" and error["message"]["en"].startswith("“Familienzentrum Lichtblick” offers 45 hours")


CHILD = {"art": "kita", "geboren_monat": "5", "geboren_jahr": "2023", "beginn_monat": "8", "beginn_jahr": "2026",
         "stunden": "35"}


def results(html: str) -> list[str]:
    return re.findall(r'<h3 class="kf-result__name">([^<]+)</h3>', html)


def test_the_search_page_filters_on_the_server_with_get(client: TestClient) -> None:
    assert client.get("/koeln/einrichtungen", follow_redirects=False).headers["location"] == "/koeln/einrichtungen/"
    empty = client.get("/koeln/einrichtungen/").text
    assert '<form class="kf-facility-search" method="get" action="./">' in empty and results(empty) == []
    assert "Beispieldaten: Die Einrichtungen in dieser Liste sind erfunden." in empty
    page = client.get("/koeln/einrichtungen/", params={**CHILD, "wo": "Sülz"}).text
    names = results(page)
    assert names and re.search(r"<h2 id=\"kf-found-title\">\d+ passende Einrichtungen</h2>", page)
    assert not [n for n in names if n.startswith(("Hort", "OGS", "Großtagespflege", "Kindertagespflege"))]
    assert "Passend für: Kindertageseinrichtung (Kita), 3 Jahre und 2 Monate alt zum Beginn, 35 Stunden pro Woche." in page
    assert 'href="../anmeldung/"' in page, "on to the registration"
    everything = results(client.get("/koeln/einrichtungen/", params=CHILD).text)
    assert len(everything) == 50 and "Gezeigt werden die ersten 50." in client.get("/koeln/einrichtungen/", params=CHILD).text


def test_the_search_page_s_errors(client: TestClient) -> None:
    page = client.get("/koeln/einrichtungen/", params={"art": "ponyhof", "geboren_monat": "13", "stunden": "viele"}).text
    assert "<title>Fehler: Einrichtungen suchen – Stadt Köln" in page
    assert re.findall(r'<li><a href="#([^"]+)">', page) == ["f-art", "f-geboren", "f-beginn", "f-stunden"]
    assert results(page) == []
    assert 'value="viele"' in page, "what was typed stays"


def test_the_finder_leads_to_the_search(client: TestClient) -> None:
    page = client.get("/", params={"wo": "50667"}).text
    assert '<a href="/koeln/einrichtungen/">Passende Kitas und Tagespflege in der Nähe suchen</a>' in page
