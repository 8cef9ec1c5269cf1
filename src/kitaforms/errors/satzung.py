"""Codes for Satzung files (``satzungen/<kommune>/*.yaml``): the Elternbeitrag rules.

SATZUNG_001-004 come from the schema (pydantic); the others from :mod:`kitaforms.satzung.check`.
"""

from kitaforms.errors._types import ErrorCode, Severity

E, W = Severity.ERROR, Severity.WARNING

_ROWS = "boundaries: upper_inclusive\nrows:\n"

CODES = [
    ErrorCode(
        "SATZUNG_001", E, "Unknown key",
        "The key is not part of the Satzung language at this place. Often a typo; the hint suggests the "
        "closest allowed key. `kitaforms schema` writes the JSON Schema your editor uses for autocompletion.",
        wrong="fee_free:\n  kibiz50:\n    paragraph: § 50 Abs. 1 KiBiz\n",
        fixed="fee_free:\n  kibiz_50:\n    paragraph: § 50 Abs. 1 KiBiz\n",
    ),
    ErrorCode(
        "SATZUNG_002", E, "Required key missing",
        "A Satzung file needs `title`, `jugendamt`, `valid_from`, `sources`; every table needs `id`, "
        "`care_type`, `paragraph`, `boundaries` and `rows`; every row needs `to`.",
        wrong="- id: kita\n  care_type: kita\n  rows: []\n",
        fixed="- id: kita\n  care_type: kita\n  paragraph: Anlage 1\n  source: S1\n  boundaries: upper_inclusive\n"
        "  rows: []\n",
    ),
    ErrorCode(
        "SATZUNG_003", E, "Wrong value",
        "The value has the wrong type or format for this key: text where an amount is expected, a date that "
        "is not YYYY-MM-DD, a negative fee, a percentage above 100, an amount with more than two decimals.",
        wrong="valid_from: 01.08.2025\n",
        fixed="valid_from: 2025-08-01\n",
    ),
    ErrorCode(
        "SATZUNG_004", E, "Unknown rule type",
        "`type` of an indexation rule names a kind that does not exist. Use `yearly_percent` (Dynamisierung "
        "by a percentage each year) or `scale` (the whole table scaled to a percentage from a date).",
        wrong="indexation:\n  - type: yearly\n    percent: 1.5\n",
        fixed="indexation:\n  - type: yearly_percent\n    percent: 1.5\n",
    ),
    ErrorCode(
        "SATZUNG_005", E, "Gap between income brackets",
        "Some incomes fall into no bracket, so no fee could be found for them. With `upper_inclusive` each "
        "row starts where the previous one ends (`from` = previous `to`); with `whole_euros` it starts one "
        "euro higher. The last row must be open (`to: null`).",
        wrong=_ROWS + "  - {stufe: 1, to: 24542, fees: {ue3: [0, 0, 0]}}\n"
        "  - {stufe: 2, from: 25000, to: null, fees: {ue3: [31.52, 35.03, 42.00]}}\n",
        fixed=_ROWS + "  - {stufe: 1, to: 24542, fees: {ue3: [0, 0, 0]}}\n"
        "  - {stufe: 2, from: 24542, to: null, fees: {ue3: [31.52, 35.03, 42.00]}}\n",
    ),
    ErrorCode(
        "SATZUNG_006", E, "Overlapping income brackets",
        "Some incomes fall into two brackets (or a bracket is empty), so the fee would be ambiguous. Each "
        "row must start exactly where the previous one ends.",
        wrong=_ROWS + "  - {stufe: 1, to: 24542, fees: {ue3: [0, 0, 0]}}\n"
        "  - {stufe: 2, from: 20000, to: null, fees: {ue3: [31.52, 35.03, 42.00]}}\n",
        fixed=_ROWS + "  - {stufe: 1, to: 24542, fees: {ue3: [0, 0, 0]}}\n"
        "  - {stufe: 2, from: 24542, to: null, fees: {ue3: [31.52, 35.03, 42.00]}}\n",
    ),
    ErrorCode(
        "SATZUNG_007", E, "Missing table cell",
        "A row has no fee for an age group of the table, or fewer (or more) values than the table has hour "
        "columns. Every cell must be written; write `null` (with a row `note`) where the source does not "
        "give the value.",
        wrong="hours: [25, 35, 45]\nrows:\n  - {to: null, fees: {u2: [672.30, 747.02]}}\n",
        fixed="hours: [25, 35, 45]\nrows:\n  - {to: null, fees: {u2: [672.30, 747.02, 830.02]}}\n",
    ),
    ErrorCode(
        "SATZUNG_008", E, "Overlapping validity periods",
        "Two Satzung files of the same Kommune are valid on the same day, so the fee for that day would be "
        "ambiguous. End the older file the day before the newer one starts.",
        wrong="# 2016-08.yaml\nvalid_from: 2016-08-01\nvalid_until: null\n# 2025-08.yaml\nvalid_from: 2025-08-01\n",
        fixed="# 2016-08.yaml\nvalid_from: 2016-08-01\nvalid_until: 2025-07-31\n# 2025-08.yaml\n"
        "valid_from: 2025-08-01\n",
    ),
    ErrorCode(
        "SATZUNG_009", W, "Fee falls as income rises",
        "In this column the fee of a higher income bracket is lower than the one before. That is almost "
        "always a typo (swapped digits, a value in the wrong column); check it against the printed table.",
        wrong="  - {stufe: 4, from: 49084, to: 61355, fees: {u2: [268.64, 298.49, 331.65]}}\n"
        "  - {stufe: 5, from: 61355, to: 78000, fees: {u2: [331.51, 368.35, 049.29]}}\n",
        fixed="  - {stufe: 4, from: 49084, to: 61355, fees: {u2: [268.64, 298.49, 331.65]}}\n"
        "  - {stufe: 5, from: 61355, to: 78000, fees: {u2: [331.51, 368.35, 409.29]}}\n",
    ),
    ErrorCode(
        "SATZUNG_010", E, "Unknown age group",
        "The name is not one of the age groups declared under `age_groups.groups`. Declare it there or fix "
        "the spelling; the hint suggests the closest declared group.",
        wrong="age_groups:\n  groups: [{id: u3, below_years: 3}, {id: ue3, from_years: 3}]\n"
        "tables:\n  - age_groups: [u2]\n",
        fixed="age_groups:\n  groups: [{id: u3, below_years: 3}, {id: ue3, from_years: 3}]\n"
        "tables:\n  - age_groups: [u3]\n",
    ),
    ErrorCode(
        "SATZUNG_011", E, "Unknown care type",
        "Care types are `kita` (Kindertageseinrichtung), `tagespflege` (Kindertagespflege), `ogs` (Offene "
        "Ganztagsschule) and `hort`. The codes are shared with the forms.",
        wrong="- id: tagespflege\n  care_type: kindertagespflege\n",
        fixed="- id: tagespflege\n  care_type: tagespflege\n",
    ),
    ErrorCode(
        "SATZUNG_012", E, "Age groups do not fit together",
        "The age groups must start at 0 years, follow each other without gap or overlap, and the last one "
        "must be open (no `below_years`). Otherwise some children would have no age group or two.",
        wrong="groups:\n  - {id: u2, below_years: 2}\n  - {id: ue3, from_years: 3}\n",
        fixed="groups:\n  - {id: u2, below_years: 2}\n  - {id: age2_to_u3, from_years: 2, below_years: 3}\n"
        "  - {id: ue3, from_years: 3}\n",
    ),
    ErrorCode(
        "SATZUNG_013", E, "Hour columns out of order",
        "`hours` lists the upper bound of each column (booked weekly hours, inclusive) in ascending order; "
        "only the last may be `null` (\"more than the previous column\").",
        wrong="hours: [25, 45, 35]\n",
        fixed="hours: [25, 35, 45]\n",
    ),
    ErrorCode(
        "SATZUNG_014", W, "Fee not known and not explained",
        "A cell (or a whole age group of a row) is `null`: the engine cannot compute fees that need it and "
        "will say so. That is right when the source does not give the value, but then say why in the row's "
        "`note`, so that editors and readers of the fee table know.",
        wrong="  - {stufe: 2, from: 30000, to: 40000, fees: {u3: null}}\n",
        fixed="  - stufe: 2\n    from: 30000\n    to: 40000\n    fees: {u3: null}\n"
        "    note: cells empty in the annex read (S1)\n",
    ),
    ErrorCode(
        "SATZUNG_015", W, "Hourly rates without a monthly factor",
        "`per_hour.monthly_factor` is empty, so the engine cannot turn the weekly sum of the hourly rates "
        "into a monthly fee. Write the factor the Satzung states (e.g. `52/12`), or explain in "
        "`per_hour.note` why it is not known.",
        wrong="per_hour:\n  monthly_factor: null\n",
        fixed="per_hour:\n  monthly_factor: 52/12\n",
    ),
    ErrorCode(
        "SATZUNG_016", E, "Unknown source",
        "A table names a source id that is not listed under `sources`. Every number must be traceable to a "
        "listed source.",
        wrong="sources:\n  - {id: S1, url: 'https://…'}\ntables:\n  - id: kita\n    source: S2\n",
        fixed="sources:\n  - {id: S1, url: 'https://…'}\ntables:\n  - id: kita\n    source: S1\n",
    ),
    ErrorCode(
        "SATZUNG_017", E, "Validity ends before it starts",
        "`valid_until` is earlier than `valid_from` (both days are included in the period).",
        wrong="valid_from: 2025-08-01\nvalid_until: 2024-07-31\n",
        fixed="valid_from: 2024-08-01\nvalid_until: 2025-07-31\n",
    ),
    ErrorCode(
        "SATZUNG_018", E, "Two tables for the same care type",
        "Two tables (of the same purpose, fee or meal money) are given for one care type, so the engine would "
        "not know which to use. Merge them, or put them in files with different validity periods.",
        wrong="tables:\n  - {id: kita_a, care_type: kita}\n  - {id: kita_b, care_type: kita}\n",
        fixed="tables:\n  - {id: kita, care_type: kita}\n",
    ),
    ErrorCode(
        "SATZUNG_019", E, "Indexation out of order",
        "The steps of an indexation rule must be in ascending date order, each date once.",
        wrong="steps:\n  - {from: 2023-08-01, percent: 50}\n  - {from: 2022-08-01, percent: 75}\n",
        fixed="steps:\n  - {from: 2022-08-01, percent: 75}\n  - {from: 2023-08-01, percent: 50}\n",
    ),
    ErrorCode(
        "SATZUNG_020", E, "Duplicate id",
        "Two sources, tables or age groups of the file share an id. Ids are how the file refers to them, so "
        "they must be unique.",
        wrong="sources:\n  - {id: S1, url: 'https://a'}\n  - {id: S1, url: 'https://b'}\n",
        fixed="sources:\n  - {id: S1, url: 'https://a'}\n  - {id: S2, url: 'https://b'}\n",
    ),
    ErrorCode(
        "SATZUNG_021", E, "Income threshold without one bound",
        "A fee-free income threshold says either \"bis X\" (`up_to`: an income of exactly X is free) or \"unter X\" "
        "(`below`: an income of exactly X pays). Write exactly one of the two.",
        wrong="income_up_to:\n  - {paragraph: § 5, care_types: [kita]}\n",
        fixed="income_up_to:\n  - {paragraph: § 5, below: 25000, care_types: [kita]}\n",
    ),
    ErrorCode(
        "SATZUNG_022", E, "Care type in two sibling rules",
        "With several sibling rules each care type belongs to one of them, so that it is clear which rule sets "
        "its fee. A rule that must count the children of another care type (\"Kita children lower the OGS fee\") "
        "lists it under `also_counts`.",
        wrong="siblings:\n  - {paragraph: § 8 Abs. 1, care_types: [kita, ogs], shares: [100, 25, 0]}\n"
        "  - {paragraph: § 8 Abs. 2, care_types: [ogs], shares: [100, 50, 0]}\n",
        fixed="siblings:\n  - {paragraph: § 8 Abs. 1, care_types: [kita], shares: [100, 25, 0]}\n"
        "  - {paragraph: § 8 Abs. 2, care_types: [ogs], also_counts: [kita], shares: [100, 50, 0]}\n",
    ),
    ErrorCode(
        "SATZUNG_023", E, "Case for the Jugendamt without a condition",
        "An entry of `not_computed` makes the engine decline the fees it matches. Without any condition it "
        "would match every child; say whom it concerns (care types, age groups, hours, income, number of "
        "children, benefits).",
        wrong="not_computed:\n  - {paragraph: § 6 Abs. 3, text: Das Jugendamt entscheidet im Einzelfall.}\n",
        fixed="not_computed:\n  - {paragraph: § 6 Abs. 3, text: Über 45 Stunden entscheidet das Jugendamt.,\n"
        "     care_types: [tagespflege], hours_above: 45}\n",
    ),
    ErrorCode(
        "SATZUNG_024", E, "Number in German format",
        "An amount or an income bound is written as in a German table: `25.000` (YAML reads 25) or "
        "`1.500,50` (YAML reads text). A fee rule with `25.000` instead of `25000` would still look valid "
        "and charge wrong fees, so any amount or bound with a thousands point (exactly three digits after "
        "the point) or a decimal comma is an error. Write whole euros without points and cents after a "
        "decimal point; the hint gives the number probably meant.",
        wrong=_ROWS + "  - {stufe: 1, to: 25.000, fees: {ue3: [0, 0, 0]}}\n"
        "  - {stufe: 2, from: 25.000, to: null, fees: {ue3: [31.52, 35.03, 42.00]}}\n",
        fixed=_ROWS + "  - {stufe: 1, to: 25000, fees: {ue3: [0, 0, 0]}}\n"
        "  - {stufe: 2, from: 25000, to: null, fees: {ue3: [31.52, 35.03, 42.00]}}\n",
    ),
    ErrorCode(
        "SATZUNG_025", E, "Bracket bound not in whole euros",
        "The table declares `boundaries: whole_euros` (\"von 24.543 bis 36.813\"), so its bounds are whole "
        "euros; a bound with cents contradicts that. Write the bound in whole euros, or declare the "
        "boundaries the Satzung really uses (`upper_inclusive`, `lower_inclusive`).",
        wrong="boundaries: whole_euros\nrows:\n  - {stufe: 1, to: 24542.50, fee: 0}\n",
        fixed="boundaries: whole_euros\nrows:\n  - {stufe: 1, to: 24542, fee: 0}\n",
    ),
]
