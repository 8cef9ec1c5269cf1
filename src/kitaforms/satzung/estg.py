"""Amounts of the income tax law (EStG) that a Satzung's income rules refer to, in one place.

The fee engine (:mod:`kitaforms.satzung.engine`) reads them from here, and
:mod:`kitaforms.satzung.compiled` writes them into the compiled rules (``fees/*.json``) that the browser's
evaluator (``fees.js``) reads, so the three never disagree. Amounts are ``Decimal`` EUR per calendar year.
"""

from __future__ import annotations

from decimal import Decimal

# Arbeitnehmer-Pauschbetrag, § 9a Satz 1 Nr. 1 Buchst. a EStG
# (https://www.gesetze-im-internet.de/estg/__9a.html): the Werbungskosten deducted from income from
# employment when no higher ones are proven, per calendar year of the income.
#   from 2023:     1,230 EUR  Jahressteuergesetz 2022 of 16.12.2022, BGBl. 2022 I S. 2294 (from 1,200)
#   2022:          1,200 EUR  Steuerentlastungsgesetz 2022 of 23.5.2022, BGBl. 2022 I S. 749 (from 1,000, back to 1.1.2022)
#   2011 to 2021:  1,000 EUR  Steuervereinfachungsgesetz 2011 of 1.11.2011, BGBl. 2011 I S. 2131 (from 920, for 2011 already)
# Years before 2011 are left out (the income forms ask for a recent year): the engine says it has no amount.
ARBEITNEHMER_PAUSCHBETRAG: tuple[tuple[int, Decimal], ...] = (
    (2023, Decimal("1230.00")),
    (2022, Decimal("1200.00")),
    (2011, Decimal("1000.00")),
)


def arbeitnehmer_pauschbetrag(year: int) -> Decimal | None:
    """The Arbeitnehmer-Pauschbetrag for income of ``year``; ``None`` for a year before the table."""
    for first, value in ARBEITNEHMER_PAUSCHBETRAG:
        if year >= first:
            return value
    return None


def pauschbetrag_json() -> list[dict[str, object]]:
    """The table as the compiled rules carry it: newest first, ``from_year`` and the amount as a string."""
    return [{"from_year": first, "amount": f"{value:f}"} for first, value in ARBEITNEHMER_PAUSCHBETRAG]
