"""Small allocation markets written out in the tests: facilities, places, criteria and registrations.

The registrations are read through the real Münster registration form (the NRW Anmeldung with
Münster's overlay, which adds further weekly hours in order), with a test facility catalogue of a few
facilities called A, B, C. Criteria and places are inline YAML, loaded and checked like the files of a
Kommune, so a test that writes a broken rule fails with the diagnostic.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from textwrap import dedent
from typing import Any

from kitaforms.allocate.check import check_capacities, check_criteria
from kitaforms.allocate.model import Capacities, Criteria
from kitaforms.allocate.registrations import Registration
from kitaforms.allocate.rounds import Carried
from kitaforms.allocate.run import Allocation, RoundInput, allocate
from kitaforms.compiler import compile_project
from kitaforms.diagnostics import Diagnostic
from kitaforms.load.project import ALLOCATION_CODES, Loaded
from kitaforms.load.yaml_source import load_text
from kitaforms.model.kommune import FacilityCatalogue
from kitaforms.model.parse import parse_model
from kitaforms.resolve import ResolvedForm

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 3, 2)  # the day of the round in every test
KOMMUNE = "muenster"


@lru_cache(maxsize=1)
def muenster_form() -> ResolvedForm:
    return compile_project(ROOT, [KOMMUNE]).forms[f"{KOMMUNE}/anmeldung"]


def facility(fid: str, care: str = "kita", ages: tuple[int, int] = (0, 84), hours: tuple[int, ...] = (25, 35, 45),
             plz: str = "48155") -> dict[str, Any]:
    return {"id": fid, "name": f"Kita {fid}", "traeger": "Testträger", "care_types": [care],
            "address": {"street": "Teststraße 1", "postal_code": plz, "city": "Münster"},
            "age_from_months": ages[0], "age_to_months": ages[1], "weekly_hours": list(hours)}


def catalogue(*facilities: dict[str, Any]) -> FacilityCatalogue:
    return FacilityCatalogue.model_validate({"sample_data": True, "source": "test", "facilities": list(facilities)})


def form_with(cat: FacilityCatalogue) -> ResolvedForm:
    """The Münster form with a test catalogue; what it computed once about its fields is reused (it does not
    depend on the catalogue), so that hundreds of random markets stay fast."""
    base = muenster_form()
    form = replace(base, facilities=cat)
    for name in ("symbols", "checks", "check_plan", "placed"):
        form.__dict__[name] = getattr(base, name)
    return form


def _document(text: str, file: str) -> Any:
    return load_text(dedent(text), file)


def criteria_problems(text: str, cat: FacilityCatalogue | None = None) -> list[Diagnostic]:
    document = _document(text, "forms/test/vergabe.yaml")
    model, problems = parse_model(document, Criteria, ALLOCATION_CODES)
    if model is None:
        return problems
    cat = cat or catalogue(facility("A"), facility("B"), facility("C"))
    form = form_with(cat) if model.form == "anmeldung" else None  # the test Kommune offers only its Anmeldung
    return list(check_criteria(Loaded(document, model), form, cat))


def capacity_problems(text: str, cat: FacilityCatalogue) -> list[Diagnostic]:
    document = _document(text, "forms/test/kapazitaeten.yaml")
    model, problems = parse_model(document, Capacities, ALLOCATION_CODES)
    if model is None:
        return problems
    return list(check_capacities(Loaded(document, model), cat))


def criteria(text: str, cat: FacilityCatalogue | None = None) -> Criteria:
    errors = [f"{d.location} {d.code} {d.message}" for d in criteria_problems(text, cat) if d.is_error]
    assert not errors, errors
    document = _document(text, "forms/test/vergabe.yaml")
    return Criteria.model_validate(document.data)


BANDS = """\
sample_data: true
source: test
age_bands:
  - {id: u3, label: unter 3, below_months: 36}
  - {id: ue3, label: ab 3, from_months: 36}
hours_bands: [25, 35, 45]
"""


def places(cat: FacilityCatalogue, *rows: str, start: str = "2026-08") -> Capacities:
    """Rows like ``"A ue3 35: 1"`` (facility, age band, hours band or ``*`` for any hours: places)."""
    lines = []
    for row in rows:
        where, count = row.split(":")
        fid, band, hours = where.split()
        extra = "" if hours == "*" else f", hours: {hours}"
        lines.append(f"  - {{facility: {fid}, start: {start}, age_band: {band}{extra}, places: {count.strip()}}}")
    text = BANDS + "places:\n" + "\n".join(lines) + "\n"
    errors = [f"{d.location} {d.code} {d.message}" for d in capacity_problems(text, cat) if d.is_error]
    assert not errors, errors
    return Capacities.model_validate(load_text(text, "forms/test/kapazitaeten.yaml").data)


def child(ref: str, born: str, wishes: tuple[str, ...] | list[str], *, hours: str | None = "35", care: str = "kita",
          start: str = "2026-08", received: str | None = None, reasons: dict[str, list[str]] | None = None,
          alternatives: tuple[str, ...] = (), email: str | None = None, **answers: Any) -> Registration:
    """A registration with only what the allocation reads (plus ``answers``, dotted paths with ``__``)."""
    data: dict[str, Any] = {
        "betreuungsart": care, "beginn": start, "vermittlung": False, "andere_einrichtung_moeglich": False,
        "kind": {"geburtsdatum": born, "plz": "48155"},
        "familiensituation": "beide_eltern", "sorgerecht": "gemeinsam",
        "person1": {"email": email or f"{ref.lower()}@example.org"},
        "wuensche": [{"code": w, "reasons": (reasons or {}).get(w, [])} for w in wishes],
    }
    if hours is not None and care in ("kita", "hort"):
        data["umfang_kita"] = hours
    elif hours is not None and care == "tagespflege":
        data["tagespflege_stunden"] = int(hours)
    if alternatives:
        data["umfang_kita_weitere"] = [{"code": h} for h in alternatives]
    for path, value in answers.items():
        *parents, last = path.split("__")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return Registration(ref, received or "2026-01-10T09:00:00.000Z", data)


def run(crit: Criteria, caps: Capacities, cat: FacilityCatalogue, registrations: list[Registration],
        carried: Carried | None = None, day: date = DAY) -> Allocation:
    return allocate(RoundInput(KOMMUNE, form_with(cat), crit, caps, registrations, day, carried or Carried()))


def offered(allocation: Allocation) -> dict[str, str]:
    """Reference → facility of every offer."""
    return {o["reference"]: o["facility"] for o in allocation.document["offers"]}


def offer_of(allocation: Allocation, reference: str) -> dict[str, Any]:
    return next(o for o in allocation.document["offers"] if o["reference"] == reference)


def unmatched_of(allocation: Allocation, reference: str) -> dict[str, Any]:
    return next(u for u in allocation.document["unmatched"] if u["reference"] == reference)


def canonical(allocation: Allocation) -> str:
    return json.dumps(allocation.document, ensure_ascii=False, indent=2, default=str)
