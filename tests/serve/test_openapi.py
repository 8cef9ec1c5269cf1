"""The OpenAPI document describes the server, and fuzzing it (schemathesis) finds no 5xx.

schemathesis' own pytest plugin does not run under this pytest, so the test drives its Hypothesis
strategies directly: every operation of the document, positive and negative data, a bounded number
of requests each, in-process through the ASGI app (nothing leaves the machine).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from starlette.testclient import TestClient

from kitaforms.serve.app import Settings, create_app

from .conftest import TODAY, TOKEN

EXAMPLES_PER_OPERATION = 30


def test_document_lists_every_form(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    for path in ("/teststadt/antrag/submit", "/teststadt/antrag/2.1.0/submit", "/musterstadt/anmeldung/submit",
                 "/api/admin/submissions", "/teststadt/antrag/schema.json"):
        assert path in document["paths"], path
    body = document["paths"]["/teststadt/antrag/submit"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    schema = document["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert "$id" not in schema and schema["additionalProperties"] is False
    assert document["paths"]["/api/admin/submissions"]["get"]["security"] == [{"bearer": []}]
    files = document["paths"]["/teststadt/antrag/submit"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert files["schema"]["properties"]["_submission"] == body, "answers and files: the same schema, as the first part"
    assert files["encoding"]["_submission"]["contentType"] == "application/json"
    assert "files" in document["components"]["schemas"]["Receipt"]["properties"]
    assert document["paths"]["/api/admin/uploads/{sha256}"]["get"]["security"] == [{"bearer": []}]
    for path in ("/api/v1/submissions", "/api/v1/submissions/{reference}/files/{attachment_id}", "/api/v1/access-log"):
        assert document["paths"][path]["get"]["security"] == [{"bearer": []}], path


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_fuzz_finds_no_server_error(catalogue, tmp_path: Path, mode: GenerationMode) -> None:  # type: ignore[no-untyped-def]
    app = create_app(catalogue, Settings(db=tmp_path / "fuzz.sqlite3", admin_token=TOKEN, today=lambda: TODAY))
    loaded = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    seen: dict[int, int] = {}
    try:
        for result in loaded.get_all_operations():
            _fuzz(result.ok(), mode, seen)
    finally:
        app.state.server.store.close()
    assert seen and max(seen) < 500, seen
    assert any(400 <= status < 500 for status in seen)


def _fuzz(operation, mode: GenerationMode, seen: dict[int, int]) -> None:  # type: ignore[no-untyped-def]
    try:
        strategy = operation.as_strategy(generation_mode=mode)
    except Exception:  # noqa: BLE001 - an operation without negative variants (e.g. no parameters)
        return

    @given(case=strategy)
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case) -> None:  # type: ignore[no-untyped-def]
        if case.path.startswith(("/api/admin", "/api/v1")):  # the operator token: every Kommune, the access log
            headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
            case.headers = {**headers, "Authorization": f"Bearer {TOKEN}"}
        response = case.call()
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        assert response.status_code < 500, (case.method, case.formatted_path, response.status_code, response.text[:500])
        if response.status_code >= 400:
            media = response.headers.get("content-type") or [""]
            assert (media[0] if isinstance(media, list) else media).startswith(("application/problem+json", "text/html"))

    try:
        run()
    except Unsatisfiable:  # negative mode and an operation without anything to break
        return
