"""What kind of definition a file is (by its place in the project) and the modeline that names its schema.

The layout is the loader's (:mod:`kitaforms.load.project`): ``forms/nrw/<form>.yaml`` is a base form,
``forms/nrw/codelisten.yaml`` the shared code lists, ``forms/<kommune>/kommune.yaml`` a Kommune,
``einrichtungen.yaml`` its facility catalogue, ``vergabe.yaml`` and ``kapazitaeten.yaml`` its allocation
criteria and places, ``vertrag.yaml`` its care contract, any other file there an overlay, and
``satzungen/<kommune>/*.yaml`` a Satzung.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel

from kitaforms.editor_schemas import editor_models
from kitaforms.load.project import (
    BASE_FOLDER,
    CAPACITY_FILE,
    CODE_LIST_FILE,
    CONTRACT_FILE,
    CRITERIA_FILE,
    FACILITY_FILE,
    KOMMUNE_FILE,
)

MODELINE_PREFIX = "# yaml-language-server:"
SCHEMA_FOLDER = "schemas"
YAML_SUFFIXES = (".yaml", ".yml")


def file_kind(relative: Path) -> str | None:
    """The kind (``form``, ``overlay``, ``kommune`` …) of a file given relative to the project root."""
    parts = relative.parts
    if relative.suffix not in YAML_SUFFIXES or len(parts) != 3:
        return None
    top, folder, name = parts
    if top == "satzungen":
        return "satzung"
    if top != "forms":
        return None
    if folder == BASE_FOLDER:
        return "codelisten" if name == CODE_LIST_FILE else "form"
    own = {KOMMUNE_FILE: "kommune", FACILITY_FILE: "einrichtungen", CRITERIA_FILE: "vergabe", CAPACITY_FILE: "kapazitaeten",
           CONTRACT_FILE: "vertrag"}
    return own.get(name, "overlay")


def model_for(kind: str | None) -> type[BaseModel] | None:
    """The model that validates files of ``kind`` (None when unknown or not installed)."""
    return editor_models().get(kind) if kind else None


def schema_reference(kind: str, file: Path, root: Path) -> str:
    """The relative path from ``file`` to the kind's schema in the project's ``schemas/`` folder."""
    target = root / SCHEMA_FOLDER / f"{kind}.schema.json"
    return Path(os.path.relpath(target, file.parent)).as_posix()


def modeline(kind: str, file: Path, root: Path) -> str:
    """``# yaml-language-server: $schema=../../schemas/form.schema.json`` for a file of ``kind``."""
    return f"{MODELINE_PREFIX} $schema={schema_reference(kind, file, root)}"


def is_modeline(line: str) -> bool:
    return line.strip().startswith(MODELINE_PREFIX)
