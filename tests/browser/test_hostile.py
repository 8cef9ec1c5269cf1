"""Hostile strings in every editor-written text (labels, hints, Markdown, code lists, Kommune and
facility names) and in the citizen's answers render as text: no element, attribute or script of
theirs reaches the DOM, nothing runs, the CSP never has to step in."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _fill import Direct, Filler, walk_assistant
from _site import Server, Site

from kitaforms.compiler import compile_project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "render"))
from _hostile import DOM_SCAN, PLAIN, hostile_project  # noqa: E402

KEYS = ["musterstadt/anmeldung", "beispielkreis/einkommen", "testhausen/beitragsbefreiung"]


class HostileAnswers(Filler):
    def value(self, element: Any, path: str) -> Any:
        if element.type in ("text", "textarea"):
            return PLAIN[len(path) % len(PLAIN)]
        return super().value(element, path)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, str]]:
    """The hostile demo copy's bundles on a ``kitaforms serve`` of their own."""
    site = Site()
    site.add_project(compile_project(hostile_project(tmp_path_factory.mktemp("hostile"))))
    with Server(site) as server:
        yield site, server.url


def scan(page: Any, where: str, dialogs: list[str]) -> list[str]:
    found = page.evaluate(DOM_SCAN)
    problems = [f"{where}: {b}" for b in found["bad"]]
    if found["pwned"]:
        problems.append(f"{where}: a script ran (pwned={found['pwned']})")
    problems += [f"{where}: CSP blocked {c}" for c in found["csp"]]
    problems += [f"{where}: dialog {d}" for d in dialogs]
    return problems


@pytest.mark.parametrize("key", KEYS)
def test_hostile_texts_stay_text_with_javascript(key: str, hostile: tuple[Site, str], context: Any) -> None:
    site, base = hostile
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base}/{key}/")
    problems: list[str] = []
    filler = HostileAnswers(page, site.forms[key], Direct(page))
    walk_assistant(filler, lambda state, step: problems.extend(scan(page, f"{key} {step} {state}", dialogs)))
    page.locator(".kf-step:not([hidden]) .kf-answers__value").first.wait_for()
    page.locator("#kf-submit").click()
    page.locator(".kf-panel").wait_for()
    problems += scan(page, f"{key} receipt", dialogs)
    assert "<script>window.__kf.pwned=1</script>" in page.locator("main").inner_text() or key != "musterstadt/anmeldung"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["musterstadt/", "musterstadt/barrierefreiheit.html", "testhausen/en/"])
def test_hostile_kommune_pages(path: str, hostile: tuple[Site, str], context: Any) -> None:
    site, base = hostile
    page = context.new_page()
    page.goto(f"{base}/{path}")
    assert not scan(page, path, [])


def test_hostile_answers_on_the_error_page_without_javascript(hostile: tuple[Site, str], static_page: Any) -> None:
    """A plain post with hostile answers: the server's error page shows them as text."""
    site, base = hostile
    answers = {"_lang": "de", "kind.vorname": '"><script>window.__kf.pwned=20</script>',
               "bemerkungen": "</textarea><img src=x onerror=window.__kf.pwned=21>", "kind.nachname": "<b onclick=alert(1)>x"}
    response = static_page.request.post(f"{base}/musterstadt/anmeldung/submit", form=answers)
    assert response.status == 422
    html = response.text()
    static_page.goto(f"{base}/musterstadt/anmeldung/")
    static_page.set_content(html)
    assert static_page.locator("#f-kind-vorname").input_value() == answers["kind.vorname"]
    assert static_page.locator("#f-bemerkungen").input_value() == answers["bemerkungen"]
    assert not scan(static_page, "error page", [])
