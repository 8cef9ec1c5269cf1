"""Which facilities of a catalogue fit a child, and why one does not: the wish list's filter.

A facility *fits* when it offers the care type asked for, takes children of the child's age in
months on the start of care (``age_from_months`` ≤ age < ``age_to_months``) and offers the weekly
hours asked for (within the range of its ``weekly_hours``; a facility that lists none, e.g. an OGS
booking modules, fits every number). What is not known yet (no care type, no birth date, no hours)
does not exclude anything. The same rule runs in three places: the server's check of a submission
(:func:`misfits`), the search step without JavaScript and the search page (:func:`search`), and the
browser (``renderers/default/static/js/wishes.js``).

:func:`search` adds what the parent types: words matched against name, Träger, street, postcode and
district (every word must match; a postcode matches by its beginning), and one Träger.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kitaforms.expr._values import months_between
from kitaforms.model.kommune import Facility

CARE, AGE, HOURS = "facility_care_type", "facility_age", "facility_hours"


@dataclass(frozen=True)
class Need:
    """What the child needs: care type code, age in whole months on the start of care, weekly hours."""

    care_type: str | None = None
    age_months: int | None = None
    hours: int | None = None

    @property
    def known(self) -> bool:
        """Whether the search can say anything: the care type and the age are answered."""
        return self.care_type is not None and self.age_months is not None


def need_of(care_type: Any, birth: Any, start: Any, hours: Iterable[Any], today: date) -> Need:
    """The need from the answers as the expression language gives them (``start`` None: ``today``)."""
    birth_day = birth if isinstance(birth, date) else None
    on = start if isinstance(start, date) else today
    age = months_between(birth_day, on) if birth_day is not None else None
    return Need(care_type if isinstance(care_type, str) and care_type else None,
                age if age is None or age >= 0 else None, _first_number(hours))


def _first_number(values: Iterable[Any]) -> int | None:
    for value in values:
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, Decimal)) and value == int(value):
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
    return None


def misfits(facility: Facility, need: Need) -> list[str]:
    """Why ``facility`` does not fit: ``facility_care_type``, ``facility_age``, ``facility_hours`` (empty: it fits)."""
    found = []
    if need.care_type is not None and need.care_type not in facility.care_types:
        found.append(CARE)
    if need.age_months is not None and not facility.age_from_months <= need.age_months < facility.age_to_months:
        found.append(AGE)
    if need.hours is not None and facility.weekly_hours and not min(facility.weekly_hours) <= need.hours <= max(facility.weekly_hours):
        found.append(HOURS)
    return found


def fits(facility: Facility, need: Need) -> bool:
    return not misfits(facility, need)


def fold(text: str) -> str:
    """Lower case without accents, ß as ss: "Köln-Mülheim" and "koeln mulheim" meet halfway."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _haystack(facility: Facility) -> str:
    address = facility.address
    return fold(" ".join(filter(None, (facility.name, facility.traeger, address.street, address.city, facility.district))))


def matches(facility: Facility, words: list[str], traeger: str | None = None) -> bool:
    """Every folded word is in the facility's name, Träger, street, town or district, or begins its postcode."""
    if traeger and facility.traeger != traeger:
        return False
    haystack = _haystack(facility)
    code = facility.address.postal_code
    return all(code.startswith(word) if word.isdigit() else word in haystack for word in words)


def words_of(text: str | None) -> list[str]:
    return fold(text or "").replace(",", " ").split()


def search(facilities: Iterable[Facility], need: Need, text: str | None = None, traeger: str | None = None) -> list[Facility]:
    """The facilities that fit ``need`` and match the typed words and Träger, by name."""
    words = words_of(text)
    found = [f for f in facilities if fits(f, need) and matches(f, words, traeger)]
    return sorted(found, key=lambda f: (fold(f.name), f.id))


def traeger_of(facilities: Iterable[Facility]) -> list[str]:
    """Every Träger of the catalogue once, alphabetically (for the search's Träger choice)."""
    return sorted({f.traeger for f in facilities}, key=fold)


# --- how ages and hours read in a message --------------------------------------------------------


def age_text(months: int, lang: str, *, dative: bool = False) -> str:
    """``38`` → "3 Jahre und 2 Monate" (dative: "3 Jahren und 2 Monaten"); English "3 years and 2 months"."""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(_unit(years, lang, "year", dative))
    if rest or not years:
        parts.append(_unit(rest, lang, "month", dative))
    return (" und " if lang == "de" else " and ").join(parts)


UNITS = {("de", "year"): ("Jahr", "Jahre", "Jahren"), ("de", "month"): ("Monat", "Monate", "Monaten"),
          ("en", "year"): ("year", "years", "years"), ("en", "month"): ("month", "months", "months")}


def _unit(count: int, lang: str, unit: str, dative: bool) -> str:
    one, many, many_dative = UNITS[("de" if lang == "de" else "en", unit)]
    return f"{count} {one if count == 1 else many_dative if dative else many}"


def hours_text(hours: list[int], lang: str) -> str:
    """``[25, 35, 45]`` → "25, 35 oder 45"; seven or more (a Tagespflege grid) → "15 bis 45"."""
    values = sorted(set(hours))
    if len(values) >= 4:
        return f"{values[0]} {'bis' if lang == 'de' else 'to'} {values[-1]}"
    words = [str(v) for v in values]
    last = " oder " if lang == "de" else " or "
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + last + words[-1]


__all__ = ["UNITS", "Need", "need_of", "misfits", "fits", "search", "matches", "traeger_of", "age_text", "hours_text", "fold",
           "CARE", "AGE", "HOURS"]
