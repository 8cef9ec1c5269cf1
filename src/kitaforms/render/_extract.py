"""Collect the theme's translatable messages (templates and render code) for the babel catalogs.

``python -m kitaforms.render._extract`` writes ``renderers/default/locales/messages.pot``;
``tests/render/test_catalogs.py`` checks that every language's ``messages.po`` translates them all.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from kitaforms.render._theme import theme_dir

PYTHON_KEYWORDS = {"gettext": (2,), "ngettext": (2, 3), "t": (1,), "N_": None}
TEMPLATE_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def extract_messages() -> Catalog:
    catalog = Catalog(project="kitaforms", fuzzy=False)
    sources = (
        (theme_dir() / "templates", [("**.html", "jinja2.ext:babel_extract")], TEMPLATE_KEYWORDS),
        (Path(__file__).parent, [("**.py", "python")], PYTHON_KEYWORDS),
    )
    for folder, method_map, keywords in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), method_map, keywords=keywords, options_map={"**.html": {"extensions": "jinja2.ext.i18n"}}
        ):
            catalog.add(message, locations=[(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def write_template(path: Path | None = None) -> Path:
    target = path or theme_dir() / "locales" / "messages.pot"
    buffer = BytesIO()
    write_po(buffer, extract_messages(), omit_header=True, sort_output=True, width=120)
    target.write_bytes(buffer.getvalue())
    return target


if __name__ == "__main__":
    print(write_template())
