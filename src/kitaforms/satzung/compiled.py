"""The rules compiled to JSON for the browser's fee estimate (``renderers/default/static/js/fees.js``).

Built as data (dicts → ``json.dumps``), never from text templates. Amounts are decimal strings; the
evaluator computes in integer cents, so it agrees with the Python engine to the cent. The explanation
templates travel along, so the browser words each step as the engine does.
"""

from __future__ import annotations

import json
from typing import Any

from kitaforms.satzung.explain import MESSAGES, WORDS
from kitaforms.satzung.rules import Rules, Table

FORMAT = "kitaforms-satzung/1"


def compile_json(rules: Rules, messages: bool = True) -> dict[str, Any]:
    model = rules.model
    data: dict[str, Any] = {
        "format": FORMAT,
        "key": rules.key,
        "kommune": rules.kommune,
        **model.model_dump(mode="json", by_alias=True, include={"title", "jugendamt", "valid_from", "valid_until"}),
        "sources": [s.model_dump(mode="json", exclude_none=True) for s in model.sources],
        "rounding": model.rounding.model_dump(mode="json"),
        "income": _dump(model.income),
        "age_groups": _dump(model.age_groups),
        "tables": [table_json(t) for t in (*rules.fee_tables.values(), *rules.meal_tables.values())],
        "fee_free": model.fee_free.model_dump(mode="json", by_alias=True),
        "siblings": _dump(model.siblings),
        "alternating_residence": _dump(model.alternating_residence),
        "indexation": [rule.model_dump(mode="json", by_alias=True) for rule in model.indexation],
    }
    if messages:
        data["messages"] = MESSAGES
        data["words"] = WORDS
    return data


def _dump(model: Any) -> Any:
    return None if model is None else model.model_dump(mode="json", by_alias=True)


def table_json(table: Table) -> dict[str, Any]:
    groups = table.groups if table.groups is not None else (None,)
    return {
        "id": table.id,
        "care_type": table.care_type,
        "purpose": table.purpose,
        "paragraph": table.paragraph,
        "boundaries": table.boundaries,
        "brackets": [{"stufe": b.stufe, "low": _str(b.low), "high": _str(b.high)} for b in table.brackets],
        "uppers": [_str(u) for u in table.uppers],
        "groups": list(table.groups) if table.groups is not None else None,
        "columns": [_str(c) for c in table.columns] if table.columns is not None else None,
        "cells": {g or "": [[_str(v) for v in table.cells[(g, c)]] for c in range(table.width)] for g in groups},
        "per_hour": table.per_hour,
        "factor": list(table.factor) if table.factor else None,
    }


def _str(value: Any) -> str | None:
    return None if value is None else f"{value:f}"


def dumps(rules: Rules) -> str:
    """The compiled JSON text, stable and compact (for the assistant bundle)."""
    return json.dumps(compile_json(rules), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
