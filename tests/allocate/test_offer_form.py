"""The fourth NRW form, `platzangebot` ("Platzangebot annehmen"): every Kommune with allocation criteria gets
it, its start page does not list it, it keeps the field the server reads (VERGABE_019); and `kitaforms offers`
loads a round into the server's store and writes the answers `kitaforms allocate --answers` reads."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from allocate_support import ROOT
from click.testing import CliRunner

from kitaforms.allocate.rounds import read_answers
from kitaforms.cli import cli
from kitaforms.compiler import compile_project
from kitaforms.export.bundle import build_bundles
from kitaforms.store import Submission, open_store


def test_every_kommune_with_criteria_gets_the_offer_form_and_only_those() -> None:
    result = compile_project(ROOT, ["koeln", "bielefeld"])
    assert "koeln/platzangebot" in result.forms and "bielefeld/platzangebot" not in result.forms
    form = result.forms["koeln/platzangebot"]
    assert form.form.title["de"] == "Platzangebot annehmen" and "platzangebot" not in form.kommune.forms  # type: ignore[union-attr]


def test_the_start_page_lists_the_forms_parents_start_and_not_the_offer_form() -> None:
    files = build_bundles(compile_project(ROOT, ["koeln"]))
    start = files[Path("05315000-koeln/index.html")].decode()
    assert "anmeldung/" in start and "platzangebot/" not in start
    assert "Platzangebot annehmen" in files[Path("05315000-koeln/barrierefreiheit.html")].decode(), \
        "the accessibility statement covers every form the Kommune serves"
    assert Path("05315000-koeln/platzangebot/1.1.0/schema.json") in files


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for folder in ("forms/nrw", "forms/koeln"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def test_an_overlay_that_removes_the_answer_is_an_error_in_the_overlay(project: Path) -> None:
    (project / "forms/koeln/platzangebot.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/overlay.schema.json\nextends: platzangebot\nchanges:\n"
        "  - remove: ablehnungsgrund\n  - remove: hinweis_ablehnung\n  - remove: antwort\n", encoding="utf-8")
    found = [d for d in compile_project(project, ["koeln"]).diagnostics if d.code == "VERGABE_019"]
    assert [(d.location.file, d.location.line) for d in found if d.location] == [("forms/koeln/platzangebot.yaml", 2)]
    assert "`antwort`" in found[0].message and "`annehmen`" in found[0].message


@pytest.mark.parametrize("change", [
    "  - set: antwort\n    properties: {required: false}\n",
    "  - set: antwort\n    properties:\n      options:\n        - {code: annehmen, label: Ja}\n"
    "        - {code: ablehnen, label: Nein}\n        - {code: spaeter, label: Später}\n      code_list: null\n",
])
def test_an_overlay_may_not_make_the_answer_optional_or_add_answers(project: Path, change: str) -> None:
    (project / "forms/koeln/platzangebot.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/overlay.schema.json\nextends: platzangebot\nchanges:\n" + change,
        encoding="utf-8")
    assert "VERGABE_019" in {d.code for d in compile_project(project, ["koeln"]).diagnostics}


def test_without_the_base_form_the_criteria_say_what_is_missing(project: Path) -> None:
    (project / "forms/nrw/platzangebot.yaml").unlink()
    (found,) = [d for d in compile_project(project, ["koeln"]).diagnostics if d.code == "VERGABE_019"]
    assert found.location is not None and found.location.file == "forms/koeln/vergabe.yaml"
    assert found.hint == "add forms/nrw/platzangebot.yaml (it comes with kitaforms' NRW forms)"


# --- kitaforms offers --------------------------------------------------------------------------------


def round_file(tmp_path: Path, reference: str) -> Path:
    document = {
        "format": "kitaforms-allocation/1", "kommune": "koeln", "kommune_name": "Stadt Köln", "round": 1,
        "date": "2026-03-02", "criteria": {"form": "anmeldung"}, "sample_data": ["criteria"], "standing": [],
        "withdrawn": [],
        "offers": [{"id": "PA-1-AAAA-0001", "reference": reference, "facility": "k-kita-01", "start": "2026-08",
                    "care_type": "kita", "age_band": "ue3", "hours": 45, "hours_band": 45, "wish": 1,
                    "deadline": "2026-03-16"},
                   {"id": "PA-1-AAAA-0002", "reference": "KF-NONE-0000-0000", "facility": "k-kita-01",
                    "start": "2026-08", "care_type": "kita", "age_band": "ue3", "hours": 45, "hours_band": 45,
                    "wish": 1, "deadline": "2026-03-16"}],
    }
    path = tmp_path / "runde-1.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_offers_load_keeps_the_round_and_writes_each_link_once(tmp_path: Path) -> None:
    db = tmp_path / "kitaforms.sqlite3"
    store = open_store(db)
    asyncio.run(store.add_submission(Submission("KF-AAAA-BBBB-0001", "koeln", "anmeldung", "3.0.0",
                                                "2026-01-10T09:00:00.000Z", "de",
                                                json.dumps({"kind": {"vorname": "Mia", "nachname": "Muster"}})), None, {}))
    store.close()
    args = ["offers", "load", "koeln", "--round", str(round_file(tmp_path, "KF-AAAA-BBBB-0001")), "--base-url",
            "https://kita.example.de/", "--project", str(ROOT), "--db", str(db), "--out", str(tmp_path / "links.csv")]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "links.csv").read_text(encoding="utf-8"))))
    assert [(r["offer"], r["reference"], r["deadline"]) for r in rows] == [("PA-1-AAAA-0001", "KF-AAAA-BBBB-0001",
                                                                           "2026-03-16")]
    assert re.fullmatch(r"https://kita\.example\.de/offers/[A-Za-z0-9_-]{43}", rows[0]["link"])
    assert "Offers of round 1: 1 loaded now" in first.output and "PA-1-AAAA-0002 (KF-NONE-0000-0000): unknown_registration" in first.output
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0 and "0 loaded now, 1 loaded before" in again.output
    assert (tmp_path / "links.csv").read_bytes() == b"offer,reference,deadline,link\r\n"

    answers = CliRunner().invoke(cli, ["offers", "answers", "koeln", "--date", "2026-03-17", "--db", str(db)])
    assert answers.exit_code == 0, answers.output
    assert read_answers(answers.output, "antworten.json") == {"PA-1-AAAA-0001": "expired"}


def test_offers_load_refuses_another_kommune_s_round(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["offers", "load", "muenster", "--round", str(round_file(tmp_path, "KF-X")),
                                      "--base-url", "https://x", "--project", str(ROOT), "--db", str(tmp_path / "db")])
    assert result.exit_code == 2 and "is a round of `koeln`, not of `muenster`" in result.output


def test_offers_answers_without_offers_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["offers", "answers", "koeln", "--db", str(tmp_path / "db")])
    assert result.exit_code == 2 and "load a round first" in result.output
