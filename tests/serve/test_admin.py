"""The deprecated admin API (/api/admin, kept for one release; operator token only): refuses requests
without the token; exports submissions as JSON and CSV. The back-office API v1: test_backoffice.py and
tests/store/test_backoffice_api.py."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from .conftest import admin


@pytest.mark.parametrize("url", ["/api/admin/submissions", "/api/admin/submissions?format=csv",
                                 "/api/admin/submissions/KF-0000-0000-0000", "/api/admin/uploads/" + "0" * 64])
@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer wrong", "Basic dGVzdDp0ZXN0", "bearer  "])
def test_no_token_no_data(client: TestClient, url: str, authorization: str | None) -> None:
    headers = {} if authorization is None else {"authorization": authorization}
    response = client.get(url, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")


def _submit(client: TestClient, exports: Path, **changes: object) -> str:
    import json

    data = json.loads((exports / "05999001-teststadt/antrag/2.1.0/examples/valid/02-full.json").read_text("utf-8"))
    del data["nachweis"]  # a file answer needs its file in the same (multipart) request: test_uploads.py
    data.update(changes)
    response = client.post("/teststadt/antrag/submit", json=data)
    assert response.status_code == 201, response.text
    return response.json()["reference"]


def test_json_export_and_filters(client: TestClient, exports: Path) -> None:
    first = _submit(client, exports)
    mini = client.post("/musterstadt/anmeldung/submit", content=(
        exports / "05999000-musterstadt/anmeldung/1.0.0/examples/valid/01-minimal.json").read_bytes(),
        headers={"content-type": "application/json"})
    assert mini.status_code == 201
    everything = client.get("/api/admin/submissions", headers=admin()).json()["submissions"]
    assert len(everything) == 2
    only = client.get("/api/admin/submissions?kommune=teststadt&form=antrag", headers=admin()).json()["submissions"]
    assert [s["reference"] for s in only] == [first]
    later = client.get("/api/admin/submissions?since=2999-01-01", headers=admin()).json()["submissions"]
    assert later == []


def test_csv_export_flattens_and_neutralises_formulas(client: TestClient, exports: Path) -> None:
    reference = _submit(client, exports, telefon="+49 221 123456")
    response = client.get("/api/admin/submissions?format=csv", headers=admin())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    (row,) = rows
    assert row["reference"] == reference
    assert row["kind.vorname"] == "Mia"
    assert row["telefon"] == "'+49 221 123456", "a leading + would start a formula"
    assert row["wuensche.0.code"] == "kita-nord"


def test_unknown_format_and_reference(client: TestClient) -> None:
    assert client.get("/api/admin/submissions?format=xml", headers=admin()).status_code == 400
    assert client.get("/api/admin/submissions/KF-NOPE", headers=admin()).status_code == 404


def test_since_is_a_moment_in_any_offset_and_garbage_is_refused(client: TestClient, exports: Path) -> None:
    reference = _submit(client, exports)
    received = client.get(f"/api/admin/submissions/{reference}", headers=admin()).json()["received_at"]
    moment = datetime.fromisoformat(received.replace("Z", "+00:00"))
    berlin = timezone(timedelta(hours=1))
    before = (moment - timedelta(seconds=1)).astimezone(berlin).isoformat()  # e.g. …T23:10:29+01:00
    after = (moment + timedelta(seconds=1)).astimezone(berlin).isoformat()

    def listed(since: str) -> list[str]:
        answer = client.get("/api/admin/submissions", params={"since": since}, headers=admin())
        assert answer.status_code == 200, answer.text
        return [s["reference"] for s in answer.json()["submissions"]]

    assert listed(before) == [reference], "a time with +01:00 must find what was received after it"
    assert listed(after) == []
    unencoded = client.get(f"/api/admin/submissions?since={before}", headers=admin())  # the + arrives as a space
    assert [s["reference"] for s in unencoded.json()["submissions"]] == [reference]
    garbage = client.get("/api/admin/submissions?since=garbage", headers=admin())
    assert garbage.status_code == 400 and garbage.json()["type"] == "urn:kitaforms:problem:bad-since"
