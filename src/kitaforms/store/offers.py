"""Offers of the allocation rounds and the care contracts: the steps both backends run.

An offer is kept as the round made it (``data``: :func:`kitaforms.allocate.offers.offer_records`) with the
sha256 of its link's secret (the secret itself is handed out once), its deadline and its status. Every
change is a conditional ``UPDATE`` (``WHERE status = 'offered'``, ``WHERE status = 'awaiting_consent'``), so
of two racing answers — on one instance or on several — exactly one wins, and a final status never changes
back. A contract is kept once per offer (the first one stored stays), with the consent when it comes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kitaforms.store.sql import Execute

_OFFER = "id, kommune, round, live_round, reference, deadline, status, data, loaded_at, answer, lang, answered_at"
_CONTRACT = ("offer, kommune, status, signature, lang, template, media_type, size, sha256, content, created_at, "
             "consent, consented_at")


@dataclass(frozen=True)
class Offer:
    id: str
    kommune: str
    round: int
    live_round: int
    reference: str
    deadline: str  # YYYY-MM-DD, the last day to answer
    status: str  # offered, accepted, declined, expired (as stored; see kitaforms.allocate.offers.status_on)
    data: str  # JSON: the offer as kept (kitaforms-offer/1)
    loaded_at: str
    answer: str | None = None  # JSON: the answers of the offer form
    lang: str | None = None
    answered_at: str | None = None

    def record(self) -> dict[str, Any]:
        return dict(json.loads(self.data))


@dataclass(frozen=True)
class Contract:
    offer: str
    kommune: str
    status: str  # awaiting_consent, consented, awaiting_signature
    signature: str  # online, handwritten, eid
    lang: str
    template: str  # JSON: which template (id, file, sha256)
    media_type: str
    size: int
    sha256: str
    content: bytes
    created_at: str
    consent: str | None = None  # JSON: the consent record (kitaforms-consent/1)
    consented_at: str | None = None


# --- writes ------------------------------------------------------------------------------------


def add_offers(execute: Execute, offers: Sequence[tuple[Offer, str]]) -> list[str]:
    """Keep new offers (each with the sha256 of its link); an offer kept before is left as it is. The ids
    of those kept now."""
    kept = []
    for offer, link_sha256 in sorted(offers, key=lambda pair: pair[0].id):  # one lock order
        cursor = execute(
            f"INSERT INTO offers ({_OFFER}, link_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO NOTHING",
            (offer.id, offer.kommune, offer.round, offer.live_round, offer.reference, offer.deadline, offer.status,
             offer.data, offer.loaded_at, None, None, None, link_sha256),
        )
        if cursor.rowcount == 1:
            kept.append(offer.id)
    return kept


def hold(execute: Execute, kommune: str, ids: Sequence[str], round_no: int) -> int:
    """Earlier offers that round ``round_no`` still holds: the next round reads their answers."""
    count = 0
    for offer_id in sorted(ids):
        count += execute("UPDATE offers SET live_round = ? WHERE id = ? AND kommune = ? AND live_round < ?",
                         (round_no, offer_id, kommune, round_no)).rowcount
    return count


def close(execute: Execute, kommune: str, offer_id: str, status: str, at: str) -> bool:
    """Mark an unanswered offer ``status`` (expired, or declined as the back office learnt it)."""
    cursor = execute("UPDATE offers SET status = ?, answered_at = ? WHERE id = ? AND kommune = ? AND status = 'offered'",
                     (status, at, offer_id, kommune))
    return bool(cursor.rowcount == 1)


def answer_offer(execute: Execute, offer_id: str, status: str, answer: str, lang: str, at: str) -> bool:
    """The family's answer: only an offer still ``offered`` takes one (of two racing answers one wins)."""
    cursor = execute("UPDATE offers SET status = ?, answer = ?, lang = ?, answered_at = ? "
                     "WHERE id = ? AND status = 'offered'", (status, answer, lang, at, offer_id))
    return bool(cursor.rowcount == 1)


def relink(execute: Execute, offer_id: str, kommune: str, link_sha256: str) -> bool:
    """A new link for an offer; the old one opens nothing from now on."""
    cursor = execute("UPDATE offers SET link_sha256 = ? WHERE id = ? AND kommune = ?", (link_sha256, offer_id, kommune))
    return bool(cursor.rowcount == 1)


def put_contract(execute: Execute, contract: Contract) -> bool:
    """Keep the contract of an accepted offer; the first one kept stays (False then)."""
    cursor = execute(
        f"INSERT INTO contracts ({_CONTRACT}) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM offers "
        "WHERE id = ? AND status = 'accepted' ON CONFLICT (offer) DO NOTHING",
        (contract.offer, contract.kommune, contract.status, contract.signature, contract.lang, contract.template,
         contract.media_type, contract.size, contract.sha256, contract.content, contract.created_at, None, None,
         contract.offer),
    )
    return bool(cursor.rowcount == 1)


def consent(execute: Execute, offer_id: str, sha256: str, record: str, at: str) -> bool:
    """The parents' consent to the document with ``sha256``: only a contract awaiting it takes one."""
    cursor = execute("UPDATE contracts SET status = 'consented', consent = ?, consented_at = ? "
                     "WHERE offer = ? AND status = 'awaiting_consent' AND sha256 = ?", (record, at, offer_id, sha256))
    return bool(cursor.rowcount == 1)


# --- reads -------------------------------------------------------------------------------------


def offer_by_link(execute: Execute, link_sha256: str) -> Offer | None:
    row = execute(f"SELECT {_OFFER} FROM offers WHERE link_sha256 = ?", (link_sha256,)).fetchone()
    return Offer(*row) if row else None


def offer(execute: Execute, offer_id: str) -> Offer | None:
    row = execute(f"SELECT {_OFFER} FROM offers WHERE id = ?", (offer_id,)).fetchone()
    return Offer(*row) if row else None


def offers_of(execute: Execute, kommune: str, live_round: int | None, statuses: Sequence[str] = ()) -> list[Offer]:
    """A Kommune's offers (those round ``live_round`` holds, if given; of these statuses, if given), by id."""
    sql = f"SELECT {_OFFER} FROM offers WHERE kommune = ?"
    params: list[Any] = [kommune]
    if live_round is not None:
        sql += " AND live_round = ?"
        params.append(live_round)
    if statuses:
        sql += f" AND status IN ({', '.join('?' * len(statuses))})"
        params += list(statuses)
    return [Offer(*row) for row in execute(sql + " ORDER BY id", params).fetchall()]


def latest_round(execute: Execute, kommune: str) -> int | None:
    row = execute("SELECT MAX(live_round) FROM offers WHERE kommune = ?", (kommune,)).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def contract(execute: Execute, offer_id: str, content: bool = True) -> Contract | None:
    data = "content" if content else "NULL"
    row = execute(f"SELECT {_CONTRACT.replace('content', data)} FROM contracts WHERE offer = ?", (offer_id,)).fetchone()
    if row is None:
        return None
    values = list(row)
    values[9] = bytes(values[9]) if values[9] is not None else b""
    return Contract(*values)
