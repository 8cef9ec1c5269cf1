"""Shared test support: inline Satzungen, quick households, the project root."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from textwrap import dedent
from typing import Any

from kitaforms.diagnostics import Diagnostic
from kitaforms.satzung import Assessment, Child, Household, assess, load_satzung_text
from kitaforms.satzung.project import select
from kitaforms.satzung.rules import Rules

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
FEES_JS = ROOT / "renderers/default/static/js/fees.js"
RUNNER = Path(__file__).with_name("run_fees.js")

HEAD = """\
title: Testsatzung
jugendamt: Testamt
valid_from: 2025-08-01
sources:
  - {id: S1, url: "https://example.org/satzung", reliability: primary}
"""


def satzung(body: str, head: str = HEAD) -> Rules:
    """Rules from inline YAML (the head with title, validity and a source is added); fails on errors."""
    loaded = load_satzung_text(head + dedent(body))
    errors = [d for d in loaded.diagnostics if d.is_error]
    assert loaded.rules is not None and not errors, "\n".join(f"{d.location} {d.code} {d.message}" for d in errors)
    return loaded.rules


def diagnostics(body: str, head: str = HEAD) -> list[Diagnostic]:
    return load_satzung_text(head + dedent(body), "satzungen/test/2025-08.yaml").diagnostics


def codes(body: str, head: str = HEAD) -> list[str]:
    return [d.code for d in diagnostics(body, head)]


def kid(born: str, care: str = "kita", hours: int | str | None = 45, **kw: Any) -> Child:
    return Child(date.fromisoformat(born), care, None if hours is None else Decimal(str(hours)), **kw)


def family(income: int | str | None, *children: Child, **kw: Any) -> Household:
    declared = None if income is None else Decimal(str(income))
    return Household(children=tuple(children), declared_income=declared, **kw)


def fee_of(rules: Rules, household: Household, on: str) -> Assessment:
    return assess(rules, household, date.fromisoformat(on))


def real(project_rules: dict[str, Rules], kommune: str, on: str) -> Rules:
    return select(project_rules, kommune, date.fromisoformat(on))


def run_js(rules: dict[str, dict[str, Any]], cases: list[dict[str, Any]], runner: Path = RUNNER) -> list[dict[str, Any]]:
    """Evaluate ``cases`` under node with the fees.js the assistants ship (the minified bundle part);
    returns one result (or error) per case."""
    from kitaforms.render import _js

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "cases.json").write_text(json.dumps({"rules": rules, "cases": cases}), encoding="utf-8")
        (Path(folder) / "fees.js").write_bytes(_js("js/fees.js"))
        out = subprocess.run([NODE or "node", str(runner), "cases.json", "fees.js"], cwd=folder,
                             capture_output=True, text=True, check=True)
    return json.loads(out.stdout)
