"""The editors' JSON Schemas (for autocompletion through the yaml-language-server modeline).

Generated from the pydantic models, the single source of truth; never written by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from kitaforms.allocate.model import Capacities, Criteria
from kitaforms.contract.model import ContractFile
from kitaforms.model.form import CodeListFile, Form
from kitaforms.model.kommune import FacilityCatalogue, Kommune
from kitaforms.model.overlay import Overlay
from kitaforms.satzung.model import Satzung

if TYPE_CHECKING:
    from kitaforms.resolve import ResolvedForm

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
        "vertrag": ContractFile,
    }


def editor_schema(kind: str, model: type[BaseModel], base_forms: Mapping[str, ResolvedForm] | None = None,
                  root: Path | None = None) -> dict[str, Any]:
    """The schema of ``kind``; an overlay's also completes inside ``set … properties`` and, given the
    project's NRW ``base_forms`` (:func:`project_base_forms`), its targets and settings
    (:mod:`kitaforms.editor.completion`)."""
    schema = model.model_json_schema(mode="validation")
    if kind == "overlay":
        from kitaforms.editor.completion import add_overlay_completion

        schema = add_overlay_completion(schema, base_forms, root)
    return {"$schema": SCHEMA_DIALECT, "$id": f"https://kitaforms.nrw/schemas/{kind}.schema.json", **schema}


def project_base_forms(root: Path) -> dict[str, ResolvedForm]:
    """The project's NRW base forms by id (those that resolve), for the overlay schema."""
    from kitaforms.compiler import compile_project

    result = compile_project(root, ())
    return {form.form.id: form for form in result.forms.values() if form.kommune is None}
