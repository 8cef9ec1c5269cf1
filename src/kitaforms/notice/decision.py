"""Provisional and final fee notices (vorläufiger / endgültiger Bescheid) as decision data.

:func:`provisional` assesses a :class:`~kitaforms.notice.declaration.Case` month by month
(:func:`kitaforms.satzung.timeline`) and returns the decision as JSON data (``docs/bescheid.md``): the
months with their fee and explanation (each step citing its paragraph), the income as the Satzung
counted it, the Kommune's fixed texts and the input, so that :func:`final` can assess the same months
again with the income the clerk verified and state the difference of every month (Nachforderung when
the final fee is higher, Erstattung when it is lower). Money is ``Decimal``; amounts in the data are
decimal strings. Built as data, never from text templates; nothing is read or written here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from kitaforms.model.kommune import Contact, Kommune
from kitaforms.notice.declaration import Case, DeclarationError
from kitaforms.satzung.engine import amount
from kitaforms.satzung.explain import money
from kitaforms.satzung.household import FeeError
from kitaforms.satzung.jsonio import household_from_json, household_to_json, timeline_json
from kitaforms.satzung.rules import Rules
from kitaforms.satzung.timeline import CareChange, ChildCare, Timeline, choose, timeline

FORMAT = "kitaforms-bescheid/1"
LANGUAGES = ("de", "en")
PROVISIONAL, FINAL = "vorlaeufig", "endgueltig"
CLAIM, REFUND, NONE = "nachforderung", "erstattung", "keine"
INCOME_STEPS = ("income_declared", "income_verified", "income_band", "income_item", "income_not_counted", "income_loss", "thirteenth_salary",
                "elterngeld_allowance", "work_expenses", "work_expenses_flat", "beamte_addition", "child_deduction", "income_total", "no_statement",
                "provisional", "benefit_free", "benefit_lowest")
SAMPLE = "Beispieltext"
SAMPLE_TEXTS = {
    "de": "Beispieltext – vor dem Versand durch den Text des Jugendamts ersetzen (kommune.yaml, bescheid). "
          "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage "
          "beim zuständigen Verwaltungsgericht erhoben werden.",
    "en": "Sample text (Beispieltext) – replace it with the youth welfare office's text before sending "
          "(kommune.yaml, bescheid). Legal remedy: within one month of notification, an action against this "
          "notice may be brought before the competent administrative court.",
}
SAMPLE_SIGNATURE = "Beispieltext: Im Auftrag\nJugendamt"
BAND = {"de": "Einkommensstufe {band} laut Selbsteinschätzung.",
        "en": "Income band {band} as self-assessed."}
VERIFIED = {"de": "Jahreseinkommen laut Nachweisen (geprüft): {amount}.",
            "en": "Annual income as proven (verified): {amount}."}


class DecisionError(ValueError):
    """A decision document that cannot be read (not ``kitaforms-bescheid/1``, or not a provisional one)."""


@dataclass(frozen=True)
class Texts:
    rechtsbehelfsbelehrung: Mapping[str, str]
    aktenzeichen_muster: str
    unterschrift: str
    kontakt: Contact
    sample: bool


def texts_of(kommune: Kommune) -> Texts:
    """The Kommune's fixed texts; clearly marked sample texts (``Beispieltext``) where it has none."""
    own = kommune.bescheid
    if own is None:
        return Texts(SAMPLE_TEXTS, "{kommune}/{jahr}/{referenz}", SAMPLE_SIGNATURE, kommune.jugendamt, True)
    return Texts(own.rechtsbehelfsbelehrung, own.aktenzeichen_muster, own.unterschrift,
                 own.kontakt or kommune.jugendamt, False)


def language(lang: str | None) -> str:
    """``lang`` where the notices are offered in it, else German."""
    return lang if lang in LANGUAGES else "de"


def provisional(satzungen: Sequence[Rules], case: Case, kommune: Kommune, *, issued: date, lang: str = "de",
                reference: str | None = None, received_at: str | None = None,
                aktenzeichen: str | None = None) -> dict[str, Any]:
    """The provisional notice of ``case`` (income as declared) as decision data."""
    texts = texts_of(kommune)
    number = aktenzeichen or texts.aktenzeichen_muster.format(kommune=kommune.id, jahr=issued.year,
                                                                referenz=reference or "ohne-referenz")
    return _decision(PROVISIONAL, satzungen, case, kommune, texts, issued=issued, lang=language(lang),
                     aktenzeichen=number, submission={"reference": reference, "received_at": received_at})


def final(decision: Mapping[str, Any], satzungen: Sequence[Rules], income: Decimal, kommune: Kommune, *,
          issued: date, lang: str | None = None) -> dict[str, Any]:
    """The final notice: the provisional ``decision``'s months assessed again with the verified yearly
    ``income``, and per month the difference to the provisional fee."""
    case = case_from_decision(decision)
    household = replace(case.household, incomes=(), declared_income=income, statement=True, provisional=False)
    verified = replace(case, household=household, basis="verified", band=None)
    data = _decision(FINAL, satzungen, verified, kommune, texts_of(kommune), issued=issued,
                     lang=language(lang or decision.get("lang")), aktenzeichen=str(decision["aktenzeichen"]),
                     submission=dict(decision.get("submission") or {}))
    data["comparison"] = compare(decision, data)
    return data


def _decision(kind: str, satzungen: Sequence[Rules], case: Case, kommune: Kommune, texts: Texts, *, issued: date,
              lang: str, aktenzeichen: str, submission: dict[str, Any]) -> dict[str, Any]:
    household = replace(case.household, provisional=kind == PROVISIONAL)
    if case.band is not None:
        household = replace(household, declared_income=band_income(satzungen, case))
    result = timeline(satzungen, household, case.first, case.last, case.care)
    months = timeline_json(result, lang)
    if case.basis == "verified":
        _verified(months["months"], lang)
    elif case.band is not None:
        _banded(months["months"], case.band, lang)
    return {
        "format": FORMAT, "kind": kind, "aktenzeichen": aktenzeichen, "issued": issued.isoformat(), "lang": lang,
        "kommune": {"id": kommune.id, "name": kommune.name, "ags": kommune.ags},
        "submission": submission,
        "period": {"from": months["from"], "until": months["until"]},
        "children": [_child_json(care, name, n) for n, (care, name) in enumerate(zip(case.care, case.names,
                                                                                     strict=True), 1)],
        "income": _income(result, case, lang),
        "months": [_month(month) for month in months["months"]],
        "total": months["total"], "complete": months["complete"],
        "comparison": None,
        "texts": {"rechtsbehelfsbelehrung": texts.rechtsbehelfsbelehrung.get(lang)
                  or texts.rechtsbehelfsbelehrung.get("de", ""),
                  "unterschrift": texts.unterschrift, "kontakt": texts.kontakt.model_dump(mode="json"),
                  "sample": texts.sample},
        "input": {"household": household_to_json(replace(case.household, children=())), "band": case.band,
                  "care": [care_to_json(c) for c in case.care], "names": list(case.names),
                  "from": case.first.isoformat(), "until": case.last.isoformat()},
    }


def _month(data: dict[str, Any]) -> dict[str, Any]:
    """A month of :func:`timeline_json` with its ``fee`` (``None`` when not determined)."""
    fee = None if "error" in data else data["total"]
    return {"month": data["month"], "fee": fee, **{k: v for k, v in data.items() if k != "month"}}


def _income(result: Timeline, case: Case, lang: str) -> dict[str, Any]:
    """The income as the first assessed month counted it, with the steps that counted it."""
    basis = case.basis if case.band is None else "band"
    first = next((m for m in result.months if m.assessment is not None), None)
    if first is None or first.assessment is None:
        return {"basis": basis, "amount": None, "explanation": []}
    months = timeline_json(Timeline(first.month, first.month, (first,), result.children), lang)["months"]
    if case.basis == "verified":
        _verified(months, lang)
    elif case.band is not None:
        _banded(months, case.band, lang)
    steps = [s for s in months[0]["explanation"] if s["code"] in INCOME_STEPS and s["child"] is None]
    income = first.assessment.income
    return {"basis": basis, "amount": amount(income) if income is not None else None, "explanation": steps}


def band_income(satzungen: Sequence[Rules], case: Case) -> Decimal:
    """An income inside the declared band: every income of a band gives the same fee, so the notice is assessed
    with one of them (the band's upper bound where it belongs to the band, else its lower one). The band is
    the Stufe of the table for the first child's care in the first month."""
    try:
        rules = choose(satzungen, case.first)
    except FeeError as exc:
        raise DeclarationError("no_band", exc.message) from None
    table = rules.fee_tables.get(case.care[0].care_type)
    found = next((b for b in table.brackets if (b.stufe or b.index + 1) == case.band), None) if table else None
    if table is None or found is None:
        raise DeclarationError("no_band", f"the Satzung {rules.key} has no income band {case.band} for "
                               f"{case.care[0].care_type}: give the yearly income with --einkommen")
    cent = Decimal("0.01")
    candidates = [v for v in (found.high, found.low, (found.low or 0) + cent, (found.high or cent) - cent)
                  if v is not None and v >= 0]
    inside = next((v for v in candidates if table.bracket_of(v) == found.index), None)
    if inside is None:
        raise DeclarationError("no_band", f"no income falls into band {case.band} of {rules.key}")
    return inside


def _banded(months: list[dict[str, Any]], band: int, lang: str) -> None:
    """The income of a band is not the parents' income: the notice says the band."""
    for month in months:
        for step in month.get("explanation") or ():
            if step["code"] == "income_declared":
                step["code"], step["params"] = "income_band", {**step["params"], "band": str(band)}
                step["text"] = BAND[lang].format(band=band)


def _verified(months: list[dict[str, Any]], lang: str) -> None:
    """The engine words a given total as declared; in a final notice it is the income the clerk verified."""
    for month in months:
        for step in month.get("explanation") or ():
            if step["code"] == "income_declared":
                step["code"] = "income_verified"
                step["text"] = VERIFIED[lang].format(amount=money(step["params"]["amount"], lang))


def compare(earlier: Mapping[str, Any], later: Mapping[str, Any]) -> dict[str, Any]:
    """Per month: the provisional fee, the final fee and the difference (final − provisional; a month
    either notice did not determine has no difference); the total and whether it is claimed or refunded."""
    before = {m["month"]: m.get("fee") for m in earlier["months"]}
    rows, total = [], Decimal(0)
    for month in later["months"]:
        old, new = before.get(month["month"]), month.get("fee")
        difference = None if old is None or new is None else Decimal(new) - Decimal(old)
        total += difference or 0
        rows.append({"month": month["month"], "provisional": old, "final": new,
                     "difference": None if difference is None else amount(difference),
                     "result": None if difference is None else _result(difference)})
    return {"provisional": earlier["aktenzeichen"], "provisional_issued": earlier.get("issued"),
            "months": rows, "total_difference": amount(total), "result": _result(total),
            "complete": all(row["difference"] is not None for row in rows)}


def _result(difference: Decimal) -> str:
    return CLAIM if difference > 0 else REFUND if difference < 0 else NONE


def _child_json(care: ChildCare, name: str, number: int) -> dict[str, Any]:
    return {"number": number, "name": name, **care_to_json(care)}


def care_to_json(care: ChildCare) -> dict[str, Any]:
    return {"birth_date": care.birth_date.isoformat(), "care_type": care.care_type,
            "hours": None if care.hours is None else f"{care.hours:f}",
            "start": _day(care.start), "end": _day(care.end), "meals": care.meals,
            "changes": [{"month": c.month.isoformat(), "care_type": c.care_type,
                         "hours": None if c.hours is None else f"{c.hours:f}"} for c in care.changes]}


def care_from_json(data: Mapping[str, Any]) -> ChildCare:
    changes = tuple(CareChange(date.fromisoformat(c["month"]), c.get("care_type"), _decimal(c.get("hours")))
                    for c in data.get("changes") or ())
    return ChildCare(date.fromisoformat(data["birth_date"]), data["care_type"], _decimal(data.get("hours")),
                     _date(data.get("start")), _date(data.get("end")), changes, bool(data.get("meals")))


def case_from_decision(decision: Mapping[str, Any]) -> Case:
    """The case a provisional decision was assessed from (its ``input``)."""
    if not isinstance(decision, Mapping) or decision.get("format") != FORMAT:
        raise DecisionError(f"not a {FORMAT} document")
    if decision.get("kind") != PROVISIONAL:
        raise DecisionError("a final notice settles a provisional one: give the provisional decision")
    try:
        given = decision["input"]
        care = tuple(care_from_json(c) for c in given["care"])
        return Case(household_from_json({**given["household"], "children": []}), care, tuple(given["names"]),
                    date.fromisoformat(given["from"]), date.fromisoformat(given["until"]), band=given.get("band"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DecisionError(f"the decision's input cannot be read: {type(exc).__name__}: {exc}") from None


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
