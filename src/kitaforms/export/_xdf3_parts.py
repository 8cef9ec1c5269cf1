"""Building blocks of the XDatenfelder 3.0.0 export: texts, ids, releases and the XML helpers.

* :func:`latin` reduces a text to XÖV ``String.Latin`` 1.1.
* :func:`element_id` makes a stable project-specific id: the letter (``S`` schema, ``G`` group,
  ``F`` field, ``R`` rule, ``D`` document profile), the Nummernkreis ``99`` (kitaforms; no FIM
  office assigns it) and 9 digits derived from the key (form id and dotted name; for a Kommune's
  own variant also the Kommune's id).
* :class:`Release` is who released which version when; it gives every element of one origin
  (the NRW base or a Kommune) its version, status and dates.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from kitaforms.model.form import LegalBasis

NAMESPACE = "urn:xoev-de:fim:standard:xdatenfelder_3.0.0"
STATUS_DRAFT = "3"  # Entwurf
STATUS_RELEASED = "5"  # fachlich freigegeben (silber): released by the editors, not by a FIM office
STATUS_LIST_VERSION = "2020-03-19"  # urn:xoev-de:xprozess:codeliste:status, as FIM's own converters write it
PREFIX = "xdf"
ET.register_namespace(PREFIX, NAMESPACE)  # for anyone writing these elements with ElementTree itself

_LATIN = re.compile(
    "[^\t\n\r\x20-\x7e\xa1-\xac\xae-\u0107\u010a-\u011b\u011e-\u0123\u0126-\u0131\u0134-\u015b"
    "\u015e-\u016b\u016e-\u017e\u018f\u01a0-\u01a1\u01af-\u01b0\u01b7\u01cd-\u01d4\u01de-\u01df"
    "\u01e4-\u01f0\u01f4-\u01f5\u01fa-\u01ff\u0218-\u021b\u021e-\u021f\u022a-\u022b\u022e-\u0233"
    "\u0259\u0292\u1e02-\u1e03\u1e0a-\u1e0b\u1e10-\u1e11\u1e1e-\u1e21\u1e24-\u1e27\u1e30-\u1e31"
    "\u1e40-\u1e41\u1e44-\u1e45\u1e56-\u1e57\u1e60-\u1e63\u1e6a-\u1e6b\u1e80-\u1e85\u1e8c-\u1e93"
    "\u1e9e\u1ea0-\u1ea7\u1eaa-\u1eac\u1eae-\u1ec1\u1ec4-\u1ed3\u1ed6-\u1edd\u1ee4-\u1ef9\u20ac]"
)
_ASCII = str.maketrans({
    "\u201e": '"', "\u201c": '"', "\u201d": '"', "\u201a": "'", "\u2018": "'", "\u2019": "'",
    "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u00ad": "",
    "\u2022": "-", "\u2192": "->", "\u00d7": "x", "\u2264": "<=", "\u2265": ">=",
})


@lru_cache(maxsize=16384)
def latin(text: str | None) -> str:
    """``text`` within XÖV String.Latin 1.1 (remembered: every Kommune's form repeats the base form's texts)."""
    return _LATIN.sub("", (text or "").translate(_ASCII))


def element_id(letter: str, *key: str) -> str:
    digest = int(hashlib.sha256("/".join(key).encode("utf-8")).hexdigest(), 16)
    return f"{letter}99{digest % 10**9:09d}"


def xdf_version(version: str) -> str:
    """``MAJOR.MINOR.PATCH`` without a pre-release or build suffix (XDatenfelder allows digits only)."""
    return version.split("-", 1)[0].split("+", 1)[0]


@dataclass(frozen=True)
class Release:
    """A version and its release: what each element of one origin (NRW base or Kommune) carries.

    A version with a release date (and no pre-release suffix) is *fachlich freigegeben*, valid and
    published from that day, and every timestamp is that day. Without one it is a draft (Entwurf)
    stamped with the build's timestamp.
    """

    version: str  # as written in the definition
    released: date | None
    by: str  # who released it (statusGesetztDurch)
    fallback: datetime  # the build's timestamp, for drafts

    @property
    def xdf_version(self) -> str:
        return xdf_version(self.version)

    @property
    def is_released(self) -> bool:
        return self.released is not None and "-" not in self.version

    @property
    def stamp(self) -> str:
        """An ``xs:dateTime`` for ``letzteAenderung`` and ``erstellungszeitpunkt``."""
        if self.is_released:
            assert self.released is not None
            return f"{self.released.isoformat()}T00:00:00Z"
        return self.fallback.strftime("%Y-%m-%dT%H:%M:%SZ")

    def status_block(self) -> list[ET.Element]:
        """``freigabestatus`` … ``letzteAenderung`` of ``AllgemeineAngaben``, in the XSD's order."""
        block = [code("freigabestatus", STATUS_RELEASED if self.is_released else STATUS_DRAFT,
                      listVersionID=STATUS_LIST_VERSION)]
        if self.is_released:
            day = self.released.isoformat()  # type: ignore[union-attr]
            block += [node("statusGesetztAm", day), node("statusGesetztDurch", latin(self.by)),
                      node("gueltigAb", day), node("veroeffentlichungsdatum", day)]
        return [*block, node("letzteAenderung", self.stamp)]


def q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def node(name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.Element(q(name), attributes)
    if text is not None:
        element.text = text
    return element


def sub(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = node(name, text, **attributes)
    parent.append(child)
    return child


def code(name: str, value: str, **attributes: str) -> ET.Element:
    element = node(name, **attributes)
    ET.SubElement(element, "code").text = value  # the code element is unqualified in xoev-code
    return element


def sub_code(parent: ET.Element, name: str, value: str, **attributes: str) -> ET.Element:
    element = code(name, value, **attributes)
    parent.append(element)
    return element


def bezug(parent: ET.Element, bases: list[LegalBasis]) -> None:
    for basis in bases:
        attributes = {"link": basis.link} if basis.link else {}
        sub(parent, "bezug", latin(basis.norm), **attributes)


def identification(parent: ET.Element, name: str, identifier: str, version: str) -> ET.Element:
    ident = sub(parent, name)
    sub(ident, "id", identifier)
    sub(ident, "version", version)
    return ident


def relation(predicate: str, identifier: str, version: str | None = None) -> ET.Element:
    element = node("relation")
    sub_code(element, "praedikat", predicate, listVersionID="1.0")
    objekt = sub(element, "objekt")
    sub(objekt, "id", identifier)
    if version:
        sub(objekt, "version", version)
    return element


def restamp(element: ET.Element, identifier: str, release: Release, derived_from: tuple[str, str] | None) -> None:
    """Give a finished element (field, group or rule) another id, its origin's version and dates, and
    name the element it was derived from (relation ``ABL``)."""
    ident = element.find(q("identifikation"))
    assert ident is not None
    ident.find(q("id")).text = identifier  # type: ignore[union-attr]
    ident.find(q("version")).text = release.xdf_version  # type: ignore[union-attr]
    tags = [child.tag for child in element]
    if q("freigabestatus") not in tags:  # a rule: only its timestamp
        element.find(q("letzteAenderung")).text = release.stamp  # type: ignore[union-attr]
        return
    start = tags.index(q("freigabestatus"))
    end = tags.index(q("letzteAenderung")) + 1
    element[start:end] = block = release.status_block()
    if derived_from:
        element.insert(start + len(block), relation("ABL", *derived_from))
