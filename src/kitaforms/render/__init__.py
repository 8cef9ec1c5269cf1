"""render: resolved forms → accessible HTML5 assistants (theme ``renderers/default``).

Public API (pure functions: they return bytes, the CLI/build or the form server writes or serves them)
=========================================================================================================

``render_assistant(resolved, *, satzung=None) -> dict[str, bytes]``
    Every file of one form's assistant, keyed by its path inside the bundle's ``assistant/`` folder::

        index.html              German page (the form works without JavaScript)
        en/index.html           English page (one folder per further language)
        assets/kitaforms.css    theme CSS          assets/theme.css   the Kommune's colours
        assets/kitaforms.js     the runtime (expression interpreter [+ wish list] + assistant)
        assets/fees.js          income form only: the fee evaluator   } loaded when the answers
        assets/satzung-<lang>.json  income form only: the fee rules   } first change

    The rules (JSON AST of every condition, validation and computation), the UI strings and the
    facility catalogue (if a wish list uses it) are embedded in each page as
    ``<script type="application/json">`` (data, never executed). Output is deterministic and every
    URL is relative, so the bundle works under any base path. ``satzung`` is the JSON-ready dict of
    the Kommune's fee rules (:mod:`kitaforms.satzung`); it enables the live fee estimate on the
    ``einkommen`` form when ``static/js/fees.js`` is present (see "Fee estimate hook" below).

``render_page_with_errors(resolved, lang, data, errors) -> bytes``
    The page without JavaScript again, values filled in from ``data`` (the JSON submission shape),
    ``<title>`` prefixed "Fehler:", a GOV.UK error summary (``role=alert``, focused, one link per
    error to the field's first control) above the heading and each message next to its field. The
    server calls it when a plain form post fails the check; it is served at ``…/submit``.

``render_receipt(resolved, lang, reference, data, today=None, details=None) -> bytes``
    Confirmation page (served at ``…/submit``): reference number, what happens next, every answer
    (hidden fields left out) and a print button; print CSS makes it the paper copy. With
    ``details`` (:class:`ReceiptDetails`, from the server): when it arrived (Europe/Berlin, in the
    page's language, ISO in ``<time datetime>``), form and version, the files as stored with their
    SHA-256, the link to the application PDF and the secret link that opens the receipt again
    (``details.root``/``alternates`` when the page is served at that link, not at ``…/submit``).

``render_application(resolved, lang, reference, data, details, today=None) -> (html, [css, …])``
    The application as a document (``templates/documents/application.html``, ``static/css/
    document.css``): the same facts and the answers in the order of "Angaben prüfen", the stored
    files, and where to send a signed paper copy; :func:`kitaforms.documents.html_to_pdf` makes the
    PDF/UA of it.

``render_receipt_gone(lang, root="", alternates=None) -> bytes`` and ``theme_assets(kommune=None)``
    The 404 page of a receipt link that opens nothing (never stored, or deleted since), and the
    style sheets for pages served outside a form folder.

``render_offer(resolved, lang, view, *, root, data=None, errors=None) -> bytes`` and ``render_offer_gone(lang, root, alternates)``
    The page behind an offer's secret link (:class:`OfferView`: the offer, its status, the questions of the
    form ``platzangebot`` while it is open, the care contract and the consent form) and the 404 page of a
    link that opens nothing (``templates/offer.html``, ``offer_gone.html``; :mod:`kitaforms.serve.offers`).

``render_kommune_pages(kommune, forms) -> dict[str, bytes]``
    ``index.html`` + ``en/index.html`` (start page: the Kommune's forms and a short Leichte-Sprache
    explanation), ``barrierefreiheit.html`` + ``en/…`` (Erklärung zur Barrierefreiheit with the
    feedback contact and the NRW Ombudsstelle), and their ``assets/`` (CSS only, no JavaScript).

``form_post_to_data(resolved, post, today=None) -> dict``
    A plain form post (a multidict with ``getlist``, a mapping of values or lists, or a list of
    pairs) → the JSON submission the runtime checks (:func:`kitaforms.runtime.check_submission`).

Where things are served
-----------------------
The server serves ``render_kommune_pages`` at ``<base>/<kommune>/`` and each assistant at
``<base>/<kommune>/<form>/``. ``index.html`` posts to ``submit``, ``en/index.html`` to ``../submit``
(both ``<base>/<kommune>/<form>/submit``). Pages returned for a post (errors, receipt) are written
for that URL: their links are relative to the form folder. Footer links lead to ``../index.html``
and ``../barrierefreiheit.html`` (``../en/…`` in English).

Plain form post: field names (no JavaScript)
--------------------------------------------
Names are the runtime's instance paths (groups and repeats nest, steps do not)::

    text, textarea, email, tel, postal_code,   kind.vorname=Mia                       → "Mia" (trimmed; empty → left out)
      choice (radio or select)
    iban                                      iban=de89 3704 0044 …                  → "DE893704…" (no white space, capitals:
                                                                                       the schema's pattern; so does the browser)
    integer                                   kind.stunden=35                       → 35 (a JSON number; unreadable → the raw text)
    money, decimal                            einkommen.brutto=1.250,50             → "1250.50" (a decimal string with the field's
                                                                                       decimals; "1.250" → "1250.00" unless ≥ 3 decimals
                                                                                       allowed; unreadable → the raw text)
    date                                      kind.geburtsdatum.day=5 / .month=3 / .year=2024 → "2024-03-05"
                                                (month names "März"/"Mar" accepted; impossible or partial dates
                                                 are kept as "YYYY-MM-DD"/"Y-M-D" text so the check reports them)
    month                                     bescheid.month=8 / bescheid.year=2025   → "2025-08"
    boolean                                   getrennt_lebend=true | false           → true | false (radios)
    declaration                               einverstaendnis=true                   → true (unchecked: left out)
    multichoice                               zusatz=mittagessen&zusatz=frueh        → ["mittagessen", "frueh"]
    repeat                                    geschwister.0.vorname=…, geschwister.2.vorname=…
                                                                                    → entries in index order, re-indexed from 0; entries
                                                                                      holding nothing but the fields' defaults are dropped
                                                                                      (the page offers spare slots, ``data-kf-spare``)
    ranked_choice                             wuensche.0.code=kita-a, wuensche.0.reasons=naehe (repeatable),
                                              wuensche.1.code=…                      → [{"code": "kita-a", "reasons": ["naehe"]}, …]
                                                                                      in slot order, empty slots dropped
    file                                      nachweis=<upload>                      → {"name", "type", "size", "sha256"}
                                                                                      (a list when max_files > 1); the upload is an object with
                                                                                      ``filename``, ``content_type`` and ``file``/``read()``, or such a dict
    computed                                  (not posted)                           → evaluated from the other answers
    _lang (hidden), any name starting with _  ignored by form_post_to_data; ``_lang`` tells the server the page language

Values of fields the answers hide are dropped (same rule as the runtime: hidden counts as unanswered).
Controls carry the editor's ``autocomplete`` token, except that a one-line ``street-address`` is
written as ``address-line1`` (HTML allows ``street-address`` only on multi-line controls).

With JavaScript
---------------
The runtime posts the same JSON shape (``Content-Type: application/json``, ``Accept-Language`` =
page language, ``Accept: text/html, application/problem+json, application/json``) to the same URL;
with chosen files it posts ``multipart/form-data`` instead: the JSON as the first part
``_submission``, then each file as a part named with its field's instance path (the chosen files of
visible fields only; see :mod:`kitaforms.serve.uploads`). A file's type, size and number are checked
as soon as it is chosen (message next to the field) and again before sending. It shows a
``text/html`` answer's ``<main>`` (the receipt of ``render_receipt``, listing each file with its size
and sha256 as the server stored it) in place, or builds the receipt itself from a JSON answer
``{"reference": "…", "files": [...]}`` (the files as stored); for ``application/problem+json``
(``{"type", "title", "status", "errors": [{"path", "code", "message": {"de", "en"}}]}``) it marks
every field and shows the error summary on the review page, linking to each field. Nothing is
stored in the browser: "Zwischenstand speichern" downloads a JSON file (``{"format":
"kitaforms-resume", "form", "version", "step", "data"}``) that "öffnen" reads back; files must be
chosen again.

Fee estimate (income form)
--------------------------
``render_assistant(resolved, satzung=…)`` on the ``einkommen`` form takes the Kommune's fee rules:
a list of :class:`kitaforms.satzung.Rules` (every validity period; compiled here with
:func:`kitaforms.satzung.compiled.compile_json`), or such compiled dicts. The bundle writes them to
``assets/satzung-<lang>.json`` (``{"satzungen": [...]}``, explanation texts in that language only)
next to ``assets/fees.js`` (``static/js/fees.js``); the page names both in its data (``"fees":
{"js", "rules"}``) and the runtime loads them when the answers first change, so the first view
stays light. Then, whenever the answers change, it calls
``window.KitaFees.estimate(satzung, data, {today, lang})``
(``data`` = the submission so far) while the browser is idle and shows ``{"fee": number|null,
"explanation": [{"text", "paragraph"}]}`` in the "Voraussichtlicher Elternbeitrag" box; null or an
exception shows "Für eine Schätzung fehlen noch Angaben." Without ``satzung`` (or without
``fees.js``) there is no box and no evaluator in the bundle.

Theme and size
--------------
JavaScript comes from ``static/js/min/``, minified by terser (``make assets``; the renderer uses such
a file only while the source hash in its first line matches, else it falls back to the conservative
minifier of :mod:`kitaforms.render._minify`). CSS is minified conservatively and the HTML loses the
templates' layout whitespace. ``bench/assistant.py`` prints
the gzip weight and step-change time of every assistant; ``docs/accessibility.md`` says what is
tested and what still needs people.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from kitaforms.model.kommune import Kommune, Theme
from kitaforms.render import _pages, _receipt
from kitaforms.render._minify import minify_css, minify_js, prebuilt_js
from kitaforms.render._offer import ContractView, OfferView, offer_gone_html, offer_html
from kitaforms.render._post import RepeatEdit, form_post_to_data, repeat_edit
from kitaforms.render._receipt import Alternate, ReceiptDetails
from kitaforms.render._theme import static_file, theme_dir
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import FieldError

__all__ = [
    "render_assistant", "render_page_with_errors", "render_receipt", "render_application", "render_receipt_gone",
    "render_kommune_pages", "theme_assets", "form_post_to_data", "repeat_edit", "RepeatEdit", "ReceiptDetails",
    "Alternate", "FEES_FORM", "render_offer", "render_offer_gone", "OfferView", "ContractView",
]

FEES_FORM = "einkommen"
JS_PARTS = ("js/expr.js", "js/kitaforms.js")
WISHES_PART = "js/wishes.js"  # the wish-list widget, only in bundles of forms with a ranked choice


def render_assistant(resolved: ResolvedForm, *, satzung: Any = None) -> dict[str, bytes]:
    fees = _fees_enabled(resolved, satzung)
    rules = _satzung_json(satzung) if fees else None
    files: dict[str, bytes] = {}
    for lang in _pages.languages(resolved):
        root = "" if lang == "de" else "../"
        files[f"{_pages.page_prefix(lang)}index.html"] = _pages.assistant_html(
            resolved, lang, root=root, action=f"{root}submit", fees=fees
        )
        if rules is not None:
            files[_pages.satzung_asset(lang)] = _pages.satzung_for_page(rules, lang)
    files.update(_assets(resolved.kommune, fees, wishes=bool(resolved.elements_of("ranked_choice"))))
    return dict(sorted(files.items()))


def render_page_with_errors(resolved: ResolvedForm, lang: str, data: Mapping[str, Any], errors: list[FieldError]) -> bytes:
    return _pages.assistant_html(resolved, _lang(resolved, lang), root="", action="submit", data=data, errors=errors)


def render_receipt(resolved: ResolvedForm, lang: str, reference: str, data: Mapping[str, Any], today: date | None = None,
                   details: ReceiptDetails | None = None) -> bytes:
    return _pages.receipt_html(resolved, _lang(resolved, lang), reference, data, today, details)


def render_application(resolved: ResolvedForm, lang: str, reference: str, data: Mapping[str, Any],
                       details: ReceiptDetails, today: date | None = None) -> tuple[str, list[str]]:
    """The application as a document: its HTML and style sheets, for :func:`kitaforms.documents.html_to_pdf`."""
    html = _receipt.application_html(resolved, _lang(resolved, lang), reference, data, details, today)
    return html, [_receipt.document_css(), theme_css(resolved.kommune).decode("utf-8")]


def render_receipt_gone(lang: str, root: str = "", alternates: list[tuple[str, str]] | None = None) -> bytes:
    """The 404 page of a receipt link that opens nothing (never stored, or deleted since); its
    ``assets/`` are :func:`theme_assets`."""
    return _pages.receipt_gone_html(lang if lang in _pages.SUPPORTED else "de", root, alternates or [])


def render_offer(resolved: ResolvedForm, lang: str, view: OfferView, *, root: str, data: Mapping[str, Any] | None = None,
                 errors: list[FieldError] | None = None) -> bytes:
    """The offer page (``root`` leads to the offer form's folder, where its ``assets/`` are)."""
    return offer_html(resolved, _lang(resolved, lang), view, root=root, data=data, errors=errors)


def render_offer_gone(lang: str, root: str = "", alternates: list[tuple[str, str]] | None = None) -> bytes:
    """The 404 page of an offer link that opens nothing; its ``assets/`` are :func:`theme_assets`."""
    return offer_gone_html(lang if lang in _pages.SUPPORTED else "de", root, alternates or [])


def theme_assets(kommune: Kommune | None = None) -> dict[str, bytes]:
    """The style sheets of a page outside any form folder: ``assets/kitaforms.css``, ``assets/theme.css``."""
    return {"assets/kitaforms.css": _css(), "assets/theme.css": theme_css(kommune)}


def render_kommune_pages(kommune: Kommune, forms: list[ResolvedForm]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for lang in _pages.SUPPORTED:
        prefix = _pages.page_prefix(lang)
        files[f"{prefix}index.html"] = _pages.kommune_index_html(kommune, forms, lang)
        files[f"{prefix}barrierefreiheit.html"] = _pages.statement_html(kommune, forms, lang)
    files["assets/kitaforms.css"] = _css()
    files["assets/theme.css"] = theme_css(kommune)
    return dict(sorted(files.items()))


def _lang(resolved: ResolvedForm, lang: str) -> str:
    return lang if lang in _pages.languages(resolved) else "de"


def theme_css(kommune: Kommune | None) -> bytes:
    theme = kommune.theme if kommune else Theme()
    return (
        f":root{{--kf-primary:{theme.primary};--kf-primary-text:{theme.primary_text};--kf-accent:{theme.accent}}}\n"
    ).encode()


def _assets(kommune: Kommune | None, fees: bool, *, wishes: bool) -> dict[str, bytes]:
    parts = [*JS_PARTS[:1], *([WISHES_PART] if wishes else []), *JS_PARTS[1:]]
    files = {
        "assets/kitaforms.css": _css(),
        "assets/theme.css": theme_css(kommune),
        "assets/kitaforms.js": b"".join(_js(part) for part in parts),
    }
    if fees:
        files[_pages.FEES_SCRIPT] = _js("js/fees.js")  # loaded when the answers first change
    return files


@lru_cache(maxsize=8)
def _js(part: str) -> bytes:
    source = static_file(part)
    prebuilt = prebuilt_js(part, source)
    return prebuilt if prebuilt is not None else minify_js(source.decode("utf-8")).encode("utf-8")


@lru_cache(maxsize=1)
def _css() -> bytes:
    return minify_css(static_file("css/kitaforms.css").decode("utf-8")).encode("utf-8")


def _fees_enabled(resolved: ResolvedForm, satzung: Any) -> bool:
    return satzung is not None and resolved.form.id == FEES_FORM and (theme_dir() / "static/js/fees.js").is_file()


def _satzung_json(satzung: Any) -> Any:
    """The fee rules for the page: a compiled dict, ``Rules`` (compiled here), or a list of either
    (all validity periods of the Kommune; ``KitaFees.estimate`` picks the one valid today)."""
    if isinstance(satzung, (list, tuple)):
        return {"satzungen": [_satzung_json(item) for item in satzung]}
    if hasattr(satzung, "to_json"):
        return satzung.to_json()
    if hasattr(satzung, "model") and hasattr(satzung, "key"):
        from kitaforms.satzung.compiled import compile_json

        return compile_json(satzung)
    return satzung
