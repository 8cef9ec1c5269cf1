"""The Nu Html Checker on every DOM the other browser tests collected (one JVM run for all)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _browser import vnu_errors


def test_every_collected_dom_is_valid_html(html_log: dict[str, str], tmp_path: Path) -> None:
    if not html_log:
        pytest.skip("no browser test collected a page in this run")
    errors = vnu_errors(html_log, tmp_path)
    assert not errors, f"{len(errors)} errors in {len(html_log)} documents:\n" + "\n".join(errors)
