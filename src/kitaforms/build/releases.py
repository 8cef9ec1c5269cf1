"""Published versions do not change: the release check of a build.

A bundle folder ``<ags>-<kommune>/<form>/<version>/`` that already stands in the output is a
release. Its *contract* is what a form server imports and a Fachverfahren relies on: ``schema.json``
(whose ``$id`` names the version), ``form.json``, ``xdf3.xml``, ``fees/``, ``examples/`` and the
manifest's description of them. A build that would change the contract stops with ``BUILD_001`` at
the place where the version is set, naming the kind of change and the version it needs (the rules
of ``kitaforms diff``). Presentation may be rebuilt within a version: the assistant
(``assistant/``, e.g. a fixed theme or a security fix), the Kommune's look, contacts and statements
in ``form.json`` (``kommune.theme``, ``jugendamt``, ``datenschutz``, ``barrierefreiheit…``,
``leichte_sprache``; also ``aufbewahrung_tage``, the server's retention period) and with them the
manifest's hashes, and the generator's version.

A folder whose files do not match its own manifest is not a release but a damaged copy (edited by
hand, half written): the build repairs it like any other out-of-date file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from kitaforms.diagnostics import Diagnostic, Location
from kitaforms.export.diff import Report, diff_bundle_files, next_version
from kitaforms.export.manifest import NAME as MANIFEST
from kitaforms.export.manifest import verify

PRESENTATION = "assistant/"
KOMMUNE_PRESENTATION = ("theme", "jugendamt", "datenschutz", "barrierefreiheit", "barrierefreiheit_stand",
                        "leichte_sprache", "aufbewahrung_tage")  # the last: the server's retention, no contract
FORM_DATA = "form.json"
_KIND = {"major": "a breaking change", "minor": "a compatible change", "patch": "a change of texts only"}


def read_bundle(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def contract(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The files that make up a release, the manifest reduced to what describes them."""
    kept = {path: content for path, content in files.items() if not path.startswith(PRESENTATION) and path != MANIFEST}
    if FORM_DATA in files:
        kept[FORM_DATA] = _without_kommune_presentation(files[FORM_DATA])
    if MANIFEST in files:
        try:
            described = json.loads(files[MANIFEST])
            described.pop("generator", None)
            # the files are compared themselves; the assistant's may come and go within a version
            described["files"] = [e["path"] for e in described.get("files", []) if not e["path"].startswith(PRESENTATION)]
            kept[MANIFEST] = json.dumps(described, sort_keys=True).encode()
        except (ValueError, KeyError, TypeError, AttributeError):
            kept[MANIFEST] = files[MANIFEST]
    return kept


def _without_kommune_presentation(raw: bytes) -> bytes:
    try:
        data = json.loads(raw)
        for key in KOMMUNE_PRESENTATION:
            data.get("kommune", {}).pop(key, None)
        return json.dumps(data, sort_keys=True).encode()
    except (ValueError, AttributeError):
        return raw


def changed_releases(out: Path, staging: Path, versions: Mapping[str, Location]) -> Iterator[Diagnostic]:
    """``BUILD_001`` for every published bundle whose contract this build would change."""
    for folder, location in sorted(versions.items()):
        published = out / folder
        if not (published / MANIFEST).is_file():
            continue
        old, new = read_bundle(published), read_bundle(staging / folder)
        if _intact(old) and contract(old) != contract(new):
            yield _refusal(folder, location, old, new)


def _intact(files: dict[str, bytes]) -> bool:
    try:
        return not verify(json.loads(files[MANIFEST]), files)
    except (ValueError, KeyError, TypeError, AttributeError):
        return False


def _refusal(folder: str, location: Location, old: dict[str, bytes], new: dict[str, bytes]) -> Diagnostic:
    kommune, form, version = PurePosixPath(folder).parts[-3:]
    report = diff_bundle_files(old, new)
    bump = report.required_bump or "patch"
    needed = next_version(version, bump)
    kind = _KIND[bump] if report.required_bump else "a change of the generated content with no change of meaning"
    first = _first_change(report)
    where = (f"in forms/{kommune.split('-', 1)[-1]}/{form}.yaml for this Kommune alone, or here for every Kommune"
             if location.file.startswith("forms/nrw/") else "here")
    return Diagnostic.make(
        "BUILD_001",
        f"version {version} of `{form}` for {kommune} is already published (exports/{folder}); this build would "
        f"change it: {kind}{first}",
        location,
        f"set at least `version: {needed}` ({bump}, by the rules of `kitaforms diff`) {where}; or undo the change",
    )


def _first_change(report: Report) -> str:
    if not report.changes:
        return ""
    first, more = report.changes[0], len(report.changes) - 1
    return f" ({first.path or 'form'}: {first.what}{f' and {more} more' if more else ''})"
