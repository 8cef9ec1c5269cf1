"""Bad input stays with its sender; a store that cannot write says so (503), at the start and per request."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from kitaforms.cli import cli
from kitaforms.store import StoreUnavailable, Submission, check_writable, new_reference, now, open_store
from kitaforms.store.sqlite import SqliteStore

FORM = "/teststadt/antrag/submit"


def valid_body(client: TestClient) -> dict:  # type: ignore[type-arg]
    bundle = client.app.state.server.catalogue.bundle("teststadt", "antrag", None)  # type: ignore[attr-defined]
    folder = next(p for p in bundle.files if p.startswith("examples/valid/"))
    return json.loads(bundle.files[folder])


def test_a_lone_surrogate_is_refused_at_the_door(client: TestClient) -> None:
    body = b'{"name": "Mia \\ud800"}'
    answer = client.post(FORM, content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["type"] == "urn:kitaforms:problem:malformed-json"
    assert "Unicode" in answer.json()["detail"]
    keyed = client.post(FORM, content=b'{"\\udfff": 1}', headers={"content-type": "application/json"})
    assert keyed.status_code == 400


def test_absurd_nesting_is_refused_at_the_door(client: TestClient) -> None:
    body = ("[" * 483 + "]" * 483).encode()
    answer = client.post(FORM, content=b'{"a": ' + body + b"}", headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["type"] == "urn:kitaforms:problem:too-deep"
    very_deep = client.post(FORM, content=b"[" * 100_000, headers={"content-type": "application/json"})
    assert very_deep.status_code == 400


def submission(data: str) -> Submission:
    return Submission(new_reference(), "teststadt", "antrag", "1.0.0", now(), "de", data)


def test_one_failing_write_fails_only_its_own_submission(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite3")

    async def together() -> list[object]:
        honest = [store.add_submission(submission(json.dumps({"n": n})), None, {"n": n}) for n in range(20)]
        poison = [store.add_submission(submission('{"x": "\ud800"}'), None, {}) for _ in range(3)]
        return await asyncio.gather(*honest[:10], *poison, *honest[10:], return_exceptions=True)

    try:
        results = asyncio.run(together())
    finally:
        store.close()
    failed = [r for r in results if isinstance(r, BaseException)]
    assert len(failed) == 3 and all(isinstance(r, UnicodeEncodeError) for r in failed)
    assert open_store(tmp_path / "db.sqlite3").count() == 20


def test_health_and_submissions_say_503_when_the_store_cannot_write(client: TestClient,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get("/api/health").status_code == 200

    def full_disk(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SqliteStore, "_apply", full_disk)
    health = client.get("/api/health")
    assert health.status_code == 503 and health.headers["retry-after"]
    assert health.json()["status"] == "unavailable" and "disk is full" in health.json()["store"]
    answer = client.post(FORM, json=valid_body(client))
    assert answer.status_code == 503 and answer.headers["retry-after"]
    assert answer.json()["type"] == "urn:kitaforms:problem:store-unavailable"


def test_a_store_that_cannot_be_written_stops_the_start(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["serve", "--exports", str(tmp_path), "--db", str(blocker / "db.sqlite3")])
    assert result.exit_code == 1
    assert "cannot write the submission store" in result.output and "--db" in result.output
    assert "Serving on" not in result.output
    with pytest.raises(StoreUnavailable):
        check_writable(blocker / "db.sqlite3")
