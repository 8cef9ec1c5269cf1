"""The fee estimate of Köln's income declaration in the browser (issue 15, defect 3), walked as a parent would,
every field found by its label, the box by its accessible name ("Voraussichtlicher Elternbeitrag"):

- before there is an income it says what is still needed and shows no amount (never "0,00 € im Monat");
- a single parent with 50,000 € wages and no Werbungskosten stated sits near a bracket bound: the Arbeitnehmer-
  Pauschbetrag (1,230 € for 2025) keeps her in Stufe 3 (211.92 € for a child under 2 with 35 hours), where the
  gross wages would be Stufe 4 (298.49 €). What the box shows – the first month, its explanation and every run of
  months over the coming Kita years – is checked against the Python engine for the answers the server stored;
- the years show the change at 2 and 3 and the free years of KiBiz § 50;
- a Beamtin's addition is said once, of her pay less the Pauschbetrag, never "von 0,00 €";
- the English page words the whole estimate in English;
- axe and the 320 px / 200 % checks pass with the filled box (its HTML goes to test_zz_html's vnu run).

The server and the browser are pinned to 2 February 2026 (tests/browser/_site.py).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from _browser import axe_violations
from _cases import real_kommunen
from _fill import Direct, Filler, _leave, button, current_step, layout_problems, name_pattern
from _site import ROOT, TODAY, Server, Site
from playwright.sync_api import expect

from kitaforms.notice.declaration import household_from_answers
from kitaforms.satzung import Household, assess, timeline
from kitaforms.satzung.engine import amount
from kitaforms.satzung.explain import money, render
from kitaforms.satzung.project import compile_satzungen
from kitaforms.satzung.timeline import ChildCare

KEY = "koeln/einkommen"
pytestmark = pytest.mark.skipif("koeln" not in real_kommunen(), reason="Köln's forms are not in the test site")

BORN, START = date(2024, 11, 5), date(2025, 8, 1)
CHOICES = {"erklaerungsart": "erst", "betreuungsart": "kita", "umfang": "35", "familiensituation": "ein_elternteil",
           "erklaerungsweg": "angaben", "massgebliches_jahr": "vorjahr", "sepa_gewuenscht": False,
           "nachweise_nachreichen": True, "in_betreuung": False, "kindergeld": True}
TITLE = {"de": "Voraussichtlicher Elternbeitrag", "en": "Estimated parental fee"}
HOW = {"de": "So wird der Beitrag berechnet", "en": "How the fee is calculated"}
YEARS = {"de": "Der Beitrag in den kommenden Kita-Jahren", "en": "The fee in the coming Kita years"}
PERIOD = {"de": re.compile(r"^(\d\d/\d{4})(?: bis (\d\d/\d{4}))?: (?:([\d.,]+ €) im Monat|keine Schätzung möglich)$"),
          "en": re.compile(r"^(\d\d/\d{4})(?: to (\d\d/\d{4}))?: (?:(€[\d.,]+) a month|no estimate possible)$")}
GERMAN_ONLY = ("Kind ", "Monatsbeitrag", "Einkommensstufe", "Jahreseinkommen", "abgezogen", "gebucht", "beitragsfrei",
               "Satzungsdatei", "Altersgruppe", "fehlen", "im Monat", "Schätzung")


def label(site: Site, path: str, lang: str) -> Any:
    return name_pattern(site.forms[KEY].placed[path].element.label[lang])


def fee_box(page: Any, lang: str = "de") -> Any:
    return page.get_by_role("complementary", name=TITLE[lang])


def type_date(scope: Any, name: Any, day: date, lang: str) -> None:
    group = scope.get_by_role("group", name=name).first
    for german, english, text in (("Tag", "Day", day.day), ("Monat", "Month", day.month), ("Jahr", "Year", day.year)):
        group.get_by_role("textbox", name=german if lang == "de" else english, exact=True).fill(str(text))


class Parent:
    """Walks Köln's income declaration with the answers of one parent, checking the box on the way."""

    def __init__(self, page: Any, site: Site, lang: str, kind: str, pay: str) -> None:
        self.page, self.site, self.lang, self.kind, self.pay = page, site, lang, kind, pay
        arten = "nichtselbststaendig" if kind == "lohn" else "beamtenbezuege"
        self.filler = Filler(page, site.forms[KEY], Direct(page), lang=lang,
                             choices={**CHOICES, "einkommen1.arten": [arten]})
        self.steps = {s.id: s for s in site.forms[KEY].form.steps}
        self.seen: dict[str, str] = {}  # step → the box's text when the step was filled

    def answer(self, step: str) -> None:
        """What the parent types beyond the generic answers: the child's dates, the year, the pay."""
        scope = self.filler.step_scope(self.steps[step])
        if step == "kinder_schritt":
            entry = scope.get_by_role("region", name=self.site.forms[KEY].placed["kinder"].element.label[self.lang],
                                      exact=True).get_by_role("group", name="Kind 1" if self.lang == "de" else "Child 1")
            type_date(entry, label(self.site, "kinder.geburtsdatum", self.lang), BORN, self.lang)
            type_date(entry, label(self.site, "kinder.beginn", self.lang), START, self.lang)
        elif step == "jahr":
            scope.get_by_role("textbox", name=label(self.site, "bezugsjahr", self.lang)).fill("2025")
        elif step == "einkommen1_schritt":
            scope.get_by_role("textbox", name=label(self.site, f"einkommen1.{self.kind}", self.lang)).fill(self.pay)
            scope.get_by_role("textbox", name=label(self.site, "einkommen1.werbungskosten", self.lang)).fill("")

    def walk_until(self, last: str, expected: dict[str, str] | None = None) -> str:
        """Fill every step up to ``last`` (which stays on screen). On each step the box must come to say
        ``expected[step]`` (it is computed when the browser is idle); its text is kept in ``seen``."""
        box = fee_box(self.page, self.lang)
        for _ in range(len(self.steps)):
            step = current_step(self.page)
            self.filler.fill_step(self.steps[step])
            self.answer(step)
            if step in (expected or {}):
                expect(box).to_contain_text(expected[step])  # type: ignore[index]
                self.seen[step] = box.inner_text()
            if step == last:
                return box.inner_text()
            _leave(self.filler, self.steps[step], "Weiter" if self.lang == "de" else "Continue")
        raise AssertionError(f"never reached {last}")

    def finish(self, server: Server) -> dict[str, Any]:
        """Walk to the review, send, and return the answers the server stored."""
        next_label = "Weiter" if self.lang == "de" else "Continue"
        _leave(self.filler, self.steps[current_step(self.page)], next_label)  # the step on screen is answered
        for _ in range(len(self.steps)):
            step = current_step(self.page)
            if step == "review":
                break
            self.filler.fill_step(self.steps[step])
            _leave(self.filler, self.steps[step], next_label)
        button(self.page, "Einkommenserklärung absenden").click()
        self.page.locator(".kf-panel").wait_for()
        return server.received(self.page, KEY)["data"]


def shown(page: Any, lang: str = "de") -> dict[str, Any]:
    """The box as a parent reads it: the amount line, the explanation, and each run of months with its reasons."""
    box = fee_box(page, lang)
    years = box.get_by_role("list", name=YEARS[lang])
    runs = []
    for item in years.locator(":scope > li").all():
        head = item.locator(".kf-fee__period").inner_text().strip()
        found = PERIOD[lang].match(head)
        assert found, head
        runs.append((found.group(1), found.group(2) or found.group(1), found.group(3),
                     item.locator("ul > li").all_inner_texts()))
    return {"amount": box.locator(".kf-fee__amount").inner_text().strip(),
            "how": box.get_by_role("list", name=HOW[lang]).locator("li").all_inner_texts(), "runs": runs}


def month(text: str) -> date:
    number, year = text.split("/")
    return date(int(year), int(number), 1)


def test_the_estimate_waits_for_an_income_and_follows_the_satzung(server: Server, page: Any, site: Site,
                                                                  axe_source: str, html_log: dict[str, str]) -> None:
    page.goto(f"{server.url}/{KEY}/")
    page.locator("html.kf-js").wait_for(state="attached")
    parent = Parent(page, site, "de", "lohn", "50000")
    income = "Für eine Schätzung fehlen noch: Ihr Einkommen."
    parent.walk_until("einkommen1_schritt", {
        # before there is an income: what is still needed, and no amount
        "art": "Für eine Schätzung fehlen noch: Geburtsdatum und Art der Betreuung Ihres Kindes und wie Sie Ihr "
               "Einkommen erklären.",
        "kinder_schritt": "Für eine Schätzung fehlen noch: wie Sie Ihr Einkommen erklären.",
        "weg": income, "erwerb": income, "jahr": income,
        # with the wages: the Pauschbetrag keeps the family in Stufe 3
        "einkommen1_schritt": "Ab 02/2026: 211,92 € im Monat"})
    assert not [step for step, text in parent.seen.items() if "€" in text and step != "einkommen1_schritt"], parent.seen
    box = shown(page)
    assert box["amount"] == "Ab 02/2026: 211,92 € im Monat"
    assert ("Person 1: ohne höhere Werbungskosten gilt der Arbeitnehmer-Pauschbetrag für 2025 von 1.230,00 € "
            "(§ 9a EStG); abgezogen: 1.230,00 €. – § 4") in box["how"]
    assert "Kind 1: Einkommensstufe 3 (über 36.813 € bis 49.084 €). – Beitragstabelle ab 01.08.2025" in box["how"]
    assert not [line for line in box["how"] if "Beamte" in line]
    # the coming Kita years: 2 and 3 (the birthday months are not determined: Köln's file does not say), § 50
    assert [(first, last, value) for first, last, value, _ in box["runs"]] == [
        ("02/2026", "10/2026", "211,92 €"), ("11/2026", "11/2026", None), ("12/2026", "10/2027", "201,83 €"),
        ("11/2027", "11/2027", None), ("12/2027", "07/2029", "78,59 €"), ("08/2029", "08/2029", "0,00 €")]
    reasons = {first: lines for first, _, _, lines in box["runs"]}
    assert "Kind 1: Altersgruppe „ab 3 Jahre“ im Monat des Stichtags 01.12.2027. – Beitragstabelle ab 01.08.2025" \
        in reasons["12/2027"]
    assert reasons["11/2026"][0].startswith("Kind 1 wechselt in diesem Monat in die nächste Altersgruppe")
    assert ("Kind 1 vollendet das 4. Lebensjahr bis zum 30.09.2029: ab 01.08.2029 bis zur Einschulung beitragsfrei. "
            "– § 50 Abs. 1 KiBiz") in reasons["08/2029"]
    problems = [f"estimate axe {v}" for v in axe_violations(page, axe_source)]
    problems += [f"estimate {p}" for p in layout_problems(page)]
    html_log["koeln/einkommen (de) [fee estimate: filled]"] = page.content()
    assert not problems, "\n".join(problems)

    # the same answers, as the server stored them, in the Python engine
    answers = parent.finish(server)
    household = household_from_answers(answers)
    satzungen = sorted((r for r in compile_satzungen(ROOT)[0].values() if r.kommune == "koeln"), key=lambda r: r.key)
    first, last = month(box["runs"][0][0]), month(box["runs"][-1][1])
    assert first == TODAY.replace(day=1)
    result = timeline(satzungen, household, first, last, [ChildCare.of(c) for c in household.children])
    python = {entry.month: None if entry.error is not None else money(amount(entry.total)) for entry in result.months}
    browser = {entry: value for run_first, run_last, value, _ in box["runs"] for entry in python
               if month(run_first) <= entry <= month(run_last)}
    assert browser == python
    opening = result.months[0].assessment
    assert opening is not None and box["how"] == [
        " – ".join(part for part in (render(s), s.paragraph) if part) for s in opening.steps]
    gross = assess(satzungen[-1], Household(children=household.children[:1], declared_income=Decimal(50000)),
                   first)
    assert money(amount(gross.total)) == "298,49 €", "the gross wages would be one bracket higher"


def test_a_beamtin_s_addition_is_said_once(server: Server, page: Any, site: Site) -> None:
    page.goto(f"{server.url}/{KEY}/")
    page.locator("html.kf-js").wait_for(state="attached")
    parent = Parent(page, site, "de", "beamtenbezuege", "50000")
    parent.walk_until("einkommen1_schritt", {"einkommen1_schritt": "Zuschlag für Beamte"})
    how = shown(page)["how"]
    assert [line for line in how if "Beamte" in line] == ["Zuschlag für Beamte: 10 % von 48.770,00 € = 4.877,00 €. – § 4 Abs. 4"]
    assert not [line for line in fee_box(page).inner_text().splitlines() if "von 0,00 €" in line]
    assert shown(page)["amount"] == "Ab 02/2026: 298,49 € im Monat"  # 48,770 + 4,877 = 53,647 €: Stufe 4


def test_the_english_page_words_the_estimate_in_english(server: Server, page: Any, site: Site) -> None:
    page.goto(f"{server.url}/{KEY}/en/")
    page.locator("html.kf-js").wait_for(state="attached")
    parent = Parent(page, site, "en", "lohn", "50000")
    text = parent.walk_until("einkommen1_schritt", {"weg": "Still needed for an estimate: your income.",
                                                    "einkommen1_schritt": "From 02/2026: €211.92 a month"})
    box = shown(page, "en")
    assert box["amount"] == "From 02/2026: €211.92 a month"
    assert ("Person 1: without higher work-related expenses the employee's flat allowance for 2025 of €1,230.00 "
            "applies (section 9a EStG); deducted: €1,230.00. – § 4") in box["how"]
    assert box["runs"][1][3][0].startswith("Child 1 moves into the next age group this month")
    german = [line for line in text.splitlines() + [s for step in parent.seen.values() for s in step.splitlines()]
              if any(word in line for word in GERMAN_ONLY)]
    assert not german, german
