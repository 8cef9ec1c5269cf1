"""Hostile strings in every editor-written text and in the answers: every generated page keeps them as
text (no element, attribute, URL or script of theirs), without a browser. The browser twin is
tests/browser/test_hostile.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from _hostile import PLAIN, hostile_project
from _html import OUR_SCRIPTS, parse

from kitaforms.compiler import compile_project
from kitaforms.render import render_assistant, render_kommune_pages, render_page_with_errors, render_receipt
from kitaforms.runtime import check_submission

FORBIDDEN = {"img", "svg", "iframe", "object", "embed", "style", "base", "math"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return compile_project(hostile_project(tmp_path_factory.mktemp("hostile")))


def injected(html: bytes) -> list[str]:
    found = []
    for element in parse(html).iter():
        if element.tag in FORBIDDEN:
            found.append(f"<{element.tag}>")
        if element.tag == "script" and not (element.get("type") == "application/json" or element.get("src", "").endswith(OUR_SCRIPTS)):
            found.append("<script>")
        for name, value in element.attrib.items():
            if name.startswith("on") or name in ("x", "'"):
                found.append(f"{element.tag}[{name}]")
            if name in ("href", "src", "action") and re.match(r"\s*javascript:", value, re.I):
                found.append(f"{element.tag}[{name}={value}]")
    return found


def answers(resolved: Any) -> dict[str, Any]:
    """Hostile text in every text answer the form has at the top level."""
    data: dict[str, Any] = {}
    for index, element in enumerate(e for step in resolved.form.steps for e in step.elements):
        if element.type in ("text", "textarea"):
            data[element.id] = PLAIN[index % len(PLAIN)]
    return data


def test_every_page_keeps_hostile_text_as_text(hostile: Any) -> None:
    problems = []
    for key, resolved in hostile.forms.items():
        if resolved.kommune is None:
            continue
        pages = dict(render_assistant(resolved))
        data = answers(resolved)
        result = check_submission(resolved, data)
        pages["errors.html"] = render_page_with_errors(resolved, "de", data, result.errors)
        pages["receipt.html"] = render_receipt(resolved, "en", "<script>x</script>", data)
        for name, html in pages.items():
            if name.endswith(".html"):
                problems += [f"{key}/{name}: {p}" for p in injected(html)]
    for kommune_id, sources in hostile.project.kommunen.items():
        for name, html in render_kommune_pages(sources.kommune.model, hostile.forms_of(kommune_id)).items():
            if name.endswith(".html"):
                problems += [f"{kommune_id}/{name}: {p}" for p in injected(html)]
    assert not problems, "\n".join(problems[:40])


def test_hostile_text_is_shown_escaped(hostile: Any) -> None:
    resolved = hostile.forms["musterstadt/anmeldung"]
    html = render_assistant(resolved)["index.html"].decode()
    assert "&lt;script&gt;window.__kf.pwned=1&lt;/script&gt;" in html
    assert "<script>window" not in html
    json_block = re.search(r'<script type="application/json" id="kf-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in json_block and "\\u003c" in json_block, "the rules JSON cannot end its script element"


def test_markdown_links_only_to_safe_schemes(hostile: Any) -> None:
    for resolved in hostile.forms.values():
        page = parse(render_assistant(resolved)["index.html"])
        for link in page.iter("a"):
            assert re.match(r"(https:|mailto:|tel:|#|\.\./|[\w/.-]+\.html$)", link.get("href", "")), link.get("href")


def test_demo_project_renders_without_hostile_markup_too(tmp_path: Path) -> None:
    demo = compile_project(Path(__file__).parent / "fixtures" / "demo")
    for resolved in demo.forms.values():
        assert not injected(render_assistant(resolved)["index.html"])
