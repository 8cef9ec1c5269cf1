"""The NRW-scale build (kitaforms.build) gives exactly what the serial in-memory build gives.

Several worker processes, the cache and streamed writes are only ways of doing the same work: the
output folder must hold byte for byte what :func:`build_bundles` computes for the same inputs, and
a Kommune is rebuilt exactly when one of its inputs (or its output) changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kitaforms.build.run import BuildOptions, build_exports
from kitaforms.compiler import compile_project
from kitaforms.export.bundle import DEFAULT_BASE_URL, DEFAULT_TIMESTAMP, build_bundles

ROOT = Path(__file__).resolve().parents[2]
KOMMUNEN = ("bonn", "koeln", "kreis_soest", "wuppertal")


def copy_project(target: Path, kommunen: tuple[str, ...] = KOMMUNEN) -> Path:
    shutil.copytree(ROOT / "forms" / "nrw", target / "forms" / "nrw")
    for kommune in kommunen:
        shutil.copytree(ROOT / "forms" / kommune, target / "forms" / kommune)
        if (ROOT / "satzungen" / kommune).is_dir():
            shutil.copytree(ROOT / "satzungen" / kommune, target / "satzungen" / kommune)
    return target


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def serial_reference(project: Path) -> dict[str, bytes]:
    result = compile_project(project)
    assert result.ok()
    return {path.as_posix(): content for path, content in build_bundles(result).items()}


def build(project: Path, jobs: int | None = 2, cache: bool = True):  # type: ignore[no-untyped-def]
    outcome = build_exports(project, project / "exports", BuildOptions(DEFAULT_BASE_URL, DEFAULT_TIMESTAMP, jobs, cache))
    assert outcome.ok, outcome.errors
    return outcome


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.mark.slow
def test_parallel_cached_build_is_byte_identical_to_the_serial_one(project: Path) -> None:
    outcome = build(project, jobs=2)
    assert sorted(outcome.built) == sorted(KOMMUNEN)
    assert tree(project / "exports") == serial_reference(project)


@pytest.mark.slow
def test_only_what_changed_is_built_again(project: Path) -> None:
    build(project)
    assert build(project).built == []

    edit(project / "forms" / "bonn" / "kommune.yaml", "logo_text: Bundesstadt Bonn", "logo_text: Bonn")  # pages only
    assert build(project).built == ["bonn"]
    assert tree(project / "exports") == serial_reference(project)

    (project / "exports" / "index.json").unlink()
    page = next((project / "exports").glob("*-wuppertal/index.html"))
    page.write_text("edited by hand", encoding="utf-8")
    assert build(project).built == ["wuppertal"]
    assert tree(project / "exports") == serial_reference(project)


@pytest.mark.slow
def test_a_change_of_the_nrw_base_rebuilds_every_kommune(project: Path) -> None:
    build(project)
    edit(project / "forms" / "nrw" / "beitragsbefreiung.yaml", "\nversion:", "\n# a comment: input, not output\nversion:")
    outcome = build(project)
    assert sorted(outcome.built) == sorted(KOMMUNEN)
    assert outcome.comparison is not None and outcome.comparison.differing == []


def test_without_cache_and_with_one_job_everything_is_built(project: Path) -> None:
    for kommune in ("koeln", "bonn"):
        shutil.rmtree(project / "forms" / kommune)
        shutil.rmtree(project / "satzungen" / kommune, ignore_errors=True)
    build(project, jobs=1)
    outcome = build(project, jobs=1, cache=False)
    assert sorted(outcome.built) == ["kreis_soest", "wuppertal"] and outcome.fresh == []
    assert tree(project / "exports") == serial_reference(project)


@pytest.mark.slow
def test_files_with_the_same_bytes_are_one_file_and_a_hand_edit_of_one_is_repaired_everywhere(project: Path) -> None:
    build(project, jobs=2)
    styles = sorted((project / "exports").glob("*/*/*/assistant/assets/kitaforms.css"))
    assert len(styles) >= 8
    assert len({path.stat().st_ino for path in styles}) <= 2  # one file per worker process, linked into each bundle

    styles[0].write_text("edited by hand, in place: every name of that file shows it", encoding="utf-8")
    outcome = build(project, jobs=2)
    assert outcome.built  # the edit is seen in every Kommune that shares the file
    assert tree(project / "exports") == serial_reference(project)
