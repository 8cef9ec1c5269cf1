"""File answers, read from the form's JSON Schema, and the files that travel with them.

What a file answer looks like is stated once, by :func:`kitaforms.export.schema._file_object`: an
object with :data:`~kitaforms.export.schema.FILE_KEYS` (``name``, ``type``, ``size``, ``sha256``),
``type`` an ``enum`` of the accepted media types, ``size`` with a ``maximum`` in bytes; a field
taking several files is an array of such objects with ``maxItems``. The server reads exactly that
back from a bundle's schema — where the file answers of a submission are
(:func:`kitaforms.export.schema.file_answers`) and the limits the upload stream enforces
(:func:`file_rule`) — so the definition drives the schema, and the schema drives the server's
checks (the same schema's ``enum`` and ``maximum`` are then checked again by the validator).
The field's label in every language, for the messages, comes from the form (``form.json``):
:func:`form_labels`; the schema has only the German ``title``.

Binding (:func:`bind`): every file answer must refer to a file sent in the same request — a part
named with the field's instance path (``nachweis``, ``belege``, ``geschwister.0.nachweis``) whose
bytes have the answer's ``sha256``. The answer is then replaced by what the server measured (safe
name, sniffed type, size, sha256). Its *attachment id* is the answer's own instance path
(``nachweis``, ``belege.1``): the stored file is tied to the submission by (reference, attachment
id, field, sha256).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from kitaforms.export.schema import file_answers, file_object_of
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import FieldError
from kitaforms.runtime.messages import message

MEGABYTE = 1024 * 1024
Labels = Callable[[str], Mapping[str, str]]  # a file field's instance path → its label in every language


def form_labels(resolved: ResolvedForm) -> Labels:
    """The labels of a form's fields by instance path (``geschwister.0.nachweis``), from its definition."""
    def label(path: str) -> Mapping[str, str]:
        placed = resolved.placed.get(".".join(part for part in path.split(".") if not part.isdigit()))
        return dict(placed.element.label) if placed is not None and placed.element.label else {"de": path, "en": path}

    return label


def _schema_label(path: str, prop: Mapping[str, Any]) -> Mapping[str, str]:
    return {"de": str(prop.get("title") or path)}


class Sent(Protocol):
    """A file as the request brought it (:class:`kitaforms.serve.uploads.Received`)."""

    part: str  # the name of its part: the file field's instance path
    name: str
    type: str
    size: int
    sha256: str

    def described(self) -> dict[str, Any]: ...

    def content(self) -> bytes: ...


@dataclass(frozen=True)
class FileRule:
    """The limits of one file field, as its schema states them."""

    accept: tuple[str, ...]
    max_bytes: int
    max_files: int
    label: Mapping[str, str]

    @property
    def megabytes(self) -> str:
        """The size limit as the messages show it (``10``, ``0,5``)."""
        value = (Decimal(self.max_bytes) / MEGABYTE).quantize(Decimal("0.01")).normalize()
        return format(value, "f").replace(".", ",")

    def error(self, path: str, code: str, **values: Any) -> FieldError:
        return FieldError(path, code, message(code, dict(self.label), **values))


@dataclass
class Attachment:
    attachment_id: str
    field: str
    sent: Sent

    def receipt(self) -> dict[str, Any]:
        return {"attachment_id": self.attachment_id, "field": self.field, **self.sent.described()}


@dataclass
class Binding:
    data: Any
    attachments: list[Attachment] = field(default_factory=list)
    missing: list[FieldError] = field(default_factory=list)
    unclaimed: list[Sent] = field(default_factory=list)  # files no answer refers to


def _rule(prop: Mapping[str, Any], label: Mapping[str, str]) -> FileRule | None:
    """The rule of a field's property schema, if it is a file field's."""
    item = file_object_of(prop)
    if item is None:
        return None
    props = item["properties"]
    many = prop.get("type") == "array"
    return FileRule(tuple(props["type"].get("enum", ())), int(props["size"]["maximum"]),
                    int(prop.get("maxItems", 1)) if many else 1, label)


def file_rule(schema: Mapping[str, Any], path: str, labels: Labels | None = None) -> FileRule | None:
    """The rule of the file field at an instance path (``geschwister.0.nachweis``), else None.

    ``labels`` (:func:`form_labels`) names the field in the messages; without it, the schema's title."""
    if path.rpartition(".")[2].isdigit():
        return None  # a field's path, never one of its files (``belege``, not ``belege.0``)
    node: Any = schema
    prop: Any = None
    for part in path.split("."):
        if part.isdigit() and isinstance(node, Mapping) and node.get("type") == "array":
            node = node.get("items")
            continue
        props = node.get("properties") if isinstance(node, Mapping) else None
        if not isinstance(props, Mapping) or part not in props:
            return None
        node = prop = props[part]
    if not isinstance(prop, Mapping):
        return None
    return _rule(prop, labels(path) if labels is not None else _schema_label(path, prop))


def bind(schema: Mapping[str, Any], data: Any, sent: list[Sent], labels: Labels | None = None) -> Binding:
    """Tie every file answer of ``data`` to a file sent with it; ``data`` itself is left as it is."""
    if not sent and next(file_answers(schema, data), None) is None:
        return Binding(data)  # nothing to tie: the answers are used as they are, not copied
    bound = Binding(copy.deepcopy(data))
    pool: dict[str, list[Sent]] = {}
    for item in sent:
        pool.setdefault(item.part, []).append(item)
    for answer in list(file_answers(schema, bound.data)):
        claimed = answer.value.get("sha256") if isinstance(answer.value, Mapping) else None
        candidates = pool.get(answer.field, [])
        match = next((item for item in candidates if item.sha256 == claimed), None)
        if match is None:
            label = labels(answer.field) if labels is not None else _schema_label(answer.field, answer.field_schema)
            rule = _rule(answer.field_schema, label)
            if rule is not None and not any(error.path == answer.field for error in bound.missing):
                bound.missing.append(rule.error(answer.field, "file_not_sent"))
            continue
        candidates.remove(match)
        _replace(bound.data, answer.path, match.described())
        bound.attachments.append(Attachment(answer.path, answer.field, match))
    bound.unclaimed = [item for items in pool.values() for item in items]
    return bound


def _replace(data: Any, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
