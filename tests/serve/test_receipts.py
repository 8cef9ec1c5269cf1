"""The receipt says when and what arrived, and opens again from a secret link (issue 13, item 2).

The link carries 256 random bits and nothing else; the store keeps only their sha256. The page
answers no-store, no-referrer and noindex; a link that opens nothing (never issued, or its
submission deleted) gets a 404 page that says nothing is stored there.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from starlette.testclient import TestClient

from kitaforms.serve.app import Settings, create_app
from kitaforms.serve.catalogue import Catalogue
from kitaforms.store import ACCEPTED, RECEIVED, RETRIEVED

from ._files import example_files, multipart
from .conftest import TODAY, TOKEN

URL = "/teststadt/antrag/submit"
FULL = "05999001-teststadt/antrag/2.1.0"
HTML = {"accept": "text/html, application/problem+json, application/json"}
SECRET = re.compile(r"^/receipts/([A-Za-z0-9_-]{43})$")


def full(exports: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The bundle's full example (every field type, one file) and its file."""
    data = json.loads((exports / FULL / "examples/valid/02-full.json").read_text("utf-8"))
    return data, example_files(exports / FULL)


def submit(client: TestClient, exports: Path, **headers: str) -> dict[str, Any]:
    data, files = full(exports)
    response = client.post(URL, **multipart(data, files), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def texts(data: Any) -> list[str]:
    """Every text the parent entered (names, addresses, free text …)."""
    if isinstance(data, dict):
        return [text for value in data.values() for text in texts(value)]
    if isinstance(data, list):
        return [text for value in data for text in texts(value)]
    return [data] if isinstance(data, str) else []


def berlin(received_at: str) -> datetime:
    return datetime.fromisoformat(received_at.replace("Z", "+00:00")).astimezone(ZoneInfo("Europe/Berlin"))


def test_the_receipt_says_when_and_what_arrived(client: TestClient, exports: Path) -> None:
    data, files = full(exports)
    response = client.post(URL, **multipart(data, files), headers=HTML)
    assert response.status_code == 201 and response.headers["content-type"].startswith("text/html")
    page = response.text
    reference = re.search(r"data-kf-reference>([A-Z0-9-]+)<", page)[1]  # type: ignore[index]
    stored = client.app.state.server.store.submission(reference)  # type: ignore[attr-defined]
    local = berlin(stored.received_at)
    time = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', page)
    assert time is not None and time[1] == local.isoformat(timespec="seconds")
    assert time[1].endswith(("+01:00", "+02:00")), "Europe/Berlin, with its offset"
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
              "Dezember"]
    assert time[2] == f"{local.day}. {months[local.month - 1]} {local.year}, {local:%H:%M} Uhr ({'MESZ' if local.dst() else 'MEZ'})"
    assert "Testantrag „Alle Felder“, Version 2.1.0" in page
    stored_files = client.app.state.server.store.files_of(reference)  # type: ignore[attr-defined]
    assert [f.sha256 for f in stored_files] == list(files)
    section = page.split("Gespeicherte Dateien", 1)[1]
    for kept in stored_files:
        assert kept.name in section and f"SHA-256: {kept.sha256}" in section and kept.type in section


def test_the_receipt_in_english(client: TestClient, exports: Path) -> None:
    data, files = full(exports)
    response = client.post(URL, **multipart(data, files), headers={**HTML, "accept-language": "en"})
    page = response.text
    assert '<html lang="en"' in page and "Received on" in page and "Open this page again later" in page
    assert re.search(r'<time datetime="[^"]+">\d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d \(CES?T\)</time>', page)
    assert "Test application “all fields”, version 2.1.0" in page and "Stored files" in page


def test_the_link_opens_the_receipt_again_and_holds_no_personal_data(client: TestClient, exports: Path) -> None:
    receipt = submit(client, exports)
    links = receipt["links"]
    secret = SECRET.match(links["receipt"])
    assert secret is not None, links
    data, _ = full(exports)
    for text in texts(data) + [receipt["reference"], "teststadt", "antrag"]:
        for link in links.values():
            assert text not in link, (text, link)
    for _ in range(2):  # a reload shows the same page: nothing is posted again
        page = client.get(links["receipt"])
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert receipt["reference"] in page.text and "Mia" in page.text and "Wir freuen uns auf einen Platz." in page.text
        assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"
        assert "noindex" in page.headers["x-robots-tag"] and '<meta name="referrer" content="no-referrer">' in page.text
        assert f'href="{links["receipt"]}"' in page.text and f'href="{links["application_pdf"]}?lang=de"' in page.text
        assert 'href="/teststadt/antrag/assets/kitaforms.css"' in page.text, "the Kommune's theme"
    english = client.get(links["receipt"], params={"lang": "en"})
    assert '<html lang="en"' in english.text and "Your reference number" in english.text
    as_json = client.get(links["receipt_json"])
    assert as_json.status_code == 200 and as_json.headers["referrer-policy"] == "no-referrer"
    assert {key: as_json.json()[key] for key in receipt if key != "links"} == {k: v for k, v in receipt.items() if k != "links"}
    assert as_json.json()["links"] == links


def test_the_link_outlives_a_restart(catalogue: Catalogue, exports: Path, tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "db.sqlite3", admin_token=TOKEN, today=lambda: TODAY)
    with TestClient(create_app(catalogue, settings)) as first:
        receipt = submit(first, exports)
    with TestClient(create_app(catalogue, settings)) as second:
        page = second.get(receipt["links"]["receipt"])
    assert page.status_code == 200 and receipt["reference"] in page.text


def test_only_the_secrets_hash_is_stored(client: TestClient, exports: Path, tmp_path: Path) -> None:
    receipt = submit(client, exports)
    secret = SECRET.match(receipt["links"]["receipt"])[1]  # type: ignore[index]
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        dump = "\n".join(db.iterdump())
    assert secret not in dump
    assert hashlib.sha256(secret.encode()).hexdigest() in dump


@pytest.mark.parametrize("secret", ["A" * 43, "short", "A" * 42 + ".", "A" * 44])
def test_a_link_that_opens_nothing_is_404(client: TestClient, secret: str) -> None:
    page = client.get(f"/receipts/{secret}", headers={"accept-language": "en"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Nothing is stored under this link" in page.text and page.headers["referrer-policy"] == "no-referrer"
    assert client.get(f"/receipts/{secret}").text.count("Unter diesem Link ist nichts gespeichert") == 2  # title, h1
    as_json = client.get(f"/receipts/{secret}/receipt.json")
    assert as_json.status_code == 404 and as_json.json()["type"] == "urn:kitaforms:problem:unknown-receipt"
    assert client.get(f"/receipts/{secret}/application.pdf").status_code == 404
    assert client.get("/receipts/assets/kitaforms.css").status_code == 200, "the 404 page's theme"


def test_the_link_of_a_deleted_submission_says_it_is_no_longer_stored(client: TestClient, exports: Path) -> None:
    receipt = submit(client, exports)
    store = client.app.state.server.store  # type: ignore[attr-defined]
    assert client.get(receipt["links"]["receipt"]).status_code == 200
    assert store.mark(receipt["reference"], RETRIEVED, RECEIVED) and store.mark(receipt["reference"], ACCEPTED, RETRIEVED)
    assert store.delete(receipt["reference"])
    page = client.get(receipt["links"]["receipt"])
    assert page.status_code == 404 and "Unter diesem Link ist nichts gespeichert" in page.text
    assert "gelöscht" in page.text and receipt["reference"] not in page.text
    assert client.get(receipt["links"]["receipt_json"]).status_code == 404
    assert client.get(receipt["links"]["application_pdf"], headers=HTML).status_code == 404


def test_a_replayed_submission_gets_a_link_of_its_own(client: TestClient, exports: Path) -> None:
    """Only hashes are kept, so the first secret cannot be sent again: the retry gets a further link."""
    key = {"idempotency-key": "retry-1"}
    first, again = submit(client, exports, **key), submit(client, exports, **key)
    assert again["reference"] == first["reference"] and again["links"]["receipt"] != first["links"]["receipt"]
    for receipt in (first, again):
        assert client.get(receipt["links"]["receipt"]).status_code == 200


def test_the_openapi_document_lists_the_receipt_links(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/receipts/{secret}", "/receipts/{secret}/receipt.json", "/receipts/{secret}/application.pdf"} <= set(paths)


def test_the_access_log_names_no_secret(client: TestClient, exports: Path) -> None:
    """uvicorn logs every request's path: the secret is left out (the journal is no key to the receipts)."""
    secret = SECRET.match(submit(client, exports)["links"]["receipt"])[1]  # type: ignore[index]
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", f"/receipts/{secret}/application.pdf?lang=de", "1.1", 200), None)
    assert logging.getLogger("uvicorn.access").filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /receipts/…/application.pdf?lang=de HTTP/1.1" 200'
