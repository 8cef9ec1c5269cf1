"""The back-office API's parts that need no store: RFC 3339, CSV columns, retention from the bundles,
the OpenAPI document. (The API on both store backends: tests/store/test_backoffice_api.py.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kitaforms.compiler import compile_project
from kitaforms.export.bundle import build_bundles
from kitaforms.serve.catalogue import load_catalogue
from kitaforms.serve.instants import rfc3339
from kitaforms.serve.retention import DEFAULT_DAYS, retention_days
from kitaforms.serve.tables import REPEAT_WITHOUT_MAX, columns, neutral

from .conftest import ROOT, admin


@pytest.mark.parametrize(("text", "stored"), [
    ("2026-12-04T09:30:00Z", "2026-12-04T09:30:00.000Z"),
    ("2026-12-04T09:30:00+01:00", "2026-12-04T08:30:00.000Z"),
    ("2026-12-04T03:30:00-05:00", "2026-12-04T08:30:00.000Z"),
    ("2026-12-04T00:30:00+01:00", "2026-12-03T23:30:00.000Z"),
    ("2026-12-04t09:30:00.5z", "2026-12-04T09:30:00.500Z"),
    ("2026-12-04 09:30:00.123-00:00", "2026-12-04T09:30:00.123Z"),
    ("2026-12-04T09:30:00.1230001Z", "2026-12-04T09:30:00.124Z"),
    ("2026-12-04T09:30:00 01:00", "2026-12-04T08:30:00.000Z"),  # a + that a query string made a space
    ("2016-12-31T23:59:60Z", "2017-01-01T00:00:00.000Z"),
])
def test_rfc3339_times_become_the_stored_form(text: str, stored: str) -> None:
    assert rfc3339(text) == stored


@pytest.mark.parametrize("text", [
    "", "garbage", "2026-12-04", "2026-12-04T09:30:00", "2026-12-04T09:30Z", "2026-12-04T9:30:00Z",
    "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-12-04T24:00:00Z", "2026-12-04T09:61:00Z",
    "2026-12-04T09:30:00+0100", "2026-12-04T09:30:00+24:00", "20261204T093000Z", "2026-W49-5T09:30:00Z",
    "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00", "2026-12-04T09:30:00.Z", " 2026-12-04T09:30:00Z",
    "２０２６-12-04T09:30:00Z",
])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        rfc3339(text)


def test_csv_columns_come_from_the_schema_in_schema_order() -> None:
    schema = {"type": "object", "properties": {
        "kind": {"type": "object", "properties": {"vorname": {"type": "string"}, "geburtsdatum": {"type": "string"}}},
        "geschwister": {"type": "array", "maxItems": 2, "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "nachweis": {"type": "object", "properties": {"name": {}, "sha256": {}}}}}},
        "zusatz": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
        "ohne_grenze": {"type": "array", "items": {"type": "object", "properties": {"x": {"type": "integer"}}}},
    }}
    assert columns(schema) == [
        "kind.vorname", "kind.geburtsdatum",
        "geschwister.0.name", "geschwister.0.nachweis.name", "geschwister.0.nachweis.sha256",
        "geschwister.1.name", "geschwister.1.nachweis.name", "geschwister.1.nachweis.sha256",
        "zusatz", *(f"ohne_grenze.{i}.x" for i in range(REPEAT_WITHOUT_MAX)),
    ]


@pytest.mark.parametrize(("text", "cell"), [
    ("=1+1", "'=1+1"), ("+49 221", "'+49 221"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("-12.50", "-12.50"), ("-3", "-3"), ("Mia", "Mia"), ("", ""),
])
def test_cells_that_start_a_formula_are_neutralised(text: str, cell: str) -> None:
    assert neutral(text) == cell


def test_the_retention_period_travels_from_kommune_yaml_in_form_json(tmp_path: Path) -> None:
    project = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", project)
    plain = build_bundles(compile_project(project))
    form_json = next(content for path, content in plain.items() if path.name == "form.json")
    assert b"aufbewahrung_tage" not in form_json, "bundles without the key keep their bytes"
    assert retention_days(load_catalogue({p.as_posix(): c for p, c in plain.items()})) == {"musterstadt": DEFAULT_DAYS}

    kommune = project / "forms" / "musterstadt" / "kommune.yaml"
    kommune.write_text(kommune.read_text("utf-8") + "aufbewahrung_tage: 90\n", "utf-8")
    built = build_bundles(compile_project(project))
    form = json.loads(next(content for path, content in built.items() if path.name == "form.json"))
    assert form["kommune"]["aufbewahrung_tage"] == 90
    assert retention_days(load_catalogue({p.as_posix(): c for p, c in built.items()})) == {"musterstadt": 90}


def test_openapi_documents_the_v1_api_and_deprecates_the_old_one(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    expected = {
        "/api/v1/submissions": {"get"}, "/api/v1/submissions/{reference}": {"get", "delete"},
        "/api/v1/submissions/{reference}/files": {"get"}, "/api/v1/submissions/{reference}/files/{attachment_id}": {"get"},
        "/api/v1/submissions/{reference}/status": {"post"}, "/api/v1/access-log": {"get"},
        "/api/v1/submissions/{reference}/bescheid": {"post"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
        assert all(operation["security"] == [{"bearer": []}] for operation in paths[path].values())
    limit = next(p for p in paths["/api/v1/submissions"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 1000
    for path in ("/api/admin/submissions", "/api/admin/submissions/{reference}", "/api/admin/uploads/{sha256}"):
        assert paths[path]["get"]["deprecated"] is True


def test_the_old_admin_api_still_answers_and_says_it_is_deprecated(client: TestClient) -> None:
    answer = client.get("/api/admin/submissions", headers=admin())
    assert answer.status_code == 200 and answer.json() == {"submissions": []}
    assert answer.headers["deprecation"].startswith("@") and "/api/v1/submissions" in answer.headers["link"]
