"""Issue 15, the traps a parent met, on the server's side and in the pages as rendered (the browser side is
``tests/browser/test_parent_traps.py``): IBANs of the SEPA area with spaces, one warning rule, the message
for a missing file, one "(optional)" mark, distinct button names, every step asking something, and texts
that promise only what the pages show (privacy contact, Leichte Sprache, no e-mail confirmation)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from _html import parse, text

from kitaforms.compiler import compile_project
from kitaforms.export.bundle import DEFAULT_BASE_URL
from kitaforms.export.schema import form_schema
from kitaforms.export.validation import SubmissionValidator
from kitaforms.render import form_post_to_data, render_assistant, render_kommune_pages, render_receipt
from kitaforms.runtime import check_submission
from kitaforms.runtime.formats import PATTERNS, iban_valid, normalise_iban
from kitaforms.runtime.iban import SEPA_BBAN, length

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 2, 2)
KOMMUNEN = ("koeln", "muenster", "kreis_soest")


@pytest.fixture(scope="module")
def project() -> Any:
    return compile_project(ROOT)


def form(project: Any, key: str) -> Any:
    return project.forms[key]


# --- defect 2: IBANs as on the bank card, from every SEPA country ---------------------------------------

# example IBANs as the banks print them (the registry's examples and well-known test accounts)
SEPA_EXAMPLES = {
    "DE": "DE89 3704 0044 0532 0130 00", "AT": "AT61 1904 3002 3457 3201", "NL": "NL91 ABNA 0417 1643 00",
    "FR": "FR14 2004 1010 0505 0001 3M02 606", "PL": "PL61 1090 1014 0000 0712 1981 2874", "BE": "BE68 5390 0754 7034",
    "CH": "CH93 0076 2011 6238 5295 7", "GB": "GB29 NWBK 6016 1331 9268 19", "NO": "NO93 8601 1117 947",
    "MT": "MT84 MALT 0110 0001 2345 MTLC AST0 01S", "IT": "IT60 X054 2811 1010 0000 0123 456",
    "ES": "ES91 2100 0418 4502 0005 1332", "LU": "LU28 0019 4006 4475 0000",
}


@pytest.mark.parametrize("country", sorted(SEPA_EXAMPLES))
def test_an_iban_of_a_sepa_country_is_accepted_as_printed(country: str) -> None:
    printed = SEPA_EXAMPLES[country]
    assert iban_valid(printed) and iban_valid(printed.lower()) and iban_valid(printed.replace(" ", "\u00a0"))
    assert len(normalise_iban(printed)) == length(country)
    assert re.fullmatch(PATTERNS["iban"], normalise_iban(printed)), "the schema's pattern takes the sent value"


@pytest.mark.parametrize("iban", [
    "TR33 0006 1005 1978 6457 8413 26",  # a real IBAN, but Turkey is not in the SEPA area
    "AT56 1930 4300 2345 7320 12",  # right check digits, a German length for an Austrian account
    "DE54 3704 0044 0532 0130 001",  # one digit too many, right check digits
    "DE89 3704 0044 0532 0130 01",  # a typo: the check digits catch it
    "NL91 ABNA 0417 1643 0A",  # a letter where the Dutch format has digits
])
def test_other_ibans_are_refused(iban: str) -> None:
    assert not iban_valid(iban)


def test_every_sepa_country_has_a_length_between_15_and_34() -> None:
    assert len(SEPA_BBAN) == 37 and {"DE", "AT", "CH", "GB", "NO", "IS", "LI", "VA", "GI"} <= set(SEPA_BBAN)
    assert all(15 <= (length(code) or 0) <= 34 for code in SEPA_BBAN)


def test_the_income_form_takes_an_iban_as_on_the_bank_card_on_every_way_in(project: Any) -> None:
    """The bank card's spacing passes the step (browser), the plain post and the server's schema alike."""
    resolved = form(project, "koeln/einkommen")
    validator = SubmissionValidator(resolved, form_schema(resolved, DEFAULT_BASE_URL))
    data = form_post_to_data(resolved, {"sepa_gewuenscht": "true", "iban": "at61 1904 3002 3457 3201"}, TODAY)
    assert data["iban"] == "AT611904300234573201"
    assert not [e for e in validator.validate(data, TODAY).errors if e.path == "iban"]
    refused = [e for e in validator.validate({**data, "iban": "TR330006100519786457841326"}, TODAY).errors if e.path == "iban"]
    assert [e.code for e in refused] == ["invalid_iban"] and "SEPA" in refused[0].message["de"]
    hint = resolved.placed["iban"].element.hint
    assert "DE und hat 22 Zeichen" not in hint["de"] and "SEPA" in hint["de"] and "SEPA" in hint["en"]


# --- defect 8: one message for a past start, a file's own message, one "(optional)" --------------------

def test_a_fields_warnings_wait_while_one_of_its_errors_stands(project: Any) -> None:
    resolved = form(project, "koeln/anmeldung")
    past = check_submission(resolved, {"kind": {"geburtsdatum": "2024-03-05"}, "beginn": "2025-08"}, TODAY)
    assert [e.message["de"] for e in past.errors if e.path == "beginn"] == ["Der Beginn liegt in der Vergangenheit."]
    assert not [w for w in past.warnings if w.path == "beginn"], "no 'weniger als 6 Monate' for a start in the past"
    soon = check_submission(resolved, {"kind": {"geburtsdatum": "2024-03-05"}, "beginn": "2026-04"}, TODAY)
    assert not [e for e in soon.errors if e.path == "beginn"]
    assert [w.message["de"].startswith("Bis zum Beginn sind es weniger als 6 Monate") for w in soon.warnings
            if w.path == "beginn"] == [True]


def test_a_missing_file_asks_for_a_file(project: Any) -> None:
    resolved = form(project, "koeln/einkommen")
    result = check_submission(resolved, {"erklaerungsweg": "angaben", "einkommen1": {"arten": ["nichtselbststaendig"]}}, TODAY)
    files = [e for e in result.errors if resolved.placed.get(re.sub(r"\.\d+", "", e.path)) is not None
             and resolved.placed[re.sub(r"\.\d+", "", e.path)].element.type == "file"]
    assert files, "the income form asks for proofs"
    assert {e.code for e in files} == {"required_file"}
    assert all(e.message["de"].startswith("Bitte wählen Sie bei „") and e.message["de"].endswith("“ eine Datei aus.")
               for e in files)
    assert not [e for e in files if "füllen" in e.message["de"]]


@pytest.mark.parametrize("name", ["anmeldung", "einkommen", "beitragsbefreiung"])
def test_optional_questions_are_marked_one_way(project: Any, name: str) -> None:
    html = render_assistant(form(project, f"koeln/{name}"))["index.html"].decode("utf-8")
    labels = re.findall(r'<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>', html, re.S)
    assert not [x for x in labels if "freiwillig" in x], "the editor's (freiwillig) reads (optional), as the theme marks"
    assert "(optional)" in html
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert not [h for h in headings if "(freiwillig)" in h]


def test_the_receipt_lists_answers_without_optional_marks(project: Any) -> None:
    resolved = form(project, "koeln/anmeldung")
    page = parse(render_receipt(resolved, "de", "KF-1", {"kind": {"staatsangehoerigkeit": "deutsch"}}, TODAY))
    keys = [text(d) for d in page.iter("dt")]
    assert "Staatsangehörigkeit" in keys and not [k for k in keys if "freiwillig" in k or "(optional)" in k]


# --- defect 8: distinct button names, every step asks something, the step count -----------------------

@pytest.mark.parametrize("name", ["anmeldung", "einkommen", "beitragsbefreiung"])
def test_no_two_add_buttons_share_a_name(project: Any, name: str) -> None:
    """Without JavaScript every step is on one page: each repeat's add button and entries need their own names."""
    resolved = form(project, f"koeln/{name}")
    for lang in ("de", "en"):
        repeats = [p.element for p in resolved.placed.values() if p.element.type == "repeat"]
        adds = Counter((r.add_label or {}).get(lang) for r in repeats if r.add_label)
        items = Counter((r.item_label or r.label).get(lang) for r in repeats)
        assert not [a for a, n in adds.items() if n > 1], f"{name} ({lang}): {adds}"
        assert not [i for i, n in items.items() if n > 1], f"{name} ({lang}): {items}"


@pytest.mark.parametrize("name", ["anmeldung", "einkommen", "beitragsbefreiung"])
def test_every_step_asks_something(project: Any, name: str) -> None:
    """No step made only of texts and computed values (the near-empty "Zusammenfassung" before the review)."""
    asks = {"info", "computed"}
    for step in form(project, f"koeln/{name}").form.steps:
        assert [e for e in step.elements if e.type not in asks], f"{name}: step {step.id} asks nothing"


# --- defect 5: texts promise only what the pages show ---------------------------------------------------

@pytest.mark.parametrize("kommune", KOMMUNEN)
def test_the_privacy_contact_is_below_on_the_page_the_privacy_text_points_to(project: Any, kommune: str) -> None:
    resolved = form(project, f"{kommune}/anmeldung")
    promise = "Kontaktdaten der oder des Datenschutzbeauftragten finden Sie unten auf dieser Seite"
    assert promise in render_assistant(resolved)["index.html"].decode("utf-8")
    for lang, page in (("de", "index.html"), ("en", "en/index.html")):
        footer = parse(render_assistant(resolved)[page]).find(".//footer")
        titles = [text(h) for h in footer.iter("h2")]
        assert ("Datenschutz" if lang == "de" else "Data protection") in titles
        assert resolved.kommune.datenschutz.name in text(footer)
        assert resolved.kommune.jugendamt.name in text(footer), "and the Jugendamt's address"


def test_no_form_promises_an_email_it_does_not_send(project: Any) -> None:
    for key, resolved in project.forms.items():
        if key.split("/")[0] not in KOMMUNEN:
            continue
        for lang in ("de", "en"):
            html = render_assistant(resolved)["index.html" if lang == "de" else "en/index.html"].decode("utf-8")
            assert not re.search(r"schicken wir (Ihnen )?die Eingangsbestätigung|send the confirmation of receipt to", html), key


@pytest.mark.parametrize("kommune", KOMMUNEN)
def test_leichte_sprache_offers_only_contacts_the_page_shows(project: Any, kommune: str) -> None:
    resolved = form(project, f"{kommune}/anmeldung")
    contact = resolved.kommune.jugendamt
    pages = render_kommune_pages(resolved.kommune, [resolved])
    german = text(parse(pages["index.html"]).find(".//section[@class='kf-easy']"))
    english = parse(pages["en/index.html"]).find(".//section[@class='kf-easy']")
    assert ("rufen Sie" in german or "Telefon" in german) == bool(contact.phone)
    assert ("E-Mail" in german) == bool(contact.email)
    assert "Die Adresse vom Jugend-Amt steht unten auf dieser Seite." in german and contact.address is not None
    assert english.get("lang") is None and text(english.find("h2")) == "Easy read"
    assert not re.search(r"\b(Sie|Antrag|Jugend-Amt|Hier)\b", text(english)), "no German left on the English page"
