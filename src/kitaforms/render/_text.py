"""Editor-written text in the page's language, safe for HTML.

A text the editor did not translate falls back to German and is marked with ``lang="de"``
(WCAG 3.1.2). Plain texts are escaped; Markdown texts go through the safe subset renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from kitaforms.markdown import render_markdown

FALLBACK = "de"
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "ckb", "yi", "dv"})


def direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0] in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Txt:
    """A plain text and, when it is not in the page's language, the language it is in."""

    text: str
    lang: str | None = None

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        if self.lang:
            return Markup('<span lang="{}">{}</span>').format(self.lang, self.text)
        return str(escape(self.text))


@dataclass(frozen=True)
class Md(Txt):
    """A Markdown text (help, intro, body), rendered through the safe subset."""

    def __html__(self) -> str:
        html = render_markdown(self.text)
        if self.lang:
            return Markup('<div lang="{}">{}</div>').format(self.lang, html)
        return str(html)


def pick(text: dict[str, str] | None, lang: str) -> Txt | None:
    return _pick(Txt, text, lang)


def pick_md(text: dict[str, str] | None, lang: str) -> Md | None:
    return _pick(Md, text, lang)  # type: ignore[return-value]


def _pick(kind: type[Txt], text: dict[str, str] | None, lang: str) -> Txt | None:
    if not text:
        return None
    value = text.get(lang)
    if value and value.strip():
        return kind(value)
    source = FALLBACK if text.get(FALLBACK) else next((k for k, v in text.items() if v.strip()), None)
    if source is None:
        return None
    return kind(text[source], source if source != lang else None)


def plain(text: dict[str, str] | None, lang: str) -> str:
    found = pick(text, lang)
    return found.text if found else ""
