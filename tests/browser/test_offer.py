"""Acceptance of issue 18 (steps 5 and 6) in the browser, on the real ``kitaforms serve``: a registration for
Köln is stored, the back office exports it, ``kitaforms allocate`` makes the round, the round's offers are loaded
through the back-office API, and a parent opens the offer's link, accepts, downloads the care contract — which
names the right child, place and start — and concludes it online; the consent is kept with the sha256 of
exactly the downloaded document.

Like ``test_uploads.py`` this test starts ``kitaforms serve`` as a process on a free loopback port, on Köln's
real bundles (sample criteria, places and contract) built into a temporary ``exports/``, with the project
folder for the contract templates (``KITAFORMS_PROJECT``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pikepdf
import pytest
from _browser import axe_violations
from click.testing import CliRunner
from playwright.sync_api import expect

from kitaforms.cli import cli
from kitaforms.compiler import compile_project
from kitaforms.export.bundle import DEFAULT_BASE_URL, kommune_files, kommune_forms

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "browser-offer-token"
RULES_DAY = "2026-02-02"  # the day the server checks the registration's rules on (its start 2026-08 lies ahead)
EXAMPLE = "05315000-koeln/anmeldung/3.0.0/examples/valid/01-minimal.json"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def offer_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    exports = tmp_path_factory.mktemp("exports")
    result = compile_project(ROOT, ["koeln"])
    for kommune, forms in kommune_forms(result):
        for path, content in kommune_files(kommune, forms, result.satzungen, DEFAULT_BASE_URL):
            (exports / path).parent.mkdir(parents=True, exist_ok=True)
            (exports / path).write_bytes(content)
    port = _free_port()
    command = [sys.executable, "-m", "kitaforms", "serve", "--port", str(port), "--exports", str(exports),
               "--db", str(tmp_path_factory.mktemp("var") / "kitaforms.sqlite3")]
    env = {**os.environ, "KITAFORMS_ADMIN_TOKEN": TOKEN, "KITAFORMS_PROJECT": str(ROOT), "KITAFORMS_TODAY": RULES_DAY}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(process, url)
        yield url, exports
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "kitaforms serve stopped")
        try:
            if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("kitaforms serve did not start")


def _office(url: str, method: str, path: str, **options: Any) -> httpx.Response:
    return httpx.request(method, url + path, headers={"authorization": f"Bearer {TOKEN}"}, timeout=30, **options)


def _round_with_an_offer(url: str, exports: Path, tmp: Path) -> dict[str, Any]:
    """A registration sent like any other, exported by the back office, allocated, its offers loaded: the offer."""
    registration = json.loads((exports / EXAMPLE).read_text(encoding="utf-8"))
    registration.update({"kind": {**registration["kind"], "vorname": "Lina", "nachname": "Sonnenschein",
                                  "geburtsdatum": "2022-10-02"},
                         "umfang_kita": "45", "wuensche": [{"code": "k-kita-05", "reasons": []}]})
    sent = httpx.post(f"{url}/koeln/anmeldung/submit", json=registration, timeout=30)
    assert sent.status_code == 201, sent.text
    exported = _office(url, "GET", "/api/v1/submissions?kommune=koeln&form=anmeldung&format=jsonl")
    assert exported.status_code == 200
    (tmp / "export.jsonl").write_bytes(exported.content)
    allocated = CliRunner().invoke(cli, ["allocate", "koeln", "--registrations", str(tmp / "export.jsonl"),
                                         "--date", date.today().isoformat(), "--out", str(tmp / "runde-1.json"),
                                         "--project", str(ROOT)])
    assert allocated.exit_code == 0, allocated.output
    document = json.loads((tmp / "runde-1.json").read_text(encoding="utf-8"))
    (offer,) = document["offers"]
    assert offer["reference"] == sent.json()["reference"] and offer["facility"] == "k-kita-05"
    loaded = _office(url, "POST", "/api/v1/offers", json=document)
    assert loaded.status_code == 201, loaded.text
    (entry,) = loaded.json()["loaded"]
    return {**offer, "link": entry["link"]}


def _pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: `make system-deps` installs poppler-utils", pytrace=False)
    out = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def test_a_parent_accepts_the_offer_and_concludes_the_contract(offer_server: tuple[str, Path], page: Any,
                                                               axe_source: str, tmp_path: Path) -> None:
    url, exports = offer_server
    offer = _round_with_an_offer(url, exports, tmp_path)

    page.goto(offer["link"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Platzangebot")
    facts = page.locator("[data-kf-offer]")
    expect(facts).to_contain_text("Lina Sonnenschein")
    expect(facts).to_contain_text("Kita Löwenzahn")
    expect(facts).to_contain_text("1. August 2026")
    expect(facts).to_contain_text(offer["id"])
    expect(page.locator("[data-kf-sample]")).to_contain_text("Beispieldaten")
    assert axe_violations(page, axe_source) == []

    page.get_by_label("Ja, ich nehme den Platz an").check()
    page.get_by_label("Ich bin für das Kind sorgeberechtigt", exact=False).check()
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.locator("[data-kf-offer-status]")).to_contain_text("Sie haben den Platz angenommen.")
    assert axe_violations(page, axe_source) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Betreuungsvertrag als PDF herunterladen").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"betreuungsvertrag-{offer['id']}.pdf"
    content = saved.read_bytes()
    text = _pdf_text(content)
    for expected in ("Betreuungsvertrag", "Lina Sonnenschein", "2. Oktober 2022", "Kita Löwenzahn",
                     "Beginn der Betreuung 1. August 2026", "Wochenstunden 45", offer["id"], offer["reference"]):
        assert expected in text, expected
    pdf = pikepdf.open(io.BytesIO(content))
    assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "de", "tagged, PDF/UA"

    page.get_by_role("button", name="Vertrag abschließen").click()  # the box is required: the browser says so
    expect(page.locator("[data-kf-contract-status=consented]")).to_have_count(0)
    page.get_by_label("Ich habe den Betreuungsvertrag gelesen und schließe ihn verbindlich ab.").check()
    page.get_by_role("button", name="Vertrag abschließen").click()
    expect(page.locator("[data-kf-contract-status=consented]")).to_contain_text("Sie haben den Vertrag abgeschlossen.")
    assert not page.kf_errors  # type: ignore[attr-defined]

    kept = _office(url, "GET", f"/api/v1/offers/{offer['id']}").json()
    assert kept["status"] == "accepted" and kept["contract"]["status"] == "consented"
    consent = kept["contract"]["consent"]
    assert consent["document"] == {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    assert consent["offer"] == offer["id"] and consent["reference"] == offer["reference"] and consent["at"]
    answers = _office(url, "GET", "/api/v1/offers/answers?kommune=koeln").json()
    assert answers["answers"] == [{"offer": offer["id"], "answer": "accepted"}], "the next round reads it"


def test_a_wrong_link_says_so_in_german(offer_server: tuple[str, Path], page: Any, axe_source: str) -> None:
    url, _ = offer_server
    response = page.goto(f"{url}/offers/{'Q' * 43}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Unter diesem Link ist kein Platzangebot")
    assert page.locator("html").get_attribute("lang") == "de"
    assert axe_violations(page, axe_source) == []
