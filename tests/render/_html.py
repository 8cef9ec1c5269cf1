"""Parse generated HTML into an ElementTree for targeted XPath checks (pyxform style).

``find(html, ".//input[@name='kind.vorname']")`` — ElementTree's XPath subset is enough: tags,
``[@attr]``, ``[@attr='value']``, ``[tag]``, indexes. Attributes keep their HTML names.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

# the only scripts a page may load: its own runtime (a script with src ending so); the rest is JSON data
OUR_SCRIPTS = ("assets/kitaforms.js", "assets/kitaforms-head.js")


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = ET.SubElement(self.stack[-1], tag, {k: v if v is not None else "" for k, v in attrs})
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ET.SubElement(self.stack[-1], tag, {k: v if v is not None else "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def parse(html: bytes | str) -> ET.Element:
    builder = _Builder()
    builder.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def by_id(root: ET.Element, ident: str) -> ET.Element | None:
    return root.find(f".//*[@id='{ident}']")
