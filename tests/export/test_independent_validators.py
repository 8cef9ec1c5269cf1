"""The exported schemas, as a receiver checks them: with validators we did not write.

Every current bundle in ``exports/`` (the versions ``index.json`` names) is checked with

* **ajv** 8 (``ajv/dist/2020``, default options: strict mode; ``tools/ajv-validate.mjs``) — the schema
  compiles with no error and no warning;
* **python-jsonschema** (``Draft202012Validator``, no format assertion) — the schema is valid 2020-12;

and both must agree with what the examples say: every valid example accepted, every invalid one
refused. The instances are read as a receiver reads JSON (``json.loads``: numbers are floats).

Amounts travel as decimal strings whose ``pattern`` holds the field's range: for every money field,
10,000 random cent amounts in its range are accepted and amounts with three decimals refused, by
both validators. Fields whose subschemas are identical share one run (same schema, same answers).
Finally no schema carries an ``x-`` key, and every bundle names its services (LeiKa, OZG).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from kitaforms.export.schema import DRAFT, LEIKA_URN, service_keys

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "exports"
NODE = shutil.which("node")
AMOUNTS_PER_FIELD = 10_000
BAD_AMOUNTS_PER_FIELD = 2_000


@dataclass
class Bundle:
    folder: str
    schema: dict[str, Any]
    form: dict[str, Any]
    manifest: dict[str, Any]
    valid: list[tuple[str, Any]] = field(default_factory=list)
    invalid: list[tuple[str, Any]] = field(default_factory=list)

    def __repr__(self) -> str:
        return self.folder


def _read(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))  # floats, as a receiver's JSON parser gives them


def _current_bundles() -> list[Bundle]:
    index = _read(EXPORTS / "index.json")
    bundles = []
    for kommune in index["kommunen"]:
        for entry in kommune["forms"]:
            folder = EXPORTS / entry["bundle"]
            bundle = Bundle(entry["bundle"], _read(folder / "schema.json"), _read(folder / "form.json"),
                            _read(folder / "manifest.json"))
            examples = _read(folder / "examples" / "index.json")
            bundle.valid = [(e["file"], _read(folder / "examples" / e["file"])) for e in examples["valid"]]
            bundle.invalid = [(e["file"], _read(folder / "examples" / e["file"])) for e in examples["invalid"]]
            bundles.append(bundle)
    return bundles


BUNDLES = _current_bundles()


def _ajv(jobs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Run ``tools/ajv-validate.mjs``: ``{id: {compiled, error, warnings, valid}}``."""
    if NODE is None:
        pytest.skip("node is not on PATH: cannot run ajv")
    if not (ROOT / "node_modules" / "ajv").is_dir():
        pytest.fail("ajv is not installed: run `npm install` (make node-deps)")
    done = subprocess.run([NODE, str(ROOT / "tools" / "ajv-validate.mjs")], input=json.dumps({"jobs": jobs}),
                          capture_output=True, text=True, cwd=ROOT, check=True, timeout=600)
    return {result["id"]: result for result in json.loads(done.stdout)["results"]}


def _keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keys(value)


def test_there_are_current_bundles() -> None:
    assert len(BUNDLES) >= 27 and {b.manifest["form"]["id"] for b in BUNDLES} == {"anmeldung", "einkommen", "beitragsbefreiung",
                                                                                    "platzangebot"}


# --- schemas and examples -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def ajv_examples() -> dict[str, dict[str, Any]]:
    jobs = [{"id": b.folder, "schema": b.schema, "instances": [data for _, data in b.valid + b.invalid]} for b in BUNDLES]
    return _ajv(jobs)


@pytest.mark.parametrize("bundle", BUNDLES, ids=repr)
def test_ajv_compiles_in_strict_mode_without_a_warning(bundle: Bundle, ajv_examples: dict[str, dict[str, Any]]) -> None:
    result = ajv_examples[bundle.folder]
    assert result["compiled"], result["error"]
    assert result["warnings"] == []


@pytest.mark.parametrize("bundle", BUNDLES, ids=repr)
def test_both_validators_agree_with_the_examples(bundle: Bundle, ajv_examples: dict[str, dict[str, Any]]) -> None:
    Draft202012Validator.check_schema(bundle.schema)
    python = Draft202012Validator(bundle.schema)
    expected = [True] * len(bundle.valid) + [False] * len(bundle.invalid)
    names = [name for name, _ in bundle.valid + bundle.invalid]
    by_python = [python.is_valid(data) for _, data in bundle.valid + bundle.invalid]
    by_ajv = ajv_examples[bundle.folder]["valid"]
    assert list(zip(names, by_python, strict=True)) == list(zip(names, expected, strict=True)), "python-jsonschema"
    assert list(zip(names, by_ajv, strict=True)) == list(zip(names, expected, strict=True)), "ajv"


# --- amounts --------------------------------------------------------------------------------------


def _elements(elements: list[dict[str, Any]], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for element in elements:
        name = prefix + element["id"]
        yield name, element
        yield from _elements(element.get("elements") or [], name + ".")


def _subschema(schema: dict[str, Any], name: str) -> dict[str, Any]:
    node = schema
    for part in name.split("."):
        if node.get("type") == "array":
            node = node["items"]
        node = node["properties"][part]
    return node


@dataclass
class AmountField:
    schema: dict[str, Any]
    minimum: Decimal | None
    maximum: Decimal | None
    where: list[str] = field(default_factory=list)  # bundle:field of every money field with this schema


def _money_fields() -> list[AmountField]:
    found: dict[str, AmountField] = {}
    for bundle in BUNDLES:
        for step in bundle.form["form"]["steps"]:
            for name, element in _elements(step["elements"]):
                if element["type"] != "money":
                    continue
                sub = _subschema(bundle.schema, name)
                key = json.dumps(sub, sort_keys=True)
                low, high = element.get("minimum"), element.get("maximum")
                entry = found.setdefault(key, AmountField(sub, None if low is None else Decimal(str(low)),
                                                          None if high is None else Decimal(str(high))))
                entry.where.append(f"{bundle.folder}:{name}")
    return list(found.values())


MONEY = _money_fields()


def _cent_amounts(rng: random.Random, low: Decimal | None, high: Decimal | None, count: int) -> list[str]:
    """Random amounts with two decimals in [low, high], the bounds themselves, and some whole euros."""
    bottom = int((low if low is not None else Decimal(-10**9)) * 100)
    top = int((high if high is not None else Decimal(10**9)) * 100)
    amounts = {bottom, top}
    while len(amounts) < min(count, top - bottom + 1):
        scale = rng.choice([100, 10_000, 1_000_000, 100_000_000, top - bottom])
        amounts.add(min(top, bottom + rng.randint(0, max(scale, 1))))
    texts = []
    for index, cents in enumerate(sorted(amounts)):
        value = Decimal(cents).scaleb(-2)
        text = f"{value:.2f}"
        if index % 10 == 0 and value == value.to_integral_value():
            text = str(int(value))  # "1250" is an amount too
        texts.append("0.00" if text == "-0.00" else text)
    return texts


def _three_decimals(rng: random.Random, low: Decimal | None, count: int) -> list[str]:
    base = int(low or 0) * 1000
    return [f"{Decimal(base + rng.randint(0, 10**9) * 10 + rng.randint(1, 9)).scaleb(-3):.3f}" for _ in range(count)]


def _outside(entry: AmountField) -> list[str]:
    """Amounts just outside the field's range: the range is part of the pattern."""
    cent = Decimal("0.01")
    return [f"{bound:.2f}" for bound in (entry.minimum - cent if entry.minimum is not None else None,
                                         entry.maximum + cent if entry.maximum is not None else None) if bound is not None]


def test_every_form_with_amounts_has_money_fields() -> None:
    forms = {where.split("/")[1] for entry in MONEY for where in entry.where}
    assert forms == {"einkommen", "beitragsbefreiung"}, forms
    assert sum(len(entry.where) for entry in MONEY) >= 2 * 9  # every Kommune's income and waiver forms


def test_money_amounts_are_decided_exactly_by_both_validators() -> None:
    rng = random.Random(20260202)
    jobs, expected = [], {}
    for number, entry in enumerate(MONEY):
        good = _cent_amounts(rng, entry.minimum, entry.maximum, AMOUNTS_PER_FIELD)
        bad = _three_decimals(rng, entry.minimum, BAD_AMOUNTS_PER_FIELD) + _outside(entry)
        bad += [1234.56, 19.99, 1250, "12,50", "1e3", "01.50", "", " 1.00", "1.", ".5", "-0"]  # numbers are no amounts
        schema = {"$schema": DRAFT, **entry.schema}
        instances = good + bad
        jobs.append({"id": str(number), "schema": schema, "instances": instances})
        expected[str(number)] = [True] * len(good) + [False] * len(bad)
        python = Draft202012Validator(schema)
        by_python = [python.is_valid(value) for value in instances]
        wrong = [value for value, got, want in zip(instances, by_python, expected[str(number)], strict=True) if got != want]
        assert not wrong, (entry.where[0], wrong[:10])
    results = _ajv(jobs)
    for number, entry in enumerate(MONEY):
        result = results[str(number)]
        assert result["compiled"] and not result["warnings"], (entry.where[0], result["error"], result["warnings"])
        instances = jobs[number]["instances"]
        wrong = [value for value, got, want in zip(instances, result["valid"], expected[str(number)], strict=True) if got != want]
        assert not wrong, (entry.where[0], wrong[:10])


def test_ordinary_cent_amounts_pass_where_floats_failed() -> None:
    """The amounts a binary ``multipleOf: 0.01`` refused (1234.56, 19.99 as JSON numbers) pass as strings."""
    einkommen = next(b for b in BUNDLES if b.manifest["form"]["id"] == "einkommen")
    sub = _subschema(einkommen.schema, "einkommen1.lohn")
    assert Draft202012Validator(sub).is_valid("1234.56") and Draft202012Validator(sub).is_valid("19.99")
    assert not Draft202012Validator(sub).is_valid(1234.56)


# --- what a schema carries ------------------------------------------------------------------------


@pytest.mark.parametrize("bundle", BUNDLES, ids=repr)
def test_no_x_keywords_and_no_formats(bundle: Bundle) -> None:
    keys = set(_keys(bundle.schema))
    assert not {key for key in keys if key.startswith("x-")}
    assert "format" not in keys


@pytest.mark.parametrize("bundle", BUNDLES, ids=repr)
def test_every_bundle_names_its_services(bundle: Bundle) -> None:
    manifest = bundle.manifest
    assert manifest["leika"] and all(re.fullmatch(re.escape(LEIKA_URN) + r"99\d{12}", urn) for urn in manifest["leika"])
    assert re.fullmatch(r"\d{5}", manifest["ozg_id"] or "")
    assert service_keys(bundle.schema) == {"leika": manifest["leika"], "ozg": manifest["ozg_id"]}
    assert [LEIKA_URN + key for key in bundle.form["form"]["leika"]] == manifest["leika"]


# --- the test form with every field type: amounts with a range and in conditions -------------------


def test_every_field_type_and_condition_compiles_and_decides_alike(allfields) -> None:  # type: ignore[no-untyped-def]
    """``tests/export/fixtures/allfields``: a decimal with one place and a range, and ``iban`` required
    when ``einkommen > 2000`` — an amount comparison inside ``if`` (a pattern of the amounts above 2000)."""
    schema = json.loads(allfields.files["schema.json"])
    full = json.loads(allfields.files["examples/valid/02-full.json"])
    full.update(alleinerziehend=False)
    full.pop("iban", None)
    amounts = ["2000", "2000.0", "2000.00", "1999.99", "2000.01", "2000.1", "12000", "0", "0.5", "99999.99"]
    instances = [{**full, "einkommen": amount} for amount in amounts]
    expected = [Decimal(amount) <= 2000 for amount in amounts]  # above 2000 the IBAN is required
    hours = ["0", "0.0", "7.5", "12", "12.0", "12.1", "7.55", "-0.1", 7.5]
    instances += [{**full, "einkommen": "1500.00", "betreuungszeit": value} for value in hours]
    expected += [True, True, True, True, True, False, False, False, False]  # decimals: 1, minimum 0, maximum 12
    result = _ajv([{"id": "allfields", "schema": schema, "instances": instances}])["allfields"]
    assert result["compiled"] and result["warnings"] == [], (result["error"], result["warnings"])
    assert result["valid"] == expected
    assert [Draft202012Validator(schema).is_valid(instance) for instance in instances] == expected
