"""From one round to the next (Nachrückverfahren): earlier offers and the families' answers.

The next round reads the previous round's output and a file of answers (``accepted``, ``declined`` or
``expired`` per offer id). An accepted offer keeps its place for good; an offer without an answer
keeps its place while its deadline has not passed and expires after it; a declined or expired offer
frees its place for the next round, and its child leaves the allocation (the family may register
again). Children who got no offer simply take part again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kitaforms.allocate.market import CellKey
from kitaforms.allocate.registrations import InputError, loads

FORMAT = "kitaforms-allocation/1"
ANSWERS = ("accepted", "declined", "expired")
HOLDING = ("accepted", "open")


@dataclass
class Carried:
    """What the round starts from: places already promised and children already out."""

    round: int = 1
    standing: list[dict[str, Any]] = field(default_factory=list)  # offers that keep their place, with `status`
    withdrawn: list[dict[str, Any]] = field(default_factory=list)  # {reference, offer, status}
    digest: str | None = None

    @property
    def references(self) -> set[str]:
        return {o["reference"] for o in self.standing} | {w["reference"] for w in self.withdrawn}

    def taken(self) -> dict[CellKey, int]:
        places: dict[CellKey, int] = {}
        for offer in self.standing:
            key = (offer["facility"], offer["start"], offer["care_type"], offer["age_band"], offer["hours_band"])
            places[key] = places.get(key, 0) + 1
        return places


def read_previous(text: str, file: str, kommune: str) -> dict[str, Any]:
    data = loads(text, file)
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise InputError(file, f"not the output of `kitaforms allocate` (format {FORMAT})")
    if data.get("kommune") != kommune:
        raise InputError(file, f"this is a round of `{data.get('kommune')}`, not of `{kommune}`")
    return dict(data)


def read_answers(text: str, file: str) -> dict[str, str]:
    """Offer id → answer, from JSON (a list of ``{offer, answer}`` or ``{"answers": [...]}``) or CSV."""
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith(("[", "{")):
        data = loads(stripped, file)
        rows = data.get("answers") if isinstance(data, Mapping) else data
        return _answers(rows if isinstance(rows, list) else None, file)
    return _answers(list(csv.DictReader(io.StringIO(stripped))), file)


def _answers(rows: list[Any] | None, file: str) -> dict[str, str]:
    if rows is None:
        raise InputError(file, "expected a list of answers, each with `offer` and `answer`")
    found: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        offer = row.get("offer") if isinstance(row, Mapping) else None
        answer = row.get("answer") if isinstance(row, Mapping) else None
        if not isinstance(offer, str) or answer not in ANSWERS:
            raise InputError(f"{file}: answer {number}", f"needs `offer` (an offer id) and `answer` ({', '.join(ANSWERS)})")
        if found.get(offer, answer) != answer:
            raise InputError(f"{file}: answer {number}", f"the offer {offer} has two different answers")
        found[offer] = answer
    return found


def carry(previous: Mapping[str, Any], answers: Mapping[str, str], day: date, file: str,
          digest: str | None = None) -> Carried:
    offers = [*previous.get("standing", []), *previous.get("offers", [])]
    known = {offer["id"] for offer in offers}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise InputError(file, "answers to offers the previous round does not have: " + ", ".join(unknown[:5]))
    carried = Carried(int(previous.get("round", 0)) + 1, withdrawn=[dict(w) for w in previous.get("withdrawn", [])],
                      digest=digest)
    for offer in offers:
        status = _status(offer, answers.get(offer["id"]), day)
        if status in HOLDING:
            carried.standing.append({**offer, "status": status})
        else:
            carried.withdrawn.append({"reference": offer["reference"], "offer": offer["id"], "status": status})
    carried.standing.sort(key=lambda o: (o["facility"], o["reference"]))
    carried.withdrawn.sort(key=lambda w: (w["reference"], w["offer"]))
    return carried


def _status(offer: Mapping[str, Any], answer: str | None, day: date) -> str:
    if answer is not None:
        return answer
    if offer.get("status") == "accepted":
        return "accepted"
    return "expired" if date.fromisoformat(offer["deadline"]) < day else "open"
