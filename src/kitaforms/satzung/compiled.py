"""The rules compiled to JSON for the browser's fee estimate (``renderers/default/static/js/fees.js``).

Built as data (dicts → ``json.dumps``), never from text templates. Amounts are decimal strings; the
evaluator computes in integer cents, so it agrees with the Python engine to the cent. The explanation
templates travel along (the explanation's, the details' of ``assess(…, detail=True)`` and the errors'), so the
browser words each step and each error as the engine does.

Rules the browser evaluator of format 1 does not know (several sibling rules, ``max_paid_fees``,
``below`` thresholds, ``not_computed``) are added only when a Satzung uses them, listed under
``requires``; such a Satzung has ``siblings: null`` (its rules are under ``sibling_rules``), so an
evaluator that does not read them declines families with more than one paying child instead of
computing a wrong fee. Satzungen without them compile exactly as before.
"""

from __future__ import annotations

import json
from typing import Any

from kitaforms.satzung.estg import pauschbetrag_json
from kitaforms.satzung.explain import DETAIL_MESSAGES, ERRORS, FEATURE_MESSAGES, MESSAGES, MORE_WORDS, WORDS
from kitaforms.satzung.rules import Rules, Table

FORMAT = "kitaforms-satzung/1"


def compile_json(rules: Rules, messages: bool = True) -> dict[str, Any]:
    model = rules.model
    features = rules.features
    data: dict[str, Any] = {
        "format": FORMAT,
        "key": rules.key,
        "kommune": rules.kommune,
        **model.model_dump(mode="json", by_alias=True, include={"title", "jugendamt", "valid_from", "valid_until"}),
        "sources": [s.model_dump(mode="json", exclude_none=True) for s in model.sources],
        "rounding": model.rounding.model_dump(mode="json"),
        "income": _income(rules),
        "age_groups": _dump(model.age_groups),
        "tables": [table_json(t) for t in (*rules.fee_tables.values(), *rules.meal_tables.values())],
        "fee_free": _fee_free(rules),
        "siblings": _siblings(rules),
        "alternating_residence": _dump(model.alternating_residence),
        "indexation": [rule.model_dump(mode="json", by_alias=True) for rule in model.indexation],
    }
    if features:
        data.update(_features(rules))
    if messages:
        data["messages"] = _merged(MESSAGES, DETAIL_MESSAGES, FEATURE_MESSAGES) if features \
            else _merged(MESSAGES, DETAIL_MESSAGES)
        data["words"] = _merged(WORDS, MORE_WORDS)
        data["errors"] = ERRORS
    return data


def _income(rules: Rules) -> Any:
    """The income rules; the Arbeitnehmer-Pauschbetrag by year travels with a `work_expenses` rule that deducts it
    (from :mod:`kitaforms.satzung.estg`, the table the engine uses)."""
    data = _dump(rules.model.income)
    expenses = data and data.get("work_expenses")
    if expenses and expenses.get("flat_allowance"):
        expenses["pauschbetrag"] = pauschbetrag_json()
    return data


def _fee_free(rules: Rules) -> dict[str, Any]:
    data = rules.model.fee_free.model_dump(mode="json", by_alias=True)
    for rule in data["income_up_to"]:
        if rule.get("below") is None:
            del rule["below"]
    return data


def _siblings(rules: Rules) -> Any:
    """The one sibling rule as format 1 has it, or ``None`` when the family rules need the new keys."""
    if len(rules.sibling_rules) != 1 or {"sibling_rules", "max_paid_fees"} & set(rules.features):
        return None
    return rules.sibling_rules[0].model_dump(mode="json", by_alias=True, exclude={"also_counts"})


def _features(rules: Rules) -> dict[str, Any]:
    model = rules.model
    data: dict[str, Any] = {"requires": list(rules.features),
                            "sibling_rules": [_dump(rule) for rule in rules.sibling_rules]}
    if model.max_paid_fees is not None:
        data["max_paid_fees"] = _dump(model.max_paid_fees)
    if model.not_computed:
        data["not_computed"] = [case.model_dump(mode="json", exclude_none=True) for case in model.not_computed]
    return data


def _merged(*tables: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {lang: {k: v for table in tables for k, v in table[lang].items()} for lang in tables[0]}


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
