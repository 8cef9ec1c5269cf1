"""Browser-test fixtures: one loopback server and one Chromium per session, a fresh context per test.

Every context routes all requests through :func:`_only_loopback`: anything not for 127.0.0.1 is
aborted and recorded, and the test fails if there was any. An init script (exempt from the CSP)
records Content-Security-Policy violations and dialogs, so a test can assert no script ran that
should not have.
"""

from __future__ import annotations

import shutil
import subprocess
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _cases import build_test_site
from _site import CHROMIUM, CHROMIUM_ARGS, ROOT, Server, Site

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WATCH = """
window.__kf = {csp: [], dialogs: 0};
document.addEventListener('securitypolicyviolation', (e) => window.__kf.csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _require_tools() -> None:
    missing = [str(p.relative_to(ROOT)) for p in (AXE, VNU) if not p.is_file()]
    if not Path(CHROMIUM).is_file():
        missing.append(CHROMIUM)
    if not shutil.which("java"):
        missing.append("java")
    if missing:
        pytest.skip("browser tools missing (run `make test`): " + ", ".join(missing))


@pytest.fixture(scope="session")
def site() -> Site:
    """The demo fixture (three Kommunen) and the real forms of three Kommunen, with their Satzungen."""
    return build_test_site()


@pytest.fixture(scope="session")
def base(site: Site) -> Iterator[str]:
    with Server(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Guard:
    """Requests that tried to leave 127.0.0.1, and what the page reported."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def route(self, route: Any) -> None:
        url = route.request.url
        host = urllib.parse.urlsplit(url).hostname
        if url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def new_context(browser: Any, guard: Guard, **options: Any) -> Any:
    options.setdefault("viewport", {"width": 1280, "height": 900})
    options.setdefault("locale", "de-DE")
    context = browser.new_context(**options)
    context.route("**/*", guard.route)
    context.add_init_script(WATCH)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture()
def guard() -> Iterator[Guard]:
    found = Guard()
    yield found
    assert not found.blocked, f"requests left 127.0.0.1: {found.blocked}"


@pytest.fixture()
def context(browser: Any, guard: Guard) -> Iterator[Any]:
    ctx = new_context(browser, guard, accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture()
def nojs_context(browser: Any, guard: Guard) -> Iterator[Any]:
    ctx = new_context(browser, guard, java_script_enabled=False)
    yield ctx
    ctx.close()


@pytest.fixture()
def static_page(browser: Any, guard: Guard) -> Iterator[Any]:
    """A page whose runtime script is blocked: how a page without JavaScript looks, but axe can run."""
    ctx = new_context(browser, guard)
    ctx.route("**/kitaforms.js", lambda route: route.abort())
    yield ctx.new_page()
    ctx.close()


def axe_on_html(page: Any, url: str, html: str, axe_source: str) -> list[str]:
    """axe on a DOM captured from a page without JavaScript, shown at ``url`` (for its CSS)."""
    page.goto(url)
    page.set_content(html)
    return axe_violations(page, axe_source)


@pytest.fixture()
def page(context: Any) -> Any:
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.kf_errors = errors  # type: ignore[attr-defined]
    return page


# --- checkers ---------------------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
    rules: {'label-content-name-mismatch': {enabled: true}}});
  return result.violations.map((v) => v.id + ': ' + v.help + ' → ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
}"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    _require_tools()
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any, axe_source: str) -> list[str]:
    """axe-core with the WCAG 2.0/2.1 A and AA tags (injected through DevTools, so the CSP stays on)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    return page.evaluate(AXE_RUN, AXE_TAGS)


@pytest.fixture(scope="session")
def html_log() -> dict[str, str]:
    """Serialized DOMs collected by every test; ``test_zz_html.py`` validates them in one JVM run."""
    return {}


def vnu_errors(documents: dict[str, str], tmp: Path) -> list[str]:
    """Nu Html Checker errors for many documents in one JVM run (``name → serialized DOM``)."""
    import json

    folder = tmp / "vnu"
    folder.mkdir(exist_ok=True)
    paths = []
    for index, (name, html) in enumerate(documents.items()):
        path = folder / f"{index:04d}.html"
        path.write_text(html, encoding="utf-8")
        paths.append((path, name))
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *(str(p) for p, _ in paths)],
        capture_output=True, text=True, check=False,
    )
    names = {p.resolve().as_uri(): name for p, name in paths}
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return [f"{names.get(m.get('url'), m.get('url'))}: {m.get('message')} [{m.get('extract', '').strip()[:120]}]"
            for m in messages if m.get("type") == "error"]
