from __future__ import annotations

from pathlib import Path

import pytest
from core_support import copy_fixture


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the mini project (NRW base form, Musterstadt overlay, Kommune, facilities)."""
    return copy_fixture(tmp_path / "project")
