"""xdf3: legal bases, releases and Kommune variants, on small inline projects (base form + overlay)."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kitaforms.compiler import compile_project
from kitaforms.export._json import loads
from kitaforms.export.xdf3 import MAPPING_FILE, NAMESPACE, form_xdf3_files

NS = {"xdf": NAMESPACE}
BUILD_TIME = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
BASE = """\
    id: antrag
    version: 2.0.0
    released: 2026-11-30
    title: Antrag
    bezug:
      - {norm: § 90 Abs. 4 SGB VIII, link: "https://www.gesetze-im-internet.de/sgb_8/__90.html"}
    steps:
      - id: eins
        title: Eins
        elements:
          - id: kind
            type: group
            label: Kind
            bezug: [§ 24 SGB VIII]
            elements:
              - id: name
                type: text
                label: Name
                required: true
              - id: sprache
                type: text
                label: Sprache (freiwillig)
                bezug: []
              - id: geburtsdatum
                type: date
                label: Geburtsdatum
                bezug: [§ 50 Abs. 1 KiBiz]
                validations:
                  - rule: wert <= heute()
                    message: In der Zukunft
                    bezug: [§ 5 KiBiz]
          - id: aktenzeichen
            type: text
            label: Aktenzeichen
            fim_id: F60000227
          - id: bemerkung
            type: text
            label: Bemerkung
"""
KOMMUNE = """\
    id: teststadt
    name: Stadt Teststadt
    ags: "05999001"
    jugendamt: {name: Jugendamt Teststadt, email: jugendamt@teststadt.example}
    datenschutz: {name: Datenschutz, email: datenschutz@teststadt.example}
    forms: [antrag]
"""


def _compile(tmp_path: Path, overlay: str | None = None, base: str = BASE) -> Any:
    (tmp_path / "forms" / "nrw").mkdir(parents=True)
    (tmp_path / "forms" / "teststadt").mkdir()
    (tmp_path / "forms" / "nrw" / "antrag.yaml").write_text(textwrap.dedent(base), encoding="utf-8")
    (tmp_path / "forms" / "teststadt" / "kommune.yaml").write_text(textwrap.dedent(KOMMUNE), encoding="utf-8")
    if overlay:
        (tmp_path / "forms" / "teststadt" / "antrag.yaml").write_text(textwrap.dedent(overlay), encoding="utf-8")
    result = compile_project(tmp_path)
    assert result.ok(), [str(d) for d in result.diagnostics]
    return result.forms["teststadt/antrag"]


def _export(resolved: Any) -> tuple[ET.Element, dict[str, Any]]:
    files = form_xdf3_files(resolved, BUILD_TIME).files
    return ET.fromstring(files["xdf3.xml"]), loads(files[MAPPING_FILE])["pointers"]


def _element(root: ET.Element, identifier: str) -> ET.Element:
    return next(e for e in root.iter() if e.findtext("xdf:identifikation/xdf:id", namespaces=NS) == identifier)


def _texts(element: ET.Element, path: str) -> list[str | None]:
    return [e.text for e in element.findall(path, NS)]


def test_legal_bases_are_written_inherited_and_decide_the_kind(tmp_path: Path) -> None:
    root, pointers = _export(_compile(tmp_path))
    schema = root.find("xdf:stammdatenschema", NS)
    assert schema.find("xdf:bezug", NS).attrib == {"link": "https://www.gesetze-im-internet.de/sgb_8/__90.html"}
    kinds = {}
    for pointer in ("/kind", "/kind/name", "/kind/sprache", "/kind/geburtsdatum", "/aktenzeichen", "/bemerkung"):
        element = _element(root, pointers[pointer]["id"])
        kinds[pointer] = (element.findtext("xdf:schemaelementart/code", namespaces=NS), _texts(element, "xdf:bezug"))
    assert kinds == {
        "/kind": ("RNG", ["§ 24 SGB VIII"]),
        "/kind/name": ("RNG", ["§ 24 SGB VIII"]),  # the group's
        "/kind/sprache": ("ABS", []),  # `bezug: []`: none, and not the group's
        "/kind/geburtsdatum": ("RNG", ["§ 50 Abs. 1 KiBiz"]),
        "/aktenzeichen": ("HAR", []),
        "/bemerkung": ("ABS", []),
    }
    rule = _element(root, pointers["/kind/geburtsdatum"]["id"]).find("xdf:regel", NS)
    assert _texts(rule, "xdf:bezug") == ["§ 5 KiBiz"]


def test_a_released_version_is_fachlich_freigegeben_from_its_day(tmp_path: Path) -> None:
    root, _ = _export(_compile(tmp_path))
    schema = root.find("xdf:stammdatenschema", NS)
    assert root.findtext("xdf:header/xdf:erstellungszeitpunkt", namespaces=NS) == "2026-11-30T00:00:00Z"
    assert {name: schema.findtext(f"xdf:{name}", namespaces=NS) for name in (
        "freigabestatus/code", "statusGesetztAm", "statusGesetztDurch", "gueltigAb", "veroeffentlichungsdatum",
        "letzteAenderung")} == {
        "freigabestatus/code": "5", "statusGesetztAm": "2026-11-30", "statusGesetztDurch": "Stadt Teststadt",
        "gueltigAb": "2026-11-30", "veroeffentlichungsdatum": "2026-11-30", "letzteAenderung": "2026-11-30T00:00:00Z"}
    field = root.find(".//xdf:datenfeld", NS)
    assert field.findtext("xdf:statusGesetztDurch", namespaces=NS) == "kitaforms NRW-Basisformular"
    assert "2026-03-04" not in ET.tostring(root, encoding="unicode"), "the build's clock does not show"


@pytest.mark.parametrize("header", ["version: 2.0.0", "version: 2.0.0-rc.1\n    released: 2026-11-30"])
def test_without_a_release_date_or_before_the_release_it_is_a_draft(tmp_path: Path, header: str) -> None:
    base = BASE.replace("version: 2.0.0\n    released: 2026-11-30", header)
    root, _ = _export(_compile(tmp_path, base=base))
    schema = root.find("xdf:stammdatenschema", NS)
    assert schema.findtext("xdf:freigabestatus/code", namespaces=NS) == "3"
    assert schema.find("xdf:gueltigAb", NS) is None
    assert schema.findtext("xdf:letzteAenderung", namespaces=NS) == "2026-03-04T05:06:07Z"
    assert schema.findtext("xdf:identifikation/xdf:version", namespaces=NS) == "2.0.0"


def test_a_kommune_variant_has_its_own_id_version_and_release(tmp_path: Path) -> None:
    overlay = """\
        extends: antrag
        version: 2.1.0
        released: 2026-12-01
        bezug: [Elternbeitragssatzung der Stadt Teststadt]
        changes:
          - set: kind.name
            properties: {label: Vor- und Familienname}
          - set: bemerkung
            properties: {bezug: [§ 3 der Elternbeitragssatzung]}
    """
    resolved = _compile(tmp_path, overlay)
    root, pointers = _export(resolved)
    _, base_pointers = _export(resolved.base)
    name, base_name = pointers["/kind/name"], base_pointers["/kind/name"]
    assert name["id"] != base_name["id"] and name["version"] == "2.1.0"
    assert name["derived_from"] == {"id": base_name["id"], "version": "2.0.0"}
    variant = _element(root, name["id"])
    assert variant.findtext("xdf:gueltigAb", namespaces=NS) == "2026-12-01"
    assert variant.findtext("xdf:statusGesetztDurch", namespaces=NS) == "Stadt Teststadt"
    assert _texts(variant, "xdf:relation/xdf:praedikat/code") == ["ABL"]
    assert pointers["/kind"]["version"] == "2.1.0", "the group holds the changed field"
    unchanged = pointers["/kind/geburtsdatum"]
    assert unchanged == base_pointers["/kind/geburtsdatum"] and unchanged["version"] == "2.0.0"
    assert _element(root, unchanged["id"]).findtext("xdf:gueltigAb", namespaces=NS) == "2026-11-30"
    assert _texts(root.find("xdf:stammdatenschema", NS), "xdf:bezug") == [
        "§ 90 Abs. 4 SGB VIII", "Elternbeitragssatzung der Stadt Teststadt"]
    remark = _element(root, pointers["/bemerkung"]["id"])
    assert (remark.findtext("xdf:schemaelementart/code", namespaces=NS), _texts(remark, "xdf:bezug")) == (
        "RNG", ["§ 3 der Elternbeitragssatzung"])
    assert pointers["/bemerkung"]["derived_from"] == {"id": base_pointers["/bemerkung"]["id"], "version": "2.0.0"}


def test_an_own_version_without_a_release_date_is_a_draft_of_the_kommune(tmp_path: Path) -> None:
    root, pointers = _export(_compile(tmp_path, "extends: antrag\nversion: 2.1.0\n"))
    schema = root.find("xdf:stammdatenschema", NS)
    assert schema.findtext("xdf:freigabestatus/code", namespaces=NS) == "3"
    assert schema.findtext("xdf:identifikation/xdf:version", namespaces=NS) == "2.1.0"
    base_field = _element(root, pointers["/kind/name"]["id"])  # unchanged: the base's release
    assert base_field.findtext("xdf:freigabestatus/code", namespaces=NS) == "5"
    assert base_field.findtext("xdf:identifikation/xdf:version", namespaces=NS) == "2.0.0"
