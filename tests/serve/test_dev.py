"""`serve --dev`: builds in memory, keeps the last good build when a build fails, shows the error."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from starlette.testclient import TestClient

from kitaforms.serve.app import Settings, create_app
from kitaforms.serve.dev import DevBuilder

from .conftest import PROJECTS, TOKEN

FORM = "forms/nrw/antrag.yaml"


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(PROJECTS[1], project)
    return project


def test_dev_build_failure_keeps_the_last_good_build(tmp_path: Path) -> None:
    project = _project(tmp_path)
    builder = DevBuilder(project, "http://127.0.0.1:8000")
    good = builder.build()
    assert builder.state.error is None and good.bundle("teststadt", "antrag") is not None
    app = create_app(good, Settings(db=tmp_path / "dev.sqlite3", admin_token=TOKEN), dev=builder.state)
    form = project / FORM
    form.write_text(form.read_text("utf-8").replace('visible_if: art == "wechsel"', "visible_if: art ==="), "utf-8")
    with TestClient(app) as client:
        app.state.server.replace(builder.build())
        assert builder.state.error and "antrag.yaml" in builder.state.error
        page = client.get("/teststadt/antrag/")
        assert page.status_code == 200, "the last good build is still served"
        assert 'role="alert"' in page.text and "antrag.yaml" in page.text
        assert '<script src="/_dev/reload.js"' in page.text and 'id="kf-dev-summary"' in page.text
        status = client.get("/_dev/status").json()
        assert status["build"] == 2 and status["error"]
        form.write_text(form.read_text("utf-8").replace("visible_if: art ===", 'visible_if: art == "wechsel"'), "utf-8")
        app.state.server.replace(builder.build())
        assert builder.state.error is None
        assert 'role="alert"' not in client.get("/teststadt/antrag/").text
        assert client.get("/_dev/reload.js").status_code == 200


def test_dev_schema_ids_point_at_the_dev_server(tmp_path: Path) -> None:
    builder = DevBuilder(_project(tmp_path), "http://127.0.0.1:8123")
    catalogue = builder.build()
    assert catalogue.bundle("teststadt", "antrag").schema["$id"].startswith("http://127.0.0.1:8123/teststadt/")


def test_dev_watcher_rebuilds_on_change(tmp_path: Path) -> None:
    project = _project(tmp_path)
    builder = DevBuilder(project, "http://127.0.0.1:8000")
    app = create_app(builder.build(), Settings(db=tmp_path / "w.sqlite3", admin_token=TOKEN), dev=builder.state)
    server = app.state.server

    async def scenario() -> int:
        task = asyncio.create_task(builder.watch(server))
        await asyncio.sleep(0.5)
        form = project / FORM
        form.write_text(form.read_text("utf-8").replace("Wochenstunden", "Stunden je Woche"), "utf-8")
        for _ in range(100):
            await asyncio.sleep(0.1)
            bundle = server.catalogue.bundle("teststadt", "antrag")
            if b"Stunden je Woche" in bundle.files["schema.json"]:
                break
        task.cancel()
        return builder.state.build

    try:
        assert asyncio.run(scenario()) >= 2
        assert b"Stunden je Woche" in server.catalogue.bundle("teststadt", "antrag").files["schema.json"]
    finally:
        server.store.close()


def test_disabled_outside_dev(client: TestClient) -> None:
    assert client.get("/_dev/status").status_code == 404
    assert client.get("/_dev/reload.js").status_code == 404
