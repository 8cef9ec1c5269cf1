"""Where the theme lives and how its templates, catalogs and static files are loaded.

Themes are folders under ``renderers/`` (shipped in the wheel as ``kitaforms/renderers``). Each
language gets its own Jinja environment with that language's babel catalog installed; catalogs are
read from the ``.po`` files at first use (no compile step, nothing written to disk).
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined

DEFAULT_THEME = "default"


@lru_cache(maxsize=4)
def theme_dir(name: str = DEFAULT_THEME) -> Path:
    """The folder of theme ``name``: inside the installed package, else in the source tree."""
    packaged = importlib.resources.files("kitaforms") / "renderers" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "renderers" / name


@lru_cache(maxsize=16)
def translations(lang: str, theme: str = DEFAULT_THEME) -> NullTranslations:
    po = theme_dir(theme) / "locales" / lang / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


@lru_cache(maxsize=16)
def environment(lang: str, theme: str = DEFAULT_THEME) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(theme_dir(theme) / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang, theme), newstyle=True)  # type: ignore[attr-defined]
    return env


def N_(message: str) -> str:
    """Marks a message for extraction; translated later with :func:`gettext`."""
    return message


def gettext(lang: str, message: str, **values: object) -> str:
    text = translations(lang).gettext(message)
    return text % values if values else text


def ngettext(lang: str, singular: str, plural: str, count: int, **values: object) -> str:
    text = translations(lang).ngettext(singular, plural, count)
    return text % {"num": count, **values}


@lru_cache(maxsize=32)
def static_file(relative: str, theme: str = DEFAULT_THEME) -> bytes:
    return (theme_dir(theme) / "static" / relative).read_bytes()
