"""Validate loaded YAML data against a model and turn pydantic's errors into diagnostics.

Pydantic reports errors with a ``loc`` into the data; :func:`data_path` maps it back onto the
loaded document (dropping discriminator tags), and the document gives the file position. Unknown
keys get a did-you-mean from the keys the model really allows at that place.
"""

from __future__ import annotations

import difflib
import json
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kitaforms.diagnostics import Diagnostic
from kitaforms.load.yaml_source import DataPath, Document
from kitaforms.model.annotations import is_model, union_members

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class SchemaCodes:
    """Which catalogue codes a definition kind uses for the four kinds of schema error."""

    unknown_key: str = "FORM_001"
    missing_key: str = "FORM_002"
    wrong_value: str = "FORM_003"
    unknown_type: str = "FORM_005"


def parse_model(
    document: Document, model: type[M], codes: SchemaCodes = SchemaCodes(), data: Any = None
) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``data`` (default: the document's data) as ``model``; never raises for bad data."""
    payload = document.data if data is None else data
    try:
        return model.model_validate(payload), []
    except ValidationError as exc:
        return None, errors_to_diagnostics(exc, document, model, codes, payload)


def errors_to_diagnostics(
    exc: ValidationError, document: Document, model: type[BaseModel], codes: SchemaCodes, data: Any
) -> list[Diagnostic]:
    found = [_diagnostic(err, document, model, codes, data) for err in exc.errors(include_url=False)]
    return list(dict.fromkeys(_drop_union_noise(found)))


def _drop_union_noise(found: list[Diagnostic]) -> list[Diagnostic]:
    """Prefer specific errors: when a location has an unknown-key error, drop type errors there."""
    unknown = {d.location for d in found if "unknown key" in d.message}
    return [d for d in found if d.location not in unknown or "unknown key" in d.message]


def _diagnostic(err: Any, document: Document, model: type[BaseModel], codes: SchemaCodes, data: Any) -> Diagnostic:
    path = data_path(data, err["loc"])
    kind = err["type"]
    cut = _cut_at_comma(document, data, path, codes)
    if cut is not None:
        return cut
    if kind == "extra_forbidden":
        return _unknown_key(document, model, data, path, codes)
    if kind == "missing":
        return _missing_key(document, path, codes)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return _unknown_type(document, err, path, codes)
    return _wrong_value(document, err, path, codes)


def _cut_at_comma(document: Document, data: Any, path: DataPath, codes: SchemaCodes) -> Diagnostic | None:
    """``{de: Arbeit, Ausbildung, en: …}``: a text cut at a comma, its rest read as a key without a value."""
    path = path[:-1] if path[-1:] == ("[key]",) else path
    parent, key = _get(data, path[:-1]), path[-1] if path else None
    if not isinstance(parent, dict) or not isinstance(key, str) or key not in parent or parent[key] is not None:
        return None
    keys = list(parent)
    previous = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
    if previous is None or not isinstance(parent[previous], str) or not _after_comma(document, path):
        return None
    whole = f"{parent[previous]}, {key}"
    return Diagnostic.make(
        codes.wrong_value, f"the text `{parent[previous]}` ends at a comma: `{key}` is read as a key without a value",
        document.locate(path, key=True),
        f"inside `{{…}}` a comma ends a text that is not in quotes: write `{previous}: {json.dumps(whole, ensure_ascii=False)}`",
    )


def _after_comma(document: Any, path: DataPath) -> bool:
    """Whether the key at ``path`` follows a comma in the file (a merged form asks the file it came from)."""
    origin = document.origin(path) if hasattr(document, "origin") else (document, path)
    if origin is None or not hasattr(origin[0], "keys"):
        return False
    info = origin[0].keys.get(origin[1])
    return info is not None and origin[0].text[: info.start].rstrip()[-1:] == ","


def data_path(data: Any, loc: tuple[Any, ...]) -> DataPath:
    """Follow pydantic's ``loc`` through ``data``, skipping discriminator tags and union labels."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current or isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
            path.append(part)
        elif isinstance(part, str) and (isinstance(current, dict) and current.get("type") == part or _is_label(part)):
            continue
        else:
            path.append(part)
            current = None
    return tuple(path)


def _is_label(part: str) -> bool:
    """Pydantic names union branches like ``int`` or ``SettingRef`` or ``function-after[...]``."""
    return part[:1].isupper() or part in ("int", "bool", "str", "decimal", "float") or "[" in part


def _unknown_key(document: Document, model: type[BaseModel], data: Any, path: DataPath, codes: SchemaCodes) -> Diagnostic:
    key = str(path[-1])
    allowed = allowed_keys(model, data, path[:-1])
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean `{close[0]}`?"
    elif allowed:
        hint = "allowed keys here: " + ", ".join(f"`{k}`" for k in sorted(allowed))
    else:
        hint = "remove this key"
    where = _owner(document, path[:-1])
    return Diagnostic.make(codes.unknown_key, f"unknown key `{key}`{where}", document.locate(path, key=True), hint)


def _missing_key(document: Document, path: DataPath, codes: SchemaCodes) -> Diagnostic:
    key = str(path[-1])
    where = _owner(document, path[:-1])
    return Diagnostic.make(
        codes.missing_key,
        f"the required key `{key}` is missing{where}",
        document.locate(path[:-1], key=True),
        f"add `{key}:` here",
    )


def _unknown_type(document: Document, err: Any, path: DataPath, codes: SchemaCodes) -> Diagnostic:
    ctx = err.get("ctx") or {}
    expected = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",") if t.strip()]
    given = ctx.get("tag")
    if given is None:
        return Diagnostic.make(
            codes.missing_key, "the element has no `type`", document.locate(path, key=True),
            "add `type:` with one of: " + ", ".join(expected or element_types()),
        )
    close = difflib.get_close_matches(str(given), expected, n=1, cutoff=0.5)
    hint = f"did you mean `{close[0]}`?" if close else "use one of: " + ", ".join(expected)
    return Diagnostic.make(
        codes.unknown_type, f"unknown element type `{given}`", document.locate((*path, "type")), hint
    )


# Our own wording for the errors whose library text names Python types ("instance of SiblingRule").
_SHAPES = {
    "dict_type": "must be a mapping of `key: value` lines",
    "model_type": "must be a mapping of `key: value` lines",
    "model_attributes_type": "must be a mapping of `key: value` lines",
    "list_type": "must be a list",
    "decimal_max_places": "has more than {decimal_places} decimals",
}


def _wrong_value(document: Document, err: Any, path: DataPath, codes: SchemaCodes) -> Diagnostic:
    key = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
    message = str(err["msg"]).replace("Input should be", "should be").replace("Value error, ", "")
    if err["type"] in _SHAPES:
        message = _SHAPES[err["type"]].format(**(err.get("ctx") or {}))
    if err["type"] == "string_pattern_mismatch":
        message = "does not have the expected format"
    if err.get("input", "") is None:
        message = "has no value"
    given = err.get("input")
    shown = _found(given)
    hint = _hint_for(err["type"], key, given)
    return Diagnostic.make(codes.wrong_value, f"`{key}` {message}{shown}", document.locate(path), hint)


def _found(given: Any) -> str:
    if isinstance(given, (str, int, float, Decimal)) and not isinstance(given, bool):
        return f" (found `{_short(given)}`)"
    if isinstance(given, list):
        return " (found a list)"
    if isinstance(given, dict):
        return " (found a mapping)"
    return ""


FORMATS = {
    "id": "use lower-case letters a–z, digits and `_`, starting with a letter (ä → ae)",
    "version": "write the version as MAJOR.MINOR.PATCH, e.g. `1.0.0`",
    "leika": "a Leika key has 14 digits, e.g. `99041004034000`; put it in quotes",
    "ags": "the AGS has 8 digits, e.g. `05315000`; put it in quotes",
    "postal_code": "a postal code has 5 digits; put it in quotes, e.g. `\"50667\"`",
    "email": "write an e-mail address like `jugendamt@stadt.de`",
    "website": "write the full address starting with `https://`",
    "code": "codes use letters, digits, `_`, `.` and `-` only",
}
COLOUR_KEYS = ("primary", "primary_text", "accent")


def element_types() -> list[str]:
    from kitaforms.model.form import Element

    return sorted(typing.get_args(option.model_fields["type"].annotation)[0] for option in union_members(Element))


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _hint_for(kind: str, key: str, given: Any = None) -> str:
    if kind == "string_pattern_mismatch" and isinstance(given, str) and given.translate(_UMLAUTS) != given:
        return f"write ä, ö, ü, ß as ae, oe, ue, ss: `{given.translate(_UMLAUTS)}`"
    if kind == "decimal_max_places" and _thousands(given):
        whole = str(given).replace(".", "")
        return f"a dot separating thousands, as printed (\"{given}\")? write `{whole}`; amounts take at most two decimals"
    if kind == "decimal_max_places":
        return "amounts take at most two decimals (cents)"
    if kind == "string_pattern_mismatch" and key in COLOUR_KEYS:
        return "write the colour as `#rrggbb`, e.g. `#005ca9`, in quotes"
    if kind == "string_pattern_mismatch" and key in FORMATS:
        return FORMATS[key]
    if kind == "string_type":
        return "write the value as text; put it in quotes if it looks like a number"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"write `{key}:` on a line of its own and its keys indented below it, or `{key}: {{key: value, …}}`"
    if kind == "list_type":
        return f"`{key}` takes a list: one `- item` per line, or `[a, b]`"
    return "see `kitaforms schema` or docs/reference for the allowed values"


def _thousands(value: Any) -> bool:
    """``36.001`` as read from "36.001 €": a German thousands separator read as a decimal point."""
    text = str(value)
    return isinstance(value, (float, Decimal)) and "." in text and len(text.rsplit(".", 1)[1]) == 3


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _owner(document: Document, path: DataPath) -> str:
    node = _get(document.data, path)
    if isinstance(node, dict) and isinstance(node.get("id"), str):
        return f" in `{node['id']}`"
    return ""


def _get(data: Any, path: DataPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def allowed_keys(model: type[BaseModel], data: Any, path: DataPath) -> list[str]:
    """The keys the model accepts at ``path`` of ``data`` (for did-you-mean)."""
    annotation: Any = model
    for depth, part in enumerate(path):
        annotation = _child(_narrow(annotation, _get(data, path[:depth])), part)
        if annotation is None:
            return []
    target = _narrow(annotation, _get(data, path))
    return list(target.model_fields) if is_model(target) else []


def _child(annotation: Any, part: str | int) -> Any:
    options = union_members(annotation)
    for option in options:
        if isinstance(part, int) and typing.get_origin(option) is list:
            return typing.get_args(option)[0]
        if isinstance(part, str) and is_model(option) and part in option.model_fields:
            return option.model_fields[part].annotation
        if isinstance(part, str) and typing.get_origin(option) is dict:
            return typing.get_args(option)[1]
    return None


def _narrow(annotation: Any, node: Any) -> Any:
    """Pick the union member that fits ``node`` (by its `type` tag or its keys)."""
    options = [o for o in union_members(annotation) if is_model(o)]
    if len(options) <= 1:
        return options[0] if options else annotation
    if isinstance(node, dict):
        tag = node.get("type")
        for option in options:
            field = option.model_fields.get("type")
            if field is not None and tag in typing.get_args(field.annotation):
                return option
        for option in options:
            if any(key in node for key in option.model_fields if option.model_fields[key].is_required()):
                return option
    return options[0]




