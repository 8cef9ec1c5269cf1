"""`kitaforms graph`: an SVG flow diagram of steps and conditions, in German, built as data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from editor_support import CORPUS, mini_project, run

from kitaforms.compiler import compile_project
from kitaforms.editor.graph import form_graph

NS = {"svg": "http://www.w3.org/2000/svg"}


def graph_of(root: Path, key: str) -> ET.Element:
    svg = form_graph(compile_project(root).forms[key])
    return ET.fromstring(svg)


def texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text")]


def test_steps_questions_and_conditions_in_german(tmp_path: Path) -> None:
    svg = graph_of(mini_project(tmp_path / "p"), "musterstadt/anmeldung")
    lines = texts(svg)
    assert "Schritt 1: Ihr Kind" in lines
    assert "• Staatsangehörigkeit (Text)" in [line.strip() for line in lines]  # inserted by the overlay
    assert any("nur wenn „Sorgerecht“ ist „Gemeinsam“" in line for line in lines)
    assert svg.find("svg:title", NS) is not None and svg.get("role") == "img"


def test_a_step_condition_is_a_diamond_with_yes_and_no(tmp_path: Path) -> None:
    case = (CORPUS / "never_shown_contradiction.yaml").read_text(encoding="utf-8")
    svg = graph_of(mini_project(tmp_path / "p", {"forms/nrw/widerspruch.yaml": case}), "nrw/widerspruch")
    assert len(svg.findall(".//svg:polygon", NS)) == 1
    assert {"ja", "nein"} <= set(texts(svg))
    assert "„Sorgerecht“ ist „Allein“" in texts(svg)


def test_no_external_references_and_deterministic(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    resolved = compile_project(root).forms["nrw/anmeldung"]
    first, second = form_graph(resolved), form_graph(resolved)
    assert first == second
    assert "href" not in first and "http://" not in first.replace("http://www.w3.org/2000/svg", "")


def test_cli_writes_the_file(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    result = run(["graph", "anmeldung", "--kommune", "musterstadt", "--out", "anmeldung.svg"], root)
    assert result.exit_code == 0
    ET.parse(root / "anmeldung.svg")
    unknown = run(["graph", "nichtda"], root)
    assert unknown.exit_code == 2 and "nrw/anmeldung" in unknown.output
