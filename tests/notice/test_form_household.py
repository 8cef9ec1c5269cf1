"""One household from one declaration: the income assistant's fee estimate (``householdFromForm`` in
renderers/default/static/js/fees.js) and the fee notice (:func:`kitaforms.notice.declaration.household_from_answers`)
read the same answers of the income form as the same household: the same custodians (each parent one; a parent
with Beamtenbezüge is a Beamter; the Werbungskosten stated are that parent's), income items, income year,
benefits, Wechselmodell and children with their care. So the estimate a parent sees is computed from what the
Jugendamt's notice will compute from."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kitaforms.notice.declaration import household_from_answers
from kitaforms.satzung.jsonio import household_from_json

ROOT = Path(__file__).resolve().parents[2]
FEES_JS = ROOT / "renderers/default/static/js/fees.js"
NODE = shutil.which("node")
EXAMPLES = sorted((ROOT / "exports").glob("*/einkommen/*/examples/valid/*.json"))

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not on PATH")

CHILD = {"vorname": "Mia", "nachname": "Beispiel", "geburtsdatum": "2024-11-05", "betreuungsart": "kita",
         "einrichtung": "Kita Beispiel", "beginn": "2026-08-01", "umfang": "35"}
PUPIL = {"vorname": "Ben", "nachname": "Beispiel", "geburtsdatum": "2018-02-01", "betreuungsart": "ogs",
         "einrichtung": "Grundschule", "beginn": "2024-08-01", "umfang_ogs": "ganztag"}
MINDED = {"vorname": "Lea", "nachname": "Beispiel", "geburtsdatum": "2025-06-30", "betreuungsart": "tagespflege",
          "einrichtung": "Frau Beispiel", "beginn": "2026-02-01", "ende": "2027-07-31", "stunden_tagespflege": 28}
ANSWERS: dict[str, dict[str, Any]] = {
    "wages without Werbungskosten": {"erklaerungsweg": "angaben", "familiensituation": "ein_elternteil",
                                     "bezugsjahr": 2025, "einkommen1": {"arten": ["nichtselbststaendig"],
                                                                        "lohn": "50300.00"}, "kinder": [CHILD]},
    "two parents, a Beamter, Werbungskosten, Elterngeld": {
        "erklaerungsweg": "angaben", "familiensituation": "beide_eltern", "bezugsjahr": "2024",
        "einkommen1": {"arten": ["nichtselbststaendig", "kapital", "elterngeld"], "lohn": "40000.00",
                       "werbungskosten": "1900.00", "kapital": "250.10", "elterngeld_art": "plus",
                       "elterngeld_monatlich": "650.00", "elterngeld_monate": 7},
        "einkommen2": {"arten": ["beamtenbezuege", "nichtselbststaendig"], "beamtenbezuege": "48000.00",
                       "lohn": "4000.00", "zuschlag_beamte": "4800.00"},
        "kinder": [CHILD, PUPIL, MINDED]},
    "only person 2 declared so far": {"erklaerungsweg": "angaben", "familiensituation": "beide_eltern",
                                      "einkommen2": {"arten": ["selbststaendig"], "gewinn": "30000.00"},
                                      "kinder": [CHILD]},
    "no income": {"erklaerungsweg": "angaben", "einkommen1": {"arten": ["keine"]}, "kinder": [CHILD]},
    "highest fee, shared care": {"erklaerungsweg": "hoechstbeitrag", "familiensituation": "wechselmodell",
                                 "kinder": [CHILD]},
    "benefits": {"erklaerungsweg": "leistungsbezug", "leistung_art": ["wohngeld", "buergergeld", "keine"],
                 "kinder": [CHILD, PUPIL]},
    "other income kinds": {"erklaerungsweg": "angaben", "einkommen1": {
        "arten": ["minijob", "vermietung", "renten", "lohnersatz", "unterhalt", "sonstige"], "steuerfrei": "5400.00",
        "vermietung": "1200.00", "renten": "3000.00", "lohnersatz": "8000.00", "unterhalt": "4800.00",
        "sonstige": "99.99", "sonstige_art": "Preisgeld"}, "kinder": [MINDED]},
}


def js_households(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    script = ("const f = require(process.argv[1]); const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "process.stdout.write(JSON.stringify(input.map((a) => f.householdFromForm(a))));")
    out = subprocess.run([NODE or "node", "-e", script, str(FEES_JS)], input=json.dumps(answers), capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def test_the_examples_are_there() -> None:
    assert len(EXAMPLES) >= 9, EXAMPLES


NAMES = [*ANSWERS, *(str(p.relative_to(ROOT)) for p in EXAMPLES)]


def answers_of(name: str) -> dict[str, Any]:
    return ANSWERS[name] if name in ANSWERS else json.loads((ROOT / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser() -> dict[str, dict[str, Any]]:
    return dict(zip(NAMES, js_households([answers_of(name) for name in NAMES]), strict=True))


@pytest.mark.parametrize("name", NAMES)
def test_the_estimate_and_the_notice_read_the_same_household(browser, name: str) -> None:  # type: ignore[no-untyped-def]
    assert household_from_json(browser[name]) == household_from_answers(answers_of(name))


def test_the_household_keeps_what_the_satzung_needs() -> None:
    """Not only equal, but right: the Beamter is the parent with Beamtenbezüge (the form's own Zuschlag field is
    not income), the Werbungskosten stay with their parent, the income year is the stated one."""
    household = household_from_answers(ANSWERS["two parents, a Beamter, Werbungskosten, Elterngeld"])
    assert [(c.beamter, c.work_expenses) for c in household.custodians] == [(False, Decimal("1900.00")), (True, None)]
    kinds = sorted((i.kind, str(i.annual if i.annual is not None else i.monthly), i.custodian) for i in household.incomes)
    assert kinds == [("elterngeld", "650.00", 0), ("kapital", "250.10", 0), ("nichtselbstaendig", "4000.00", 1),
                     ("nichtselbstaendig", "40000.00", 0), ("nichtselbstaendig", "48000.00", 1)]
    assert household.income_year == 2024 and household.provisional and not household.alternating
    assert [(c.care_type, c.hours, c.end) for c in household.children] == [
        ("kita", Decimal(35), None), ("ogs", None, None), ("tagespflege", Decimal(28), date(2027, 7, 31))]
    shared = household_from_answers(ANSWERS["highest fee, shared care"])
    assert (shared.statement, shared.alternating) == (False, True)
    assert household_from_answers(ANSWERS["benefits"]).benefits == {"wohngeld", "buergergeld"}
