"""Every step of every form, empty, with errors and filled, then review and receipt: axe-core (WCAG 2.0/2.1
A+AA) finds nothing, the Nu Html Checker finds no error in the DOM, nothing needs horizontal scrolling
at 320 px and nothing is cut off at 200 % text. Kommune start and statement pages too."""

from __future__ import annotations

from typing import Any

import pytest
from _browser import axe_violations
from _cases import DEMO_FORMS, DEMO_KOMMUNEN, REAL, real_kommunen
from _fill import Direct, Filler, button, layout_problems, walk_assistant
from _site import Server, Site

CHOICES = {
    "anmeldungstyp": "wechsel", "getrennt_lebend": True, "einkommensart": ["nichtselbstaendig", "selbstaendig", "elterngeld"],
    "beamter": False,
}
CASES = [(key, "de") for key in DEMO_FORMS + REAL] + [(key, "en") for key in DEMO_FORMS + REAL[:3]]
SUBMIT = {"de": {"anmeldung": "Anmeldung absenden", "einkommen": "Einkommenserklärung absenden"},
          "en": {"anmeldung": "Send registration", "einkommen": "Send income declaration"}}


def submit_label(form_id: str, lang: str) -> str:
    return SUBMIT[lang].get(form_id, "Antrag absenden" if lang == "de" else "Send application")


class Audit:
    def __init__(self, page: Any, axe_source: str, name: str) -> None:
        self.page, self.axe_source, self.name = page, axe_source, name
        self.problems: list[str] = []
        self.documents: dict[str, str] = {}

    def __call__(self, state: str, step: str) -> None:
        where = f"{self.name} [{step}: {state}]"
        self.problems += [f"{where} axe {v}" for v in axe_violations(self.page, self.axe_source)]
        if state != "empty":  # the filled state shows all the empty one does, and more
            self.problems += [f"{where} {p}" for p in layout_problems(self.page)]
        self.documents[where] = self.page.content()


@pytest.mark.parametrize(("key", "lang"), CASES, ids=[f"{k}-{lang}" for k, lang in CASES])
def test_every_step_empty_error_filled_review_receipt(
    key: str, lang: str, site: Site, server: Server, page: Any, axe_source: str, html_log: dict[str, str]
) -> None:
    resolved = site.forms[key]
    page.goto(f"{server.url}/{key}/{'en/' if lang == 'en' else ''}")
    audit = Audit(page, axe_source, f"{key} ({lang})")
    walk_assistant(Filler(page, resolved, Direct(page), lang=lang, choices=CHOICES), audit)
    button(page, submit_label(resolved.form.id, lang)).click()
    page.locator(".kf-panel").wait_for()
    audit("receipt", "receipt")
    assert server.received(page, key)["lang"] == lang, "stored by the server, in the language used"
    html_log.update(audit.documents)
    assert not audit.problems, "\n".join(audit.problems)
    assert not page.kf_errors, page.kf_errors
    assert page.evaluate("window.__kf.csp") == []


@pytest.mark.parametrize("kommune", DEMO_KOMMUNEN + real_kommunen())
def test_kommune_pages(kommune: str, base: str, page: Any, axe_source: str, html_log: dict[str, str]) -> None:
    problems = []
    for path in ("", "barrierefreiheit.html", "en/", "en/barrierefreiheit.html"):
        page.goto(f"{base}/{kommune}/{path}")
        where = f"{kommune}/{path}"
        problems += [f"{where} axe {v}" for v in axe_violations(page, axe_source)]
        problems += [f"{where} {p}" for p in layout_problems(page)]
        html_log[where] = page.content()
    assert not problems, "\n".join(problems)
