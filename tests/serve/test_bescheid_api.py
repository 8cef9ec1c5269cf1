"""POST /api/v1/submissions/{reference}/bescheid: the provisional fee notice of a stored income declaration,
for the back office of its own Kommune only (another Kommune's token gets 404, as if it did not exist).

The declaration and its arithmetic are those of tests/notice/test_bescheid.py (Köln, 49,100 € → Stufe 4)."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from starlette.testclient import TestClient
from tests.notice.test_bescheid import ANSWERS

from kitaforms.serve.app import Settings, create_app
from kitaforms.serve.catalogue import load_catalogue
from kitaforms.store import Submission

from .conftest import ROOT, TODAY, TOKEN

BUNDLE = "05315000-koeln/einkommen/2.0.0"


@pytest.fixture()
def office(tmp_path: Path) -> Iterator[TestClient]:
    folder = ROOT / "exports" / BUNDLE
    files = {f"{BUNDLE}/{p.relative_to(folder).as_posix()}": p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    settings = Settings(db=tmp_path / "db.sqlite3", admin_token=TOKEN, today=lambda: TODAY, project=ROOT)
    with TestClient(create_app(load_catalogue(files), settings)) as client:
        yield client


def add(db: Path, reference: str, lang: str) -> None:
    from kitaforms.store import open_store

    store = open_store(db)
    try:
        row = Submission(reference, "koeln", "einkommen", "2.0.0", "2025-11-20T09:00:00Z", lang, json.dumps(ANSWERS))
        asyncio.run(store.add_submission(row, None, {}))
    finally:
        store.close()


def token(db: Path, kommune: str) -> dict[str, str]:
    from kitaforms.store import open_store

    store = open_store(db)
    try:
        return {"authorization": f"Bearer {store.issue_token(kommune)[1]}"}
    finally:
        store.close()


def test_the_back_office_gets_the_notice_of_its_own_declaration(office: TestClient, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    add(db, "EK-7", "en")
    koeln, bonn = token(db, "koeln"), token(db, "bonn")
    url = "/api/v1/submissions/EK-7/bescheid?von=2026-01&bis=2026-02&datum=2025-12-01"
    assert office.post(url, headers=bonn).status_code == 404  # another Kommune: as if it did not exist
    assert office.post(url).status_code == 401
    answer = office.post(url, headers=koeln)
    assert answer.status_code == 200, answer.text
    decision = answer.json()
    assert decision["kind"] == "vorlaeufig" and decision["lang"] == "en"  # the parent's language, offered by Köln
    assert [m["fee"] for m in decision["months"]] == ["298.49", "298.49"] and decision["total"] == "596.98"
    assert decision["submission"] == {"reference": "EK-7", "received_at": "2025-11-20T09:00:00Z"}
    pdf = office.post(url + "&format=pdf", headers=koeln)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert str(pikepdf.open(io.BytesIO(pdf.content)).Root.Lang) == "en"
    log = office.get("/api/v1/access-log?reference=EK-7", headers={"authorization": f"Bearer {TOKEN}"}).json()
    assert [e["action"] for e in log["entries"]].count("bescheid") == 2


def test_bad_parameters_are_refused(office: TestClient, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    add(db, "EK-8", "de")
    koeln = token(db, "koeln")
    assert office.post("/api/v1/submissions/EK-8/bescheid?einkommen=viel", headers=koeln).status_code == 400
    assert office.post("/api/v1/submissions/EK-8/bescheid?format=docx", headers=koeln).status_code == 400
    assert office.post("/api/v1/submissions/EK-8/bescheid?farbe=rot", headers=koeln).status_code == 400
