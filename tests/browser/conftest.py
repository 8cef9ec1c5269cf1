"""Browser-test fixtures: one real ``kitaforms serve`` on loopback and one Chromium per session, a fresh
context per test (its clock pinned to the server's day; see ``_site.Server`` and ``_browser.new_context``).

Every context routes all requests through :class:`_browser.Guard`: anything not for 127.0.0.1 is
aborted and recorded, and the test fails if there was any. An init script (exempt from the CSP)
records Content-Security-Policy violations and dialogs, so a test can assert no script ran that
should not have.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _browser import AXE, Guard, new_context, require_tools
from _cases import build_test_site
from _site import CHROMIUM, CHROMIUM_ARGS, Server, Site


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site() -> Site:
    """The demo fixture (three Kommunen) and the real forms of three Kommunen, with their Satzungen."""
    return build_test_site()


@pytest.fixture(scope="session")
def server(site: Site) -> Iterator[Server]:
    """``kitaforms serve`` on the site's bundles; ``server.stored(…)`` reads back what it stored."""
    with Server(site) as running:
        yield running


@pytest.fixture(scope="session")
def base(server: Server) -> str:
    return server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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


@pytest.fixture()
def page(context: Any) -> Any:
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.kf_errors = errors  # type: ignore[attr-defined]
    return page



@pytest.fixture(scope="session")
def axe_source() -> str:
    require_tools()
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def html_log() -> dict[str, str]:
    """Serialized DOMs collected by every test; ``test_zz_html.py`` validates them in one JVM run."""
    return {}


