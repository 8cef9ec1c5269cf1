"""Satzungen that exercise every feature of the language at once (values illustrative, not any Kommune's),
so the Python/JavaScript equivalence covers rules no real file uses yet."""

from __future__ import annotations

from satzung_support import satzung

from kitaforms.satzung.rules import Rules

AGE = """\
age_groups:
  paragraph: § 3
  switch: {switch}
  groups:
    - {{id: u2, label: unter 2, below_years: 2}}
    - {{id: u3, label: 2 bis unter 3, from_years: 2, below_years: 3}}
    - {{id: ue3, label: ab 3, from_years: 3}}
"""

INCOME = """\
income:
  paragraph: § 4
  summary: Positive Einkünfte, Elterngeld über dem Freibetrag.
  counted: [nichtselbstaendig, selbstaendig, gewerbe, kapital, elterngeld, unterhalt]
  not_counted: [kindergeld]
  loss_offset: {loss}
{expenses}  beamte_addition: {{paragraph: § 4 Abs. 4, percent: 10.5, of: [nichtselbstaendig]}}
  child_deduction: {{paragraph: § 4 Abs. 5, amount: 3012.50, from_child: 2}}
  elterngeld_allowance: {{paragraph: § 4 Abs. 6, basis_monthly: 300, plus_monthly: 150}}
  special_payments: {{paragraph: § 4 Abs. 7, assume_thirteenth_salary: true}}
  no_statement: {{paragraph: § 4 Abs. 8, consequence: highest_fee}}
  settlement: {{paragraph: § 6, settled_by: income_proof}}
"""

TABLES = """\
tables:
  - id: kita
    care_type: kita
    paragraph: Anlage 1
    source: S1
    boundaries: {boundaries}
    age_groups: [u2, u3, ue3]
    hours: [25, 35, 45, null]
    rows:
      - {{to: 20000, fees: {{u2: [0, 0, 0, 10.01], u3: [0, 0, 0, 10], ue3: [0, 0, 0, 5]}}}}
      - {{from: {b1}, to: 45000, fees: {{u2: [101.11, 152.23, 203.37, 250.01], u3: [90.05, 130.13, 170.17, 210.19],
          ue3: [40.41, 60.61, 80.81, 99.99]}}}}
      - {{from: {b2}, to: 90000, fees: {{u2: [301.33, 352.47, 403.59, 450.61], u3: [290.29, 330.31, 370.37, 410.41],
          ue3: [140.43, 160.47, 180.53, 199.97]}}}}
      - {{from: {b3}, to: null, fees: {{u2: [601.07, 652.11, 703.13, 750.17], u3: null, ue3: [240.23, 260.29, 280.31, 299.37]}},
          note: "u3 unknown in the top bracket (for the tests)"}}
  - id: tagespflege
    care_type: tagespflege
    paragraph: Anlage 2
    source: S1
    boundaries: {boundaries}
    age_groups: [u2, u3, ue3]
    hours: [25, 35, null]
    per_hour: {{monthly_factor: {factor}}}
    rows:
      - {{to: 20000, fees: {{u2: [0.51, 0.14, 0.16], u3: [0.49, 0.13, 0.15], ue3: [0.21, 0.11, 0.09]}}}}
      - {{from: {b1}, to: 45000, fees: {{u2: [1.11, 0.33, 0.37], u3: [1.07, 0.31, 0.35], ue3: [0.55, 0.21, 0.23]}}}}
      - {{from: {b2}, to: 90000, fees: {{u2: [2.48, 0.71, 0.77], u3: [2.25, 0.64, 0.71], ue3: [1.15, 0.41, 0.43]}}}}
      - {{from: {b3}, to: null, fees: {{u2: [4.77, 1.33, 1.47], u3: [3.67, 1.02, 1.13], ue3: [2.01, 0.99, 0.97]}}}}
  - id: ogs
    care_type: ogs
    paragraph: Anlage 3
    source: S1
    boundaries: {boundaries}
    rows:
      - {{to: 20000, fee: 0}}
      - {{from: {b1}, to: 45000, fee: 41.25}}
      - {{from: {b2}, to: 90000, fee: 97.53}}
      - {{from: {b3}, to: null, fee: 150.01}}
  - id: essen
    care_type: kita
    purpose: meal_money
    paragraph: Essensgeld
    source: S1
    boundaries: {boundaries}
    age_groups: [u2, u3, ue3]
    rows:
      - {{to: 45000, fees: {{u2: 14, u3: 28, ue3: 28}}}}
      - {{from: {b2}, to: null, fees: {{u2: 31, u3: 62, ue3: 62.50}}}}
"""

RULES = """\
fee_free:
  kibiz_50: {{care_types: [kita, tagespflege], applies_from: 2020-08-01}}
  age_groups: [{{paragraph: § 5, age_group: ue3, care_types: [hort]}}]
  income_up_to: [{{paragraph: § 5 Abs. 2, up_to: 15000, care_types: [ogs]}}]
  benefits: {{paragraph: § 5 Abs. 3, benefits: [buergergeld, wohngeld], effect: {benefit}}}
siblings:
  paragraph: § 8
  care_types: [kita, tagespflege, ogs]
  shares: {shares}
  cap: {cap}
  max_paying_children: {max_paying}
  free_child_counts: {free_counts}
  care_type_rank: {{kita: 1, tagespflege: 1, ogs: 2}}
alternating_residence: {{paragraph: § 9, mode: {alternating}}}
indexation:
  - {{type: yearly_percent, paragraph: § 10, percent: {percent}, first: 2021-08-01, care_types: [kita, tagespflege]}}
  - {{type: yearly_percent, paragraph: § 10a, percent: 3.67, first: 2023-08-01, last: 2024-08-01, care_types: [ogs]}}
  - {{type: scale, paragraph: § 11, steps: [{{from: 2022-08-01, percent: 75}}, {{from: 2023-08-01, percent: 50.5}}],
      care_types: [ogs]}}
rounding: {{unit: "{unit}", mode: {mode}}}
"""

HEAD = """\
title: Synthetische Satzung {n}
jugendamt: Testamt
valid_from: 2020-08-01
valid_until: 2027-07-31
sources:
  - {{id: S1, url: "https://example.org", reliability: primary}}
"""

VARIANTS = [
    dict(switch="month_after_birthday", loss="false", boundaries="upper_inclusive", factor="52/12", benefit="free",
         shares="[100, 50, 25]", cap="90", max_paying="3", free_counts="true", alternating="separate_half",
         percent="1.5", unit="0.01", mode="half_up",
         expenses="  work_expenses: {paragraph: § 4 Abs. 2}\n  reference_year: fee_year\n"),
    dict(switch="birthday_month", loss="true", boundaries="whole_euros", factor="'13/3'", benefit="lowest_bracket",
         shares="[100, 33.33]", cap="null", max_paying="null", free_counts="false", alternating="combined",
         percent="-2.25", unit="0.05", mode="down",
         expenses="  work_expenses: {paragraph: § 4 Abs. 2, flat_allowance: false}\n"),
    dict(switch="on_birthday", loss="false", boundaries="lower_inclusive", factor="'4'", benefit="free",
         shares="[100]", cap="null", max_paying="1", free_counts="true", alternating="separate_half",
         percent="3", unit="0.50", mode="up",
         expenses=""),
    dict(switch="unknown", loss="true", boundaries="upper_inclusive", factor="null", benefit="lowest_bracket",
         shares="[100, 0]", cap="null", max_paying="null", free_counts="false", alternating="separate_half",
         percent="0.75", unit="1.00", mode="half_up",
         expenses="  work_expenses: {paragraph: § 4 Abs. 2}\n  reference_year: previous_year\n"),
]


def synthetic() -> list[Rules]:
    result = []
    for n, variant in enumerate(VARIANTS, 1):
        whole = variant["boundaries"] == "whole_euros"
        bounds = {"b1": 20001 if whole else 20000, "b2": 45001 if whole else 45000, "b3": 90001 if whole else 90000}
        text = (HEAD.format(n=n) + AGE.format(**variant) + INCOME.format(**variant)
                + TABLES.format(**variant, **bounds) + RULES.format(**variant))
        if variant["factor"] == "null":
            text = text.replace("per_hour: {monthly_factor: null}", "per_hour: {monthly_factor: null, note: test}")
        rules = satzung(text, head="")
        result.append(rules.__class__(**{**rules.__dict__, "key": f"synthetic/{n}", "kommune": "synthetic"}))
    return result
