"""Browser-test helpers shared by the tests and conftest: request guard, contexts (with the pinned clock),
axe-core, vnu."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from _site import CHROMIUM, NOW, ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WATCH = """
window.__kf = {csp: [], dialogs: 0};
document.addEventListener('securitypolicyviolation', (e) => window.__kf.csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def require_tools() -> None:
    missing = [str(p.relative_to(ROOT)) for p in (AXE, VNU) if not p.is_file()]
    if not Path(CHROMIUM).is_file():
        missing.append(CHROMIUM)
    if not shutil.which("java"):
        missing.append("java")
    if missing:
        pytest.skip("browser tools missing (run `make test`): " + ", ".join(missing))


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
    """A context whose clock starts at :data:`_site.NOW` (Europe/Berlin), on the day the server checks
    rules on: the assistant's ``heute()`` and the server's agree, whatever the machine's date."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    options.setdefault("locale", "de-DE")
    options.setdefault("timezone_id", "Europe/Berlin")
    context = browser.new_context(**options)
    context.clock.install(time=NOW)
    context.route("**/*", guard.route)
    context.add_init_script(WATCH)
    # generous: on a loaded 2-core CI machine Chromium has once needed over 10 s to report a button
    # "stable" (koeln/anmeldung walkthrough); a real failure still fails, only later
    context.set_default_timeout(30_000)
    return context


# --- checkers ---------------------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
    rules: {'label-content-name-mismatch': {enabled: true}}});
  return result.violations.map((v) => v.id + ': ' + v.help + ' → ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
}"""


def axe_violations(page: Any, axe_source: str) -> list[str]:
    """axe-core with the WCAG 2.0/2.1 A and AA tags (injected through DevTools, so the CSP stays on)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    return page.evaluate(AXE_RUN, AXE_TAGS)


def axe_on_html(page: Any, url: str, html: str, axe_source: str) -> list[str]:
    """axe on a DOM captured from a page without JavaScript, shown at ``url`` (for its CSS)."""
    page.goto(url)
    page.set_content(html)
    return axe_violations(page, axe_source)


def vnu_errors(documents: dict[str, str], tmp: Path) -> list[str]:
    """Nu Html Checker errors for many documents in one JVM run (``name → serialized DOM``)."""
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
