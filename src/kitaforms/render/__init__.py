"""render: resolved forms → accessible HTML5 assistants (theme ``renderers/default``).

Public API (pure functions: they return bytes, the CLI/build or the form server writes or serves them)
=========================================================================================================

``render_assistant(resolved, *, satzung=None) -> dict[str, bytes]``
    Every file of one form's assistant, keyed by its path inside the bundle's ``assistant/`` folder::

        index.html              German page (the form works without JavaScript)
        en/index.html           English page (one folder per further language)
        assets/kitaforms.css    theme CSS          assets/theme.css   the Kommune's colours
        assets/kitaforms-head.js marks the page as starting: the first paint shows the first step alone
        assets/kitaforms.js     the runtime's first part: the expression interpreter and the modules that show a
                                step and follow the answers (JS_PARTS without LATER_PARTS)
        assets/kitaforms-more.js the rest ([wish list +] checks, errors, review, files, submit, repeats, save and
                                resume, remember [+ fee estimate]), fetched when the parent first touches the page
        assets/fees.js          income form only: the fee evaluator   } loaded when the answers
        assets/satzung-<lang>.json  income form only: the fee rules   } first change
        assets/einrichtungen.json   forms with a wish list of facilities: the catalogue, loaded when
                                the wish list is shown (kitaforms.render._wishes)

    The rules (JSON AST of every condition, validation and computation), the UI strings and the
    facility catalogue (if a wish list uses it) are embedded in each page as
    ``<script type="application/json">`` (data, never executed). Output is deterministic and every
    URL is relative, so the bundle works under any base path. ``satzung`` is the JSON-ready dict of
    the Kommune's fee rules (:mod:`kitaforms.satzung`); it enables the live fee estimate on the
    ``einkommen`` form when ``static/js/fees.js`` is present (see "Fee estimate hook" below).

``render_page_with_errors(resolved, lang, data, errors) -> bytes``
    The page without JavaScript again (``post=``: the plain post, whose wish-list search it applies),
    values filled in from ``data`` (the JSON submission shape),
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

``render_finder(lang, answer, kommunen, problems) -> bytes``
    The portal's entry page (served at ``/`` and ``/en/``): the Zuständigkeitsfinder "Wo wohnen Sie?" (a GET
    form; the answer of :class:`kitaforms.serve.finder.Finder` for ``?wo=…``) and every Jugendamt on the portal
    (:class:`FinderKommune`); its style sheets are :func:`theme_assets` at ``/assets/``.

``render_facility_search(resolved, lang, params) -> bytes``
    A Kommune's facility search (served at ``/<kommune>/einrichtungen/``): a ``GET`` form (care type, birth and
    start month, hours, district or postcode, Träger) and the places of the catalogue that fit.

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
stored in the browser unless the parent ticks "Auf diesem Gerät merken" (``remember.js``: then the
answers and the step stay in ``localStorage["kitaforms:<kommune>/<form>"]`` until sent or unticked);
"Zwischenstand speichern" downloads a JSON file (``{"format": "kitaforms-resume", "form", "version",
"step", "data"}``) that "öffnen" reads back; files must be chosen again.

Fee estimate (income form)
--------------------------
``render_assistant(resolved, satzung=…)`` on the ``einkommen`` form takes the Kommune's fee rules:
a list of :class:`kitaforms.satzung.Rules` (every validity period; compiled here with
:func:`kitaforms.satzung.compiled.compile_json`), or such compiled dicts. The bundle writes them to
``assets/satzung-<lang>.json`` (``{"satzungen": [...]}``, the texts of the explanation, its details and
the errors in that language only) next to ``assets/fees.js`` (``static/js/fees.js``); the page names both
in its data (``"fees": {"js", "rules"}``) and the runtime (``static/js/estimate.js``) loads them when the
answers first change, so the first view stays light. Then, whenever the answers change, it calls
``window.KitaFees.estimate(satzung, data, {today, lang})`` (``data`` = the submission so far) while the
browser is idle and shows the result in the "Voraussichtlicher Elternbeitrag" box: while
``missing`` names what is still needed (a child, the way of declaring, an income) one sentence saying
so, never an amount; then the fee of the first month (this month, or the first month of care) with its
explanation, and the fee over the coming Kita years in runs of equal months (``periods``), each with
what changed (the age-group change at 3, KiBiz § 50 …), the same steps `kitaforms fee --von … --bis …`
explains. Without ``satzung`` (or without ``fees.js``) there is no box and no evaluator in the bundle.

Theme and size
--------------
JavaScript comes from ``static/js/min/``, minified by terser (``make assets``; the renderer uses such
a file only while the source hash in its first line matches, else it falls back to the conservative
minifier of :mod:`kitaforms.render._minify`). CSS (``CSS_PARTS``: ``static/css/kern.css``, the KERN UX
layer that ``tools/build-css.mjs`` compiles from ``scss/`` and KERN's SCSS sources, then
``static/css/kitaforms.css``) is minified conservatively, keeping the ``/*! … */`` licence line, and the
HTML loses the templates' layout whitespace. The first view (page, style sheets, ``kitaforms.js``)
weighs at most 30 KB gzip; the rest of the runtime and its data (``kitaforms-more.js``,
``runtime-<lang>.json``, :mod:`kitaforms.render._later`) come when the parent first does something on
the page. ``bench/assistant.py`` prints the gzip weight, step-change time and first paint of every
assistant; ``docs/accessibility.md`` says what is tested and what still needs people.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from kitaforms.model.kommune import Kommune, Theme
from kitaforms.render import _later, _pages, _receipt
from kitaforms.render._facility_page import facility_page_html
from kitaforms.render._finder import FinderKommune, finder_html
from kitaforms.render._minify import minify_css, minify_js, prebuilt_js
from kitaforms.render._offer import ContractView, OfferView, offer_gone_html, offer_html
from kitaforms.render._post import RepeatEdit, form_post_to_data, normalise_post, repeat_edit
from kitaforms.render._receipt import Alternate, ReceiptDetails
from kitaforms.render._theme import static_file, theme_dir
from kitaforms.render._wishes import ASSET as CATALOGUE_ASSET
from kitaforms.render._wishes import catalogue_asset, wish_search
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import FieldError

__all__ = [
    "render_assistant", "render_page_with_errors", "render_receipt", "render_application", "render_receipt_gone",
    "render_kommune_pages", "theme_assets", "form_post_to_data", "repeat_edit", "RepeatEdit", "ReceiptDetails",
    "Alternate", "FEES_FORM", "render_offer", "render_offer_gone", "OfferView", "ContractView", "render_finder",
    "FinderKommune", "wish_search_pressed", "render_facility_search",
]

FEES_FORM = "einkommen"
# the runtime's modules, one job each (renderers/default/static/js), in the order of the bundle:
# the expression interpreter, [the wish list,] the assistant's modules, [the fee estimate,] the start
JS_PARTS = ("js/expr.js", "js/values.js", "js/page.js", "js/definition.js", "js/conditions.js", "js/answers.js",
            "js/checks.js", "js/errors.js", "js/review.js", "js/steps.js", "js/uploads.js", "js/submit.js",
            "js/repeats.js", "js/resume.js", "js/remember.js", "js/leaving.js", "js/live.js", "js/kitaforms.js")
CSS_PARTS = ("kern.css", "kitaforms.css")  # the style sheets of assets/kitaforms.css, in cascade order
WISHES_PART = "js/wishes.js"  # the wish-list widget, only in bundles of forms with a ranked choice
ESTIMATE_PART = "js/estimate.js"  # the fee-estimate box, only in bundles of the income form with fee rules
# what the first view does without: assets/kitaforms-more.js, fetched when the parent first touches the page
# (kitaforms.js: LATER), so the first view carries only what shows a step and follows the answers
LATER_PARTS = frozenset({"js/checks.js", "js/errors.js", "js/review.js", "js/uploads.js", "js/submit.js", "js/repeats.js",
                         "js/resume.js", "js/remember.js", WISHES_PART, ESTIMATE_PART})
MORE_SCRIPT = "assets/kitaforms-more.js"
HEAD_SCRIPT = "assets/kitaforms-head.js"  # marks the page as starting, so the first paint shows one step


def render_assistant(resolved: ResolvedForm, *, satzung: Any = None) -> dict[str, bytes]:
    fees = _fees_enabled(resolved, satzung)
    rules = _satzung_json(satzung) if fees else None
    files: dict[str, bytes] = {}
    for lang in _pages.languages(resolved):
        root = "" if lang == "de" else "../"
        files[f"{_pages.page_prefix(lang)}index.html"] = _pages.assistant_html(
            resolved, lang, root=root, action=f"{root}submit", fees=fees
        )
        files[_later.asset(lang)] = _pages.runtime_later(resolved, lang, fees=fees)  # fetched with kitaforms-more.js
        if rules is not None:
            files[_pages.satzung_asset(lang)] = _pages.satzung_for_page(rules, lang)
    files.update(_assets(resolved.kommune, fees, wishes=bool(resolved.elements_of("ranked_choice"))))
    catalogue = catalogue_asset(resolved)
    if catalogue is not None:
        files[CATALOGUE_ASSET] = catalogue  # loaded when the wish list is shown, not with the first view
    return dict(sorted(files.items()))


def render_page_with_errors(resolved: ResolvedForm, lang: str, data: Mapping[str, Any], errors: list[FieldError], *,
                            post: Any = None, today: date | None = None) -> bytes:
    """``post``: the plain form post, whose wish-list search fields narrow the wish lists' selects to what fits
    (:mod:`kitaforms.render._wishes`); ``today``: the day the answers are checked on."""
    searched = wish_search(normalise_post(post)) if post is not None else None
    return _pages.assistant_html(resolved, _lang(resolved, lang), root="", action="submit", data=data, errors=errors,
                                 searched=searched, today=today)


def wish_search_pressed(post: Any) -> str | None:
    """The wish list whose "Passende Einrichtungen suchen" button this plain post pressed (its path), if any: the
    post is no submission, the server shows the page again with the facilities that fit."""
    return wish_search(normalise_post(post)).pressed


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


def render_facility_search(resolved: ResolvedForm, lang: str, params: Mapping[str, str]) -> bytes:
    """The Kommune's facility search page (``/<kommune>/einrichtungen/``, a ``GET`` form) over the catalogue of
    ``resolved`` (a form with a wish list of facilities), for the query ``params``."""
    return facility_page_html(resolved, lang, params)


def render_finder(lang: str, answer: Any, kommunen: list[FinderKommune], problems: list[str]) -> bytes:
    """The portal's entry page, the Zuständigkeitsfinder, with ``answer`` (``kind`` "empty": the question alone)."""
    return finder_html(lang, answer, kommunen, problems)


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
    parts = [*JS_PARTS[:1], *([WISHES_PART] if wishes else []), *JS_PARTS[1:-1], *([ESTIMATE_PART] if fees else []),
             JS_PARTS[-1]]
    files = {
        "assets/kitaforms.css": _css(),
        "assets/theme.css": theme_css(kommune),
        HEAD_SCRIPT: _js("js/head.js"),
        "assets/kitaforms.js": b"".join(_js(part) for part in parts if part not in LATER_PARTS),
        MORE_SCRIPT: b"".join(_js(part) for part in parts if part in LATER_PARTS),
    }
    if fees:
        files[_pages.FEES_SCRIPT] = _js("js/fees.js")  # loaded when the answers first change
    return files


@lru_cache(maxsize=64)  # every part the renderer has (about 15): a smaller cache is missed in turn
def _js(part: str) -> bytes:
    source = static_file(part)
    prebuilt = prebuilt_js(part, source)
    return prebuilt if prebuilt is not None else minify_js(source.decode("utf-8")).encode("utf-8")


@lru_cache(maxsize=1)
def _css() -> bytes:
    """``assets/kitaforms.css``: the KERN UX layer (``static/css/kern.css``, generated from ``scss/`` by
    ``tools/build-css.mjs``), then the page layer (``static/css/kitaforms.css``), in one request."""
    return minify_css("".join(static_file(f"css/{name}").decode("utf-8") for name in CSS_PARTS)).encode("utf-8")


def _fees_enabled(resolved: ResolvedForm, satzung: Any) -> bool:
    return satzung is not None and resolved.form.id == FEES_FORM and (theme_dir() / "static/js/fees.js").is_file()


def _satzung_json(satzung: Any) -> Any:
    """The fee rules for the page: a compiled dict, ``Rules`` (compiled here), or a list of either
    (all validity periods of the Kommune; ``KitaFees.estimate`` takes each month's from the one valid then)."""
    if isinstance(satzung, (list, tuple)):
        return {"satzungen": [_satzung_json(item) for item in satzung]}
    if hasattr(satzung, "to_json"):
        return satzung.to_json()
    if hasattr(satzung, "model") and hasattr(satzung, "key"):
        from kitaforms.satzung.compiled import compile_json

        return compile_json(satzung)
    return satzung
