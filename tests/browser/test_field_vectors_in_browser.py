"""The shared field vectors, in Chromium: the assistant reads and checks every input as Python does.

``tests/fixtures/field_vectors.json`` gives inputs (amounts, numbers, dates, months, IBANs,
postcodes) with the value that must arrive or the code they are refused with; the same file runs
against Python in ``tests/render/test_field_vectors.py``. Here one form asks every vector at once
(one field each), served by the real ``kitaforms serve``: the parent's "Weiter" must mark exactly
the refused inputs, each with the message Python gives for it; the rest is sent, and the back
office must retrieve exactly the vectors' values.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _fill import button, current_step, name_pattern
from _site import TODAY, Server, Site

from kitaforms.compiler import compile_project
from kitaforms.export.bundle import DEFAULT_BASE_URL
from kitaforms.export.schema import form_schema
from kitaforms.export.validation import SubmissionValidator
from kitaforms.render import form_post_to_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "render"))
from _vectors import DATE_PARTS, KEY, PART_NAMES, STEP_TITLE, VECTORS, Vector, vectors_project  # noqa: E402

REFUSED = [v for v in VECTORS if v.error]
ACCEPTED = [v for v in VECTORS if not v.error]


@pytest.fixture(scope="module")
def vectors(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, Server]]:
    site = Site()
    site.add_project(compile_project(vectors_project(tmp_path_factory.mktemp("vectors"))))
    with Server(site) as server:
        yield site, server


def python_message(site: Site, vector: Vector) -> str:
    """What the server says about this input, posted without JavaScript (German)."""
    resolved = site.forms[KEY]
    validator = SubmissionValidator(resolved, form_schema(resolved, DEFAULT_BASE_URL))
    errors = validator.validate(form_post_to_data(resolved, vector.post(), TODAY), TODAY).errors
    (error,) = [e for e in errors if e.path == vector.name]
    assert error.code == vector.error
    return error.message["de"]


def type_into(step: Any, vector: Vector, clear: bool = False) -> None:
    """Type the vector's input (or nothing) into its field, found by its accessible name."""
    label = name_pattern(vector.label)
    if isinstance(vector.typed, tuple):
        group = step.get_by_role("group", name=label)
        for part, text in zip(DATE_PARTS[vector.kind], vector.typed, strict=True):
            group.get_by_role("textbox", name=PART_NAMES[part], exact=True).fill("" if clear else text)
    else:
        step.get_by_role("textbox", name=label).fill("" if clear else vector.typed)


def shown_errors(page: Any) -> dict[str, str]:
    """Field name → the message shown next to it (without the "Fehler:" for screen readers)."""
    return page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll('.kf-error'),
        (e) => [e.id.slice(2).replace(/--error$/, ''), e.lastChild.textContent.trim()]))""")


def test_the_assistant_reads_and_refuses_inputs_as_python_does(vectors: tuple[Site, Server], page: Any) -> None:
    site, server = vectors
    page.goto(f"{server.url}/{KEY}/")
    page.locator("html.kf-js").wait_for(state="attached")
    step = page.get_by_role("region", name=STEP_TITLE, exact=True)
    for vector in VECTORS:
        type_into(step, vector)
    button(page, "Weiter").click()
    assert current_step(page) == "eingaben", "refused inputs keep the parent on the step"
    expected = {v.name: python_message(site, v) for v in REFUSED}
    shown = shown_errors(page)
    wrong = {v.id: (v.typed, shown.get(v.name), expected.get(v.name)) for v in VECTORS if shown.get(v.name) != expected.get(v.name)}
    assert not wrong, "input: (typed, shown in the browser, said by Python):\n" + "\n".join(f"{k}: {w}" for k, w in wrong.items())
    summary = page.locator(".kf-error-summary").get_by_role("link")
    assert summary.count() == len(REFUSED)

    for vector in REFUSED:
        type_into(step, vector, clear=True)
    button(page, "Weiter").click()
    assert current_step(page) == "review"
    button(page, "Absenden").click()
    page.locator(".kf-panel").wait_for()
    stored = server.received(page, KEY)["data"]
    arrived = {v.id: (v.typed, stored.get(v.name), v.value) for v in ACCEPTED if stored.get(v.name) != v.value}
    assert not arrived, "input: (typed, retrieved by the back office, expected):\n" + "\n".join(f"{k}: {a}" for k, a in arrived.items())
    assert set(stored) == {v.name for v in ACCEPTED}
    assert all(type(stored[v.name]) is type(v.value) for v in ACCEPTED), "amounts as decimal strings, whole numbers as numbers"
    assert not page.kf_errors  # type: ignore[attr-defined]
