"""Which forms the browser tests walk: the demo fixture (every field type) and the real forms under
``forms/`` of three Kommunen, when those compile without errors."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from _site import DEMO, ROOT, Site

FORMS = ("anmeldung", "einkommen", "beitragsbefreiung")
DEMO_KOMMUNEN = ("musterstadt", "beispielkreis", "testhausen")
PREFERRED_REAL = ("koeln", "muenster", "dortmund", "bonn", "duesseldorf", "bielefeld", "wuppertal", "duisburg", "kreis_soest")


@lru_cache(maxsize=2)
def compiled(root: Path) -> Any:
    from kitaforms.compiler import compile_project

    return compile_project(root)


@lru_cache(maxsize=1)
def real_kommunen() -> tuple[str, ...]:
    """Three Kommunen of ``forms/`` whose three forms compile without errors (none while forms/ is empty)."""
    if not (ROOT / "forms" / "nrw").is_dir():
        return ()
    result = compiled(ROOT)
    broken = {d.location.file.split("/")[1] for d in result.diagnostics if d.severity.name == "ERROR" and d.location}
    if any(d.location and d.location.file.startswith("forms/nrw/") for d in result.diagnostics if d.severity.name == "ERROR"):
        return ()
    usable = [k for k in PREFERRED_REAL if k not in broken and all(f"{k}/{f}" in result.forms for f in FORMS)]
    return tuple(usable[:3])


def build_test_site() -> Site:
    site = Site()
    site.add_project(compiled(DEMO))
    if real_kommunen():
        site.add_project(compiled(ROOT), list(real_kommunen()))
    return site


def keys(kommunen: tuple[str, ...]) -> list[str]:
    return [f"{k}/{f}" for k in kommunen for f in FORMS]


REAL = keys(real_kommunen())
DEMO_FORMS = keys(("musterstadt",))

