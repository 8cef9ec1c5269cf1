"""The server's own small pages: the index of Kommunen and forms, fallbacks, and the --dev banner.

The assistants and the Kommune pages come from the bundles (rendered by :mod:`kitaforms.render`);
these pages only exist because a server needs a front door. Jinja2 with autoescape, no inline
script or style (the Content-Security-Policy forbids both).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from kitaforms.serve.catalogue import Bundle, Catalogue, KommuneEntry

_ENV = Environment(loader=PackageLoader("kitaforms.serve", "templates"), autoescape=select_autoescape(["html"]))


def _render(template: str, **context: Any) -> bytes:
    return _ENV.get_template(template).render(**context).encode("utf-8")


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
