"""Twelve families walk from their Kommune's start page to the receipt, as parents do (issue 15).

Each journey starts at ``/<kommune>/``, opens the form by the link's accessible name, fills every
step by the fields' labels (three of them by keyboard alone), sends, and reads the receipt. On every
step, empty, with errors and filled, the traps parents met before are looked for, so that none
comes back unnoticed:

- the wish list offers only places that fit the child (care type, age at the start);
- an IBAN written in groups as on the bank card passes the step, the review and the server;
- the fee estimate stays empty until there is an income;
- no error summary or "Fehler:" title comes along to the next step, nor a "Fehler:" title without
  an error; picking places with the search's buttons, by mouse or (Münster's single father) by
  keyboard, corrects the wish list's error at once (other fields corrected in place:
  tests/browser/test_parent_traps.py);
- no promise the service does not keep (a contact "unten auf dieser Seite" that is not there, an
  e-mail confirmation that nothing sends);
- the step count does not jump while the parent walks on;
- no two buttons of a page share one accessible name; no browser-English file control on a German
  page; optional questions are marked one way only;
- a year is shown as 2026, not 2.026 or 2,026;
- leaving the page with unsaved answers asks first.

The receipt must name the reference the back office finds, the form, and every file sent.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import pytest
from _cases import real_kommunen
from _fill import Direct, Keyboard, button, current_step, walk_assistant
from _site import Server, Site
from test_a11y import submit_label
from test_round_trip import FAMILIES, GROUPED_YEAR, Family, Parent, pdf

pytestmark = pytest.mark.skipif(not real_kommunen(), reason="the real forms are not there yet")

FEE_WAIVER = [
    Family(
        "befreiung_buergergeld", "dortmund/beitragsbefreiung",
        choices={"antragsart": "erstantrag", "beitragsart": ["elternbeitrag"], "leistungen": ["buergergeld"]},
        files={"bescheid": [pdf("Bewilligungsbescheid Bürgergeld.pdf")]},
        skip={"aktenzeichen"},
        expect={"leistungen": ["buergergeld"]},
    ),
    Family(
        "befreiung_einkommen", "koeln/beitragsbefreiung",
        choices={"antragsart": "erstantrag", "beitragsart": ["elternbeitrag"], "leistungen": ["keine"]},
        skip={"aktenzeichen"},
        expect={"leistungen": ["keine"]},
    ),
]
KEYBOARD_ONLY = {"alleinerziehend", "kein_einkommen", "befreiung_buergergeld"}
JOURNEYS = [*FAMILIES, *FEE_WAIVER]

STEP_COUNT = re.compile(r"(?:Schritt|Step) \d+ (?:von|of) (\d+)")
BROKEN_PROMISES = ("per E-Mail eine Bestätigung", "Bestätigung per E-Mail", "confirmation by e-mail",
                   "confirmation e-mail")
POINTS_BELOW = ("unten auf dieser Seite", "below on this page")  # true only where the footer names the contact
BROWSER_ENGLISH = ("Choose File", "No file chosen", "Choose Files", "No file selected")


class Watch:
    """What the parent sees on each state of each step, checked against the traps of issue 15."""

    def __init__(self, page: Any, family: Family, resolved: Any) -> None:
        self.page = page
        self.family = family
        self.contact = resolved.kommune.datenschutz.name  # the data-protection officer's, in the footer
        self.wish_labels = [e.label.get(family.lang, e.label["de"]) for e in resolved.elements_of("ranked_choice")]
        self.totals: set[int] = set()
        self.problems: list[str] = []

    def __call__(self, state: str, step: str) -> None:
        page, where = self.page, f"{self.family.id} {step} ({state})"
        if state == "filled":  # the parent moves on from the last answer (its change is noticed on leaving it)
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50)))")  # what shows next
        text = page.locator("main").inner_text()
        self.totals.update(int(total) for total in STEP_COUNT.findall(text))
        summary = page.evaluate("""() => { const s = document.querySelector('.kf-error-summary');
            return s && !s.hidden && s.getClientRects().length ? s.innerText : ''; }""")
        error_title = page.title().startswith(("Fehler:", "Error:"))
        if state == "empty" and (summary or error_title):
            self.problems.append(f"{where}: the last step's errors come along: {summary or page.title()!r}")
        if state == "filled" and self.family.wishes and any(f"„{label}“" in summary or f"“{label}”" in summary for label in self.wish_labels):
            self.problems.append(f"{where}: the wish list's error stays after places were picked: {summary!r}")
        if error_title and not summary:
            self.problems.append(f"{where}: the title says 'Fehler:' but no error is shown")
        self.problems += [f"{where}: promises {p!r}" for p in BROKEN_PROMISES if p in text]
        if any(p in text for p in POINTS_BELOW) and self.contact not in page.locator("footer").inner_text():
            self.problems.append(f"{where}: points 'below' to a data-protection contact the page does not show")
        if self.family.lang == "de":
            self.problems += [f"{where}: shows the browser's {p!r}" for p in BROWSER_ENGLISH if p in text]
        if GROUPED_YEAR.findall(text):
            self.problems.append(f"{where}: a year with a thousands separator {GROUPED_YEAR.findall(text)}")
        if "(optional)" in text and "(freiwillig)" in text:
            self.problems.append(f"{where}: optional questions marked two ways")
        names = page.evaluate("""() => [...document.querySelectorAll('main button:not([hidden])')]
            .filter(b => b.getClientRects().length && !b.closest('[hidden]'))
            .map(b => (b.getAttribute('aria-label') || b.innerText).trim())""")
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            self.problems.append(f"{where}: buttons share a name: {twice}")
        if state == "empty" and step != "review":
            self._no_estimate_before_income(where)

    def _no_estimate_before_income(self, where: str) -> None:
        estimate = self.page.locator(".kf-estimate, [data-kf-estimate]")
        if estimate.count() and "0,00 €" in estimate.first.inner_text() and not self._income_entered():
            self.problems.append(f"{where}: the fee estimate shows 0,00 € before any income")

    def _income_entered(self) -> bool:
        return bool(self.page.evaluate("""() => [...document.querySelectorAll('input[inputmode=decimal]')]
            .some(i => i.value.trim() !== '')"""))


def open_from_start_page(page: Any, server: Server, family: Family, resolved: Any) -> None:
    kommune = family.key.split("/")[0]
    page.goto(f"{server.url}/{kommune}/")
    title = resolved.form.title[family.lang] if family.lang in resolved.form.title else resolved.form.title["de"]
    if family.lang == "en":
        page.get_by_role("link", name=re.compile(r"^English")).first.click()
    page.get_by_role("link", name=title, exact=True).first.click()
    page.wait_for_selector(".kf-step:not([hidden])")


@pytest.mark.parametrize("family", JOURNEYS, ids=[f.id for f in JOURNEYS])
def test_a_family_walks_from_the_start_page_to_the_receipt(family: Family, site: Site, server: Server, page: Any) -> None:
    if family.key not in site.forms:
        pytest.skip(f"{family.key} is not among the forms under test")
    resolved = site.forms[family.key]
    open_from_start_page(page, server, family, resolved)
    keyboard = family.id in KEYBOARD_ONLY
    parent = Parent(page, resolved, family)
    if keyboard:
        parent.driver = Keyboard(page)
    watch = Watch(page, family, resolved)
    walk_assistant(parent, watch, error_states=True)
    assert not watch.problems, "\n".join(watch.problems)
    assert len(watch.totals) <= 1, f"the step count jumps: {sorted(watch.totals)}"

    send = button(page, submit_label(resolved.form.id, family.lang))
    (parent.driver if keyboard else Direct(page)).press(send)
    page.locator(".kf-panel").wait_for()
    receipt = page.locator("main").inner_text()
    stored = server.received(page, family.key)
    assert stored["reference"] in receipt
    assert (stored["lang"], stored["status"]) == (family.lang, "received")
    for uploads in parent.uploads.values():
        for upload in uploads:
            assert upload.name in receipt, f"the receipt lists {upload.name}"
    assert not GROUPED_YEAR.findall(receipt)
    assert current_step(page) == "", "the receipt replaces the steps"
    assert not page.kf_errors  # type: ignore[attr-defined]


def test_leaving_with_unsaved_answers_asks_first(site: Site, server: Server, page: Any) -> None:
    family = FAMILIES[1]
    resolved = site.forms[family.key]
    open_from_start_page(page, server, family, resolved)
    first = resolved.form.steps[0]
    Parent(page, resolved, family).fill_step(first)
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.wait_for_timeout(400)  # the runtime notes a change after a short pause
    with contextlib.suppress(Exception):  # staying on the page aborts the reload
        page.reload()
    assert asked == ["beforeunload"], "reloading (or leaving) with answers asks first"
    assert current_step(page) == first.id, "the parent who chose to stay keeps the answers"
