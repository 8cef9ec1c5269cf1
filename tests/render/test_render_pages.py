"""The page without JavaScript after a failed post, the receipt, and the Kommune's own pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from _fixtures import KOMMUNE
from _html import by_id, parse, text
from test_assistant import FORM

from kitaforms.render import render_kommune_pages, render_page_with_errors, render_receipt
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import FieldError, check_submission

TODAY = date(2026, 1, 15)


@pytest.fixture()
def resolved(compile_form: Callable[..., ResolvedForm]) -> ResolvedForm:
    return compile_form(FORM)


def error(path: str, text_de: str, severity: str = "error") -> FieldError:
    return FieldError(path, "x", {"de": text_de, "en": text_de + " (en)"}, severity)


DATA = {
    "person": {"vorname": "Ada", "geburtsdatum": "2024-02-31"},
    "farbe": "rot", "farben": ["blau"], "ja": True, "betrag": "1250.50", "monat": "2025-08",
    "kinder": [{"name": "Ben"}, {}],
    "wunsch": [{"code": "kita-b", "reasons": []}],
    "beleg": {"name": "alt.pdf", "type": "application/pdf", "size": 3, "sha256": "x"},
}


def test_error_page_summary_links_to_fields_in_order(resolved: ResolvedForm) -> None:
    errors = [error("rot_grund", "Bitte füllen Sie „Warum rot?“ aus."), error("person.geburtsdatum", "Kein echtes Datum."),
              error("kinder.1.name", "Bitte füllen Sie „Name“ aus."), error("unbekannt", "Gehört nicht dazu.")]
    page = parse(render_page_with_errors(resolved, "de", DATA, errors))
    assert text(page.find(".//title")).startswith("Fehler: Testformular")
    summary = page.find(".//div[@class='kf-error-summary']")
    assert summary.get("role") == "alert" and summary.get("tabindex") == "-1" and "autofocus" in summary.attrib
    items = [(text(li), li.find("a").get("href") if li.find("a") is not None else None) for li in summary.iter("li")]
    assert items == [
        ("Kein echtes Datum.", "#f-person-geburtsdatum"),
        ("Bitte füllen Sie „Warum rot?“ aus.", "#f-rot_grund"),
        ("Kind 2: Bitte füllen Sie „Name“ aus.", "#f-kinder-1-name"),
        ("Gehört nicht dazu.", None),
    ], "field order, entry named, the day input for a date, no link without a field"


def test_error_page_marks_fields_and_keeps_answers(resolved: ResolvedForm) -> None:
    errors = [error("person.geburtsdatum", "Kein echtes Datum."), error("betrag", "Prüfen Sie den Betrag.", "warning")]
    page = parse(render_page_with_errors(resolved, "de", DATA, errors))
    box = page.find(".//div[@id='q-person-geburtsdatum']")
    assert "kf-q--error" in box.get("class")
    assert text(by_id(page, "f-person-geburtsdatum--error")) == "Fehler: Kein echtes Datum."
    assert "f-person-geburtsdatum--error" in box.find("fieldset").get("aria-describedby")
    assert [i.get("value") for i in box.iter("input")] == ["31", "02", "2024"]
    assert all(i.get("aria-invalid") == "true" for i in box.iter("input"))
    assert text(by_id(page, "f-betrag--warning")) == "Hinweis: Prüfen Sie den Betrag."
    assert by_id(page, "f-betrag").get("value") == "1250,50"
    assert "checked" in by_id(page, "f-farbe").attrib and "checked" in by_id(page, "f-farben--o1").attrib
    assert "checked" in by_id(page, "f-ja").attrib
    assert by_id(page, "f-person-vorname").get("value") == "Ada"
    assert [o.get("value") for o in by_id(page, "f-wunsch").iter("option") if "selected" in o.attrib] == ["kita-b"]
    assert "alt.pdf" in text(page.find(".//p[@class='kf-previous']")), "the citizen is told to choose the file again"


def test_error_page_repeat_has_one_spare_entry(resolved: ResolvedForm) -> None:
    page = parse(render_page_with_errors(resolved, "de", DATA, []))
    entries = page.findall(".//section[@id='q-kinder']/div[@class='kf-entries']/fieldset")
    assert [e.get("id") for e in entries] == ["q-kinder-0", "q-kinder-1", "q-kinder-2"]
    assert ["data-kf-spare" in e.attrib for e in entries] == [False, False, True]
    assert by_id(page, "f-kinder-0-name").get("value") == "Ben"


def test_english_error_page_uses_english_messages(resolved: ResolvedForm) -> None:
    page = parse(render_page_with_errors(resolved, "en", DATA, [error("farbe", "Wählen Sie.")]))
    assert page.find(".//html").get("lang") == "en"
    assert text(page.find(".//title")).startswith("Error: Test form")
    assert text(by_id(page, "f-farbe--error")) == "Error: Wählen Sie. (en)"
    assert page.find(".//form").get("action") == "submit", "served at …/submit"


def test_receipt_lists_the_visible_answers(resolved: ResolvedForm) -> None:
    data = {**DATA, "person": {"vorname": "Ada", "geburtsdatum": "2024-03-05"}, "farbe": "blau", "rot_grund": "hidden"}
    assert "rot_grund" not in check_submission(resolved, data, TODAY).visible
    page = parse(render_receipt(resolved, "de", "KF-2026-0001", data, TODAY))
    assert text(page.find(".//h1")) == "Ihre Angaben sind eingegangen"
    assert text(page.find(".//*[@data-kf-reference]")) == "KF-2026-0001"
    rows = {text(r.find("dt")): text(r.find("dd")) for r in page.iter("div") if r.get("class") == "kf-answers__row"}
    assert rows["Geburtsdatum"] == "05.03.2024"
    assert rows["Betrag"] == "1.250,50 €"
    assert rows["Monat"] == "August 2025"
    assert rows["Farbe"] == "Blau" and rows["Einverstanden?"] == "Ja"
    assert rows["Kind 1: Name"] == "Ben"
    assert rows["PLZ"] == "Nicht angegeben"
    assert "Warum rot?" not in rows, "hidden answers are not shown"
    assert rows["Wünsche"] == "Kita B"
    english = parse(render_receipt(resolved, "en", "KF-1", data, TODAY))
    rows_en = {text(r.find("dt")): text(r.find("dd")) for r in english.iter("div") if r.get("class") == "kf-answers__row"}
    assert rows_en["Date of birth"] == "5 March 2024" and rows_en["Amount"] == "€1,250.50"


def kommune_pages(resolved: ResolvedForm) -> dict[str, Any]:
    return {name: parse(html) for name, html in render_kommune_pages(resolved.kommune, [resolved]).items() if name.endswith(".html")}


def test_start_page_lists_forms_with_leichte_sprache(resolved: ResolvedForm) -> None:
    pages = kommune_pages(resolved)
    assert sorted(pages) == ["barrierefreiheit.html", "en/barrierefreiheit.html", "en/index.html", "index.html"]
    link = pages["index.html"].find(".//li[@class='kf-card']//a")
    assert (link.get("href"), text(link)) == ("testform/index.html", "Testformular")
    assert pages["en/index.html"].find(".//li[@class='kf-card']//a").get("href") == "../testform/en/index.html"
    easy = pages["en/index.html"].find(".//section[@class='kf-easy']")
    assert easy.get("lang") is None and text(easy.find("h2")) == "Easy read", "in English on the English page (issue 15)"
    assert text(pages["index.html"].find(".//section[@class='kf-easy']/h2")) == "Leichte Sprache"


def test_accessibility_statement(resolved: ResolvedForm, compile_form: Callable[..., ResolvedForm]) -> None:
    page = kommune_pages(resolved)["barrierefreiheit.html"]
    body = text(page.find(".//main"))
    for fact in ("§ 10b", "BITVNRW", "EN 301 549", "teilweise vereinbar", "Gebärdensprache", "Selbstbewertung",
                 "Testformular 2.1.0", "Ombudsstelle für barrierefreie Informationstechnik", "Landesbeauftragten für Menschen mit Behinderung"):
        assert fact in body, fact
    assert page.find(".//a[@href='https://www.lbbp.nrw.de/ombudsstelle']") is not None
    assert page.find(".//main//a[@href='mailto:jugendamt@teststadt.example']") is not None, "feedback: the Jugendamt by default"
    own = compile_form(FORM, KOMMUNE + "barrierefreiheit: {name: Team Barrierefrei, email: barrierefrei@teststadt.example}\n")
    page = kommune_pages(own)["barrierefreiheit.html"]
    assert page.find(".//main//a[@href='mailto:barrierefrei@teststadt.example']") is not None
    assert page.find(".//footer//a[@href='mailto:barrierefrei@teststadt.example']") is not None, "reachable from every page"


def test_the_statement_says_when_it_was_reviewed(resolved: ResolvedForm, compile_form: Callable[..., ResolvedForm]) -> None:
    assert "zuletzt überprüft" not in text(kommune_pages(resolved)["barrierefreiheit.html"].find(".//main")), "no date, no sentence"
    dated = kommune_pages(compile_form(FORM, KOMMUNE + "barrierefreiheit_stand: 2026-03-05\n"))
    assert "am 5. März 2026 erstellt oder zuletzt überprüft" in text(dated["barrierefreiheit.html"].find(".//main"))
    assert "last reviewed on March 5, 2026" in text(dated["en/barrierefreiheit.html"].find(".//main"))


def test_every_page_links_the_statement_and_the_feedback_contact(resolved: ResolvedForm) -> None:
    from kitaforms.render import render_assistant

    assistant = parse(render_assistant(resolved)["en/index.html"])
    hrefs = [a.get("href") for a in assistant.find(".//footer").iter("a")]
    assert "../../en/barrierefreiheit.html" in hrefs and "mailto:jugendamt@teststadt.example" in hrefs
    receipt = parse(render_receipt(resolved, "de", "KF-1", {}, TODAY))
    assert "../barrierefreiheit.html" in [a.get("href") for a in receipt.find(".//footer").iter("a")]
