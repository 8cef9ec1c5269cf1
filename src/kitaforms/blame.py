"""Blame a problem that shows in the NRW base form on the line of the Kommune's overlay that causes it.

A Kommune's change can break the base form where the editor does not look: removing a field that base
conditions use makes them name an unknown field; inserting an element with a base id makes the base
element a duplicate. Such problems are found in the merged form and located in the base file. To find
their cause, the overlay is applied piece by piece (each setting, each code list, the other top-level
keys, each change, in the order resolving applies them): the first piece after which the problem appears
is blamed. The problem is then reported at that piece, with a note for each place it shows in the base.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kitaforms.diagnostics import Diagnostic, Location, Note
from kitaforms.load.project import Loaded, Project
from kitaforms.load.yaml_source import DataPath, Document
from kitaforms.model.overlay import CHANGE_KINDS, Overlay

Identity = tuple[object, ...]
_OWN_KEYS = ("extends", "settings", "code_lists", "changes")


@dataclass(frozen=True)
class Piece:
    """One part of an overlay, as resolving applies it: a setting, a code list, the other keys, a change."""

    kind: str  # "settings" | "code_lists" | "other" | "changes"
    key: str | int | None
    path: DataPath


def identity(diagnostic: Diagnostic) -> Identity:
    return (diagnostic.code, diagnostic.message, diagnostic.location)


def blame_on_overlay(project: Project, kommune_id: str, form_id: str, caused: list[Diagnostic],
                     check: Callable[[Project], list[Diagnostic]], own: Sequence[Diagnostic] = ()) -> list[Diagnostic]:
    """``caused`` (problems outside the overlay that the base alone does not have), located in the overlay.

    ``check`` resolves and checks the form of ``kommune_id`` in a project and returns its problems. A problem
    whose code ``own`` (the problems already located in the overlay) reports within the blamed piece is the
    same mistake seen twice and is left out.
    """
    loaded = project.kommunen[kommune_id].overlays[form_id]
    pieces = _pieces(loaded.document)
    seen: dict[int, set[Identity]] = {}

    def problems_after(count: int) -> set[Identity]:
        if count not in seen:
            variant = _with_overlay(project, kommune_id, form_id, _prefix(loaded, pieces, count))
            seen[count] = {identity(d) for d in check(variant)}
        return seen[count]

    blamed: dict[tuple[str, Location, str], list[Diagnostic]] = {}
    spans = _spans(loaded.document, pieces)
    for diagnostic in caused:
        piece = _first_piece(diagnostic, len(pieces), problems_after)
        if piece is not None and _already_reported(diagnostic.code, spans[piece], own):
            continue
        location = _location(loaded.document, diagnostic, pieces[piece] if piece is not None else None)
        blamed.setdefault((diagnostic.code, location, diagnostic.message), []).append(diagnostic)
    return [_merged(group, location, loaded.document) for (_, location, _), group in blamed.items()]


def _first_piece(diagnostic: Diagnostic, total: int, problems_after: Callable[[int], set[Identity]]) -> int | None:
    """The index of the first piece after which ``diagnostic`` appears (binary search over prefixes)."""
    wanted = identity(diagnostic)
    low, high = 1, total
    if total == 0 or wanted not in problems_after(total):
        return None
    while low < high:
        middle = (low + high) // 2
        if wanted in problems_after(middle):
            high = middle
        else:
            low = middle + 1
    return low - 1


def _pieces(document: Document) -> list[Piece]:
    data = document.data
    pieces = [Piece("settings", name, ("settings", name)) for name in _mapping(data.get("settings"))]
    pieces += [Piece("code_lists", name, ("code_lists", name)) for name in _mapping(data.get("code_lists"))]
    others = [key for key in data if key not in _OWN_KEYS]
    if others:
        pieces.append(Piece("other", None, (others[0],)))
    changes = data.get("changes")
    pieces += [Piece("changes", index, ("changes", index)) for index in range(len(changes))] if isinstance(
        changes, list) else []
    return pieces


def _spans(document: Document, pieces: list[Piece]) -> list[range]:
    """The lines of each piece: from its first line to the line before the next piece."""
    starts = [document.locate(piece.path, key=piece.kind != "changes").line for piece in pieces]
    ends = [*starts[1:], 1 << 30]
    return [range(start, max(end, start + 1)) for start, end in zip(starts, ends, strict=True)]


def _already_reported(code: str, span: range, own: Sequence[Diagnostic]) -> bool:
    return any(d.code == code and d.location is not None and d.location.line in span for d in own)


def _mapping(value: Any) -> list[str]:
    return list(value) if isinstance(value, dict) else []


def _prefix(loaded: Loaded[Overlay], pieces: list[Piece], count: int) -> Loaded[Overlay]:
    """The overlay with only its first ``count`` pieces."""
    taken = pieces[:count]
    settings = [p.key for p in taken if p.kind == "settings"]
    lists = [p.key for p in taken if p.kind == "code_lists"]
    changes = sum(1 for p in taken if p.kind == "changes")
    model, data = loaded.model, dict(loaded.document.data)
    update: dict[str, Any] = {
        "settings": {k: v for k, v in model.settings.items() if k in settings},
        "code_lists": {k: v for k, v in model.code_lists.items() if k in lists},
        "changes": model.changes[:changes],
    }
    data.update(settings={k: v for k, v in _dict(data.get("settings")).items() if k in settings},
                code_lists={k: v for k, v in _dict(data.get("code_lists")).items() if k in lists},
                changes=list(data.get("changes") or [])[:changes])
    if not any(p.kind == "other" for p in taken):
        for name, info in type(model).model_fields.items():
            if name not in _OWN_KEYS:
                update[name] = info.get_default(call_default_factory=True)
                data.pop(name, None)
    return Loaded(replace(loaded.document, data=data), model.model_copy(update=update))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _with_overlay(project: Project, kommune_id: str, form_id: str, overlay: Loaded[Overlay]) -> Project:
    sources = project.kommunen[kommune_id]
    changed = replace(sources, overlays={**sources.overlays, form_id: overlay})
    return replace(project, kommunen={**project.kommunen, kommune_id: changed})


def _location(document: Document, diagnostic: Diagnostic, piece: Piece | None) -> Location:
    """Where to report: a place in the overlay the message names (``first at …``), else the piece."""
    mentioned = re.search(rf"{re.escape(document.file)}:(\d+):(\d+)", diagnostic.message)
    if mentioned:
        return Location(document.file, int(mentioned.group(1)), int(mentioned.group(2)))
    if piece is None:
        return document.locate(("extends",))
    if piece.kind == "changes":
        change = document.data["changes"][piece.key]
        kind = next((k for k in CHANGE_KINDS if isinstance(change, dict) and k in change), None)
        return document.locate((*piece.path, kind) if kind else piece.path)
    return document.locate(piece.path, key=True)


def _merged(group: list[Diagnostic], location: Location, document: Document) -> Diagnostic:
    first = group[0]
    places = sorted({d.location for d in group if d.location is not None})
    notes = tuple(Note(place, "shows here in the NRW form") for place in places)
    base = places[0].file if places else "the NRW form"
    hint = _hint(first, location, document) or first.hint
    message = first.message.replace(f" (first at {location})", "")
    message = f"{message} (in {base}, caused by this line)"
    return replace(first, message=message, location=location, hint=hint, notes=notes)


def _hint(diagnostic: Diagnostic, location: Location, document: Document) -> str | None:
    """Better advice for the change itself: a removed field the base still uses, an id the base has too."""
    if diagnostic.code == "FORM_004" and location.file in diagnostic.message:
        return "give the element you insert another id: the NRW form has one with this id (see the note)"
    target = _removed_at(document, location)
    if diagnostic.code != "EXPR_002" or target is None:
        return None
    return (f"the NRW form still uses `{target}`: instead of removing it, hide it: `- set: {target}` with "
            '`properties: {visible_if: "false"}`')


def _removed_at(document: Document, location: Location) -> str | None:
    changes = document.data.get("changes")
    for index, change in enumerate(changes if isinstance(changes, list) else []):
        if isinstance(change, dict) and "remove" in change and document.locate(("changes", index, "remove")) == location:
            return str(change["remove"])
    return None
