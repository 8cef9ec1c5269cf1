"""Resolved form → JSON Schema 2020-12 of its submissions, built as data.

Shape of a submission (the contract shared with the renderer, the server and FIT-Connect):
nested objects follow groups and repeats (steps do not nest); text and choice → string code;
date ``YYYY-MM-DD``; month ``YYYY-MM``; integer → JSON number; money and decimal → **decimal
string** in plain notation (``"1234.56"``, at most 2 decimals for money, ``decimals`` for a decimal
field: binary floating point cannot hold cents, so JSON numbers with ``multipleOf: 0.01`` refuse
ordinary amounts in most validators); boolean and declaration → true/false; multichoice → list of
codes; repeat → list of objects; ranked choice → list of ``{"code", "reasons"}``; file →
``{"name", "type", "size", "sha256"}`` (a list when the field takes several files). Unanswered
fields are left out.

The schema states what JSON Schema can state, with standard keywords only, so that any validator
compiles it in its strictest mode (ajv's ``strict``, every type-specific keyword next to its
``type``; no ``format``, no ``x-`` keyword):

- every object has ``additionalProperties: false``; enums hold codes, never labels;
  ``title``/``description`` are the German label and hint;
- amounts: ``pattern`` from :func:`kitaforms.export._decimal_pattern.decimal_pattern` — the
  decimals *and* the field's ``minimum``/``maximum`` in one regular expression, decided exactly;
- dates, months, e-mail addresses … : ``pattern`` (from :data:`kitaforms.runtime.formats.PATTERNS`;
  the calendar itself is checked by the server);
- unconditional requirements are ``required`` (with ``minLength``/``minItems`` 1, since the
  server treats ``""`` and ``[]`` as unanswered; a required declaration must be ``true``);
- conditional requirements (a ``required_if``, or a required field behind a ``visible_if`` of its
  step, group or itself) become ``if``/``then`` when :mod:`kitaforms.export._conditions` can
  translate every condition involved.

Everything else — labels in every language, the options' labels, the editor's validations,
conditions that cannot be translated, computed fields' expressions, FIM ids, the form's own
metadata — is in the bundle's ``form.json`` (the definition the server checks with) and
``manifest.json``. The root carries ``$schema``, ``$id``
(``<base-url>/<kommune>/<form>/<version>/schema.json``), ``title``, ``description`` and a
``$comment`` naming the services (:func:`service_comment`, read back by :func:`service_keys`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kitaforms.check.choices import options_of
from kitaforms.export._conditions import Conditions, Pred, all_of, nonempty, typed
from kitaforms.export._decimal_pattern import decimal_pattern
from kitaforms.model.form import Element, GroupElement, RepeatElement
from kitaforms.model.walk import Placed, walk
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.formats import PATTERNS, amount_places

DRAFT = "https://json-schema.org/draft/2020-12/schema"
LEIKA_URN = "urn:de:fim:leika:leistung:"
SERVICE_COMMENT = "kitaforms-service"  # the first word of the root's $comment (service_comment)
SHA256_PATTERN = "^[0-9a-f]{64}$"
FILE_KEYS = ("name", "type", "size", "sha256")  # a file answer (_file_object); read back by file_answers()
_TEXT_FORMATS = ("email", "tel", "postal_code", "iban")


def schema_id(base_url: str, resolved: ResolvedForm) -> str:
    """The stable, versioned ``$id`` of a form's schema (also FIT-Connect's ``schemaUri``)."""
    return f"{base_url.rstrip('/')}/{resolved.kommune_id}/{resolved.form.id}/{resolved.form.version}/schema.json"


def leika_urns(resolved: ResolvedForm) -> list[str]:
    return [LEIKA_URN + key for key in resolved.form.leika]


def service_comment(leika: list[str], ozg_id: str | None) -> str:
    """The root's ``$comment``: ``kitaforms-service leika=<urn> … ozg=<id>`` (words split by spaces).

    JSON Schema keeps ``$comment`` for notes to readers and tools; a validator ignores it. A receiver
    that files submissions by service reads the keys from it (:func:`service_keys`) or from
    ``manifest.json`` (``leika``, ``ozg_id``), which says the same.
    """
    words = [SERVICE_COMMENT, *(f"leika={urn}" for urn in leika)]
    if ozg_id:
        words.append(f"ozg={ozg_id}")
    return " ".join(words)


def service_keys(schema: Mapping[str, Any]) -> dict[str, Any]:
    """``{"leika": [urn, …], "ozg": id or None}`` from a schema's ``$comment`` (empty when it has none)."""
    words = str(schema.get("$comment") or "").split()
    if words[:1] != [SERVICE_COMMENT]:
        return {"leika": [], "ozg": None}
    pairs = [word.partition("=") for word in words[1:]]
    return {"leika": [value for key, _, value in pairs if key == "leika"],
            "ozg": next((value for key, _, value in pairs if key == "ozg"), None)}


def form_schema(resolved: ResolvedForm, base_url: str) -> dict[str, Any]:
    """The JSON Schema of ``resolved``'s submissions (plain data; serialise with ``export._json.dumps``)."""
    builder = _Builder(resolved)
    root = builder.build()
    form = resolved.form
    header: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": schema_id(base_url, resolved),
        "$comment": service_comment(leika_urns(resolved), form.ozg_id),
        "title": form.title.get("de", form.id),
    }
    if form.description:
        header["description"] = form.description.get("de", "")
    return {**header, **root}


@dataclass
class _Object:
    schema: dict[str, Any]
    required: list[str] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)  # the object's allOf


class _Builder:
    def __init__(self, resolved: ResolvedForm) -> None:
        self.resolved = resolved
        self.conditions = Conditions(resolved)
        self.placed = {placed.name: placed for placed in walk(resolved.form)}
        self.objects: dict[str, _Object] = {"": _Object(_object_schema())}
        self.properties: dict[str, dict[str, Any]] = {}

    def build(self) -> dict[str, Any]:
        for placed in self.placed.values():
            self._add_property(placed)
        for placed in self.placed.values():
            self._add_requirement(placed)
        for obj in self.objects.values():
            _finish(obj)
        return self.objects[""].schema

    # --- properties ------------------------------------------------------------------------

    def _add_property(self, placed: Placed) -> None:
        element = placed.element
        if element.type == "info":
            return
        schema = {**_annotations(element), **self._value_schema(placed)}
        self.properties[placed.name] = schema
        parent = self.objects[placed.scope]
        parent.schema["properties"][element.id] = schema
        if isinstance(element, GroupElement):
            self.objects[placed.name] = _Object(schema)
        elif isinstance(element, RepeatElement):
            self.objects[placed.name] = _Object(schema["items"])

    def _value_schema(self, placed: Placed) -> dict[str, Any]:
        element = placed.element
        build = _TYPES.get(element.type)
        if build is None:
            raise ValueError(f"no schema for element type {element.type}")
        return build(self, element)

    def _options(self, element: Any) -> list[str] | None:
        options = options_of(self.resolved, element)
        return None if options is None else [option.code for option in options]

    # --- requirements ----------------------------------------------------------------------

    def _add_requirement(self, placed: Placed) -> None:
        element = placed.element
        required_if = getattr(element, "required_if", None)
        if not required_if and not getattr(element, "required", False):
            return
        guards = self._guards(placed, required_if)
        if guards is None:
            return  # a condition JSON Schema cannot say: the server checks it (form.json has it)
        if all(guard is True for guard in guards.values()):
            self._require_always(placed)
        else:
            self._require_when(placed, guards)

    def _conditions_of(self, placed: Placed, required_if: str | None) -> list[tuple[str, Placed | None]]:
        found: list[tuple[str, Placed | None]] = []
        if placed.step.visible_if:
            found.append((placed.step.visible_if, None))
        parts = placed.name.split(".")
        for index in range(1, len(parts)):
            container = self.placed[".".join(parts[:index])]
            if container.element.visible_if:
                found.append((container.element.visible_if, container))
        if placed.element.visible_if:
            found.append((placed.element.visible_if, placed))
        if required_if:
            found.append((required_if, placed))
        return found

    def _guards(self, placed: Placed, required_if: str | None) -> dict[str, Pred] | None:
        """The predicate to test at each anchor (root, then each enclosing repeat), or None."""
        anchors = ["", *placed.repeats]
        guards: dict[str, list[Pred]] = {anchor: [] for anchor in anchors}
        for text, context in self._conditions_of(placed, required_if):
            anchor = self.conditions.anchor(text, context)
            if anchor is None or anchor not in guards:
                return None
            predicate = self.conditions.predicate(text, context, anchor)
            if predicate is None:
                return None
            guards[anchor].append(predicate)
        return {anchor: all_of(*parts) for anchor, parts in guards.items()}

    def _require_always(self, placed: Placed) -> None:
        home = placed.repeats[-1] if placed.repeats else ""
        name = placed.name
        while True:
            scope, _, own = name.rpartition(".")
            target = self.objects[scope]
            if own not in target.required:
                target.required.append(own)
            if scope == home:
                break
            name = scope
        self.properties[placed.name].update(_required_marks(placed.element))

    def _require_when(self, placed: Placed, guards: dict[str, Pred]) -> None:
        anchors = ["", *placed.repeats]
        home = anchors[-1]
        leaf = typed(_required_marks(placed.element), _json_type(placed.element))
        schema = _navigate(self._relative(placed.name, home), leaf or True, required=True)
        schema = _guarded(guards[home], schema)
        inner = home
        for outer in reversed(anchors[:-1]):
            entries = {"type": "array", "items": schema}
            schema = _guarded(guards[outer], _navigate(self._relative(inner, outer), entries, required=False))
            inner = outer
        attach = self.objects[_attach_point(guards, anchors)]
        if attach is not self.objects[""]:
            schema = _strip_navigation(schema, _attach_point(guards, anchors), anchors)
        _merge_rule(attach.rules, schema)

    def _relative(self, name: str, anchor: str) -> list[str]:
        return (name[len(anchor) + 1 :] if anchor else name).split(".")


def _attach_point(guards: dict[str, Pred], anchors: list[str]) -> str:
    """The outermost anchor with a real guard, if all outer ones are trivially true."""
    for anchor in anchors:
        if guards[anchor] is not True:
            return anchor
    return anchors[-1]


def _strip_navigation(schema: dict[str, Any], attach: str, anchors: list[str]) -> dict[str, Any]:
    """Drop the unconditional ``properties``/``items`` steps from the root down to ``attach``."""
    node = schema
    current = ""
    for anchor in anchors[1:]:
        parts = (anchor[len(current) + 1 :] if current else anchor).split(".")
        for part in parts:
            node = node["properties"][part]
        node = node["items"]
        current = anchor
        if anchor == attach:
            return node
    return node


def _navigate(parts: list[str], leaf: Pred, *, required: bool) -> dict[str, Any]:
    """``leaf`` for the value at ``parts``; with ``required`` every step must be present."""
    schema: Any = leaf
    for part in reversed(parts):
        step: dict[str, Any] = {"type": "object"}
        if schema is not True:
            step["properties"] = {part: schema}
        if required:
            step["required"] = [part]
        schema = step
    return schema


def _guarded(guard: Pred, schema: dict[str, Any]) -> dict[str, Any]:
    if guard is True:
        return schema
    return {"if": guard, "then": schema}


def _merge_rule(rules: list[dict[str, Any]], rule: dict[str, Any]) -> None:
    """Add an if/then rule, merging it into one with the same ``if`` where that is simple."""
    for existing in rules:
        if "if" in rule and existing.get("if") == rule["if"]:
            merged = _merge(existing["then"], rule["then"])
            if merged is not None:
                existing["then"] = merged
                return
    rules.append(rule)


def _merge(a: Any, b: Any) -> Any:
    if not (isinstance(a, dict) and isinstance(b, dict)) or set(a) | set(b) > {"type", "required", "properties", "items"}:
        return a if a == b else None
    if a.get("type") != b.get("type"):
        return None
    out: dict[str, Any] = {"type": a["type"]} if "type" in a else {}
    if "required" in a or "required" in b:
        out["required"] = list(dict.fromkeys([*a.get("required", []), *b.get("required", [])]))
    props = {**a.get("properties", {})}
    for key, value in b.get("properties", {}).items():
        if key in props:
            merged = _merge(props[key], value)
            if merged is None:
                return None
            props[key] = merged
        else:
            props[key] = value
    if props:
        out["properties"] = props
    if "items" in a or "items" in b:
        items = _merge(a.get("items", {}), b.get("items", {}))
        if items is None:
            return None
        out["items"] = items
    return out


def _finish(obj: _Object) -> None:
    if obj.required:
        obj.schema["required"] = obj.required
    if obj.rules:
        obj.schema.setdefault("allOf", []).extend(obj.rules)


def _object_schema() -> dict[str, Any]:
    return {"type": "object", "properties": {}, "additionalProperties": False}


def _required_marks(element: Element) -> dict[str, Any]:
    """What ``required`` adds to a value's own schema (the server treats ``""`` and ``[]`` as unanswered)."""
    kind = element.type
    if kind == "declaration":
        return {"const": True}
    if kind in ("boolean", "integer", "decimal", "money", "group", "computed") or (kind == "file" and getattr(element, "max_files", 1) == 1):
        return {}  # no empty value to refuse (an amount's pattern refuses "")
    marks = nonempty(_json_type(element))
    minimum = getattr(element, "min_length", None)
    if minimum and "minLength" in marks:
        marks["minLength"] = max(minimum, 1)
    return {key: value for key, value in marks.items() if key != "type"}


def _json_type(element: Element) -> str:
    """The JSON type of the element's answer."""
    kind = element.type
    if kind in ("multichoice", "ranked_choice", "repeat") or (kind == "file" and getattr(element, "max_files", 1) > 1):
        return "array"
    if kind in ("group", "file"):
        return "object"
    if kind in ("boolean", "declaration"):
        return "boolean"
    if kind == "integer":
        return "integer"
    if kind == "computed":
        return {"number": "number", "boolean": "boolean"}.get(element.value_type, "string")  # type: ignore[attr-defined]
    return "string"


def _annotations(element: Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    label = element.label or {}
    if label:
        out["title"] = label.get("de", element.id)
    description = element.hint or element.help
    if description:
        out["description"] = description.get("de", "")
    return out


def _limits(element: Any, low: str, high: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if getattr(element, "minimum", None) is not None:
        out[low] = element.minimum
    if getattr(element, "maximum", None) is not None:
        out[high] = element.maximum
    return out


def _text(builder: _Builder, element: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if getattr(element, "min_length", None):
        schema["minLength"] = element.min_length
    if element.max_length is not None:
        schema["maxLength"] = element.max_length
    if getattr(element, "pattern", None):
        schema["pattern"] = f"^(?:{element.pattern})$"
    return schema


def _formatted(kind: str) -> Any:
    def build(builder: _Builder, element: Any) -> dict[str, Any]:
        return {"type": "string", "pattern": PATTERNS[kind]}

    return build


def _integer(builder: _Builder, element: Any) -> dict[str, Any]:
    return {"type": "integer", **_limits(element, "minimum", "maximum")}


def amount_pattern(element: Any) -> str:
    """The ``pattern`` of a money or decimal field: its decimals and its range, exactly."""
    places = amount_places(element)
    assert places is not None, element.type
    minimum, maximum = getattr(element, "minimum", None), getattr(element, "maximum", None)
    return decimal_pattern(None if minimum is None else Decimal(minimum), None if maximum is None else Decimal(maximum), places)


def _amount(builder: _Builder, element: Any) -> dict[str, Any]:
    return {"type": "string", "pattern": amount_pattern(element)}


def _date(builder: _Builder, element: Any) -> dict[str, Any]:
    return {"type": "string", "pattern": PATTERNS["date"]}


def _month(builder: _Builder, element: Any) -> dict[str, Any]:
    return {"type": "string", "pattern": PATTERNS["month"]}


def _boolean(builder: _Builder, element: Any) -> dict[str, Any]:
    return {"type": "boolean"}


def _codes(codes: list[str] | None) -> dict[str, Any]:
    if codes is None:
        return {"type": "string"}
    return {"type": "string", "enum": codes}


def _choice(builder: _Builder, element: Any) -> dict[str, Any]:
    return _codes(builder._options(element))


def _multichoice(builder: _Builder, element: Any) -> dict[str, Any]:
    options = builder._options(element)
    schema: dict[str, Any] = {"type": "array", "items": _codes(options), "uniqueItems": True}
    if element.min_items is not None:
        schema["minItems"] = element.min_items
    if element.max_items is not None:
        schema["maxItems"] = element.max_items
    return schema


CATALOGUE_CODE = {
    "type": "string",
    "$comment": "The id of a facility of the Kommune's catalogue (form.json: facilities). Not an enum: a real "
    "catalogue holds hundreds of facilities; the form server checks the id and that the facility fits the child.",
}


def _ranked(builder: _Builder, element: Any) -> dict[str, Any]:
    pick: dict[str, Any] = {**_object_schema(), "required": ["code"]}
    pick["properties"]["code"] = dict(CATALOGUE_CODE) if element.catalogue == "einrichtungen" else _codes(builder._options(element))
    if element.reasons:
        reasons = [option.code for option in builder.resolved.form.code_lists.get(element.reasons, [])]
        pick["properties"]["reasons"] = {"type": "array", "items": {"type": "string", "enum": reasons}, "uniqueItems": True}
    else:
        pick["properties"]["reasons"] = {"type": "array", "items": {"type": "string"}}
    schema: dict[str, Any] = {"type": "array", "items": pick, "maxItems": element.max_picks}
    if element.min_picks:
        schema["minItems"] = element.min_picks
    return schema


def _file_object(element: Any) -> dict[str, Any]:
    schema = _object_schema()
    schema["required"] = list(FILE_KEYS)
    schema["properties"] = {
        "name": {"type": "string", "minLength": 1, "maxLength": 255},
        "type": {"type": "string", "enum": list(element.accept)},
        "size": {"type": "integer", "minimum": 0, "maximum": int(element.max_size_mb * 1024 * 1024)},
        "sha256": {"type": "string", "pattern": SHA256_PATTERN},
    }
    return schema


def _file(builder: _Builder, element: Any) -> dict[str, Any]:
    if element.max_files == 1:
        return _file_object(element)
    return {"type": "array", "items": _file_object(element), "maxItems": element.max_files}


# --- reading file answers back (the server, FIT-Connect): from the schema, not the definition ---


@dataclass(frozen=True)
class FileAnswerAt:
    """A file answer of a submission, found through the form's schema."""

    path: str  # the answer's instance path: ``nachweis``, ``belege.1``, ``geschwister.0.nachweis``
    field: str  # its file field's instance path: ``nachweis``, ``belege``, ``geschwister.0.nachweis``
    value: Any
    schema: Mapping[str, Any]  # the schema of one file answer of the field (as _file_object wrote it)
    field_schema: Mapping[str, Any]  # the field's own (the array, for a field taking several files)


def is_file_object(node: Any) -> bool:
    """Whether ``node`` is the schema of one file answer, as :func:`_file_object` writes it."""
    return (isinstance(node, Mapping) and node.get("type") == "object"
            and set(node.get("properties") or {}) == set(FILE_KEYS))


def file_object_of(prop: Any) -> Mapping[str, Any] | None:
    """The file-answer schema of a property that is a file field (one file or a list of them), else None."""
    if not isinstance(prop, Mapping):
        return None
    item = prop.get("items") if prop.get("type") == "array" else prop
    return item if is_file_object(item) else None


def _holds_files(prop: Any) -> bool:
    """Whether a property's schema is a file field or has one inside (remembered per schema object:
    the server walks every submission's answers through the same schema)."""
    known = _HOLDS_FILES.get(id(prop))
    if known is not None and known[0] is prop:
        return known[1]
    if not isinstance(prop, Mapping):
        return False
    inner = prop.get("properties")
    inside = [*(inner.values() if isinstance(inner, Mapping) else ()), prop.get("items")]
    holds = file_object_of(prop) is not None or any(_holds_files(part) for part in inside if isinstance(part, Mapping))
    if len(_HOLDS_FILES) > 100_000:  # schemas of catalogues long replaced (the dev server rebuilds)
        _HOLDS_FILES.clear()
    _HOLDS_FILES[id(prop)] = (prop, holds)  # the schema object is kept, so its id is not reused
    return holds


_HOLDS_FILES: dict[int, tuple[Any, bool]] = {}


def file_answers(schema: Mapping[str, Any], data: Any, prefix: str = "") -> Iterator[FileAnswerAt]:
    """Every file answer of ``data``, in the schema's order, found through the form's schema."""
    props = schema.get("properties")
    if not isinstance(props, Mapping) or not isinstance(data, Mapping):
        return
    for name, prop in props.items():
        if name not in data or not _holds_files(prop):
            continue
        path, value, item = prefix + name, data[name], file_object_of(prop)
        if item is not None and isinstance(value, list):
            yield from (FileAnswerAt(f"{path}.{i}", path, entry, item, prop) for i, entry in enumerate(value))
        elif item is not None:
            yield FileAnswerAt(path, path, value, item, prop)
        elif prop.get("type") == "array" and isinstance(value, list) and isinstance(prop.get("items"), Mapping):
            for index, entry in enumerate(value):
                yield from file_answers(prop["items"], entry, f"{path}.{index}.")
        elif prop.get("type") == "object":
            yield from file_answers(prop, value, path + ".")


def _computed(builder: _Builder, element: Any) -> dict[str, Any]:
    """A computed value, sent for the record (the server computes it again from the answers)."""
    types = {
        "number": {"type": "number"},
        "money": {"type": "string", "pattern": decimal_pattern(None, None, 2)},
        "text": {"type": "string"},
        "date": {"type": "string", "pattern": PATTERNS["date"]},
        "boolean": {"type": "boolean"},
    }
    return {**types[element.value_type], "readOnly": True}


def _group(builder: _Builder, element: Any) -> dict[str, Any]:
    return _object_schema()


def _repeat(builder: _Builder, element: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": _object_schema(), "maxItems": element.max_items}
    if element.min_items:
        schema["minItems"] = element.min_items
    return schema


_TYPES: dict[str, Any] = {
    "text": _text,
    "textarea": _text,
    "integer": _integer,
    "decimal": _amount,
    "money": _amount,
    "date": _date,
    "month": _month,
    "boolean": _boolean,
    "declaration": _boolean,
    "choice": _choice,
    "multichoice": _multichoice,
    "ranked_choice": _ranked,
    "file": _file,
    "computed": _computed,
    "group": _group,
    "repeat": _repeat,
    **{kind: _formatted(kind) for kind in _TEXT_FORMATS},
}
