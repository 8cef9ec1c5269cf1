"""Resolved form → XDatenfelder 3.0.0 ``xdatenfelder.stammdatenschema.0102`` message (``xdf3.xml``).

Built as an ElementTree, never as text. The data structure is the submission's (the JSON Schema's):
groups and repeats become ``datenfeldgruppe`` elements, fields ``datenfeld`` elements, with the
multiplicity (``anzahl``) ``1:1`` for unconditionally required answers, ``0:1`` otherwise,
``min:max`` for repeats, multiple choices and files. Steps are presentation and do not appear.

Identifiers: kitaforms fields are not FIM-harmonised, so each element gets a stable
project-specific id: the letter (``S`` schema, ``G`` group, ``F`` field, ``R`` rule, ``D``
document profile) and 11 digits, ``99`` followed by 9 digits derived from the form id and the
element's dotted name (the same field keeps its id across versions and Kommunen). A field that
reuses a FIM field (``fim_id``) names it in a ``relation`` (``ABL``, derived from). Versions are the
form's ``MAJOR.MINOR.PATCH`` (without a pre-release suffix, which XDatenfelder does not allow).

Rules (``visible_if``, ``required_if``, validations, computed values) are ``regel`` elements with
the kitaforms expression as ``freitextRegel`` and ``skript``; validations carry their German
message as ``fehler``. Texts are reduced to the characters of XÖV ``String.Latin`` 1.1
(typographic quotes and dashes become their ASCII forms, anything else outside the set is
dropped). Timestamps (``erstellungszeitpunkt``, ``letzteAenderung``) are the build's fixed
timestamp, so the file is reproducible. ``freigabestatus`` is 3 (Entwurf): the schema is not
released by a FIM editorial office.
"""

from __future__ import annotations

import hashlib
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

from kitaforms.check.choices import options_of
from kitaforms.model.form import Element, GroupElement, RepeatElement
from kitaforms.model.walk import Placed, walk
from kitaforms.resolve import ResolvedForm

NAMESPACE = "urn:xoev-de:fim:standard:xdatenfelder_3.0.0"
STATUS_DRAFT = "3"
PRODUCT = "kitaforms"
_DATATYPES = {
    "text": "text", "textarea": "text", "email": "text", "tel": "text", "postal_code": "text", "iban": "text",
    "month": "text", "choice": "text", "multichoice": "text", "integer": "num_int", "decimal": "num",
    "money": "num_currency", "date": "date", "boolean": "bool", "declaration": "bool", "file": "file",
    "computed": "text",
}
_COMPUTED = {"number": "num", "money": "num_currency", "text": "text", "date": "date", "boolean": "bool"}
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


def latin(text: str | None) -> str:
    """``text`` within XÖV String.Latin 1.1."""
    return _LATIN.sub("", (text or "").translate(_ASCII))


def element_id(letter: str, *key: str) -> str:
    digest = int(hashlib.sha256("/".join(key).encode("utf-8")).hexdigest(), 16)
    return f"{letter}99{digest % 10**9:09d}"


def xdf_version(version: str) -> str:
    return version.split("-", 1)[0].split("+", 1)[0]


_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


def form_xdf3(resolved: ResolvedForm, timestamp: datetime) -> bytes:
    """The ``xdf3.xml`` bytes of ``resolved`` (UTF-8, indented, with XML declaration)."""
    root = _Writer(resolved, timestamp).message()
    ET.register_namespace("xdf", NAMESPACE)
    ET.indent(root, space="  ")
    # serialised as text and encoded once: ElementTree writing bytes encodes every fragment separately
    return (_DECLARATION + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _sub(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, _q(name), attributes)
    if text is not None:
        child.text = text
    return child


def _code(parent: ET.Element, name: str, value: str, **attributes: str) -> ET.Element:
    node = _sub(parent, name, **attributes)
    ET.SubElement(node, "code").text = value  # the code element is unqualified in xoev-code
    return node


class _Writer:
    def __init__(self, resolved: ResolvedForm, timestamp: datetime) -> None:
        self.resolved = resolved
        self.form = resolved.form
        self.version = xdf_version(resolved.form.version)
        self.stamp = timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.placed = {placed.name: placed for placed in walk(resolved.form)}
        self.rule_count = 0

    def message(self) -> ET.Element:
        root = ET.Element(_q("xdatenfelder.stammdatenschema.0102"))
        header = _sub(root, "header")
        key = f"{self.resolved.kommune_id}/{self.form.id}/{self.form.version}"
        _sub(header, "nachrichtID", str(uuid.uuid5(uuid.NAMESPACE_URL, f"kitaforms:xdf3:{key}")))
        _sub(header, "erstellungszeitpunkt", self.stamp)
        _sub(header, "produktbezeichnung", PRODUCT)
        _sub(header, "produkthersteller", PRODUCT)
        self._schema(_sub(root, "stammdatenschema"))
        return root

    def _schema(self, node: ET.Element) -> None:
        title = self.form.title.get("de", self.form.id)
        self._general(node, element_id("S", self.form.id), title, self.form.description)
        _sub(node, "bezeichnung", latin(title))
        if self.form.description:
            _sub(node, "hilfetext", latin(self.form.description.get("de")))
        _code(node, "ableitungsmodifikationenStruktur", "0")
        _code(node, "ableitungsmodifikationenRepraesentation", "0")
        steckbrief = _sub(node, "dokumentsteckbrief")
        _sub(steckbrief, "id", element_id("D", self.form.id))
        _sub(steckbrief, "version", self.version)
        top = [p for p in self.placed.values() if "." not in p.name]
        self._structures(node, top)

    def _general(self, node: ET.Element, identifier: str, name: str, description: dict[str, str] | None) -> None:
        ident = _sub(node, "identifikation")
        _sub(ident, "id", identifier)
        _sub(ident, "version", self.version)
        _sub(node, "name", latin(name))
        if description:
            _sub(node, "beschreibung", latin(description.get("de")))
        _code(node, "freigabestatus", STATUS_DRAFT, listVersionID="1.0")
        _sub(node, "letzteAenderung", self.stamp)

    def _structures(self, parent: ET.Element, children: list[Placed]) -> None:
        for placed in children:
            if placed.element.type == "info":
                continue
            struktur = _sub(parent, "struktur")
            _sub(struktur, "anzahl", self._multiplicity(placed))
            contains = _sub(struktur, "enthaelt")
            if isinstance(placed.element, (GroupElement, RepeatElement)):
                self._group(contains, placed)
            elif placed.element.type == "ranked_choice":
                self._ranked(contains, placed)
            else:
                self._field(_sub(contains, "datenfeld"), placed)

    def _multiplicity(self, placed: Placed) -> str:
        element: Any = placed.element
        kind = element.type
        if kind == "repeat":
            return f"{element.min_items}:{element.max_items}"
        if kind == "ranked_choice":
            return f"{element.min_picks if element.required else 0}:{element.max_picks}"
        if kind == "multichoice":
            options = options_of(self.resolved, element) or []
            high = element.max_items or max(len(options), 1)
            return f"{(element.min_items or 1) if self._always_required(placed) else 0}:{high}"
        if kind == "file":
            return f"{1 if self._always_required(placed) else 0}:{element.max_files}"
        return "1:1" if self._always_required(placed) else "0:1"

    def _always_required(self, placed: Placed) -> bool:
        element: Any = placed.element
        if not getattr(element, "required", False) or getattr(element, "required_if", None):
            return False
        if placed.step.visible_if or element.visible_if:
            return False
        parts = placed.name.split(".")
        return not any(self.placed[".".join(parts[:i])].element.visible_if for i in range(1, len(parts)))

    def _element_header(self, node: ET.Element, letter: str, placed: Placed) -> None:
        element = placed.element
        label = (element.label or {}).get("de", element.id)
        self._general(node, element_id(letter, self.form.id, placed.name), label, None)
        if element.fim_id:
            relation = _sub(node, "relation")
            _code(relation, "praedikat", "ABL", listVersionID="1.0")
            objekt = _sub(relation, "objekt")
            _sub(objekt, "id", element.fim_id)
        _sub(node, "bezeichnungEingabe", latin(label))
        _code(node, "schemaelementart", "HAR" if element.fim_id else "RNG")
        hint = element.hint or element.help
        if hint:
            _sub(node, "hilfetextEingabe", latin(hint.get("de")))

    def _group(self, node: ET.Element, placed: Placed) -> None:
        group = _sub(node, "datenfeldgruppe")
        self._element_header(group, "G", placed)
        self._rules(group, placed)
        element: Any = placed.element
        children = [self.placed[f"{placed.name}.{child.id}"] for child in element.elements]
        self._structures(group, children)

    def _ranked(self, node: ET.Element, placed: Placed) -> None:
        """A ranked choice: a repeated group of the picked code and its reasons."""
        group = _sub(node, "datenfeldgruppe")
        self._element_header(group, "G", placed)
        self._rules(group, placed)
        struktur = _sub(group, "struktur")
        _sub(struktur, "anzahl", "1:1")
        code = _sub(_sub(struktur, "enthaelt"), "datenfeld")
        self._simple_field(code, placed, "code", "Auswahl", "select", "text", self._pick_values(placed))
        element: Any = placed.element
        if element.reasons:
            reasons = self.resolved.form.code_lists.get(element.reasons, [])
            struktur = _sub(group, "struktur")
            _sub(struktur, "anzahl", f"0:{max(len(reasons), 1)}")
            node_reasons = _sub(_sub(struktur, "enthaelt"), "datenfeld")
            values = [(o.code, o.label.get("de", o.code), None) for o in reasons]
            self._simple_field(node_reasons, placed, "reasons", "Begruendung", "select", "text", values)

    def _pick_values(self, placed: Placed) -> list[tuple[str, str, str | None]]:
        element: Any = placed.element
        if element.catalogue == "einrichtungen" and self.resolved.facilities:
            return [(f.id, f.name, f.traeger) for f in self.resolved.facilities.facilities]
        return [(o.code, o.label.get("de", o.code), None) for o in options_of(self.resolved, element) or []]

    def _simple_field(self, node: ET.Element, placed: Placed, suffix: str, name: str, art: str, datatype: str,
                      values: list[tuple[str, str, str | None]]) -> None:
        self._general(node, element_id("F", self.form.id, f"{placed.name}.{suffix}"), name, None)
        _sub(node, "bezeichnungEingabe", latin(name))
        _code(node, "schemaelementart", "RNG")
        _code(node, "feldart", art)
        _code(node, "datentyp", datatype)
        _code(node, "vorbefuellung", "keine")
        self._values(node, values)

    def _field(self, node: ET.Element, placed: Placed) -> None:
        element: Any = placed.element
        self._element_header(node, "F", placed)
        kind = element.type
        art = "select" if kind in ("choice", "multichoice") else "locked" if kind == "computed" else "input"
        _code(node, "feldart", art)
        datatype = _COMPUTED[element.value_type] if kind == "computed" else _DATATYPES[kind]
        _code(node, "datentyp", datatype)
        self._precision(node, element)
        if element.type == "declaration" and element.body:
            _sub(node, "inhalt", latin(element.body.get("de")))
        _code(node, "vorbefuellung", "keine")
        if kind in ("choice", "multichoice"):
            options = options_of(self.resolved, element) or []
            self._values(node, [(o.code, o.label.get("de", o.code), (o.hint or {}).get("de")) for o in options])
        self._rules(node, placed)
        if kind == "file":
            _sub(node, "maxSize", str(int(element.max_size_mb * 1024 * 1024)))
            for media_type in element.accept:
                _sub(node, "mediaType", media_type)

    def _precision(self, node: ET.Element, element: Element) -> None:
        attributes: dict[str, str] = {}
        for source, target in (("min_length", "minLength"), ("max_length", "maxLength")):
            value = getattr(element, source, None)
            if value is not None and (value > 0 or target == "minLength"):
                attributes[target] = str(value)
        for source, target in (("minimum", "minValue"), ("maximum", "maxValue")):
            value = getattr(element, source, None)
            if value is not None:
                attributes[target] = str(value)
        pattern = getattr(element, "pattern", None) or _PATTERNS.get(element.type)
        if pattern:
            attributes["pattern"] = pattern
        if attributes:
            _sub(node, "praezisierung", **attributes)

    def _values(self, node: ET.Element, values: list[tuple[str, str, str | None]]) -> None:
        if not values:
            return
        werte = _sub(node, "werte")
        for code, name, hint in values:
            wert = _sub(werte, "wert")
            _sub(wert, "code", code)
            _sub(wert, "name", latin(name))
            if hint:
                _sub(wert, "hilfe", latin(hint))

    def _rules(self, node: ET.Element, placed: Placed) -> None:
        element: Any = placed.element
        rules: list[tuple[str, str, str, dict[str, str] | None]] = []
        if element.visible_if:
            rules.append(("K", "Sichtbarkeit", element.visible_if, None))
        if getattr(element, "required_if", None):
            rules.append(("M", "Pflicht unter Bedingung", element.required_if, None))
        for index, validation in enumerate(getattr(element, "validations", []), 1):
            rules.append(("V", f"Pruefung {index}", validation.rule, dict(validation.message)))
        if element.type == "computed":
            rules.append(("B", "Berechnung", element.expression, None))
        for number, (kind, name, expression, message) in enumerate(rules, 1):
            self._rule(node, placed, number, kind, name, expression, message)

    def _rule(self, node: ET.Element, placed: Placed, number: int, kind: str, name: str, expression: str,
              message: dict[str, str] | None) -> None:
        regel = _sub(node, "regel")
        ident = _sub(regel, "identifikation")
        _sub(ident, "id", element_id("R", self.form.id, placed.name, str(number)))
        _sub(ident, "version", self.version)
        _sub(regel, "name", latin(f"{name}: {placed.name}"))
        _sub(regel, "freitextRegel", latin(expression))
        _sub(regel, "letzteAenderung", self.stamp)
        _code(regel, "typ", kind)
        _sub(regel, "skript", f"kitaforms: {expression}")
        if message:
            _sub(regel, "fehler", latin(message.get("de")), code=str(number))


_PATTERNS = {
    "postal_code": "[0-9]{5}",
    "month": "[0-9]{4}-(0[1-9]|1[0-2])",
}
