"""The result document as a readable table for the clerks (German or English)."""

from __future__ import annotations

from typing import Any

LABELS = {
    "de": {
        "title": "Vergaberunde {round} · {kommune} · {date}",
        "reasons": {
            "incomplete": "unvollständig", "no_wishes": "keine Wünsche", "placement_wanted": "Vermittlung ohne Wunsch",
            "no_fitting_place": "kein passender Platz", "outranked": "andere hatten Vorrang",
            "not_together": "nicht gemeinsam möglich",
        },
        "why": {
            "unknown_facility": "unbekannte Einrichtung", "care_type": "Betreuungsart", "age": "Alter",
            "no_places": "keine Plätze", "hours": "Stunden", "outranked": "Vorrang", "no_places_left": "belegt",
            "not_for_all_siblings": "nicht für alle Geschwister", "not_enough_places_together": "zu wenig Plätze "
            "für alle Geschwister",
        },
        "criteria": "Kriterien: {method}; Gleichstand: {tie}; Geschwister {siblings}; Antwortfrist {days} Tage",
        "order": "Rangfolge", "points": "Punkte", "received_at": "Eingangsdatum", "lottery": "Los (Seed {seed})",
        "together": "gemeinsam", "apart": "einzeln", "sample": "BEISPIELDATEN, keine echte Vergabe: {which}",
        "sample_names": {"criteria": "Kriterien", "capacities": "Plätze", "facilities": "Einrichtungen"},
        "offers": "Angebote", "unmatched": "Ohne Angebot", "report": "Bericht",
        "head_offers": ("Angebot", "Vorgang", "Einrichtung", "Platz", "Wunsch", "Frist", "Grund"),
        "head_unmatched": ("Vorgang", "Grund", "Einzelheiten"),
        "no_competition": "kein Mitbewerb", "tie_break": "Gleichstand", "out_of_order": "außer der Reihe",
        "children": "Kinder in dieser Runde: {children} ({offers} Angebote, {unmatched} ohne Angebot)",
        "wishes": "Angebote nach Wunsch: {wishes}",
        "hours": "Stunden: {booked} wie gebucht, {alternative} als Alternative",
        "siblings": "Geschwister: {families} Familien, {together} zusammen, {apart} getrennt, {partly} nur teils mit "
        "Angebot, {without_offer} ohne Angebot",
        "places": "Plätze: {total} insgesamt, {promised_earlier} aus früheren Runden, {offered} angeboten, {free} frei",
        "stability": "Stabilität: {justified_envy} Fälle berechtigten Neids",
        "envy": "  {references} → {facility} (verdrängt: {displaces})", "free_place": "freier Platz",
        "earlier": "Frühere Runden: {standing} Angebote halten ihren Platz, {withdrawn} Kinder ausgeschieden",
        "wish": "Wunsch",
    },
    "en": {
        "title": "Allocation round {round} · {kommune} · {date}",
        "reasons": {
            "incomplete": "incomplete", "no_wishes": "no wishes", "placement_wanted": "placement without wishes",
            "no_fitting_place": "no fitting place", "outranked": "others had priority",
            "not_together": "not possible together",
        },
        "why": {
            "unknown_facility": "unknown facility", "care_type": "care type", "age": "age", "no_places": "no places",
            "hours": "hours", "outranked": "priority", "no_places_left": "taken",
            "not_for_all_siblings": "not for all siblings", "not_enough_places_together": "too few places for all "
            "siblings",
        },
        "criteria": "Criteria: {method}; ties: {tie}; siblings {siblings}; {days} days to answer",
        "order": "order of rules", "points": "points", "received_at": "date of receipt", "lottery": "lottery (seed {seed})",
        "together": "together", "apart": "one by one", "sample": "SAMPLE DATA, not a real allocation: {which}",
        "sample_names": {"criteria": "criteria", "capacities": "places", "facilities": "facilities"},
        "offers": "Offers", "unmatched": "Without an offer", "report": "Report",
        "head_offers": ("Offer", "Reference", "Facility", "Place", "Wish", "Deadline", "Reason"),
        "head_unmatched": ("Reference", "Reason", "Details"),
        "no_competition": "no competition", "tie_break": "tie-break", "out_of_order": "out of order",
        "children": "Children in this round: {children} ({offers} offers, {unmatched} without an offer)",
        "wishes": "Offers by wish: {wishes}",
        "hours": "Hours: {booked} as booked, {alternative} as an alternative",
        "siblings": "Siblings: {families} families, {together} together, {apart} apart, {partly} partly placed, "
        "{without_offer} without an offer",
        "places": "Places: {total} in all, {promised_earlier} from earlier rounds, {offered} offered, {free} free",
        "stability": "Stability: {justified_envy} cases of justified envy",
        "envy": "  {references} → {facility} (displaces: {displaces})", "free_place": "a free place",
        "earlier": "Earlier rounds: {standing} offers keep their place, {withdrawn} children left",
        "wish": "wish",
    },
}


def render_text(document: dict[str, Any], lang: str = "de") -> str:
    words = LABELS[lang]
    lines = [*_head(document, words), "", f"{words['offers']} ({len(document['offers'])})"]
    lines += _table(words["head_offers"], [_offer_row(o, words) for o in document["offers"]])
    lines += ["", f"{words['unmatched']} ({len(document['unmatched'])})"]
    lines += _table(words["head_unmatched"], [_unmatched_row(u, words) for u in document["unmatched"]])
    lines += ["", words["report"], *_report(document["report"], words)]
    return "\n".join(lines) + "\n"


def _head(document: dict[str, Any], words: dict[str, Any]) -> list[str]:
    criteria = document["criteria"]
    tie = criteria["tie_break"]
    lines = [
        words["title"].format(round=document["round"], kommune=document["kommune_name"], date=document["date"]),
        words["criteria"].format(
            method=_method(criteria, words), days=criteria["answer_days"],
            tie=words["lottery"].format(seed=tie.get("seed")) if tie["method"] == "lottery" else words["received_at"],
            siblings=words["together"] if criteria["siblings"]["together"] else words["apart"],
        ),
    ]
    sample = ", ".join(words["sample_names"][name] for name in document["sample_data"])
    return lines + ([words["sample"].format(which=sample)] if sample else [])


def _method(criteria: dict[str, Any], words: dict[str, Any]) -> str:
    if criteria["method"] == "points":
        return words["points"] + " (" + ", ".join(f"{r['id']} {r['points']}" for r in criteria["rules"]) + ")"
    return words["order"] + " " + " > ".join(r["id"] for r in criteria["rules"])


def _offer_row(offer: dict[str, Any], words: dict[str, Any]) -> list[str]:
    hours = f" {offer['hours']} h" if offer["hours"] is not None else ""
    place = f"{offer['start']} {offer['care_type']} {offer['age_band']}{hours}"
    return [offer["id"], offer["reference"], f"{offer['facility']} {offer['facility_name']}", place,
            str(offer["wish"]), offer["deadline"], _reason(offer["reason"], words)]


def _reason(reason: dict[str, Any], words: dict[str, Any]) -> str:
    kind = reason["kind"]
    if kind in ("rule", "points"):
        text = ", ".join(reason["rules"]) or "–"
        return f"{text} ({reason['points']}:{reason['other_points']})" if kind == "points" else text
    return str(words.get(kind, kind))


def _unmatched_row(entry: dict[str, Any], words: dict[str, Any]) -> list[str]:
    details = [", ".join(entry["missing"])] if "missing" in entry else []
    for wish in entry.get("wishes", []):
        why = words["why"].get(wish["why"], wish["why"])
        if "by" in wish:
            why += " " + _reason(wish["by"], words)
        details.append(f"{words['wish']} {wish['wish']} {wish['facility']}: {why}")
    return [entry["reference"], words["reasons"].get(entry["reason"], entry["reason"]), "; ".join(details)]


def _table(head: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [list(head), *rows]) for i in range(len(head))]
    widths[-1] = 0  # the last column is not padded
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in [list(head), *rows]]


def _report(report: dict[str, Any], words: dict[str, Any]) -> list[str]:
    wishes = ", ".join(f"{rank}: {count}" for rank, count in report["wishes"].items()) or "–"
    stability = report["stability"]
    lines = [
        words["children"].format(**report), words["wishes"].format(wishes=wishes),
        words["hours"].format(**report["hours"]), words["siblings"].format(**report["siblings"]),
        words["places"].format(**report["places"]), words["earlier"].format(**report["earlier_rounds"]),
        words["stability"].format(justified_envy=stability["justified_envy"]),
    ]
    for case in stability["cases"]:
        displaced = ", ".join(case["displaces"]) or words["free_place"]
        lines.append(words["envy"].format(references=", ".join(case["references"]), facility=case["facility"],
                                          displaces=displaced))
    return lines
