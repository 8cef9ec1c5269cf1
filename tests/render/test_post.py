"""form_post_to_data: the plain form post (no JavaScript) → the JSON submission the runtime checks."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from _html import parse
from test_assistant import FORM

from kitaforms.render import form_post_to_data, render_page_with_errors
from kitaforms.render._values import compose_date, parse_number
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
        "betrag": 1250.5,
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


@pytest.mark.parametrize(("parts", "iso"), [
    (("5", "3", "2024"), "2024-03-05"), (("05", "März", "2024"), "2024-03-05"), (("1", "dec", "2024"), "2024-12-01"),
    (("31", "2", "2024"), "2024-02-31"), (("", "", ""), None), (("1", "", "2024"), "2024--1"),
])
def test_dates_from_three_inputs(parts: tuple[str, str, str], iso: str | None) -> None:
    assert compose_date(*parts) == iso
