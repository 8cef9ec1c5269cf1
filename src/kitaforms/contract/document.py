"""The care contract of an accepted offer, as data (``kitaforms-vertrag/1``).

:func:`contract_data` chooses the template (the facility's Träger's own, else the Kommune's), fills its
placeholders with the offer's data (:mod:`kitaforms.allocate.offers`: the child, the parents, the place) and
returns everything the document shows, built as data; :func:`kitaforms.documents.contract.contract_pdf`
lays it out as PDF/UA. The contract is made in the parents' language where every text of the template
has it, else in German. Nothing is read or written here; the day is a parameter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_date

from kitaforms.contract.fill import fill
from kitaforms.contract.model import ContractFile, Section
from kitaforms.model.kommune import Kommune

FORMAT = "kitaforms-vertrag/1"
LOCALES = {"de": "de_DE", "en": "en_GB"}
CARE_TYPES = {
    "de": {"kita": "Kindertageseinrichtung (Kita)", "tagespflege": "Kindertagespflege",
           "ogs": "Offene Ganztagsschule (OGS)", "hort": "Hort"},
    "en": {"kita": "day-care centre (Kita)", "tagespflege": "childminder (Kindertagespflege)",
           "ogs": "open all-day school (OGS)", "hort": "after-school care (Hort)"},
}
AND = {"de": "und", "en": "and"}


@dataclass(frozen=True)
class Chosen:
    """The texts one facility's contract is made from: the Träger's where it has its own, else the Kommune's."""

    template: str  # "kommune", or "traeger:<name>"
    title: Mapping[str, str]
    intro: Mapping[str, str] | None
    sections: list[Section]
    signature: str
    signature_note: Mapping[str, str] | None


def choose(file: ContractFile, traeger: str) -> Chosen:
    own = next((entry for entry in file.traeger if traeger in entry.traeger), None)
    if own is None:
        return Chosen("kommune", file.title, file.intro, list(file.sections), file.signature, file.signature_note)
    return Chosen(
        f"traeger:{traeger}", own.title or file.title, own.intro if own.intro is not None else file.intro,
        list(own.sections if own.sections is not None else file.sections), own.signature or file.signature,
        own.signature_note if own.signature_note is not None else file.signature_note,
    )


def languages(chosen: Chosen) -> list[str]:
    """The languages every text of ``chosen`` has (German first)."""
    texts = [chosen.title, *(t for t in (chosen.intro, chosen.signature_note) if t),
             *(t for s in chosen.sections for t in (s.title, s.text))]
    common = set.intersection(*(set(t) for t in texts)) if texts else {"de"}
    return ["de", *sorted(lang for lang in common if lang != "de" and lang in LOCALES)]


def template_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def contract_data(record: Mapping[str, Any], file: ContractFile, kommune: Kommune | None, *, issued: date,
                  lang: str = "de", source: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The contract of the offer ``record`` (as :func:`kitaforms.allocate.offers.offer_records` keeps it),
    made from ``file``; ``source`` records which file (its path and sha256)."""
    chosen = choose(file, record["facility"]["traeger"])
    lang = lang if lang in languages(chosen) else "de"
    values = placeholder_values(record, kommune, issued, lang)

    def text(value: Mapping[str, str] | None) -> str:
        return fill(value.get(lang) or value.get("de", ""), values) if value else ""

    return {
        "format": FORMAT, "lang": lang, "issued": issued.isoformat(), "offer": record["id"],
        "reference": record["reference"], "kommune": {"id": record["kommune"], "name": values["kommune.name"]},
        "title": text(chosen.title), "intro": text(chosen.intro),
        "sections": [{"id": s.id, "title": text(s.title), "paragraphs": _paragraphs(text(s.text))}
                     for s in chosen.sections],
        "signature": chosen.signature, "signature_note": text(chosen.signature_note),
        "parties": {"traeger": values["traeger"], "persons": _persons(record)},
        "child": {"name": values["kind.name"], "birth_date": values["kind.geburtsdatum"],
                  "address": values["kind.anschrift"]},
        "place": {"facility": values["einrichtung.name"], "address": values["einrichtung.anschrift"],
                  "care_type": values["platz.betreuungsart"], "start": values["platz.beginn"],
                  "hours": values["platz.stunden"]},
        "template": {"id": chosen.template, **dict(source or {})},
        "sample": bool(file.sample_data or record.get("sample_data")),
    }


def _paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


def placeholder_values(record: Mapping[str, Any], kommune: Kommune | None, issued: date, lang: str) -> dict[str, str]:
    """The value of every placeholder (:data:`kitaforms.contract.model.PLACEHOLDERS`) for ``record``."""
    child, facility, place = record.get("child", {}), record["facility"], record["place"]
    persons = [_name(p) for p in record.get("persons", [])]
    first = record.get("persons", [{}])[0] if record.get("persons") else {}
    return {
        "kind.vorname": child.get("vorname", ""), "kind.nachname": child.get("nachname", ""),
        "kind.name": _name(child), "kind.geburtsdatum": _day(child.get("geburtsdatum"), lang),
        "kind.anschrift": _address(child),
        "eltern": f" {AND[lang]} ".join(p for p in persons if p),
        "person1.name": persons[0] if persons else "", "person2.name": persons[1] if len(persons) > 1 else "",
        "eltern.anschrift": _address(child if first.get("anschrift_wie_kind") or not first.get("strasse") else first),
        "einrichtung.name": facility["name"], "einrichtung.anschrift": _address_of(facility["address"]),
        "traeger": facility["traeger"],
        "platz.beginn": _day(f"{place['start']}-01", lang) if place.get("start") else "",
        "platz.betreuungsart": CARE_TYPES[lang].get(place.get("care_type") or "", place.get("care_type") or ""),
        "platz.stunden": _hours(place.get("hours")),
        "angebot.nummer": record["id"], "anmeldung.vorgang": record["reference"],
        "kommune.name": kommune.name if kommune else record.get("kommune_name", ""),
        "jugendamt.name": kommune.jugendamt.name if kommune else "",
        "vertrag.datum": format_date(issued, "long", locale=LOCALES[lang]),
    }


def _name(person: Mapping[str, Any]) -> str:
    return " ".join(str(person[key]) for key in ("vorname", "nachname") if person.get(key))


def _address(holder: Mapping[str, Any]) -> str:
    street, town = str(holder.get("strasse") or ""), " ".join(str(holder[k]) for k in ("plz", "ort") if holder.get(k))
    return ", ".join(part for part in (street, town) if part)


def _address_of(address: Mapping[str, Any]) -> str:
    return f"{address['street']}, {address['postal_code']} {address['city']}"


def _day(text: Any, lang: str) -> str:
    try:
        return format_date(date.fromisoformat(str(text)), "long", locale=LOCALES[lang])
    except ValueError:
        return ""


def _hours(hours: Any) -> str:
    if hours is None:
        return ""
    number = float(hours)
    return str(int(number)) if number.is_integer() else str(hours)


def _persons(record: Mapping[str, Any]) -> list[dict[str, str]]:
    child = record.get("child", {})
    found = []
    for person in record.get("persons", []):
        home = child if person.get("anschrift_wie_kind") or not person.get("strasse") else person
        found.append({"name": _name(person), "address": _address(home)})
    return found
