"""The editor guide's first steps, as a new user does them (docs/editor-setup.md, "Your first change"):
`kitaforms init` → `kitaforms serve --dev` → change one label → save → the page shows it, no restart."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from editor_support import mini_project, run, uncomment_label_example

from kitaforms.cli import cli

pytestmark = pytest.mark.slow
BOOT_SECONDS = 60
RELOAD_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.read().decode("utf-8")
    except OSError:
        return None


def poll(url: str, wanted: str, seconds: float) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and wanted in page:
            return page
        time.sleep(0.3)
    return None


@pytest.fixture
def dev_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    if "serve" not in cli.commands:
        pytest.skip("`kitaforms serve` is not registered in the CLI yet")
    root = mini_project(tmp_path / "project")
    assert run(["init", "neustadt", "--ags", "05999001"], root).exit_code == 0
    port = free_port()
    env = {**os.environ, "KITAFORMS_ADMIN_TOKEN": "test-token-for-the-editor-guide"}
    command = [sys.executable, "-m", "kitaforms", "serve", "--dev", "--port", str(port),
               "--project", str(root), "--db", str(tmp_path / "var" / "db.sqlite3")]
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield root, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_a_saved_label_change_shows_without_restart(dev_server: tuple[Path, str]) -> None:
    root, base = dev_server
    index = poll(base + "/", "neustadt", BOOT_SECONDS)
    assert index is not None, "the dev server did not start"
    link = re.search(r'href="(/neustadt/anmeldung/)"', index)
    assert link, "the index does not link the new Kommune's form"
    page = poll(base + link.group(1), "Vorname", RELOAD_SECONDS)
    assert page is not None and "Vorname (geändert)" not in page
    uncomment_label_example(root / "forms" / "neustadt" / "anmeldung.yaml")
    assert poll(base + link.group(1), "Vorname (geändert)", RELOAD_SECONDS), "the change did not show up"
