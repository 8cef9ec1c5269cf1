"""render_assistant: the bundle, the markup contract (names, ids, labels, hints) and the CSP rules."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from _html import OUR_SCRIPTS, by_id, parse, text

from kitaforms.render import render_assistant, render_kommune_pages, render_page_with_errors, render_receipt
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import FieldError

FORM = """\
id: testform
version: 2.1.0
title: {de: Testformular, en: Test form}
settings: {max_wuensche: 2}
code_lists:
  farben:
    - {code: rot, label: {de: Rot, en: Red}, hint: {de: Wie Feuer, en: Like fire}}
    - {code: blau, label: {de: Blau, en: Blue}}
steps:
  - id: eins
    title: {de: Über Sie, en: About you}
    intro: {de: "Bitte **genau** lesen.", en: "Read **carefully**."}
    elements:
      - id: person
        type: group
        label: {de: Person, en: Person}
        elements:
          - {id: vorname, type: text, label: {de: Vorname, en: First name}, required: true, autocomplete: given-name, hint: {de: Wie im Ausweis, en: As in the passport}}
          - {id: geburtsdatum, type: date, label: {de: Geburtsdatum, en: Date of birth}, required: true, autocomplete: bday}
      - {id: farbe, type: choice, code_list: farben, label: {de: Farbe, en: Colour}, required: true}
      - {id: farben, type: multichoice, code_list: farben, label: {de: Farben, en: Colours}}
      - {id: rot_grund, type: text, label: {de: Warum rot?, en: Why red?}, visible_if: 'farbe == "rot"', required: true}
      - {id: ja, type: boolean, label: {de: Einverstanden?, en: Agreed?}}
      - {id: betrag, type: money, period: month, label: {de: Betrag, en: Amount}}
      - {id: monat, type: month, label: {de: Monat, en: Month}}
      - {id: plz, type: postal_code, label: {de: PLZ, en: Postcode}}
  - id: zwei
    title: {de: Weiteres, en: More}
    elements:
      - id: kinder
        type: repeat
        label: {de: Kinder, en: Children}
        item_label: {de: Kind, en: Child}
        max_items: 5
        elements:
          - {id: name, type: text, label: {de: Name, en: Name}, required: true}
      - {id: wunsch, type: ranked_choice, catalogue: einrichtungen, label: {de: Wünsche, en: Wishes}, max_picks: {setting: max_wuensche}, required: true}
      - {id: beleg, type: file, label: {de: Beleg, en: Receipt}, accept: [application/pdf], max_size_mb: 2}
      - {id: ok, type: declaration, label: {de: Ich stimme zu., en: I agree.}, body: {de: "Siehe [Hinweise](https://example.org).", en: "See [notes](https://example.org)."}}
      - {id: summe, type: computed, label: {de: Anzahl, en: Count}, expression: anzahl(kinder)}
"""


@pytest.fixture()
def resolved(compile_form: Callable[..., ResolvedForm]) -> ResolvedForm:
    return compile_form(FORM)


@pytest.fixture()
def bundle(resolved: ResolvedForm) -> dict[str, bytes]:
    return render_assistant(resolved)


@pytest.fixture()
def page(bundle: dict[str, bytes]) -> Any:
    return parse(bundle["index.html"])


def test_bundle_has_both_languages_and_its_assets(bundle: dict[str, bytes]) -> None:
    assert sorted(bundle) == ["assets/einrichtungen.json", "assets/kitaforms-head.js", "assets/kitaforms-more.js",
                              "assets/kitaforms.css", "assets/kitaforms.js",
                              "assets/runtime-de.json", "assets/runtime-en.json", "assets/theme.css",
                              "en/index.html", "index.html"]  # loaded later: the catalogue, the rest of the runtime and its data
    assert b"KitaExpr" in bundle["assets/kitaforms.js"], "the expression interpreter is part of the runtime"


def test_output_is_deterministic(resolved: ResolvedForm, bundle: dict[str, bytes]) -> None:
    assert render_assistant(resolved) == bundle


def test_pages_post_to_the_relative_submit_url(bundle: dict[str, bytes]) -> None:
    german, english = parse(bundle["index.html"]), parse(bundle["en/index.html"])
    assert german.find(".//form").get("action") == "submit"
    assert english.find(".//form").get("action") == "../submit"
    assert german.find(".//form").get("enctype") == "multipart/form-data", "the form has a file field"
    assert german.find(".//link[@rel='stylesheet']").get("href") == "assets/kitaforms.css"
    assert english.find(".//link[@rel='stylesheet']").get("href") == "../assets/kitaforms.css"
    scripts = [script.get("src") for script in english.iter("script") if script.get("src")]
    assert scripts == ["../assets/kitaforms-head.js", "../assets/kitaforms.js"]


def test_html_lang_and_language_switch(bundle: dict[str, bytes]) -> None:
    german, english = parse(bundle["index.html"]), parse(bundle["en/index.html"])
    assert german.find(".//html").get("lang") == "de" and german.find(".//html").get("dir") == "ltr"
    assert english.find(".//html").get("lang") == "en"
    switch = german.find(".//nav//a")
    assert (switch.get("href"), switch.get("lang"), switch.get("hreflang"), text(switch)) == ("en/index.html", "en", "en", "English")
    assert english.find(".//nav//a").get("href") == "../index.html"


def test_field_names_are_the_runtime_instance_paths(page: Any) -> None:
    names = {i.get("name") for i in page.iter() if i.get("name")}
    assert {"person.vorname", "person.geburtsdatum.day", "person.geburtsdatum.month", "person.geburtsdatum.year",
            "farbe", "farben", "rot_grund", "ja", "betrag", "monat.month", "monat.year", "plz",
            "kinder.0.name", "wunsch.0.code", "wunsch.1.code", "beleg", "ok", "_lang"} <= names
    assert "wunsch.2.code" not in names, "one select per allowed wish"
    template = page.find(".//section[@id='q-kinder']/template")
    assert template.find(".//input[@name='kinder.__0__.name']") is not None, "new entries come from a template"


def test_labels_hints_and_errors_are_bound(page: Any) -> None:
    vorname = by_id(page, "f-person-vorname")
    assert text(page.find(".//label[@for='f-person-vorname']")) == "Vorname"
    assert vorname.get("aria-describedby") == "f-person-vorname--hint"
    assert text(by_id(page, "f-person-vorname--hint")) == "Wie im Ausweis"
    assert vorname.get("autocomplete") == "given-name" and "required" in vorname.attrib
    legend = page.find(".//div[@id='q-farbe']/fieldset/legend")
    assert text(legend) == "Farbe", "radios are a fieldset with the question as legend"
    first = by_id(page, "f-farbe")
    assert (first.get("type"), first.get("value"), first.get("aria-describedby")) == ("radio", "rot", "f-farbe--h")
    assert by_id(page, "f-farbe--o1").get("value") == "blau"
    assert text(page.find(".//div[@id='q-farben']//legend")) == "Farben (optional)", "optional answers say so in text"


def test_date_is_three_labelled_inputs_with_bday_tokens(page: Any) -> None:
    box = page.find(".//div[@id='q-person-geburtsdatum']")
    labels = [text(label) for label in box.findall(".//label")]
    assert labels == ["Tag", "Monat", "Jahr"]
    inputs = box.findall(".//input")
    assert [i.get("autocomplete") for i in inputs] == ["bday-day", "bday-month", "bday-year"]
    assert [i.get("id") for i in inputs] == ["f-person-geburtsdatum", "f-person-geburtsdatum--month", "f-person-geburtsdatum--year"]
    assert all(i.get("inputmode") == "numeric" and i.get("type") == "text" for i in inputs)


def test_native_constraints_only_where_always_required(page: Any) -> None:
    assert "required" in by_id(page, "f-person-vorname").attrib
    assert "required" in by_id(page, "f-farbe").attrib
    assert "required" not in by_id(page, "f-rot_grund").attrib, "conditional questions cannot be required natively"
    assert "required" not in by_id(page, "f-kinder-0-name").attrib, "repeat entries may stay empty"
    assert "required" in by_id(page, "f-wunsch").attrib and "required" not in by_id(page, "f-wunsch--s1").attrib
    plz = by_id(page, "f-plz")
    # no maxlength: the browser would silently cut a pasted "506677" to "50667"; spaces around are read away
    assert (plz.get("pattern"), plz.get("inputmode"), plz.get("maxlength")) == (r"\s*[0-9]{5}\s*", "numeric", None)
    assert by_id(page, "f-beleg").get("accept") == "application/pdf"
    assert text(by_id(page, "f-beleg--hint")) == "Erlaubt: PDF, höchstens 2 MB"


def test_money_has_its_unit_in_the_description(page: Any) -> None:
    betrag = by_id(page, "f-betrag")
    assert betrag.get("inputmode") == "decimal" and "f-betrag--unit" in betrag.get("aria-describedby")
    assert text(by_id(page, "f-betrag--unit")) == "Euro pro Monat"


def test_markdown_is_rendered_safely(page: Any) -> None:
    intro = page.find(".//section[@id='step-eins']/div[@class='kf-intro']")
    assert intro.find(".//strong") is not None and text(intro) == "Bitte genau lesen."
    link = page.find(".//div[@class='kf-declaration__body']//a")
    assert link.get("href") == "https://example.org"


def test_client_rules_are_data(page: Any, bundle: dict[str, bytes]) -> None:
    data = json.loads(by_id(page, "kf-data").text)
    later = json.loads(bundle["assets/runtime-de.json"])  # what the first view does without (render._later)
    assert data["form"] == "teststadt/testform" and data["lang"] == "de"
    rot_grund = next(e for e in data["steps"][0]["els"] if e["id"] == "rot_grund")
    assert rot_grund["v"] == ["==", "farbe", ["'", "rot"]], "expressions travel as (compact) data"
    assert data["t"]["step"] == "Schritt {num} von {total}"
    assert data["facs"] == "assets/einrichtungen.json" and "fac" not in data, "the catalogue is loaded on demand"
    assert later["t"]["search"] == "Einrichtung suchen", "the wish list's texts come with a wish list"
    assert "feetitle" not in data["t"] and "feetitle" not in later["t"], "no fee estimate on this form, so none of its texts"


def test_a_form_without_wish_list_carries_no_facilities_and_no_wish_list_texts(compile_form: Callable[..., ResolvedForm]) -> None:
    without = FORM.replace("      - {id: wunsch, type: ranked_choice", "      # - {id: wunsch, type: ranked_choice")
    bundle = render_assistant(compile_form(without))
    data = json.loads(by_id(parse(bundle["index.html"]), "kf-data").text)
    later = json.loads(bundle["assets/runtime-de.json"])
    assert "facs" not in data and "search" not in later["t"] and "found" not in later["t"]
    assert data["t"]["next"] == "Weiter"
    assert b"kf-result__chosen" not in bundle["assets/kitaforms.js"] + bundle["assets/kitaforms-more.js"], "nor the wish-list code"
    assert b"kf-result__chosen" in render_assistant(compile_form(FORM))["assets/kitaforms-more.js"], "loaded with the rest"


def all_pages(resolved: ResolvedForm) -> dict[str, bytes]:
    pages = {k: v for k, v in render_assistant(resolved).items() if k.endswith(".html")}
    pages.update({f"kommune/{k}": v for k, v in render_kommune_pages(resolved.kommune, [resolved]).items() if k.endswith(".html")})
    errors = [FieldError("person.vorname", "required", {"de": "Bitte füllen Sie „Vorname“ aus.", "en": "x"})]
    pages["errors.html"] = render_page_with_errors(resolved, "de", {"farbe": "rot"}, errors)
    pages["receipt.html"] = render_receipt(resolved, "en", "KF-1", {"farbe": "rot", "person": {"vorname": "Ada"}})
    return pages


def test_every_page_works_under_a_strict_csp(resolved: ResolvedForm) -> None:
    for name, html in all_pages(resolved).items():
        root = parse(html)
        for element in root.iter():
            assert "style" not in element.attrib, f"{name}: inline style on <{element.tag}>"
            assert not [a for a in element.attrib if a.startswith("on")], f"{name}: event handler on <{element.tag}>"
            for attribute in ("href", "src", "action"):
                value = element.get(attribute, "")
                assert not value.lower().startswith("javascript:"), name
                assert not re.match(r"^(https?:)?//", value) or element.tag == "a", f"{name}: {attribute}={value} leaves the site"
        assert root.find(".//style") is None, name
        for script in root.iter("script"):
            assert script.get("type") == "application/json" or script.get("src", "").endswith(OUR_SCRIPTS), name


def test_every_page_has_lang_title_main_and_one_h1(resolved: ResolvedForm) -> None:
    for name, html in all_pages(resolved).items():
        root = parse(html)
        assert root.find(".//html").get("lang") in ("de", "en"), name
        assert text(root.find(".//title")), name
        assert len(root.findall(".//main")) == 1, name
        h1s = [h for h in root.iter("h1") if not any(t.tag == "template" for t in _ancestors(root, h))]
        assert len(h1s) == 1, f"{name}: {len(h1s)} h1"


def _ancestors(root: Any, node: Any) -> list[Any]:
    parents = {child: parent for parent in root.iter() for child in parent}
    out = []
    while node in parents:
        node = parents[node]
        out.append(node)
    return out


def test_english_texts_and_fallback_language_marking() -> None:
    from kitaforms.render._text import pick

    assert str(pick({"de": "Vorname", "en": "First name"}, "en").__html__()) == "First name"
    assert pick({"de": "Vorname"}, "en").__html__() == '<span lang="de">Vorname</span>'
    assert pick({"de": "<b>"}, "de").__html__() == "&lt;b&gt;"


def test_income_form_loads_its_fee_rules_and_evaluator_when_needed(compile_form: Callable[..., ResolvedForm]) -> None:
    resolved = compile_form(FORM.replace("id: testform", "id: einkommen"))
    satzung = {"format": "kitaforms-satzung/1", "key": "teststadt/2025", "messages": {"de": {"a": "b"}, "en": {"a": "c"}}}
    bundle = render_assistant(resolved, satzung=[satzung])
    german, english = parse(bundle["index.html"]), parse(bundle["en/index.html"])
    assert json.loads(by_id(german, "kf-data").text)["fees"] == {"js": "assets/fees.js", "rules": "assets/satzung-de.json"}
    assert json.loads(by_id(english, "kf-data").text)["fees"] == {"js": "../assets/fees.js", "rules": "../assets/satzung-en.json"}
    rules = json.loads(bundle["assets/satzung-de.json"])
    assert rules["satzungen"][0]["messages"] == {"de": {"a": "b"}}, "explanations in the page's language only"
    assert json.loads(bundle["assets/satzung-en.json"])["satzungen"][0]["messages"] == {"en": {"a": "c"}}
    assert by_id(german, "kf-fee") is not None
    assert b"householdFromForm" in bundle["assets/fees.js"], "the evaluator is a file of the bundle"
    assert b"householdFromForm" not in bundle["assets/kitaforms.js"], "not part of the first view"
    plain = render_assistant(resolved)
    assert "assets/fees.js" not in plain and "fees" not in json.loads(by_id(parse(plain["index.html"]), "kf-data").text), \
        "no fee rules, no evaluator"
