"""Benchmark: load + check (``compile_project``) of a generated form with 1,000 fields.

The form is realistic in shape: 20 steps, each with two groups, plain fields and every fourth step a
repeat; a mix of all input types; 10 code lists; about 200 visible_if/required_if conditions and
100 validations, each referring to earlier fields (in its own group or repeat, or further up).

    python bench/validate.py             best and median of 5 runs
    python bench/validate.py --profile   the same, then the top functions by cumulative time
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from kitaforms.compiler import compile_project

FIELDS = 1_000
STEPS = 20
RUNS = 5
AIM_SECONDS = 0.3

TYPES = [
    "text",
    "integer",
    "date",
    "boolean",
    "choice",
    "text",
    "decimal",
    "money",
    "email",
    "multichoice",
    "postal_code",
    "textarea",
    "tel",
    "month",
    "iban",
    "choice",
]
CODE_LISTS = {f"liste_{n}": [f"wert_{n}_{k}" for k in range(3 + n % 6)] for n in range(10)}


def text(de: str) -> dict[str, str]:
    return {"de": de, "en": f"{de} (en)"}


class FormBuilder:
    """Builds the form step by step, remembering the fields that later conditions may refer to."""

    def __init__(self) -> None:
        self.count = 0
        self.conditions = 0
        self.validations = 0
        self.earlier: list[tuple[str, str, str | None]] = []  # (dotted name, type, code list)

    def form(self) -> dict[str, Any]:
        per_step = FIELDS // STEPS
        return {
            "id": "bench",
            "version": "1.0.0",
            "title": text("Benchmark"),
            "leika": ["99041004034000"],
            "settings": {"max_kinder": 4},
            "code_lists": {
                name: [{"code": c, "label": text(c.title())} for c in codes] for name, codes in CODE_LISTS.items()
            },
            "steps": [self.step(s, per_step) for s in range(STEPS)],
        }

    def step(self, index: int, size: int) -> dict[str, Any]:
        elements: list[dict[str, Any]] = [
            {"id": f"info_{index}", "type": "info", "body": text(f"Schritt **{index}**.")}
        ]
        repeat = 5 if index % 4 == 3 else 0
        group = (size - repeat - 10) // 2
        for g in range(2):
            elements.append(self.group(f"gruppe_{index}_{g}", group))
        elements += [self.field(f"feld_{index}_{k}", "") for k in range(size - repeat - 2 * group)]
        if repeat:
            elements.append(self.repeat(f"liste_{index}", repeat))
        step: dict[str, Any] = {"id": f"schritt_{index}", "title": text(f"Schritt {index}"), "elements": elements}
        if index and index % 5 == 0:
            step["visible_if"] = self.condition("", top_level_only=True)
        return step

    def group(self, name: str, size: int) -> dict[str, Any]:
        fields = [self.field(f"f{k}", name + ".") for k in range(size)]
        return {"id": name, "type": "group", "label": text(name), "elements": fields}

    def repeat(self, name: str, size: int) -> dict[str, Any]:
        fields = [self.field(f"r{k}", name + ".", in_repeat=True) for k in range(size)]
        return {
            "id": name,
            "type": "repeat",
            "label": text(name),
            "max_items": {"setting": "max_kinder"},
            "item_label": text("Eintrag"),
            "elements": fields,
        }

    def field(self, name: str, prefix: str, in_repeat: bool = False) -> dict[str, Any]:
        kind = TYPES[self.count % len(TYPES)]
        self.count += 1
        element: dict[str, Any] = {"id": name, "type": kind, "label": text(f"Frage {self.count}")}
        code_list = None
        if kind in ("choice", "multichoice"):
            code_list = f"liste_{self.count % 10}"
            element["code_list"] = code_list
        if kind == "integer":
            element.update(minimum=0, maximum=100)
        if self.count % 5 == 0 and self.earlier:
            element["visible_if" if self.count % 10 else "required_if"] = self.condition(prefix)
        if self.count % 10 == 3:
            element["validations"] = [self.validation(kind)]
        element["required"] = self.count % 3 == 0
        if not in_repeat:
            self.earlier.append((prefix + name, kind, code_list))
        return element

    def condition(self, prefix: str, top_level_only: bool = False) -> str:
        self.conditions += 1
        candidates = [e for e in self.earlier if not top_level_only or "." not in e[0]] or self.earlier
        parts = [self._test(*candidates[-(1 + (self.conditions * 7 + i * 13) % len(candidates))]) for i in range(2)]
        return f"{parts[0]} {'and' if self.conditions % 2 else 'or'} {parts[1]}"

    def _test(self, name: str, kind: str, code_list: str | None) -> str:
        if kind == "boolean":
            return name
        if kind == "choice":
            return f'{name} == "{CODE_LISTS[code_list][0]}"'
        if kind == "multichoice":
            return f'"{CODE_LISTS[code_list][1]}" in {name}'
        if kind in ("integer", "decimal", "money"):
            return f"{name} >= 3"
        if kind in ("date", "month"):
            return (
                f'{name} <= heute() and alter_am({name}, datum("2025-08-01")) < 6'
                if kind == "date"
                else f"{name} <= heute()"
            )
        return f"ausgefuellt({name})"

    def validation(self, kind: str) -> dict[str, Any]:
        self.validations += 1
        rule = {
            "integer": "wert >= 0 and wert <= einstellungen.max_kinder * 25",
            "decimal": "wert >= 0",
            "money": "wert >= 0",
            "date": "wert <= heute()",
            "month": "wert <= heute()",
            "boolean": "wert or not wert",
            "multichoice": "anzahl(wert) <= 3",
            "choice": 'wert != ""',
        }.get(kind, "laenge(wert) <= 80")
        return {
            "rule": rule,
            "message": text("Bitte prüfen."),
            "severity": "warning" if self.validations % 2 else "error",
        }


def write_project(root: Path) -> FormBuilder:
    builder = FormBuilder()
    form = builder.form()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(form, out)
    target = root / "forms" / "nrw" / "bench.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(out.getvalue(), encoding="utf-8")
    return builder


def time_runs(root: Path) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        compile_project(root)
        times.append(time.perf_counter() - start)
    return times


def profile(root: Path, top: int = 25) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    compile_project(root)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="print the top functions of one run (cProfile)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        builder = write_project(root)
        result = compile_project(root)  # warm-up, and proof that the form is valid
        if result.diagnostics.errors:
            for diagnostic in result.diagnostics.errors[:10]:
                print(f"{diagnostic.location}: {diagnostic.code} {diagnostic.message}", file=sys.stderr)
            return 1
        size = (root / "forms" / "nrw" / "bench.yaml").stat().st_size
        times = time_runs(root)
        print(
            f"validate: {builder.count} fields, {builder.conditions} conditions, {builder.validations} validations, "
            f"{size / 1024:.0f} KiB of YAML"
        )
        print(
            f"validate: {builder.count} fields, best {min(times):.2f} s, median {statistics.median(times):.2f} s "
            f"(aim < {AIM_SECONDS} s)"
        )
        if args.profile:
            profile(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
