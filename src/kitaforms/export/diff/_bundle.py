"""Two versions of a bundle, file by file: which files carry meaning, and in what order.

* ``manifest.json``: what the bundle is (form, Kommune, Leika) and its version;
* ``form.json``: conditions, requirements, validations, limits, codes and their labels, texts —
  the definition the form server checks with (``_form``);
* ``schema.json``: what a receiver's validator sees. With ``form.json`` on both sides only its
  shape is compared, and only where ``form.json`` found no change at the same field: so a change of
  the generator (a stricter pattern, say) still shows, without repeating the form's changes;
  without ``form.json`` the schema says everything it can (``_schema``);
* ``fees/*.json``: income brackets and fee rules (``_fees``);
* everything else (assistant, examples, ``xdf3.xml``) is derived from these. When the version
  stayed and nothing above changed but files still differ, that is one text-only change, so a
  published bundle is never overwritten silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from kitaforms.export._json import dumps, loads
from kitaforms.export.diff._fees import fee_changes
from kitaforms.export.diff._form import form_changes
from kitaforms.export.diff._report import BREAKING, TEXT, Change, Report, version_errors
from kitaforms.export.diff._schema import schema_changes, shape_changes

MANIFEST, SCHEMA, FORM = "manifest.json", "schema.json", "form.json"


def diff_bundle_files(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> Report:
    """The classified changes from one bundle to the next; both map paths relative to the bundle
    folder (``schema.json``, ``form.json``, ``fees/2025-08.json`` …) to their bytes.
    Raises ``ValueError`` when either has no readable ``manifest.json``."""
    old_manifest, new_manifest = _manifest(old), _manifest(new)
    report = Report(old_manifest["form"]["version"], new_manifest["form"]["version"])
    report.changes += list(_identity(old_manifest, new_manifest))
    try:
        report.changes += _definition(old, new)
        report.changes += list(fee_changes(old, new))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        report.changes.append(Change(BREAKING, "", f"a file of the bundle cannot be read ({exc})",
                                     "what cannot be read cannot be compared: treated as breaking"))
    if not report.changes and report.old_version == report.new_version:
        report.changes += list(_other_files(old, new))
    report.errors += version_errors(report)
    return report


def diff_bundles(old_manifest: dict[str, Any], old_schema: dict[str, Any],
                 new_manifest: dict[str, Any], new_schema: dict[str, Any]) -> Report:
    """The same from the manifests and schemas alone (no ``form.json``: the schema says all)."""
    return diff_bundle_files({MANIFEST: dumps(old_manifest), SCHEMA: dumps(old_schema)},
                             {MANIFEST: dumps(new_manifest), SCHEMA: dumps(new_schema)})


def _manifest(files: Mapping[str, bytes]) -> dict[str, Any]:
    try:
        manifest = loads(files[MANIFEST])
        manifest["form"]["version"]
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not a bundle: no readable {MANIFEST} ({exc})") from None
    return manifest  # type: ignore[no-any-return]


def _identity(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    why = "a different service: receivers file its submissions elsewhere"
    for label, read in (("form", lambda m: m["form"]["id"]), ("Kommune", lambda m: m["kommune"]["id"]),
                        ("AGS", lambda m: m["kommune"].get("ags")), ("Leika services", lambda m: sorted(m.get("leika", [])))):
        if read(old) != read(new):
            yield Change(BREAKING, "", f"the {label} changed: {read(old)} → {read(new)}", why)


def _definition(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> list[Change]:
    old_schema, new_schema = _json(old, SCHEMA), _json(new, SCHEMA)
    if FORM not in old or FORM not in new:
        return schema_changes(old_schema, new_schema)
    changes = form_changes(loads(old[FORM]), loads(new[FORM]))
    covered = {change.path for change in changes if change.kind != TEXT}
    return changes + [change for change in shape_changes(old_schema, new_schema) if not _under(change.path, covered)]


def _json(files: Mapping[str, bytes], name: str) -> dict[str, Any]:
    return loads(files[name]) if name in files else {}  # type: ignore[no-any-return]


def _under(path: str, covered: set[str]) -> bool:
    parts = path.split(".")
    return any(".".join(parts[:length]) in covered for length in range(1, len(parts) + 1))


def _other_files(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> Iterator[Change]:
    differ = sorted(path for path in set(old) | set(new) if path != MANIFEST and old.get(path) != new.get(path))
    if _manifest_details(old) != _manifest_details(new):
        differ.append(MANIFEST)
    if differ:
        shown = ", ".join(differ[:5]) + (f" and {len(differ) - 5} more" if len(differ) > 5 else "")
        yield Change(TEXT, "", f"files changed: {shown}", "no field, code, rule or text changed, but the published files would differ")


def _manifest_details(files: Mapping[str, bytes]) -> str:
    manifest = {key: value for key, value in loads(files[MANIFEST]).items() if key != "files"}
    manifest["form"] = {key: value for key, value in manifest["form"].items() if key != "version"}
    manifest.pop("schema", None)  # its $id names the version
    return json.dumps(manifest, sort_keys=True, default=str)

