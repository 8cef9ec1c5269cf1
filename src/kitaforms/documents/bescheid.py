"""The fee notice (vorläufiger or endgültiger Bescheid) as PDF/UA, from its decision data
(:mod:`kitaforms.notice`, ``docs/bescheid.md``).

The words of the document are :data:`LABELS` (German and English) and the Kommune's fixed texts that the
decision carries; the explanation of every month is the engine's (each step with its paragraph). The theme's
``documents/bescheid.html`` lays them out; :func:`kitaforms.documents.html_to_pdf` prints them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from kitaforms.documents.pdf import html_to_pdf
from kitaforms.satzung.explain import money

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "vorlaeufig": "Vorläufiger Bescheid über den Elternbeitrag",
        "endgueltig": "Endgültiger Bescheid über den Elternbeitrag",
        "sample": "Beispieltext: Dieser Bescheid enthält Beispieltexte und darf so nicht versandt werden.",
        "aktenzeichen": "Aktenzeichen", "issued": "Datum", "reference": "Vorgangsnummer der Erklärung",
        "period": "Zeitraum", "settles": "Ersetzt den vorläufigen Bescheid",
        "intro_vorlaeufig": "Auf Grund Ihrer Angaben zum Einkommen setzen wir den Elternbeitrag vorläufig fest. "
                            "Die endgültige Festsetzung folgt, wenn Ihr Einkommen nachgewiesen ist.",
        "intro_endgueltig": "Nach Prüfung der Nachweise setzen wir den Elternbeitrag endgültig fest. Er ersetzt "
                            "die vorläufige Festsetzung; die Differenz je Monat steht unten.",
        "children": "Kinder in Betreuung", "child": "Kind", "born": "Geburtsdatum", "care": "Betreuung",
        "hours": "Wochenstunden", "start": "Beginn", "income": "Maßgebliches Einkommen",
        "income_declared": "Jahreseinkommen nach Ihren Angaben, wie es die Satzung anrechnet: {amount}.",
        "income_verified": "Jahreseinkommen laut geprüften Nachweisen: {amount}.",
        "income_band": "Einkommensstufe nach Ihrer Selbsteinschätzung; der Beitrag ist der dieser Stufe.",
        "income_none": "Ohne Angaben zum Einkommen gilt der höchste Beitrag.",
        "fees": "Festgesetzte Monatsbeiträge", "month": "Monat", "satzung": "Satzung", "monthly": "Monatsbeitrag",
        "total": "Summe", "open": "nicht festgesetzt", "none": "–",
        "open_note": "Für diese Monate setzen wir den Beitrag gesondert fest:",
        "comparison": "Vergleich mit dem vorläufigen Bescheid", "provisional": "vorläufig", "final": "endgültig",
        "difference": "Differenz", "result": "Ergebnis", "nachforderung": "Nachforderung", "erstattung": "Erstattung",
        "keine": "keine Änderung",
        "sentence_nachforderung": "Insgesamt fordern wir {amount} nach.",
        "sentence_erstattung": "Insgesamt erstatten wir Ihnen {amount}.",
        "sentence_keine": "Es ergibt sich keine Differenz.",
        "reasons": "Begründung (Monate mit Änderungen)", "remedy": "Rechtsbehelfsbelehrung",
        "contact": "Fragen zu diesem Bescheid", "phone": "Telefon",
        "machine": "Dieser Bescheid wurde maschinell erstellt und ist ohne Unterschrift gültig.",
        "care_kita": "Kita", "care_tagespflege": "Kindertagespflege", "care_ogs": "OGS", "care_hort": "Hort",
    },
    "en": {
        "vorlaeufig": "Provisional notice of the parental fee",
        "endgueltig": "Final notice of the parental fee",
        "sample": "Beispieltext (sample text): this notice contains sample texts and must not be sent as it is.",
        "aktenzeichen": "File number", "issued": "Date", "reference": "Reference of the declaration",
        "period": "Period", "settles": "Replaces the provisional notice",
        "intro_vorlaeufig": "Based on the income you declared, we set the parental fee provisionally. The final "
                            "decision follows once your income has been proven.",
        "intro_endgueltig": "Having checked the proofs, we set the parental fee finally. It replaces the "
                            "provisional decision; the difference per month is shown below.",
        "children": "Children in care", "child": "Child", "born": "Date of birth", "care": "Care",
        "hours": "Hours a week", "start": "Start", "income": "Relevant income",
        "income_declared": "Annual income as you declared it, as the fee rules count it: {amount}.",
        "income_verified": "Annual income as proven and verified: {amount}.",
        "income_band": "Income band as you assessed it yourself; the fee is that of this band.",
        "income_none": "Without a statement of income the highest fee applies.",
        "fees": "Monthly fees set", "month": "Month", "satzung": "Fee rules", "monthly": "Monthly fee",
        "total": "Total", "open": "not set", "none": "–",
        "open_note": "For these months we will set the fee separately:",
        "comparison": "Comparison with the provisional notice", "provisional": "provisional", "final": "final",
        "difference": "Difference", "result": "Result", "nachforderung": "Additional payment",
        "erstattung": "Refund", "keine": "no change",
        "sentence_nachforderung": "In total you have to pay {amount} more.",
        "sentence_erstattung": "In total we refund {amount} to you.",
        "sentence_keine": "There is no difference.",
        "reasons": "Reasons (months with changes)", "remedy": "Legal remedies",
        "contact": "Questions about this notice", "phone": "Phone",
        "machine": "This notice was produced by machine and is valid without a signature.",
        "care_kita": "Kita", "care_tagespflege": "Childminder", "care_ogs": "OGS", "care_hort": "Hort",
    },
}


def bescheid_pdf(decision: Mapping[str, Any]) -> bytes:
    """The PDF/UA of a decision (its language is the decision's ``lang``)."""
    from kitaforms.render._receipt import document_css

    return html_to_pdf(bescheid_html(decision), [document_css()])


def bescheid_html(decision: Mapping[str, Any]) -> str:
    from kitaforms.render._theme import environment

    lang = decision["lang"] if decision.get("lang") in LABELS else "de"
    return environment(lang).get_template("documents/bescheid.html").render(**_context(decision, lang))


def _context(d: Mapping[str, Any], lang: str) -> dict[str, Any]:
    t = LABELS[lang]
    months = d["months"]
    return {
        "lang": lang, "d": d, "t": t, "title": t[d["kind"]], "issued": _day(d["issued"], lang),
        "period": f"{_month(d['period']['from'])} – {_month(d['period']['until'])}", "intro": t[f"intro_{d['kind']}"],
        "children": [_child(c, t, lang) for c in d["children"]],
        "income_line": _income(d["income"], t, lang), "income_steps": d["income"]["explanation"],
        "months": [_month_row(m, len(d["children"]), t, lang) for m in months],
        "total": money(d["total"], lang),
        "open_months": [{"month": _month(m["month"]), "reason": m["error"]["message"]} for m in months if m.get("error")],
        "comparison": _comparison(d["comparison"], t, lang) if d.get("comparison") else None,
        "notes": _notes(months), "contact": d["texts"].get("kontakt"),
        "signature": str(d["texts"]["unterschrift"]).split("\n"),
    }


def _child(c: Mapping[str, Any], t: Mapping[str, str], lang: str) -> dict[str, Any]:
    return {"number": c["number"], "name": c["name"], "born": _day(c["birth_date"], lang),
            "care": t.get(f"care_{c['care_type']}", c["care_type"]), "hours": c.get("hours") or t["none"],
            "start": _day(c["start"], lang) if c.get("start") else t["none"]}


def _income(income: Mapping[str, Any], t: Mapping[str, str], lang: str) -> str:
    if income.get("amount") is None:
        return t["income_none"]
    return t[f"income_{income['basis']}"].format(amount=money(income["amount"], lang))


def _month_row(m: Mapping[str, Any], children: int, t: Mapping[str, str], lang: str) -> dict[str, Any]:
    fees = {c["number"]: c["fee"] for c in m.get("children") or ()}
    if m.get("fee") is None:
        cells = [t["open"] if n in m["in_care"] else t["none"] for n in range(1, children + 1)]
        return {"month": _month(m["month"]), "satzung": m.get("satzung") or "", "children": cells, "fee": t["open"]}
    cells = [money(fees[n], lang) if n in fees else t["none"] for n in range(1, children + 1)]
    return {"month": _month(m["month"]), "satzung": m.get("satzung") or "", "children": cells,
            "fee": money(m["fee"], lang)}


def _comparison(c: Mapping[str, Any], t: Mapping[str, str], lang: str) -> dict[str, Any]:
    def shown(value: str | None) -> str:
        return money(value, lang) if value is not None else t["open"]

    rows = [{"month": _month(r["month"]), "provisional": shown(r["provisional"]), "final": shown(r["final"]),
             "difference": shown(r["difference"]), "result": t[r["result"]] if r["result"] else t["none"]}
            for r in c["months"]]
    total = money(c["total_difference"], lang)
    absolute = money(c["total_difference"].lstrip("-"), lang)
    return {"rows": rows, "total": total, "result": t[c["result"]],
            "sentence": t[f"sentence_{c['result']}"].format(amount=absolute)}


def _notes(months: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every step of the first month with a fee; later only the steps not said the month before."""
    notes: list[dict[str, Any]] = []
    said: set[tuple[Any, ...]] = set()
    for month in months:
        steps = month.get("explanation") or []
        new = [s for s in steps if _said(s) not in said]
        if new:
            notes.append({"month": _month(month["month"]), "steps": new})
        if steps:
            said = {_said(s) for s in steps}
    return notes


def _said(step: Mapping[str, Any]) -> tuple[Any, ...]:
    return step["code"], step.get("child"), tuple(sorted((k, v) for k, v in step["params"].items() if k != "on"))


def _month(text: str) -> str:
    year, month = text.split("-")[:2]
    return f"{month}/{year}"


def _day(text: str, lang: str) -> str:
    day = date.fromisoformat(text)
    return f"{day.day:02d}.{day.month:02d}.{day.year}" if lang == "de" else day.isoformat()
