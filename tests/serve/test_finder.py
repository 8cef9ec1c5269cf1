"""The Zuständigkeitsfinder: postcode or town → the responsible Jugendamt, at ``GET /?wo=…`` without JavaScript.

The lookup is tested on small declarations; the page on the shipped Kommunen Köln (a kreisfreie Stadt) and Kreis
Soest (a Kreisjugendamt whose towns with their own Jugendamt are sample data).
"""

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
from kitaforms.serve.finder import CHOOSE, ELSEWHERE, EMPTY, INVALID, MISSING, OWN, SERVED, UNKNOWN, Finder

ROOT = Path(__file__).resolve().parents[2]


def declaration(kommune: str, name: str, towns: list[tuple[str, list[str]]], **more: object) -> dict[str, object]:
    return {"kommune": {"id": kommune, "name": name, "ags": "05999000", "jugendamt": f"Jugendamt {name}"},
            "quelle": "Testdaten", "beispieldaten": False,
            "gemeinden": [{"ags": f"05999{i:03d}", "name": t, "postleitzahlen": codes} for i, (t, codes) in enumerate(towns)],
            **more}


KREIS = declaration("kreis", "Kreis Muster", [("Werl", ["59457"]), ("Ense", ["59469"]), ("Wickede (Ruhr)", ["58739"])],
                    eigene_jugendaemter=[{"ags": "05999100", "name": "Lippstadt", "postleitzahlen": ["59555", "59556"],
                                          "jugendamt": "Jugendamt der Stadt Lippstadt"},
                                         {"ags": "05999104", "name": "Großstadt", "postleitzahlen": ["59000"],
                                          "jugendamt": "Jugendamt Großstadt", "kommune": "grossstadt"}],
                    beispieldaten=True, hinweis={"de": "Beispieldaten: nicht geprüft.", "en": "Sample data."})
STADT = declaration("koeln", "Stadt Köln", [("Köln", ["50667", "51467"])],
                    nachbarorte=[{"name": "Bergisch Gladbach", "postleitzahlen": ["51467"]}])
GROSS = declaration("grossstadt", "Großstadt", [("Großstadt", ["59000"])])


@pytest.fixture(scope="module")
def finder() -> Finder:
    return Finder([KREIS, STADT, GROSS])


@pytest.mark.parametrize(("query", "kind", "town", "kommune"), [
    ("50667", SERVED, "Köln", "koeln"),
    ("Köln", SERVED, "Köln", "koeln"),
    ("koeln", SERVED, "Köln", "koeln"),  # "oe" for "ö"
    ("  KÖLN ", SERVED, "Köln", "koeln"),
    ("59457", SERVED, "Werl", "kreis"),
    ("Wickede", SERVED, "Wickede (Ruhr)", "kreis"),  # the name's first word
    ("59555", OWN, "Lippstadt", "kreis"),
    ("Lippstadt", OWN, "Lippstadt", "kreis"),
    ("Bergisch Gladbach", ELSEWHERE, "Bergisch Gladbach", "koeln"),
    ("59000", SERVED, "Großstadt", "grossstadt"),  # its own Kommune's word beats the Kreis' mention
])
def test_lookup(finder: Finder, query: str, kind: str, town: str, kommune: str) -> None:
    answer = finder.lookup(query)
    assert (answer.kind, answer.town.name if answer.town else None, answer.town.area.kommune if answer.town else None) == (
        kind, town, kommune)


def test_a_postcode_of_several_towns_asks_for_the_town(finder: Finder) -> None:
    answer = finder.lookup("51467")
    assert answer.kind == CHOOSE and [t.name for t in answer.choices] == ["Bergisch Gladbach", "Köln"]
    chosen = finder.lookup("51467", "Köln")
    assert chosen.kind == SERVED and chosen.town.name == "Köln" and chosen.code == "51467"
    assert finder.lookup("51467", "Bergisch Gladbach").kind == ELSEWHERE


def test_a_kreis_counts_its_towns_and_says_when_it_is_sample_data(finder: Finder) -> None:
    area = finder.lookup("Werl").town.area
    assert (area.towns, area.sample, area.note["de"]) == (3, True, "Beispieldaten: nicht geprüft.")
    assert finder.lookup("Köln").town.area.sample is False


@pytest.mark.parametrize(("query", "kind", "suggestions"), [
    ("", MISSING, []), ("   ", MISSING, []), ("12", INVALID, []), ("<script>", INVALID, []), ("99999", UNKNOWN, []),
    ("Kölm", UNKNOWN, ["Köln"]), ("Entenhausen", UNKNOWN, []),
])
def test_nothing_to_find(finder: Finder, query: str, kind: str, suggestions: list[str]) -> None:
    answer = finder.lookup(query)
    assert (answer.kind, answer.suggestions) == (kind, suggestions)
    assert finder.lookup(None).kind == EMPTY, "nothing asked"


# --- the page, on the shipped Köln and Kreis Soest ------------------------------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    result = compile_project(ROOT, ["koeln", "kreis_soest"])
    files = {str(path): content for kommune, forms in kommune_forms(result)
             for path, content in kommune_files(kommune, forms, result.satzungen, "https://x.example")}
    settings = Settings(db=tmp_path_factory.mktemp("finder") / "db.sqlite3", admin_token="t" * 32)
    with TestClient(create_app(load_catalogue(files), settings)) as test_client:
        yield test_client


def heading(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()  # type: ignore[union-attr]


def onward(html: str) -> list[str]:
    return re.findall(r'class="kf-button kf-button--start" href="([^"]+)"', html)


def test_the_entry_page_asks_where_the_parent_lives(client: TestClient) -> None:
    page = client.get("/").text
    assert heading(page) == "Wo wohnen Sie?"
    assert '<label class="kf-label" for="wo">Postleitzahl oder Wohnort</label>' in page
    assert '<form class="kf-finder" method="get" action="/">' in page
    assert 'href="/assets/kitaforms.css"' in page and "<script" not in page, "styled like the rest, no JavaScript"
    assert 'href="/koeln/"' in page and 'href="/kreis_soest/"' in page, "every Jugendamt on the portal is listed"
    assert client.get("/assets/kitaforms.css").headers["content-type"].startswith("text/css")


@pytest.mark.parametrize(("query", "title", "link", "sample"), [
    ("50667", "Zuständig ist: Stadt Köln – Amt für Kinder, Jugend und Familie (Jugendamt)", ["/koeln/"], False),
    ("Köln", "Zuständig ist: Stadt Köln – Amt für Kinder, Jugend und Familie (Jugendamt)", ["/koeln/"], False),
    ("Werl", "Zuständig ist: Kreis Soest – Jugendamt (Kreisjugendamt)", ["/kreis_soest/"], True),
    ("59609", "Zuständig ist: Kreis Soest – Jugendamt (Kreisjugendamt)", ["/kreis_soest/"], True),  # Anröchte
    ("Lippstadt", "Zuständig ist: Jugendamt der Stadt Lippstadt", [], True),
    ("Bergisch Gladbach", "Für Bergisch Gladbach ist kein Jugendamt auf diesem Portal zuständig", [], False),
])
def test_the_answer(client: TestClient, query: str, title: str, link: list[str], sample: bool) -> None:
    page = client.get("/", params={"wo": query}).text
    assert heading(page) == title
    assert onward(page) == link
    assert ("Welche Städte im Kreis Soest ein eigenes Jugendamt haben, ist nicht geprüft" in page) == sample


def test_a_kreis_says_how_many_towns_it_serves(client: TestClient) -> None:
    page = client.get("/", params={"wo": "Werl"}).text
    assert "Werl liegt im Kreis Soest. Dessen Jugendamt (Kreisjugendamt) ist für 12 Städte und Gemeinden im Kreis zuständig." in page


def test_a_town_with_its_own_jugendamt_not_on_the_portal(client: TestClient) -> None:
    page = client.get("/", params={"wo": "59557"}).text
    assert "Lippstadt gehört zum Kreis Soest, hat aber ein eigenes Jugendamt." in page
    assert "Dieses Jugendamt ist nicht auf diesem Portal." in page
    assert "@" not in page.split("<main", 1)[1].split("</main>")[0], "no contact details the portal does not have"


def test_a_shared_postcode_asks_for_the_town_then_answers(client: TestClient) -> None:
    page = client.get("/", params={"wo": "51467"}).text
    assert heading(page) == "In welchem Ort wohnen Sie?"
    assert re.findall(r'name="ort" value="([^"]+)"', page) == ["Bergisch Gladbach", "Köln"]
    assert '<input type="hidden" name="wo" value="51467">' in page
    answered = client.get("/", params={"wo": "51467", "ort": "Köln"}).text
    assert onward(answered) == ["/koeln/"]


@pytest.mark.parametrize(("query", "error"), [
    ("", "Geben Sie Ihre Postleitzahl oder Ihren Wohnort ein."),
    ("12", "Geben Sie eine Postleitzahl mit 5 Ziffern oder den Namen Ihres Wohnorts ein, zum Beispiel 50667 oder Werl."),
])
def test_errors_follow_the_error_summary_pattern(client: TestClient, query: str, error: str) -> None:
    page = client.get("/", params={"wo": query}).text
    assert re.search(r"<title>Fehler: Wo wohnen Sie\?", page)
    assert f'<li><a href="#wo">{error}</a></li>' in page
    assert 'aria-describedby="wo-hint wo-error" aria-invalid="true"' in page


def test_what_the_parent_typed_is_escaped(client: TestClient) -> None:
    page = client.get("/", params={"wo": "Köln<script>alert(1)</script>"}).text
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_unknown_town_with_a_suggestion(client: TestClient) -> None:
    page = client.get("/", params={"wo": "Wehrl"}).text
    assert heading(page) == "Für „Wehrl“ kennt dieses Portal kein Jugendamt"
    assert '<a href="/?wo=Werl">Werl</a>' in page


def test_in_english(client: TestClient) -> None:
    page = client.get("/en/", params={"wo": "Werl"}).text
    assert '<html lang="en"' in page and heading(page) == "Responsible: Kreis Soest – Jugendamt (Kreisjugendamt)"
    assert onward(page) == ["/kreis_soest/en/"]
    assert "Sample data: which towns in the Kreis Soest have their own youth welfare office has not been checked." in page
    assert 'href="/?wo=Werl" hreflang="de"' in page, "the language switch keeps the question"
