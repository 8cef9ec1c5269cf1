"""Helpers for the content tests of the real forms under ``forms/``.

Every test works on the *resolved* forms of the real project (``compile_project`` on the repo), so
it checks what a citizen of that Kommune really gets. Submissions are built from complete, valid
examples (one per form) and changed per test with :func:`with_values`; paths are the submission
paths of the spec (``kind.geburtsdatum``).
"""

from __future__ import annotations

import copy
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from kitaforms.compiler import CompileResult, compile_project
from kitaforms.model.form import INPUT_FREE_TYPES
from kitaforms.model.walk import walk
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import SubmissionResult, check_submission
from kitaforms.runtime.facilities import Need, fits

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 9, 15)  # a fixed "today": every date below is relative to it

KOMMUNEN = ("koeln", "duesseldorf", "duisburg", "muenster", "bielefeld", "bonn", "wuppertal", "dortmund", "kreis_soest")
FORMS = ("anmeldung", "einkommen", "beitragsbefreiung")

PDF = {"name": "nachweis.pdf", "type": "application/pdf", "size": 120_000, "sha256": "0" * 64}


@lru_cache(maxsize=1)
def project() -> CompileResult:
    return compile_project(ROOT)


def resolved(key: str) -> ResolvedForm:
    """A resolved form by ``<kommune>/<form>`` (``nrw/<form>`` for the plain base form)."""
    return project().forms[key]


def field_names(form: ResolvedForm) -> list[str]:
    """Input elements (not info, computed, groups or repeats); a repeat's fields count once."""
    return [p.name for p in walk(form.form) if p.element.type not in INPUT_FREE_TYPES]


def check(key: str, data: dict[str, Any], today: date = TODAY) -> SubmissionResult:
    return check_submission(resolved(key), data, today)


def error_codes(result: SubmissionResult) -> dict[str, str]:
    return {error.path: error.code for error in result.errors}


def warning_paths(result: SubmissionResult) -> set[str]:
    return {warning.path for warning in result.warnings}


def with_values(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``data`` with dotted paths set (``None`` removes the key)."""
    out = copy.deepcopy(data)
    for path, value in values.items():
        *parents, last = path.split(".")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return out


def facility_ids(key: str, care_type: str, hours: int | None = None, *, fitting: bool = True) -> list[str]:
    """The places that fit the child of :func:`anmeldung` (26 months old on the start, 1 August 2026; Kita: 35
    hours): the server refuses any other (``facility_care_type``, ``facility_age``, ``facility_hours``)."""
    facilities = resolved(key).facilities
    assert facilities is not None, f"{key} has no facility catalogue"
    need = Need(care_type, 26, hours if hours is not None else 35 if care_type == "kita" else None)
    return [f.id for f in facilities.facilities if fits(f, need if fitting else Need(care_type))]


def picks(codes: list[str]) -> list[dict[str, Any]]:
    return [{"code": code, "reasons": []} for code in codes]


def kommune_of(key: str) -> str:
    return key.split("/")[0]


# --- complete, valid submissions ----------------------------------------------------------

PERSON1 = {
    "beziehung": "mutter", "nachname": "Beispiel", "vorname": "Anna", "geburtsdatum": "1990-04-02",
    "anschrift_wie_kind": True, "telefon": "0221 123456", "email": "anna@example.org", "kontaktweg": "email",
}
PERSON2 = {"beziehung": "vater", "nachname": "Beispiel", "vorname": "Ben", "anschrift_wie_kind": True}

# Extra answers an overlay makes necessary, by Kommune.
ANMELDUNG_EXTRAS: dict[str, dict[str, Any]] = {
    "koeln": {"kind.wohnsitz_koeln": True, "erwerb_nachweis": PDF},
}


def anmeldung(key: str = "nrw/anmeldung", **values: Any) -> dict[str, Any]:
    """A complete registration: Kita from August 2026 for a child born in May 2024, both parents."""
    kommune = kommune_of(key)
    wish = facility_ids(key, "kita")[0] if kommune != "nrw" else "kita-beispiel"
    data = {
        "anmeldungstyp": "neu",
        "betreuungsart": "kita",
        "kind": {
            "nachname": "Beispiel", "vorname": "Mia", "geburtsdatum": "2024-05-10",
            "strasse": "Lindenstraße 5", "plz": "50667", "ort": "Köln",
        },
        "familiensituation": "beide_eltern",
        "sorgerecht": "gemeinsam",
        "post_an": "person1",
        "person1": dict(PERSON1),
        "person2": dict(PERSON2),
        "erwerb1": {"status": ["erwerbstaetig"], "wochenstunden": 30},
        "erwerb2": {"status": ["erwerbstaetig"], "wochenstunden": 39},
        "beginn": "2026-08",
        "umfang_kita": "35",
        "vermittlung": False,
        "wuensche": [{"code": wish, "reasons": ["wohnortnah"]}],
        "andere_einrichtung_moeglich": True,
        "datenschutz_gelesen": True,
        "richtigkeit": True,
        "aenderungen_melden": True,
        "keine_platzgarantie": True,
    }
    data = with_values(data, ANMELDUNG_EXTRAS.get(kommune, {}))
    return with_values(data, {k.replace("__", "."): v for k, v in values.items()})


def einkommen(key: str = "nrw/einkommen", **values: Any) -> dict[str, Any]:
    """A complete income declaration: both parents, wages, previous year, proofs uploaded."""
    data = {
        "erklaerungsart": "erst",
        "kinder": [{
            "vorname": "Mia", "nachname": "Beispiel", "geburtsdatum": "2023-02-01", "betreuungsart": "kita",
            "einrichtung": "Kita Sonnenschein", "beginn": "2025-08-01", "umfang": "45",
        }],
        "familiensituation": "beide_eltern",
        "sorgerecht": "gemeinsam",
        "person1": {
            "beziehung": "mutter", "nachname": "Beispiel", "vorname": "Anna", "geburtsdatum": "1990-04-02",
            "strasse": "Lindenstraße 5", "plz": "50667", "ort": "Köln", "email": "anna@example.org",
        },
        "person2": {
            "beziehung": "vater", "nachname": "Beispiel", "vorname": "Ben", "geburtsdatum": "1988-11-20",
            "anschrift_wie_person1": True,
        },
        "beitragspflichtig": "beide",
        "post_an": "person1",
        "erklaerungsweg": "angaben",
        "erwerb1": {"status": ["erwerbstaetig"]},
        "erwerb2": {"status": ["erwerbstaetig"]},
        "massgebliches_jahr": "vorjahr",
        "bezugsjahr": 2024,
        "einkommen1": {"arten": ["nichtselbststaendig"], "lohn": "42000.00"},
        "einkommen2": {"arten": ["nichtselbststaendig"], "lohn": "38000.00"},
        "einkommensstufe": "stufe_5",
        "nachweise_nachreichen": False,
        "nachweis_lohn": [PDF],
        "datenschutz_gelesen": True,
        "richtigkeit": True,
        "aenderungen_melden": True,
        "pruefung_einverstanden": True,
    }
    settings = resolved(key).form.settings
    if settings["einkommensjahr"] != "vorjahr":
        data["massgebliches_jahr"] = settings["einkommensjahr"]
        data["bezugsjahr"] = 2025
    if settings["einkommen_kind_abfragen"]:
        data["einkommen_kind"] = {"vorhanden": False}
    return with_values(data, {k.replace("__", "."): v for k, v in values.items()})


def beitragsbefreiung(key: str = "nrw/beitragsbefreiung", **values: Any) -> dict[str, Any]:
    """A complete waiver application on the benefit path (Bürgergeld), single parent."""
    data = {
        "antragsart": "erstantrag",
        "beitragsart": ["elternbeitrag"],
        "person1": {
            "nachname": "Beispiel", "vorname": "Anna", "geburtsdatum": "1990-04-02", "strasse": "Lindenstraße 5",
            "plz": "50667", "ort": "Köln", "email": "anna@example.org", "familienstand": "getrennt",
        },
        "familiensituation": "ein_elternteil",
        "sorgerecht": "allein_mutter",
        "kinder": [{
            "vorname": "Mia", "nachname": "Beispiel", "geburtsdatum": "2022-03-03", "betreuungsart": "kita",
            "einrichtung": "Kita Sonnenschein", "beginn": "2025-08-01",
        }],
        "ab_monat": "2025-09",
        "leistungen": ["buergergeld"],
        "empfaenger": "eltern",
        "bewilligende_stelle": "Jobcenter",
        "bewilligt_von": "2025-07-01",
        "bewilligt_bis": "2026-06-30",
        "bescheid": [PDF],
        "datenschutz_gelesen": True,
        "mitwirkung": True,
        "richtigkeit": True,
        "aenderungen_melden": True,
    }
    return with_values(data, {k.replace("__", "."): v for k, v in values.items()})


def income_test_path(key: str = "nrw/beitragsbefreiung", **values: Any) -> dict[str, Any]:
    """The waiver application on the income-test path (no benefit)."""
    data = beitragsbefreiung(key)
    for name in ("empfaenger", "bewilligende_stelle", "bewilligt_von", "bewilligt_bis", "bescheid"):
        data.pop(name)
    data.update({
        "leistungen": ["keine"],
        "einkuenfte": [{"person": "person1", "art": "lohn", "betrag": "1450.00"}],
        "wohnform": "miete",
        "kaltmiete": "620.00",
        "nebenkosten": "180.00",
        "heizkosten": "90.00",
        "personen_im_haushalt": 2,
        "nachweis_einkommen": [PDF],
        "nachweis_wohnkosten": [PDF],
    })
    return with_values(data, {k.replace("__", "."): v for k, v in values.items()})
