"""Resolved form → XDatenfelder 3.0.0: ``xdf3.xml``, ``xdf3-dokumentsteckbrief.xml``, ``xdf3-mapping.json``.

Built as ElementTrees and data, never as text. The data structure is the submission's (the JSON
Schema's): groups and repeats become ``datenfeldgruppe`` elements, fields ``datenfeld`` elements,
with the multiplicity (``anzahl``) ``1:1`` for unconditionally required answers, ``0:1`` otherwise,
``min:max`` for repeats, multiple choices and files. Steps are presentation and do not appear.

**Ids and versions name one content.** kitaforms fields are not FIM-harmonised, so each element
gets a stable project-specific id (:func:`~kitaforms.export._xdf3_parts.element_id`: letter, the
Nummernkreis ``99``, 9 digits from the form id and the element's dotted name). An element that is
exactly as in the NRW base form — the same texts, rules, codes, children — keeps that id and the
*base form's* version and release in every Kommune. An element a Kommune's overlay, settings, code
lists or facilities change becomes the Kommune's own variant: an id from the Kommune's id, the form
id and the dotted name, the *Kommune's* version and release, and a ``relation`` ``ABL`` (derived
from) to the base element. The Stammdatenschema and its Dokumentsteckbrief are always the Kommune's.
Since a released version's files never change (``BUILD_001``), one id and version stand for one
content in every bundle.

**Legal bases and kinds.** An element's ``bezug`` (or, when it has none, its group's) is written as
``bezug`` and makes it ``RNG`` (bound to a legal norm); a ``fim_id`` makes it ``HAR`` and names the
FIM element in a ``relation`` ``ABL``; an element with neither is ``ABS``.

**Release.** A version with a ``released`` date is ``freigabestatus`` 5 (fachlich freigegeben,
silber: released by its editors, not checked by a FIM office), valid (``gueltigAb``) and published
from that day; all its timestamps are that day, so the files do not depend on the build's clock.
A version without one (or a pre-release) is 3 (Entwurf), stamped with the build's timestamp.

Rules (``visible_if``, ``required_if``, validations, computed values) are ``regel`` elements with
the kitaforms expression as ``freitextRegel`` and ``skript``; validations carry their German
message as ``fehler`` and their ``bezug``. Texts are reduced to XÖV ``String.Latin`` 1.1.

``xdf3-mapping.json`` maps each JSON pointer of a submission (``/kind/geburtsdatum``,
``/geschwister/*/name``; ``*`` for each entry of a list) to the element's id and version.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kitaforms.check.choices import options_of
from kitaforms.export._json import dumps
from kitaforms.export._xdf3_parts import (
    NAMESPACE,
    PREFIX,
    Release,
    bezug,
    element_id,
    identification,
    latin,
    q,
    relation,
    restamp,
    sub,
    sub_code,
    xdf_version,
)
from kitaforms.export._xml import xml_text
from kitaforms.model.form import Element, GroupElement, LegalBasis, RepeatElement
from kitaforms.model.walk import Placed, walk
from kitaforms.resolve import ResolvedForm

__all__ = ["NAMESPACE", "FILE", "STECKBRIEF_FILE", "MAPPING_FILE", "Xdf3Export", "element_id", "form_xdf3",
           "form_xdf3_files", "latin", "xdf_version"]

FILE = "xdf3.xml"
STECKBRIEF_FILE = "xdf3-dokumentsteckbrief.xml"
MAPPING_FILE = "xdf3-mapping.json"
MAPPING_FORMAT = "kitaforms-xdf3-mapping/1"
PRODUCT = "kitaforms"
BASE_RELEASER = "kitaforms NRW-Basisformular"
DOKUMENTART = "999"  # the code FIM's own converters write when the kind of document is not known
DOKUMENTART_LIST_VERSION = "2022-01-01"
_DATATYPES = {
    "text": "text", "textarea": "text", "email": "text", "tel": "text", "postal_code": "text", "iban": "text",
    "month": "text", "choice": "text", "multichoice": "text", "integer": "num_int", "decimal": "num",
    "money": "num_currency", "date": "date", "boolean": "bool", "declaration": "bool", "file": "file",
    "computed": "text",
}
_COMPUTED = {"number": "num", "money": "num_currency", "text": "text", "date": "date", "boolean": "bool"}
_PATTERNS = {"postal_code": "[0-9]{5}", "month": "[0-9]{4}-(0[1-9]|1[0-2])"}
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"

Key = tuple[str, ...]  # (letter, dotted name[, rule number])


@dataclass(frozen=True)
class Xdf3Export:
    """The XDatenfelder files of one bundle and the ids of its schema and document profile."""

    files: dict[str, bytes]
    schema: tuple[str, str]  # Stammdatenschema (id, version)
    steckbrief: tuple[str, str]  # Dokumentsteckbrief (id, version)

    def manifest_entry(self) -> dict[str, Any]:
        """What ``manifest.json`` says about them (``xdatenfelder``)."""
        return {
            "version": "3.0.0",
            "stammdatenschema": {"file": FILE, "id": self.schema[0], "version": self.schema[1]},
            "dokumentsteckbrief": {"file": STECKBRIEF_FILE, "id": self.steckbrief[0], "version": self.steckbrief[1]},
            "mapping": MAPPING_FILE,
        }


def form_xdf3(resolved: ResolvedForm, timestamp: datetime) -> bytes:
    """The ``xdf3.xml`` bytes of ``resolved`` (UTF-8, indented, with XML declaration)."""
    return form_xdf3_files(resolved, timestamp).files[FILE]


def form_xdf3_files(resolved: ResolvedForm, timestamp: datetime) -> Xdf3Export:
    """The three XDatenfelder files of ``resolved``; ``timestamp`` stamps drafts only."""
    base = _base_contents(resolved, timestamp)
    writer = _Writer(resolved, timestamp, base)
    schema = writer.message()
    steckbrief = writer.steckbrief_message()
    files = {FILE: _serialise(schema), STECKBRIEF_FILE: _serialise(steckbrief), MAPPING_FILE: dumps(writer.mapping())}
    return Xdf3Export(files, writer.schema_identity, writer.steckbrief_identity)


def _base_contents(resolved: ResolvedForm, timestamp: datetime) -> dict[Key, Content] | None:
    """Each element of the NRW base form as written there (None: ``resolved`` is the base itself;
    empty: a Kommune's form whose base is not known, so every element is the Kommune's own)."""
    if resolved.kommune is None:
        return None
    if resolved.base is None:
        return {}
    cached = _BASES.get(id(resolved.base))
    if cached is None or cached[0] is not resolved.base or cached[1] != timestamp:
        writer = _Writer(resolved.base, timestamp, None)
        writer.message()
        if len(_BASES) >= 8:  # a build has three base forms; never keep old builds' alive
            _BASES.clear()
        cached = _BASES[id(resolved.base)] = (resolved.base, timestamp, writer.contents)
    return cached[2]


# The base form's elements, written once per base form and build (every Kommune's form compares with them).
_BASES: dict[int, tuple[ResolvedForm, datetime, dict[Key, Content]]] = {}

Content = tuple[Any, ...]  # an element as data: tag, attributes, text, tail, children (see _content)


def _content(element: ET.Element, settled: dict[int, Content]) -> Content:
    """Everything ``ET.tostring(element)`` would write, as nested tuples (compared far faster).
    ``settled``: the contents of finished elements inside it, by ``id``, taken as they are."""
    return (element.tag, tuple(element.attrib.items()), element.text, element.tail,
            tuple([settled.get(id(child)) or _content(child, settled) for child in element]))


def _serialise(root: ET.Element) -> bytes:
    return (_DECLARATION + xml_text(root, {NAMESPACE: PREFIX}) + "\n").encode("utf-8")


def _release(resolved: ResolvedForm, timestamp: datetime) -> Release:
    by = resolved.kommune.name if resolved.kommune else BASE_RELEASER
    return Release(resolved.form.version, resolved.form.released, by, timestamp)


class _Writer:
    def __init__(self, resolved: ResolvedForm, timestamp: datetime, base: dict[Key, bytes] | None) -> None:
        self.resolved = resolved
        self.form = resolved.form
        self.own = _release(resolved, timestamp)  # the Kommune's elements (or the base form's, writing it)
        self.common = _release(resolved.base, timestamp) if base and resolved.base else self.own
        self.base = base  # None: this is the base form
        self.contents: dict[Key, Content] = {}
        self.settled: dict[int, Content] = {}  # finished elements' contents (the elements live as long as the writer)
        self.placed = {placed.name: placed for placed in walk(resolved.form)}
        self.pointers: dict[str, tuple[ET.Element, str, str]] = {}  # pointer → (element, kind, anzahl)
        self.schema_identity = (self._own_id("S"), self.own.xdf_version)
        self.steckbrief_identity = (self._own_id("D"), self.own.xdf_version)

    # --- ids -------------------------------------------------------------------------------------

    def _own_id(self, letter: str, *key: str) -> str:
        return element_id(letter, self.resolved.kommune_id, self.form.id, *key)

    def _common_id(self, key: Key) -> str:
        return element_id(key[0], self.form.id, *key[1:])

    def _settle(self, element: ET.Element, key: Key) -> None:
        """Keep the base's id, version and dates if ``element`` is exactly the base's, else make it
        the Kommune's own variant."""
        content = _content(element, self.settled)
        if self.base is None:
            self.contents[key] = content
        elif self.base.get(key) != content:
            derived = (self._common_id(key), self.common.xdf_version) if key in self.base else None
            restamp(element, self._own_id(*key), self.own, derived)
            content = _content(element, self.settled)
        self.settled[id(element)] = content  # final: a group holding it compares it without walking it again

    # --- messages --------------------------------------------------------------------------------

    def message(self) -> ET.Element:
        root = ET.Element(q("xdatenfelder.stammdatenschema.0102"))
        self._header(root, "stammdatenschema")
        schema = sub(root, "stammdatenschema")
        self._general(schema, self.schema_identity, self.form.title.get("de", self.form.id), self.own,
                      list(self.form.bezug), self.form.description)
        sub(schema, "bezeichnung", latin(self.form.title.get("de", self.form.id)))
        if self.form.description:
            sub(schema, "hilfetext", latin(self.form.description.get("de")))
        sub_code(schema, "ableitungsmodifikationenStruktur", "0")
        sub_code(schema, "ableitungsmodifikationenRepraesentation", "0")
        identification(schema, "dokumentsteckbrief", *self.steckbrief_identity)
        self.pointers[""] = (schema, "stammdatenschema", "1:1")
        self._structures(schema, [p for p in self.placed.values() if "." not in p.name], "")
        return root

    def steckbrief_message(self) -> ET.Element:
        root = ET.Element(q("xdatenfelder.dokumentsteckbrief.0101"))
        self._header(root, "dokumentsteckbrief")
        steckbrief = sub(root, "dokumentsteckbrief")
        title = self.form.title.get("de", self.form.id)
        self._general(steckbrief, self.steckbrief_identity, title, self.own, list(self.form.bezug),
                      self.form.description)
        sub(steckbrief, "istAbstrakt", "false")
        sub_code(steckbrief, "dokumentart", DOKUMENTART, listVersionID=DOKUMENTART_LIST_VERSION)
        sub(steckbrief, "bezeichnung", latin(title))
        if self.form.description:
            sub(steckbrief, "hilfetext", latin(self.form.description.get("de")))
        return root

    def _header(self, root: ET.Element, kind: str) -> None:
        header = sub(root, "header")
        key = f"{self.resolved.kommune_id}/{self.form.id}/{self.form.version}"
        sub(header, "nachrichtID", str(uuid.uuid5(uuid.NAMESPACE_URL, f"kitaforms:xdf3:{kind}:{key}")))
        sub(header, "erstellungszeitpunkt", self.own.stamp)
        sub(header, "produktbezeichnung", PRODUCT)
        sub(header, "produkthersteller", PRODUCT)

    def _general(self, node: ET.Element, identity: tuple[str, str], name: str, release: Release,
                 bases: list[LegalBasis], description: dict[str, str] | None = None) -> None:
        """``AllgemeineAngaben`` up to ``letzteAenderung``: identity, name, description, legal bases, status."""
        identification(node, "identifikation", *identity)
        sub(node, "name", latin(name))
        if description:
            sub(node, "beschreibung", latin(description.get("de")))
        bezug(node, bases)
        node.extend(release.status_block())

    def mapping(self) -> dict[str, Any]:
        """``xdf3-mapping.json``: JSON pointer → id and version of the element that holds the value."""
        pointers = {}
        for pointer, (element, kind, anzahl) in self.pointers.items():
            ident = element.find(q("identifikation"))
            entry = {"element": kind, "id": ident.findtext(q("id")), "version": ident.findtext(q("version")),  # type: ignore[union-attr]
                     "anzahl": anzahl}
            for objekt in element.iterfind(f"{q('relation')}/{q('objekt')}"):
                if objekt.find(q("version")) is not None:  # the base element a Kommune's variant comes from
                    entry["derived_from"] = {"id": objekt.findtext(q("id")), "version": objekt.findtext(q("version"))}
            pointers[pointer] = entry
        return {"format": MAPPING_FORMAT, "form": {"id": self.form.id, "version": self.form.version},
                "kommune": self.resolved.kommune_id, "file": FILE, "pointers": pointers}

    # --- structure -------------------------------------------------------------------------------

    def _structures(self, parent: ET.Element, children: list[Placed], pointer: str) -> None:
        for placed in children:
            if placed.element.type == "info":
                continue
            struktur = sub(parent, "struktur")
            anzahl = self._multiplicity(placed)
            sub(struktur, "anzahl", anzahl)
            contains = sub(struktur, "enthaelt")
            here = f"{pointer}/{placed.element.id}" + ("/*" if _is_list(placed.element) else "")
            if isinstance(placed.element, (GroupElement, RepeatElement)):
                element, kind = self._group(contains, placed, here), "datenfeldgruppe"
            elif placed.element.type == "ranked_choice":
                element, kind = self._ranked(contains, placed, here), "datenfeldgruppe"
            else:
                element, kind = self._field(sub(contains, "datenfeld"), placed), "datenfeld"
            self.pointers[here] = (element, kind, anzahl)

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

    def _bases(self, placed: Placed) -> list[LegalBasis]:
        """The element's own legal bases, else those of the nearest enclosing group that has some."""
        parts = placed.name.split(".")
        for length in range(len(parts), 0, -1):
            own = self.placed[".".join(parts[:length])].element.bezug
            if own is not None:
                return list(own)
        return []

    def _element_header(self, node: ET.Element, key: Key, placed: Placed, name: str | None = None) -> None:
        element = placed.element
        label = name or (element.label or {}).get("de", element.id)
        bases = self._bases(placed)
        self._general(node, (self._common_id(key), self.common.xdf_version), label, self.common, bases)
        if element.fim_id and name is None:
            node.append(relation("ABL", element.fim_id))
        sub(node, "bezeichnungEingabe", latin(label))
        kind = "HAR" if element.fim_id and name is None else "RNG" if bases else "ABS"
        sub_code(node, "schemaelementart", kind)
        hint = element.hint or element.help
        if hint and name is None:
            sub(node, "hilfetextEingabe", latin(hint.get("de")))

    def _group(self, node: ET.Element, placed: Placed, pointer: str) -> ET.Element:
        group = sub(node, "datenfeldgruppe")
        self._element_header(group, ("G", placed.name), placed)
        self._rules(group, placed)
        element: Any = placed.element
        children = [self.placed[f"{placed.name}.{child.id}"] for child in element.elements]
        self._structures(group, children, pointer)
        self._settle(group, ("G", placed.name))
        return group

    def _ranked(self, node: ET.Element, placed: Placed, pointer: str) -> ET.Element:
        """A ranked choice: a repeated group of the picked code and its reasons."""
        group = sub(node, "datenfeldgruppe")
        self._element_header(group, ("G", placed.name), placed)
        self._rules(group, placed)
        struktur = sub(group, "struktur")
        sub(struktur, "anzahl", "1:1")
        code = self._simple_field(sub(sub(struktur, "enthaelt"), "datenfeld"), placed, "code", "Auswahl",
                                  self._pick_values(placed))
        self.pointers[f"{pointer}/code"] = (code, "datenfeld", "1:1")
        element: Any = placed.element
        if element.reasons:
            reasons = self.resolved.form.code_lists.get(element.reasons, [])
            struktur = sub(group, "struktur")
            anzahl = f"0:{max(len(reasons), 1)}"
            sub(struktur, "anzahl", anzahl)
            values = [(o.code, o.label.get("de", o.code), None) for o in reasons]
            field = self._simple_field(sub(sub(struktur, "enthaelt"), "datenfeld"), placed, "reasons", "Begruendung",
                                       values)
            self.pointers[f"{pointer}/reasons/*"] = (field, "datenfeld", anzahl)
        self._settle(group, ("G", placed.name))
        return group

    def _pick_values(self, placed: Placed) -> list[tuple[str, str, str | None]]:
        element: Any = placed.element
        if element.catalogue == "einrichtungen" and self.resolved.facilities:
            return [(f.id, f.name, f.traeger) for f in self.resolved.facilities.facilities]
        return [(o.code, o.label.get("de", o.code), None) for o in options_of(self.resolved, element) or []]

    def _simple_field(self, node: ET.Element, placed: Placed, suffix: str, name: str,
                      values: list[tuple[str, str, str | None]]) -> ET.Element:
        key = ("F", f"{placed.name}.{suffix}")
        self._element_header(node, key, placed, name)
        sub_code(node, "feldart", "select")
        sub_code(node, "datentyp", "text")
        sub_code(node, "vorbefuellung", "keine")
        self._values(node, values)
        self._settle(node, key)
        return node

    def _field(self, node: ET.Element, placed: Placed) -> ET.Element:
        element: Any = placed.element
        self._element_header(node, ("F", placed.name), placed)
        kind = element.type
        art = "select" if kind in ("choice", "multichoice") else "locked" if kind == "computed" else "input"
        sub_code(node, "feldart", art)
        sub_code(node, "datentyp", _COMPUTED[element.value_type] if kind == "computed" else _DATATYPES[kind])
        self._precision(node, element)
        if element.type == "declaration" and element.body:
            sub(node, "inhalt", latin(element.body.get("de")))
        sub_code(node, "vorbefuellung", "keine")
        if kind in ("choice", "multichoice"):
            options = options_of(self.resolved, element) or []
            self._values(node, [(o.code, o.label.get("de", o.code), (o.hint or {}).get("de")) for o in options])
        self._rules(node, placed)
        if kind == "file":
            sub(node, "maxSize", str(int(element.max_size_mb * 1024 * 1024)))
            for media_type in element.accept:
                sub(node, "mediaType", media_type)
        self._settle(node, ("F", placed.name))
        return node

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
            sub(node, "praezisierung", **attributes)

    def _values(self, node: ET.Element, values: list[tuple[str, str, str | None]]) -> None:
        if not values:
            return
        werte = sub(node, "werte")
        for value, name, hint in values:
            wert = sub(werte, "wert")
            sub(wert, "code", value)
            sub(wert, "name", latin(name))
            if hint:
                sub(wert, "hilfe", latin(hint))

    # --- rules -----------------------------------------------------------------------------------

    def _rules(self, node: ET.Element, placed: Placed) -> None:
        element: Any = placed.element
        rules: list[tuple[str, str, str, dict[str, str] | None, list[LegalBasis]]] = []
        if element.visible_if:
            rules.append(("K", "Sichtbarkeit", element.visible_if, None, []))
        if getattr(element, "required_if", None):
            rules.append(("M", "Pflicht unter Bedingung", element.required_if, None, []))
        for index, validation in enumerate(getattr(element, "validations", []), 1):
            rules.append(("V", f"Pruefung {index}", validation.rule, dict(validation.message), validation.bezug or []))
        if element.type == "computed":
            rules.append(("B", "Berechnung", element.expression, None, []))
        for number, (kind, name, expression, message, bases) in enumerate(rules, 1):
            self._rule(node, placed, str(number), kind, name, expression, message, bases)

    def _rule(self, node: ET.Element, placed: Placed, number: str, kind: str, name: str, expression: str,
              message: dict[str, str] | None, bases: list[LegalBasis]) -> None:
        key = ("R", placed.name, number)
        regel = sub(node, "regel")
        identification(regel, "identifikation", self._common_id(key), self.common.xdf_version)
        sub(regel, "name", latin(f"{name}: {placed.name}"))
        sub(regel, "freitextRegel", latin(expression))
        bezug(regel, bases)
        sub(regel, "letzteAenderung", self.common.stamp)
        sub_code(regel, "typ", kind)
        sub(regel, "skript", f"kitaforms: {expression}")
        if message:
            sub(regel, "fehler", latin(message.get("de")), code=number)
        self._settle(regel, key)


def _is_list(element: Any) -> bool:
    """Whether the submission holds a list of values for the element (each entry: ``…/*``)."""
    kind = element.type
    return kind in ("repeat", "ranked_choice", "multichoice") or (kind == "file" and element.max_files > 1)
