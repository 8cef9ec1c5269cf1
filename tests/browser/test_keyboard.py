"""Keyboard only: every control is reached with Tab / Shift+Tab by its accessible name and operated
with typing, Space, Enter and arrow keys; each form is filled and sent and its receipt shown."""

from __future__ import annotations

from typing import Any

import pytest
from _cases import DEMO_FORMS, REAL
from _fill import Filler, Keyboard, button, walk_assistant
from _site import Server, Site
from test_a11y import CHOICES, submit_label

KEYS = DEMO_FORMS + REAL


@pytest.mark.parametrize("key", KEYS)
def test_fill_and_send_with_the_keyboard(key: str, site: Site, server: Server, page: Any) -> None:
    resolved = site.forms[key]
    page.goto(f"{server.url}/{key}/")
    keyboard = Keyboard(page)
    walk_assistant(Filler(page, resolved, keyboard, choices=CHOICES), error_states=False)
    send = button(page, submit_label(resolved.form.id, "de"))
    with page.expect_request(lambda request: request.method == "POST" and request.url.endswith("/submit")) as sent:
        keyboard.press(send)
    page.locator(".kf-panel").wait_for()
    assert page.evaluate("document.activeElement.tagName") == "H1", "focus moves to the receipt's heading"
    assert sent.value.resource_type == "fetch" and sent.value.headers.get("idempotency-key"), "sent by the runtime"
    server.received(page, key)


def test_shift_tab_goes_back_and_focus_is_visible(base: str, page: Any) -> None:
    page.goto(f"{base}/musterstadt/anmeldung/")
    keyboard = Keyboard(page)
    select = page.get_by_role("combobox", name="Art der Anmeldung")
    keyboard.focus(page.get_by_role("button", name="Weiter"))
    page.keyboard.press("Shift+Tab")
    assert select.evaluate("e => e === document.activeElement")
    outline = select.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.type") == "radio"
