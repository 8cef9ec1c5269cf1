"""The editors' JSON Schemas (for autocompletion through the yaml-language-server modeline).

Generated from the pydantic models, the single source of truth; never written by hand.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kitaforms.allocate.model import Capacities, Criteria
from kitaforms.model.form import CodeListFile, Form
from kitaforms.model.kommune import FacilityCatalogue, Kommune
from kitaforms.model.overlay import Overlay
from kitaforms.satzung.model import Satzung

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def editor_models() -> dict[str, type[BaseModel]]:
    """File kind → model. The file ``schemas/<kind>.schema.json`` is written for each."""
    return {
        "form": Form,
        "overlay": Overlay,
        "kommune": Kommune,
        "einrichtungen": FacilityCatalogue,
        "codelisten": CodeListFile,
        "satzung": Satzung,
        "vergabe": Criteria,
        "kapazitaeten": Capacities,
    }


def editor_schema(kind: str, model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, "$id": f"https://kitaforms.nrw/schemas/{kind}.schema.json", **schema}
