"""The lifecycle of a care contract, made for an accepted offer::

    (made) ──signature online──────────▶ awaiting_consent ──the parents consent to this document──▶ consented
           ──signature handwritten, eid─▶ awaiting_signature   (stays so: the signature is given outside)

A consent names the sha256 of the document the parents were shown; it is refused when that is not the
kept document's (the document changed), so the record always says which bytes were agreed to.
"""

from __future__ import annotations

import hmac
from typing import Any

from kitaforms.contract.model import ONLINE

AWAITING_CONSENT, CONSENTED, AWAITING_SIGNATURE = "awaiting_consent", "consented", "awaiting_signature"
STATUSES = (AWAITING_CONSENT, CONSENTED, AWAITING_SIGNATURE)
CONSENT_FORMAT = "kitaforms-consent/1"


class ContractStateError(Exception):
    """The contract takes no consent: it is not awaiting one (``status``), or the document shown is not its own."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def initial(signature: str) -> str:
    """The status of a contract just made: online it waits for the parents' consent, else for the signature."""
    return AWAITING_CONSENT if signature == ONLINE else AWAITING_SIGNATURE


def consent(status: str, document_sha256: str, shown_sha256: str) -> str:
    """The status after the parents consent to the document whose sha256 they were shown."""
    if status != AWAITING_CONSENT:
        raise ContractStateError(status, "not_awaiting_consent")
    if not hmac.compare_digest(document_sha256.encode(), shown_sha256.encode()):
        raise ContractStateError(status, "other_document")
    return CONSENTED


def consent_record(*, at: str, offer: str, reference: str, sha256: str, size: int, lang: str,
                   statement: str) -> dict[str, Any]:
    """What is kept of a consent: when, to which offer and registration, to which document (its sha256
    and size), in which language, and the statement the parents confirmed."""
    return {"format": CONSENT_FORMAT, "at": at, "offer": offer, "reference": reference,
            "document": {"sha256": sha256, "size": size}, "lang": lang, "statement": statement}
