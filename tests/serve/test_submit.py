"""Submissions: checked with schema + rules, stored, acknowledged; every bad request is a 4xx problem."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ._files import example_files, file_answers, multipart
from .conftest import admin

URL = "/teststadt/antrag/submit"
JSON = {"content-type": "application/json"}


def _examples(exports: Path, kind: str) -> list[tuple[dict, bytes]]:
    result = []
    for folder in sorted(exports.glob("*/*/*/examples")):
        index = json.loads((folder / "index.json").read_text("utf-8"))
        kommune, form = folder.parent.parent.parent.name.split("-", 1)[1], folder.parent.parent.name
        for entry in index[kind]:
            result.append(({**entry, "url": f"/{kommune}/{form}/submit", "bundle": folder.parent},
                           (folder / entry["file"]).read_bytes()))
    return result


def _full(exports: Path) -> dict:
    """The full example without its file answer (files travel only in multipart: test_uploads.py)."""
    data = json.loads((exports / "05999001-teststadt/antrag/2.1.0/examples/valid/02-full.json").read_text("utf-8"))
    del data["nachweis"]
    return data


def test_every_valid_example_is_accepted(client: TestClient, exports: Path) -> None:
    """Each with its files (the bundle's examples/files/), in one multipart request when it has any."""
    references, sent = set(), 0
    for entry, body in _examples(exports, "valid"):
        data = json.loads(body)
        if any(file_answers(data)):
            response = client.post(entry["url"], **multipart(data, example_files(entry["bundle"])))
            sent += 1
        else:
            response = client.post(entry["url"], content=body, headers=JSON)
        assert response.status_code == 201, (entry["file"], response.text)
        receipt = response.json()
        assert receipt["status"] == "received" and receipt["schema"].endswith("/schema.json")
        assert [(f["field"], f["sha256"]) for f in receipt["files"]] == [(p, a["sha256"]) for p, a in file_answers(data)]
        references.add(receipt["reference"])
    assert sent, "some examples come with files"
    stored = client.get("/api/admin/submissions", headers=admin()).json()["submissions"]
    assert {s["reference"] for s in stored} == references


def test_a_json_submission_that_describes_files_is_refused(client: TestClient, exports: Path) -> None:
    """JSON cannot carry files: a file answer must refer to a file sent in the same request."""
    body = (exports / "05999001-teststadt/antrag/2.1.0/examples/valid/02-full.json").read_bytes()
    response = client.post(URL, content=body, headers=JSON)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:kitaforms:problem:file-not-sent" and "_submission" in problem["detail"]
    assert [(e["path"], e["code"]) for e in problem["errors"]] == [("nachweis", "file_not_sent")]
    assert "Nachweis" in problem["errors"][0]["message"]["de"]
    assert client.get("/api/admin/submissions", headers=admin()).json()["submissions"] == []


def test_every_invalid_example_fails_with_its_stated_error(client: TestClient, exports: Path) -> None:
    for entry, body in _examples(exports, "invalid"):
        response = client.post(entry["url"], content=body, headers=JSON)
        assert response.status_code == 422, entry["file"]
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"] == "urn:kitaforms:problem:invalid-submission" and problem["status"] == 422
        found = {(e["path"], e["code"]) for e in problem["errors"]}
        assert (entry["error"]["path"], entry["error"]["code"]) in found, (entry["file"], found)
    assert client.get("/api/admin/submissions", headers=admin()).json()["submissions"] == []


def test_the_stored_data_is_the_submission(client: TestClient, exports: Path) -> None:
    data = _full(exports)
    reference = client.post(URL, json=data).json()["reference"]
    stored = client.get(f"/api/admin/submissions/{reference}", headers=admin()).json()
    assert stored["data"] == data
    assert (stored["kommune"], stored["form"], stored["version"]) == ("teststadt", "antrag", "2.1.0")


@pytest.mark.parametrize("amount", ["1999.99", "1234.56", "19.99", "0.10", "2000", "2000.0"])
def test_money_is_read_exactly(client: TestClient, exports: Path, amount: str) -> None:
    """Amounts are decimal strings: cents that binary floating point cannot hold are accepted as sent."""
    data = {**_full(exports), "alleinerziehend": False, "einkommen": amount}
    data.pop("iban", None)  # required only above 2000 (einkommen > 2000)
    response = client.post(URL, content=json.dumps(data), headers=JSON)
    assert response.status_code == 201, response.json()
    stored = client.get(f"/api/admin/submissions/{response.json()['reference']}", headers=admin()).json()
    assert stored["data"]["einkommen"] == amount


@pytest.mark.parametrize(("amount", "code"), [
    ("1999.999", "invalid_money"), (1999.99, "invalid_money"), ("1.999,99", "invalid_money"), ("-0.01", "too_small"),
])
def test_an_amount_that_is_not_a_decimal_string_in_range_is_refused(client: TestClient, exports: Path, amount: object,
                                                                     code: str) -> None:
    data = {**_full(exports), "alleinerziehend": False, "einkommen": amount}
    data.pop("iban", None)
    response = client.post(URL, content=json.dumps(data), headers=JSON)
    assert response.status_code == 422
    assert ("einkommen", code) in {(e["path"], e["code"]) for e in response.json()["errors"]}


def test_a_conditional_requirement_on_an_amount_is_exact(client: TestClient, exports: Path) -> None:
    """``iban`` is required when ``einkommen > 2000``: 2000.01 needs it, 2000.00 does not (schema and rules)."""
    data = {**_full(exports), "alleinerziehend": False, "einkommen": "2000.01"}
    data.pop("iban", None)
    response = client.post(URL, content=json.dumps(data), headers=JSON)
    assert response.status_code == 422 and [e["path"] for e in response.json()["errors"]] == ["iban"]


@pytest.mark.parametrize(("body", "slug"), [
    (b"{", "malformed-json"),
    (b"", "malformed-json"),
    (b"\xff\xfe", "malformed-json"),
    (b'{"art": NaN}', "malformed-json"),
    (b'{"einkommen": 1e400}', "number-out-of-range"),
    (b'{"einkommen": 12345678901234567890}', "number-out-of-range"),
    (b"[" * 50000 + b"]" * 50000, "malformed-json"),
])
def test_malformed_json_is_400(client: TestClient, body: bytes, slug: str) -> None:
    response = client.post(URL, content=body, headers=JSON)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == f"urn:kitaforms:problem:{slug}"


@pytest.mark.parametrize("body", [b"[]", b'"text"', b"42", b"null", b'{"kind": []}', b'{"geschwister": {"0": 1}}'])
def test_json_of_the_wrong_shape_is_422(client: TestClient, body: bytes) -> None:
    response = client.post(URL, content=body, headers=JSON)
    assert response.status_code == 422
    assert response.json()["errors"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "", "application/json-patch+json"])
def test_wrong_content_type_is_415(client: TestClient, content_type: str) -> None:
    response = client.post(URL, content=b"{}", headers={"content-type": content_type})
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"


def test_unknown_forms_and_versions_are_404(client: TestClient) -> None:
    for url in ("/teststadt/gibtsnicht/submit", "/nirgendwo/antrag/submit", "/teststadt/antrag/9.9.9/submit"):
        response = client.post(url, json={})
        assert response.status_code == 404, url
        assert response.json()["type"] == "urn:kitaforms:problem:unknown-form"


def test_a_given_version_can_be_submitted_to(client: TestClient, exports: Path) -> None:
    response = client.post("/teststadt/antrag/2.1.0/submit", json=_full(exports))
    assert response.status_code == 201 and response.json()["version"] == "2.1.0"


def test_oversized_bodies_are_413(client: TestClient) -> None:
    big = b'{"x": "' + b"a" * (300 * 1024) + b'"}'
    response = client.post(URL, content=big, headers=JSON)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_oversized_streamed_bodies_are_413(client: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(400):
            yield b"a" * 1024

    response = client.post(URL, content=chunks(), headers=JSON)
    assert response.status_code == 413


def test_a_lying_content_length_is_refused(client: TestClient) -> None:
    response = client.post(URL, content=b"{}", headers={**JSON, "content-length": "abc"})
    assert response.status_code in (400, 413)


def test_idempotency_key_replays_the_first_answer(client: TestClient, exports: Path) -> None:
    data = _full(exports)
    first = client.post(URL, json=data, headers={"idempotency-key": "abc-123"})
    second = client.post(URL, json=data, headers={"idempotency-key": "abc-123"})
    assert first.status_code == second.status_code == 201
    assert {**first.json(), "links": None} == {**second.json(), "links": None}
    assert first.json()["links"] != second.json()["links"], "only the link's hash is kept: a replay gets a link of its own"
    assert second.headers["idempotent-replayed"] == "true"
    assert len(client.get("/api/admin/submissions", headers=admin()).json()["submissions"]) == 1


def test_idempotency_key_with_another_body_is_409(client: TestClient, exports: Path) -> None:
    data = _full(exports)
    client.post(URL, json=data, headers={"idempotency-key": "k1"})
    response = client.post(URL, json={**data, "telefon": "0211 99999"}, headers={"idempotency-key": "k1"})
    assert response.status_code == 409
    assert response.json()["type"] == "urn:kitaforms:problem:idempotency-conflict"


def test_a_bad_idempotency_key_is_400(client: TestClient, exports: Path) -> None:
    response = client.post(URL, json=_full(exports), headers={"idempotency-key": "x" * 300})
    assert response.status_code == 400


def test_racing_requests_with_one_key_store_once(catalogue, tmp_path: Path, exports: Path) -> None:  # type: ignore[no-untyped-def]
    import httpx

    from kitaforms.serve.app import Settings, create_app

    from .conftest import TODAY, TOKEN

    app = create_app(catalogue, Settings(db=tmp_path / "race.sqlite3", admin_token=TOKEN, today=lambda: TODAY))
    body = json.dumps(_full(exports))

    async def race() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await asyncio.gather(*[
                http.post(URL, content=body, headers={**JSON, "idempotency-key": "same"}) for _ in range(20)
            ])

    responses = asyncio.run(race())
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["reference"] for r in responses}) == 1
    assert app.state.server.store.count() == 1
    app.state.server.store.close()


def test_json_clients_that_prefer_html_get_the_receipt_page(client: TestClient, exports: Path) -> None:
    response = client.post(URL, json=_full(exports), headers={"accept": "text/html, application/problem+json, application/json"})
    assert response.status_code == 201
    assert response.headers["content-type"].startswith("text/html")
    reference = client.get("/api/admin/submissions", headers=admin()).json()["submissions"][0]["reference"]
    assert reference in response.text


def test_english_errors_and_receipts(client: TestClient, exports: Path) -> None:
    response = client.post(URL, json={}, headers={"accept-language": "en-GB,en;q=0.9"})
    assert response.status_code == 422
    assert all(set(e["message"]) >= {"de", "en"} for e in response.json()["errors"])
