"""The Kommune's facility catalogue and its own details, as ``form.json`` carries them.

A facility's id is the code a wish list submits: its removal is breaking and its addition
compatible (both reported on the field that offers the catalogue). Here: care types (the form
server refuses a pick that does not offer the asked care type, so one less is breaking), the ages
and hours the assistant filters by (compatible), names and addresses (text only).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kitaforms.export.diff._report import BREAKING, COMPATIBLE, TEXT, Change

_FILTERS = ("age_from_months", "age_to_months", "weekly_hours")
_SKIP = ("id", "name", "care_types", *_FILTERS)  # the name is a code's label: compared with the codes


def facility_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    for code in sorted(set(old) & set(new)):
        yield from _facility(f"facilities.{code}", old[code], new[code])


def _facility(path: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    dropped = [kind for kind in old.get("care_types", []) if kind not in new.get("care_types", [])]
    gained = [kind for kind in new.get("care_types", []) if kind not in old.get("care_types", [])]
    if dropped:
        yield Change(BREAKING, path, "care types dropped: " + ", ".join(dropped), "a wish for it with this care type is refused")
    if gained:
        yield Change(COMPATIBLE, path, "care types added: " + ", ".join(gained), "it can be wished for more care types")
    changed = [key for key in _FILTERS if old.get(key) != new.get(key)]
    if changed:
        yield Change(COMPATIBLE, path, "changed: " + ", ".join(changed), "the assistant offers it to other ages or hours; the server accepts the same wishes")
    texts = sorted(key for key in set(old) | set(new) if key not in _SKIP and old.get(key) != new.get(key))
    if texts:
        yield Change(TEXT, path, "text: " + ", ".join(texts) + " changed", "details shown to citizens only")


def kommune_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    """Contacts, theme and texts of the Kommune (its id and AGS come with the manifest)."""
    before, after = old.get("kommune") or {}, new.get("kommune") or {}
    changed = sorted(key for key in set(before) | set(after) if key not in ("id", "ags") and before.get(key) != after.get(key))
    if changed:
        yield Change(TEXT, "", "Kommune details changed: " + ", ".join(changed), "contacts, theme and texts only")
    for key in ("sample_data", "source"):
        if (old.get("facilities") or {}).get(key) != (new.get("facilities") or {}).get(key):
            yield Change(TEXT, "", f"facility catalogue: {key} changed", "a note on the data, not the data")
