"""The canonical key order of definition files, read from the models.

Keys come in the order the model declares its fields, with ``id`` and ``type`` first and the long
nested lists (``options``, ``validations``, ``elements``, ``steps`` …) last, so that a reader sees
what an element is before its details. Texts put ``de`` before ``en``. Mappings whose keys are
names chosen by the editor (code lists, settings) and keys the model does not know keep their order.

A *context* is the type annotation of the value at a place in the file; :func:`mapping_order` and
:func:`child_context` walk it alongside the file.
"""

from __future__ import annotations

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


def element_keys() -> list[str]:
    """Every key any element type has, in declaration order (for overlay ``properties``)."""
    keys: list[str] = []
    for model in union_members(Element):
        keys.extend(model_keys(model))
    return canonical(keys)


def narrow(annotation: Any, keys: list[str], tag: str | None) -> type[BaseModel] | None:
    """The model among the context's options that fits a mapping with these keys and `type`."""
    models = [o for o in union_members(annotation) if is_model(o)]
    if len(models) <= 1:
        return models[0] if models else None
    if tag is not None:
        for model in models:
            field = model.model_fields.get("type")
            if field is not None and tag in typing.get_args(field.annotation):
                return model
    for model in models:
        required = [key_name(model, n) for n, f in model.model_fields.items() if f.is_required()]
        if required and all(key in keys for key in required):
            return model
    return max(models, key=lambda m: len(set(model_keys(m)) & set(keys)))


def mapping_order(context: Any, keys: list[str], tag: str | None) -> list[str]:
    """The keys of a mapping in canonical order."""
    if context is ELEMENT_PROPERTIES:
        return _ordered(keys, element_keys())
    model = narrow(context, keys, tag)
    if model is not None:
        return _ordered(keys, canonical(model_keys(model)))
    if TEXT_DICT in union_members(context):
        return _ordered(keys, [k for k in LANGUAGES_FIRST if k in keys])
    return list(keys)


def _ordered(keys: list[str], known: list[str]) -> list[str]:
    """``keys`` in the order of ``known``; keys not in ``known`` keep their order, after them."""
    present = set(keys)
    return [k for k in known if k in present] + [k for k in keys if k not in set(known)]


def child_context(context: Any, keys: list[str], tag: str | None, part: str | int) -> Any:
    """The context of the value under ``part`` of a mapping (str) or sequence (int)."""
    if isinstance(part, int):
        return _list_item(context)
    if context is ELEMENT_PROPERTIES:
        return _element_field(part)
    model = narrow(context, keys, tag)
    if model is not None:
        return _field(model, part)
    for option in union_members(context):
        if typing.get_origin(option) is dict:
            return typing.get_args(option)[1]
    return None


def _list_item(context: Any) -> Any:
    for option in union_members(context):
        if typing.get_origin(option) is list:
            return typing.get_args(option)[0]
    return None


def _field(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return _OVERRIDES.get((model, name), field.annotation)
    return None


def _element_field(key: str) -> Any:
    for model in union_members(Element):
        found = _field(model, key)
        if found is not None:
            return found
    return None
