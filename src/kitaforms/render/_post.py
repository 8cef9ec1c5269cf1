"""A plain HTML form post (no JavaScript) → the JSON submission the runtime checks.

The field names are the instance paths of :mod:`kitaforms.render._view`; see the mapping table in
:mod:`kitaforms.render`. Empty inputs are left out, numbers and dates are read as in the browser
(:mod:`kitaforms.render._values`), unreadable input is kept as text so the check reports it, and the
values of fields hidden by the answers are dropped (they take no part in the submission).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kitaforms.model.form import Element
from kitaforms.render import _values
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.formats import amount_places, amount_text, parse_number
from kitaforms.runtime.submission import FormRuntime, instance_path
from kitaforms.runtime.text import blank, nfc

Fields = dict[str, list[Any]]


def normalise_post(post: Any) -> Fields:
    """Accept a multidict (``getlist``), a mapping of lists or values, or a list of pairs."""
    fields: Fields = {}
    if hasattr(post, "getlist") and hasattr(post, "keys"):
        for key in dict.fromkeys(post.keys()):
            fields[str(key)] = [nfc(value) for value in post.getlist(key)]
        return fields
    pairs: Iterable[tuple[Any, Any]] = post.items() if isinstance(post, Mapping) else post
    for key, value in pairs:
        values = value if isinstance(value, (list, tuple)) else [value]
        fields.setdefault(str(key), []).extend(nfc(item) for item in values)
    return fields


ADD, REMOVE = "_add", "_remove"  # the names of the add/remove buttons of repeats on the page without JavaScript


@dataclass(frozen=True)
class RepeatEdit:
    """A repeat's add or remove button (or a wish list's add button) pressed on the page without
    JavaScript: the post is no submission, the server shows the page again with the answers (one more
    empty entry or select, or one entry less)."""

    action: str  # "add" or "remove"
    path: str  # the repeat's or wish list's instance path ("kinder") for add, the entry's ("kinder.1") for remove


def repeat_edit(resolved: ResolvedForm, post: Any) -> RepeatEdit | None:
    """The add/remove button of this post, if it names a repeat (or one of its entries) of the form."""
    fields = normalise_post(post)
    for name, action in ((ADD, "add"), (REMOVE, "remove")):
        value = next((v for v in fields.get(name, []) if isinstance(v, str)), None)
        if value is None:
            continue
        head, _, index = value.rpartition(".")
        if action == "add" and _instance_of(resolved, value) in ("repeat", "ranked_choice"):
            return RepeatEdit(action, value)  # a wish list grows by one select
        if action == "remove" and index.isdigit() and _instance_of(resolved, head) == "repeat":
            return RepeatEdit(action, value)
    return None


def _instance_of(resolved: ResolvedForm, path: str) -> str | None:
    """The element type at instance path ``path`` (names, with an entry index after each enclosing
    repeat), None if ``path`` is no such path."""
    placed_by_name = resolved.placed
    parts, name, placed = path.split("."), "", None
    i = 0
    while i < len(parts):
        name = f"{name}.{parts[i]}" if name else parts[i]
        placed = placed_by_name.get(name)
        if placed is None:
            return None
        i += 1
        if placed.element.type == "repeat" and i < len(parts):
            if not parts[i].isdigit():
                return None
            i += 1
            if i == len(parts):
                return None  # an entry, not the repeat
    return placed.element.type if placed is not None else None


def form_post_to_data(resolved: ResolvedForm, post: Any, today: date | None = None) -> dict[str, Any]:
    """The submission of a post; a pressed remove button (:func:`repeat_edit`) drops that entry."""
    fields = normalise_post(post)
    edit = repeat_edit(resolved, fields)
    if edit is not None and edit.action == "remove":
        fields = {name: values for name, values in fields.items() if not name.startswith(edit.path + ".")}
    data = _read(_all(resolved), fields, "")
    return _without_hidden(resolved, data, today or date.today())


def _all(resolved: ResolvedForm) -> list[Element]:
    return [element for step in resolved.form.steps for element in step.elements]


def _read(elements: list[Element], fields: Fields, prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for element in elements:
        value = _READERS.get(element.type, _text)(element, fields, prefix + element.id)
        if value is not None:
            out[element.id] = value
    return out


def _first(fields: Fields, name: str) -> str:
    values = fields.get(name) or [""]
    value = values[0]
    return value if isinstance(value, str) else ""


def _text(element: Any, fields: Fields, path: str) -> Any:
    value = _first(fields, path).replace("\r\n", "\n")
    if element.type != "textarea":
        value = _values.trim(value)
    return None if blank(value) else value


def _iban(element: Any, fields: Fields, path: str) -> Any:
    return _values.iban_text(_first(fields, path))


def _number(element: Any, fields: Fields, path: str) -> Any:
    """An integer as a number; an amount (money, decimal) as its decimal string (``"1250.50"``)."""
    places = amount_places(element)
    if places is None:
        return _values.parse_number(_first(fields, path), 0)
    return _values.parse_amount(_first(fields, path), places)


def _date(element: Any, fields: Fields, path: str) -> Any:
    return _values.compose_date(*(_first(fields, f"{path}.{key}") for key in ("day", "month", "year")))


def _month(element: Any, fields: Fields, path: str) -> Any:
    return _values.compose_month(_first(fields, f"{path}.month"), _first(fields, f"{path}.year"))


def _boolean(element: Any, fields: Fields, path: str) -> Any:
    return {"true": True, "false": False}.get(_first(fields, path))


def _declaration(element: Any, fields: Fields, path: str) -> Any:
    return True if _first(fields, path) == "true" else None


def _multichoice(element: Any, fields: Fields, path: str) -> Any:
    codes = [v for v in fields.get(path, []) if isinstance(v, str) and v]
    return list(dict.fromkeys(codes)) or None


def _ranked(element: Any, fields: Fields, path: str) -> Any:
    picks = []
    for index in sorted(_indexes(fields, path)):
        code = _first(fields, f"{path}.{index}.code").strip()
        if code:
            reasons = [r for r in fields.get(f"{path}.{index}.reasons", []) if isinstance(r, str) and r]
            picks.append({"code": code, "reasons": list(dict.fromkeys(reasons))})
    return picks or None


def _indexes(fields: Fields, path: str) -> set[int]:
    prefix = path + "."
    found = set()
    for name in fields:
        head = name[len(prefix):].partition(".")[0] if name.startswith(prefix) else ""
        if head.isdigit():
            found.add(int(head))
    return found


def _group(element: Any, fields: Fields, path: str) -> Any:
    return _read(element.elements, fields, path + ".") or None


def _repeat(element: Any, fields: Fields, path: str) -> Any:
    entries = []
    for index in sorted(_indexes(fields, path)):
        entry = _read(element.elements, fields, f"{path}.{index}.")
        if not _untouched(element.elements, entry):
            entries.append(entry)
    return entries or None


def _untouched(elements: list[Element], entry: dict[str, Any]) -> bool:
    """An entry slot nobody filled in: nothing but the fields' own defaults (e.g. a preset "Nein")."""
    for element in elements:
        if element.id not in entry or element.type == "computed":
            continue
        value = entry[element.id]
        if element.type == "group":
            if not _untouched(element.elements, value):  # type: ignore[union-attr]
                return False
        elif not _same(value, getattr(element, "default", None)):
            return False
    return True


def _same(value: Any, default: Any) -> bool:
    if isinstance(default, (int, float, Decimal)) and not isinstance(default, bool):
        if isinstance(value, str):  # an amount's decimal string
            number = parse_number(value)
            return number is not None and number == Decimal(str(default))
        return isinstance(value, (int, float)) and not isinstance(value, bool) and Decimal(str(value)) == Decimal(str(default))
    return value == default


def _file(element: Any, fields: Fields, path: str) -> Any:
    files = [described for upload in fields.get(path, []) if (described := describe_upload(upload))]
    if not files:
        return None
    return files if element.max_files > 1 else files[0]


def describe_upload(upload: Any) -> dict[str, Any] | None:
    """``{"name", "type", "size", "sha256"}`` of an uploaded file, None for an empty file input.

    Accepts such a dict already, or an object with ``filename``, ``content_type`` and either ``file``
    (a binary file object, as Starlette's ``UploadFile``) or ``read()``/bytes ``content``.
    """
    if isinstance(upload, Mapping):
        return dict(upload) if upload.get("name") else None
    name = getattr(upload, "filename", None)
    if not name:
        return None
    content = _content(upload)
    return {
        "name": str(name),
        "type": str(getattr(upload, "content_type", None) or "application/octet-stream"),
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }


def _content(upload: Any) -> bytes:
    content = getattr(upload, "content", None)
    if isinstance(content, bytes):
        return content
    handle = getattr(upload, "file", None) or upload
    position = handle.tell() if hasattr(handle, "tell") else None
    data = handle.read()
    if position is not None and hasattr(handle, "seek"):
        handle.seek(position)
    return data if isinstance(data, bytes) else b""


def _nothing(element: Any, fields: Fields, path: str) -> Any:
    return None


_READERS = {
    "integer": _number, "decimal": _number, "money": _number, "date": _date, "month": _month,
    "boolean": _boolean, "declaration": _declaration, "multichoice": _multichoice, "ranked_choice": _ranked,
    "group": _group, "repeat": _repeat, "file": _file, "info": _nothing, "computed": _nothing,
    "choice": _text, "iban": _iban,
}


# --- drop what the answers hide; add computed values --------------------------------------------------


def _without_hidden(resolved: ResolvedForm, data: dict[str, Any], today: date) -> dict[str, Any]:
    runtime = FormRuntime(resolved, data, today)
    keep: set[str] = set()
    computed: dict[str, Any] = {}
    for placed, indexes in runtime.instances():
        if runtime.visible(placed.name, indexes):
            path = instance_path(placed.name, indexes)
            keep.add(path)
            if placed.element.type == "computed":
                value = runtime.evaluate(placed.element.expression, placed, indexes)
                computed[path] = _computed_value(placed.element, value)
    pruned = _prune(_all(resolved), data, "", keep)
    for path, value in computed.items():
        if value is not None:
            _put(pruned, path, value)
    return pruned


def _computed_value(element: Any, value: Any) -> Any:
    """A computed money value is an amount: its decimal string, as the assistant sends it."""
    if element.value_type == "money" and isinstance(value, Decimal) and value.is_finite():
        return amount_text(value, 2)
    return _json_value(value)


def _prune(elements: list[Element], node: dict[str, Any], prefix: str, keep: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for element in elements:
        path = prefix + element.id
        if element.id not in node or path not in keep:
            continue
        value = node[element.id]
        if element.type == "group":
            value = _prune(element.elements, value, path + ".", keep)  # type: ignore[union-attr]
        elif element.type == "repeat":
            value = [_prune(element.elements, e, f"{path}.{i}.", keep) for i, e in enumerate(value)]  # type: ignore[union-attr]
        if value != {}:
            out[element.id] = value
    return out


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node: Any = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    node[parts[-1]] = value


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
