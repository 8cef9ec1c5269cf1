"""Fixtures for the export tests: the test projects compiled and built once per session.

``bundle_sets`` holds every bundle the tests check: those built from the fixture projects
(``tests/fixtures/mini``, ``tests/export/fixtures/allfields``) and every bundle committed under
``exports/`` — so the acceptance checks (schema valid, examples behave) run on what admins get.
``current_bundles`` leaves out the archived releases in ``exports/`` (versions ``index.json`` no
longer names): they stay as published, so rules made for later versions are checked on the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

import kitaforms.compiler  # noqa: F401 - the pipeline's import order
from kitaforms.compiler import CompileResult, compile_project
from kitaforms.export._json import loads
from kitaforms.export.bundle import build_bundles
from kitaforms.serve.catalogue import read_tree

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PROJECTS = {"mini": ROOT / "tests" / "fixtures" / "mini", "allfields": HERE / "fixtures" / "allfields"}
STANDARDS = ROOT / "src" / "kitaforms" / "export" / "standards"


@dataclass
class BuiltBundle:
    origin: str  # "mini", "allfields" or "exports"
    folder: str  # <ags>-<kommune>/<form>/<version>
    files: dict[str, bytes]

    def json(self, name: str):  # type: ignore[no-untyped-def]
        return loads(self.files[name])

    def __repr__(self) -> str:
        return f"{self.origin}:{self.folder}"


def split_bundles(origin: str, files: dict[str, bytes]) -> list[BuiltBundle]:
    found: dict[str, dict[str, bytes]] = {}
    for path in files:
        parts = PurePosixPath(path).parts
        if len(parts) == 4 and parts[3] == "manifest.json":
            found["/".join(parts[:3])] = {}
    for path, content in files.items():
        parts = PurePosixPath(path).parts
        folder = "/".join(parts[:3])
        if folder in found and len(parts) > 3:
            found[folder]["/".join(parts[3:])] = content
    return [BuiltBundle(origin, folder, found[folder]) for folder in sorted(found)]


@pytest.fixture(scope="session")
def compiled() -> dict[str, CompileResult]:
    return {name: compile_project(path) for name, path in PROJECTS.items()}


@pytest.fixture(scope="session")
def built(compiled: dict[str, CompileResult]) -> dict[str, dict[str, bytes]]:
    return {name: {p.as_posix(): c for p, c in build_bundles(result).items()} for name, result in compiled.items()}


@pytest.fixture(scope="session")
def bundle_sets(built: dict[str, dict[str, bytes]]) -> list[BuiltBundle]:
    bundles = [b for name, files in built.items() for b in split_bundles(name, files)]
    return bundles + split_bundles("exports", read_tree(ROOT / "exports"))


@pytest.fixture(scope="session")
def current_bundles(bundle_sets: list[BuiltBundle]) -> list[BuiltBundle]:
    index = loads((ROOT / "exports" / "index.json").read_bytes())
    current = {form["bundle"] for kommune in index["kommunen"] for form in kommune["forms"]}
    return [bundle for bundle in bundle_sets if bundle.origin != "exports" or bundle.folder in current]


@pytest.fixture(scope="session")
def allfields(built: dict[str, dict[str, bytes]]) -> BuiltBundle:
    (bundle,) = split_bundles("allfields", built["allfields"])
    return bundle
