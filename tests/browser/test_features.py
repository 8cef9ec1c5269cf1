"""The assistant's behaviour, one pattern at a time (JavaScript on, demo Kommune Musterstadt)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from _cases import real_kommunen
from _fill import Direct, Filler, _leave, button, current_step, walk_assistant
from _site import Server, Site
from playwright.sync_api import expect
from test_a11y import CHOICES

FORM = "musterstadt/anmeldung"


def open_form(page: Any, base: str, key: str = FORM, lang: str = "") -> None:
    page.goto(f"{base}/{key}/{lang}")
    page.locator("html.kf-js").wait_for(state="attached")


def step(page: Any) -> Any:
    return page.locator(".kf-step:not([hidden])")


def go_to(page: Any, site: Site, target: str, key: str = FORM) -> Filler:
    """Fill the steps before ``target`` (directly, not by keyboard)."""
    filler = Filler(page, site.forms[key], Direct(page), choices=CHOICES)
    steps = {s.id: s for s in site.forms[key].form.steps}
    for _ in range(len(steps)):
        if current_step(page) == target:
            return filler
        here = steps[current_step(page)]
        filler.fill_step(here)
        _leave(filler, here, "Weiter")
    raise AssertionError(f"never reached {target}")


def test_while_the_runtime_loads_only_the_first_step_shows_and_without_it_every_step(base: str, page: Any) -> None:
    held: list[Any] = []
    page.route("**/assets/kitaforms.js", lambda route: held.append(route))
    page.goto(f"{base}/{FORM}/", wait_until="commit")
    page.locator("#step-kind_step").wait_for(state="attached")
    page.wait_for_function("() => document.readyState === 'interactive' || document.readyState === 'complete'")
    assert page.evaluate("document.readyState") == "interactive", "the deferred runtime holds DOMContentLoaded"
    shown_without_javascript = step(page).count()
    assert shown_without_javascript > 5 and page.locator(".kf-step:visible").count() == 1, "the first step alone"
    assert page.locator(".kf-step:visible h2").inner_text() == "Art der Betreuung"
    for route in held:
        route.abort()  # the runtime never comes: the page works as without JavaScript
    page.wait_for_function("() => document.readyState === 'complete'")
    assert page.locator(".kf-step:visible").count() == shown_without_javascript, "every step, as without JavaScript"
    expect(page.get_by_role("button", name="Anmeldung absenden").last).to_be_visible()


def test_step_change_moves_focus_sets_title_and_progress(base: str, page: Any) -> None:
    open_form(page, base)
    assert page.title().startswith("Schritt 1 von 8: Art der Betreuung – ")
    assert page.locator("#kf-progress").inner_text() == "Schritt 1 von 8"
    step(page).get_by_label("Kindertageseinrichtung (Kita)").check()
    step(page).get_by_label("Art der Anmeldung").select_option("neu")
    button(page, "Weiter").click()
    assert page.evaluate("document.activeElement.id") == "step-kind_step-title"
    assert page.title().startswith("Schritt 2 von 8: Ihr Kind – ")
    page.wait_for_url("**#kind_step")  # the history entry is written right after the step is shown
    page.go_back()
    assert current_step(page) == "angebot", "the browser's back button returns to the previous step"
    assert step(page).get_by_label("Art der Anmeldung").input_value() == "neu", "answers are kept"


IDLE = "() => new Promise((idle) => setTimeout(() => requestIdleCallback(idle, { timeout: 2000 }), 100))"


def landmarks_and_headings(page: Any) -> list[str]:
    """The names of the regions and headings in Chromium's own accessibility tree (what a screen reader is given)."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return [node["name"]["value"] for node in nodes
            if not node.get("ignored") and node.get("role", {}).get("value") in ("region", "heading")]


def test_a_step_laid_out_ahead_is_neither_heard_nor_reached_and_the_review_follows_the_last_answer(
        base: str, page: Any, site: Site) -> None:
    """While the parent reads, the page lays out the step "Weiter" leads to and builds the review ahead (it
    keeps them hidden with content-visibility, so the click costs little): a screen reader and the Tab key
    still meet the step on screen alone, and an answer given just before "Weiter" is on the review."""
    open_form(page, base)
    page.evaluate(IDLE)
    assert page.locator("#step-kind_step").evaluate("s => s.hidden && getComputedStyle(s).display") == "block", \
        "the next step is kept in the page, laid out"
    heard = landmarks_and_headings(page)
    assert "Art der Betreuung" in heard and "Ihr Kind" not in heard, heard
    focused = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        focused.add(page.evaluate("() => { const s = document.activeElement.closest('.kf-step'); return s ? s.id : ''; }"))
    assert focused <= {"", "step-angebot"}, focused
    go_to(page, site, "abschluss")
    page.evaluate(IDLE)
    assert page.locator("#kf-review-body").evaluate("b => b.closest('[hidden]') !== null && b.textContent !== ''"), \
        "the review is built ahead"
    assert "Angaben prüfen" not in landmarks_and_headings(page)
    declaration = step(page).get_by_label("Ich habe die Hinweise zum Datenschutz gelesen.")
    declaration.evaluate("box => { box.click(); document.getElementById('kf-next').click(); }")  # no pause between
    assert current_step(page) == "review"
    row = page.locator(".kf-answers__row", has=page.get_by_text("Ich habe die Hinweise zum Datenschutz gelesen."))
    expect(row.locator(".kf-answers__value")).to_have_text("Bestätigt")


def test_error_summary_links_to_each_field(base: str, page: Any) -> None:
    open_form(page, base)
    button(page, "Weiter").click()
    summary = page.locator(".kf-error-summary")
    expect(summary).to_be_focused()  # at once, or once the rest of the runtime is there (a click on a fresh page)
    assert summary.get_attribute("role") == "alert"
    assert page.title().startswith("Fehler: ")
    links = summary.get_by_role("link")
    assert links.count() == 2
    assert links.nth(0).inner_text() == "Bitte wählen Sie bei „Welche Betreuung suchen Sie?“ eine Antwort aus."
    links.nth(1).click()
    assert page.evaluate("document.activeElement.id") == "f-anmeldungstyp"
    select = page.locator("#f-anmeldungstyp")
    assert select.get_attribute("aria-invalid") == "true"
    assert "f-anmeldungstyp--error" in select.get_attribute("aria-describedby").split()
    error = page.locator("#f-anmeldungstyp--error")
    assert error.text_content() == "Fehler: Bitte wählen Sie bei „Art der Anmeldung“ eine Antwort aus."
    fieldset = page.locator("#q-betreuungsart fieldset")
    assert "f-betreuungsart--error" in fieldset.get_attribute("aria-describedby").split()


def test_conditional_question_is_revealed_right_after_its_question(base: str, page: Any) -> None:
    open_form(page, base)
    revealed = page.locator("#q-aktuelle_einrichtung")
    assert revealed.is_hidden()
    select = page.get_by_label("Art der Anmeldung")
    select.select_option("wechsel")
    expect(revealed).to_be_visible()
    assert select.evaluate("s => s.closest('.kf-q').nextElementSibling.id") == "q-aktuelle_einrichtung"
    select.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-aktuelle_einrichtung", "focus order follows the reveal"
    select.select_option("neu")
    expect(revealed).to_be_hidden()


def test_repeat_entries_are_added_removed_and_renumbered(base: str, page: Any, site: Site) -> None:
    open_form(page, base)
    go_to(page, site, "familie")
    add = button(page, "Geschwisterkind hinzufügen")
    for name in ("Anna", "Ben", "Clara"):
        add.click()
        entry = page.locator(".kf-entry").last
        assert page.evaluate("document.activeElement.name").endswith(".vorname"), "focus goes to the new entry"
        entry.get_by_label("Vorname").fill(name)
    assert page.locator("#f-anzahl_geschwister").inner_text() == "3"
    button(page, "Entfernen Geschwisterkind 2").click()
    legends = page.locator(".kf-entry > legend").all_inner_texts()
    assert legends == ["Geschwisterkind 1", "Geschwisterkind 2"]
    assert page.locator("[name='geschwister.1.vorname']").input_value() == "Clara"
    assert page.locator("#f-geschwister-1-geburtsdatum--year").count() == 1, "ids follow the new index"
    assert page.evaluate("document.activeElement.id") == "f-geschwister"
    assert page.locator("#f-anzahl_geschwister").inner_text() == "2"
    add.click()
    add.click()
    assert add.is_hidden(), "no add button once max_items (4) is reached"


def test_wishes_search_filter_rank_and_remove(base: str, page: Any, site: Site) -> None:
    open_form(page, base)
    go_to(page, site, "wuensche_step")  # Kita, child born 2022-03-05
    search = page.get_by_role("searchbox", name="Einrichtung suchen")
    search.fill("")
    search.press("Enter")  # perhaps before the catalogue is there: the count is announced once it is
    page.wait_for_function("() => /\\d+ Einrichtungen gefunden/.test(document.getElementById('kf-status').textContent)")
    names = page.locator(".kf-results .kf-result__name").all_inner_texts()
    assert "Kita Sonnenschein" in names
    assert "Tagespflege Müller" not in names, "filtered by the care type"
    assert "OGS Grundschule Nord" not in names
    assert "Kinderhaus Wichtel" not in names, "filtered by age (4–36 months)"
    for name in ("Kita Sonnenschein", "Kita Regenbogen", "Kita Sternschnuppe"):
        button(page, f"Hinzufügen {name}").click()
    assert page.locator(".kf-rank .kf-hint", has_text="so viele ausgewählt").is_visible(), "max 3 wishes"
    button(page, "Nach oben Kita Sternschnuppe").click()
    assert page.evaluate("document.activeElement.textContent") == "Nach oben Kita Sternschnuppe"
    button(page, "Nach oben Kita Sternschnuppe").click()
    picks = page.locator(".kf-picks .kf-pick__name").all_inner_texts()
    assert picks == ["1. Kita Sternschnuppe", "2. Kita Sonnenschein", "3. Kita Regenbogen"]
    assert page.evaluate("document.activeElement.textContent") == "Nach unten Kita Sternschnuppe", "focus stays on the moved wish"
    page.wait_for_function("() => document.getElementById('kf-status').textContent.includes('Stelle 1 von 3')")
    button(page, "Entfernen Kita Sonnenschein").click()
    assert page.locator(".kf-picks .kf-pick__name").all_inner_texts() == ["1. Kita Sternschnuppe", "2. Kita Regenbogen"]
    page.get_by_role("group", name="Gründe für „Kita Regenbogen“").get_by_label("Nähe zur Wohnung").check()
    button(page, "Weiter").click()
    button(page, "Weiter").click()
    assert current_step(page) == "abschluss"


def test_a_search_while_the_catalogue_loads_is_answered_once_it_is_there(base: str, page: Any, site: Site) -> None:
    held: list[Any] = []
    page.route("**/einrichtungen.json", lambda route: held.append(route))  # the catalogue is slow to come
    open_form(page, base)
    go_to(page, site, "wuensche_step")
    search = page.get_by_role("searchbox", name="Einrichtung suchen")
    search.fill("Sonnenschein")
    search.press("Enter")
    page.wait_for_function("() => document.getElementById('kf-status').textContent.includes('geladen')")
    assert held, "the catalogue was asked for when the wish list was shown"
    for route in held:
        route.continue_()
    page.wait_for_function("() => /1 Einrichtung gefunden/.test(document.getElementById('kf-status').textContent)")
    assert page.locator(".kf-results .kf-result__name").all_inner_texts() == ["Kita Sonnenschein"]


def test_file_type_and_size_are_checked_and_hashed(server: Server, page: Any, site: Site) -> None:
    key = "musterstadt/einkommen"
    open_form(page, server.url, key)
    go_to(page, site, "nachweise", key)
    upload = page.get_by_label("Einkommensnachweis")
    upload.set_input_files([{"name": "scan.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n"}])
    button(page, "Weiter").click()
    assert "nicht erlaubten Typ" in page.locator("#f-nachweis--error").inner_text()
    upload.set_input_files([{"name": "gross.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" + b"0" * (5 * 1048576)}])
    button(page, "Weiter").click()
    assert "größer als 5 MB" in page.locator("#f-nachweis--error").inner_text()
    content = b"%PDF-1.4\n% Einkommensteuerbescheid\ntrailer<<>>\n%%EOF\n"  # shaped like a PDF: the server looks
    upload.set_input_files([{"name": "bescheid.pdf", "mimeType": "application/pdf", "buffer": content}])
    button(page, "Weiter").click()
    assert current_step(page) == "abschluss"
    page.get_by_label("Meine Angaben sind vollständig und richtig.").check()
    button(page, "Weiter").click()
    button(page, "Einkommenserklärung absenden").click()
    page.locator(".kf-panel").wait_for()
    stored = server.received(page, key)
    assert stored["data"]["nachweis"] == {"name": "bescheid.pdf", "type": "application/pdf", "size": len(content),
                                          "sha256": hashlib.sha256(content).hexdigest()}
    # the file itself travelled with the answers and is stored
    assert server.file("musterstadt", stored["reference"], "nachweis") == content


def test_save_and_resume_with_a_file_only(base: str, page: Any, site: Site, context: Any) -> None:
    open_form(page, base)
    go_to(page, site, "eltern")
    with page.expect_download() as download:
        button(page, "Zwischenstand speichern").click()
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert saved["format"] == "kitaforms-resume" and saved["form"] == FORM and saved["step"] == "eltern"
    assert saved["data"]["kind"]["vorname"] == "Test"
    stored = page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""], "nothing is kept in the browser"
    fresh = context.new_page()
    open_form(fresh, base)
    fresh.get_by_label("Gespeicherten Zwischenstand öffnen").set_input_files(download.value.path())
    fresh.wait_for_function("() => document.querySelector('[data-kf-step=eltern]').hidden === false")
    fresh.get_by_role("button", name="Zurück").click()
    assert fresh.locator("#f-kind-vorname").input_value() == "Test"
    assert fresh.locator("#f-kind-geburtsdatum--year").input_value() == "2022"


def test_save_and_remember_are_there_before_the_rest_of_the_runtime(base: str, page: Any) -> None:
    """A screen reader reading the page fires no event that fetches the rest: "Später weitermachen" must be
    on the page all the same, and a press before the rest has come waits for it instead of doing nothing."""
    held: list[Any] = []
    page.route("**/assets/kitaforms-more.js", lambda route: held.append(route))
    open_form(page, base)
    expect(page.get_by_role("heading", name="Später weitermachen")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Auf diesem Gerät merken")).to_be_visible()
    expect(page.get_by_label("Gespeicherten Zwischenstand öffnen")).to_be_attached()
    assert not held, "nothing has fetched the rest of the runtime yet"
    page.get_by_role("checkbox", name="Auf diesem Gerät merken").check()  # before the rest: kept once it is there
    with page.expect_download() as download:
        button(page, "Zwischenstand speichern").click()
        page.wait_for_function("() => true")
        assert held, "the rest of the runtime is on its way (asked for at the first touch)"
        for route in held:
            route.continue_()
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert saved["format"] == "kitaforms-resume" and saved["form"] == FORM
    page.wait_for_function("() => localStorage.length === 1")
    remembered = json.loads(page.evaluate("localStorage.getItem('kitaforms:' + JSON.parse(document.getElementById('kf-data').textContent).form)"))
    assert remembered["format"] == "kitaforms-remember", "the early tick was kept"


def test_server_errors_are_shown_on_the_review_page(base: str, page: Any, site: Site) -> None:
    open_form(page, base)
    walk_assistant(Filler(page, site.forms[FORM], Direct(page), choices=CHOICES), error_states=False)
    problem = {"type": "about:blank", "title": "Fehler", "status": 422, "errors": [
        {"path": "kind.vorname", "code": "validation", "message": {"de": "Der Vorname ist dem Jugendamt unbekannt.", "en": "x"}}]}
    page.route("**/submit", lambda route: route.fulfill(status=422, content_type="application/problem+json", body=json.dumps(problem)))
    button(page, "Anmeldung absenden").click()
    link = page.locator(".kf-error-summary").get_by_role("link", name="Der Vorname ist dem Jugendamt unbekannt.")
    link.wait_for()
    assert current_step(page) == "review"
    link.click()
    assert current_step(page) == "kind_step"
    assert page.evaluate("document.activeElement.id") == "f-kind-vorname"
    assert page.locator("#f-kind-vorname--error").is_visible()


def test_a_retry_after_a_lost_answer_sends_the_same_idempotency_key(base: str, page: Any, site: Site) -> None:
    open_form(page, base)
    walk_assistant(Filler(page, site.forms[FORM], Direct(page), choices=CHOICES), error_states=False)
    keys: list[str | None] = []
    receipt = {"reference": "KF-TEST-0000-0001", "status": "received"}

    def lost_then_stored(route: Any) -> None:
        keys.append(route.request.headers.get("idempotency-key"))
        if len(keys) == 1:
            route.abort()  # the answer never reaches the browser
        else:
            route.fulfill(status=201, content_type="application/json", body=json.dumps(receipt))

    page.route("**/submit", lost_then_stored)
    button(page, "Anmeldung absenden").click()
    page.locator(".kf-error-summary").wait_for()
    button(page, "Anmeldung absenden").click()
    expect(page.get_by_text("KF-TEST-0000-0001")).to_be_visible()
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1], keys


def test_review_change_link_returns_to_the_review(base: str, page: Any, site: Site) -> None:
    open_form(page, base)
    walk_assistant(Filler(page, site.forms[FORM], Direct(page), choices=CHOICES), error_states=False)
    page.get_by_role("link", name="Ändern Nachname").first.click()
    assert current_step(page) == "kind_step"
    assert page.evaluate("document.activeElement.id") == "f-kind-nachname"
    page.locator("#f-kind-nachname").fill("Neu")
    button(page, "Weiter zur Übersicht").click()
    assert current_step(page) == "review"
    assert "Neu" in page.locator("#kf-review-body").inner_text()


def test_print_shows_the_summary_without_controls(base: str, page: Any, site: Site) -> None:
    open_form(page, base)
    walk_assistant(Filler(page, site.forms[FORM], Direct(page), choices=CHOICES), error_states=False)
    page.emulate_media(media="print")
    assert page.locator(".kf-print-sheet").is_visible()
    assert page.locator(".kf-header").is_hidden() and page.locator(".kf-footer").is_hidden()
    assert page.locator(".kf-actions").is_hidden() and page.locator("#kf-resume").is_hidden()
    assert page.locator("#kf-review-body .kf-answers__row").first.is_visible()
    assert page.locator(".kf-answers__action").first.is_hidden(), "no change links on paper"


def test_language_switch_and_lang_attributes(base: str, page: Any) -> None:
    open_form(page, base)
    assert page.locator("html").get_attribute("lang") == "de"
    english = page.get_by_role("link", name="English")
    assert english.get_attribute("lang") == "en" and english.get_attribute("hreflang") == "en"
    english.click()
    page.wait_for_url("**/en/index.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Continue").is_visible()
    assert page.title().startswith("Step 1 of 8: Type of care – ")
    page.goto(f"{base}/testhausen/en/")
    easy = page.locator(".kf-easy")
    assert easy.get_attribute("lang") is None and easy.get_by_role("heading").inner_text() == "Easy read", \
        "the easy-to-read block speaks the page's language (issue 15)"


def test_language_switch_warns_before_losing_answers(base: str, context: Any) -> None:
    page = context.new_page()
    messages: list[str] = []
    page.on("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    open_form(page, base)
    page.get_by_label("Kindertageseinrichtung (Kita)").check()
    page.get_by_role("link", name="English").click()
    assert messages and "Eingaben verloren" in messages[0]
    assert page.locator("html").get_attribute("lang") == "de", "staying when the citizen cancels"


@pytest.mark.parametrize("width", [320])
def test_wish_list_and_entries_reflow(base: str, page: Any, site: Site, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 700})
    open_form(page, base)
    go_to(page, site, "wuensche_step")
    page.get_by_role("searchbox", name="Einrichtung suchen").press("Enter")
    button(page, "Hinzufügen Kita Sonnenschein").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.skipif(not real_kommunen(), reason="the real forms and Satzungen are not there yet")
def test_live_fee_estimate_on_the_income_form(server: Server, page: Any, site: Site) -> None:
    key = f"{real_kommunen()[0]}/einkommen"
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    open_form(page, server.url, key)
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if u.endswith(("fees.js", ".json"))], "the evaluator and Satzung are not part of the first view"
    fee = page.locator("#kf-fee")
    walk_assistant(Filler(page, site.forms[key], Direct(page), choices=CHOICES), error_states=False)
    expect(fee).to_be_visible()
    expect(fee.locator(".kf-fee__amount")).to_contain_text("€")
    steps = fee.locator("ol li").all_inner_texts()
    assert steps and any("§" in s for s in steps), "the estimate explains itself, citing the Satzung"
    assert "unverbindlich" in fee.inner_text()
    assert [u.rsplit("/", 1)[1] for u in loaded if u.endswith(("fees.js", ".json")) and "/runtime-" not in u] == ["fees.js", "satzung-de.json"]
    button(page, "Einkommenserklärung absenden").click()
    page.locator(".kf-panel").wait_for()
    amounts = _money_answers(site.forms[key], server.received(page, key)["data"])
    assert amounts and all(isinstance(v, str) and re.fullmatch(r"[0-9]+\.[0-9]{2}", v) for v in amounts), amounts
    assert "1250.50" in amounts, "typed as 1250,50: sent as the decimal string, never as a float"


def _money_answers(resolved: Any, data: Any) -> list[Any]:
    """Every answer of a money field in a submission (through groups and repeat entries)."""
    found: list[Any] = []
    for name, placed in resolved.placed.items():
        if placed.element.type != "money":
            continue
        nodes = [data]
        for part in name.split("."):
            nodes = [entry for node in nodes for entry in (node if isinstance(node, list) else [node])]
            nodes = [node[part] for node in nodes if isinstance(node, dict) and part in node]
        found += nodes
    return found
