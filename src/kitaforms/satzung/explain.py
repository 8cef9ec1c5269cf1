"""The words of the explanation and of the engine's errors: one template per code, in German and English.

Steps carry only data (code, paragraph, params as strings); this module turns them into sentences.
:data:`MESSAGES` and :data:`WORDS` are shipped in the compiled JSON (format 1), so the browser words its
estimate identically. :data:`FEATURE_MESSAGES` word the steps of rules the browser evaluator does not know
yet (shipped only with a Satzung that uses them), :data:`DETAIL_MESSAGES` the details only the Python engine
gives (``assess(…, detail=True)``: the child's age, the next age-group change, why a child is first or second).
:data:`ERRORS` words :class:`~kitaforms.satzung.household.FeeError`: German first, like the explanation.
Placeholders: ``{name}`` as is, ``{name:money}`` an amount, ``{name:date}`` a date.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from kitaforms.satzung.household import Step

MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        "satzung": "Es gilt: {title} ({valid:validity}).",
        "income_declared": "Jahreseinkommen laut Erklärung: {amount:money}.",
        "income_item": "{kind:word}: {amount:money} angerechnet.",
        "income_not_counted": "{kind:word} ({amount:money}) zählt nicht als Einkommen.",
        "income_loss": "{kind:word}: Verlust von {amount:money} wird nicht verrechnet (nur positive Einkünfte).",
        "thirteenth_salary": "{kind:word}: ohne Angabe von Sonderzahlungen wird ein 13. Monatsgehalt von {amount:money} angenommen.",
        "elterngeld_allowance": "Elterngeld: {allowance:money} je Monat bleiben frei, {amount:money} werden angerechnet.",
        "work_expenses": "Person {person}: Werbungskosten laut Angabe {stated:money}; abgezogen: {amount:money}.",
        "work_expenses_flat": "Person {person}: ohne höhere Werbungskosten gilt der Arbeitnehmer-Pauschbetrag für {year} von {allowance:money} (§ 9a EStG); abgezogen: {amount:money}.",
        "beamte_addition": "Zuschlag für Beamte: {percent} % von {base:money} = {amount:money}.",
        "child_deduction": "Abzug für {count} Kind(er) ab dem {from_child}. Kind: {amount:money}.",
        "income_total": "Maßgebliches Jahreseinkommen: {amount:money}.",
        "no_statement": "Keine Einkommenserklärung: es gilt der höchste Beitrag.",
        "provisional": "Vorläufige Festsetzung nach Selbsteinschätzung; die endgültige folgt nach dem {settled_by:word}.",
        "not_in_care": "Kind {child}: die Betreuung beginnt erst am {start:date}; für diesen Monat kein Beitrag.",
        "care_ended": "Kind {child}: die Betreuung endete am {end:date}; für diesen Monat kein Beitrag.",
        "age_group": "Kind {child}: Altersgruppe „{label}“ im Monat des Stichtags {on:date}.",
        "kibiz_50": "Kind {child} vollendet das {age}. Lebensjahr bis zum {by:date}: ab {free_from:date} bis zur Einschulung beitragsfrei.",
        "free_age_group": "Kind {child}: die Altersgruppe „{label}“ ist beitragsfrei.",
        "free_income": "Kind {child}: Einkommen bis {limit:euros} ist beitragsfrei.",
        "benefit_free": "Kind {child}: beitragsfrei wegen {benefit:word}.",
        "benefit_lowest": "Kind {child}: wegen {benefit:word} gilt die niedrigste Einkommensstufe.",
        "bracket": "Kind {child}: Einkommensstufe {stufe} ({range:range}).",
        "bracket_highest": "Kind {child}: höchste Einkommensstufe {stufe} ({range:range}).",
        "column": "Kind {child}: {hours} Wochenstunden gebucht, Spalte „{column:column}“.",
        "table_fee": "Kind {child}: Beitrag laut Tabelle {amount:money}.",
        "hourly_fee": "Kind {child}: Stundensätze {detail} = {weekly:money} je Woche, × {factor} = {amount:money}.",
        "yearly_percent": "Kind {child}: Dynamisierung um {percent} % je Jahr, {years}× seit {first:date}: {amount:money}.",
        "scale": "Kind {child}: Tabellenwerte ab {from:date} zu {percent} %: {amount:money}.",
        "meal_money": "Kind {child}: Essensgeld {amount:money}.",
        "sibling_free_counts": "Kind {child} ist beitragsfrei und zählt als erstes Kind.",
        "sibling_share": "Kind {child} ist {position}. Kind der Geschwisterregel: {share} % des Beitrags = {amount:money}.",
        "sibling_cap": "Kind {child}: Geschwisterbeitrag höchstens {cap:money}.",
        "sibling_not_paying": "Kind {child} ist {position}. Kind der Geschwisterregel und zahlt keinen Beitrag.",
        "alternating_half": "Wechselmodell: jeder Elternteil zahlt nach eigenem Einkommen die Hälfte, für Kind {child} {amount:money}.",
        "alternating_combined": "Wechselmodell: die Einkommen beider Eltern zählen zusammen.",
        "child_fee": "Kind {child}: Monatsbeitrag {amount:money}.",
        "total": "Monatsbeitrag der Familie: {amount:money}.",
    },
    "en": {
        "satzung": "Applies: {title} ({valid:validity}).",
        "income_declared": "Annual income as declared: {amount:money}.",
        "income_item": "{kind:word}: {amount:money} counted.",
        "income_not_counted": "{kind:word} ({amount:money}) does not count as income.",
        "income_loss": "{kind:word}: a loss of {amount:money} is not offset (positive income only).",
        "thirteenth_salary": "{kind:word}: without a statement of special payments a 13th monthly salary of {amount:money} is assumed.",
        "elterngeld_allowance": "Elterngeld: {allowance:money} a month stay free, {amount:money} count.",
        "work_expenses": "Person {person}: work-related expenses as stated {stated:money}; deducted: {amount:money}.",
        "work_expenses_flat": "Person {person}: without higher work-related expenses the employee's flat allowance for {year} of {allowance:money} applies (section 9a EStG); deducted: {amount:money}.",
        "beamte_addition": "Addition for Beamte: {percent} % of {base:money} = {amount:money}.",
        "child_deduction": "Deduction for {count} child(ren) from child {from_child} on: {amount:money}.",
        "income_total": "Relevant annual income: {amount:money}.",
        "no_statement": "No income statement: the highest fee applies.",
        "provisional": "Provisional assessment from the self-assessment; the final one follows the {settled_by:word}.",
        "not_in_care": "Child {child}: care starts only on {start:date}; no fee for this month.",
        "care_ended": "Child {child}: care ended on {end:date}; no fee for this month.",
        "age_group": "Child {child}: age group “{label}” in the month of {on:date}.",
        "kibiz_50": "Child {child} completes year {age} of life by {by:date}: free from {free_from:date} until school.",
        "free_age_group": "Child {child}: the age group “{label}” pays no fee.",
        "free_income": "Child {child}: incomes up to {limit:euros} pay no fee.",
        "benefit_free": "Child {child}: no fee because of {benefit:word}.",
        "benefit_lowest": "Child {child}: because of {benefit:word} the lowest bracket applies.",
        "bracket": "Child {child}: income bracket {stufe} ({range:range}).",
        "bracket_highest": "Child {child}: highest income bracket {stufe} ({range:range}).",
        "column": "Child {child}: {hours} hours a week booked, column “{column:column}”.",
        "table_fee": "Child {child}: fee from the table {amount:money}.",
        "hourly_fee": "Child {child}: hourly rates {detail} = {weekly:money} a week, × {factor} = {amount:money}.",
        "yearly_percent": "Child {child}: indexation by {percent} % a year, {years}× since {first:date}: {amount:money}.",
        "scale": "Child {child}: table values from {from:date} at {percent} %: {amount:money}.",
        "meal_money": "Child {child}: meal money {amount:money}.",
        "sibling_free_counts": "Child {child} pays no fee and counts as the first child.",
        "sibling_share": "Child {child} is child no. {position} of the sibling rule: {share} % of its fee = {amount:money}.",
        "sibling_cap": "Child {child}: a sibling pays at most {cap:money}.",
        "sibling_not_paying": "Child {child} is child no. {position} of the sibling rule and pays no fee.",
        "alternating_half": "Alternating residence: each parent pays half, on their own income; for child {child} {amount:money}.",
        "alternating_combined": "Alternating residence: both parents' incomes count together.",
        "child_fee": "Child {child}: monthly fee {amount:money}.",
        "total": "Monthly fee of the family: {amount:money}.",
    },
}

WORDS: dict[str, dict[str, str]] = {
    "de": {
        "nichtselbstaendig": "Nichtselbständige Arbeit", "selbstaendig": "Selbständige Arbeit", "gewerbe": "Gewerbebetrieb",
        "land_forst": "Land- und Forstwirtschaft", "kapital": "Kapitalvermögen", "vermietung": "Vermietung und Verpachtung",
        "sonstige": "Sonstige Einkünfte", "unterhalt": "Unterhalt", "lohnersatz": "Lohnersatzleistungen",
        "elterngeld": "Elterngeld", "kindergeld": "Kindergeld", "steuerfrei": "Steuerfreie Einkünfte",
        "buergergeld": "Bürgergeld", "sozialhilfe": "Sozialhilfe", "asylblg": "Leistungen nach dem AsylbLG",
        "wohngeld": "Wohngeld", "kinderzuschlag": "Kinderzuschlag", "stadtpass": "Stadtpass",
        "income_tax_assessment": "Einkommensteuerbescheid", "income_proof": "Einkommensnachweis",
        "work_expenses": "Werbungskosten",
        "up_to": "bis {high:euros}", "over": "über {low:euros}", "between": "über {low:euros} bis {high:euros}",
        "from_below": "ab {low:euros} bis unter {high:euros}", "below": "unter {high:euros}",
        "from": "ab {low:euros}", "whole": "{low:euros} bis {high:euros}", "hours_up_to": "bis {bound} Std.",
        "hours_over": "über {previous} Std.", "valid_from": "gültig ab {from:date}", "valid_range": "gültig {from:date} bis {until:date}",
        "valid_until": "gültig bis {until:date}", "valid_any": "Geltungsbeginn nicht bekannt",
    },
    "en": {
        "nichtselbstaendig": "Employment", "selbstaendig": "Self-employment", "gewerbe": "Trade or business",
        "land_forst": "Agriculture and forestry", "kapital": "Capital income", "vermietung": "Rent and lease",
        "sonstige": "Other income", "unterhalt": "Maintenance", "lohnersatz": "Wage replacement benefits",
        "elterngeld": "Parental allowance", "kindergeld": "Child benefit", "steuerfrei": "Tax-free income",
        "buergergeld": "Bürgergeld", "sozialhilfe": "social assistance", "asylblg": "AsylbLG benefits",
        "wohngeld": "housing benefit", "kinderzuschlag": "child supplement", "stadtpass": "a city pass",
        "income_tax_assessment": "income tax assessment", "income_proof": "proof of income",
        "work_expenses": "Work-related expenses",
        "up_to": "up to {high:euros}", "over": "above {low:euros}", "between": "above {low:euros} up to {high:euros}",
        "from_below": "from {low:euros} to below {high:euros}", "below": "below {high:euros}",
        "from": "from {low:euros}", "whole": "{low:euros} to {high:euros}", "hours_up_to": "up to {bound} h",
        "hours_over": "more than {previous} h", "valid_from": "valid from {from:date}",
        "valid_range": "valid {from:date} to {until:date}", "valid_until": "valid until {until:date}",
        "valid_any": "start of validity not known",
    },
}

# Steps of rules the browser evaluator of format 1 does not produce yet.
FEATURE_MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        "free_income_below": "Kind {child}: Einkommen unter {limit:euros} ist beitragsfrei.",
        "sibling_counted": "Kind {child} ({care:word}) zählt für diese Geschwisterregel als {position}. Kind mit; sie ändert seinen Beitrag nicht.",
        "max_paid_fees": "Kind {child}: erhoben werden höchstens die {count} höchsten Beiträge; dieser Beitrag von {amount:money} entfällt.",
    },
    "en": {
        "free_income_below": "Child {child}: incomes below {limit:euros} pay no fee.",
        "sibling_counted": "Child {child} ({care:word}) counts as child no. {position} for this sibling rule, which does not change its fee.",
        "max_paid_fees": "Child {child}: at most the {count} highest fees are charged; this fee of {amount:money} is waived.",
    },
}

DETAIL_MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        "age": "Kind {child} ist am {on:date} {age:age} alt.",
        "age_group_next": "Kind {child}: nächster Wechsel am {date:date} in die Altersgruppe „{label}“ (wird am {birthday:date} {years} Jahre alt; {switch:word}).",
        "age_group_next_unknown": "Kind {child} wird am {birthday:date} {years} Jahre alt; ob „{label}“ ab dem Monat des Geburtstags oder ab dem Folgemonat gilt, sagt die Satzung nicht.",
        "age_group_final": "Kind {child}: „{label}“ ist die letzte Altersgruppe.",
        "kibiz_50_next": "Kind {child}: ab {free_from:date} beitragsfrei (vollendet das {age}. Lebensjahr bis zum {by:date}).",
        "sibling_order": "Kind {child} steht in der Geschwisterregel an {position}. Stelle: {reason:why}.",
        "compare_outside": "Zum Vergleich angewandt, obwohl die Satzung am {on:date} nicht gilt.",
    },
    "en": {
        "age": "Child {child} is {age:age} old on {on:date}.",
        "age_group_next": "Child {child}: next age group “{label}” from {date:date} (turns {years} on {birthday:date}; {switch:word}).",
        "age_group_next_unknown": "Child {child} turns {years} on {birthday:date}; whether “{label}” applies from the month of the birthday or from the next month, the Satzung does not say.",
        "age_group_final": "Child {child}: “{label}” is the last age group.",
        "kibiz_50_next": "Child {child}: free from {free_from:date} (completes year {age} of life by {by:date}).",
        "sibling_order": "Child {child} is in position {position} of the sibling rule: {reason:why}.",
        "compare_outside": "Applied for comparison, although the Satzung is not valid on {on:date}.",
    },
}

MORE_WORDS: dict[str, dict[str, str]] = {
    "de": {
        "kita": "Kita", "tagespflege": "Kindertagespflege", "ogs": "OGS", "hort": "Hort",
        "on_birthday": "ab dem Geburtstag", "birthday_month": "ab dem Monat des Geburtstags",
        "month_after_birthday": "ab dem Monat nach dem Geburtstag",
        "why_highest": "sein Beitrag von {fee:money} ist der höchste",
        "why_equal_first": "gleicher Beitrag wie Kind {other} ({fee:money}), aber zuerst genannt",
        "why_rank_first": "{care:word} zählt vor {other_care:word}",
        "why_free_first": "es ist nach § 50 KiBiz beitragsfrei und zählt als erstes Kind",
        "why_after_higher": "Kind {other} hat einen höheren Beitrag ({other_fee:money} gegenüber {fee:money})",
        "why_after_equal": "Kind {other} hat den gleichen Beitrag ({fee:money}) und ist zuerst genannt",
        "why_after_rank": "Kind {other} ({other_care:word}) zählt vor {care:word}",
        "why_after_free": "Kind {other} ist nach § 50 KiBiz beitragsfrei und zählt als erstes Kind",
        "why_after_counted": "Kind {other} ({other_care:word}) zählt für diese Regel mit und steht davor",
        "declared_income": "Erklärtes Jahreseinkommen",
        "year": "Jahr", "years": "Jahre", "month": "Monat", "months": "Monate", "and": "und",
    },
    "en": {
        "kita": "Kita", "tagespflege": "Tagespflege", "ogs": "OGS", "hort": "Hort",
        "on_birthday": "from the birthday", "birthday_month": "from the month of the birthday",
        "month_after_birthday": "from the month after the birthday",
        "why_highest": "its fee of {fee:money} is the highest",
        "why_equal_first": "the same fee as child {other} ({fee:money}), but named first",
        "why_rank_first": "{care:word} counts before {other_care:word}",
        "why_free_first": "it is free under § 50 KiBiz and counts as the first child",
        "why_after_higher": "child {other} has a higher fee ({other_fee:money} against {fee:money})",
        "why_after_equal": "child {other} has the same fee ({fee:money}) and is named first",
        "why_after_rank": "child {other} ({other_care:word}) counts before {care:word}",
        "why_after_free": "child {other} is free under § 50 KiBiz and counts as the first child",
        "why_after_counted": "child {other} ({other_care:word}) counts for this rule and comes first",
        "declared_income": "Declared annual income",
        "year": "year", "years": "years", "month": "month", "months": "months", "and": "and",
    },
}

ERRORS: dict[str, dict[str, str]] = {
    "de": {
        "no_children": "Im Haushalt ist kein Kind in Betreuung angegeben.",
        "unknown_benefit": "Unbekannte Leistung `{benefit}` (bekannt: {known}).",
        "unknown_care_type": "Kind {child}: unbekannte Betreuungsart `{care}` (bekannt: {known}).",
        "bad_hours": "Kind {child}: die Wochenstunden müssen größer als 0 und höchstens 168 sein, mit höchstens zwei Nachkommastellen (angegeben: {hours}).",
        "unknown_income_kind": "Unbekannte Einkommensart `{kind}` (bekannt: {known}).",
        "bad_income_item": "Einkommen `{kind}`: bitte entweder einen Jahres- oder einen Monatsbetrag angeben.",
        "bad_income_months": "Einkommen `{kind}`: die Zahl der Monate muss zwischen 1 und 12 liegen (angegeben: {months}).",
        "bad_income_custodian": "Einkommen `{kind}`: es gibt keinen Elternteil {custodian}.",
        "bad_amount": "{what:word}: {value} ist kein Betrag in Euro mit höchstens zwei Nachkommastellen.",
        "bad_amount_negative": "{what:word}: der Betrag darf nicht negativ sein (angegeben: {value}).",
        "bad_amount_text": "`{column}` ist keine Zahl: {value}",
        "bad_household": "Die Haushaltsdaten sind fehlerhaft ({detail}).",
        "no_satzung": "Für `{kommune}` gibt es keine Satzung.",
        "no_satzung_on_date": "Am {on:date} gilt keine Satzung von `{kommune}` (Dateien: {periods}).",
        "outside_validity": "{file} gilt am {on:date} nicht.",
        "born_after_date": "Kind {child} ist nach dem Stichtag {on:date} geboren.",
        "hours_missing": "Kind {child}: der Beitrag hängt von den gebuchten Wochenstunden ab; bitte angeben.",
        "hours_out_of_range": "Kind {child}: {hours} Wochenstunden sind mehr, als die Tabelle `{table}` vorsieht (bis {bound}).",
        "bad_period": "Der Zeitraum ist ungültig: {last} liegt vor {first}.",
        "bad_period_length": "Der Zeitraum ist zu lang: {count} Monate, höchstens {max}.",
        "no_statement_rule": "Die Satzungsdatei sagt nicht, was ohne Einkommenserklärung gilt.",
        "income_rules_missing": "Die Satzungsdatei enthält keine Einkommensregeln; bitte das Jahreseinkommen insgesamt statt einzelner Einkünfte angeben.",
        "income_kind_unknown": "Die Satzungsdatei sagt nicht, ob `{kind}` als Einkommen zählt; bitte das Jahreseinkommen insgesamt angeben.",
        "work_expenses_unknown": "Die Satzungsdatei sagt nicht, ob Werbungskosten vom Einkommen abgezogen werden; bitte das Jahreseinkommen insgesamt angeben.",
        "flat_allowance_unknown": "Für das Einkommensjahr {year} kennt kitaforms den Arbeitnehmer-Pauschbetrag (§ 9a EStG) nicht.",
        "bad_income_year": "Das Einkommensjahr {year} ist kein gültiges Kalenderjahr.",
        "no_age_groups": "Die Satzungsdatei legt keine Altersgruppen fest.",
        "age_switch_unknown": "Kind {child} wechselt in diesem Monat in die nächste Altersgruppe, und die Satzungsdatei sagt nicht, ab wann die neue Gruppe gilt.",
        "no_table": "Die Satzungsdatei enthält keine Beitragstabelle für `{care}`.",
        "unknown_cell": "Kind {child}: die Satzungsdatei nennt diesen Beitrag nicht (Tabelle `{table}`, Stufe {stufe}{group}, Spalte {column}).",
        "unknown_rate": "Kind {child}: die Satzungsdatei nennt den Stundensatz nicht (Tabelle `{table}`, Stufe {stufe}{group}, Band {column}).",
        "unknown_meal_money": "Kind {child}: die Satzungsdatei nennt das Essensgeld nicht.",
        "monthly_factor_unknown": "Die Satzungsdatei sagt nicht, wie aus den Stundensätzen der Tabelle `{table}` ein Monatsbeitrag wird.",
        "sibling_rule_unknown": "Mehr als ein Kind würde zahlen, und die Satzungsdatei nennt die Geschwisterregel nicht.",
        "alternating_rule_unknown": "Die Satzungsdatei sagt nicht, wie der Beitrag im Wechselmodell festgesetzt wird.",
        "decided_by_jugendamt": "Kind {child}: hier setzt das Jugendamt den Beitrag im Einzelfall fest: „{text}“ Einen Betrag berechnet kitaforms dafür nicht.",
    },
    "en": {
        "no_children": "the household has no child in care",
        "unknown_benefit": "unknown benefit `{benefit}` (known: {known})",
        "unknown_care_type": "child {child}: unknown care type `{care}` (known: {known})",
        "bad_hours": "child {child}: weekly hours must be above 0 and at most 168, with at most two decimals (got {hours})",
        "unknown_income_kind": "unknown income kind `{kind}` (known: {known})",
        "bad_income_item": "income `{kind}`: give either a yearly or a monthly amount",
        "bad_income_months": "income `{kind}`: months must be 1 to 12 (got {months})",
        "bad_income_custodian": "income `{kind}`: there is no custodian {custodian}",
        "bad_amount": "{what:word}: {value} is not an amount in EUR with at most two decimals",
        "bad_amount_negative": "{what:word}: the amount must not be negative (got {value})",
        "bad_amount_text": "`{column}` is not a number: {value}",
        "bad_household": "the household data is malformed ({detail})",
        "no_satzung": "there is no Satzung for `{kommune}`",
        "no_satzung_on_date": "no Satzung of `{kommune}` is valid on {on:date} (files: {periods})",
        "outside_validity": "{file} is not valid on {on:date}",
        "born_after_date": "child {child} is born after the reference date {on:date}",
        "hours_missing": "child {child}: the fee depends on the booked weekly hours; give them",
        "hours_out_of_range": "child {child}: {hours} hours a week are more than the table `{table}` provides (up to {bound})",
        "bad_period": "the period is not valid: {last} is before {first}",
        "bad_period_length": "the period is too long: {count} months, at most {max}",
        "no_statement_rule": "the Satzung file does not say what applies without an income statement",
        "income_rules_missing": "the Satzung file has no income rules; declare the total annual income instead of single items",
        "income_kind_unknown": "the Satzung file does not say whether `{kind}` counts as income; declare the total annual income instead",
        "work_expenses_unknown": "the Satzung file does not say whether work-related expenses are deducted from the income; declare the total annual income instead",
        "flat_allowance_unknown": "kitaforms does not know the employee's flat allowance (section 9a EStG) for the income year {year}",
        "bad_income_year": "the income year {year} is not a valid calendar year",
        "no_age_groups": "the Satzung file declares no age groups",
        "age_switch_unknown": "child {child} moves into the next age group this month, and the Satzung file does not say from when the new group applies",
        "no_table": "the Satzung file has no fee table for `{care}`",
        "unknown_cell": "child {child}: the Satzung file does not give this fee (table `{table}`, Stufe {stufe}{group}, column {column})",
        "unknown_rate": "child {child}: the Satzung file does not give the hourly rate (table `{table}`, Stufe {stufe}{group}, band {column})",
        "unknown_meal_money": "child {child}: the Satzung file does not give the meal money",
        "monthly_factor_unknown": "the Satzung file does not say how the hourly rates of `{table}` become a monthly fee",
        "sibling_rule_unknown": "more than one child would pay, and the Satzung file does not state the sibling rule",
        "alternating_rule_unknown": "the Satzung file does not say how the fee is set when the child lives with both parents in turn (Wechselmodell)",
        "decided_by_jugendamt": "child {child}: the Jugendamt sets this fee in the single case: “{text}” kitaforms does not compute an amount for it.",
    },
}

_PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")


def money(value: str, lang: str = "de", cents: bool = True) -> str:
    """``"1234.5"`` → ``1.234,50 €`` (de) or ``€1,234.50`` (en); ``cents=False`` drops ``,00``."""
    amount = Decimal(value or "0").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, part = f"{abs(amount):.2f}".split(".")
    groups = f"{int(whole):,}"
    fraction = "" if not cents and part == "00" else ("," if lang == "de" else ".") + part
    if lang == "de":
        return f"{sign}{groups.replace(',', '.')}{fraction} €"
    return f"{sign}€{groups}{fraction}"


def day(value: str, lang: str = "de") -> str:
    """``"2025-08-01"`` → ``01.08.2025`` (de), unchanged (en)."""
    if lang != "de":
        return value
    year, month, dd = value.split("-")
    return f"{dd}.{month}.{year}"


def fill(template: str, params: dict[str, str], lang: str = "de") -> str:
    return _PLACEHOLDER.sub(lambda m: _format(m.group(1), m.group(2), params, lang), template)


def _format(name: str, kind: str | None, params: dict[str, str], lang: str) -> str:
    value = params.get(name, "")
    if kind == "money":
        return money(value, lang)
    if kind == "euros":
        return money(value, lang, cents=False)
    if kind == "date":
        return day(value, lang)
    if kind == "word":
        return word(value, lang)
    if kind == "age":
        return _age(params, lang)
    if kind in _PHRASE:
        return fill(word(_PHRASE[kind](params), lang), params, lang)
    return value


def _range_phrase(params: dict[str, str]) -> str:
    low, high, kind = params.get("low"), params.get("high"), params.get("boundaries")
    if not low:
        return "below" if kind == "lower_inclusive" else "up_to"
    if not high:
        return "from" if kind != "upper_inclusive" else "over"
    return {"lower_inclusive": "from_below", "whole_euros": "whole"}.get(kind or "", "between")


def _column_phrase(params: dict[str, str]) -> str:
    return "hours_up_to" if params.get("bound") else "hours_over"


def _validity_phrase(params: dict[str, str]) -> str:
    start, end = params.get("from"), params.get("until")
    if start and end:
        return "valid_range"
    return "valid_from" if start else ("valid_until" if end else "valid_any")


def _age(params: dict[str, str], lang: str) -> str:
    """``years``/``months`` → "2 Jahre und 3 Monate", "1 Jahr", "5 Monate"."""
    parts = []
    for name, one in (("years", "year"), ("months", "month")):
        count = int(params.get(name) or 0)
        if count:
            parts.append(f"{count} {word(one if count == 1 else name, lang)}")
    return f" {word('and', lang)} ".join(parts) or f"0 {word('months', lang)}"


_PHRASE = {
    "range": _range_phrase, "column": _column_phrase, "validity": _validity_phrase,
    "why": lambda params: "why_" + params.get("reason", ""),
}


def word(name: str, lang: str = "de") -> str:
    own = WORDS.get(lang, WORDS["de"])
    return own[name] if name in own else MORE_WORDS.get(lang, MORE_WORDS["de"]).get(name, name)


def template(code: str, lang: str = "de") -> str:
    """The template of a step code, from the shipped, the feature or the detail messages."""
    for table in (MESSAGES, FEATURE_MESSAGES, DETAIL_MESSAGES):
        texts = table.get(lang, table["de"])
        if code in texts:
            return texts[code]
    return code


def render(step: Step, lang: str = "de") -> str:
    """The sentence of one step."""
    return fill(template(step.code, lang), step.params, lang)


def error_text(key: str, params: dict[str, str], lang: str = "de") -> str:
    """The message of a fee error (``key`` is its template, usually its code) in ``lang``."""
    texts = ERRORS.get(lang, ERRORS["de"])
    return fill(texts.get(key, key), params, lang)
