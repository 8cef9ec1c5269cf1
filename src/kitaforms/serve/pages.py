"""The server's own small pages: the entry page (Zuständigkeitsfinder), fallbacks, and the --dev banner.

The assistants and the Kommune pages come from the bundles (rendered by :mod:`kitaforms.render`);
these pages only exist because a server needs a front door. Jinja2 with autoescape, no inline
script or style (the Content-Security-Policy forbids both).
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from kitaforms.allocate.model import OFFER_FORM
from kitaforms.export.area import NAME as AREA
from kitaforms.serve.catalogue import Bundle, Catalogue, KommuneEntry
from kitaforms.serve.finder import Finder

_ENV = Environment(loader=PackageLoader("kitaforms.serve", "templates"), autoescape=select_autoescape(["html"]))


def _render(template: str, **context: Any) -> bytes:
    return _ENV.get_template(template).render(**context).encode("utf-8")


def finder(catalogue: Catalogue) -> Finder:
    """The Zuständigkeitsfinder over every Kommune's ``zustaendigkeit.json`` (built once per catalogue)."""
    found = _FINDERS.get(id(catalogue))
    if found is None or found[0] is not catalogue:
        documents = []
        for entry in catalogue.kommunen.values():
            raw = entry.pages.get(AREA)
            if raw is not None:
                try:
                    documents.append(json.loads(raw))
                except ValueError:
                    catalogue.problems.append(f"{entry.folder}/{AREA}: not JSON")
        found = (catalogue, Finder(documents))
        _FINDERS.clear()
        _FINDERS[id(catalogue)] = found
    return found[1]


_FINDERS: dict[int, tuple[Catalogue, Finder]] = {}


def finder_page(catalogue: Catalogue, lang: str, query: str | None, town: str | None, dev: Any = None) -> bytes | None:
    """The entry page: the Zuständigkeitsfinder and every Jugendamt on the portal (None without the renderer)."""
    try:
        from kitaforms import render
    except ImportError:
        return None
    answer = finder(catalogue).lookup(query, town)
    kommunen = [_finder_kommune(entry, lang, render.FinderKommune) for _, entry in sorted(catalogue.kommunen.items())]
    if dev is not None and dev.pending:  # --dev: Kommunen listed before their first build
        kommunen += [render.FinderKommune(p["href"].strip("/"), p["name"], p.get("forms", [])) for p in dev.pending.values()]
        kommunen.sort(key=lambda k: k.id)
    page = render.render_finder(lang, answer, kommunen, catalogue.problems)
    return with_dev_banner(page, dev)


def _finder_kommune(entry: KommuneEntry, lang: str, make: Any) -> Any:
    offered = entry.kommune.forms if entry.kommune else []
    forms = []
    for form in sorted(entry.forms):
        bundle = entry.latest(form)
        assert bundle is not None
        if form == OFFER_FORM and form not in offered:
            continue  # answered through an offer's secret link
        english = lang != "de" and bundle.assistant_file(f"{lang}/index.html") is not None
        forms.append({"href": f"/{entry.id}/{form}/" + (f"{lang}/" if english else ""),
                      "title": bundle.title.get(lang) or bundle.title.get("de", form), "version": bundle.version})
    searchable = any(b is not None and b.resolved.facilities is not None
                     and any(e.catalogue for e in b.resolved.elements_of("ranked_choice"))
                     for b in (entry.latest(form) for form in entry.forms))
    return make(entry.id, entry.kommune.name if entry.kommune else entry.id, forms, searchable)


def index_page(catalogue: Catalogue, dev: Any = None) -> bytes:
    kommunen = [_kommune_context(entry) for _, entry in sorted(catalogue.kommunen.items())]
    if dev is not None and dev.pending:  # --dev: Kommunen listed before their first build
        kommunen = sorted([*kommunen, *dev.pending.values()], key=lambda k: k["href"])
    page = _render("index.html", title="Formulare", intro="Kommunen und ihre Formulare auf diesem Server.",
                   kommunen=kommunen, problems=catalogue.problems)
    return with_dev_banner(page, dev)


def kommune_page(entry: KommuneEntry, dev: Any = None) -> bytes:
    context = _kommune_context(entry)
    page = _render("index.html", title=context["name"], intro=None, kommunen=[context], problems=[])
    return with_dev_banner(page, dev, entry.id)


def missing_assistant(bundle: Bundle, dev: Any = None) -> bytes:
    intro = "Dieses Paket enthält keinen Assistenten. Das JSON-Schema und die Schnittstelle stehen bereit."
    page = _render("index.html", title=bundle.title.get("de", bundle.form), intro=intro, kommunen=[], problems=[])
    return with_dev_banner(page, dev, bundle.kommune, bundle.form)


def _kommune_context(entry: KommuneEntry) -> dict[str, Any]:
    forms = []
    for form in sorted(entry.forms):
        bundle = entry.latest(form)
        assert bundle is not None
        forms.append({
            "href": f"/{entry.id}/{form}/",
            "title": bundle.title.get("de", form),
            "version": bundle.version,
            "en": bundle.assistant_file("en/index.html") is not None,
        })
    name = entry.kommune.name if entry.kommune else entry.id
    return {"href": f"/{entry.id}/", "name": name, "ags": entry.ags, "forms": forms}


def with_dev_banner(page: bytes, dev: Any, kommune: str | None = None, form: str | None = None) -> bytes:
    """In --dev mode: the preview's bar, the problems of the last build and the reload script above the page
    (:mod:`kitaforms.serve.devpages`)."""
    if dev is None:
        return page
    from kitaforms.serve.devpages import insert_banner

    return insert_banner(page, dev, kommune, form)
