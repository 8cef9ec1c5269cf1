"""Two `kitaforms serve` processes on one PostgreSQL database, as behind a load balancer."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from tests.serve.conftest import ServerProcess, admin, write_exports

from .postgres import ThrowawayPostgres

pytestmark = pytest.mark.slow

URL = "/musterstadt/anmeldung/submit"
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_exports(tmp_path_factory.mktemp("exports"))


@pytest.fixture()
def instances(postgres_server: ThrowawayPostgres, exports: Path) -> Iterator[list[ServerProcess]]:
    database = postgres_server.create_database()
    servers = [ServerProcess(exports, database) for _ in range(2)]
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()


def example(exports: Path) -> bytes:
    return (exports / "05999000-musterstadt/anmeldung/1.0.0/examples/valid/02-full.json").read_bytes()


def stored(server: ServerProcess) -> list[dict]:  # type: ignore[type-arg]
    return httpx.get(f"{server.url}/api/admin/submissions", headers=admin(), timeout=30).json()["submissions"]


def test_one_key_sent_to_both_instances_at_once_is_stored_once(instances: list[ServerProcess], exports: Path) -> None:
    body = example(exports)
    start = threading.Barrier(16)

    def send(index: int) -> httpx.Response:
        start.wait()
        return httpx.post(instances[index % 2].url + URL, content=body, timeout=30,
                          headers={**JSON, "idempotency-key": "one-key-two-instances"})

    with ThreadPoolExecutor(max_workers=16) as pool:
        responses = list(pool.map(send, range(16)))
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["reference"] for r in responses}) == 1
    assert sum(r.headers.get("idempotent-replayed") == "true" for r in responses) == 15
    assert [s["reference"] for s in stored(instances[0])] == [responses[0].json()["reference"]]


def test_a_kill_9_of_one_instance_loses_no_acknowledged_submission(instances: list[ServerProcess],
                                                                   exports: Path) -> None:
    body = example(exports)
    victim, survivor = instances
    acknowledged: list[str] = []
    lock = threading.Lock()
    killed = threading.Event()

    def send(index: int) -> None:
        server = instances[index % 2]
        try:
            response = httpx.post(server.url + URL, content=body, headers=JSON, timeout=10)
        except httpx.HTTPError:
            return
        if response.status_code == 201:
            with lock:
                acknowledged.append(response.json()["reference"])
                if len(acknowledged) >= 150 and not killed.is_set():
                    killed.set()
                    victim.kill()  # SIGKILL while requests to both instances are in flight

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(send, range(600)))
    assert killed.is_set() and len(acknowledged) >= 250  # the survivor went on acknowledging

    kept = stored(survivor)
    missing = set(acknowledged) - {s["reference"] for s in kept}
    assert not missing, f"{len(missing)} acknowledged submissions were lost"
    assert all(json.loads(body) == s["data"] for s in kept)
