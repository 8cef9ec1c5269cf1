"""The application PDF: a stored submission as the parent sent it, for the parent and the case file.

:class:`Application` holds everything the document is made from as plain values (the bundle's
``form.json``, the stored answers and files, when it arrived), so it can cross into a worker process;
:func:`application_pdf` renders the theme's document template (:func:`kitaforms.render.
render_application`: the answers in the order of "Angaben prüfen") and prints it as PDF/UA
(:func:`kitaforms.documents.html_to_pdf`). A worker rebuilds the form from ``form.json`` once and keeps it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kitaforms.documents.pdf import html_to_pdf
from kitaforms.resolve import ResolvedForm

_FORMS: dict[str, ResolvedForm] = {}
_KEEP = 32  # forms a worker keeps rebuilt (one per Kommune, form and version it has seen)


@dataclass(frozen=True)
class StoredFile:
    name: str
    type: str
    size: int
    sha256: str
    field: str


@dataclass(frozen=True)
class Application:
    form_json: bytes  # the bundle's form.json: the definition of the version the parent filled in
    lang: str
    reference: str
    received_at: str  # as the store writes it (UTC)
    version: str
    data: str  # the answers as stored (JSON)
    files: tuple[StoredFile, ...] = ()
    today: date | None = None  # the day the rules were checked on (for what the answers show)

    def filename(self, form: str) -> str:
        return f"{form}-{self.reference}.pdf"


def answers(data: str) -> Any:
    """Stored answers as the receipt reads them (numbers exact)."""
    return json.loads(data, parse_float=Decimal)


def application_pdf(application: Application, resolved: ResolvedForm | None = None) -> bytes:
    """The PDF/UA of ``application``; ``resolved`` saves rebuilding the form when the caller has it."""
    from kitaforms.render import ReceiptDetails, render_application

    form = resolved if resolved is not None else _form(application.form_json)
    details = ReceiptDetails(application.received_at, application.version, application.files)
    html, stylesheets = render_application(form, application.lang, application.reference, answers(application.data),
                                           details, application.today)
    return html_to_pdf(html, stylesheets)


def _form(form_json: bytes) -> ResolvedForm:
    from kitaforms.export._json import loads
    from kitaforms.export.formdata import resolved_from_data

    key = hashlib.sha256(form_json).hexdigest()
    if key not in _FORMS:
        if len(_FORMS) >= _KEEP:
            _FORMS.pop(next(iter(_FORMS)))
        _FORMS[key] = resolved_from_data(loads(form_json))
    return _FORMS[key]
