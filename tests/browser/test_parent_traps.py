"""Issue 15 in Chromium: the traps a parent in Köln met, each walked as the parent did, by accessible names.

- an error summary that keeps an error the parent already put right, and "Fehler:" in the title (defect 4);
- answers lost on a reload or a language switch, or kept without being asked; leaving without a warning
  (defect 6 and item 3: kept only after "Auf diesem Gerät merken", deleted when sent or unticked);
- an IBAN of another SEPA country refused, a non-SEPA one explained (defect 2);
- a jumping step count, a step that asks nothing, a past start date with a contradictory warning, a missing
  file asked for with "Bitte füllen Sie … aus", the browser's English on the file input, headings broken
  mid-word at 320 px, two buttons with the same name (defect 8). Headings are checked in this Chromium, which
  has no hyphenation dictionaries: there they must fit whole; labels rely on ``hyphens: auto`` with the
  page's ``lang``, which browsers with German hyphenation apply (not checked here).
The server side of the same defects: ``tests/render/test_parent_traps.py``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from _cases import REAL, real_kommunen
from _fill import Direct, Filler, button, current_step, walk_assistant
from _site import TODAY, Server, Site
from playwright.sync_api import expect
from test_a11y import CHOICES, submit_label
from test_features import go_to, open_form

pytestmark = pytest.mark.skipif(not real_kommunen(), reason="the real forms are not there yet")


def real(form: str) -> str:
    return next(k for k in REAL if k.endswith("/" + form))


def stored_keys(page: Any) -> list[str]:
    return page.evaluate("() => Object.keys(localStorage)")


# --- defect 4: the error summary follows the corrections -------------------------------------------------

def test_a_corrected_answer_leaves_the_error_summary_and_the_title(site: Site, server: Server, page: Any) -> None:
    key = real("anmeldung")
    open_form(page, server.url, key)
    filler = go_to(page, site, "kind_angaben", key)
    filler.fill_step(next(s for s in site.forms[key].form.steps if s.id == "kind_angaben"))
    child = page.get_by_role("region", name="Ihr Kind", exact=True).get_by_role("group", name="Angaben zum Kind")
    birth = child.get_by_role("group", name="Geburtsdatum")
    surname = child.get_by_role("textbox", name="Familienname")
    surname.fill("")
    birth.get_by_role("textbox", name="Tag", exact=True).fill("31")
    birth.get_by_role("textbox", name="Monat", exact=True).fill("2")
    button(page, "Weiter").click()

    summary = page.locator(".kf-error-summary")
    assert [re.sub(r"„.*“", "„…“", t) for t in summary.get_by_role("link").all_inner_texts()] == [
        "Bitte füllen Sie „…“ aus.", "„…“ muss ein gültiges Datum sein, z. B. 27.03.2024."]
    assert page.title().startswith("Fehler: ")

    birth.get_by_role("textbox", name="Tag", exact=True).fill("28")  # the date is right now
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_text("Bitte füllen Sie „Familienname“ aus.")
    expect(page.locator("#f-kind-geburtsdatum--error")).to_have_count(0)
    assert birth.evaluate("g => g.getAttribute('aria-describedby') || ''").find("--error") < 0
    assert page.title().startswith("Fehler: "), "one error is left"

    surname.fill("Yılmaz")
    expect(page.locator("#kf-summary")).to_be_empty()
    expect(page).not_to_have_title(re.compile("^Fehler"))
    assert surname.get_attribute("aria-invalid") is None
    surname.fill("")  # a new mistake is not shown while typing, only on "Weiter"
    page.wait_for_timeout(100)
    expect(page.locator("#kf-summary")).to_be_empty()
    button(page, "Weiter").click()
    expect(summary.get_by_role("link")).to_have_text(["Bitte füllen Sie „Familienname“ aus."])


# --- defect 8: a past start date, one message ------------------------------------------------------------

def test_a_past_start_date_gets_one_message_not_also_a_warning(site: Site, server: Server, page: Any) -> None:
    key = real("anmeldung")
    open_form(page, server.url, key)
    go_to(page, site, "betreuung", key)
    start = page.get_by_role("group", name="Ab wann brauchen Sie den Platz?")
    start.get_by_role("textbox", name="Monat", exact=True).fill(str(TODAY.month))
    start.get_by_role("textbox", name="Jahr", exact=True).fill(str(TODAY.year - 1))
    button(page, "Weiter").click()
    box = page.locator("#q-beginn")
    expect(box.locator(".kf-error")).to_have_text(["Fehler: Der Beginn liegt in der Vergangenheit."])
    expect(box.locator(".kf-warning")).to_have_count(0)
    soon = TODAY + timedelta(days=62)
    start.get_by_role("textbox", name="Monat", exact=True).fill(str(soon.month))
    start.get_by_role("textbox", name="Jahr", exact=True).fill(str(soon.year))
    button(page, "Weiter").click()
    expect(box.locator(".kf-warning")).to_contain_text("weniger als 6 Monate")
    expect(box.locator(".kf-error")).to_have_count(0)


# --- defect 8: steady count, no empty step, distinct names, whole words at 320 px -------------------------

BROKEN_WORDS = """() => {
  const out = [];
  for (const e of document.querySelectorAll('h1, h2, h3, h4')) {
    if (e.closest('[hidden], template, .kf-vh') || !e.getClientRects().length) continue;
    const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const re = /[^\\s\\-\\/–]+/g;  // the pieces between the places a line may break
      for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const tops = new Set(Array.from(r.getClientRects()).filter((x) => x.width > 0).map((x) => Math.round(x.top)));
        if (tops.size > 1) out.push(m[0]);
      }
    }
  }
  return out;
}"""
SAME_NAMES = """() => {
  const seen = {}, out = [];
  for (const b of document.querySelectorAll('button, a[href]')) {
    if (b.closest('[hidden], template, .kf-footer, .kf-header') || !b.getClientRects().length) continue;
    const name = (b.getAttribute('aria-label') || b.textContent).replace(/\\s+/g, ' ').trim();
    if (b.localName === 'button' && seen[name]) out.push(name);
    seen[name] = 1;
  }
  return out;
}"""


@pytest.mark.parametrize(("form", "lang"), [("anmeldung", "de"), ("einkommen", "de"), ("beitragsbefreiung", "en")])
def test_the_walk_counts_steadily_asks_on_every_step_and_breaks_no_word(
    form: str, lang: str, site: Site, server: Server, page: Any
) -> None:
    key = real(form)
    resolved = site.forms[key]
    open_form(page, server.url, key, "en/" if lang == "en" else "")
    progress: list[tuple[str, str]] = []
    problems: list[str] = []

    def look(state: str, step: str) -> None:
        if state == "empty" or state == "review":
            progress.append((step, page.locator("#kf-progress").inner_text()))
        if state != "filled":
            return
        problems.extend(f"{step}: two buttons named {n!r}" for n in page.evaluate(SAME_NAMES))
        size = page.viewport_size
        page.set_viewport_size({"width": 320, "height": 800})
        problems.extend(f"{step} at 320 px: {w!r} broken mid-word" for w in page.evaluate(BROKEN_WORDS))
        page.set_viewport_size(size)

    walk_assistant(Filler(page, resolved, Direct(page), lang=lang, choices=CHOICES), look, error_states=False)
    assert not problems, "\n".join(problems)
    word = "Schritt" if lang == "de" else "Step"
    numbers = [re.fullmatch(word + r" (\d+) (?:von|of) (\d+)", text) for _, text in progress]
    assert all(numbers), progress
    totals = {int(m.group(2)) for m in numbers if m}
    assert totals == {len(resolved.form.steps) + 1}, f"the total never changes: {progress}"
    shown = [int(m.group(1)) for m in numbers if m]
    assert shown == sorted(set(shown)) and shown[-1] == len(resolved.form.steps) + 1, progress
    assert "abschluss" not in [step for step, _ in progress], "no near-empty Zusammenfassung before the review"


# --- defect 8: a missing file, and the file control in the page's language --------------------------------

@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_file_is_asked_for_and_chosen_in_the_pages_language(lang: str, site: Site, server: Server, page: Any) -> None:
    key = "musterstadt/einkommen"  # nachweis: one PDF, required
    open_form(page, server.url, key, "en/" if lang == "en" else "")
    filler = Filler(page, site.forms[key], Direct(page), lang=lang, choices=CHOICES)
    steps = {s.id: s for s in site.forms[key].form.steps}
    while current_step(page) != "nachweise":
        filler.fill_step(steps[current_step(page)])
        button(page, "Weiter" if lang == "de" else "Continue").click()
    upload = page.get_by_label("Einkommensnachweis" if lang == "de" else "Proof of income")
    box = page.locator("#q-nachweis")
    choose, none = ("Datei auswählen", "Keine Datei ausgewählt") if lang == "de" else ("Choose file", "No file chosen")
    expect(box.locator(".kf-file-pick__button")).to_have_text(choose)
    expect(box.locator(".kf-file-pick__chosen")).to_have_text(none)
    described = upload.evaluate("i => i.getAttribute('aria-describedby').split(' ').map(id => document.getElementById(id).textContent)")
    assert none in described, "a screen reader hears what is chosen, in the page's language"
    button(page, "Weiter" if lang == "de" else "Continue").click()
    expected = ("Bitte wählen Sie bei „Einkommensnachweis“ eine Datei aus." if lang == "de"
                else "Please choose a file for “Proof of income”.")
    expect(page.locator(".kf-error-summary").get_by_role("link")).to_have_text([expected])
    upload.focus()
    assert page.evaluate("document.activeElement.type") == "file", "the native input stays the control"
    assert box.locator(".kf-file-pick__button").evaluate("b => getComputedStyle(b).backgroundColor") != \
        box.locator(".kf-file-pick__chosen").evaluate("c => getComputedStyle(c.closest('.kf-q')).backgroundColor"), \
        "the focused control shows it"
    upload.set_input_files([{"name": "bescheid.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}])
    expect(box.locator(".kf-file-pick__chosen")).to_have_text("bescheid.pdf")
    expect(page.locator("#kf-summary")).to_be_empty()


# --- defect 6 and item 3: kept only when the parent chooses, asked before leaving --------------------------

def test_nothing_is_kept_unasked_and_leaving_asks_first(site: Site, server: Server, context: Any) -> None:
    page = context.new_page()
    key = real("anmeldung")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.accept()))
    open_form(page, server.url, key)
    go_to(page, site, "kind_angaben", key)
    page.get_by_role("textbox", name="Vorname(n)").fill("Mia")
    page.wait_for_timeout(400)
    assert stored_keys(page) == [], "nothing stored without the tick"
    page.reload()
    assert dialogs == ["beforeunload"], "leaving with unsaved answers asks first"
    page.locator("html.kf-js").wait_for(state="attached")
    assert current_step(page) == "art" and stored_keys(page) == []
    dialogs.clear()
    page.reload()  # nothing typed since: nothing to lose, no question
    assert dialogs == []


def test_answers_stay_on_this_device_after_the_tick_until_sent(site: Site, server: Server, context: Any) -> None:
    page = context.new_page()
    key = real("einkommen")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    open_form(page, server.url, key)
    filler = go_to(page, site, "kinder_schritt", key)
    remember = page.get_by_role("checkbox", name="Auf diesem Gerät merken")
    expect(remember).not_to_be_checked()
    remember.check()
    expect(page.locator("#kf-status")).to_have_text("Ihre Angaben werden auf diesem Gerät gemerkt.")
    entry = page.get_by_role("region", name="Kinder in Betreuung", exact=True).get_by_role("group", name="Kind 1", exact=True)
    entry.get_by_role("textbox", name="Vorname").fill("Mia")
    page.wait_for_timeout(400)
    assert stored_keys(page) == [f"kitaforms:{key}"]

    page.reload()  # kept: no question, the same step, the same answers
    page.locator("html.kf-js").wait_for(state="attached")
    assert dialogs == [] and current_step(page) == "kinder_schritt"
    expect(entry.get_by_role("textbox", name="Vorname")).to_have_value("Mia")
    expect(page.get_by_role("checkbox", name="Auf diesem Gerät merken")).to_be_checked()
    expect(page.locator("#kf-status")).to_have_text("Ihre auf diesem Gerät gemerkten Angaben sind wieder da.")

    page.get_by_role("link", name="English").click()  # the language switch keeps them too, without asking
    page.wait_for_url("**/en/index.html")
    page.locator("html.kf-js").wait_for(state="attached")
    assert dialogs == [] and current_step(page) == "kinder_schritt"
    expect(page.get_by_role("region", name="Children in care", exact=True).get_by_role("group", name="Child 1", exact=True)
           .get_by_role("textbox", name="First name")).to_have_value("Mia")
    page.get_by_role("checkbox", name="Remember on this device").uncheck()
    assert stored_keys(page) == [], "untick: deleted at once"
    page.get_by_role("checkbox", name="Remember on this device").check()

    filler = Filler(page, site.forms[key], Direct(page), lang="en", choices=CHOICES)
    filler.fill_step(next(s for s in site.forms[key].form.steps if s.id == "kinder_schritt"))
    walk_assistant(filler, error_states=False)
    assert stored_keys(page) == [f"kitaforms:{key}"]
    button(page, submit_label("einkommen", "en")).click()
    page.locator(".kf-panel").wait_for()
    server.received(page, key)
    assert stored_keys(page) == [], "sent: nothing stays on the device"


# --- defect 2: a SEPA IBAN as printed on the card; one from outside SEPA explained --------------------------

def test_an_iban_from_outside_the_sepa_area_is_explained_at_its_step(site: Site, server: Server, page: Any) -> None:
    key = real("einkommen")
    open_form(page, server.url, key)
    go_to(page, site, "zahlung", key)
    step = page.get_by_role("region", name=re.compile("^Zahlung per Lastschrift"))
    step.get_by_role("radio", name="Ja").check()
    step.get_by_role("textbox", name="Kontoinhaberin oder Kontoinhaber").fill("Ioana Popescu")
    iban = step.get_by_role("textbox", name="IBAN")
    expect(step.get_by_text("Leerzeichen", exact=False)).to_be_visible()  # the hint says spaces are fine
    step.get_by_role("checkbox", name=re.compile("SEPA-Lastschriftmandat")).check()
    iban.fill("TR33 0006 1005 1978 6457 8413 26")
    button(page, "Weiter").click()
    expect(page.locator("#f-iban--error")).to_have_text("Fehler: „IBAN“ ist keine gültige IBAN eines Kontos im SEPA-Raum. "
                                                        "Bitte prüfen Sie die Eingabe.")
    iban.fill("NL91\u00a0ABNA\u00a00417\u00a01643\u00a000")  # copied from online banking, with no-break spaces
    button(page, "Weiter").click()
    assert current_step(page) == "erklaerungen"
