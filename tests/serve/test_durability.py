"""Every submission acknowledged before a `kill -9` is there after the restart (real uvicorn process)."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from .conftest import ServerProcess, admin

pytestmark = pytest.mark.slow


def test_acknowledged_submissions_survive_kill_9(exports: Path, tmp_path: Path) -> None:
    db = tmp_path / "durable.sqlite3"
    body = (exports / "05999000-musterstadt/anmeldung/1.0.0/examples/valid/02-full.json").read_bytes()
    server = ServerProcess(exports, db)
    acknowledged: list[str] = []
    lock = threading.Lock()
    killed = threading.Event()

    def send(_: int) -> None:
        if killed.is_set():
            return
        try:
            response = httpx.post(f"{server.url}/musterstadt/anmeldung/submit", content=body,
                                  headers={"content-type": "application/json"}, timeout=10)
        except httpx.HTTPError:
            return
        if response.status_code == 201:
            with lock:
                acknowledged.append(response.json()["reference"])
                if len(acknowledged) >= 150 and not killed.is_set():
                    killed.set()
                    server.kill()  # SIGKILL while other requests are in flight

    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(send, range(2000)))
    finally:
        server.kill() if server.process.poll() is None else None
    assert killed.is_set() and len(acknowledged) >= 150

    restarted = ServerProcess(exports, db)
    try:
        stored = httpx.get(f"{restarted.url}/api/admin/submissions", headers=admin(), timeout=30).json()["submissions"]
    finally:
        restarted.stop()
    missing = set(acknowledged) - {s["reference"] for s in stored}
    assert not missing, f"{len(missing)} acknowledged submissions were lost"
    assert all(json.loads(body) == s["data"] for s in stored)
