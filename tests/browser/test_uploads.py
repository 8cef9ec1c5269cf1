"""Chosen files arrive: the assistant (JavaScript on) sends them with the answers to the real
``kitaforms serve`` (the session's server, on the demo Kommune Musterstadt's bundles), and the
back-office API v1 gives back the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import httpx
from _browser import axe_violations
from _fill import button, current_step, layout_problems
from _site import Server, Site
from playwright.sync_api import expect
from test_features import go_to, open_form

KEY = "musterstadt/einkommen"  # nachweis: one PDF, at most 5 MB
KOMMUNE = "musterstadt"


def test_chosen_files_are_stored_byte_for_byte(server: Server, page: Any, site: Site) -> None:
    open_form(page, server.url, KEY)
    go_to(page, site, "nachweise", KEY)
    upload = page.get_by_label("Einkommensnachweis")
    upload.set_input_files([{"name": "gross.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-" + b"0" * (5 << 20)}])
    expect(page.locator("#f-nachweis--error")).to_contain_text("größer als 5 MB")  # at once, before "Weiter"

    content = (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               + os.urandom(200_000) + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    name = "Einkommensteuerbescheid 2025 – Müller €.pdf"
    upload.set_input_files([{"name": name, "mimeType": "application/pdf", "buffer": content}])
    expect(page.locator("#f-nachweis--error")).to_have_count(0)
    button(page, "Weiter").click()
    assert current_step(page) == "abschluss"
    page.get_by_label("Meine Angaben sind vollständig und richtig.").check()
    button(page, "Weiter").click()
    button(page, "Einkommenserklärung absenden").click()
    page.locator(".kf-panel").wait_for()

    sha256 = hashlib.sha256(content).hexdigest()
    receipt = page.locator("main").inner_text()
    assert name in receipt and sha256 in receipt, "the receipt lists the file as the server stored it"
    submission = server.received(page, KEY)
    assert submission["data"]["nachweis"] == {"name": name, "type": "application/pdf", "size": len(content), "sha256": sha256}
    (listed,) = submission["files"]
    assert (listed["attachment_id"], listed["sha256"]) == ("nachweis", sha256)
    stored = server.file(KOMMUNE, submission["reference"], "nachweis")
    assert hashlib.sha256(stored).hexdigest() == sha256 and stored == content
    assert page.locator("main time[datetime]").count() == 1 and page.locator("[data-kf-receipt-link]").count() == 1
    assert not page.kf_errors  # type: ignore[attr-defined]


def test_a_file_the_server_refuses_keeps_the_answers(server: Server, page: Any, site: Site) -> None:
    """A PDF signature in front of a web page passes the browser's checks; the server says no, and
    the assistant shows why next to the field, with every other answer still there."""
    open_form(page, server.url, KEY)
    go_to(page, site, "nachweise", KEY)
    fake = b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n"
    page.get_by_label("Einkommensnachweis").set_input_files([{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": fake}])
    button(page, "Weiter").click()
    page.get_by_label("Meine Angaben sind vollständig und richtig.").check()
    button(page, "Weiter").click()
    before = page.locator("#kf-review-body").inner_text()
    button(page, "Einkommenserklärung absenden").click()
    summary = page.locator(".kf-error-summary")
    expect(summary).to_contain_text("Einkommensnachweis")
    assert "nicht erlaubten Typ" in summary.inner_text()
    assert page.locator("#kf-review-body").inner_text() == before, "nothing the parent entered is lost"
    summary.get_by_role("link").first.click()
    assert current_step(page) == "nachweise"
    expect(page.locator("#f-nachweis--error")).to_contain_text("nicht erlaubten Typ")
    kept = server.client.get(f"/api/admin/uploads/{hashlib.sha256(fake).hexdigest()}",  # any Kommune's files
                             headers={"authorization": f"Bearer {server.operator}"})
    assert kept.status_code == 404, "the refused file is not stored"


def test_the_receipt_opens_again_from_its_link(base: str, page: Any, axe_source: str) -> None:
    """Sent without the browser; the receipt's secret link opens the receipt (also after a reload),
    accessible and reflowing at 320 px, and offers the application PDF."""
    examples = httpx.get(f"{base}/{KEY}/examples/index.json", timeout=10).json()
    data = httpx.get(f"{base}/{KEY}/examples/{examples['valid'][0]['file']}", timeout=10).json()
    proof = httpx.get(f"{base}/{KEY}/examples/files/{data['nachweis']['name']}", timeout=10).content
    sent = httpx.post(f"{base}/{KEY}/submit", timeout=30, headers={"accept-language": "de"},
                      data={"_submission": json.dumps(data)},
                      files=[("nachweis", (data["nachweis"]["name"], proof, data["nachweis"]["type"]))])
    assert sent.status_code == 201, sent.text
    links = sent.json()["links"]
    page.goto(base + links["receipt"])
    page.reload()
    main = page.locator("main")
    expect(main).to_contain_text(sent.json()["reference"])
    expect(main.locator("time[datetime]")).to_have_count(1)
    assert axe_violations(page, axe_source) == []
    assert layout_problems(page) == []
    page.get_by_role("link", name="English").click()
    expect(main).to_contain_text("Open this page again later")
    assert axe_violations(page, axe_source) == []
    pdf = httpx.get(base + links["application_pdf"], timeout=60)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-1.7")
    gone = page.goto(f"{base}/receipts/{'A' * 43}")
    assert gone is not None and gone.status == 404
    expect(page.locator("h1")).to_have_text("Unter diesem Link ist nichts gespeichert")
    assert axe_violations(page, axe_source) == [] and layout_problems(page) == []
    assert not page.kf_errors  # type: ignore[attr-defined]
