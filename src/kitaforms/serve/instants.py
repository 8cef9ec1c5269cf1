"""Times in query strings, turned into the one form the store compares (UTC, milliseconds, ``Z``).

The back-office API v1 takes RFC 3339 date-times only (:func:`rfc3339`): ``2026-12-04T09:30:00Z``,
``2026-12-04T09:30:00.250+01:00``; the offset is required and honoured. The deprecated admin API
keeps its laxer ISO 8601 reading (:func:`utc_instant`) for one release.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

# RFC 3339 § 5.6 date-time; `t`/`z` in either case and a space for `T` (§ 5.6, NOTE). A query string
# turns an unencoded `+` into a space, so `… 01:00` at the end is read as `+01:00`.
_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+\- ])(\d{2}):(\d{2}))$",
    re.ASCII,  # digits 0-9 only
)


def rfc3339(text: str) -> str:
    """An RFC 3339 date-time as the store writes times; raises ``ValueError`` for anything else.

    Fractions finer than a millisecond round up: stored times have milliseconds, and both ``>= since``
    and ``< until`` keep their meaning when the bound is rounded up. A leap second (``:60``) is the
    next second's start."""
    match = _RFC3339.match(text)
    if match is None:
        raise ValueError(f"not an RFC 3339 date-time: {text[:40]!r}")
    year, month, day, hour, minute, second = (int(match[i]) for i in range(1, 7))
    if second > 60 or (match[10] and (int(match[10]) > 23 or int(match[11]) > 59)):
        raise ValueError(f"not an RFC 3339 date-time: {text[:40]!r}")
    offset = timedelta() if match[8] else _offset(match[9], int(match[10]), int(match[11]))
    try:
        moment = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=timezone(offset))
        moment += timedelta(seconds=second - min(second, 59), milliseconds=_milliseconds(match[7] or ""))
        return _stored(moment)
    except (ValueError, OverflowError):
        raise ValueError(f"not a date-time that exists: {text[:40]!r}") from None


def _offset(sign: str, hours: int, minutes: int) -> timedelta:
    size = timedelta(hours=hours, minutes=minutes)
    return -size if sign == "-" else size


def _milliseconds(fraction: str) -> int:
    """The fraction in whole milliseconds, rounded up."""
    whole = int(fraction[:3].ljust(3, "0"))
    return whole + 1 if fraction[3:].strip("0") else whole


def _stored(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def utc_instant(text: str) -> str:
    """An ISO 8601 date or time as the store writes ``received_at`` (the deprecated admin API's ``since``).

    Stored times compare as text only in that one form: ``…T09:30:00+01:00`` must become
    ``…T08:30:00.000Z`` first. A ``+`` that a query string turned into a space is read as ``+``;
    without an offset the time counts as UTC.
    """
    text = re.sub(r" (\d{2}:?\d{2})$", r"+\1", text.strip())
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return _stored(moment)
