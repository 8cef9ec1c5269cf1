"""The first view of every assistant weighs at most 30 KB gzip (issue 16): the page and every style sheet
and script it names, as ``kitaforms build`` writes them for each Kommune of ``forms/``, in every language.

Sizes are deterministic (gzip level 9, as ``bench/assistant.py`` counts them), so this is a plain test;
what the browser loads later (the facility catalogue, the fee evaluator) is not part of the first view.
The timings (step change, first paint) are measured by ``bench/assistant.py`` only.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pytest

from kitaforms.compiler import compile_project
from kitaforms.export.bundle import DEFAULT_BASE_URL, kommune_files, kommune_forms

ROOT = Path(__file__).resolve().parents[2]
BUDGET = 30 * 1024
REFERENCE = re.compile(rb'<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"')


@lru_cache(maxsize=1)
def bundles() -> dict[str, bytes]:
    result = compile_project(ROOT)
    files: dict[str, bytes] = {}
    for kommune, forms in kommune_forms(result):
        files.update({str(PurePosixPath(path)): content for path, content in kommune_files(kommune, forms, result.satzungen, DEFAULT_BASE_URL)})
    return files


def pages() -> list[str]:
    return sorted(path for path in bundles() if re.search(r"/assistant/(\w+/)?index\.html$", path))


def first_view(page: str) -> dict[str, int]:
    """gzip size of the page and of each file it names, by path."""
    files = bundles()
    folder = posixpath.dirname(page)
    sizes = {page: len(gzip.compress(files[page], 9))}
    for match in REFERENCE.finditer(files[page]):
        target = posixpath.normpath(posixpath.join(folder, (match[1] or match[2]).decode()))
        assert target in files, f"{page} names {target}, which the bundle does not have"
        sizes[target] = len(gzip.compress(files[target], 9))
    return sizes


def test_every_assistant_page_is_counted() -> None:
    found = pages()
    assert len(found) >= 27 * 2, found  # nine Kommunen with three forms each, German and English
    sizes = first_view(found[0])
    assert any(p.endswith(".css") for p in sizes) and any(p.endswith(".js") for p in sizes), sizes


@pytest.mark.parametrize("page", pages() if (ROOT / "forms" / "nrw").is_dir() else [])
def test_first_view_is_at_most_30_kb_gzip(page: str) -> None:
    sizes = first_view(page)
    total = sum(sizes.values())
    assert total <= BUDGET, (
        f"{page}: first view {total / 1024:.1f} KB gzip > 30 KB: "
        + ", ".join(f"{PurePosixPath(p).name} {s / 1024:.1f}" for p, s in sorted(sizes.items(), key=lambda kv: -kv[1]))
    )


def test_the_page_and_the_later_data_together_are_the_whole_runtime_data() -> None:
    """The page leaves checks, limits, wish-list data and message texts to assets/runtime-<lang>.json; both halves
    together are exactly what the runtime read before (kitaforms.render._client.client_data)."""
    import json

    from kitaforms.render import _client, _later
    from kitaforms.render._pages import runtime_later

    result = compile_project(ROOT)
    for key in ("koeln/anmeldung", "koeln/einkommen", "muenster/beitragsbefreiung"):
        resolved = result.forms[key]
        for lang in ("de", "en"):
            fees = key.endswith("einkommen")
            loads = {"js": "assets/fees.js", "rules": f"assets/satzung-{lang}.json"} if fees else None
            full = _client.client_data(resolved, lang, fees=loads, facilities="assets/einrichtungen.json" if "anmeldung" in key else None)
            first = _later.first_view(full)
            later = json.loads(runtime_later(resolved, lang, fees=fees))
            assert "msg" not in first and "val" not in json.dumps(first["steps"]), "checks' data is not in the page"
            assert first["steps"][0]["els"] and not any(step["els"] for step in first["steps"][1:]), "the first step's only"
            assert set(first["t"]) == set(_later.FIRST_TEXTS)
            assert _later.joined(first, later) == full


def test_the_bundle_names_the_later_parts_next_to_the_first() -> None:
    files = bundles()
    for page in pages():
        assets = page[: page.index("/assistant/") + len("/assistant/")] + "assets/"
        lang = "en" if "/en/" in page else "de"
        first, later = files[assets + "kitaforms.js"], files[assets + "kitaforms-more.js"]
        assert assets + f"runtime-{lang}.json" in files
        assert b"KitaSteps" in first and b"KitaChecks" not in first, "checks come later"
        assert b"KitaChecks" in later and b"KitaSteps" not in later
