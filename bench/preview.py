"""The editor's live preview (`kitaforms serve --dev`): first page after start, and save-to-visible.

Copies a project (default: this repository's forms/ and satzungen/) into a temporary folder, starts
`kitaforms serve --dev` on a free 127.0.0.1 port as a real process and measures:

- **first page**: from the line "Serving on …" to the first complete answer for the Kommune's form
  (``/<kommune>/<form>/``) and for the index ``/``;
- **save to visible**: an editor saves the Kommune's overlay with a new label (a ``set`` change
  appended to ``changes``); the time from the saved file to (a) the server answering the new page
  and (b) with Chromium (Debian's, through Playwright, if installed), the open page painted again with
  the new label after its automatic reload (first contentful paint, by the browser's own clock). One
  Kommune changes; the other Kommunen stay as they are.

    python bench/preview.py [--kommune koeln] [--form anmeldung] [--target kind.vorname] [--saves 5]
                            [--project PATH] [--no-browser]

Aims (issue 19): first page <= 3 s after "Serving on", a save visible in <= 1 s. Before the work on
issue 19 (whole project rebuilt on every save, polled once a second) this printed, on 2 cores: first
page 5.15 s, save -> server 5.12 s, save -> visible 5.92 s (medians).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
AIM_FIRST, AIM_SAVE = 3.0, 1.0
BOOT_LIMIT = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def copy_project(source: Path, target: Path) -> Path:
    for name in ("forms", "satzungen"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    return target


class Preview:
    """`kitaforms serve --dev` as a process; notes when it printed "Serving on"."""

    def __init__(self, project: Path, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.serving_at: float | None = None
        self.output: list[str] = []
        env = {**os.environ, "KITAFORMS_ADMIN_TOKEN": "bench-preview-token"}
        command = [sys.executable, "-m", "kitaforms", "serve", "--dev", "--port", str(port), "--project", str(project),
                   "--db", str(project / "var" / "preview.sqlite3")]
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if self.serving_at is None and line.startswith("Serving on"):
                self.serving_at = time.perf_counter()
            self.output.append(f"{time.perf_counter() - self.started_at:8.3f} {line}")

    def wait_serving(self) -> float:
        deadline = time.perf_counter() + BOOT_LIMIT
        while self.serving_at is None:
            if time.perf_counter() > deadline or self.process.poll() is not None:
                raise SystemExit("the preview did not start:\n" + "".join(self.output[-30:]))
            time.sleep(0.005)
        return self.serving_at

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, wanted: str, since: float, limit: float = BOOT_LIMIT) -> float:
    """Seconds from ``since`` until ``url`` answers a page containing ``wanted``."""
    while time.perf_counter() - since < limit:
        page = fetch(url)
        if page is not None and wanted in page:
            return time.perf_counter() - since
        time.sleep(0.01)
    raise SystemExit(f"{url} did not show {wanted!r} within {limit:.0f} s")


class Overlay:
    """The Kommune's overlay of the form, with one appended ``set`` change whose label a save changes."""

    def __init__(self, path: Path, target: str) -> None:
        self.path = path
        self.yaml = YAML()
        self.yaml.preserve_quotes = True
        self.data: Any = self.yaml.load(path.read_text(encoding="utf-8"))
        self.data.setdefault("changes", []).append({"set": target, "properties": {"label": {}}})

    def save(self, label: str) -> float:
        self.data["changes"][-1]["properties"]["label"] = {"de": label, "en": label}
        with self.path.open("w", encoding="utf-8") as handle:
            self.yaml.dump(self.data, handle)
        return time.perf_counter()


def browser_session() -> Any:
    if not Path(CHROMIUM).is_file():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
    return playwright, browser


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s, max {max(values):.2f} s (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--kommune", default="koeln")
    parser.add_argument("--form", default="anmeldung")
    parser.add_argument("--target", default="kind.vorname", help="The element whose label a save changes.")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kitaforms-preview-") as folder:
        project = copy_project(args.project, Path(folder))
        overlay = Overlay(project / "forms" / args.kommune / f"{args.form}.yaml", args.target)
        overlay.save("Vorschau 0")
        preview = Preview(project, free_port())
        try:
            run(preview, overlay, args)
        finally:
            preview.stop()


def run(preview: Preview, overlay: Overlay, args: argparse.Namespace) -> None:
    page_url = f"{preview.url}/{args.kommune}/{args.form}/"
    serving = preview.wait_serving()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (other work slows every number)")
    print(f"started: 'Serving on' {serving - preview.started_at:.2f} s after the process started")
    first = wait_for(page_url, "Vorschau 0", serving)
    index = wait_for(preview.url + "/", args.kommune, serving)
    print(f"first page /{args.kommune}/{args.form}/: {first:.2f} s after 'Serving on'   (aim <= {AIM_FIRST:.0f} s)")
    print(f"index /: {index:.2f} s after 'Serving on'")
    time.sleep(1.0)  # let a background build settle before saves are timed

    served: list[float] = []
    for number in range(1, args.saves + 1):
        saved = overlay.save(f"Vorschau {number}")
        served.append(wait_for(page_url, f"Vorschau {number}", saved, 60))
        time.sleep(0.5)
    print(f"save -> server answers the new page: {summary(served)}   (aim <= {AIM_SAVE:.0f} s)")

    session = None if args.no_browser else browser_session()
    if session is None:
        print("save -> visible in the browser: not measured (no Chromium/Playwright, or --no-browser)")
        return
    playwright, browser = session
    try:
        print(f"save -> visible in the browser: {summary(browser_saves(browser, overlay, page_url, args.saves))}"
              f"   (aim <= {AIM_SAVE:.0f} s)")
    finally:
        browser.close()
        playwright.stop()


# when the reloaded page was painted (first contentful paint, else DOMContentLoaded), in epoch milliseconds
PAINTED = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const nav = performance.getEntriesByType('navigation')[0];
  return performance.timeOrigin + (paint ? paint.startTime : nav.domContentLoadedEventEnd);
}"""


def browser_saves(browser: Any, overlay: Overlay, page_url: str, saves: int) -> list[float]:
    """Save → the reloaded page painted with the new label (the browser's own clock, not Playwright's polling)."""
    page = browser.new_page()
    page.goto(page_url)
    times = []
    for number in range(100, 100 + saves):
        page.wait_for_timeout(500)
        saved_epoch = time.time()
        overlay.save(f"Vorschau {number}")
        page.get_by_text(f"Vorschau {number}", exact=False).first.wait_for(state="attached", timeout=60_000)
        times.append(page.evaluate(PAINTED) / 1000 - saved_epoch)
    page.close()
    return times


if __name__ == "__main__":
    main()
