"""The wheel alone is enough: installed into an empty venv without extras, it builds and serves.

This is what an admin or a fresh machine does. A module that kitaforms imports but does not declare
(PyYAML once) makes these tests fail, however complete the developer's own venv is. The versions
are the locked ones (``requirements/serve.lock``, used as constraints without its hashes).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "serve.lock"

pytestmark = pytest.mark.slow


def lock_as_constraints(lock: Path, out: Path) -> Path:
    """The lock's pins (``name==version ; marker``) without hashes: pip takes hashes only as requirements."""
    pins = [line.rstrip(" \\") for line in lock.read_text().splitlines() if line[:1].isalnum()]
    out.write_text("\n".join(pins) + "\n")
    return out


def clean_env(venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.fixture(scope="module")
def venv(wheel_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("empty-venv")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    constraints = lock_as_constraints(LOCK, folder / "constraints.txt")
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "-c", str(constraints), str(wheel_path)],
                   check=True, env=clean_env(venv), capture_output=True, text=True)
    return venv


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the definitions only: nothing of src/ or the checkout's venv is reachable from it."""
    folder = tmp_path_factory.mktemp("project")
    for name in ("forms", "satzungen"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


def run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(venv / "bin" / "kitaforms"), *args], cwd=cwd, env=clean_env(venv),
                          capture_output=True, text=True, timeout=600)


def test_the_installed_package_is_the_wheel_not_the_checkout(venv: Path) -> None:
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import kitaforms; print(kitaforms.__file__)"],
                           env=clean_env(venv), capture_output=True, text=True, check=True, cwd=venv)
    assert str(venv) in where.stdout
    extras = subprocess.run([str(venv / "bin" / "pip"), "list", "--format=json"], env=clean_env(venv),
                            capture_output=True, text=True, check=True)
    installed = {p["name"].lower() for p in json.loads(extras.stdout)}
    assert not installed & {"pytest", "hypothesis", "httpx", "playwright"}, "test extras leaked into the venv"
    assert {"psycopg", "psycopg-binary", "psycopg-pool"} <= installed, "the PostgreSQL store's driver is declared"


def test_the_wheel_validates_formats_and_builds_every_form(venv: Path, project: Path) -> None:
    validated = run(venv, "validate", cwd=project)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    formatted = run(venv, "fmt", "--check", "forms", "satzungen", cwd=project)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    linted = run(venv, "lint", cwd=project)
    assert linted.returncode in (0, 1) and "Traceback" not in linted.stderr, linted.stderr
    built = run(venv, "build", "--no-progress", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (project / "exports" / "index.json").is_file()
    assert len(list((project / "exports").glob("*/*/*/manifest.json"))) >= 27


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {server.communicate()[0]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}")


def test_the_wheel_serves_an_assistant_and_takes_a_submission(venv: Path, project: Path) -> None:
    if not (project / "exports" / "index.json").is_file():
        assert run(venv, "build", "--no-progress", cwd=project).returncode == 0
    (examples,) = sorted((project / "exports").glob("*-koeln/anmeldung/*/examples"))[-1:]
    today = json.loads((examples / "index.json").read_text())["today"]  # the day the examples are valid on
    port = free_port()
    env = clean_env(venv) | {"KITAFORMS_ADMIN_TOKEN": "smoke-test", "KITAFORMS_TODAY": today}
    server = subprocess.Popen([str(venv / "bin" / "kitaforms"), "serve", "--port", str(port)], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/", server)
        page = urllib.request.urlopen(base + "/koeln/anmeldung/").read().decode()
        assert "<form" in page and "Anmeldung" in page
        example = sorted((examples / "valid").glob("*.json"))[0]
        request = urllib.request.Request(base + "/koeln/anmeldung/submit", data=example.read_bytes(),
                                         headers={"Content-Type": "application/json", "Accept": "application/json"})
        with urllib.request.urlopen(request) as answer:
            assert answer.status in (200, 201)
            assert json.loads(answer.read())
    finally:
        server.terminate()
        server.wait(timeout=20)
