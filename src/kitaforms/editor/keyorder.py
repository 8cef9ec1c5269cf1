"""The canonical key order of definition files, read from the models.

Keys come in the order the model declares its fields, with ``id`` and ``type`` first and the long
nested lists (``options``, ``validations``, ``elements``, ``steps`` …) last, so that a reader sees
what an element is before its details. Texts put ``de`` before ``en``. Mappings whose keys are
names chosen by the editor (code lists, settings) and keys the model does not know keep their order.

A *context* is the type annotation of the value at a place in the file; :func:`mapping_children` and
:func:`item_context` walk it alongside the file.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from kitaforms.model.annotations import is_model, union_members
from kitaforms.model.common import Text
from kitaforms.model.form import Element, Step
from kitaforms.model.overlay import InsertAfter, InsertBefore, SetChange

FIRST = ("id", "type")
LAST = ("options", "validations", "elements", "steps", "changes", "facilities")
LANGUAGES_FIRST = ("de", "en")
TEXT_DICT = typing.get_args(Text)[0]


class _ElementProperties:
    """Context of an overlay's ``set: … properties:`` mapping: any element's keys."""


ELEMENT_PROPERTIES: Any = _ElementProperties
_OVERRIDES: dict[tuple[type[BaseModel], str], Any] = {
    (InsertBefore, "steps"): list[Step],
    (InsertAfter, "steps"): list[Step],
    (SetChange, "properties"): ELEMENT_PROPERTIES,
}


def key_name(model: type[BaseModel], field: str) -> str:
    """The key an editor writes for a field (its alias, if it has one)."""
    return model.model_fields[field].alias or field


def model_keys(model: type[BaseModel]) -> list[str]:
    return [key_name(model, name) for name in model.model_fields]


def canonical(keys: Iterable[str]) -> list[str]:
    """``id``/``type`` first, the long nested lists last, the rest in the given order."""
    names = list(dict.fromkeys(keys))
    middle = [k for k in names if k not in FIRST and k not in LAST]
    return [k for k in FIRST if k in names] + middle + [k for k in LAST if k in names]


@functools.cache
def element_keys() -> list[str]:
    """Every key any element type has, in declaration order (for overlay ``properties``)."""
    keys: list[str] = []
    for model in union_members(Element):
        keys.extend(model_keys(model))
    return canonical(keys)


def narrow(annotation: Any, keys: list[str], tag: str | None) -> type[BaseModel] | None:
    """The model among the context's options that fits a mapping with these keys and `type`."""
    models = _models(annotation)
    if len(models) <= 1:
        return models[0] if models else None
    if tag is not None:
        for model in models:
            if tag in _type_tags(model):
                return model
    present = set(keys)
    for model in models:
        required = _required_keys(model)
        if required and all(key in present for key in required):
            return model
    return max(models, key=lambda m: len(set(model_keys(m)) & present))


def _models(annotation: Any) -> tuple[type[BaseModel], ...]:
    """The models among the options of a context (remembered: every mapping of a file asks)."""
    try:
        return _remembered_models(annotation)
    except TypeError:  # an annotation that cannot be hashed
        return _remembered_models.__wrapped__(annotation)


@functools.lru_cache(maxsize=1024)
def _remembered_models(annotation: Any) -> tuple[type[BaseModel], ...]:
    return tuple(o for o in union_members(annotation) if is_model(o))


@functools.cache
def _type_tags(model: type[BaseModel]) -> tuple[Any, ...]:
    """The values the model's ``type`` key may have."""
    field = model.model_fields.get("type")
    return typing.get_args(field.annotation) if field is not None else ()


@functools.cache
def _required_keys(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(key_name(model, n) for n, f in model.model_fields.items() if f.is_required())


def mapping_children(context: Any, keys: list[str], tag: str | None) -> list[tuple[str, Any]]:
    """The keys of a mapping in canonical order, each with the context of its value.

    The context is narrowed once per mapping, so a mapping with many keys costs linear time.
    """
    if context is ELEMENT_PROPERTIES:
        fields = _element_fields()
        return [(key, fields.get(key)) for key in _ordered(keys, element_keys())]
    model = narrow(context, keys, tag)
    if model is not None:
        fields = _fields(model)
        return [(key, fields.get(key)) for key in _ordered(keys, _canonical_keys(model))]
    members = union_members(context)
    known = [k for k in LANGUAGES_FIRST if k in keys] if TEXT_DICT in members else []
    value = next((typing.get_args(o)[1] for o in members if typing.get_origin(o) is dict), None)
    return [(key, value) for key in _ordered(keys, known)]


def _ordered(keys: list[str], known: list[str]) -> list[str]:
    """``keys`` in the order of ``known``; keys not in ``known`` keep their order, after them."""
    present, first = set(keys), set(known)
    return [k for k in known if k in present] + [k for k in keys if k not in first]


def item_context(context: Any) -> Any:
    """The context of the items of a sequence."""
    for option in union_members(context):
        if typing.get_origin(option) is list:
            return typing.get_args(option)[0]
    return None


@functools.cache
def _canonical_keys(model: type[BaseModel]) -> list[str]:
    return canonical(model_keys(model))


@functools.cache
def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """Key (name and alias) → context of the field's value."""
    found: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        annotation = _OVERRIDES.get((model, name), field.annotation)
        for key in (name, field.alias):
            if key is not None:
                found.setdefault(key, annotation)
    return found


@functools.cache
def _element_fields() -> dict[str, Any]:
    """Key → context, for the keys of every element type (the first type that has the key wins)."""
    found: dict[str, Any] = {}
    for model in union_members(Element):
        for key, annotation in _fields(model).items():
            found.setdefault(key, annotation)
    return found
