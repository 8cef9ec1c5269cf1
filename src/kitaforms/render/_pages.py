"""Pages of an assistant and of a Kommune: the context each template gets, and the rendering."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.dates import format_date

from kitaforms.allocate.model import OFFER_FORM
from kitaforms.model.kommune import Contact, Kommune
from kitaforms.render import _client, _later
from kitaforms.render._answers import answer_sections
from kitaforms.render._receipt import ReceiptDetails, facts
from kitaforms.render._text import Txt, direction, pick, pick_md, plain
from kitaforms.render._theme import N_, environment, gettext
from kitaforms.render._view import Node, StepView, ViewContext, build_steps
from kitaforms.render._wishes import ASSET as CATALOGUE_ASSET
from kitaforms.render._wishes import WishSearch, catalogue_asset_needed
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime import FieldError

LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}
SUPPORTED = tuple(LANGUAGE_NAMES)
SUBMIT_LABELS = {
    "anmeldung": N_("Anmeldung absenden"),
    "einkommen": N_("Einkommenserklärung absenden"),
    "beitragsbefreiung": N_("Antrag absenden"),
}
RECEIPT_TITLES = {
    "anmeldung": N_("Ihre Anmeldung ist eingegangen"),
    "einkommen": N_("Ihre Einkommenserklärung ist eingegangen"),
    "beitragsbefreiung": N_("Ihr Antrag ist eingegangen"),
}


@dataclass
class Link:
    href: str
    text: str
    lang: str = ""
    name: str = ""


@dataclass
class Chrome:
    """What every page shows around its content: header, language switch, footer."""

    brand: str
    home: str = ""
    alternates: list[Link] = field(default_factory=list)
    contact: Contact | None = None
    links: list[Link] = field(default_factory=list)
    privacy: Contact | None = None  # the data-protection officer (the privacy texts point "below on this page")


def languages(resolved: ResolvedForm) -> list[str]:
    """The form's languages the theme has catalogs for, German first."""
    declared = [lang for lang in resolved.form.languages if lang in SUPPORTED]
    return ["de", *[lang for lang in declared if lang != "de"]]


def page_prefix(lang: str) -> str:
    """Folder of a language's page inside a bundle ('' for German, 'en/' for English)."""
    return "" if lang == "de" else f"{lang}/"


def _kommune_links(kommune: Kommune | None, lang: str, up: str) -> list[Link]:
    """Footer links of every page; ``up`` leads from the page to the Kommune folder."""
    if kommune is None:
        return []
    t = lambda text: gettext(lang, text)  # noqa: E731
    feedback = kommune.barrierefreiheit or kommune.jugendamt
    links = [
        Link(f"{up}{page_prefix(lang)}index.html", t("Alle Anträge")),
        Link(f"{up}{page_prefix(lang)}barrierefreiheit.html", t("Erklärung zur Barrierefreiheit")),
    ]
    if feedback.email:
        links.append(Link(f"mailto:{feedback.email}", t("Barriere melden")))
    if kommune.datenschutz.email:
        links.append(Link(f"mailto:{kommune.datenschutz.email}", t("Fragen zum Datenschutz")))
    return links


def form_chrome(resolved: ResolvedForm, lang: str, root: str) -> Chrome:
    """``root`` leads from the page to the form folder (where ``assets/`` is)."""
    kommune = resolved.kommune
    brand = (kommune.theme.logo_text or kommune.name) if kommune else "Nordrhein-Westfalen"
    up = root + "../"
    alternates = [
        Link(f"{root}{page_prefix(other)}index.html", LANGUAGE_NAMES[other], other, LANGUAGE_NAMES[other])
        for other in languages(resolved) if other != lang
    ]
    home = f"{up}{page_prefix(lang)}index.html" if kommune else ""
    return Chrome(brand, home, alternates, kommune.jugendamt if kommune else None, _kommune_links(kommune, lang, up),
                  kommune.datenschutz if kommune else None)


def kommune_chrome(kommune: Kommune, lang: str, page: str) -> Chrome:
    root = "" if lang == "de" else "../"
    alternates = [
        Link(f"{root}{page_prefix(other)}{page}", LANGUAGE_NAMES[other], other, LANGUAGE_NAMES[other])
        for other in SUPPORTED if other != lang
    ]
    home = f"{root}{page_prefix(lang)}index.html"
    return Chrome(kommune.theme.logo_text or kommune.name, home, alternates, kommune.jugendamt, _kommune_links(kommune, lang, root),
                  kommune.datenschutz)


def _title(*parts: object) -> str:
    return " – ".join(str(p) for p in parts if p)


# --- the assistant ------------------------------------------------------------------------------


FEES_SCRIPT = "assets/fees.js"


def satzung_asset(lang: str) -> str:
    """Where the fee rules of a page in ``lang`` lie, relative to the assistant's folder."""
    return f"assets/satzung-{lang}.json"


def satzung_for_page(rules: Any, lang: str) -> bytes:
    """The fee rules the estimate loads, with explanation texts in ``lang`` only (built as data)."""
    return json.dumps(_for_language(rules, lang), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def assistant_html(
    resolved: ResolvedForm, lang: str, *, root: str, action: str, data: Mapping[str, Any] | None = None,
    errors: list[FieldError] | None = None, fees: bool = False, searched: WishSearch | None = None,
    today: date | None = None,
) -> bytes:
    ctx = ViewContext(resolved, lang, data, *_error_maps(errors or [], lang), searched=searched, today=today)
    steps = build_steps(ctx)
    form = resolved.form
    chrome = form_chrome(resolved, lang, root)
    title = pick(form.title, lang)
    summary = summary_items(steps, ctx.errors, errors or [], lang)
    page_title = _title(title, resolved.kommune.name if resolved.kommune else "")
    if summary:
        page_title = gettext(lang, "Fehler:") + " " + page_title
    server_errors = [{"path": e.path, "message": e.message.get(lang) or e.message.get("de", ""), "w": int(e.severity != "error")}
                     for e in errors or []]
    loads = {"js": root + FEES_SCRIPT, "rules": root + satzung_asset(lang)} if fees else None
    catalogue = root + CATALOGUE_ASSET if catalogue_asset_needed(resolved) else None
    client = _client.client_data(resolved, lang, errors=server_errors, fees=loads, facilities=catalogue)
    context = {
        "lang": lang, "dir": direction(lang), "root": root, "chrome": chrome, "page_title": page_title,
        "title": title, "description": pick_md(form.description, lang), "steps": steps, "summary": summary,
        "action": action, "enctype": _enctype(resolved), "submit_label": gettext(lang, SUBMIT_LABELS.get(form.id, "Absenden")),
        "fees": fees, "client_json": _client.embed_json(_later.first_view(client)),  # the rest: _later.asset(lang)
        "receipt": _receipt_context(resolved, lang, "", None),
    }
    return _render(lang, "assistant.html", context)


def runtime_later(resolved: ResolvedForm, lang: str, *, fees: bool = False) -> bytes:
    """``assets/runtime-<lang>.json``: what the page's data leaves for later (:mod:`kitaforms.render._later`)."""
    loads = {"js": FEES_SCRIPT, "rules": satzung_asset(lang)} if fees else None
    catalogue = CATALOGUE_ASSET if catalogue_asset_needed(resolved) else None
    return _later.later_json(_client.client_data(resolved, lang, fees=loads, facilities=catalogue))


def _for_language(satzung: Any, lang: str) -> Any:
    """The fee rules with their explanation texts in the page's language only."""
    if isinstance(satzung, dict) and isinstance(satzung.get("satzungen"), list):
        return {**satzung, "satzungen": [_for_language(item, lang) for item in satzung["satzungen"]]}
    if not isinstance(satzung, dict):
        return satzung
    trimmed = dict(satzung)
    for key in ("messages", "words", "errors"):
        texts = satzung.get(key)
        if isinstance(texts, dict) and lang in texts:
            trimmed[key] = {lang: texts[lang]}
    return trimmed


def _enctype(resolved: ResolvedForm) -> str:
    return "multipart/form-data" if resolved.elements_of("file") else "application/x-www-form-urlencoded"


def _error_maps(errors: list[FieldError], lang: str) -> tuple[dict[str, str], dict[str, str]]:
    found: dict[str, str] = {}
    warned: dict[str, str] = {}
    for error in errors:
        target = found if error.severity == "error" else warned
        target.setdefault(error.path, error.message.get(lang) or error.message.get("de", ""))
    return found, warned


@dataclass
class SummaryItem:
    text: str
    target: str = ""


def summary_items(steps: list[StepView], found: dict[str, str], errors: list[FieldError], lang: str) -> list[SummaryItem]:
    """One link per error, in the order of the fields; errors without a field come last."""
    items: list[SummaryItem] = []
    seen: set[str] = set()
    for step in steps:
        for node, context in _with_context(step.nodes, ""):
            if node.path in found and node.path not in seen:
                seen.add(node.path)
                items.append(SummaryItem(context + found[node.path], node.id))
    for error in errors:
        if error.severity == "error" and error.path not in seen:
            seen.add(error.path)
            items.append(SummaryItem(found.get(error.path, "")))
    return items


def _with_context(nodes: list[Node], context: str) -> Any:
    for node in nodes:
        yield node, context
        yield from _with_context(node.children, context)
        for entry in node.entries:
            label = node.extra.get("item_label") or node.label or Txt("")
            yield from _with_context(entry.nodes, f"{context}{label} {entry.number}: ")


# --- receipt --------------------------------------------------------------------------------------


def _receipt_context(resolved: ResolvedForm, lang: str, reference: str, data: Mapping[str, Any] | None,
                     today: date | None = None, details: ReceiptDetails | None = None) -> dict[str, Any]:
    form_id = resolved.form.id
    next_steps = [gettext(lang, "Das Jugendamt prüft Ihre Angaben. Wenn etwas fehlt, meldet es sich bei Ihnen.")]
    if form_id == "anmeldung":
        next_steps.append(gettext(lang, "Das Jugendamt bestätigt den Eingang Ihrer Anmeldung innerhalb eines Monats. Die Anmeldung ist noch keine Zusage für einen Platz."))
    next_steps.append(gettext(lang, "Bewahren Sie die Vorgangsnummer auf und geben Sie sie bei Fragen an."))
    return {
        "title": gettext(lang, RECEIPT_TITLES.get(form_id, "Ihre Angaben sind eingegangen")),
        "reference": reference,
        "next": next_steps,
        "sections": answer_sections(resolved, lang, data, today) if data is not None else [],
        "facts": facts(resolved, lang, details) if details is not None else None,
    }


def receipt_html(resolved: ResolvedForm, lang: str, reference: str, data: Mapping[str, Any], today: date | None = None,
                 details: ReceiptDetails | None = None) -> bytes:
    """The receipt at ``…/submit``; with ``details`` also when and what arrived and its links (and, with
    ``details.root``, served elsewhere: the reopened receipt)."""
    receipt = _receipt_context(resolved, lang, reference, data, today, details)
    root = details.root if details is not None else ""
    chrome = form_chrome(resolved, lang, root)
    if details is not None and details.alternates is not None:
        names = [LANGUAGE_NAMES.get(alt.lang, alt.lang) for alt in details.alternates]
        chrome.alternates = [Link(alt.href, name, alt.lang, name) for alt, name in zip(details.alternates, names, strict=True)]
    context = {
        "lang": lang, "dir": direction(lang), "root": root, "chrome": chrome, "receipt": receipt,
        "page_title": _title(receipt["title"], plain(resolved.form.title, lang), resolved.kommune.name if resolved.kommune else ""),
    }
    return _render(lang, "receipt.html", context)


def receipt_gone_html(lang: str, root: str, alternates: list[tuple[str, str]]) -> bytes:
    """The page a receipt link shows when it opens nothing (404): never stored, or deleted since.
    ``alternates``: (language, href) of the same page in other languages."""
    title = gettext(lang, "Unter diesem Link ist nichts gespeichert")
    chrome = Chrome("Nordrhein-Westfalen", alternates=[Link(href, LANGUAGE_NAMES[other], other, LANGUAGE_NAMES[other])
                                                      for other, href in alternates])
    context = {"lang": lang, "dir": direction(lang), "root": root, "chrome": chrome, "title": title,
               "page_title": title}
    return _render(lang, "receipt_gone.html", context)


# --- Kommune pages ----------------------------------------------------------------------------------


def kommune_index_html(kommune: Kommune, forms: list[ResolvedForm], lang: str) -> bytes:
    root = "" if lang == "de" else "../"
    entries = [
        {"href": f"{root}{r.form.id}/{page_prefix(lang) if lang in languages(r) else ''}index.html",
         "title": pick(r.form.title, lang), "description": pick_md(r.form.description, lang)}
        for r in forms if r.form.id != OFFER_FORM or r.form.id in kommune.forms  # offers are answered by their link
    ]
    title = gettext(lang, "Kinderbetreuung: Anträge online")
    context = {
        "lang": lang, "dir": direction(lang), "root": root, "chrome": kommune_chrome(kommune, lang, "index.html"),
        "page_title": _title(title, kommune.name), "title": title, "kommune": kommune, "forms": entries,
        # the Kommune's own text where it has one in this language, else the theme's (in every language)
        "leichte_sprache": pick(kommune.leichte_sprache, lang) if (kommune.leichte_sprache or {}).get(lang) else None,
        "statement_href": f"{root}{page_prefix(lang)}barrierefreiheit.html",
    }
    return _render(lang, "kommune_index.html", context)


def statement_html(kommune: Kommune, forms: list[ResolvedForm], lang: str) -> bytes:
    root = "" if lang == "de" else "../"
    title = gettext(lang, "Erklärung zur Barrierefreiheit")
    context = {
        "lang": lang, "dir": direction(lang), "root": root, "chrome": kommune_chrome(kommune, lang, "barrierefreiheit.html"),
        "page_title": _title(title, kommune.name), "title": title, "kommune": kommune,
        "forms": [pick(r.form.title, lang) for r in forms],
        "versions": ", ".join(f"{plain(r.form.title, lang)} {r.form.version}" for r in forms),
        "feedback": kommune.barrierefreiheit or kommune.jugendamt,
        "stand": format_date(kommune.barrierefreiheit_stand, "long", locale=lang) if kommune.barrierefreiheit_stand else None,
    }
    return _render(lang, "barrierefreiheit.html", context)


def _render(lang: str, template: str, context: dict[str, Any]) -> bytes:
    return compact_html(environment(lang).get_template(template).render(**context)).encode("utf-8")


_KEEP = re.compile(r"(<textarea\b.*?</textarea>|<pre\b.*?</pre>)", re.S)
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")


def compact_html(html: str) -> str:
    """Drop the templates' layout whitespace between tags (never inside textarea or pre)."""
    parts = _KEEP.split(html)
    return "".join(part if index % 2 else _BETWEEN_TAGS.sub(">\n<", part) for index, part in enumerate(parts))


__all__ = ["assistant_html", "receipt_html", "receipt_gone_html", "kommune_index_html", "statement_html", "languages"]
