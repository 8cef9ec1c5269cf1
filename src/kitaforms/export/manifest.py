"""``manifest.json``: what a bundle is and the sha256 of every file in it.

An admin's import checks the manifest first: ``format``, the form (id, version, title), the
Kommune (id, name, AGS), the Leika services as ``urn:de:fim:leika:leistung:<key>``, the OZG id,
the schema's ``$id``, the XDatenfelder files (``xdatenfelder``: the Stammdatenschema and the
Dokumentsteckbrief with their ids and versions, the JSON pointer mapping), the generator and its
version, and ``files`` — every other file of the bundle with its size and sha256, sorted by path.
The manifest does not list itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from kitaforms import __version__
from kitaforms.export.schema import leika_urns, schema_id
from kitaforms.resolve import ResolvedForm

FORMAT = "kitaforms-bundle/1"
NAME = "manifest.json"


def manifest(resolved: ResolvedForm, base_url: str, files: Mapping[str, bytes], satzungen: list[str],
             xdatenfelder: dict[str, Any] | None = None) -> dict[str, Any]:
    form, kommune = resolved.form, resolved.kommune
    return {
        "format": FORMAT,
        "form": {"id": form.id, "version": form.version, "title": dict(form.title)},
        "kommune": {
            "id": resolved.kommune_id,
            "name": kommune.name if kommune else None,
            "ags": kommune.ags if kommune else None,
        },
        "leika": leika_urns(resolved),
        "ozg_id": form.ozg_id,
        "schema": {"$id": schema_id(base_url, resolved), "file": "schema.json"},
        "assistant": "assistant/index.html" if "assistant/index.html" in files else None,
        "satzungen": satzungen,
        "xdatenfelder": xdatenfelder,
        "generator": {"name": "kitaforms", "version": __version__},
        "files": [file_entry(path, content) for path, content in sorted(files.items())],
    }


def file_entry(path: str, content: bytes) -> dict[str, Any]:
    return {"path": path, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


def verify(manifest_data: Mapping[str, Any], files: Mapping[str, bytes]) -> list[str]:
    """Problems found when checking ``files`` against the manifest (empty when all is well)."""
    problems = []
    if manifest_data.get("format") != FORMAT:
        problems.append(f"unknown manifest format {manifest_data.get('format')!r}")
    listed = {entry["path"]: entry for entry in manifest_data.get("files", [])}
    for path, entry in sorted(listed.items()):
        content = files.get(path)
        if content is None:
            problems.append(f"{path}: listed in the manifest but missing")
        elif hashlib.sha256(content).hexdigest() != entry.get("sha256") or len(content) != entry.get("size"):
            problems.append(f"{path}: sha256 or size differs from the manifest")
    for path in sorted(set(files) - set(listed) - {NAME}):
        problems.append(f"{path}: not listed in the manifest")
    return problems
