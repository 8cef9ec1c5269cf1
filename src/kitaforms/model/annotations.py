"""Reading the models' type annotations: the members of a union, and which of them are models.

Shared by the schema-error messages (:mod:`kitaforms.model.parse`), the formatter's key order
(:mod:`kitaforms.editor.keyorder`) and the generated reference (:mod:`kitaforms.editor.modeldoc`).
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel


def union_members(annotation: Any) -> list[Any]:
    """The members of a (possibly annotated, optional, nested) union, without ``None``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return union_members(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [leaf for arg in typing.get_args(annotation) for leaf in union_members(arg)]
    return [] if annotation is type(None) else [annotation]


def is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)
