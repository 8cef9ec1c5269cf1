"""The shared field vectors (``tests/fixtures/field_vectors.json``) and a form that asks each of them.

One optional field per vector, labelled "Eingabe <n>: <kind>", all on one step of a form
``vektoren`` offered by a test Kommune: Python fills the fields as a plain form post
(``tests/render/test_field_vectors.py``), Chromium types into them
(``tests/browser/test_field_vectors_in_browser.py``), and both must agree with the vector.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FILE = Path(__file__).resolve().parents[1] / "fixtures" / "field_vectors.json"
KEY = "musterstadt/vektoren"
STEP_TITLE = "Eingaben"
DATE_PARTS = {"date": ("day", "month", "year"), "month": ("month", "year")}
PART_NAMES = {"day": "Tag", "month": "Monat", "year": "Jahr"}


@dataclass(frozen=True)
class Vector:
    number: int
    field: str  # a key of the file's "fields"
    kind: str  # the field type
    typed: str | tuple[str, ...]  # the input's text; a date's or month's inputs in the order of DATE_PARTS
    value: Any = None  # what must arrive, when the input is accepted
    error: str | None = None  # the code it is refused with

    @property
    def name(self) -> str:
        return f"v{self.number:03d}"

    @property
    def label(self) -> str:
        return f"Eingabe {self.number}: {self.field}"

    @property
    def id(self) -> str:
        return f"{self.name}-{self.field}-{self.error or 'ok'}"

    def post(self) -> dict[str, str]:
        """The plain form post of this input alone (the names of ``kitaforms.render``'s inputs)."""
        if isinstance(self.typed, tuple):
            return {f"{self.name}.{part}": text for part, text in zip(DATE_PARTS[self.kind], self.typed, strict=True)}
        return {self.name: self.typed}


def load() -> tuple[dict[str, Any], list[Vector]]:
    document = json.loads(FILE.read_text(encoding="utf-8"))
    fields = document["fields"]
    vectors = []
    for number, entry in enumerate(document["vectors"], start=1):
        typed = entry["typed"]
        assert ("value" in entry) != ("error" in entry), f"vector {number}: give either value or error"
        vectors.append(Vector(number, entry["field"], fields[entry["field"]]["type"],
                              tuple(typed) if isinstance(typed, list) else typed, entry.get("value"), entry.get("error")))
    return fields, vectors


FIELDS, VECTORS = load()


def vectors_project(target: Path) -> Path:
    """Write the project (NRW base form, Kommune, overlay) below ``target`` and return it."""
    elements = []
    for vector in VECTORS:
        spec = {key: value for key, value in FIELDS[vector.field].items() if key != "label"}
        elements.append({"id": vector.name, **spec, "label": {"de": vector.label, "en": vector.label}})
    form = {
        "id": "vektoren", "version": "1.0.0", "title": {"de": "Eingabeprüfung", "en": "Input checks"},
        "leika": ["99041004034000"],
        "steps": [{"id": "eingaben", "title": {"de": STEP_TITLE, "en": "Inputs"}, "elements": elements}],
    }
    kommune = {
        "id": "musterstadt", "name": "Stadt Musterstadt (Testdaten)", "ags": "05999000",
        "barrierefreiheit_stand": "2026-11-23",
        "jugendamt": {"name": "Jugendamt Musterstadt", "email": "jugendamt@musterstadt.example"},
        "datenschutz": {"name": "Datenschutzbeauftragte", "email": "datenschutz@musterstadt.example"},
        "forms": ["vektoren"],
    }
    files = {"forms/nrw/vektoren.yaml": form, "forms/musterstadt/kommune.yaml": kommune,
             "forms/musterstadt/vektoren.yaml": {"extends": "vektoren"}}
    for path, content in files.items():  # JSON is YAML 1.2
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")
    return target
