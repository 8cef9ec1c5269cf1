"""Suite-wide ordering: the browser tests run last.

Playwright's sync API keeps an event loop running in the main thread for the whole session once it
has started, so tests that start their own loop (``asyncio.run``) must run before it.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None or "browser" in item.path.parts)
