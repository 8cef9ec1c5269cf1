"""The language of the messages an editor reads: German unless asked otherwise.

``--lang`` wins; else ``KITAFORMS_LANG``; else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the
first that is set) when it is English; else German.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

LANGUAGES = ("de", "en")
DEFAULT = "de"


def editor_language(explicit: str | None = None) -> str:
    if explicit:
        return explicit
    configured = os.environ.get("KITAFORMS_LANG", "")[:2].lower()
    if configured in LANGUAGES:
        return configured
    locale = next((os.environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(name)), "")
    return "en" if locale.lower().startswith("en") else DEFAULT


def language_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--lang de|en`` (default: :func:`editor_language`), passed as ``lang``."""
    return click.option(
        "--lang", "lang", type=click.Choice(LANGUAGES), default=None,
        callback=lambda _ctx, _param, value: editor_language(value),
        help="Language of the messages: de or en (default: KITAFORMS_LANG or the locale, else de).",
    )(function)
