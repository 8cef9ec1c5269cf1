"""The Zuständigkeitsfinder in a real browser against the real server: from "Wo wohnen Sie?" to a Kommune's
form, by postcode and by town, with and without JavaScript; its states checked with axe, at 320 px and 200 %,
and by the Nu Html Checker.

The site: Köln (a kreisfreie Stadt), Kreis Soest (a Kreisjugendamt; which of its towns have their own Jugendamt
is sample data) and Münster, built from ``forms/`` as ``kitaforms build`` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _browser import axe_violations, vnu_errors
from _cases import compiled
from _fill import layout_problems
from _site import ROOT, Server, Site
from playwright.sync_api import expect

KOMMUNEN = ["koeln", "kreis_soest", "muenster"]
FORM = "Anmeldung für einen Betreuungsplatz"
DOCUMENTS: dict[str, str] = {}  # every state's DOM, for the Nu Html Checker at the end of this file


@pytest.fixture(scope="module")
def finder_site() -> Iterator[Server]:
    site = Site()
    site.add_project(compiled(ROOT), KOMMUNEN)
    with Server(site) as running:
        yield running


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def visitor(request: pytest.FixtureRequest, context: Any, nojs_context: Any) -> Any:
    page = (context if request.param else nojs_context).new_page()
    page.kf_js = request.param  # type: ignore[attr-defined]
    return page


def ask(page: Any, base: str, where: str) -> None:
    page.goto(f"{base}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Wo wohnen Sie?"
    page.get_by_label("Postleitzahl oder Wohnort").fill(where)
    page.get_by_role("button", name="Jugendamt finden").click()
    page.wait_for_load_state()


def onward_to_the_form(page: Any, kommune: str, name: str) -> None:
    page.get_by_role("link", name=f"Weiter zu den Anträgen: {name}").click()
    assert page.url.endswith(f"/{kommune}/")
    page.get_by_role("link", name=FORM).click()
    assert re.search(rf"/{kommune}/anmeldung/(index\.html)?$", page.url), page.url
    assert page.get_by_role("heading", level=1).first.inner_text() == FORM


@pytest.mark.parametrize(("where", "kommune", "name", "responsible"), [
    ("50667", "koeln", "Stadt Köln", "Stadt Köln – Amt für Kinder, Jugend und Familie (Jugendamt)"),
    ("Köln", "koeln", "Stadt Köln", "Stadt Köln – Amt für Kinder, Jugend und Familie (Jugendamt)"),
    ("Werl", "kreis_soest", "Kreis Soest", "Kreis Soest – Jugendamt (Kreisjugendamt)"),
    ("59609", "kreis_soest", "Kreis Soest", "Kreis Soest – Jugendamt (Kreisjugendamt)"),  # Anröchte
    ("Wickede", "kreis_soest", "Kreis Soest", "Kreis Soest – Jugendamt (Kreisjugendamt)"),  # Wickede (Ruhr)
    ("48143", "muenster", "Stadt Münster", None),
])
def test_from_the_finder_to_the_kommune_s_form(finder_site: Server, visitor: Any, where: str, kommune: str, name: str,
                                                responsible: str | None) -> None:
    ask(visitor, finder_site.url, where)
    heading = visitor.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Zuständig ist: ") and (responsible is None or heading == f"Zuständig ist: {responsible}")
    if kommune == "kreis_soest":
        assert "Dessen Jugendamt (Kreisjugendamt) ist für 12 Städte und Gemeinden im Kreis zuständig." in visitor.inner_text("main")
        assert "Beispieldaten: Welche Städte im Kreis Soest ein eigenes Jugendamt haben, ist nicht geprüft." in visitor.inner_text("main")
    onward_to_the_form(visitor, kommune, name)
    if visitor.kf_js:
        visitor.locator("html.kf-js").wait_for(state="attached")


def test_a_shared_postcode_asks_for_the_town(finder_site: Server, visitor: Any) -> None:
    ask(visitor, finder_site.url, "51467")
    question = visitor.get_by_role("group", name=re.compile("In welchem Ort wohnen Sie?"))
    assert [r.get_attribute("value") for r in question.get_by_role("radio").all()] == ["Bergisch Gladbach", "Köln"]
    question.get_by_label("Köln").check()
    visitor.get_by_role("button", name="Weiter").click()
    visitor.wait_for_load_state()
    onward_to_the_form(visitor, "koeln", "Stadt Köln")


def test_a_town_with_its_own_jugendamt_outside_the_portal(finder_site: Server, visitor: Any) -> None:
    ask(visitor, finder_site.url, "Lippstadt")
    main = visitor.inner_text("main")
    assert visitor.get_by_role("heading", level=1).inner_text() == "Zuständig ist: Jugendamt der Stadt Lippstadt"
    assert "Lippstadt gehört zum Kreis Soest, hat aber ein eigenes Jugendamt." in main
    assert "Dieses Jugendamt ist nicht auf diesem Portal." in main
    assert visitor.get_by_role("link", name=re.compile("^Weiter zu den Anträgen")).count() == 0


def test_an_error_is_summarised_and_focused(finder_site: Server, visitor: Any) -> None:
    ask(visitor, finder_site.url, "12")
    assert visitor.title().startswith("Fehler: Wo wohnen Sie?")
    summary = visitor.locator(".kf-error-summary")
    assert summary.get_attribute("role") == "alert"
    expect(summary).to_be_focused()  # autofocus: a screen reader reads the problem first
    summary.get_by_role("link", name=re.compile("Postleitzahl mit 5 Ziffern")).click()
    assert visitor.url.endswith("?wo=12#wo"), "the summary leads to the field"
    field = visitor.get_by_label("Postleitzahl oder Wohnort")
    assert field.input_value() == "12" and field.get_attribute("aria-invalid") == "true", "what was typed stays, marked"
    assert "Geben Sie eine Postleitzahl mit 5 Ziffern" in field.evaluate(
        "e => e.getAttribute('aria-describedby').split(' ').map(id => document.getElementById(id).textContent).join(' ')")


STATES = [("empty", ""), ("error", "?wo=12"), ("answered", "?wo=Werl"), ("choose", "?wo=51467"),
          ("own", "?wo=Lippstadt"), ("unknown", "?wo=Wehrl"), ("english", "en/?wo=K%C3%B6ln")]


@pytest.mark.parametrize(("state", "query"), STATES, ids=[s for s, _ in STATES])
def test_every_state_is_accessible(finder_site: Server, page: Any, axe_source: str, html_log: dict[str, str],
                                   state: str, query: str) -> None:
    page.goto(f"{finder_site.url}/{query}")
    assert axe_violations(page, axe_source) == []
    assert layout_problems(page) == [], "reflows at 320 px and takes 200 % text"
    assert page.evaluate("window.__kf.csp") == [], "nothing the Content-Security-Policy forbids"
    DOCUMENTS[f"finder {state}"] = html_log[f"finder {state}"] = page.content()


def test_the_finder_pages_are_valid_html(tmp_path: Path) -> None:
    if len(DOCUMENTS) < len(STATES):
        pytest.skip("run with the state tests")
    assert vnu_errors(DOCUMENTS, tmp_path) == []
