"""`serve --dev` rebuilds only what changed, answers at once, and builds what a request waits for first.

A two-Kommune copy of the mini project: `musterstadt` (its overlay) and `nebenstadt` (a copy). The builder's
steps are checked directly (what is stale, which bundles are built again) and through the app (the first
request, the long poll of the reload script, files only complete bundles have).
"""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from kitaforms.serve.app import Settings, create_app
from kitaforms.serve.dev import DevBuilder

from .conftest import PROJECTS, TOKEN

MINI = PROJECTS[0]
OVERLAY = "forms/musterstadt/anmeldung.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    shutil.copytree(root / "forms" / "musterstadt", root / "forms" / "nebenstadt")
    kommune = root / "forms" / "nebenstadt" / "kommune.yaml"
    text = kommune.read_text("utf-8").replace("id: musterstadt", "id: nebenstadt")
    kommune.write_text(text.replace('"05999000"', '"05999001"').replace("Musterstadt (", "Nebenstadt ("), "utf-8")
    return root


def edit(root: Path, old: str, new: str, place: str = OVERLAY) -> None:
    path = root / place
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_a_change_compiles_its_kommune_only_and_builds_only_the_changed_bundle(project: Path) -> None:
    builder = DevBuilder(project, "http://127.0.0.1:8000")
    first = builder.build()
    assert sorted(first.kommunen) == ["musterstadt", "nebenstadt"]
    other, mine = first.kommunen["nebenstadt"], first.kommunen["musterstadt"]
    bundle_files = builder._bundles["musterstadt/anmeldung"].files

    assert builder._scan().stale == []  # nothing changed: nothing to compile
    edit(project, "Wie im Ausweis", "Wie im Reisepass")
    assert builder._scan().stale == ["musterstadt"]
    second = builder.build()
    assert second.kommunen["nebenstadt"] is other, "the other Kommune keeps what it serves"
    assert second.kommunen["musterstadt"] is not mine
    assert b"Wie im Reisepass" in second.bundle("musterstadt", "anmeldung").assistant_file("index.html")
    assert builder._bundles["musterstadt/anmeldung"].files is not bundle_files

    edit(project, "Stadt Musterstadt (Testdaten)", "Stadt Musterstadt (Vorschau)", "forms/musterstadt/kommune.yaml")
    unchanged = builder._bundles["musterstadt/anmeldung"].files
    third = builder.build()
    assert "Vorschau" in third.kommunen["musterstadt"].kommune.name
    assert builder._bundles["musterstadt/anmeldung"].files is not unchanged  # form.json names the Kommune


def test_the_nrw_base_changes_every_kommune(project: Path) -> None:
    builder = DevBuilder(project, "http://127.0.0.1:8000")
    builder.build()
    edit(project, "Ihr Kind, en: Your child", "Ihr Kind (neu), en: Your child", "forms/nrw/anmeldung.yaml")
    assert builder._scan().stale == ["musterstadt", "nebenstadt"]


def test_an_error_keeps_the_kommunes_last_good_build_and_lists_its_problem(project: Path) -> None:
    builder = DevBuilder(project, "http://127.0.0.1:8000", lang="de")
    good = builder.build().kommunen["musterstadt"]
    edit(project, "hint:", "hnit:")
    catalogue = builder.build()
    assert catalogue.kommunen["musterstadt"] is good
    problems = builder.state.problems_of("musterstadt")
    assert [p.code for p in problems] == ["FORM_001"] and problems[0].where.startswith(OVERLAY)
    assert "unbekannter Schlüssel" in problems[0].message, "in the editor's language"
    assert builder.state.problems_of("nebenstadt") == []
    assert builder.state.errors_elsewhere("nebenstadt") == {"musterstadt": 1}


def _app(builder: DevBuilder, tmp_path: Path) -> Any:
    settings = Settings(db=tmp_path / "dev.sqlite3", admin_token=TOKEN)
    return create_app(builder.catalogue, settings, dev=builder.state, background=[builder.run])


def test_the_server_answers_at_once_and_builds_the_requested_kommune_first(project: Path, tmp_path: Path) -> None:
    builder = DevBuilder(project, "http://127.0.0.1:8000")
    order: list[str] = []
    build_kommune = builder._build_kommune

    def recording(compiled: Any, complete: bool = False) -> Any:
        order.append(compiled.folder)
        return build_kommune(compiled, complete)

    builder._build_kommune = recording  # type: ignore[method-assign]
    scan = builder._scan

    def after_the_request() -> Any:  # the request comes while the builder starts (here: always before it scans)
        deadline = time.monotonic() + 10
        while not builder.state._wanted and time.monotonic() < deadline:
            time.sleep(0.01)
        return scan()

    builder._scan = after_the_request  # type: ignore[method-assign]
    with TestClient(_app(builder, tmp_path)) as client:
        page = client.get("/nebenstadt/anmeldung/")  # waits for its build, which comes first
        assert page.status_code == 200 and "Nebenstadt" in page.text
        assert order[0] == "nebenstadt"
        index = client.get("/")
        assert "musterstadt" in index.text and "nebenstadt" in index.text
    assert "examples/index.json" not in builder._bundles["nebenstadt/anmeldung"].files  # a preview bundle


def test_a_file_only_complete_bundles_have_is_built_on_request(project: Path, tmp_path: Path) -> None:
    builder = DevBuilder(project, "http://127.0.0.1:8000")
    with TestClient(_app(builder, tmp_path)) as client:
        assert client.get("/musterstadt/anmeldung/").status_code == 200
        examples = client.get("/musterstadt/anmeldung/examples/index.json")
        assert examples.status_code == 200 and examples.json()
        manifest = client.get("/musterstadt/anmeldung/manifest.json").json()
        assert any(entry["path"].startswith("examples/") for entry in manifest["files"])
        assert any(entry["path"] == "xdf3.xml" for entry in manifest["files"])


def test_the_long_poll_answers_when_the_kommunes_page_is_out_of_date(project: Path, tmp_path: Path) -> None:
    builder = DevBuilder(project, "http://127.0.0.1:8000")
    with TestClient(_app(builder, tmp_path)) as client:
        assert client.get("/musterstadt/anmeldung/").status_code == 200
        client.get("/nebenstadt/anmeldung/")
        stamp = client.get("/_dev/status?kommune=musterstadt").json()["stamp"]
        other = client.get("/_dev/status?kommune=nebenstadt").json()["stamp"]
        time.sleep(0.3)  # the watcher is running
        edit(project, "Wie im Ausweis", "Wie im Reisepass")
        started = time.monotonic()
        answer = client.get(f"/_dev/status?kommune=musterstadt&after={stamp}").json()
        assert answer["stamp"] != stamp and time.monotonic() - started < 20
        assert "Wie im Reisepass" in client.get("/musterstadt/anmeldung/").text
        assert client.get("/_dev/status?kommune=nebenstadt").json()["stamp"] == other, "the other page stays"


def test_outside_dev_the_preview_pages_do_not_exist(client: TestClient) -> None:
    for path in ("/_dev/status", "/_dev/reload.js", "/_dev/preview.css", "/_dev/ids/musterstadt/anmeldung/",
                 "/_dev/gebuehren/musterstadt/"):
        assert client.get(path).status_code == 404, path


def test_wait_change_returns_at_once_when_the_stamp_differs() -> None:
    from kitaforms.serve.devstate import DevState

    async def scenario() -> int:
        state = DevState()
        state.touch("a")
        return await state.wait_change("a", 0, seconds=5)

    assert asyncio.run(scenario()) == 1


def test_a_kommune_broken_from_the_start_shows_its_problems_instead_of_a_404(project: Path, tmp_path: Path) -> None:
    edit(project, "hint:", "hnit:")
    builder = DevBuilder(project, "http://127.0.0.1:8000")
    with TestClient(_app(builder, tmp_path)) as client:
        page = client.get("/musterstadt/anmeldung/")
        assert page.status_code == 200
        assert 'id="kf-dev-summary"' in page.text and "FORM_001" in page.text and OVERLAY in page.text
        assert client.get("/nebenstadt/anmeldung/").status_code == 200, "the other Kommune is served"
        edit(project, "hnit:", "hint:")
        stamp = client.get("/_dev/status?kommune=musterstadt").json()["stamp"]
        client.get(f"/_dev/status?kommune=musterstadt&after={stamp}")
        for _ in range(100):  # its first good build follows the fix
            if "Wie im Ausweis" in client.get("/musterstadt/anmeldung/").text:
                break
            time.sleep(0.1)
        assert 'id="kf-dev-summary"' not in client.get("/musterstadt/anmeldung/").text
