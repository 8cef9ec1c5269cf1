"""``kitaforms serve --dev``: rebuild on every change, keep serving the last good build.

The build runs in memory (:func:`kitaforms.export.bundle.build_bundles` returns the files; nothing
is written to ``exports/``) and the server imports the result exactly as it imports ``exports/``.
When a build fails — definition errors or a crash — the previous catalogue stays in service and
every HTML page shows the error above its content; ``/_dev/status`` reports it and the pages reload
themselves when a new build is ready.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from pathlib import Path
from typing import Any

from kitaforms.serve.app import DevState, Server
from kitaforms.serve.catalogue import Catalogue, load_catalogue

log = logging.getLogger("kitaforms.serve.dev")
WATCHED = ("forms", "satzungen")


class DevBuilder:
    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root
        self.base_url = base_url
        self.state = DevState()
        self.catalogue = Catalogue()

    def build(self) -> Catalogue:
        """Build once; on failure keep ``self.catalogue`` and record the error in ``self.state``."""
        try:
            error, catalogue = self._build()
        except Exception:  # noqa: BLE001 - a crash is shown in the browser like any build error
            error, catalogue = traceback.format_exc(), None
        self.state.error = error
        if catalogue is not None:
            self.catalogue = catalogue
        self.state.build += 1
        if error:
            log.warning("build %d failed; serving the last good build\n%s", self.state.build, error)
        else:
            log.info("build %d: %d bundles", self.state.build, len(self.catalogue.bundles()))
        return self.catalogue

    def _build(self) -> tuple[str | None, Catalogue | None]:
        from kitaforms.cli._project import line_reader
        from kitaforms.compiler import compile_project
        from kitaforms.export.bundle import build_bundles
        from kitaforms.report import format_text

        result = compile_project(self.root)
        if not result.ok():
            errors = [d for d in result.diagnostics.sorted() if d.is_error]
            return format_text(errors, line_reader(self.root)), None
        files = build_bundles(result, self.base_url)
        return None, load_catalogue({path.as_posix(): content for path, content in files.items()})

    async def watch(self, server: Server) -> None:
        from watchfiles import awatch

        folders = [str(self.root / name) for name in WATCHED if (self.root / name).is_dir()]
        if not folders:
            return
        async for _changes in awatch(*folders, debounce=300, step=100):
            server.replace(await asyncio.to_thread(self.build))


def dev_background(builder: DevBuilder) -> list[Any]:
    return [builder.watch]
