"""Codes for the allocation files of a Kommune: ``forms/<kommune>/vergabe.yaml`` (the criteria) and
``forms/<kommune>/kapazitaeten.yaml`` (the places).

VERGABE_001-003 come from the schema (pydantic); the others from :mod:`kitaforms.allocate.check`.
Expressions in the criteria report the EXPR codes, located inside the rule.
"""

from kitaforms.errors._types import ErrorCode, Severity

E, W = Severity.ERROR, Severity.WARNING

_BANDS = "age_bands:\n  - {id: u3, label: unter 3, below_months: 36}\n"

CODES = [
    ErrorCode(
        "VERGABE_001", E, "Unknown key",
        "The key is not part of the criteria or capacity files at this place. Often a typo; the hint suggests "
        "the closest allowed key. `kitaforms schema` writes the JSON Schemas your editor uses for autocompletion.",
        wrong="tie_break:\n  methode: lottery\n",
        fixed="tie_break:\n  method: lottery\n",
    ),
    ErrorCode(
        "VERGABE_002", E, "Required key missing",
        "A criteria file needs `sample_data`, `source`, `method`, `rules` and `tie_break`; every rule needs "
        "`id`, `label` and `condition`. A capacity file needs `sample_data`, `source`, `age_bands` and "
        "`places`; every row of `places` needs `facility`, `start`, `age_band` and `places`.",
        wrong="rules:\n  - id: geschwister\n    label: Geschwisterkind\n",
        fixed="rules:\n  - id: geschwister\n    label: Geschwisterkind\n"
        "    condition: '\"geschwister\" in wunsch.gruende'\n",
    ),
    ErrorCode(
        "VERGABE_003", E, "Wrong value",
        "The value has the wrong type or format for this key: text where a number is expected, a start month "
        "that is not YYYY-MM, a negative number of places, a method that does not exist.",
        wrong="places:\n  - {facility: k-kita-01, start: 08/2026, age_band: u3, hours: 45, places: 4}\n",
        fixed="places:\n  - {facility: k-kita-01, start: 2026-08, age_band: u3, hours: 45, places: 4}\n",
    ),
    ErrorCode(
        "VERGABE_004", E, "Duplicate id",
        "Two rules (or two age bands, or two entries for the same facility) share an id. The output names the "
        "rule that gave a child its priority by this id, so it must be unique, also between the common rules "
        "and a facility's own rules.",
        wrong="rules:\n  - {id: geschwister, label: A, condition: 'true'}\n"
        "  - {id: geschwister, label: B, condition: 'true'}\n",
        fixed="rules:\n  - {id: geschwister, label: A, condition: 'true'}\n"
        "  - {id: rechtsanspruch, label: B, condition: 'true'}\n",
    ),
    ErrorCode(
        "VERGABE_005", E, "Unknown facility",
        "The facility id is not in the Kommune's facility catalogue (`forms/<kommune>/einrichtungen.yaml`). "
        "Places and facility rules must name facilities parents can wish for.",
        wrong="places:\n  - {facility: k-kita-1, start: 2026-08, age_band: u3, places: 4}\n",
        fixed="places:\n  - {facility: k-kita-01, start: 2026-08, age_band: u3, places: 4}\n",
    ),
    ErrorCode(
        "VERGABE_006", E, "Points do not fit the method",
        "With `method: points` every rule gives `points` (the priority is the sum of the points of the rules "
        "that hold); with `method: order` the rules are compared one after the other and take no points.",
        wrong="method: order\nrules:\n  - {id: geschwister, label: G, condition: 'true', points: 10}\n",
        fixed="method: points\nrules:\n  - {id: geschwister, label: G, condition: 'true', points: 10}\n",
    ),
    ErrorCode(
        "VERGABE_007", E, "Facility order does not list its rules",
        "A facility's `order` says in which order its rules are compared; it must name every common rule and "
        "every rule of that facility exactly once, and only those.",
        wrong="facilities:\n  - facility: k-kita-03\n    rules: [{id: gemeinde, label: G, condition: 'true'}]\n"
        "    order: [gemeinde]\n",
        fixed="facilities:\n  - facility: k-kita-03\n    rules: [{id: gemeinde, label: G, condition: 'true'}]\n"
        "    order: [geschwister, gemeinde, rechtsanspruch]\n",
    ),
    ErrorCode(
        "VERGABE_008", E, "Lottery without a seed",
        "A lottery must be reproducible and checkable: publish its seed before the round and write it under "
        "`tie_break.seed`. Ties by date of receipt (`received_at`) take no seed.",
        wrong="tie_break:\n  method: lottery\n",
        fixed="tie_break:\n  method: lottery\n  seed: koeln-2026-08-runde-1\n",
    ),
    ErrorCode(
        "VERGABE_009", E, "The registration form lacks what the allocation reads",
        "The allocation reads the child's birth date, the care type, the start month, the weekly hours and the "
        "wishes from the Kommune's registration form (`kind.geburtsdatum`, `betreuungsart`, `beginn`, "
        "`umfang_kita`, `tagespflege_stunden`, `wuensche`) and, if given, the field named by "
        "`hours_alternatives`. The form must exist for the Kommune and have these fields with their types.",
        wrong="hours_alternatives: umfang_weitere\n",
        fixed="hours_alternatives: umfang_kita_weitere\n",
    ),
    ErrorCode(
        "VERGABE_010", E, "No facility catalogue",
        "Criteria and capacities refer to the Kommune's facilities, but the Kommune has no "
        "`einrichtungen.yaml`, so nothing can be checked or allocated.",
        wrong="# forms/musterstadt/: kommune.yaml, kapazitaeten.yaml\n",
        fixed="# forms/musterstadt/: kommune.yaml, einrichtungen.yaml, kapazitaeten.yaml\n",
    ),
    ErrorCode(
        "VERGABE_011", E, "Age bands do not fit together",
        "The age bands must start at 0 months, follow each other without gap or overlap (each starts where the "
        "previous one ends) and the last one must be open (no `below_months`). Otherwise some children would "
        "belong to no band or to two.",
        wrong=_BANDS + "  - {id: ue3, label: ab 3, from_months: 48}\n",
        fixed=_BANDS + "  - {id: ue3, label: ab 3, from_months: 36}\n",
    ),
    ErrorCode(
        "VERGABE_012", E, "Hours bands out of order",
        "`hours_bands` lists the upper bound of each band of weekly hours (inclusive) in ascending order, each "
        "once; a child booking 30 hours falls into the band 35.",
        wrong="hours_bands: [25, 45, 35]\n",
        fixed="hours_bands: [25, 35, 45]\n",
    ),
    ErrorCode(
        "VERGABE_013", E, "Unknown age band",
        "A row of `places` names an age band that is not declared under `age_bands`.",
        wrong="places:\n  - {facility: k-kita-01, start: 2026-08, age_band: u2, places: 4}\n",
        fixed="places:\n  - {facility: k-kita-01, start: 2026-08, age_band: u3, places: 4}\n",
    ),
    ErrorCode(
        "VERGABE_014", E, "Hours are not a band",
        "`hours` of a row of `places` must be one of `hours_bands`, or be left out for places any number of "
        "hours can use (Kindertagespflege, OGS).",
        wrong="hours_bands: [25, 35, 45]\nplaces:\n  - {facility: k-kita-01, start: 2026-08, age_band: u3, "
        "hours: 40, places: 4}\n",
        fixed="hours_bands: [25, 35, 45]\nplaces:\n  - {facility: k-kita-01, start: 2026-08, age_band: u3, "
        "hours: 45, places: 4}\n",
    ),
    ErrorCode(
        "VERGABE_015", E, "Places given twice",
        "Two rows of `places` describe the same places (facility, start month, care type, age band and hours), "
        "or one row without `hours` overlaps rows with `hours` for the same facility, month and age band. Add "
        "the numbers up in one row.",
        wrong="  - {facility: k-kita-01, start: 2026-08, age_band: u3, hours: 45, places: 2}\n"
        "  - {facility: k-kita-01, start: 2026-08, age_band: u3, hours: 45, places: 1}\n",
        fixed="  - {facility: k-kita-01, start: 2026-08, age_band: u3, hours: 45, places: 3}\n",
    ),
    ErrorCode(
        "VERGABE_016", E, "Care type does not fit the facility",
        "The row's `care_type` is not one the facility offers, or the facility offers several care types and "
        "the row does not say which one its places are for.",
        wrong="  - {facility: k-kita-01, start: 2026-08, care_type: ogs, age_band: ue3, places: 4}\n",
        fixed="  - {facility: k-kita-01, start: 2026-08, care_type: kita, age_band: ue3, places: 4}\n",
    ),
    ErrorCode(
        "VERGABE_017", W, "Hours the facility does not offer",
        "The facility catalogue lists the weekly hours a facility offers (`weekly_hours`); places with other "
        "hours can never be wished for in the assistant. Fix the row or the catalogue.",
        wrong="# einrichtungen.yaml: weekly_hours: [35, 45]\n"
        "  - {facility: k-kita-04, start: 2026-08, age_band: ue3, hours: 25, places: 4}\n",
        fixed="# einrichtungen.yaml: weekly_hours: [35, 45]\n"
        "  - {facility: k-kita-04, start: 2026-08, age_band: ue3, hours: 35, places: 4}\n",
    ),
    ErrorCode(
        "VERGABE_018", W, "Age band outside the facility's ages",
        "No child of this age band can attend the facility: the band does not overlap the facility's ages "
        "(`age_from_months` to `age_to_months` in the catalogue). The places could never be offered.",
        wrong="# einrichtungen.yaml: age_from_months: 36\n"
        "  - {facility: k-kita-06, start: 2026-08, age_band: u3, places: 4}\n",
        fixed="# einrichtungen.yaml: age_from_months: 36\n"
        "  - {facility: k-kita-06, start: 2026-08, age_band: ue3, places: 4}\n",
    ),
    ErrorCode(
        "VERGABE_019", E, "The offer form lacks what the server reads",
        "A Kommune with criteria (`vergabe.yaml`) gets the NRW form `platzangebot` (Platzangebot annehmen), "
        "which families reach through the secret link of their offer. The form server reads the answer from its "
        "choice `antwort`: `annehmen` accepts the place, `ablehnen` declines it. The base form must exist, and an "
        "overlay may add questions or change texts but must keep this field and both codes.",
        wrong="# forms/koeln/platzangebot.yaml\nextends: platzangebot\nchanges:\n  - remove: antwort\n",
        fixed="# forms/koeln/platzangebot.yaml\nextends: platzangebot\nchanges:\n  - set: antwort\n"
        "    properties: {label: {de: Nehmen Sie den Platz an?, en: Do you accept the place?}}\n",
    ),
]
