"""The small Markdown subset editors may use in info texts, help and declarations.

Allowed: paragraphs, bullet and numbered lists, **bold**, *italic*, line breaks and links to
``https:``, ``mailto:`` and ``tel:``. Everything else (raw HTML, images, headings, code, other link
schemes) is refused by :func:`markdown_problems` and never rendered by :func:`render_markdown`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

ALLOWED_SCHEMES = ("https:", "mailto:", "tel:")
_LINK_TARGET = re.compile(r"\]\(\s*(\S+?)\s*\)(?=\s|$|[.,;:!?])", re.M)
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")  # anything a browser could read as a tag or comment
ALLOWED_TOKENS = frozenset(
    {
        "paragraph_open", "paragraph_close", "bullet_list_open", "bullet_list_close", "ordered_list_open",
        "ordered_list_close", "list_item_open", "list_item_close", "inline", "text", "strong_open",
        "strong_close", "em_open", "em_close", "link_open", "link_close", "softbreak", "hardbreak",
    }
)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "code", "fence", "heading", "lheading", "table", "hr", "blockquote", "html_block", "html_inline"], ignoreInvalid=True)
    md.validateLink = lambda url: url.strip().lower().startswith(ALLOWED_SCHEMES)
    return md


def _tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _tokens(token.children)


def markdown_problems(text: str) -> list[str]:
    """What in ``text`` falls outside the allowed subset (empty when all is fine)."""
    return list(_problems(text))


@lru_cache(maxsize=8192)  # the same NRW texts come back in every Kommune's forms
def _problems(text: str) -> tuple[str, ...]:
    problems = []
    if _HTML_TAG.search(text):
        problems.append("raw HTML is not allowed; use Markdown (`**bold**`, `[text](https://…)`)")
    if "![" in text:
        problems.append("images are not allowed in form texts")
    for token in _tokens(_parser().parse(text)):
        if token.type not in ALLOWED_TOKENS:
            problems.append(f"`{token.type.replace('_open', '')}` is not part of the allowed Markdown")
    for link in _links(text):
        if not link.strip().lower().startswith(ALLOWED_SCHEMES):
            problems.append(f"the link `{link}` must start with https:, mailto: or tel:")
    return tuple(problems)


def _links(text: str) -> Iterator[str]:
    """Link targets as written (``[text](target)``), including those the parser refused."""
    for match in _LINK_TARGET.finditer(text):
        yield match.group(1)


@lru_cache(maxsize=8192)  # the same NRW texts come back in every Kommune's forms
def render_markdown(text: str) -> Markup:
    """Safe HTML for ``text``: raw HTML is escaped, disallowed links are dropped."""
    tokens = [t for t in _parser().parse(text) if t.type in ALLOWED_TOKENS]
    html = _parser().renderer.render(tokens, _parser().options, {})
    return Markup(html.strip())


def render_inline(text: str) -> Markup:
    """Escape plain text for HTML (labels and hints are not Markdown)."""
    return escape(text)
