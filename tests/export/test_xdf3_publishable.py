"""XDatenfelder 3 that a FIM tool could publish, checked on every bundle of a fresh build of the
repository (into a temporary folder) and of the fixture projects:

* one id and version stand for one content, across all bundles (a Kommune's variant has its own id);
* an element is bound to a legal norm (``RNG``) exactly when it names its legal basis (``bezug``);
* status and dates come from the form's ``released`` date, never a placeholder;
* the Dokumentsteckbrief is shipped and listed in the manifest;
* ``xdf3-mapping.json`` names the element of every answer of every valid example;
* every XML file — also of the releases committed under ``exports/`` — passes **xmllint** against
  the official XSD (libxml2, an implementation independent of the xmlschema library).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kitaforms.cli import cli
from kitaforms.compiler import compile_project
from kitaforms.export._json import loads
from kitaforms.export.xdf3 import MAPPING_FILE, NAMESPACE, STECKBRIEF_FILE, form_xdf3_files
from kitaforms.serve.catalogue import read_tree

from .conftest import PROJECTS, ROOT, STANDARDS, BuiltBundle, split_bundles

XSD = STANDARDS / "xdatenfelder-3.0.0" / "xdatenfelder.xsd"
NS = {"xdf": NAMESPACE}
ELEMENTS = {f"{{{NAMESPACE}}}{name}" for name in ("stammdatenschema", "dokumentsteckbrief", "datenfeldgruppe",
                                                   "datenfeld", "regel")}
DRAFT_STAMP = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> list[BuiltBundle]:
    """Every bundle of the repository's forms, built by `kitaforms build` into a temporary folder."""
    if not compile_project(ROOT).ok():
        pytest.skip("forms/ has definition errors (work in progress): `kitaforms validate` reports them")
    project = tmp_path_factory.mktemp("repository")  # a copy, so the build's cache stays in it too
    for folder in ("forms", "satzungen"):
        shutil.copytree(ROOT / folder, project / folder)
    result = CliRunner().invoke(cli, ["build", "--project", str(project), "--no-progress", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return split_bundles("repository", read_tree(project / "exports"))


@pytest.fixture(scope="module")
def projects(repository: list[BuiltBundle], built: dict[str, dict[str, bytes]]) -> dict[str, list[BuiltBundle]]:
    """Each project's bundles; ids are unique within one project (one NRW base), not across them."""
    return {"repository": repository, **{name: split_bundles(name, files) for name, files in built.items()}}


def _elements(bundle: BuiltBundle) -> list[ET.Element]:
    found = []
    for name in ("xdf3.xml", STECKBRIEF_FILE):
        if name in bundle.files:  # releases made before the Dokumentsteckbrief was shipped lack it
            root = ET.fromstring(bundle.files[name])
            found += [e for e in root.iter() if e.tag in ELEMENTS and e.find("xdf:identifikation", NS) is not None]
    return found


def _identity(element: ET.Element) -> tuple[str, str]:
    return (element.findtext("xdf:identifikation/xdf:id", namespaces=NS) or "",
            element.findtext("xdf:identifikation/xdf:version", namespaces=NS) or "")


def _content(element: ET.Element) -> bytes:
    """The element without the indentation, which depends on where it stands."""
    copy = ET.fromstring(ET.tostring(element))
    for node in copy.iter():
        node.text = node.text.strip() if node.text and not node.text.strip() else node.text
        node.tail = None
    return ET.tostring(copy)


def _contents(bundles: list[BuiltBundle]) -> dict[tuple[str, str], dict[bytes, str]]:
    seen: dict[tuple[str, str], dict[bytes, str]] = {}
    for bundle in bundles:
        for element in _elements(bundle):
            seen.setdefault(_identity(element), {}).setdefault(_content(element), repr(bundle))
    return seen


def test_one_id_and_version_is_one_content_in_all_bundles(projects: dict[str, list[BuiltBundle]]) -> None:
    for name, bundles in projects.items():
        clashes = {key: list(found.values()) for key, found in _contents(bundles).items() if len(found) > 1}
        assert not clashes, (name, sorted(clashes.items())[:5])


def test_kommune_variants_have_their_own_id_derived_from_the_base(projects: dict[str, list[BuiltBundle]]) -> None:
    (bundle,) = projects["mini"]  # musterstadt's overlay gives kind.vorname a hint and inserts a field
    pointers = bundle.json(MAPPING_FILE)["pointers"]
    base = form_xdf3_files(compile_project(PROJECTS["mini"]).forms["nrw/anmeldung"], DRAFT_STAMP).files[MAPPING_FILE]
    base_pointers = loads(base)["pointers"]
    vorname = pointers["/kind/vorname"]
    assert vorname["id"] != base_pointers["/kind/vorname"]["id"]
    assert vorname["derived_from"] == {"id": base_pointers["/kind/vorname"]["id"], "version": "1.0.0"}
    assert pointers["/kind"]["derived_from"]["id"] == base_pointers["/kind"]["id"], "a group with a changed field changes"
    assert "derived_from" not in pointers["/kind/staatsangehoerigkeit"], "the Kommune's own field has no base"
    assert pointers["/kind/geburtsdatum"] == base_pointers["/kind/geburtsdatum"], "unchanged: the base's id and version"


def test_new_releases_do_not_reuse_an_archived_id_and_version(repository: list[BuiltBundle]) -> None:
    """A fresh build against every release committed under exports/: an id and version already
    published must mean the same content (fails until a changed form gets a new version)."""
    archived = _contents(split_bundles("exports", read_tree(ROOT / "exports")))
    fresh = _contents(repository)
    clashes = [key for key, found in fresh.items() if key in archived and set(found) != set(archived[key])]
    assert not clashes, f"{len(clashes)} ids and versions already published with another content, e.g. {clashes[:3]}"


def test_an_element_is_bound_to_a_norm_exactly_when_it_names_its_legal_basis(projects: dict[str, list[BuiltBundle]]) -> None:
    for bundles in projects.values():
        for bundle in bundles:
            for element in _elements(bundle):
                kind = element.findtext("xdf:schemaelementart/code", namespaces=NS)
                bases = [b.text for b in element.findall("xdf:bezug", NS)]
                if kind == "RNG":
                    assert bases and all(bases), (bundle, _identity(element))
                if kind == "ABS":
                    assert not bases, (bundle, _identity(element))


def test_the_nrw_forms_name_their_legal_bases(repository: list[BuiltBundle]) -> None:
    bundle = next(b for b in repository if "-koeln/anmeldung/" in b.folder)
    root = ET.fromstring(bundle.files["xdf3.xml"])
    assert [b.text for b in root.findall("xdf:stammdatenschema/xdf:bezug", NS)] == ["§ 5 KiBiz", "§ 24 SGB VIII"]
    fields = {_identity(e)[0]: e for e in root.iter(f"{{{NAMESPACE}}}datenfeld")}
    pointers = bundle.json(MAPPING_FILE)["pointers"]
    u1 = fields[pointers["/u1_gruende/*"]["id"]]
    assert [b.text for b in u1.findall("xdf:bezug", NS)] == ["§ 24 Abs. 1 SGB VIII"]
    birth = fields[pointers["/kind/geburtsdatum"]["id"]]
    assert [b.text for b in birth.findall("xdf:bezug", NS)] == ["§ 5 KiBiz", "§ 24 SGB VIII"], "the group's"
    kinds = [e.findtext("xdf:schemaelementart/code", namespaces=NS) for e in root.iter() if e.find("xdf:schemaelementart", NS) is not None]
    assert kinds.count("RNG") > 0.95 * len(kinds)
    einkommen = next(b for b in repository if "-koeln/einkommen/" in b.folder)
    satzung = ET.fromstring(einkommen.files["xdf3.xml"]).findall("xdf:stammdatenschema/xdf:bezug", NS)[-1]
    assert satzung.text.startswith("Satzung über die Erhebung von Elternbeiträgen der Stadt Köln")
    assert satzung.get("link", "").startswith("https://www.stadt-koeln.de/")


def test_status_and_dates_come_from_the_release(repository: list[BuiltBundle], allfields: BuiltBundle) -> None:
    """Every date is the day the Kommune's version or the NRW base's was released (the base's
    elements carry the base's); the repository's forms are all released."""
    compiled = compile_project(ROOT)
    for bundle in repository:
        form = bundle.json("form.json")["form"]
        base = compiled.forms[f"nrw/{form['id']}"].form.released
        days = {date.fromisoformat(form["released"]), base}
        for name in ("xdf3.xml", STECKBRIEF_FILE):
            stamp = ET.fromstring(bundle.files[name]).findtext("xdf:header/xdf:erstellungszeitpunkt", namespaces=NS)
            assert stamp == f"{form['released']}T00:00:00Z"
        for element in _elements(bundle):
            stamp = element.findtext("xdf:letzteAenderung", namespaces=NS) or ""
            assert stamp.endswith("T00:00:00Z") and date.fromisoformat(stamp[:10]) in days, (bundle, stamp)
            if element.find("xdf:freigabestatus", NS) is not None:
                assert element.findtext("xdf:freigabestatus/code", namespaces=NS) == "5", (bundle, _identity(element))
                assert element.findtext("xdf:gueltigAb", namespaces=NS) == stamp[:10]
                assert element.findtext("xdf:veroeffentlichungsdatum", namespaces=NS) == stamp[:10]
    root = ET.fromstring(allfields.files["xdf3.xml"])  # a form without `released` is a draft
    schema = root.find("xdf:stammdatenschema", NS)
    assert schema.findtext("xdf:freigabestatus/code", namespaces=NS) == "3"
    assert schema.find("xdf:gueltigAb", NS) is None


def test_the_dokumentsteckbrief_is_shipped_and_listed(projects: dict[str, list[BuiltBundle]]) -> None:
    for bundles in projects.values():
        for bundle in bundles:
            manifest = bundle.json("manifest.json")
            described = manifest["xdatenfelder"]
            listed = {entry["path"] for entry in manifest["files"]}
            assert {described["stammdatenschema"]["file"], described["dokumentsteckbrief"]["file"],
                    described["mapping"]} <= listed
            root = ET.fromstring(bundle.files[described["dokumentsteckbrief"]["file"]])
            assert root.tag == f"{{{NAMESPACE}}}xdatenfelder.dokumentsteckbrief.0101"
            steckbrief = _identity(root.find("xdf:dokumentsteckbrief", NS))
            schema = ET.fromstring(bundle.files["xdf3.xml"]).find("xdf:stammdatenschema", NS)
            referenced = (schema.findtext("xdf:dokumentsteckbrief/xdf:id", namespaces=NS),
                          schema.findtext("xdf:dokumentsteckbrief/xdf:version", namespaces=NS))
            assert steckbrief == referenced == (described["dokumentsteckbrief"]["id"],
                                                described["dokumentsteckbrief"]["version"])
            assert _identity(schema) == (described["stammdatenschema"]["id"], described["stammdatenschema"]["version"])


def test_the_mapping_names_the_element_of_every_answer(projects: dict[str, list[BuiltBundle]]) -> None:
    for bundles in projects.values():
        for bundle in bundles:
            mapping = bundle.json(MAPPING_FILE)["pointers"]
            ids = {_identity(e) for e in _elements(bundle)}
            assert all((entry["id"], entry["version"]) in ids for entry in mapping.values()), bundle
            examples = [path for path in bundle.files if path.startswith("examples/valid/")]
            assert examples
            for path in examples:
                unmapped = _unmapped(bundle.json(path), "", mapping)
                assert not unmapped, (bundle, path, unmapped)


def _unmapped(value: Any, pointer: str, mapping: dict[str, Any]) -> list[str]:
    """The pointers of the answers in ``value`` (standing at ``pointer``) the mapping does not name."""
    if pointer not in mapping:
        return [pointer]
    if mapping[pointer]["element"] == "datenfeld":
        return []  # a field's value, however it is shaped (a file answer is an object)
    entries = value if isinstance(value, list) else [value]  # a repeat or ranked choice: each entry
    return [p for entry in entries for key, answer in entry.items() for p in _unmapped(answer, _child(pointer, key, mapping), mapping)]


def _child(pointer: str, key: str, mapping: dict[str, Any]) -> str:
    here = f"{pointer}/{key}"
    return f"{here}/*" if f"{here}/*" in mapping else here


def test_every_xml_file_passes_xmllint(projects: dict[str, list[BuiltBundle]], tmp_path: Path) -> None:
    xmllint = shutil.which("xmllint")
    if xmllint is None:
        message = "xmllint is not installed; `make system-deps` installs Debian's libxml2-utils"
        if os.environ.get("CI"):
            pytest.fail(f"{message}. CI must check the XDatenfelder files with it.", pytrace=False)
        pytest.skip(message)
    paths = []
    committed = split_bundles("exports", read_tree(ROOT / "exports"))
    for bundles in [*projects.values(), committed]:
        for bundle in bundles:
            for name in ("xdf3.xml", STECKBRIEF_FILE) if STECKBRIEF_FILE in bundle.files else ("xdf3.xml",):
                path = tmp_path / bundle.origin / bundle.folder / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(bundle.files[name])
                paths.append(str(path))
    result = subprocess.run([xmllint, "--noout", "--schema", str(XSD), *paths], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.count(" validates") == len(paths)


def test_xmllint_rejects_what_the_xsd_forbids(tmp_path: Path) -> None:
    """The check above can fail: a version with two parts is not an XDatenfelder version."""
    xmllint = shutil.which("xmllint")
    if xmllint is None:
        pytest.skip("xmllint is not installed")
    bad = form_xdf3_files(compile_project(PROJECTS["mini"]).forms["musterstadt/anmeldung"], DRAFT_STAMP).files["xdf3.xml"]
    path = tmp_path / "bad.xml"
    path.write_bytes(bad.replace(b"<xdf:version>1.0.0</xdf:version>", b"<xdf:version>1.0</xdf:version>", 1))
    result = subprocess.run([xmllint, "--noout", "--schema", str(XSD), str(path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode != 0 and "fails to validate" in result.stderr

