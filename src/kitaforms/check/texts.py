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


def check_texts(resolved: ResolvedForm) -> Iterator[Diagnostic]:
    languages = resolved.form.languages
    for path, text in texts(resolved.form):
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


def texts(node: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, dict[str, str]]]:
    """Every multilingual text in a model tree, with its data path."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name in TEXT_KEYS and isinstance(value, dict):
                yield (*path, name), value
            else:
                yield from texts(value, (*path, name))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from texts(item, (*path, index))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from texts(value, (*path, key))


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"
