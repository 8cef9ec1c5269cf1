"""After a round: the offers the form server keeps, the families' answers and their deadline.

The lifecycle of an offer (kept by the form server, :mod:`kitaforms.serve.offers`)::

    offered ──the family accepts, at the latest on the deadline day──▶ accepted
            ──the family declines, at the latest on the deadline day─▶ declined
            ──the deadline day passed without an answer──────────────▶ expired

The deadline is the day the round wrote (``YYYY-MM-DD``); the family may answer until that day ends
in Europe/Berlin, exactly as ``kitaforms allocate`` counts an offer without an answer as expired
once the day of the next round is after its deadline. Accepted, declined and expired are final.

:func:`offer_records` turns a round's output (:mod:`kitaforms.allocate.result`) into what the server
keeps of each new offer: the offer itself, the facility as the catalogue describes it, and of the
registration only what the care contract needs (the child's and the parents' names and addresses).
:func:`answers_document` is the file ``kitaforms allocate --answers`` reads for the next round.
Nothing here reads a clock or a file: the day is always a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from kitaforms.allocate.model import OFFER_ANSWERS
from kitaforms.allocate.registrations import InputError
from kitaforms.allocate.rounds import FORMAT
from kitaforms.model.kommune import FacilityCatalogue

OFFERED, ACCEPTED, DECLINED, EXPIRED = "offered", "accepted", "declined", "expired"
STATUSES = (OFFERED, ACCEPTED, DECLINED, EXPIRED)
FINAL = (ACCEPTED, DECLINED, EXPIRED)
ANSWERS_FORMAT = "kitaforms-answers/1"
RECORD_FORMAT = "kitaforms-offer/1"
ZONE = ZoneInfo("Europe/Berlin")  # deadlines are days in NRW
CHILD_FIELDS = ("vorname", "nachname", "geburtsdatum", "strasse", "plz", "ort")
PERSON_FIELDS = ("vorname", "nachname", "anschrift_wie_kind", "strasse", "plz", "ort", "email")
_OFFER_KEYS = ("id", "reference", "facility", "start", "care_type", "age_band", "deadline")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
OFFER_ID = re.compile(r"^PA-[0-9]{1,6}-[0-9A-Z]{4}-[0-9A-Z]{4}$")  # kitaforms.allocate.result.offer_id


class OfferClosed(Exception):
    """The offer takes no answer any more: it was answered (``status`` accepted or declined) or it expired."""

    def __init__(self, status: str) -> None:
        super().__init__(f"the offer is {status}")
        self.status = status


def local_day(moment: datetime) -> date:
    """The day in Europe/Berlin at ``moment`` (a naive moment counts as UTC)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(ZONE).date()


def status_on(status: str, deadline: str, day: date) -> str:
    """The offer's status on ``day``: an offer still unanswered after its deadline day has expired."""
    if status == OFFERED and date.fromisoformat(deadline) < day:
        return EXPIRED
    return status


def answerable(status: str, deadline: str, day: date) -> bool:
    return status_on(status, deadline, day) == OFFERED


def answer(status: str, deadline: str, day: date, code: str) -> str:
    """The status after the family answers ``code`` (``annehmen``/``ablehnen``) on ``day``.

    Raises :class:`OfferClosed` when the offer was answered before or has expired, ``ValueError`` for
    a code that is no answer."""
    current = status_on(status, deadline, day)
    if current != OFFERED:
        raise OfferClosed(current)
    if code not in OFFER_ANSWERS:
        raise ValueError(f"{code!r} is no answer to an offer ({', '.join(OFFER_ANSWERS)})")
    return OFFER_ANSWERS[code]


# --- a round's offers as the server keeps them -------------------------------------------------


@dataclass
class Prepared:
    """A round's new offers to keep, the offers of earlier rounds it still holds, and what it left out."""

    kommune: str
    round: int
    records: list[dict[str, Any]] = field(default_factory=list)
    standing: list[str] = field(default_factory=list)  # ids of earlier offers this round still holds
    withdrawn: dict[str, str] = field(default_factory=dict)  # id → declined | expired, as the round says
    not_loaded: list[dict[str, str]] = field(default_factory=list)  # {offer, reference, reason}


def read_round(data: Any, where: str = "round") -> Mapping[str, Any]:
    """A round's output (``kitaforms-allocation/1``), its offers checked for what the server needs."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise InputError(where, f"not the output of `kitaforms allocate` (format {FORMAT})")
    kommune, round_no = data.get("kommune"), data.get("round")
    if not isinstance(kommune, str) or not _IDENTIFIER.match(kommune) or type(round_no) is not int or round_no < 1:
        raise InputError(where, "the round has no `kommune` (a Kommune's id) or no `round` (1, 2, …)")
    for key in ("offers", "standing", "withdrawn"):
        if not isinstance(data.get(key, []), list):
            raise InputError(where, f"`{key}` must be a list")
    for number, offer in enumerate(data.get("offers", []), start=1):
        if not isinstance(offer, Mapping) or any(not isinstance(offer.get(key), str) or not offer[key]
                                                 for key in _OFFER_KEYS):
            raise InputError(f"{where}: offer {number}", "an offer needs " + ", ".join(f"`{k}`" for k in _OFFER_KEYS)
                             + " (each a text)")
        if not OFFER_ID.match(offer["id"]):
            raise InputError(f"{where}: offer {number}", f"`id` {offer['id'][:40]!r} is not an offer id (PA-1-XXXX-XXXX)")
        if any(not _number(offer.get(key)) for key in ("hours", "hours_band", "wish")):
            raise InputError(f"{where}: offer {number}", "`hours`, `hours_band` and `wish` are numbers (or null)")
        _day(offer["deadline"], f"{where}: offer {number}")
    return data


def _number(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float, Decimal)) and not isinstance(value, bool))


def _day(text: Any, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(where, f"`deadline` {text!r} is not a day YYYY-MM-DD") from None


Registrations = Callable[[str], Mapping[str, Any] | None]


def offer_records(document: Mapping[str, Any], registration: Registrations,
                  catalogue: FacilityCatalogue | None) -> Prepared:
    """What to keep of each new offer of ``document``; ``registration(reference)`` gives the answers of
    the Kommune's registration with that reference (None: unknown, and the offer is not loaded)."""
    prepared = Prepared(document["kommune"], document["round"])
    facilities = {f.id: f for f in catalogue.facilities} if catalogue else {}
    for offer in document.get("offers", []):
        data = registration(offer["reference"])
        facility = facilities.get(offer["facility"])
        if data is None or facility is None:
            reason = "unknown_registration" if data is None else "unknown_facility"
            prepared.not_loaded.append({"offer": offer["id"], "reference": offer["reference"], "reason": reason})
            continue
        prepared.records.append(_record(document, offer, data, facility))
    prepared.standing = sorted(str(o.get("id")) for o in document.get("standing", []) if isinstance(o, Mapping))
    prepared.withdrawn = {str(w.get("offer")): str(w.get("status")) for w in document.get("withdrawn", [])
                          if isinstance(w, Mapping) and w.get("status") in (DECLINED, EXPIRED)}
    return prepared


def _record(document: Mapping[str, Any], offer: Mapping[str, Any], data: Mapping[str, Any], facility: Any) -> dict[str, Any]:
    return {
        "format": RECORD_FORMAT,
        "id": offer["id"], "round": document["round"], "round_date": document.get("date"),
        "kommune": document["kommune"], "kommune_name": document.get("kommune_name") or document["kommune"],
        "reference": offer["reference"], "deadline": offer["deadline"],
        "place": {key: offer.get(key) for key in ("start", "care_type", "age_band", "hours", "hours_band", "wish")},
        "facility": {"id": facility.id, "name": facility.name, "traeger": facility.traeger,
                     "address": facility.address.model_dump(mode="json")},
        "siblings": list(offer.get("siblings", [])),
        **parties(data),
        "sample_data": list(document.get("sample_data", [])),
    }


def parties(data: Mapping[str, Any]) -> dict[str, Any]:
    """Of a registration's answers only what the contract names: the child and the parents."""
    child = data.get("kind") if isinstance(data.get("kind"), Mapping) else {}
    persons = []
    for key in ("person1", "person2"):
        person = data.get(key)
        if isinstance(person, Mapping) and (person.get("vorname") or person.get("nachname")):
            persons.append({name: person[name] for name in PERSON_FIELDS if person.get(name) not in (None, "")})
    return {"child": {name: child[name] for name in CHILD_FIELDS if child.get(name) not in (None, "")},
            "persons": persons}


# --- the answers for the next round ------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    """An offer as the server keeps it, reduced to what the next round reads."""

    id: str
    status: str
    deadline: str


def answers_document(kommune: str, round_no: int, offers: Iterable[Answered], day: date) -> dict[str, Any]:
    """The answers to the offers round ``round_no`` still holds, as of ``day``: ``kitaforms allocate
    --answers`` reads ``answers``; offers still open are listed under ``open`` (the next round keeps
    their places until their deadline)."""
    answers, still_open = [], []
    for offer in sorted(offers, key=lambda o: o.id):
        status = status_on(offer.status, offer.deadline, day)
        if status == OFFERED:
            still_open.append({"offer": offer.id, "deadline": offer.deadline})
        else:
            answers.append({"offer": offer.id, "answer": status})
    return {"format": ANSWERS_FORMAT, "kommune": kommune, "round": round_no, "date": day.isoformat(),
            "answers": answers, "open": still_open}
