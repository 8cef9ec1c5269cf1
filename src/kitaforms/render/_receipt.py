"""What a receipt says beyond the answers, and the application document (the PDF's HTML).

The receipt page and the application PDF show the same facts: when the submission arrived (Europe/
Berlin, in the reader's language, with the ISO time for machines), which form and version, the files
the server stored with their SHA-256, and the answers as "Angaben prüfen" shows them
(:func:`kitaforms.render._answers.answer_sections`). Both are built here from one :class:`Facts`, so
the paper never says something the page does not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time

from kitaforms.render._answers import LOCALES, Section, _Writer, answer_sections
from kitaforms.render._text import Txt, direction, pick, plain
from kitaforms.render._theme import environment, gettext, static_file
from kitaforms.resolve import ResolvedForm

ZONE = ZoneInfo("Europe/Berlin")  # NRW: every time a parent reads is local time
DOCUMENT_CSS = "css/document.css"


class StoredFile(Protocol):
    """A file as the store kept it (:class:`kitaforms.store.Upload`)."""

    name: str
    type: str
    size: int
    sha256: str
    field: str


@dataclass(frozen=True)
class Alternate:
    """The same page in another language."""

    lang: str
    href: str


@dataclass(frozen=True)
class ReceiptDetails:
    """What the server knows about a stored submission beyond its answers.

    ``received_at`` as the store writes it (UTC, ``…Z``); ``files`` as stored; ``link`` opens the receipt
    again (``link_text``: the same as a full address, to note down); ``pdf`` is the application PDF.
    ``root`` leads from the page to the form folder when the page is served elsewhere than at
    ``…/submit``; ``alternates`` are this page in the form's other languages.
    """

    received_at: str
    version: str = ""
    files: Sequence[StoredFile] = ()
    link: str = ""
    link_text: str = ""
    pdf: str = ""
    root: str = ""
    alternates: Sequence[Alternate] | None = None


@dataclass(frozen=True)
class Moment:
    iso: str  # 2026-02-02T10:30:00+01:00
    text: str  # 2. Februar 2026, 10:30 Uhr (MEZ)


@dataclass(frozen=True)
class FileLine:
    field: str
    name: str
    type: str
    size: str
    sha256: str


@dataclass(frozen=True)
class Facts:
    received: Moment
    form: str
    files: list[FileLine]
    link: str = ""
    link_text: str = ""
    pdf: str = ""
    sections: list[Section] = field(default_factory=list)


def received(received_at: str, lang: str) -> Moment:
    """A stored time as Europe/Berlin local time, written for ``lang`` (and as ISO 8601 with offset)."""
    moment = datetime.fromisoformat(received_at.replace("Z", "+00:00"))
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(ZONE)
    locale = LOCALES.get(lang, lang)
    text = gettext(lang, "%(date)s, %(time)s Uhr (%(zone)s)", date=format_date(local, "long", locale=locale),
                   time=format_time(local, "HH:mm", locale=locale), zone=format_datetime(local, "z", locale=locale))
    return Moment(local.isoformat(timespec="seconds"), text)


def facts(resolved: ResolvedForm, lang: str, details: ReceiptDetails, data: Mapping[str, Any] | None = None,
          today: date | None = None) -> Facts:
    version = details.version or resolved.form.version
    form = gettext(lang, "%(title)s, Version %(version)s", title=plain(resolved.form.title, lang), version=version)
    writer = _Writer(resolved, lang, {}, set())
    files = [FileLine(_field_label(resolved, f.field, lang), f.name, f.type, writer._bytes(f.size), f.sha256)
             for f in details.files]
    sections = answer_sections(resolved, lang, data, today) if data is not None else []
    return Facts(received(details.received_at, lang), form, files, details.link, details.link_text, details.pdf, sections)


def _field_label(resolved: ResolvedForm, path: str, lang: str) -> str:
    """A file field's label from its instance path (``geschwister.0.nachweis`` → the field's label)."""
    placed = resolved.placed.get(".".join(part for part in path.split(".") if not part.isdigit()))
    label = pick(placed.element.label, lang) if placed is not None else None
    return (label or Txt(path)).text


# --- the application document ------------------------------------------------------------------


def application_html(resolved: ResolvedForm, lang: str, reference: str, data: Mapping[str, Any],
                     details: ReceiptDetails, today: date | None = None) -> str:
    """The application as a document (HTML for :func:`kitaforms.documents.html_to_pdf`): the form, the
    reference, when it arrived, every answer in the order of "Angaben prüfen", the stored files, and
    where to send a signed paper copy."""
    shown = facts(resolved, lang, details, data, today)
    kommune = resolved.kommune
    title = plain(resolved.form.title, lang)
    context = {
        "lang": lang, "dir": direction(lang), "title": title, "reference": reference, "facts": shown,
        "document_title": f"{title} – {reference}", "kommune": kommune.name if kommune else "",
        "contact": kommune.jugendamt if kommune else None,
    }
    return environment(lang).get_template("documents/application.html").render(**context)


def document_css() -> str:
    """The theme's style sheet for documents (A4, DejaVu fonts, nothing loaded from elsewhere)."""
    return static_file(DOCUMENT_CSS).decode("utf-8")
