"""Validate a submission the way the form server does: JSON Schema + the definition's rules.

Both come from the same definition: :func:`kitaforms.export.schema.form_schema` and
:func:`kitaforms.runtime.check_submission`. Every JSON Schema error is translated into the
runtime's vocabulary — a dotted instance path (``geschwister.0.name``), a stable code
(``required``, ``invalid_choice``, …) and a message in every language — so a citizen, an admin
and the example files see one kind of error whichever check found it. Where both checks report
the same field, the rule check's error is kept.

Amounts are decimal strings whose ``pattern`` holds the field's range as well
(:func:`kitaforms.export.schema.amount_pattern`): a well-formed amount the pattern refuses is out of
range, and is reported as ``too_small``/``too_large`` with the limit, as the rule check does.

Speed: ``jsonschema`` (pure Python) is the authority and explains every error, but takes
milliseconds on a large form. ``jsonschema-rs`` answers "valid?" in microseconds, so it runs
first; only when it says "invalid" (or cannot take the data) does ``jsonschema`` run and decide.
A submission is therefore never accepted against ``jsonschema``'s verdict unless ``jsonschema-rs``
accepts what ``jsonschema`` refuses — the tests compare both on every example.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from kitaforms.export._json import plain
from kitaforms.export._legacy import LegacyAmounts
from kitaforms.model.walk import Placed, walk
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import FieldError, SubmissionResult, check_submission
from kitaforms.runtime.formats import amount_places, parse_amount
from kitaforms.runtime.messages import MESSAGES, message

log = logging.getLogger("kitaforms.validation")
CONTAINERS = ("group", "repeat")
_FORMAT_CODES = {
    "date": "invalid_date", "month": "invalid_month", "email": "invalid_email", "tel": "invalid_tel",
    "postal_code": "invalid_postal_code", "iban": "invalid_iban", "integer": "invalid_integer",
    "decimal": "invalid_number", "money": "invalid_money", "choice": "invalid_choice",
    "multichoice": "invalid_choice",
}
_CHOICES = ("choice", "multichoice", "boolean", "ranked_choice")


def _fast_validator(schema: Mapping[str, Any]) -> Any:
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(plain(schema), validate_formats=True)


def required_code(kind: str) -> str:
    """The runtime's code for a missing answer of this field type."""
    if kind == "declaration":
        return "required_declaration"
    if kind == "file":
        return "required_file"
    return "required_choice" if kind in _CHOICES else "required"


@dataclass
class Verdict:
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def pairs(self) -> set[tuple[str, str]]:
        return {(error.path, error.code) for error in self.errors}


class SubmissionValidator:
    """One form's validator: build it once, call :meth:`validate` per submission."""

    def __init__(self, resolved: ResolvedForm, schema: Mapping[str, Any]) -> None:
        self.resolved = resolved
        self.schema = schema
        self.validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        self.fast = _fast_validator(schema)
        self.placed = {placed.name: placed for placed in walk(resolved.form)}
        self.legacy = LegacyAmounts(resolved, schema)  # a release whose amounts are JSON numbers

    def validate(self, data: Any, today: date | None = None) -> Verdict:
        schema_errors = self.schema_errors(data)
        if not isinstance(data, Mapping):
            return Verdict(schema_errors)
        try:
            result = check_submission(self.resolved, self.legacy.as_strings(data), today)
        except Exception:  # noqa: BLE001 - input the rule checker cannot read is refused, never a crash
            log.warning("the rule check failed on a submission to %s", self.resolved.key, exc_info=True)
            return Verdict(schema_errors or [_error("", "invalid_value", {"de": "Antrag", "en": "Application"})])
        return self.combine(result, schema_errors)

    def validate_checked(self, data: Mapping[str, Any], result: SubmissionResult) -> Verdict:
        """:meth:`validate` for ``data`` whose rule check ``result`` is already known (not run again)."""
        return self.combine(result, self.schema_errors(data))

    @staticmethod
    def combine(result: SubmissionResult, schema_errors: list[FieldError]) -> Verdict:
        """The rules' errors first; a schema error only where no rule already speaks for that path."""
        errors = list(result.errors)
        covered = {error.path for error in errors}
        errors += [error for error in schema_errors if error.path not in covered]
        return Verdict(_unique(errors), list(result.warnings))

    def schema_errors(self, data: Any) -> list[FieldError]:
        if self.fast_valid(data):
            return []
        return _unique([error for error, _ in self.explain(data)])

    def fast_valid(self, data: Any) -> bool:
        """True when jsonschema-rs accepts ``data``; False when it refuses or is not available."""
        if self.fast is None:
            return False
        try:
            return bool(self.fast.is_valid(plain(data)))
        except (ValueError, TypeError, OverflowError):
            return False

    def explain(self, data: Any) -> list[tuple[FieldError, str]]:
        """Each translated schema error with the JSON Schema keyword that raised it."""
        errors = self._fast_errors(data)
        if errors is None:
            return self.explain_by_jsonschema(data)
        return [(translated, error.validator) for error in errors for translated in self._translate(error)]

    def explain_by_jsonschema(self, data: Any) -> list[tuple[FieldError, str]]:
        """:meth:`explain` by ``jsonschema`` alone (the tests compare both on every example)."""
        found: list[tuple[FieldError, str]] = []
        for error in self.validator.iter_errors(data):
            found.extend((translated, str(error.validator)) for translated in self._translate(error))
        return found

    def _fast_errors(self, data: Any) -> list[_SchemaError] | None:
        """The errors as ``jsonschema-rs`` finds them (about 20 times faster), or None when it is
        not available or cannot take the data."""
        if self.fast is None:
            return None
        try:
            found = list(self.fast.iter_errors(plain(data)))
        except (ValueError, TypeError, OverflowError):
            return None
        return [_SchemaError.of(error, self.schema) for error in found]

    # --- translation -----------------------------------------------------------------------

    def _translate(self, error: ValidationError | _SchemaError) -> Iterator[FieldError]:
        placed, path, rest = self._locate(list(error.absolute_path))
        keyword = str(error.validator)
        leaf = placed is not None and placed.element.type not in CONTAINERS
        if keyword == "required" and not leaf and not rest:
            yield from self._missing(placed, path, error)
        elif keyword == "additionalProperties" and not leaf and not rest:
            yield from self._extra(placed, path, error)
        elif placed is None:
            yield _error("", "invalid_value", {"de": "Antrag", "en": "Application"})
        else:
            code, limit = self._code(placed, keyword, error, rest)
            yield self._field_error(placed, path, code, limit)

    def _locate(self, parts: list[Any]) -> tuple[Placed | None, str, list[Any]]:
        """The field an instance path points into, its dotted instance path, and the rest."""
        placed: Placed | None = None
        instance: list[str] = []
        index_expected = False
        for position, part in enumerate(parts):
            if index_expected and isinstance(part, int):
                instance.append(str(part))
                index_expected = False
                continue
            if (placed is not None and placed.element.type not in CONTAINERS) or not isinstance(part, str):
                return placed, ".".join(instance), parts[position:]
            name = f"{placed.name}.{part}" if placed else part
            if name not in self.placed:
                return placed, ".".join(instance), parts[position:]
            placed = self.placed[name]
            instance.append(part)
            index_expected = placed.element.type == "repeat"
        return placed, ".".join(instance), []

    def _missing(self, placed: Placed | None, path: str, error: ValidationError | _SchemaError) -> Iterator[FieldError]:
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        for name in error.validator_value:
            if name in instance:
                continue
            child = self.placed.get(f"{placed.name}.{name}" if placed else name)
            kind = child.element.type if child else "text"
            label = child.element.label if child and child.element.label else {"de": name, "en": name}
            yield _error(_join(path, name), required_code(kind), label)

    def _extra(self, placed: Placed | None, path: str, error: ValidationError | _SchemaError) -> Iterator[FieldError]:
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        known = error.schema.get("properties", {})
        for name in instance:
            if name not in known:
                yield _error(_join(path, str(name)), "unknown_field", {"de": str(name), "en": str(name)})

    def _code(self, placed: Placed, keyword: str, error: ValidationError | _SchemaError, rest: list[Any]) -> tuple[str, Any]:
        kind = placed.element.type
        value = error.validator_value
        if kind == "file":
            return _file_code(keyword, rest, placed.element)
        if kind == "ranked_choice" and rest:
            return ("invalid_choice" if keyword == "enum" else "invalid_value"), None
        if kind in CONTAINERS:
            return _count_code(keyword, value)
        if kind in ("money", "decimal") and keyword == "pattern":
            return _amount_code(placed.element, error.instance)
        if keyword in ("type", "pattern", "format", "multipleOf"):
            return _FORMAT_CODES.get(kind, "invalid_pattern" if keyword == "pattern" else "invalid_value"), None
        if keyword in ("enum", "const"):
            return ("required_declaration" if kind == "declaration" else "invalid_choice"), None
        if keyword == "minLength":
            return ("too_short", value) if error.instance != "" else (required_code(kind), None)
        if keyword == "minItems":
            return ("too_few_items", value) if error.instance != [] else (required_code(kind), None)
        return _SIMPLE.get(keyword, ("invalid_value", None))[0], value

    def _field_error(self, placed: Placed, path: str, code: str, limit: Any) -> FieldError:
        values = {"limit": _shown(limit)} if "{limit}" in MESSAGES[code]["de"] else {}
        return FieldError(path, code, message(code, placed.element.label or {}, **values))


@dataclass(frozen=True)
class _SchemaError:
    """What :meth:`SubmissionValidator._translate` reads of an error, made from a ``jsonschema-rs``
    error: the keyword and its value and schema are found by following the error's schema path."""

    absolute_path: list[Any]
    validator: str
    validator_value: Any
    schema: Mapping[str, Any]
    instance: Any

    @classmethod
    def of(cls, error: Any, root: Mapping[str, Any]) -> _SchemaError:
        *parents, keyword = error.schema_path
        node: Any = root
        for part in parents:
            node = node[part]
        return cls(list(error.instance_path), str(keyword), node[keyword], node, error.instance)


_SIMPLE = {
    "maxLength": ("too_long", None),
    "minimum": ("too_small", None),
    "exclusiveMinimum": ("too_small", None),
    "maximum": ("too_large", None),
    "exclusiveMaximum": ("too_large", None),
    "maxItems": ("too_many_items", None),
    "uniqueItems": ("duplicate_pick", None),
}


def _amount_code(element: Any, instance: Any) -> tuple[str, Any]:
    """A decimal string the amount's pattern refused: out of the field's range, or malformed."""
    number = parse_amount(instance, amount_places(element) or 0)
    if number is not None and element.minimum is not None and number < element.minimum:
        return "too_small", element.minimum
    if number is not None and element.maximum is not None and number > element.maximum:
        return "too_large", element.maximum
    return _FORMAT_CODES[element.type], None


def _count_code(keyword: str, value: Any) -> tuple[str, Any]:
    if keyword == "minItems":
        return "too_few_items", value
    if keyword == "maxItems":
        return "too_many_items", value
    return "invalid_value", None


def _file_code(keyword: str, rest: list[Any], element: Any) -> tuple[str, Any]:
    if keyword == "maxItems" and not rest:
        return "too_many_items", element.max_files
    tail = [part for part in rest if isinstance(part, str)]
    if tail == ["type"] and keyword == "enum":
        return "invalid_file_type", None
    if tail == ["size"] and keyword == "maximum":
        return "file_too_large", element.max_size_mb
    return "invalid_value", None


def _shown(limit: Any) -> str:
    if isinstance(limit, Decimal):
        return format(limit.normalize() if limit == limit.to_integral_value() else limit, "f").replace(".", ",")
    if isinstance(limit, float):
        return _shown(Decimal(repr(limit)))
    return str(limit)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _error(path: str, code: str, label: Mapping[str, str]) -> FieldError:
    return FieldError(path, code, message(code, dict(label)))


def _unique(errors: list[FieldError]) -> list[FieldError]:
    seen: set[tuple[str, str]] = set()
    out = []
    for error in errors:
        if (error.path, error.code) not in seen:
            seen.add((error.path, error.code))
            out.append(error)
    return out
