"""Import bundles the way a form-server admin does: from files, checked against their manifests.

:func:`load_catalogue` takes the files of an ``exports/`` tree — read from disk
(:func:`read_tree`) or straight from :func:`kitaforms.export.bundle.build_bundles` in ``--dev``
mode — finds every ``<ags>-<kommune>/<form>/<version>/manifest.json``, verifies the sha256 and size
of every listed file, and rebuilds the form from ``form.json`` alone (no YAML). A bundle that fails
the check is not served; its problems are listed in :attr:`Catalogue.problems`.

Per form the newest version (semantic-version order) is the one served at ``/<kommune>/<form>/``;
every version stays reachable at ``/<kommune>/<form>/<version>/`` and accepts submissions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from kitaforms.export._json import loads
from kitaforms.export.formdata import resolved_from_data
from kitaforms.export.manifest import NAME as MANIFEST
from kitaforms.export.manifest import verify
from kitaforms.export.validation import SubmissionValidator
from kitaforms.model.kommune import Kommune
from kitaforms.resolve import ResolvedForm

_FOLDER = re.compile(r"^(?P<ags>\d{8})-(?P<kommune>[a-z][a-z0-9_]*)$")


@dataclass
class Bundle:
    kommune: str
    form: str
    version: str
    manifest: dict[str, Any]
    schema: dict[str, Any]
    schema_bytes: bytes
    resolved: ResolvedForm
    validator: SubmissionValidator
    files: dict[str, bytes]

    @property
    def key(self) -> str:
        return f"{self.kommune}/{self.form}"

    @property
    def title(self) -> dict[str, str]:
        return dict(self.manifest["form"]["title"])

    def assistant_file(self, path: str) -> bytes | None:
        return self.files.get(f"assistant/{path}")


@dataclass
class KommuneEntry:
    id: str
    ags: str
    folder: str
    kommune: Kommune | None = None
    pages: dict[str, bytes] = field(default_factory=dict)
    forms: dict[str, dict[str, Bundle]] = field(default_factory=dict)  # form → version → bundle

    def latest(self, form: str) -> Bundle | None:
        versions = self.forms.get(form)
        if not versions:
            return None
        return versions[max(versions, key=version_key)]


@dataclass
class Catalogue:
    kommunen: dict[str, KommuneEntry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def bundle(self, kommune: str, form: str, version: str | None = None) -> Bundle | None:
        entry = self.kommunen.get(kommune)
        if entry is None:
            return None
        if version is None:
            return entry.latest(form)
        return entry.forms.get(form, {}).get(version)

    def bundles(self) -> list[Bundle]:
        return [
            entry.forms[form][version]
            for entry in self.kommunen.values()
            for form in sorted(entry.forms)
            for version in sorted(entry.forms[form], key=version_key)
        ]


def version_key(version: str) -> tuple[Any, ...]:
    core, _, pre = version.partition("-")
    numbers = tuple(int(part) if part.isdigit() else 0 for part in core.split("."))
    return (*numbers, pre == "", pre)


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (an ``exports/`` folder) by its POSIX path relative to it."""
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def load_catalogue(files: Mapping[str, bytes]) -> Catalogue:
    catalogue = Catalogue()
    by_folder = _group(files)
    for path in sorted(files):
        parts = PurePosixPath(path).parts
        if len(parts) == 4 and parts[3] == MANIFEST and _FOLDER.match(parts[0]):
            _load_bundle(catalogue, parts[0], parts[1], parts[2], by_folder.get("/".join(parts[:3]), {}))
    for entry in catalogue.kommunen.values():
        entry.pages = _kommune_pages(files, entry.folder)
    return catalogue


def _group(files: Mapping[str, bytes]) -> dict[str, dict[str, bytes]]:
    """Files grouped by bundle folder (``<kommune folder>/<form>/<version>``)."""
    grouped: dict[str, dict[str, bytes]] = {}
    for path, content in files.items():
        parts = PurePosixPath(path).parts
        if len(parts) > 3:
            grouped.setdefault("/".join(parts[:3]), {})["/".join(parts[3:])] = content
    return grouped


def _kommune_pages(files: Mapping[str, bytes], folder: str) -> dict[str, bytes]:
    """The Kommune's own pages: files of its folder that are not inside a form's folder."""
    form_dirs = {
        parts[1] for parts in map(lambda p: PurePosixPath(p).parts, files)
        if len(parts) == 4 and parts[0] == folder and parts[3] == MANIFEST
    }
    pages = {}
    for path, content in files.items():
        parts = PurePosixPath(path).parts
        if parts[0] == folder and len(parts) > 1 and parts[1] not in form_dirs:
            pages["/".join(parts[1:])] = content
    return pages


def _load_bundle(catalogue: Catalogue, folder: str, form: str, version: str, files: dict[str, bytes]) -> None:
    where = f"{folder}/{form}/{version}"
    try:
        manifest = loads(files[MANIFEST])
        problems = verify(manifest, files)
        if problems:
            catalogue.problems.extend(f"{where}: {problem}" for problem in problems)
            return
        bundle = _bundle(manifest, files)
    except (KeyError, ValueError, TypeError) as exc:
        catalogue.problems.append(f"{where}: cannot be imported: {exc}")
        return
    match = _FOLDER.match(folder)
    assert match is not None
    if (bundle.kommune, bundle.form, bundle.version) != (match["kommune"], form, version):
        catalogue.problems.append(f"{where}: the manifest describes {bundle.key} {bundle.version}")
        return
    entry = catalogue.kommunen.setdefault(bundle.kommune, KommuneEntry(bundle.kommune, match["ags"], folder))
    entry.kommune = entry.kommune or bundle.resolved.kommune
    entry.forms.setdefault(form, {})[version] = bundle


def _bundle(manifest: dict[str, Any], files: dict[str, bytes]) -> Bundle:
    schema_bytes = files["schema.json"]
    schema = loads(schema_bytes)
    resolved = resolved_from_data(loads(files["form.json"]))
    return Bundle(
        kommune=manifest["kommune"]["id"],
        form=manifest["form"]["id"],
        version=manifest["form"]["version"],
        manifest=manifest,
        schema=schema,
        schema_bytes=schema_bytes,
        resolved=resolved,
        validator=SubmissionValidator(resolved, schema),
        files=files,
    )
