"""The real form server for the browser tests and the benchmark: ``kitaforms serve`` on loopback.

A :class:`Site` is what the tests know about the forms (each ``ResolvedForm`` by ``<kommune>/<form>``)
and the bundles built from them exactly as ``kitaforms build`` writes ``exports/`` (assistant,
schema, manifest, fee rules, examples). :class:`Server` writes those bundles into a temporary
``exports/`` folder and starts ``kitaforms serve`` as a process on a free 127.0.0.1 port, with a
fresh SQLite store and the date rules are checked on pinned to :data:`TODAY`
(``KITAFORMS_TODAY``; the browser's clock is pinned to the same day in ``_browser.new_context``;
the store's time stamps, such as ``received_at``, stay the machine's).
Submissions are handled by the server alone; what it stored is read back through the back-office
API v1 with a Kommune's own token, made by ``kitaforms admin token`` as an operator would.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from kitaforms.compiler import CompileResult, compile_project
from kitaforms.export.bundle import DEFAULT_BASE_URL, kommune_files, kommune_forms
from kitaforms.export.examples import REFERENCE_DATE
from kitaforms.resolve import ResolvedForm

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "render" / "fixtures" / "demo"
TODAY: date = REFERENCE_DATE  # the day the bundles' example submissions are valid on
ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 30, tzinfo=ZONE)  # the browser's clock starts here
REFERENCE = re.compile(r"\bKF-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")
START_TIMEOUT = 90  # seconds; importing every bundle takes a few on a busy 2-core machine


@dataclass
class Site:
    """The forms by ``<kommune>/<form>`` and every file of their bundles by path below ``exports/``."""

    forms: dict[str, ResolvedForm] = field(default_factory=dict)
    exports: dict[PurePosixPath, bytes] = field(default_factory=dict)

    def add_project(self, result: CompileResult, kommunen: list[str] | None = None) -> None:
        """The bundles of ``result``'s Kommunen (only ``kommunen``, if given), built as ``kitaforms build`` does."""
        for kommune, forms in kommune_forms(result):
            if kommunen and kommune.id not in kommunen:
                continue
            self.forms.update({resolved.key: resolved for resolved in forms})
            for path, content in kommune_files(kommune, forms, result.satzungen, DEFAULT_BASE_URL):
                self.exports[path] = content

    def write(self, folder: Path) -> Path:
        for path, content in self.exports.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return folder


def build_site(root: Path = DEMO, kommunen: list[str] | None = None) -> Site:
    site = Site()
    site.add_project(compile_project(root), kommunen)
    return site


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``with Server(site) as server:`` runs ``kitaforms serve`` on ``site``'s bundles at ``server.url``.

    The server's log goes to a file (a pipe nobody reads would stall it); a server that stops or
    does not answer its health check within :data:`START_TIMEOUT` fails with the log's end.
    """

    def __init__(self, site: Site, today: date = TODAY) -> None:
        self.site = site
        self.today = today
        self.folder = Path(tempfile.mkdtemp(prefix="kitaforms-browser-"))
        self.exports = self.folder / "exports"
        self.db = self.folder / "kitaforms.sqlite3"
        self.log = self.folder / "serve.log"
        self.operator = secrets.token_urlsafe(24)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.tokens: dict[str, str] = {}
        self.client = httpx.Client(base_url=self.url, timeout=60)

    # --- the process ---------------------------------------------------------------------------
    def __enter__(self) -> Server:
        self.site.write(self.exports)
        env = {**os.environ, "KITAFORMS_ADMIN_TOKEN": self.operator, "KITAFORMS_TODAY": self.today.isoformat()}
        command = [sys.executable, "-m", "kitaforms", "serve", "--port", str(self.port), "--exports", str(self.exports),
                   "--db", str(self.db)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            self._wait()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kitaforms serve stopped:\n{self.log_tail()}")
            try:
                health = self.client.get("/api/health", timeout=2)
                if health.status_code == 200:
                    problems = health.json()["problems"]
                    assert not problems, f"bundles not imported: {problems}"
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"kitaforms serve did not answer within {START_TIMEOUT} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- the back office -----------------------------------------------------------------------
    def token(self, kommune: str) -> str:
        """A back-office token for one Kommune, made with ``kitaforms admin token`` on the server's store."""
        if kommune not in self.tokens:
            made = subprocess.run(
                [sys.executable, "-m", "kitaforms", "admin", "token", "--kommune", kommune, "--label", "browser tests",
                 "--db", str(self.db), "--exports", str(self.exports)],
                capture_output=True, text=True, check=True, timeout=120,
            )
            self.tokens[kommune] = made.stdout.strip().splitlines()[-1]
        return self.tokens[kommune]

    def api(self, kommune: str, path: str) -> httpx.Response:
        """GET ``/api/v1/<path>`` as the back office of ``kommune``."""
        return self.client.get(f"/api/v1/{path}", headers={"authorization": f"Bearer {self.token(kommune)}"})

    def stored(self, kommune: str, reference: str) -> dict[str, Any]:
        """One submission as the back office retrieves it: answers exactly as stored, and its files."""
        response = self.api(kommune, f"submissions/{reference}")
        assert response.status_code == 200, f"{reference} is not stored for {kommune}: {response.text}"
        return response.json()  # type: ignore[no-any-return]

    def file(self, kommune: str, reference: str, attachment_id: str) -> bytes:
        response = self.api(kommune, f"submissions/{reference}/files/{attachment_id}")
        assert response.status_code == 200, response.text
        return response.content

    def received(self, page: Any, key: str) -> dict[str, Any]:
        """The submission whose receipt ``page`` shows, read back for the Kommune of form ``key``."""
        kommune, form = key.split("/")
        stored = self.stored(kommune, receipt_reference(page))
        assert (stored["kommune"], stored["form"]) == (kommune, form), stored
        return stored


def receipt_reference(page: Any) -> str:
    """The reference number the receipt on ``page`` shows."""
    found = REFERENCE.findall(page.locator("main").inner_text())
    assert found, "the receipt shows no reference number"
    return str(found[0])


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
