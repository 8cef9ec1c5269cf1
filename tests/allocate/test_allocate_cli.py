"""`kitaforms allocate`: what a clerk types and gets, on the shipped Köln sample (criteria, places, catalogue).

Exit codes: 0 allocated, 1 the definitions have errors, 2 an input file cannot be used.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from allocate_support import ROOT
from click.testing import CliRunner

from kitaforms.cli import cli
from kitaforms.compiler import compile_project

KITAS = ["k-kita-01", "k-kita-02", "k-kita-03", "k-kita-04", "k-kita-05"]


def registrations(count: int = 40, seed: int = 3) -> list[str]:
    rnd = random.Random(seed)
    lines = []
    for index in range(count):
        data: dict[str, Any] = {
            "betreuungsart": "kita", "beginn": "2026-08", "umfang_kita": rnd.choice(["25", "35", "45"]),
            "kind": {"geburtsdatum": f"{rnd.choice([2022, 2023])}-0{rnd.randint(1, 9)}-15", "plz": "50667"},
            "familiensituation": rnd.choice(["beide_eltern", "ein_elternteil"]), "sorgerecht": "gemeinsam",
            "person1": {"email": f"familie{index // 2 if index % 7 == 0 else index}@example.org"},
            "vermittlung": False, "andere_einrichtung_moeglich": True,
            "wuensche": [{"code": k, "reasons": []} for k in rnd.sample(KITAS, 3)],
        }
        lines.append(json.dumps({"reference": f"KF-T{index:03d}", "kommune": "koeln", "form": "anmeldung",
                                 "received_at": f"2026-01-{index % 28 + 1:02d}T08:00:00Z", "data": data}))
    return lines


def allocate(tmp_path: Path, *args: str, lines: list[str] | None = None, project: Path = ROOT) -> Any:
    source = tmp_path / "export.jsonl"
    if not source.exists():
        source.write_text("\n".join(lines or registrations()) + "\n", encoding="utf-8")
    return CliRunner().invoke(cli, ["allocate", "koeln", "--registrations", str(source), "--date", "2026-03-02",
                                    "--project", str(project), *args])


def test_the_shipped_allocation_files_are_clean() -> None:
    found = compile_project(ROOT, ["koeln", "muenster"]).diagnostics
    assert [d for d in found if d.code.startswith("VERGABE") or "vergabe" in str(d.location)] == []


def test_a_round_prints_the_table_and_writes_the_result(tmp_path: Path) -> None:
    result = allocate(tmp_path, "--out", str(tmp_path / "runde-1.json"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Vergaberunde 1 · Stadt Köln · 2026-03-02\n")
    assert "BEISPIELDATEN" in result.output and "Angebot         Vorgang" in result.output
    document = json.loads((tmp_path / "runde-1.json").read_text(encoding="utf-8"))
    assert document["format"] == "kitaforms-allocation/1" and document["report"]["registrations"] == 40
    assert document["inputs"]["criteria"]["file"] == "forms/koeln/vergabe.yaml"
    assert document["report"]["offers"] + document["report"]["unmatched"] == 40


def test_the_same_inputs_give_the_same_bytes_whatever_the_order_of_the_export(tmp_path: Path) -> None:
    shuffled = registrations()
    random.Random(9).shuffle(shuffled)
    outputs = []
    for name, lines in (("a", registrations()), ("b", shuffled)):
        (tmp_path / name).mkdir()
        outputs.append(allocate(tmp_path / name, "--format", "json", lines=lines))
    array = tmp_path / "c"
    array.mkdir()
    (array / "export.jsonl").write_text("[" + ",\n".join(registrations()) + "]", encoding="utf-8")
    outputs.append(allocate(array, "--format", "json"))
    assert all(result.exit_code == 0 for result in outputs)
    documents = [json.loads(result.output) for result in outputs]
    for document in documents:
        document.pop("inputs")  # the sha256 of each export differs; everything else must not
    assert documents[0] == documents[1] == documents[2]
    assert allocate(tmp_path / "a", "--format", "json").output == outputs[0].output


def test_a_second_round_reads_the_first_and_the_answers(tmp_path: Path) -> None:
    first = allocate(tmp_path, "--out", str(tmp_path / "runde-1.json"), "--lang", "en")
    offers = json.loads((tmp_path / "runde-1.json").read_text(encoding="utf-8"))["offers"]
    answers = tmp_path / "antworten.csv"
    answers.write_text("offer,answer\n" + "".join(f"{o['id']},{'declined' if i % 2 else 'accepted'}\n"
                                                  for i, o in enumerate(offers)), encoding="utf-8")
    second = CliRunner().invoke(cli, [
        "allocate", "koeln", "--registrations", str(tmp_path / "export.jsonl"), "--previous",
        str(tmp_path / "runde-1.json"), "--answers", str(answers), "--date", "2026-03-20", "--format", "json",
        "--project", str(ROOT)])
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    document = json.loads(second.output)
    assert document["round"] == 2
    assert len(document["standing"]) == (len(offers) + 1) // 2
    assert len(document["withdrawn"]) == len(offers) // 2
    assert all(o["id"].startswith("PA-2-") for o in document["offers"])


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "export.jsonl:3: not valid JSON"),
    ('{"reference": "X", "received_at": "2026-01-01", "data": []}', "export.jsonl:3: X: `data`"),
    ('{"reference": "X", "received_at": "gestern", "data": {}}', "is not an ISO 8601 time"),
])
def test_an_unusable_export_line_is_named_with_its_line(tmp_path: Path, line: str, message: str) -> None:
    lines = registrations(2) + [line]
    result = allocate(tmp_path, lines=lines)
    assert result.exit_code == 2 and message in result.output


def test_answers_need_the_previous_round(tmp_path: Path) -> None:
    answers = tmp_path / "a.csv"
    answers.write_text("offer,answer\n", encoding="utf-8")
    result = allocate(tmp_path, "--answers", str(answers))
    assert result.exit_code == 2 and "--answers needs --previous" in result.output


def test_broken_criteria_stop_the_round_with_their_location(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for folder in ("nrw", "koeln"):
        shutil.copytree(ROOT / "forms" / folder, project / "forms" / folder)
    criteria = project / "forms" / "koeln" / "vergabe.yaml"
    criteria.write_text(criteria.read_text(encoding="utf-8").replace("einrichtung.plz", "einrichtung.plzz"),
                        encoding="utf-8")
    result = allocate(tmp_path, project=project)
    assert result.exit_code == 1
    assert "forms/koeln/vergabe.yaml:" in result.output and "EXPR_002" in result.output


def test_other_places_can_be_given_and_are_checked(tmp_path: Path) -> None:
    places = tmp_path / "plaetze.yaml"
    text = (ROOT / "forms" / "koeln" / "kapazitaeten.yaml").read_text(encoding="utf-8")
    places.write_text(text.replace("facility: k-kita-01,", "facility: k-kita-1,", 1), encoding="utf-8")
    result = allocate(tmp_path, "--capacities", str(places))
    assert result.exit_code == 1 and "VERGABE_005" in result.output and "did you mean `k-kita-01`?" in result.output
    places.write_text(text, encoding="utf-8")
    assert allocate(tmp_path, "--capacities", str(places)).exit_code == 0


def test_an_unknown_kommune_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "export.jsonl"
    source.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["allocate", "nirgendwo", "--registrations", str(source), "--project", str(ROOT)])
    assert result.exit_code == 2 and "no Kommune `nirgendwo`" in result.output
