"""Weight and speed of every HTML assistant, measured in Debian's Chromium.

Per assistant: the gzip size (level 9) of everything the first page view loads (HTML, CSS, JS: what the
browser fetched until the network was idle after opening the page) — aim at most 30 KB — then what it
loads later while the steps are filled in ("+ later": the facility catalogue when the wish list is shown,
on the income form the fee evaluator and the Satzung when the answers first change); the time of a
step change ("Weiter" on a filled step: validation, conditional reveal, title, focus) with the CPU
throttled 4x — aim at most 16 ms: "script" is the click handler's synchronous time, "frame" adds style,
layout and the next animation frame. As a parent's pointer or Tab key would, the bench first moves the
focus to "Weiter" (the field left fires its change event then, not inside the press), then pauses 200 ms
and waits until the page is idle (where the assistant lays out the next step ahead), and times the press.
Then first paint / first contentful paint (the Performance API's paint entries) with the CPU throttled
4x — aim at most 150 ms. A parent reaches an assistant from the Kommune's start page, so each paint run
opens that page first (the browser's renderer is running), then the assistant, with no request
intercepted (Playwright's routing added about 65 ms: every request waited for the driver); the median of
``--runs`` runs is printed, and last the same for a page with one heading and nothing else, served as
one of the Kommune's pages: what this machine and browser take to paint anything, the floor under every
assistant's figure. Timings vary with the machine's load: run it on a quiet machine, more than once, and
compare medians.

    .venv/bin/python bench/assistant.py [--kommune koeln] [--demo] [--steps 6] [--runs 5]
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from _cases import compiled  # noqa: E402
from _fill import Direct, Filler, current_step  # noqa: E402
from _site import CHROMIUM, CHROMIUM_ARGS, DEMO, Server, Site  # noqa: E402

BUDGET_KB = 30
BUDGET_MS = 16
BUDGET_PAINT_MS = 150
THROTTLE = 4
PAINTED = "() => performance.getEntriesByType('paint').length >= 2"
PAINTS = "() => Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]))"
# a parent's click or Tab moves the focus to "Weiter" before the press (a field left fires its change event
# then), and no hand presses within milliseconds of typing: the bench does the same, then waits until the
# page is idle, and times the press alone
READY = """() => new Promise((ready) => {
  document.getElementById('kf-next').focus();
  setTimeout(() => requestIdleCallback(ready, { timeout: 1000 }), 200);
})"""
# what this machine and browser take to paint anything at all: a page with one heading and nothing else, served
# as one of the Kommune's pages and opened the same way as the assistants
FLOOR_PATH = "bench-floor/index.html"
FLOOR_PAGE = '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Anmeldung</title></head><body><h1>Anmeldung</h1></body></html>'
MEASURE = """() => new Promise((done) => {
  const start = performance.now();
  document.getElementById('kf-next').click();
  const script = performance.now() - start;
  requestAnimationFrame(() => setTimeout(() => done([script, performance.now() - start]), 0));
})"""


def build(args: argparse.Namespace) -> Site:
    site = Site()
    root = DEMO if args.demo else ROOT
    result = compiled(root)
    if not args.demo and not any(key.split("/")[0] != "nrw" for key in result.forms):
        result = compiled(DEMO)
    kommunen = [args.kommune] if args.kommune else None
    site.add_project(result, kommunen)
    for start_page in [path for path in site.exports if path.parts[1:] == ("index.html",)]:
        site.exports[start_page.parent / FLOOR_PATH] = FLOOR_PAGE.encode()  # served as one of the Kommune's pages
    return site


def record_responses(page: Any) -> dict[str, bytes]:
    """Every body the page loads from now on, by URL (filled in as responses arrive)."""
    bodies: dict[str, bytes] = {}
    page.on("response", lambda response: bodies.__setitem__(response.url, response.body()) if response.ok else None)
    return bodies


def gzip_sizes(bodies: dict[str, bytes]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for address, body in bodies.items():
        kind = "js" if address.endswith(".js") else "css" if address.endswith(".css") else "json" if address.endswith(".json") else "html"
        sizes[kind] = sizes.get(kind, 0) + len(gzip.compress(body, 9))
    return sizes


def step_changes(page: Any, filler: Filler, steps: int) -> list[tuple[float, float]]:
    timings = []
    by_id = {s.id: s for s in filler.resolved.form.steps}
    for _ in range(steps):
        here = current_step(page)
        if here not in by_id:
            break
        filler.fill_step(by_id[here])
        for _attempt in range(6):
            page.evaluate(READY)
            script, frame = page.evaluate(MEASURE)
            if current_step(page) != here:
                timings.append((script, frame))
                break
            paths = filler.error_paths()
            filler.retry(paths)
            filler.fill_step(by_id[here], only=paths or None)
    return timings


def new_context(browser: Any, *, intercept: bool = True) -> Any:
    """A desktop-sized context; ``intercept``: requests to other hosts are aborted (each request then waits
    for a round trip through Playwright's driver, so paint runs do without)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if intercept:
        context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    return context


def paint_times(browser: Any, url: str, kommune: str, path: str, runs: int) -> tuple[float, float]:
    """Median first paint and first contentful paint (ms) of a page opened from its Kommune's start page.

    Nothing is intercepted here (see :func:`new_context`); a request to another host stops the bench instead."""
    first, contentful, elsewhere = [], [], []
    for _ in range(runs):
        context = new_context(browser, intercept=False)
        page = context.new_page()
        page.on("request", lambda request: None if request.url.startswith(url) else elsewhere.append(request.url))
        page.goto(f"{url}/{kommune}/index.html")
        page.wait_for_load_state("load")
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        page.goto(f"{url}/{kommune}/{path}")
        page.wait_for_function(PAINTED)
        paints = page.evaluate(PAINTS)
        first.append(paints["first-paint"])
        contentful.append(paints["first-contentful-paint"])
        context.close()
        if elsewhere:
            raise SystemExit(f"{kommune}/{path} asked another host: {elsewhere}")
    return statistics.median(first), statistics.median(contentful)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kommune", help="only this Kommune")
    parser.add_argument("--demo", action="store_true", help="the demo fixture instead of forms/")
    parser.add_argument("--steps", type=int, default=6, help="step changes to time per assistant")
    parser.add_argument("--runs", type=int, default=5, help="page loads to time first paint on, per assistant")
    args = parser.parse_args()
    site = build(args)
    from playwright.sync_api import sync_playwright

    print(f"{'assistant':32s} {'html':>6s} {'css':>5s} {'js':>6s} {'first view':>10s} {'+ later':>8s}   "
          f"step change ms ({THROTTLE}x CPU): script median/max, frame median   first paint / FCP ms ({THROTTLE}x CPU)")
    over_size, over_time, over_paint = [], [], []
    with Server(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for key in sorted(site.forms):
            context = new_context(browser)
            page = context.new_page()
            page.set_default_timeout(10_000)
            bodies = record_responses(page)
            page.goto(f"{server.url}/{key}/")
            page.wait_for_load_state("networkidle")
            sizes = gzip_sizes(bodies)
            first = set(bodies)
            session = context.new_cdp_session(page)
            session.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
            timings = step_changes(page, Filler(page, site.forms[key], Direct(page)), args.steps)
            page.wait_for_load_state("networkidle")
            later = sum(gzip_sizes({u: b for u, b in bodies.items() if u not in first}).values()) / 1024
            total = sum(sizes.values()) / 1024
            scripts = [t[0] for t in timings] or [float("nan")]
            frames = [t[1] for t in timings] or [float("nan")]
            context.close()
            kommune, form = key.split("/")
            paint, contentful = paint_times(browser, server.url, kommune, f"{form}/", args.runs)
            print(f"{key:32s} {sizes.get('html', 0) / 1024:6.1f} {sizes.get('css', 0) / 1024:5.1f} {sizes.get('js', 0) / 1024:6.1f} "
                  f"{total:10.1f} {later:8.1f}   {statistics.median(scripts):5.1f} / {max(scripts):5.1f}, "
                  f"frame {statistics.median(frames):5.1f}  ({len(timings)} changes)   {paint:5.0f} / {contentful:5.0f}")
            if total > BUDGET_KB:
                over_size.append(key)
            if statistics.median(scripts) > BUDGET_MS:
                over_time.append(key)
            if contentful > BUDGET_PAINT_MS:
                over_paint.append(key)
        floor_paint, floor_contentful = paint_times(browser, server.url, kommune, FLOOR_PATH, args.runs)
        browser.close()
    print(f"{'a page with one heading':32s} {'':>48s}   {'':>44s}   {floor_paint:5.0f} / {floor_contentful:5.0f}")
    print(f"\nfirst view over {BUDGET_KB} KB: {len(over_size)} of {len(site.forms)}; "
          f"median step change over {BUDGET_MS} ms: {len(over_time)} of {len(site.forms)}; "
          f"first contentful paint over {BUDGET_PAINT_MS} ms: {len(over_paint)} of {len(site.forms)}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
