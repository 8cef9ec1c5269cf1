"""The wish list at real scale (Köln: 712 generated sample places), in a real browser against the real server.

With JavaScript the catalogue is loaded when the wish list is shown, never with the first view, and the list
offers only places that fit the child; without JavaScript a search posts the page and the server answers with
selects that offer only what fits. A place that does not fit is refused saying why (issue 15, defect 1). Every
state passes axe, reflows at 320 px, takes 200 % text and is valid HTML.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from _browser import axe_on_html, axe_violations, vnu_errors
from _fill import Direct, Filler, _leave, button, current_step, layout_problems
from _site import Server, Site
from playwright.sync_api import expect

from kitaforms.model.walk import walk

KEY = "koeln/anmeldung"
WISHES = "wuensche_schritt"
CHOICES = {"anmeldungstyp": "neu", "vermittlung": False, "umfang_kita": "35"}
DOCUMENTS: dict[str, str] = {}


@pytest.fixture()
def koeln(site: Site) -> Any:
    if KEY not in site.forms:
        pytest.skip("Köln's forms are not part of the browser site")
    return site.forms[KEY]


def catalogue(resolved: Any) -> dict[str, Any]:
    return {f.id: f for f in resolved.facilities.facilities}


def set_date(page: Any, path: str, *parts: int) -> None:
    """Type a date (day, month, year) or a month (month, year) into its inputs."""
    ids = [f"#f-{path}", f"#f-{path}--month", f"#f-{path}--year"] if len(parts) == 3 else [f"#f-{path}", f"#f-{path}--year"]
    for selector, value in zip(ids, parts, strict=True):
        page.locator(selector).fill(str(value))


def answer_up_to_the_wishes(page: Any, resolved: Any, care: str, birth: date, start: tuple[int, int],
                            js: bool = True, typed: dict[str, str] | None = None, **more: Any) -> Filler:
    """Every step before the wish list (or, without JavaScript, every section before it) for a child born on
    ``birth`` who starts in ``start`` (month, year)."""
    filler = Filler(page, resolved, Direct(page), choices={**CHOICES, "betreuungsart": care, **more}, js=js)
    for step in resolved.form.steps:
        if js and current_step(page) == WISHES or not js and step.id == WISHES:
            return filler
        filler.fill_step(step)
        if step.id == "kind_angaben":
            set_date(page, "kind-geburtsdatum", birth.day, birth.month, birth.year)
        if step.id == "betreuung":
            set_date(page, "beginn", *start)
            for selector, text in (typed or {}).items():
                page.locator(selector).fill(text)
        if js:
            _leave(filler, step, "Weiter")
    raise AssertionError("never reached the wish list")


def offered_codes(page: Any) -> list[str]:
    return page.locator(".kf-results button[data-kf-code]").evaluate_all("bs => bs.map(b => b.dataset.kfCode)")


def audit(page: Any, axe_source: str, name: str, html_log: dict[str, str]) -> None:
    assert axe_violations(page, axe_source) == [], name
    assert layout_problems(page) == [], name
    DOCUMENTS[name] = html_log[name] = page.content()


def test_a_three_year_old_is_offered_only_kitas_that_fit(server: Server, page: Any, koeln: Any, axe_source: str,
                                                        html_log: dict[str, str]) -> None:
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(f"{server.url}/{KEY}/")
    page.locator("html.kf-js").wait_for(state="attached")
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if u.endswith("einrichtungen.json")], "the catalogue is not part of the first view"
    answer_up_to_the_wishes(page, koeln, "kita", date(2023, 5, 14), (8, 2026))  # 3 years 2 months on 1 August 2026
    group = page.get_by_role("group", name="Wunscheinrichtungen", exact=True)
    found = group.locator(".kf-found")
    expect(found).to_contain_text("Einrichtungen gefunden. Passend für: Kindertageseinrichtung (Kita), 3 Jahre und 2 Monate alt zum Beginn, 35 Stunden pro Woche.")
    assert [u.rsplit("/", 1)[1] for u in loaded if u.endswith("einrichtungen.json")] == ["einrichtungen.json"], "loaded once, when shown"
    audit(page, axe_source, "wishes (JS) filled: the places that fit", html_log)
    places = catalogue(koeln)
    codes = offered_codes(page)
    assert len(codes) == 20, "the first 20, the parent narrows the search"
    for code in codes:
        place = places[code]
        assert place.care_types == ["kita"], f"{place.name}: no Hort, OGS or Tagespflege"
        assert place.age_from_months <= 38 < place.age_to_months, f"{place.name}: in its age range"
        assert min(place.weekly_hours) <= 35 <= max(place.weekly_hours)
    assert "Hort" not in " ".join(group.locator(".kf-result__name").all_inner_texts())
    search = group.get_by_role("searchbox", name="Einrichtung suchen")
    search.fill("Sülz")
    search.press("Enter")
    expect(page.locator("#kf-status")).to_contain_text("gefunden")
    assert all(places[c].district == "Sülz" or "sülz" in places[c].name.casefold() for c in offered_codes(page))
    search.fill("")
    group.get_by_label("Träger", exact=True).select_option("Städtischer Träger")
    expect(found).not_to_contain_text("470 ")
    chosen = offered_codes(page)
    assert chosen and all(places[c].traeger == "Städtischer Träger" for c in chosen)
    name = places[chosen[0]].name
    button(page, f"Hinzufügen {name}").click()
    assert group.locator(".kf-picks .kf-pick__name").all_inner_texts() == [f"1. {name}"]
    assert page.evaluate("window.__kf.csp") == [] and not page.kf_errors


def test_a_babys_list_offers_only_childminders_and_kitas_for_babies(server: Server, page: Any, koeln: Any) -> None:
    page.goto(f"{server.url}/{KEY}/")
    page.locator("html.kf-js").wait_for(state="attached")
    times = {"#f-tagespflege_zeiten-0-von": "07:30", "#f-tagespflege_zeiten-0-bis": "15:00", "#f-tagespflege_stunden": "32"}
    answer_up_to_the_wishes(page, koeln, "tagespflege", date(2025, 12, 1), (8, 2026), typed=times)  # 8 months at the start
    expect(page.locator(".kf-found")).to_contain_text("Kindertagespflege, 8 Monate alt zum Beginn, 32 Stunden pro Woche")
    places = catalogue(koeln)
    codes = offered_codes(page)
    assert codes and all(places[c].care_types == ["tagespflege"] and places[c].age_from_months <= 8 < places[c].age_to_months
                         and min(places[c].weekly_hours) <= 32 <= max(places[c].weekly_hours) for c in codes)


def step_to(page: Any, target: str, label: str) -> None:
    for _ in range(15):
        if current_step(page) == target:
            return
        button(page, label).click()
    raise AssertionError(f"never reached {target}")


def test_a_place_that_no_longer_fits_is_refused_saying_why(server: Server, page: Any, koeln: Any, axe_source: str,
                                                          html_log: dict[str, str]) -> None:
    page.goto(f"{server.url}/{KEY}/")
    page.locator("html.kf-js").wait_for(state="attached")
    filler = answer_up_to_the_wishes(page, koeln, "kita", date(2023, 5, 14), (8, 2026))
    group = page.get_by_role("group", name="Wunscheinrichtungen", exact=True)
    expect(group.locator(".kf-found")).to_contain_text("gefunden")
    audit(page, axe_source, "wishes (JS) empty", html_log)
    search = group.get_by_role("searchbox", name="Einrichtung suchen")
    search.fill("Lichtblick")  # Familienzentrum Lichtblick: 45 hours only, so not offered for 35
    search.press("Enter")
    expect(group.locator(".kf-found")).to_contain_text("0 Einrichtungen gefunden")
    step_to(page, "betreuung", "Zurück")
    page.get_by_role("radio", name="45 Stunden pro Woche").check()
    step_to(page, WISHES, "Weiter")
    search.fill("Lichtblick")
    search.press("Enter")
    button(page, "Hinzufügen Familienzentrum Lichtblick").click()
    step_to(page, "betreuung", "Zurück")  # the parent changes the hours after choosing
    page.get_by_role("radio", name="35 Stunden pro Woche").check()
    step_to(page, WISHES, "Weiter")
    filler.fill_step(next(s for s in koeln.form.steps if s.id == WISHES), only={"andere_einrichtung_moeglich"})
    button(page, "Weiter").click()
    assert current_step(page) == WISHES, "the place no longer fits: the step stays"
    summary = page.locator(".kf-error-summary")
    expect(summary).to_contain_text("„Familienzentrum Lichtblick“ bietet 45 Stunden pro Woche an, nicht 35.")
    assert "ist nicht zulässig" not in summary.inner_text()
    audit(page, axe_source, "wishes (JS) error: a place that does not fit", html_log)


def plain_page(nojs_context: Any) -> Any:
    return nojs_context.new_page()


def test_without_javascript_the_server_searches(server: Server, nojs_context: Any, koeln: Any, static_page: Any,
                                                axe_source: str, html_log: dict[str, str]) -> None:
    page = plain_page(nojs_context)
    page.goto(f"{server.url}/{KEY}/")
    group = page.get_by_role("group", name="Wunscheinrichtungen", exact=True)
    first = group.get_by_role("combobox", name=re.compile(r"^1\. Wunsch"))
    assert first.locator("option").count() == 1, "700 places are not in every select: nothing before a search"
    html = page.content()
    assert axe_on_html(static_page, f"{server.url}/{KEY}/", html, axe_source) == []
    DOCUMENTS["wishes (no JS) empty"] = html_log["wishes (no JS) empty"] = html
    answer_up_to_the_wishes(page, koeln, "kita", date(2023, 5, 14), (8, 2026), js=False)
    with page.expect_navigation():
        group.get_by_role("button", name="Passende Einrichtungen suchen").click()
    assert page.url.endswith("/koeln/anmeldung/submit#q-wuensche") and not page.title().startswith("Fehler")
    assert page.locator("#f-kind-geburtsdatum--year").input_value() == "2023", "the answers stay"
    expect(group).to_contain_text("passende Einrichtungen für: Kindertageseinrichtung (Kita), 3 Jahre und 2 Monate alt zum Beginn, 35 Stunden pro Woche.")
    places = catalogue(koeln)
    codes = first.locator("option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert len(codes) == 50
    assert all(places[c].care_types == ["kita"] and places[c].age_from_months <= 38 < places[c].age_to_months for c in codes)
    html = page.content()
    assert axe_on_html(static_page, f"{server.url}/{KEY}/", html, axe_source) == []
    assert layout_problems(static_page) == []
    DOCUMENTS["wishes (no JS) filled: the search's result"] = html_log["wishes (no JS) filled: the search's result"] = html
    group.get_by_label(re.compile("^Stadtteil, Postleitzahl oder Name")).fill("50937")
    with page.expect_navigation():
        group.get_by_role("button", name="Passende Einrichtungen suchen").click()
    codes = first.locator("option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert codes and all(places[c].address.postal_code == "50937" for c in codes)


def test_without_javascript_a_place_that_does_not_fit_is_refused_saying_why(server: Server, nojs_context: Any, koeln: Any,
                                                                          static_page: Any, axe_source: str,
                                                                          html_log: dict[str, str]) -> None:
    page = plain_page(nojs_context)
    page.goto(f"{server.url}/{KEY}/")
    filler = answer_up_to_the_wishes(page, koeln, "kita", date(2023, 5, 14), (8, 2026), js=False, umfang_kita="45")
    group = page.get_by_role("group", name="Wunscheinrichtungen", exact=True)
    group.get_by_label(re.compile("^Stadtteil, Postleitzahl oder Name")).fill("Lichtblick")
    with page.expect_navigation():
        group.get_by_role("button", name="Passende Einrichtungen suchen").click()
    group.get_by_role("combobox", name=re.compile(r"^1\. Wunsch")).select_option("k-kita-01")  # 45 hours only
    page.get_by_role("radio", name="35 Stunden pro Woche").check()  # then the parent asks for 35 hours
    steps = [step.id for step in koeln.form.steps]
    files = {p.name for p in walk(koeln.form) if p.element.type == "file"}  # the browser does not keep chosen files
    for step in koeln.form.steps:
        if steps.index(step.id) > steps.index(WISHES):
            filler.fill_step(step)
        else:
            filler.fill_step(step, only=files if step.id != WISHES else {"andere_einrichtung_moeglich"})
    with page.expect_navigation():
        page.get_by_role("button", name="Anmeldung absenden").click()
    assert page.title().startswith("Fehler: ")
    summary = page.locator(".kf-error-summary")
    expect(summary).to_contain_text("„Familienzentrum Lichtblick“ bietet 45 Stunden pro Woche an, nicht 35.")
    assert "ist nicht zulässig" not in summary.inner_text()
    assert page.locator("#f-wuensche--error").text_content().endswith("oder einen anderen Betreuungsumfang."), "at the field too"
    html = page.content()
    assert axe_on_html(static_page, f"{server.url}/{KEY}/", html, axe_source) == []
    DOCUMENTS["wishes (no JS) error"] = html_log["wishes (no JS) error"] = html


def test_the_search_page_filters_on_the_server_with_get(server: Server, nojs_context: Any, koeln: Any, static_page: Any,
                                                     axe_source: str, html_log: dict[str, str]) -> None:
    page = plain_page(nojs_context)
    url = f"{server.url}/koeln/einrichtungen/"

    def check(state: str) -> None:
        html = page.content()
        assert axe_on_html(static_page, url, html, axe_source) == [], state
        assert layout_problems(static_page) == [], state
        DOCUMENTS[f"search page {state}"] = html_log[f"search page {state}"] = html

    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text() == "Einrichtungen suchen"
    check("empty")
    page.get_by_role("button", name="Einrichtungen suchen").click()
    page.wait_for_load_state()
    assert page.title().startswith("Fehler: ")
    check("error")
    page.get_by_label("Kindertageseinrichtung (Kita)").check()
    born = page.get_by_role("group", name="Wann ist Ihr Kind geboren?")
    born.get_by_label("Monat").fill("5")
    born.get_by_label("Jahr").fill("2023")
    start = page.get_by_role("group", name="Ab wann brauchen Sie den Platz?")
    start.get_by_label("Monat").fill("8")
    start.get_by_label("Jahr").fill("2026")
    page.get_by_label(re.compile("^Wie viele Stunden pro Woche?")).fill("35")
    page.get_by_label(re.compile("^Stadtteil, Postleitzahl oder Name")).fill("Ehrenfeld")
    page.get_by_role("button", name="Einrichtungen suchen").click()
    page.wait_for_load_state()
    assert "art=kita" in page.url and "wo=Ehrenfeld" in page.url, "a GET form: the search is a link"
    names = page.locator(".kf-result__name").all_inner_texts()
    places = {f.name: f for f in catalogue(koeln).values()}
    assert names and all(places[n].care_types == ["kita"] and places[n].age_from_months <= 39 for n in names)
    assert all(places[n].age_to_months > 38 for n in names), "no place the child has outgrown"
    check("filled")


def test_the_wish_list_pages_are_valid_html(tmp_path: Path) -> None:
    if len(DOCUMENTS) < 9:
        pytest.skip("run with the other tests of this file")
    assert vnu_errors(DOCUMENTS, tmp_path) == []
