"""Retention: retrieved submissions are deleted once their Kommune's period has passed.

Each Kommune sets ``aufbewahrung_tage`` in its ``kommune.yaml`` (default :data:`DEFAULT_DAYS`); it
travels in every bundle's ``form.json``, so the server knows it without the YAML. A submission is
*expired* when it was retrieved (status ``retrieved``, ``accepted`` or ``rejected``) more than that
many days ago; it is then deleted with the files no other submission uses. A submission that was
never retrieved is never purged, however old. The server purges every :data:`PURGE_EVERY` seconds
(:func:`purge_job`, started with the app); ``kitaforms admin purge`` does the same once. Every
deletion is written to the access log (token ``retention``) in the transaction that deletes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from kitaforms.serve.catalogue import Catalogue
from kitaforms.store import Store, StoreError, instant

if TYPE_CHECKING:
    from kitaforms.serve.app import Server

log = logging.getLogger("kitaforms.retention")

DEFAULT_DAYS = 30
PURGE_EVERY = 3600.0  # seconds between two runs of the server's job
ACTOR = "retention"


@dataclass(frozen=True)
class Expiry:
    kommune: str
    days: int
    before: str  # retrieved before this moment: expired
    references: list[str]


def retention_days(catalogue: Catalogue) -> dict[str, int]:
    """Each served Kommune's period, from the newest version of each of its forms (the longest, should
    they differ: a version built before the period was shortened keeps the data rather than losing it)."""
    days: dict[str, int] = {}
    for kommune, entry in catalogue.kommunen.items():
        chosen = [bundle.resolved.kommune.aufbewahrung_tage for form in entry.forms
                  if (bundle := entry.latest(form)) is not None and bundle.resolved.kommune is not None]
        days[kommune] = max((value or DEFAULT_DAYS for value in chosen), default=DEFAULT_DAYS)
    return days


def expiries(store: Store, days: Mapping[str, int], at: datetime) -> list[Expiry]:
    """What has expired at ``at``, per Kommune (Kommunen the catalogue does not know: the default)."""
    found = []
    for kommune in store.retaining():
        period = days.get(kommune, DEFAULT_DAYS)
        before = instant(at - timedelta(days=period))
        found.append(Expiry(kommune, period, before, store.expired(before, kommune)))
    return [expiry for expiry in found if expiry.references]


def purge(store: Store, days: Mapping[str, int], at: datetime | None = None, *, dry_run: bool = False) -> list[Expiry]:
    """Delete what has expired (nothing with ``dry_run``); what was (or would be) deleted."""
    at = at or datetime.now(UTC)
    if dry_run:
        return expiries(store, days, at)
    done = []
    for kommune in store.retaining():
        period = days.get(kommune, DEFAULT_DAYS)
        before = instant(at - timedelta(days=period))
        deleted = store.purge_expired(before, kommune, actor=ACTOR)
        if deleted:
            log.info("retention: deleted %d submissions of %s retrieved before %s (%d days): %s",
                     len(deleted), kommune, before, period, " ".join(deleted))
            done.append(Expiry(kommune, period, before, deleted))
    return done


async def purge_job(server: Server) -> None:
    """Purge at start (after a short pause) and then every ``settings.purge_every`` seconds."""
    every = server.settings.purge_every
    if not every:
        return
    await asyncio.sleep(min(every, 60.0))
    while True:
        try:
            await asyncio.to_thread(purge, server.store, retention_days(server.catalogue))
        except StoreError as exc:
            log.error("retention: the store cannot purge now (%s); trying again in %s s", exc, every)
        await asyncio.sleep(every)
