"""What the server keeps of text answers (issue 13): NFC, invisible-only is no answer, no direction controls."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from starlette.testclient import TestClient

from .conftest import admin
from .test_submit import JSON, URL, _full


def _send(client: TestClient, data: dict) -> dict:
    response = client.post(URL, content=json.dumps(data, ensure_ascii=False).encode("utf-8"), headers=JSON)
    return {**response.json(), "http": response.status_code}


def _stored(client: TestClient, reference: str) -> dict:
    return client.get(f"/api/admin/submissions/{reference}", headers=admin()).json()["data"]


def test_a_decomposed_name_is_stored_composed(client: TestClient, exports: Path) -> None:
    data = _full(exports)
    data["kind"]["vorname"] = unicodedata.normalize("NFD", "Jürgen-Şükrü")
    answer = _send(client, data)
    assert answer["http"] == 201, answer
    assert _stored(client, answer["reference"])["kind"]["vorname"] == "Jürgen-Şükrü"  # one code point per letter


def test_a_required_name_of_invisible_characters_is_missing(client: TestClient, exports: Path) -> None:
    data = _full(exports)
    data["kind"]["vorname"] = "\u200b\u00a0\ufeff"
    answer = _send(client, data)
    assert answer["http"] == 422
    assert [(e["path"], e["code"]) for e in answer["errors"]] == [("kind.vorname", "required")]


def test_a_name_with_a_direction_override_is_refused(client: TestClient, exports: Path) -> None:
    data = _full(exports)
    data["kind"]["vorname"] = "Anna\u202eanoJ"
    answer = _send(client, data)
    assert answer["http"] == 422
    assert [(e["path"], e["code"]) for e in answer["errors"]] == [("kind.vorname", "invalid_characters")]
    assert "Schreibrichtung" in answer["errors"][0]["message"]["de"]
