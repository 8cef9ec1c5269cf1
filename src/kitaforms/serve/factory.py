"""The app as uvicorn's factory, configured by the environment (so ``--workers`` can fork it).

``KITAFORMS_EXPORTS`` (bundles folder), ``KITAFORMS_DB`` (SQLite file or database URL), ``KITAFORMS_ADMIN_TOKEN``,
``KITAFORMS_JSON_LIMIT`` / ``KITAFORMS_FORM_LIMIT`` (bytes); ``KITAFORMS_PROJECT`` (the project folder fee
notices are made from); ``KITAFORMS_TODAY`` (YYYY-MM-DD) pins the
date the rules are checked on — for tests and benchmarks only, never in production.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from starlette.applications import Starlette

import kitaforms.compiler  # noqa: F401 - imports the pipeline in its stable order
from kitaforms.serve.app import Settings, create_app
from kitaforms.serve.catalogue import load_catalogue, read_tree

log = logging.getLogger("kitaforms.serve")


def app_from_environment() -> Starlette:
    exports = Path(os.environ.get("KITAFORMS_EXPORTS", "exports"))
    catalogue = load_catalogue(read_tree(exports))
    for problem in catalogue.problems:
        log.warning("not imported: %s", problem)
    log.info("imported %d bundles from %s", len(catalogue.bundles()), exports)
    pinned = os.environ.get("KITAFORMS_TODAY")
    today = (lambda: date.fromisoformat(pinned)) if pinned else date.today
    settings = Settings(
        today=today,
        db=os.environ.get("KITAFORMS_DB", "var/kitaforms.sqlite3"),
        admin_token=os.environ["KITAFORMS_ADMIN_TOKEN"],
        json_limit=int(os.environ.get("KITAFORMS_JSON_LIMIT", 1 << 20)),
        form_limit=int(os.environ.get("KITAFORMS_FORM_LIMIT", 64 << 20)),
        project=Path(os.environ["KITAFORMS_PROJECT"]) if os.environ.get("KITAFORMS_PROJECT") else None,
    )
    return create_app(catalogue, settings)
