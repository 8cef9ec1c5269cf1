"""Fee table pages, SVG plots, the compiled JSON for the browser, and the editors' schema."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from satzung_support import FEES_JS, NODE, satzung

from kitaforms.editor_schemas import editor_models
from kitaforms.satzung.compiled import compile_json, dumps
from kitaforms.satzung.explain import ERRORS, MESSAGES, money
from kitaforms.satzung.model import Satzung
from kitaforms.satzung.report import plots_of, render_page, report_files

SVG = "{http://www.w3.org/2000/svg}"


def test_koeln_page_shows_every_cell_and_the_sources(project_rules) -> None:
    rules = project_rules["koeln/2025-08"]
    page = render_page(rules)
    table = rules.fee_tables["kita"]
    for values in table.cells.values():
        for value in values:
            assert money(str(value)) in page
    assert "über 24.542 € bis 36.813 €" in page
    assert "https://www.stadt-koeln.de/mediaasset/content/satzungen/elternbeitraege_20250417.pdf" in page
    assert "<script" not in page and "style=" not in page


def test_unknown_cells_are_marked_and_notes_shown(project_rules) -> None:
    page = render_page(project_rules["duesseldorf/2021-08"])
    assert page.count('<abbr title="nicht bekannt">–</abbr>') == 4 + 9  # Stufe 2 in both tables
    assert "Cells empty in the text version of the annex read (S1)." in page


def test_page_escapes_editor_text() -> None:
    rules = satzung("""\
        notes: ["<script>alert(1)</script>"]
        tables:
          - {id: ogs, care_type: ogs, paragraph: "<b>§ 1</b>", source: S1, boundaries: upper_inclusive,
             rows: [{to: null, fee: 10}]}
        """)
    page = render_page(rules)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "&lt;b&gt;§ 1" in page


def test_svg_plots_are_valid_accessible_and_follow_the_table(project_rules) -> None:
    rules = project_rules["koeln/2025-08"]
    plots = plots_of(rules)
    assert [name for name, _, _ in plots] == ["kita-u2", "kita-age2_to_u3", "kita-ue3"]
    root = ET.fromstring(plots[0][1])
    assert root.get("role") == "img" and root.find(f"{SVG}title").text.startswith("Elternbeiträge")
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 3  # one step line per hour column
    ys = [float(p.split(",")[1]) for p in lines[2].get("points").split()]
    assert ys == sorted(ys, reverse=True)  # SVG y grows downwards: the fee only rises
    assert not re.search(r"\bstyle=|<script|href=", plots[0][1])


def test_unknown_values_break_the_plot_line(project_rules) -> None:
    name, svg, _ = plots_of(project_rules["bonn/2019-08"])[0]
    lines = ET.fromstring(svg).findall(f"{SVG}polyline")
    assert name == "kita-u3" and len(lines) == 1 and len(lines[0].get("points").split()) == 4


def test_report_files_for_every_real_satzung(project_rules) -> None:
    for rules in project_rules.values():
        files = report_files(rules)
        assert f"{rules.key.replace('/', '-')}.html" in files and "satzung.css" in files


def test_compiled_json_is_data_with_amounts_as_strings(project_rules) -> None:
    for rules in project_rules.values():
        data = compile_json(rules)
        text = json.dumps(data)
        assert dumps(rules) == dumps(rules)  # deterministic
        assert not any(isinstance(v, float) for v in _leaves(data)), rules.key
        assert data["format"] == "kitaforms-satzung/1"
        # the explanation's templates, with those of the details and the errors (the browser words them too)
        assert all(data["messages"][lang].items() >= MESSAGES[lang].items() for lang in MESSAGES)
        assert data["errors"] == ERRORS
        assert json.loads(text) == data
    kita = compile_json(project_rules["koeln/2025-08"])["tables"][0]
    assert kita["cells"]["u2"][2][9] == "830.02" and kita["uppers"][0] == "24542"


def _leaves(value):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def test_rules_to_json_for_the_assistant(project_rules) -> None:
    rules = project_rules["koeln/2025-08"]
    assert rules.to_json() == compile_json(rules)


@pytest.mark.parametrize("forbidden", [r"\beval\s*\(", r"\bFunction\s*\(", r"\bimport\b", r"\brequire\s*\(",
                                       r"parseFloat", r"toLocaleString", r"\*\*"])
def test_fees_js_is_csp_safe_and_float_free(forbidden: str) -> None:
    source = FEES_JS.read_text(encoding="utf-8")
    assert not re.search(forbidden, source)


def test_fees_js_estimate_hook_from_the_income_form(project_rules) -> None:
    """The income assistant calls KitaFees.estimate(satzung, form data, {today, lang}) – Köln, 45 h, a child of 2,
    salary 60,000 minus 5,000 Werbungskosten = 55,000 → 301.50 EUR, as the Python engine says."""
    if NODE is None:
        pytest.skip("node is not on PATH")
    import subprocess

    data = {"kinder": [{"geburtsdatum": "2023-05-10", "betreuungsart": "kita", "umfang": "45"}],
            "erklaerungsweg": "angaben", "familiensituation": "beide_eltern",
            "einkommen1": {"arten": ["nichtselbststaendig"], "lohn": 60000, "werbungskosten": "5000"}}
    script = (f"const f = require({json.dumps(str(FEES_JS))});"
              f"const r = f.estimate({json.dumps(compile_json(project_rules['koeln/2025-08']))}, {json.dumps(data)},"
              " {today: '2025-09-01', lang: 'de'});"
              "process.stdout.write(JSON.stringify(r));")
    result = json.loads(subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout)
    assert result["fee"] == 301.5 and result["total"] == "301.50"
    assert any("55.000,00 €" in step["text"] for step in result["explanation"])


def test_every_key_of_the_language_is_documented() -> None:
    """Every property of the editors' schema has a description (it becomes autocompletion help and the docs)."""
    schema = Satzung.model_json_schema(mode="validation")
    missing = []
    for name, model in [("Satzung", schema), *schema["$defs"].items()]:
        if "properties" not in model:
            continue
        assert model.get("description"), f"{name} has no docstring"
        for key, prop in model["properties"].items():
            if not (prop.get("description") or "$ref" in prop or _ref_in(prop)):
                missing.append(f"{name}.{key}")
    assert not missing, missing


def _ref_in(prop) -> bool:  # type: ignore[no-untyped-def]
    return any("$ref" in option for option in prop.get("anyOf", []) + prop.get("oneOf", []))


def test_satzung_schema_is_offered_to_editors() -> None:
    assert editor_models()["satzung"] is Satzung


def test_money_formatting() -> None:
    assert money("1234.5") == "1.234,50 €" and money("1234.5", "en") == "€1,234.50"
    assert money("24542", cents=False) == "24.542 €" and money(str(Decimal("-3.005"))) == "-3,01 €"


def test_household_json_round_trip() -> None:
    """The household shape shared with the browser evaluator survives JSON both ways; bad data is an input error."""
    from datetime import date

    from kitaforms.satzung import Child, Custodian, FeeInputError, Household, IncomeItem
    from kitaforms.satzung.jsonio import household_from_json, household_to_json

    household = Household(
        children=(Child(date(2023, 5, 10), "kita", Decimal("35"), date(2025, 8, 1), True),),
        incomes=(IncomeItem("elterngeld", monthly=Decimal("1800.50"), months=7, custodian=1, elterngeld_plus=True),),
        custodians=(Custodian(), Custodian(True)), statement=True, benefits=frozenset({"wohngeld"}),
        children_in_household=3, alternating=True, provisional=True,
    )
    assert household_from_json(json.loads(json.dumps(household_to_json(household)))) == household
    with pytest.raises(FeeInputError):
        household_from_json({"children": [{"birth_date": "10.05.2023", "care_type": "kita"}]})
    with pytest.raises(FeeInputError):
        household_from_json({"children": [], "declared_income": 1234.5})
