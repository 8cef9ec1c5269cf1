"""Submissions as CSV (for spreadsheets) and JSON Lines (for machines).

A CSV holds the submissions of **one form version**, and its columns come from that version's
``schema.json`` alone — never from the data — so every export of the version has the same header,
whatever the filter: the fixed columns (:data:`FIXED`), then every leaf property path in the order
of the schema (``kind.vorname``, ``wuensche.0.code``). An object nests its properties; a list of
objects (a repeat, several files, a ranked choice) gets one set of columns per entry up to the
schema's ``maxItems`` (:data:`REPEAT_WITHOUT_MAX` where it sets none), numbered from 0; a list of
codes is one column, joined with ``; ``. Booleans are ``ja``/``nein``; numbers as sent. A cell that
a spreadsheet would read as a formula (``= + - @``, tab, carriage return at the start; a plain
number such as ``-12.50`` is left alone) gets a leading ``'``.

A JSON Lines export has one submission per line, its answers byte for byte as stored.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from kitaforms.store import Submission, Upload

FIXED = ("reference", "kommune", "form", "version", "received_at", "lang", "status", "retrieved_at")
REPEAT_WITHOUT_MAX = 10  # entries' columns for a list of objects whose schema sets no maxItems
_CSV_DANGER = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def columns(schema: Mapping[str, Any]) -> list[str]:
    """The answer columns of a form version: every leaf path of its schema, in schema order."""
    found: list[str] = []
    _leaves(schema, "", found)
    return found


def _leaves(node: Any, path: str, found: list[str]) -> None:
    if not isinstance(node, Mapping):
        found.append(path)
        return
    properties = node.get("properties")
    items = node.get("items")
    if isinstance(properties, Mapping):
        for key, child in properties.items():
            _leaves(child, f"{path}.{key}" if path else key, found)
    elif isinstance(items, Mapping) and isinstance(items.get("properties"), Mapping):
        for index in range(int(node.get("maxItems", REPEAT_WITHOUT_MAX))):
            _leaves(items, f"{path}.{index}", found)
    elif path:
        found.append(path)


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """Nested answers as ``dotted.path → text`` (lists of entries get their index in the path)."""
    out: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(data, list) and all(not isinstance(item, (dict, list)) for item in data):
        out[prefix[:-1]] = "; ".join(cell(item) for item in data)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            out.update(flatten(item, f"{prefix}{index}."))
    else:
        out[prefix[:-1]] = cell(data)
    return out


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return str(value)


def neutral(text: str) -> str:
    """Cells that a spreadsheet would read as a formula get a leading apostrophe (CSV injection)."""
    return "'" + text if text.startswith(_CSV_DANGER) and not _PLAIN_NUMBER.match(text) else text


def answers(row: Submission) -> Any:
    return json.loads(row.data, parse_float=Decimal)


class CsvWriter:
    """A CSV of one form version, written in pieces (UTF-8 with a byte-order mark, CRLF)."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.columns = columns(schema)

    def header(self) -> bytes:
        return ("\ufeff" + self._line([*FIXED, *self.columns])).encode("utf-8")

    def rows(self, rows: Iterable[Submission]) -> bytes:
        return "".join(self._line(self._cells(row)) for row in rows).encode("utf-8")

    def _cells(self, row: Submission) -> list[str]:
        flat = flatten(answers(row))
        head = [row.reference, row.kommune, row.form, row.version, row.received_at, row.lang, row.status,
                row.retrieved_at or ""]
        return head + [flat.get(column, "") for column in self.columns]

    @staticmethod
    def _line(cells: list[str]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow([neutral(text) for text in cells])
        return buffer.getvalue()


def submission_json(row: Submission, files: list[Upload] | None = None, **extra: Any) -> bytes:
    """A submission as JSON with its answers exactly as stored (numbers keep every digit)."""
    head: dict[str, Any] = {
        "reference": row.reference, "kommune": row.kommune, "form": row.form, "version": row.version,
        "received_at": row.received_at, "lang": row.lang, "status": row.status, "retrieved_at": row.retrieved_at,
        **extra,
    }
    if files is not None:
        head["files"] = [file_json(upload) for upload in files]
    return (json.dumps(head, ensure_ascii=False)[:-1] + ', "data": ' + row.data + "}").encode("utf-8")


def file_json(upload: Upload) -> dict[str, Any]:
    return {"attachment_id": upload.attachment_id, "field": upload.field, "name": upload.name, "type": upload.type,
            "size": upload.size, "sha256": upload.sha256}
