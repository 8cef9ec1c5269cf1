"""The words of the explanation: one template per step code, in German and English.

Steps carry only data (code, paragraph, params as strings); this module turns them into sentences.
The same templates are shipped in the compiled JSON, so the browser words its estimate identically.
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
        "beamte_addition": "Zuschlag für Beamte: {percent} % von {base:money} = {amount:money}.",
        "child_deduction": "Abzug für {count} Kind(er) ab dem {from_child}. Kind: {amount:money}.",
        "income_total": "Maßgebliches Jahreseinkommen: {amount:money}.",
        "no_statement": "Keine Einkommenserklärung: es gilt der höchste Beitrag.",
        "provisional": "Vorläufige Festsetzung nach Selbsteinschätzung; die endgültige folgt nach dem {settled_by:word}.",
        "not_in_care": "Kind {child}: die Betreuung beginnt erst am {start:date}; für diesen Monat kein Beitrag.",
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
        "beamte_addition": "Addition for Beamte: {percent} % of {base:money} = {amount:money}.",
        "child_deduction": "Deduction for {count} child(ren) from child {from_child} on: {amount:money}.",
        "income_total": "Relevant annual income: {amount:money}.",
        "no_statement": "No income statement: the highest fee applies.",
        "provisional": "Provisional assessment from the self-assessment; the final one follows the {settled_by:word}.",
        "not_in_care": "Child {child}: care starts only on {start:date}; no fee for this month.",
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
        "up_to": "up to {high:euros}", "over": "above {low:euros}", "between": "above {low:euros} up to {high:euros}",
        "from_below": "from {low:euros} to below {high:euros}", "below": "below {high:euros}",
        "from": "from {low:euros}", "whole": "{low:euros} to {high:euros}", "hours_up_to": "up to {bound} h",
        "hours_over": "more than {previous} h", "valid_from": "valid from {from:date}",
        "valid_range": "valid {from:date} to {until:date}", "valid_until": "valid until {until:date}",
        "valid_any": "start of validity not known",
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


_PHRASE = {"range": _range_phrase, "column": _column_phrase, "validity": _validity_phrase}


def word(name: str, lang: str = "de") -> str:
    return WORDS.get(lang, WORDS["de"]).get(name, name)


def render(step: Step, lang: str = "de") -> str:
    """The sentence of one step."""
    templates = MESSAGES.get(lang, MESSAGES["de"])
    return fill(templates[step.code], step.params, lang)
