"""Files travel with their submission: multipart (answers as JSON + one part per file), streamed to
disk within their field's limit, typed by their bytes, stored and read back byte for byte."""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import unicodedata
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from starlette.testclient import TestClient

from kitaforms.compiler import compile_project
from kitaforms.export._values import EXAMPLE_FILES
from kitaforms.export.bundle import build_bundles
from kitaforms.serve.app import Settings, create_app
from kitaforms.serve.catalogue import load_catalogue, read_tree

from ._files import multipart
from .conftest import ROOT, TODAY, TOKEN, admin

URL = "/teststadt/antrag/submit"  # nachweis: one file, PDF or PNG, at most 1 MB
PDF = EXAMPLE_FILES["application/pdf"][1]
PNG = EXAMPLE_FILES["image/png"][1]
HTML_AS_PDF = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def described(name: str, content: bytes, kind: str = "application/pdf") -> dict[str, Any]:
    return {"name": name, "type": kind, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


def answers(**changes: Any) -> dict[str, Any]:
    """Valid answers of teststadt/antrag, which may carry a file (``nachweis``)."""
    data = {"art": "neu", "alleinerziehend": True, "email": "eltern@example.org", "plz": "59999", "zustimmung": True,
            "kind": {"vorname": "Mia", "geburtsdatum": "2022-10-02", "beginn": "2026-08", "stunden": 35},
            "wuensche": [{"code": "kita-nord", "reasons": ["naehe"]}]}
    data.update(changes)
    return data


def download(client: TestClient, sha256: str) -> httpx.Response:
    return client.get(f"/api/admin/uploads/{sha256}", headers=admin())


def stored(client: TestClient) -> list[dict[str, Any]]:
    return client.get("/api/admin/submissions", headers=admin()).json()["submissions"]


def test_answers_and_file_in_one_request_are_stored_byte_for_byte(client: TestClient) -> None:
    data = answers(nachweis=described("Bescheid 2025.pdf", PDF))
    response = client.post(URL, **multipart(data, {data["nachweis"]["sha256"]: PDF}))
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert receipt["files"] == [{"attachment_id": "nachweis", "field": "nachweis", **described("Bescheid 2025.pdf", PDF)}]
    (submission,) = stored(client)
    assert submission["reference"] == receipt["reference"]
    assert submission["data"]["nachweis"] == described("Bescheid 2025.pdf", PDF)
    got = download(client, hashlib.sha256(PDF).hexdigest())
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"


def test_the_answers_may_come_as_a_json_file_part(client: TestClient) -> None:
    data = answers(nachweis=described("nachweis.pdf", PDF))
    response = client.post(URL, files=[("_submission", ("answers.json", json.dumps(data).encode(), "application/json")),
                                       ("nachweis", ("nachweis.pdf", PDF, "application/pdf"))])
    assert response.status_code == 201, response.text
    assert download(client, hashlib.sha256(PDF).hexdigest()).content == PDF


def test_the_receipt_lists_what_the_server_measured_not_what_the_client_claimed(client: TestClient) -> None:
    data = answers(nachweis={**described("../../scan.png", PNG), "type": "application/pdf", "size": 1})
    response = client.post(URL, **multipart(data, {data["nachweis"]["sha256"]: PNG}))
    assert response.status_code == 201, response.text
    assert response.json()["files"][0] | {"attachment_id": ""} == {"attachment_id": "", "field": "nachweis",
                                                                    **described("scan.png", PNG, "image/png")}
    assert stored(client)[0]["data"]["nachweis"] == described("scan.png", PNG, "image/png")


def test_the_html_receipt_lists_the_stored_file(client: TestClient) -> None:
    data = answers(nachweis=described("Lohnschein.pdf", PDF))
    response = client.post(URL, **multipart(data, {data["nachweis"]["sha256"]: PDF}),
                           headers={"accept": "text/html, application/problem+json, application/json"})
    assert response.status_code == 201 and response.headers["content-type"].startswith("text/html")
    assert "Lohnschein.pdf" in response.text and hashlib.sha256(PDF).hexdigest() in response.text
    assert f"{len(PDF)} Byte" in response.text


def test_a_file_over_its_fields_limit_is_refused_naming_the_field(client: TestClient) -> None:
    big = PDF + b"0" * (1024 * 1024)
    data = answers(nachweis=described("gross.pdf", big))
    response = client.post(URL, **multipart(data, {data["nachweis"]["sha256"]: big}))
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:kitaforms:problem:file-too-large" and "`nachweis`" in problem["detail"]
    assert [(e["path"], e["code"]) for e in problem["errors"]] == [("nachweis", "file_too_large")]
    assert problem["errors"][0]["message"]["de"] == "Die Datei bei „Nachweis“ ist größer als 1 MB."
    assert stored(client) == [] and download(client, data["nachweis"]["sha256"]).status_code == 404


def test_the_request_ends_as_soon_as_a_file_passes_its_limit(catalogue: Any, tmp_path: Path) -> None:
    """The server stops reading at the field's limit (1 MB), not at the request's (64 MB)."""
    app = create_app(catalogue, Settings(db=tmp_path / "db.sqlite3", admin_token=TOKEN, today=lambda: TODAY))
    boundary = "kf-test-boundary"
    sent = [0]

    async def body() -> AsyncIterator[bytes]:
        data = answers(nachweis=described("endlos.pdf", b"unknown"))
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_submission\"\r\n\r\n"
               f"{json.dumps(data)}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"nachweis\"; "
               f"filename=\"endlos.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n").encode()
        for _ in range(32 * 16):  # 32 MB in 64 KB chunks
            sent[0] += 1
            yield b"0" * 65536

    async def post() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
            return await http.post(URL, content=body(), headers={"content-type": f"multipart/form-data; boundary={boundary}"})

    try:
        response = asyncio.run(post())
    finally:
        app.state.server.store.close()
    assert response.status_code == 413 and response.json()["type"] == "urn:kitaforms:problem:file-too-large"
    assert sent[0] <= 17 + 2, f"read {sent[0]} chunks of 64 KB for a 1 MB limit"


@pytest.mark.parametrize(("content", "name"), [(HTML_AS_PDF, "scan.pdf"), (HTML_AS_PDF + b"%%EOF\n", "scan.pdf"),
                                               (b"MZ\x90\x00 a program", "scan.pdf"), (PDF[:-7], "cut.pdf")])
def test_a_file_that_is_not_what_it_claims_is_refused(client: TestClient, content: bytes, name: str) -> None:
    data = answers(nachweis=described(name, content))
    response = client.post(URL, **multipart(data, {data["nachweis"]["sha256"]: content}))
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "urn:kitaforms:problem:invalid-submission"
    assert ("nachweis", "invalid_file_type") in {(e["path"], e["code"]) for e in problem["errors"]}
    assert stored(client) == [] and download(client, data["nachweis"]["sha256"]).status_code == 404


def test_a_file_answer_without_its_part_is_refused(client: TestClient) -> None:
    data = answers(nachweis=described("nachweis.pdf", PDF))
    response = client.post(URL, data={"_submission": json.dumps(data)}, files=[("other", ("x.txt", b"x", "text/plain"))])
    assert response.status_code == 400 and response.json()["type"] == "urn:kitaforms:problem:unexpected-file"
    indexed = client.post(URL, data={"_submission": json.dumps(data)}, files=[("nachweis.0", ("n.pdf", PDF, "application/pdf"))])
    assert indexed.status_code == 400 and "field's path" in indexed.json()["detail"], "parts name the field, not a file"
    lone = client.post(URL, files=[("_submission", (None, json.dumps(data).encode(), "application/json"))])
    assert lone.status_code == 422
    problem = lone.json()
    assert problem["type"] == "urn:kitaforms:problem:file-not-sent"
    assert [(e["path"], e["code"]) for e in problem["errors"]] == [("nachweis", "file_not_sent")]
    assert stored(client) == []


def test_a_part_whose_bytes_differ_from_the_answer_is_refused(client: TestClient) -> None:
    data = answers(nachweis=described("nachweis.pdf", PDF))
    other = PDF.replace(b"Count 0", b"Count 1")
    response = client.post(URL, **multipart(data, {data["nachweis"]["sha256"]: other}))
    assert response.status_code == 422 and response.json()["type"] == "urn:kitaforms:problem:file-not-sent"
    assert stored(client) == [] and download(client, hashlib.sha256(other).hexdigest()).status_code == 404


def test_the_answers_come_first_and_every_part_is_claimed(client: TestClient) -> None:
    data = answers(nachweis=described("nachweis.pdf", PDF))
    late = client.post(URL, files=[("nachweis", ("nachweis.pdf", PDF, "application/pdf")),
                                   ("_submission", (None, json.dumps(data).encode(), "application/json"))])
    assert late.status_code == 400 and late.json()["type"] == "urn:kitaforms:problem:malformed-form"
    unclaimed = client.post(URL, data={"_submission": json.dumps(answers())},
                            files=[("nachweis", ("nachweis.pdf", PDF, "application/pdf"))])
    assert unclaimed.status_code == 400 and unclaimed.json()["type"] == "urn:kitaforms:problem:file-without-answer"
    extra = client.post(URL, data={"_submission": json.dumps(answers()), "vorname": "Mia"},
                        files=[("nachweis", ("nachweis.pdf", PDF, "application/pdf"))])
    assert extra.status_code == 400 and extra.json()["type"] == "urn:kitaforms:problem:unexpected-part"
    assert stored(client) == []


@pytest.mark.parametrize("name", [unicodedata.normalize("NFD", "Müller.pdf"), "€ Beleg.pdf", "Справка о доходах.pdf",
                                  "Gülşen İçöz.pdf", 'a"b\\c.pdf'])
def test_a_file_name_in_any_script_downloads_under_its_name(client: TestClient, name: str) -> None:
    data = answers(nachweis=described(name, PDF))
    response = client.post(URL, **multipart(data, {data["nachweis"]["sha256"]: PDF}))
    assert response.status_code == 201, response.text
    kept = stored(client)[0]["data"]["nachweis"]["name"]
    assert response.json()["files"][0]["name"] == kept
    assert unicodedata.normalize("NFC", kept).endswith(".pdf") and "/" not in kept and "\\" not in kept
    got = download(client, hashlib.sha256(PDF).hexdigest())
    assert got.status_code == 200 and got.content == PDF
    disposition = got.headers["content-disposition"]
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == unicodedata.normalize("NFC", kept)
    assert disposition.isascii() and '\\"' not in disposition


def test_the_idempotency_key_covers_the_files(client: TestClient) -> None:
    data = answers(nachweis=described("nachweis.pdf", PDF))
    key = {"idempotency-key": "with-files-1"}
    first = client.post(URL, **multipart(data, {data["nachweis"]["sha256"]: PDF}), headers=key)
    again = client.post(URL, **multipart(data, {data["nachweis"]["sha256"]: PDF}), headers=key)
    assert first.status_code == again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert {**again.json(), "links": None} == {**first.json(), "links": None} and len(stored(client)) == 1
    other = answers(nachweis=described("nachweis.png", PNG, "image/png"))
    changed = client.post(URL, **multipart(other, {other["nachweis"]["sha256"]: PNG}), headers=key)
    assert changed.status_code == 409
    assert download(client, hashlib.sha256(PNG).hexdigest()).status_code == 404


# --- several files per field, files inside repeats: the mini form with two file fields added --------

FILE_STEP = """
  - id: unterlagen
    title: {de: Unterlagen, en: Documents}
    elements:
      - id: belege
        type: file
        label: {de: Belege, en: Receipts}
        accept: [application/pdf, image/png]
        max_size_mb: 0.01
        max_files: 3
"""
SIBLING = """      - id: geschwister
        type: repeat
        label: {de: Geschwister, en: Siblings}
        max_items: 4
        elements:
"""
SIBLING_FILE = """          - id: urkunde
            type: file
            label: {de: Geburtsurkunde, en: Birth certificate}
            max_size_mb: 0.01
"""


@pytest.fixture(scope="module")
def files_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", project, dirs_exist_ok=True)
    form = project / "forms" / "nrw" / "anmeldung.yaml"
    text = form.read_text("utf-8")
    assert SIBLING in text
    form.write_text(text.replace(SIBLING, SIBLING + SIBLING_FILE).rstrip("\n") + "\n" + FILE_STEP, "utf-8")
    result = compile_project(project)
    assert not [d for d in result.diagnostics if d.severity.name == "ERROR"], result.diagnostics
    target = tmp_path_factory.mktemp("exports")
    for path, content in build_bundles(result).items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(content)
    return target


@pytest.fixture()
def files_client(files_exports: Path, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(db=tmp_path / "db.sqlite3", admin_token=TOKEN, today=lambda: TODAY)
    with TestClient(create_app(load_catalogue(read_tree(files_exports)), settings)) as test_client:
        yield test_client


MINI = "/musterstadt/anmeldung/submit"


def mini_answers(**changes: Any) -> dict[str, Any]:
    data = {"kind": {"geburtsdatum": "2022-10-02", "vorname": "Mia"}, "sorgerecht": "gemeinsam",
            "wuensche": [{"code": "kita-a"}]}
    data.update(changes)
    return data


def test_several_files_per_field_and_files_in_repeats(files_client: TestClient) -> None:
    first, second = PDF, PDF.replace(b"Count 0", b"Count 2")
    data = mini_answers(
        belege=[described("a.pdf", first), described("b.png", PNG, "image/png"), described("c.pdf", second)],
        geschwister=[{"name": "Ben"}, {"name": "Lea", "urkunde": described("urkunde.pdf", first)}],
    )
    contents = {hashlib.sha256(c).hexdigest(): c for c in (first, second, PNG)}
    response = files_client.post(MINI, **multipart(data, contents))
    assert response.status_code == 201, response.text
    files = response.json()["files"]
    assert [(f["attachment_id"], f["field"], f["name"]) for f in files] == [
        ("belege.0", "belege", "a.pdf"), ("belege.1", "belege", "b.png"), ("belege.2", "belege", "c.pdf"),
        ("geschwister.1.urkunde", "geschwister.1.urkunde", "urkunde.pdf")]
    for sha256, content in contents.items():
        got = download(files_client, sha256)
        assert got.status_code == 200 and got.content == content
    reference = response.json()["reference"]
    kept = files_client.app.state.server.store.files_of(reference)  # type: ignore[attr-defined]
    assert sorted((u.attachment_id, u.field, u.sha256) for u in kept) == sorted(
        (f["attachment_id"], f["field"], f["sha256"]) for f in files)


def test_more_files_than_the_field_takes_are_refused_at_once(files_client: TestClient) -> None:
    data = mini_answers(belege=[described(f"{n}.pdf", PDF) for n in range(4)])
    response = files_client.post(MINI, **multipart(data, {hashlib.sha256(PDF).hexdigest(): PDF}))
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "urn:kitaforms:problem:too-many-files"
    assert [(e["path"], e["code"]) for e in problem["errors"]] == [("belege", "too_many_items")]


def test_a_small_limit_from_the_definition_is_the_servers_limit(files_client: TestClient) -> None:
    """max_size_mb: 0.01 → 10485 bytes: one byte more is refused, exactly that many are taken."""
    fits = PDF + b" " * (10485 - len(PDF) - 6) + b"%%EOF\n"
    assert len(fits) == 10485
    too_big = b"%PDF-" + b" " * 10474 + b"\n%%EOF\n"
    assert len(too_big) == 10486
    data = mini_answers(belege=[described("fits.pdf", fits)])
    assert files_client.post(MINI, **multipart(data, {data["belege"][0]["sha256"]: fits})).status_code == 201
    data = mini_answers(belege=[described("big.pdf", too_big)])
    response = files_client.post(MINI, **multipart(data, {data["belege"][0]["sha256"]: too_big}))
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"]["en"] == "The file for “Receipts” is larger than 0,01 MB."


def test_a_form_post_without_javascript_keeps_the_other_answers_when_a_file_is_too_big(files_client: TestClient) -> None:
    fields = {"kind.vorname": "Mia", "kind.geburtsdatum.day": "2", "kind.geburtsdatum.month": "10",
              "kind.geburtsdatum.year": "2022", "sorgerecht": "gemeinsam", "wuensche.0.code": "kita-a", "_lang": "de"}
    big = b"%PDF-" + b" " * 20000 + b"\n%%EOF\n"
    response = files_client.post(MINI, data=fields, files=[("belege", ("gross.pdf", big, "application/pdf"))])
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "größer als 0,01 MB" in response.text
    assert 'value="Mia"' in response.text, "the other answers come back"
    assert download(files_client, hashlib.sha256(big).hexdigest()).status_code == 404
