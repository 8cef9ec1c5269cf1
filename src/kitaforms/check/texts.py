"""Every text a citizen sees exists in German, and in each other language the form declares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from kitaforms.diagnostics import Diagnostic
from kitaforms.load.yaml_source import DataPath
from kitaforms.resolve import ResolvedForm

TEXT_KEYS = frozenset(
    {"label", "hint", "help", "title", "intro", "description", "body", "message", "unit", "item_label", "add_label"}
)


Text = tuple[DataPath, dict[str, str]]  # a multilingual text and where it is


def check_texts(resolved: ResolvedForm, every_text: list[Text]) -> Iterator[Diagnostic]:
    """``every_text``: :func:`texts` of the form."""
    languages = resolved.form.languages
    for path, text in every_text:
        yield from _check_text(resolved, path, text, languages)


def _check_text(resolved: ResolvedForm, path: DataPath, text: dict[str, str], languages: list[str]) -> Iterator[Diagnostic]:
    german = text.get("de", "")
    if not german.strip():
        yield Diagnostic.make(
            "FORM_006", f"`{path[-1]}` has no German text", resolved.source.locate(path), "add `de: …` — German is required"
        )
    for language in languages:
        if language != "de" and not text.get(language, "").strip():
            yield Diagnostic.make(
                "FORM_007",
                f"`{path[-1]}` has no `{language}` text" + (f" for „{_short(german)}“" if german else ""),
                resolved.source.locate(path),
                f"add `{language}: …` next to `de:`",
            )


def texts(node: Any, path: DataPath = ()) -> list[Text]:
    """Every multilingual text in a model tree, with its data path, in the tree's order."""
    found: list[Text] = []
    _collect(node, path, found)
    return found


def _collect(node: Any, path: DataPath, found: list[Text]) -> None:
    """Into ``found``; a list, not nested generators: every form is checked with it, and a text
    deep in the tree passed through every generator above it (a third of ``check_form``)."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name in TEXT_KEYS and isinstance(value, dict):
                found.append(((*path, name), value))
            elif isinstance(value, _CONTAINERS):
                _collect(value, (*path, name), found)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, _CONTAINERS):
                _collect(item, (*path, index), found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, _CONTAINERS):
                _collect(value, (*path, key), found)


_CONTAINERS = (BaseModel, list, dict)  # what can hold a text; anything else is a scalar


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"
