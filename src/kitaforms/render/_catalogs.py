"""Update the theme's ``messages.po`` files from the extracted messages (maintainers' tool).

``python -m kitaforms.render._catalogs`` adds new messages (German: the message itself; other
languages: empty, to be translated) and drops obsolete ones, keeping existing translations.
"""

from __future__ import annotations

from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from kitaforms.render._extract import extract_messages
from kitaforms.render._theme import theme_dir

LANGUAGES = ("de", "en")
HEADER = "# Messages of the kitaforms default theme (renderers/default). Update: python -m kitaforms.render._catalogs"


def update(translations: dict[str, dict[str, str]] | None = None) -> None:
    template = extract_messages()
    for lang in LANGUAGES:
        path = theme_dir() / "locales" / lang / "LC_MESSAGES" / "messages.po"
        old = read_po(path.open("rb"), locale=lang) if path.is_file() else Catalog(locale=lang)
        new = Catalog(locale=lang, project="kitaforms", fuzzy=False, header_comment=HEADER)
        extra = (translations or {}).get(lang, {})
        for message in template:
            if not message.id:
                continue
            known = old.get(message.id)
            text = extra.get(message.id) or (known.string if known else "") or (message.id if lang == "de" else "")
            new.add(message.id, text, locations=message.locations, flags=message.flags)
        buffer = BytesIO()
        write_po(buffer, new, omit_header=False, sort_output=True, width=120, include_lineno=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_without_date(buffer.getvalue()))


def _without_date(po: bytes) -> bytes:
    """Keep the catalogs free of creation timestamps (reproducible files)."""
    lines = [line for line in po.split(b"\n") if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date'))]
    return b"\n".join(lines)


if __name__ == "__main__":
    update()
