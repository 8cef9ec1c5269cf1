"""form_post_to_data: the plain form post (no JavaScript) → the JSON submission the runtime checks."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from _html import parse
from test_assistant import FORM

from kitaforms.render import RepeatEdit, form_post_to_data, render_assistant, render_page_with_errors, repeat_edit
from kitaforms.render._values import compose_date, parse_amount, parse_number
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import check_submission

TODAY = date(2026, 1, 15)


@pytest.fixture()
def resolved(compile_form: Callable[..., ResolvedForm]) -> ResolvedForm:
    return compile_form(FORM)


class MultiDict:
    """What Starlette/Werkzeug hand the server: ``keys()`` and ``getlist()``."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        self.pairs = pairs

    def keys(self) -> list[str]:
        return [k for k, _ in self.pairs]

    def getlist(self, key: str) -> list[Any]:
        return [v for k, v in self.pairs if k == key]


class Upload:
    def __init__(self, filename: str, content_type: str, content: bytes) -> None:
        import io

        self.filename, self.content_type, self.file = filename, content_type, io.BytesIO(content)


POST = [
    ("_lang", "de"), ("person.vorname", "  Ada "), ("person.geburtsdatum.day", "5"),
    ("person.geburtsdatum.month", "März"), ("person.geburtsdatum.year", "2020"), ("farbe", "blau"),
    ("farben", "rot"), ("farben", "blau"), ("rot_grund", "weil"), ("ja", "false"), ("betrag", "1.250,50"),
    ("monat.month", "8"), ("monat.year", "2025"), ("plz", "50667"),
    ("kinder.0.name", "Ben"), ("kinder.1.name", ""), ("kinder.2.name", "Cem"),
    ("wunsch.0.code", ""), ("wunsch.1.code", "kita-b"), ("ok", "true"), ("unknown", "x"),
]


def test_every_kind_of_field(resolved: ResolvedForm) -> None:
    upload = Upload("beleg.pdf", "application/pdf", b"%PDF-1.4")
    data = form_post_to_data(resolved, MultiDict([*POST, ("beleg", upload)]), TODAY)
    assert data == {
        "person": {"vorname": "Ada", "geburtsdatum": "2020-03-05"},
        "farbe": "blau",
        "farben": ["rot", "blau"],
        "ja": False,
        "betrag": "1250.50",
        "monat": "2025-08",
        "plz": "50667",
        "kinder": [{"name": "Ben"}, {"name": "Cem"}],
        "wunsch": [{"code": "kita-b", "reasons": []}],
        "beleg": {"name": "beleg.pdf", "type": "application/pdf", "size": 8, "sha256": hashlib.sha256(b"%PDF-1.4").hexdigest()},
        "ok": True,
        "summe": 2,
    }, "rot_grund is dropped: farbe is not rot, so it is hidden"
    assert check_submission(resolved, data, TODAY).ok


def test_plain_mappings_and_pair_lists_work_too(resolved: ResolvedForm) -> None:
    as_dict = {"person.vorname": ["Ada"], "farben": ["rot"], "farbe": "rot", "rot_grund": "x"}
    data = form_post_to_data(resolved, as_dict, TODAY)
    assert data["farben"] == ["rot"] and data["rot_grund"] == "x"
    assert form_post_to_data(resolved, list(as_dict.items()), TODAY) == data


def test_unreadable_input_is_kept_for_the_check_to_report(resolved: ResolvedForm) -> None:
    post = [("person.geburtsdatum.day", "31"), ("person.geburtsdatum.month", "2"), ("person.geburtsdatum.year", "2024"),
            ("betrag", "12,3456"), ("monat.month", "13"), ("monat.year", "2025")]
    data = form_post_to_data(resolved, post, TODAY)
    assert data["person"]["geburtsdatum"] == "2024-02-31"
    assert data["betrag"] == "12,3456"
    codes = check_submission(resolved, data, TODAY).codes()
    assert codes["person.geburtsdatum"] == "invalid_date"
    assert codes["betrag"] == "invalid_money"
    assert codes["monat"] == "invalid_month"


def test_error_page_round_trip_keeps_every_answer(resolved: ResolvedForm) -> None:
    """Render the answers into the page without JavaScript, read its controls back: nothing is lost."""
    data = form_post_to_data(resolved, MultiDict(POST), TODAY)
    errors = check_submission(resolved, data, TODAY).errors
    page = parse(render_page_with_errors(resolved, "de", data, errors))
    post: list[tuple[str, Any]] = []
    for control in page.iter():
        if "__" in control.get("name", "") or control.get("type") == "file":
            continue
        if control.tag == "input" and control.get("type") in ("radio", "checkbox"):
            if "checked" in control.attrib:
                post.append((control.get("name"), control.get("value")))
        elif control.tag == "input" and control.get("name"):
            post.append((control.get("name"), control.get("value", "")))
        elif control.tag == "select":
            chosen = [o.get("value") for o in control.iter("option") if "selected" in o.attrib]
            post.append((control.get("name"), chosen[0] if chosen else ""))
        elif control.tag == "textarea":
            post.append((control.get("name"), (control.text or "")))
    assert form_post_to_data(resolved, post, TODAY) == data


@pytest.mark.parametrize(("typed", "places", "read"), [
    ("1250", 2, 1250), ("1.250,50", 2, 1250.5), ("1,250.50", 2, 1250.5), ("1 250,50 €", 2, 1250.5),
    ("1.250", 2, 1250), ("1.250", 3, 1.25), ("0,5", 2, 0.5), ("-3", 0, -3), ("1.000.000", 0, 1000000),
    ("1,5", 0, "1,5"), ("abc", 2, "abc"), ("", 2, None), ("12,3456", 2, "12,3456"), ("12,345", 2, 12345),
])
def test_numbers_are_read_like_citizens_write_them(typed: str, places: int, read: Any) -> None:
    assert parse_number(typed, places) == read


@pytest.mark.parametrize(("typed", "places", "read"), [
    ("1250", 2, "1250.00"), ("1.250,5", 2, "1250.50"), ("1,250.50", 2, "1250.50"), ("1 234,56 €", 2, "1234.56"),
    ("19,99", 2, "19.99"), ("0050", 2, "50.00"), ("-0,00", 2, "0.00"), ("7,5", 1, "7.5"), ("7", 0, "7"),
    ("12,3456", 2, "12,3456"), ("abc", 2, "abc"), ("", 2, None),
])
def test_amounts_are_read_into_decimal_strings(typed: str, places: int, read: Any) -> None:
    """An amount goes to the server as the decimal string with the field's decimals, never as a float."""
    assert parse_amount(typed, places) == read


@pytest.mark.parametrize(("parts", "iso"), [
    (("5", "3", "2024"), "2024-03-05"), (("05", "März", "2024"), "2024-03-05"), (("1", "dec", "2024"), "2024-12-01"),
    (("31", "2", "2024"), "2024-02-31"), (("", "", ""), None), (("1", "", "2024"), "2024--1"),
])
def test_dates_from_three_inputs(parts: tuple[str, str, str], iso: str | None) -> None:
    assert compose_date(*parts) == iso


# --- repeats without JavaScript: one empty entry, an add button that posts, remove buttons ---------


def _entries(page: Any, path: str = "kinder") -> list[str]:
    return [i.get("value") or "" for i in page.iter("input") if re.fullmatch(rf"{path}\.\d+\.name", i.get("name") or "")]


def _button(page: Any, name: str, value: str) -> Any:
    return next((b for b in page.iter("button") if b.get("name") == name and b.get("value") == value), None)


def test_a_fresh_page_offers_one_empty_entry_and_an_add_button_that_posts(resolved: ResolvedForm) -> None:
    page = parse(render_assistant(resolved)["index.html"])
    assert _entries(page) == [""]
    add = _button(page, "_add", "kinder")
    assert add is not None and add.get("type") == "submit" and "hidden" not in add.attrib
    assert "formnovalidate" in add.attrib, "an empty required field must not block adding an entry"
    assert add.get("formaction") == "submit#q-kinder", "the answer page opens at the list"
    remove = _button(page, "_remove", "kinder.0")
    assert remove is not None and "hidden" in remove.attrib, "nothing to remove in an empty entry"
    default = next(b for b in page.find(".//form").iter("button"))
    assert default.get("type") == "submit" and default.get("name") is None and "hidden" in default.attrib, \
        "the form's first submit button sends it: Enter in a field never adds an entry"


def test_add_shows_the_answers_again_with_one_more_entry(resolved: ResolvedForm) -> None:
    post = [("_lang", "de"), ("kinder.0.name", "Ben"), ("person.vorname", "Eva"), ("_add", "kinder")]
    assert repeat_edit(resolved, post) == RepeatEdit("add", "kinder")
    data = form_post_to_data(resolved, post, TODAY)
    page = parse(render_page_with_errors(resolved, "de", data, []))
    assert _entries(page) == ["Ben", ""]
    assert page.find(".//input[@name='person.vorname']").get("value") == "Eva", "nothing the citizen typed is lost"
    assert page.find(".//*[@class='kf-error-summary']") is None, "adding an entry is not a failed submission"
    assert "hidden" not in _button(page, "_remove", "kinder.0").attrib


def test_remove_drops_that_entry_and_keeps_the_others_in_order(resolved: ResolvedForm) -> None:
    post = [("kinder.0.name", "Ben"), ("kinder.1.name", "Mia"), ("kinder.2.name", "Ali"), ("_remove", "kinder.1")]
    assert repeat_edit(resolved, post) == RepeatEdit("remove", "kinder.1")
    data = form_post_to_data(resolved, post, TODAY)
    assert data["kinder"] == [{"name": "Ben"}, {"name": "Ali"}]
    assert _entries(parse(render_page_with_errors(resolved, "de", data, []))) == ["Ben", "Ali", ""]


@pytest.mark.parametrize("pair", [("_add", "person"), ("_add", "kinder.0"), ("_remove", "kinder"), ("_remove", "kinder.x"),
                                  ("_remove", "person.0"), ("_add", "<script>")])
def test_a_button_value_that_names_no_repeat_is_an_ordinary_submission(resolved: ResolvedForm, pair: tuple[str, str]) -> None:
    post = [("kinder.0.name", "Ben"), ("kinder.1.name", "Mia"), pair]
    assert repeat_edit(resolved, post) is None
    assert len(form_post_to_data(resolved, post, TODAY)["kinder"]) == 2


def test_a_long_wish_list_starts_with_three_selects_and_grows_by_posting(compile_form: Callable[..., ResolvedForm]) -> None:
    resolved = compile_form(FORM.replace("settings: {max_wuensche: 2}", "settings: {max_wuensche: 5}"))
    selects = lambda page: [s.get("name") for s in page.iter("select") if (s.get("name") or "").startswith("wunsch.")]  # noqa: E731
    fresh = parse(render_assistant(resolved)["index.html"])
    assert selects(fresh) == ["wunsch.0.code", "wunsch.1.code", "wunsch.2.code"]
    assert _button(fresh, "_add", "wunsch") is not None, "more wishes by posting the page"
    post = [("wunsch.0.code", "kita-a"), ("wunsch.1.code", "kita-b"), ("wunsch.2.code", "kita-a"), ("_add", "wunsch")]
    assert repeat_edit(resolved, post) == RepeatEdit("add", "wunsch")
    data = form_post_to_data(resolved, post, TODAY)
    grown = parse(render_page_with_errors(resolved, "de", data, []))
    assert selects(grown) == [f"wunsch.{i}.code" for i in range(4)], "three chosen, one more free"
    assert repeat_edit(resolved, [("_remove", "wunsch.0")]) is None, "wishes are emptied, not removed"
    full = [(f"wunsch.{i}.code", "kita-a") for i in range(5)]
    page = parse(render_page_with_errors(resolved, "de", form_post_to_data(resolved, full, TODAY), []))
    assert len(selects(page)) == 5 and _button(page, "_add", "wunsch") is None, "never more than max_picks"
