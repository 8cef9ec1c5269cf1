"""Every file of ``exports/``, as data: ``build_bundles(result, base_url) -> {relative path: bytes}``.

Layout (paths relative to ``exports/``)::

    index.json                                   every Kommune, form and current version
    <ags>-<kommune>/                             the Kommune's start page and accessibility statement
    <ags>-<kommune>/zustaendigkeit.json          the towns and postcodes it serves (export.area), for the finder
    <ags>-<kommune>/<form>/<version>/
        manifest.json                            what the bundle is; sha256 of every other file
        schema.json                              JSON Schema 2020-12 of submissions (export.schema)
        form.json                                the resolved form as data (export.formdata)
        xdf3.xml                                 XDatenfelder 3.0.0 Stammdatenschema (export.xdf3)
        xdf3-dokumentsteckbrief.xml              its Dokumentsteckbrief
        xdf3-mapping.json                        JSON pointer of each answer → its FIM element id and version
        fees/<satzung>.json                      the Kommune's Satzungen compiled for the fee estimate
        examples/index.json, valid/*, invalid/*  example submissions (export.examples)
        assistant/index.html, en/index.html, …   the HTML assistant (kitaforms.render)

Only forms offered by a Kommune get a bundle (the plain NRW base forms have no AGS). Nothing here
touches the file system or the clock: the CLI writes the mapping (and ``--check`` compares it with
the committed tree byte for byte), and the build's timestamp (XDatenfelder needs one) is a
parameter, fixed by default or taken from ``SOURCE_DATE_EPOCH`` by the CLI.

The HTML comes from the renderer (``render_assistant``, ``render_kommune_pages``); while the
renderer does not provide them, bundles are built without HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from kitaforms.compiler import CompileResult
from kitaforms.export._json import dumps, loads
from kitaforms.export.area import NAME as AREA
from kitaforms.export.area import area_document
from kitaforms.export.examples import build_examples
from kitaforms.export.formdata import form_data
from kitaforms.export.manifest import NAME as MANIFEST
from kitaforms.export.manifest import manifest
from kitaforms.export.schema import form_schema
from kitaforms.export.validation import SubmissionValidator
from kitaforms.export.xdf3 import form_xdf3_files
from kitaforms.model.kommune import Kommune
from kitaforms.resolve import ResolvedForm

DEFAULT_BASE_URL = "https://kitaforms.example/formulare"
DEFAULT_TIMESTAMP = datetime(2026, 1, 1, tzinfo=UTC)
INDEX = "index.json"

Progress = Callable[[str], None]


def kommune_folder(kommune: Kommune) -> str:
    return f"{kommune.ags}-{kommune.id}"


def bundle_folder(resolved: ResolvedForm) -> PurePosixPath:
    assert resolved.kommune is not None
    return PurePosixPath(kommune_folder(resolved.kommune), resolved.form.id, resolved.form.version)


def exported_forms(result: CompileResult) -> list[ResolvedForm]:
    """The forms that get a bundle: those of a Kommune, in a stable order."""
    return [result.forms[key] for key in sorted(result.forms) if result.forms[key].kommune is not None]


def build_bundles(result: CompileResult, base_url: str = DEFAULT_BASE_URL, *,
                  timestamp: datetime = DEFAULT_TIMESTAMP, progress: Progress | None = None) -> dict[Path, bytes]:
    """Every file of ``exports/`` in memory (the serial reference; ``kitaforms.build`` streams the same)."""
    files: dict[str, bytes] = {}
    entries = []
    for kommune, own in kommune_forms(result):
        for path, content in kommune_files(kommune, own, result.satzungen, base_url, timestamp, progress):
            files[str(path)] = content
        entries.append(kommune_index_entry(kommune, own))
    files[INDEX] = dumps(index_document(entries, base_url))
    return {Path(path): files[path] for path in sorted(files)}


def kommune_forms(result: CompileResult) -> list[tuple[Kommune, list[ResolvedForm]]]:
    """Each Kommune with the forms it offers, in a stable order."""
    return _by_kommune(exported_forms(result))


def kommune_files(kommune: Kommune, forms: list[ResolvedForm], satzungen: dict[str, Any], base_url: str,
                  timestamp: datetime = DEFAULT_TIMESTAMP,
                  progress: Progress | None = None) -> Iterator[tuple[PurePosixPath, bytes]]:
    """A Kommune's share of ``exports/``, one bundle after the other: its bundles and its own pages."""
    for resolved in forms:
        if progress:
            progress(resolved.key)
        folder = bundle_folder(resolved)
        for path, content in form_bundle(resolved, base_url, satzungen, timestamp).items():
            yield folder / path, content
    for path, content in _kommune_pages(kommune, forms).items():
        yield PurePosixPath(kommune_folder(kommune)) / path, content
    area = area_document(kommune)
    if area is not None:
        yield PurePosixPath(kommune_folder(kommune)) / AREA, dumps(area)


def form_bundle(resolved: ResolvedForm, base_url: str, satzungen: dict[str, Any],
                timestamp: datetime = DEFAULT_TIMESTAMP, *, preview: bool = False) -> dict[str, bytes]:
    """The files of one bundle, relative to its folder, ``manifest.json`` included.

    ``preview``: without the example submissions and the XDatenfelder files (more than half the time of
    a bundle), for the live preview's first build of a change (``kitaforms serve --dev`` adds them later).
    """
    schema_bytes = dumps(form_schema(resolved, base_url))
    own = own_satzungen(resolved, satzungen)
    xdf3 = None if preview else form_xdf3_files(resolved, timestamp)
    examples = {} if preview else build_examples(resolved, SubmissionValidator(resolved, loads(schema_bytes))).files()
    files: dict[str, bytes] = {
        "schema.json": schema_bytes,
        "form.json": dumps(form_data(resolved)),
        **(xdf3.files if xdf3 else {}),
        **examples,
        **{f"fees/{key.split('/', 1)[1]}.json": dumps(rules.to_json()) for key, rules in own.items()},
        **{f"assistant/{path}": content for path, content in _assistant(resolved, own).items()},
    }
    files[MANIFEST] = dumps(manifest(resolved, base_url, files, sorted(own), xdf3.manifest_entry() if xdf3 else None))
    return files


def own_satzungen(resolved: ResolvedForm, satzungen: dict[str, Any]) -> dict[str, Any]:
    prefix = resolved.kommune_id + "/"
    return {key: satzungen[key] for key in sorted(satzungen) if key.startswith(prefix)}


def estimate_satzungen(own: dict[str, Any]) -> list[Any] | None:
    """Every Satzung of the Kommune, in the order `kitaforms fee` tries them, for the assistant's fee estimate: it
    shows the coming Kita years, each month under the Satzung valid then."""
    return [own[key] for key in sorted(own)] or None


def exports_index(forms: list[ResolvedForm], base_url: str) -> dict[str, Any]:
    return index_document([kommune_index_entry(kommune, own) for kommune, own in _by_kommune(forms)], base_url)


def kommune_index_entry(kommune: Kommune, forms: list[ResolvedForm]) -> dict[str, Any]:
    """One Kommune's entry in ``index.json``."""
    return {
        "id": kommune.id,
        "name": kommune.name,
        "ags": kommune.ags,
        "folder": kommune_folder(kommune),
        "forms": [
            {"id": r.form.id, "version": r.form.version, "title": dict(r.form.title), "bundle": str(bundle_folder(r))}
            for r in forms
        ],
    }


def index_document(entries: list[dict[str, Any]], base_url: str) -> dict[str, Any]:
    """``index.json``: every Kommune's entry, sorted by id."""
    return {"format": "kitaforms-exports/1", "base_url": base_url, "kommunen": sorted(entries, key=lambda e: e["id"])}


def _by_kommune(forms: list[ResolvedForm]) -> list[tuple[Kommune, list[ResolvedForm]]]:
    grouped: dict[str, tuple[Kommune, list[ResolvedForm]]] = {}
    for resolved in forms:
        assert resolved.kommune is not None
        grouped.setdefault(resolved.kommune.id, (resolved.kommune, []))[1].append(resolved)
    return [grouped[key] for key in sorted(grouped)]


def _renderer(name: str) -> Callable[..., Any] | None:
    try:
        from kitaforms import render
    except ImportError:
        return None
    return getattr(render, name, None)


def _assistant(resolved: ResolvedForm, own: dict[str, Any]) -> dict[str, bytes]:
    render_assistant = _renderer("render_assistant")
    if render_assistant is None:
        return {}
    return dict(render_assistant(resolved, satzung=estimate_satzungen(own)))


def _kommune_pages(kommune: Kommune, forms: list[ResolvedForm]) -> dict[str, bytes]:
    render_pages = _renderer("render_kommune_pages")
    if render_pages is None:
        return {}
    return dict(render_pages(kommune, forms))
