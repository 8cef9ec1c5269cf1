"""The towns and postcodes a Kommune serves (``zustaendigkeit:`` in kommune.yaml): located errors with stable
codes, and the file the portal's finder reads (never part of a form's contract)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from core_support import KOMMUNE, compile_with, copy_fixture, where

from kitaforms.compiler import CompileResult
from kitaforms.export.area import NAME, area_document
from kitaforms.export.bundle import kommune_files, kommune_forms
from kitaforms.export.formdata import form_data

MUSTER = (Path(__file__).resolve().parents[1] / "fixtures" / "mini" / KOMMUNE).read_text(encoding="utf-8")
AREA = """zustaendigkeit:
  quelle: "Testdaten"
  gemeinden:
    - {ags: "05999004", name: Musterdorf, postleitzahlen: ["12345", "12346"]}
    - {ags: "05999008", name: Beispielhausen, postleitzahlen: ["12347"]}
  eigene_jugendaemter:
    - {ags: "05999012", name: Großstadt, postleitzahlen: ["12350"], jugendamt: Jugendamt der Stadt Großstadt}
  nachbarorte:
    - {name: Nebenort, postleitzahlen: ["12347"]}
"""
NEIGHBOUR = """id: nachbarkreis
name: Nachbarkreis (Testdaten)
ags: "05998000"
barrierefreiheit_stand: 2026-11-23
jugendamt: {name: Jugendamt Nachbarkreis}
datenschutz: {name: Datenschutzbeauftragte}
forms: [anmeldung]
"""


def area_codes(result: CompileResult) -> list[str]:
    return [where(d) for d in result.diagnostics.sorted() if d.code.startswith("GEBIET")]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path / "p")


def test_a_valid_declaration_passes_and_is_no_part_of_form_json(project: Path) -> None:
    result = compile_with(project, {KOMMUNE: MUSTER + AREA})
    assert area_codes(result) == []
    resolved = result.forms["musterstadt/anmeldung"]
    assert "zustaendigkeit" not in form_data(resolved)["kommune"], "the towns are the portal's, not the form's contract"
    files = {str(path): content for kommune, forms in kommune_forms(result)
             for path, content in kommune_files(kommune, forms, result.satzungen, "https://x.example")}
    document = json.loads(files[f"05999000-musterstadt/{NAME}"])
    assert document["kommune"] == {"id": "musterstadt", "name": "Stadt Musterstadt (Testdaten)", "ags": "05999000",
                                   "jugendamt": "Jugendamt Musterstadt"}
    assert [t["name"] for t in document["gemeinden"]] == ["Musterdorf", "Beispielhausen"]
    assert document["eigene_jugendaemter"][0]["jugendamt"] == "Jugendamt der Stadt Großstadt"


def test_without_a_declaration_there_is_no_file() -> None:
    from kitaforms.model.kommune import Kommune

    kommune = Kommune.model_validate({"id": "x", "name": "X", "ags": "05999000", "jugendamt": {"name": "J"},
                                      "datenschutz": {"name": "D"}})
    assert area_document(kommune) is None


def test_a_postcode_claimed_twice_for_the_same_town_is_located_in_the_second_file(project: Path) -> None:
    twice = NEIGHBOUR.replace('"05998000"', '"05999000"') + """zustaendigkeit:
  quelle: Testdaten
  gemeinden:
    - {ags: "05999016", name: Musterdorf, postleitzahlen: ["12399", "12345"]}
"""
    result = compile_with(project, {KOMMUNE: MUSTER + AREA, "forms/nachbarkreis/kommune.yaml": twice})
    assert area_codes(result) == ["GEBIET_001 forms/nachbarkreis/kommune.yaml:11:69"]
    message = next(d for d in result.diagnostics if d.code == "GEBIET_001").message
    assert "12345 of Musterdorf is already claimed by `musterstadt`" in message


def test_one_postcode_for_two_towns_is_no_error(project: Path) -> None:
    shared = AREA.replace('postleitzahlen: ["12347"]}\n  eigene', 'postleitzahlen: ["12345"]}\n  eigene')
    assert area_codes(compile_with(project, {KOMMUNE: MUSTER + shared})) == []


def test_a_town_served_by_two_kommunen(project: Path) -> None:
    twice = NEIGHBOUR.replace('"05998000"', '"05999000"') + """zustaendigkeit:
  quelle: Testdaten
  gemeinden:
    - {ags: "05999004", name: Musterdorf-Süd, postleitzahlen: ["12399"]}
"""
    result = compile_with(project, {KOMMUNE: MUSTER + AREA, "forms/nachbarkreis/kommune.yaml": twice})
    assert area_codes(result) == ["GEBIET_002 forms/nachbarkreis/kommune.yaml:11:13"]


@pytest.mark.parametrize(("ags", "says"), [
    ('"99999004"', "99 is no Land"),
    ('"05998004"', "it lies in the Kreis 05998, not in the Kommune's 05999"),
    ('"05999000"', None),  # the Kommune's own key: a kreisfreie Stadt serves itself
])
def test_an_ags_outside_the_kommune(project: Path, ags: str, says: str | None) -> None:
    result = compile_with(project, {KOMMUNE: MUSTER + AREA.replace('"05999008"', ags)})
    found = [d for d in result.diagnostics if d.code == "GEBIET_003"]
    if says is None:
        assert found == []
        return
    assert [where(d) for d in found] == ["GEBIET_003 forms/musterstadt/kommune.yaml:16:13"]
    assert says in found[0].message


def test_a_kreis_key_is_no_town(project: Path) -> None:
    """A town with its own Jugendamt (its Kommune's AGS is the town's, e.g. Lippstadt 05974028) cannot serve the Kreis."""
    town = MUSTER.replace('ags: "05999000"', 'ags: "05999004"') + AREA.replace('"05999008"', '"05999000"')
    found = [d for d in compile_with(project, {KOMMUNE: town}).diagnostics if d.code == "GEBIET_003"]
    assert len(found) == 1 and "it is the key of a Kreis, not of a town" in found[0].message


@pytest.mark.parametrize(("codes", "says"), [
    ('["00123"]', "00123 is not a German postcode"),
    ('["12345", "12346", "12345"]', "the postcode 12345 is listed twice"),
])
def test_invalid_postcodes(project: Path, codes: str, says: str) -> None:
    result = compile_with(project, {KOMMUNE: MUSTER + AREA.replace('["12345", "12346"]', codes)})
    found = [d for d in result.diagnostics if d.code == "GEBIET_004"]
    assert len(found) == 1 and says in found[0].message and found[0].location.file == KOMMUNE


def test_a_malformed_ags_is_refused_by_the_model(project: Path) -> None:
    result = compile_with(project, {KOMMUNE: MUSTER + AREA.replace('"05999004"', '"5999004"')})
    assert [d.code for d in result.diagnostics if d.is_error] == ["FORM_003"]


def test_an_unknown_kommune_for_a_town_with_its_own_jugendamt(project: Path) -> None:
    named = AREA.replace("jugendamt: Jugendamt der Stadt Großstadt}", "jugendamt: Jugendamt der Stadt Großstadt, kommune: nachbarkreiss}")
    result = compile_with(project, {KOMMUNE: MUSTER + named, "forms/nachbarkreis/kommune.yaml": NEIGHBOUR})
    found = [d for d in result.diagnostics if d.code == "GEBIET_005"]
    assert [where(d) for d in found] == ["GEBIET_005 forms/musterstadt/kommune.yaml:18:120"]
    assert found[0].hint == "did you mean `nachbarkreis`?"
    ok = AREA.replace("jugendamt: Jugendamt der Stadt Großstadt}", "jugendamt: Jugendamt der Stadt Großstadt, kommune: nachbarkreis}")
    assert area_codes(compile_with(project, {KOMMUNE: MUSTER + ok})) == []


def test_the_shipped_declarations_are_clean() -> None:
    """Every shipped Kommune declares its towns (tools/zustaendigkeit.py), Kreis Soest marked as sample data."""
    from kitaforms.compiler import compile_project

    root = Path(__file__).resolve().parents[2]
    result = compile_project(root)
    assert area_codes(result) == []
    kommunen = {k.id: k for k in (s.kommune.model for s in result.project.kommunen.values() if s.kommune)}
    assert all(k.zustaendigkeit is not None for k in kommunen.values())
    soest = kommunen["kreis_soest"].zustaendigkeit
    assert soest is not None and soest.beispieldaten and soest.hinweis and "nicht geprüft" in soest.hinweis["de"]
    assert {t.name for t in soest.eigene_jugendaemter} == {"Lippstadt", "Soest"}
    assert "Werl" in {t.name for t in soest.gemeinden} and len(soest.gemeinden) == 12
    koeln = kommunen["koeln"].zustaendigkeit
    assert koeln is not None and not koeln.beispieldaten and koeln.gemeinden[0].ags == "05315000"
    assert "ODbL" in koeln.quelle and "Deutscher Wetterdienst" in koeln.quelle
