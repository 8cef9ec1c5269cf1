"""xdf3.xml: valid against the official XDatenfelder 3.0.0 XSD; stable ids; Latin texts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
import xmlschema

from kitaforms.export.xdf3 import NAMESPACE, element_id, form_xdf3, latin

from .conftest import ROOT, STANDARDS

XSD = STANDARDS / "xdatenfelder-3.0.0" / "xdatenfelder.xsd"
NS = {"xdf": NAMESPACE}


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD))


def test_the_shipped_xsd_is_the_official_copy() -> None:
    shared = ROOT.parent / "shared" / "reference" / "standards" / "xdatenfelder-3.0.0"
    if not shared.is_dir():
        pytest.skip("shared/ is not beside the repository")
    for path in shared.glob("*.xsd"):
        assert (XSD.parent / path.name).read_bytes() == path.read_bytes(), path.name


def test_every_bundle_validates_against_the_xsd(bundle_sets, xsd: xmlschema.XMLSchema) -> None:
    for bundle in bundle_sets:
        errors = list(xsd.iter_errors(bundle.files["xdf3.xml"].decode("utf-8")))
        assert not errors, (bundle, str(errors[0])[:500] if errors else "")


def test_structure_follows_the_submission(allfields) -> None:
    root = ET.fromstring(allfields.files["xdf3.xml"])
    assert root.tag == f"{{{NAMESPACE}}}xdatenfelder.stammdatenschema.0102"
    schema = root.find("xdf:stammdatenschema", NS)
    assert schema.findtext("xdf:identifikation/xdf:version", namespaces=NS) == "2.1.0"
    names = [s.findtext("xdf:enthaelt/*/xdf:bezeichnungEingabe", namespaces=NS) for s in schema.findall("xdf:struktur", NS)]
    assert names[:3] == ["Art der Anmeldung", "Bisherige Einrichtung", "Aktenzeichen"]
    counts = {s.findtext("xdf:enthaelt/*/xdf:bezeichnungEingabe", namespaces=NS): s.findtext("xdf:anzahl", namespaces=NS)
              for s in schema.findall("xdf:struktur", NS)}
    assert counts["Art der Anmeldung"] == "1:1"
    assert counts["Bisherige Einrichtung"] == "0:1", "required only when shown"
    assert counts["Geschwister"] == "0:3"
    assert counts["Zusatzleistungen"] == "0:2"


def test_fields_carry_type_limits_values_and_rules(allfields) -> None:
    root = ET.fromstring(allfields.files["xdf3.xml"])
    fields = {f.findtext("xdf:bezeichnungEingabe", namespaces=NS): f for f in root.iter(f"{{{NAMESPACE}}}datenfeld")}
    stunden = fields["Wochenstunden"]
    assert stunden.findtext("xdf:datentyp/code", namespaces=NS) == "num_int"
    assert stunden.find("xdf:praezisierung", NS).attrib == {"minValue": "25", "maxValue": "45"}
    art = fields["Art der Anmeldung"]
    assert art.findtext("xdf:feldart/code", namespaces=NS) == "select"
    assert [w.findtext("xdf:code", namespaces=NS) for w in art.findall("xdf:werte/xdf:wert", NS)] == ["neu", "wechsel"]
    rules = fields["Geburtsdatum"].findall("xdf:regel", NS)
    assert rules[0].findtext("xdf:typ/code", namespaces=NS) == "V"
    assert rules[0].findtext("xdf:fehler", namespaces=NS) == "Das Datum liegt in der Zukunft."
    nachweis = fields["Nachweis"]
    assert [m.text for m in nachweis.findall("xdf:mediaType", NS)] == ["application/pdf", "image/png"]
    assert nachweis.findtext("xdf:maxSize", namespaces=NS) == str(1024 * 1024)
    aktenzeichen = fields["Aktenzeichen"]
    assert aktenzeichen.findtext("xdf:relation/xdf:objekt/xdf:id", namespaces=NS) == "F60000227"
    assert aktenzeichen.findtext("xdf:schemaelementart/code", namespaces=NS) == "HAR"


def test_ids_are_unique_and_stable(allfields, compiled) -> None:
    root = ET.fromstring(allfields.files["xdf3.xml"])
    ids = [i.text for i in root.iter(f"{{{NAMESPACE}}}id") if i.text and i.text[0] in "FGR"]
    assert len(ids) == len(set(ids))
    assert element_id("F", "antrag", "kind.vorname") in ids
    again = form_xdf3(compiled["allfields"].forms["teststadt/antrag"], datetime(2026, 1, 1, tzinfo=UTC))
    assert again == allfields.files["xdf3.xml"]


def test_latin_keeps_german_and_replaces_typography() -> None:
    assert latin("Testantrag „Alle Felder“ – Größe 5 €") == 'Testantrag "Alle Felder" - Größe 5 €'
    assert latin("emoji 🙂 weg") == "emoji  weg"


def test_texts_fit_string_latin(allfields, xsd: xmlschema.XMLSchema) -> None:
    text = allfields.files["xdf3.xml"].decode("utf-8")
    assert "„" not in text and "“" not in text and "–" not in text
    assert "Testantrag &quot;Alle Felder&quot;" in text or 'Testantrag "Alle Felder"' in text


def test_xsd_copy_is_complete() -> None:
    assert sorted(p.name for p in Path(XSD.parent).glob("*.xsd")) == [
        "latinchars.xsd", "xdatenfelder-baukasten.xsd", "xdatenfelder-datentypen.xsd", "xdatenfelder.xsd",
        "xdatenfelder_verzeichnis.xsd", "xoev-code.xsd",
    ]
