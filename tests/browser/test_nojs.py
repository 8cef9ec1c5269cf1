"""Without JavaScript: one complete HTML form per assistant, native constraints, a plain post to the
form server, its errors rendered GOV.UK-style (summary + inline), corrected, then the receipt."""

from __future__ import annotations

import re
from typing import Any

import pytest
from _browser import axe_on_html
from _cases import DEMO_FORMS, REAL
from _fill import Direct, Filler
from _site import Server, Site
from playwright.sync_api import expect
from test_a11y import CHOICES, submit_label

from kitaforms.model.walk import walk

KEYS = DEMO_FORMS + REAL


@pytest.fixture()
def plain(nojs_context: Any) -> Any:
    return nojs_context.new_page()


def first_date(resolved: Any) -> str | None:
    """The first date question every citizen sees (not conditional, not in a repeat)."""
    for placed in walk(resolved.form):
        chain = [placed.element, *(_ancestor(resolved, placed))]
        if placed.element.type == "date" and not placed.repeats and placed.step.visible_if is None \
                and all(getattr(e, "visible_if", None) is None for e in chain):
            return placed.name
    return None


def _ancestor(resolved: Any, placed: Any) -> list[Any]:
    from kitaforms.model.walk import fields_by_name

    named = fields_by_name(resolved.form)
    out, scope = [], placed.scope
    while scope:
        out.append(named[scope].element)
        scope = named[scope].scope
    return out


def send(plain: Any, resolved: Any) -> None:
    with plain.expect_navigation():
        plain.get_by_role("button", name=submit_label(resolved.form.id, "de")).click()


@pytest.mark.parametrize("key", KEYS)
def test_plain_post_shows_server_errors_then_receipt(
    key: str, site: Site, server: Server, plain: Any, static_page: Any, axe_source: str, html_log: dict[str, str]
) -> None:
    base = server.url
    resolved = site.forms[key]
    plain.goto(f"{base}/{key}/")
    assert plain.locator("[data-kf-step][hidden]").count() == 0, "every section is shown without JavaScript"
    assert plain.locator("form#kf-form").get_attribute("action") == "submit"
    filler = Filler(plain, resolved, Direct(plain), choices=CHOICES, js=False)
    for step in resolved.form.steps:
        filler.fill_step(step)
    date_path = first_date(resolved)
    if date_path:  # an impossible date passes the browser's own checks; the server must catch it
        plain.locator(f"#f-{date_path.replace('.', '-')}").fill("31")
        plain.locator(f"#f-{date_path.replace('.', '-')}--month").fill("2")
    send(plain, resolved)
    if date_path:
        assert plain.title().startswith("Fehler: "), plain.title()
        summary = plain.locator(".kf-error-summary")
        assert summary.get_attribute("role") == "alert"
        expect(summary).to_be_focused()  # autofocus: the browser moves focus once it renders (not at once on "load")
        links = summary.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert f"#f-{date_path.replace('.', '-')}" in links
        for href in links:
            assert plain.locator(href).count() == 1, f"summary link {href} has no target"
        error = plain.locator(f"#f-{date_path.replace('.', '-')}--error")
        assert "Datum" in error.inner_text()
        described = plain.locator(f"#q-{date_path.replace('.', '-')} fieldset").get_attribute("aria-describedby")
        assert error.get_attribute("id") in described.split()
        assert plain.locator(f"#f-{date_path.replace('.', '-')}").input_value() == "31", "entered values are kept"
        html = plain.content()
        assert axe_on_html(static_page, f"{base}/{key}/", html, axe_source) == []
        html_log[f"{key} no-JS error page"] = html
    for _ in range(3):
        if not plain.title().startswith("Fehler"):
            break
        paths = filler.error_paths()
        filler.retry(paths - {date_path})  # the impossible date: filled again with its first, valid value
        files = {p.name for p in walk(resolved.form) if p.element.type == "file"}  # the browser cannot keep them
        for step in resolved.form.steps:
            filler.fill_step(step, only=paths | files)
        send(plain, resolved)
    assert not plain.title().startswith("Fehler"), plain.locator(".kf-error-summary").inner_text()
    plain.locator(".kf-panel").wait_for()
    assert plain.url.endswith(f"/{key}/submit"), "a plain post: the receipt is the server's answer page"
    server.received(plain, key)
    html = plain.content()
    assert axe_on_html(static_page, f"{base}/{key}/", html, axe_source) == []
    html_log[f"{key} no-JS receipt"] = html


def test_without_javascript_a_repeat_grows_and_shrinks_by_posting(site: Site, base: str, plain: Any) -> None:
    key = next(k for k in REAL if k.endswith("/einkommen"))
    plain.goto(f"{base}/{key}/")
    region = plain.get_by_role("region", name="Kinder in Betreuung", exact=True)
    child = lambda n: region.get_by_role("group", name=f"Kind {n}", exact=True)  # noqa: E731
    name = lambda n: child(n).get_by_role("textbox", name="Vorname").first  # noqa: E731
    assert region.get_by_role("group", name=re.compile(r"^Kind \d+$")).count() == 1, "one empty entry to start with"
    name(1).fill("Ben")
    with plain.expect_navigation():
        region.get_by_role("button", name="Weiteres Kind in Betreuung hinzufügen", exact=True).click()
    assert plain.url.endswith("/submit#q-kinder"), "the answer page opens at the list"
    assert not plain.title().startswith("Fehler"), "adding is not a failed submission"
    assert name(1).input_value() == "Ben" and name(2).input_value() == ""
    assert child(1).get_by_role("button", name="Entfernen Kind 1", exact=True).count() == 0, "the minimum is one child"
    name(2).fill("Mia")
    with plain.expect_navigation():
        region.get_by_role("button", name="Weiteres Kind in Betreuung hinzufügen", exact=True).click()
    assert [name(n).input_value() for n in (1, 2, 3)] == ["Ben", "Mia", ""]
    with plain.expect_navigation():
        child(1).get_by_role("button", name="Entfernen Kind 1", exact=True).click()
    assert name(1).input_value() == "Mia", "the entry below moves up"
    assert region.get_by_role("group", name=re.compile(r"^Kind \d+$")).count() == 2, "Mia and one empty entry"
    # Enter in a field is the form's submission (its hidden default button, with the native checks), never "add"
    address = plain.url
    name(1).press("Enter")
    plain.wait_for_timeout(500)
    assert plain.url == address and region.get_by_role("group", name=re.compile(r"^Kind \d+$")).count() == 2
    assert plain.locator(":focus").get_attribute("name") != "kinder.0.vorname", "the browser shows the first unanswered question"
