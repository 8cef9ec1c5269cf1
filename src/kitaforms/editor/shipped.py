"""Examples for the reference, taken from the definitions a project ships (``forms/``, ``satzungen/``).

Each shipped file is read as the compiler reads it and checked with its kind's model; walking the model
and the written YAML side by side gives, for every ``(model, key)``, the values editors actually wrote.
The reference shows one of them (short enough for a table cell) instead of a made-up placeholder.
Files of the NRW base come first, then the Kommunen's, in path order, so the choice is stable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kitaforms.diagnostics import DefinitionError
from kitaforms.editor.files import definition_targets

Examples = dict[tuple[type[BaseModel], str], list[Any]]
WHOLE = ""  # the key under which a model's whole written values are kept
MAX_EXAMPLES = 8  # values kept per key (the first short one is shown)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def shipped_examples(root: Path, models: dict[str, type[BaseModel]]) -> Examples:
    """``(model, key)`` → values written for that key in the project's files (declaring classes included);
    ``(model, WHOLE)`` → values of that model written anywhere."""
    from kitaforms.load.yaml_source import load_file

    found: Examples = {}
    for target in _ordered(root):
        model = models.get(target.kind or "")
        if model is None:
            continue
        try:
            raw = load_file(target.path).data
            instance = model.model_validate(raw)
        except (DefinitionError, ValidationError, ValueError, TypeError):
            continue  # a broken file gives no examples
        _walk(instance, raw, found)
    return found


def _ordered(root: Path) -> Iterator[Any]:
    targets = definition_targets([root / folder for folder in ("forms", "satzungen") if (root / folder).is_dir()])
    base = root / "forms" / "nrw"
    yield from (t for t in targets if base in t.path.parents)
    yield from (t for t in targets if base not in t.path.parents)


def _walk(instance: BaseModel, raw: dict[str, Any], found: Examples) -> None:
    for name, info in type(instance).model_fields.items():
        key = info.alias or name
        if raw.get(key) is None:  # not written, or written empty: no example
            continue
        for owner in type(instance).__mro__:  # the model and each base that has the key
            if isinstance(owner, type) and issubclass(owner, BaseModel) and name in owner.model_fields:
                values = found.setdefault((owner, key), [])
                if len(values) < MAX_EXAMPLES and raw[key] not in values:
                    values.append(raw[key])
        _descend(getattr(instance, name), raw[key], found)


def _descend(value: Any, raw: Any, found: Examples) -> None:
    if isinstance(value, BaseModel) and isinstance(raw, dict):
        whole = found.setdefault((type(value), WHOLE), [])  # the model written as a whole (for keys of its type)
        if len(whole) < MAX_EXAMPLES:
            whole.append(raw)
        _walk(value, raw, found)
    elif isinstance(value, list) and isinstance(raw, list):
        for item, written in zip(value, raw, strict=False):
            _descend(item, written, found)
    elif isinstance(value, dict) and isinstance(raw, dict):
        for key, item in value.items():
            if key in raw:
                _descend(item, raw[key], found)


def shorten(value: Any, depth: int = 0, text: int | None = None, nested: bool = True) -> Any:
    """A written value as one table line shows it: structures below the first level as ``…``; with
    ``text``, strings cut to that many characters; without ``nested``, mappings below the first level too."""
    if isinstance(value, dict):
        if depth > 0 and (not nested or any(isinstance(v, (dict, list)) for v in value.values())):
            return "…"
        return {k: shorten(v, depth + 1, text, nested) for k, v in value.items()}
    if isinstance(value, list):
        if depth > 0 or any(isinstance(v, (dict, list)) for v in value):
            return ["…"] if value else []
        return [shorten(v, depth + 1, text, nested) for v in value]
    if isinstance(value, str) and _DAY.match(value):
        return date.fromisoformat(value)  # written unquoted: a date
    if isinstance(value, str) and text is not None and len(value) > text:
        return value[: text - 1].rstrip() + "…"
    return value


def _first_two(value: Any) -> Any:
    """A long mapping or list cut to its first two entries (still valid YAML, still as written)."""
    if isinstance(value, dict):
        return dict(list(value.items())[:2])
    return value[:2] if isinstance(value, list) else value


def fitting(values: list[Any], width: int, render: Callable[[Any], str]) -> Any:
    """The first value that fits ``width`` characters once shortened (ever shorter forms are tried)."""
    forms = [lambda v: shorten(v), lambda v: shorten(v, text=24), lambda v: shorten(v, text=24, nested=False),
             lambda v: _first_two(shorten(v, text=24, nested=False))]
    for form in forms:
        for value in values:
            shown = form(value)
            if len(render(shown)) <= width:
                return shown
    return min((forms[-1](value) for value in values), key=lambda shown: len(render(shown)))
