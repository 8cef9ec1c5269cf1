"""The registrations of a round, as the back office exports them from the store.

One submission per line (JSON Lines), or one JSON array of submissions, each an object with at least
``reference``, ``received_at`` and ``data`` (what :meth:`kitaforms.store.model.Submission.as_json`
gives; ``kommune`` and ``form``, when present, are checked). Numbers are read exactly (``Decimal``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any


class InputError(ValueError):
    """An input file of ``kitaforms allocate`` cannot be used; ``where`` is ``file:line`` or ``file``."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


@dataclass(frozen=True)
class Registration:
    reference: str
    received_at: str  # UTC, as the store writes it: 2026-01-15T08:30:00.000Z
    data: Mapping[str, Any]
    kommune: str | None = None
    form: str | None = None


def read_registrations(text: str, file: str) -> list[Registration]:
    """Every registration of ``text`` (JSON Lines or a JSON array); raises :class:`InputError`."""
    found = [_registration(item, where) for item, where in _items(text.lstrip("\ufeff"), file)]
    seen: dict[str, int] = {}
    for index, registration in enumerate(found):
        if registration.reference in seen:
            raise InputError(file, f"the reference {registration.reference} appears twice "
                             f"(items {seen[registration.reference] + 1} and {index + 1})")
        seen[registration.reference] = index
    return found


def _items(text: str, file: str) -> Iterator[tuple[Any, str]]:
    if text.lstrip().startswith("["):
        items = loads(text, file)
        yield from ((item, f"{file}: item {index + 1}") for index, item in enumerate(items))
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield loads(line, f"{file}:{number}"), f"{file}:{number}"


def loads(text: str, where: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON ({exc.msg}, column {exc.colno})") from None


def _registration(item: Any, where: str) -> Registration:
    if not isinstance(item, Mapping):
        raise InputError(where, "a registration must be a JSON object with reference, received_at and data")
    reference, received, data = item.get("reference"), item.get("received_at"), item.get("data")
    if not isinstance(reference, str) or not reference.strip():
        raise InputError(where, "`reference` is missing")
    if not isinstance(data, Mapping):
        raise InputError(where, f"{reference}: `data` (the answers) is missing or not an object")
    return Registration(reference, utc(received, f"{where}: {reference}"), data,
                        _text(item.get("kommune")), _text(item.get("form")))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def utc(value: Any, where: str) -> str:
    """An ISO 8601 time as the store writes it (UTC, milliseconds, ``Z``); a date counts as midnight UTC."""
    if not isinstance(value, str):
        raise InputError(where, "`received_at` is missing")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(where, f"`received_at` {value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
