"""Plain form posts (no JavaScript): read with the renderer's form_post_to_data, uploads stored."""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import unquote

import pytest
from starlette.testclient import TestClient

from kitaforms.export._values import EXAMPLE_FILES

from .conftest import admin

URL = "/teststadt/antrag/submit"
PDF = EXAMPLE_FILES["application/pdf"][1]


def _fields(**changes: str) -> dict[str, str]:
    fields = {
        "art": "neu", "kind.vorname": "Mia", "kind.geburtsdatum.day": "14", "kind.geburtsdatum.month": "3",
        "kind.geburtsdatum.year": "2023", "kind.beginn.month": "8", "kind.beginn.year": "2026", "kind.stunden": "35",
        "email": "eltern@example.org", "plz": "59999", "alleinerziehend": "true", "wuensche.0.code": "kita-nord",
        "wuensche.0.reasons": "naehe", "zustimmung": "true", "_lang": "de",
    }
    fields.update(changes)
    return fields


def test_a_form_post_is_stored_and_gets_the_receipt_page(client: TestClient) -> None:
    response = client.post(URL, data=_fields())
    assert response.status_code == 201, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    (stored,) = client.get("/api/admin/submissions", headers=admin()).json()["submissions"]
    assert stored["reference"] in response.text
    assert stored["data"]["kind"]["geburtsdatum"] == "2023-03-14"
    assert stored["data"]["wuensche"] == [{"code": "kita-nord", "reasons": ["naehe"]}]


def test_a_failed_form_post_shows_the_page_with_errors(client: TestClient) -> None:
    response = client.post(URL, data=_fields(**{"kind.vorname": "", "plz": "12"}))
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "Fehler" in response.text
    assert client.get("/api/admin/submissions", headers=admin()).json()["submissions"] == []


def test_the_page_language_is_kept(client: TestClient) -> None:
    response = client.post(URL, data=_fields(_lang="en", **{"kind.vorname": ""}))
    assert response.status_code == 422
    assert 'lang="en"' in response.text


def test_uploads_are_sniffed_checksummed_and_stored(client: TestClient) -> None:
    fields = _fields(zusatz="mittag")
    response = client.post(URL, data=fields, files={"nachweis": ("scan.pdf", PDF, "image/png")})
    assert response.status_code == 201, response.text[:800]
    (stored,) = client.get("/api/admin/submissions", headers=admin()).json()["submissions"]
    described = stored["data"]["nachweis"]
    assert described == {"name": "scan.pdf", "type": "application/pdf", "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()}
    download = client.get(f"/api/admin/uploads/{described['sha256']}", headers=admin())
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"] == "application/pdf"


def test_an_upload_of_the_wrong_type_is_refused_whatever_the_client_says(client: TestClient) -> None:
    fake = b"MZ\x90\x00 this is a program, not a PDF"
    response = client.post(URL, data=_fields(zusatz="mittag"), files={"nachweis": ("scan.pdf", fake, "application/pdf")})
    assert response.status_code == 422
    assert client.get(f"/api/admin/uploads/{hashlib.sha256(fake).hexdigest()}", headers=admin()).status_code == 404


def test_an_upload_over_the_field_limit_is_refused(client: TestClient) -> None:
    big = PDF + b"0" * (1024 * 1024)
    response = client.post(URL, data=_fields(zusatz="mittag"), files={"nachweis": ("big.pdf", big, "application/pdf")})
    assert response.status_code == 422


def test_a_request_over_the_form_limit_is_413(client: TestClient) -> None:
    huge = b"%PDF-" + b"0" * (5 << 20)
    response = client.post(URL, data=_fields(), files={"nachweis": ("huge.pdf", huge, "application/pdf")})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_file_names_are_made_safe(client: TestClient) -> None:
    response = client.post(URL, data=_fields(zusatz="mittag"), files={"nachweis": ("../../etc/<pass>.pdf", PDF, "application/pdf")})
    assert response.status_code == 201
    (stored,) = client.get("/api/admin/submissions", headers=admin()).json()["submissions"]
    assert stored["data"]["nachweis"]["name"] == "pass.pdf"


def test_a_broken_multipart_body_is_400(client: TestClient) -> None:
    response = client.post(URL, content=b"--xyz\r\nnonsense", headers={"content-type": "multipart/form-data; boundary=xyz"})
    assert response.status_code in (400, 422)
    assert response.status_code != 500


def test_form_post_idempotency(client: TestClient) -> None:
    first = client.post(URL, data=_fields(), headers={"idempotency-key": "form-1"})
    second = client.post(URL, data=_fields(), headers={"idempotency-key": "form-1"})
    assert first.status_code == second.status_code == 201
    assert len(client.get("/api/admin/submissions", headers=admin()).json()["submissions"]) == 1


def test_the_add_button_of_a_repeat_answers_with_the_page_and_one_more_entry(client: TestClient) -> None:
    url = "/musterstadt/anmeldung/submit"
    response = client.post(url, data={"_lang": "de", "geschwister.0.name": "Ben", "_add": "geschwister"})
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert 'name="geschwister.0.name" type="text" value="Ben"' in response.text.replace("required ", "")
    assert 'name="geschwister.1.name"' in response.text
    assert "kf-error-summary" not in response.text, "adding an entry is not a failed submission"
    removed = client.post(url, data={"geschwister.0.name": "Ben", "geschwister.1.name": "Mia", "_remove": "geschwister.0"})
    assert removed.status_code == 200 and "Ben" not in removed.text and 'value="Mia"' in removed.text
    assert client.get("/api/admin/submissions", headers=admin()).json()["submissions"] == [], "nothing is stored"


@pytest.mark.parametrize("name", [unicodedata.normalize("NFD", "Müller.pdf"), "€ Beleg.pdf", "Справка.pdf",
                                  "Gülşen İçöz.pdf", 'a"b\\c.pdf'])
def test_a_file_name_in_any_script_downloads_under_its_name(client: TestClient, name: str) -> None:
    response = client.post(URL, data=_fields(zusatz="mittag"), files={"nachweis": (name, PDF, "application/pdf")})
    assert response.status_code == 201, response.text[:500]
    (stored,) = client.get("/api/admin/submissions", headers=admin()).json()["submissions"]
    download = client.get(f"/api/admin/uploads/{stored['data']['nachweis']['sha256']}", headers=admin())
    assert download.status_code == 200 and download.content == PDF
    disposition = download.headers["content-disposition"]
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == unicodedata.normalize("NFC", stored["data"]["nachweis"]["name"])
    assert disposition.isascii() and '\\"' not in disposition
