"""Fixtures for the server tests: an exports/ tree built from the test projects, and the app.

Most tests use Starlette's TestClient; the durability test and the bench start a real uvicorn
process (``serve_process``) on a free loopback port.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from starlette.testclient import TestClient  # noqa: E402

import kitaforms.compiler  # noqa: F401,E402 - the pipeline's import order
from kitaforms.compiler import compile_project  # noqa: E402
from kitaforms.export.bundle import build_bundles  # noqa: E402
from kitaforms.serve.app import Settings, create_app  # noqa: E402
from kitaforms.serve.catalogue import Catalogue, load_catalogue, read_tree  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = [ROOT / "tests" / "fixtures" / "mini", ROOT / "tests" / "export" / "fixtures" / "allfields"]
TOKEN = "test-admin-token"
TODAY = date(2026, 2, 2)


def write_exports(target: Path) -> Path:
    for project in PROJECTS:
        for path, content in build_bundles(compile_project(project)).items():
            if path.as_posix() == "index.json":
                continue
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_bytes(content)
    return target


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_exports(tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="session")
def catalogue(exports: Path) -> Catalogue:
    loaded = load_catalogue(read_tree(exports))
    assert not loaded.problems, loaded.problems
    return loaded


@pytest.fixture()
def client(catalogue: Catalogue, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(db=tmp_path / "db.sqlite3", admin_token=TOKEN, today=lambda: TODAY, json_limit=256 * 1024,
                        form_limit=4 << 20)
    with TestClient(create_app(catalogue, settings)) as test_client:
        yield test_client


def admin() -> dict[str, str]:
    return {"authorization": f"Bearer {TOKEN}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """``kitaforms serve`` as a real process on loopback (killed hard or stopped at the end)."""

    def __init__(self, exports: Path, db: Path | str, workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "KITAFORMS_ADMIN_TOKEN": TOKEN}
        command = [sys.executable, "-m", "kitaforms", "serve", "--port", str(self.port), "--exports", str(exports),
                   "--db", str(db), "--workers", str(workers)]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode() if self.process.stderr else "server died")
            try:
                if httpx.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
