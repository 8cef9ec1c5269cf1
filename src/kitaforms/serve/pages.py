"""The server's own small pages: the index of Kommunen and forms, fallbacks, and the --dev banner.

The assistants and the Kommune pages come from the bundles (rendered by :mod:`kitaforms.render`);
these pages only exist because a server needs a front door. Jinja2 with autoescape, no inline
script or style (the Content-Security-Policy forbids both).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import escape

from kitaforms.serve.catalogue import Bundle, Catalogue, KommuneEntry

_ENV = Environment(loader=PackageLoader("kitaforms.serve", "templates"), autoescape=select_autoescape(["html"]))

DEV_SCRIPT = b"""// kitaforms serve --dev: reload the page when a new build is ready.
(function () {
  var seen = null;
  function poll() {
    fetch("/_dev/status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.build !== seen) { window.location.reload(); }
      seen = s.build;
    }).catch(function () {}).then(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();
"""


def _render(template: str, **context: Any) -> bytes:
    return _ENV.get_template(template).render(**context).encode("utf-8")


def index_page(catalogue: Catalogue, dev: Any = None) -> bytes:
    kommunen = [_kommune_context(entry) for _, entry in sorted(catalogue.kommunen.items())]
    page = _render("index.html", title="Formulare", intro="Kommunen und ihre Formulare auf diesem Server.",
                   kommunen=kommunen, problems=catalogue.problems)
    return with_dev_banner(page, dev)


def kommune_page(entry: KommuneEntry, dev: Any = None) -> bytes:
    context = _kommune_context(entry)
    page = _render("index.html", title=context["name"], intro=None, kommunen=[context], problems=[])
    return with_dev_banner(page, dev)


def missing_assistant(bundle: Bundle, dev: Any = None) -> bytes:
    intro = "Dieses Paket enthält keinen Assistenten. Das JSON-Schema und die Schnittstelle stehen bereit."
    page = _render("index.html", title=bundle.title.get("de", bundle.form), intro=intro, kommunen=[], problems=[])
    return with_dev_banner(page, dev)


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


def with_dev_banner(page: bytes, dev: Any) -> bytes:
    """In --dev mode: the last build error above the page, and the reload script."""
    if dev is None:
        return page
    extra = b'<script src="/_dev/reload.js" defer></script>'
    if dev.error:
        message = escape(dev.error)
        extra += (
            b'<div role="alert" class="kf-dev-error"><p><strong>kitaforms serve --dev: the last build failed; '
            b"this is the last good build.</strong></p><pre>" + str(message).encode("utf-8") + b"</pre></div>"
        )
    marker = page.find(b"<body")
    if marker == -1:
        return extra + page
    end = page.find(b">", marker) + 1
    return page[:end] + extra + page[end:]
