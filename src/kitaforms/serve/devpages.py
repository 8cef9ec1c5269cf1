"""What ``kitaforms serve --dev`` adds to every page, and its own pages.

- **The bar and the summary** above every page: links to the ids view and the fee report; the errors
  of the last build (``role="alert"``, focused and scrolled into view when the page loads, so the
  automatic reload never hides them) and the warnings, each with file:line:col, code, the source line
  and the hint, as ``kitaforms validate`` words them in the editor's language.
- ``/_dev/status?kommune=K&after=N``: a long poll that answers when what a page of ``K`` shows is
  newer than build ``N``; ``/_dev/reload.js`` reloads the page then (and focuses the summary);
  ``/_dev/preview.css`` marks German text on pages in another language, and the ids.
- ``/_dev/ids/<kommune>/<form>/``: every step and element with its id (the path an overlay names),
  label, type and conditions, marked with what the Kommune's overlay changed (:mod:`kitaforms.editor.
  ids`); ``….json`` the same rows for the page's "show ids" switch.
- ``/_dev/gebuehren/<kommune>/``: the fee report of each Satzung (tables and curves,
  :mod:`kitaforms.satzung.report`).

Jinja2 with autoescape; no inline script or style (the Content-Security-Policy forbids both).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from kitaforms.serve.devstate import DevState, Problem

_ENV = Environment(loader=PackageLoader("kitaforms.serve", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
COLLAPSE_WARNINGS = 5  # more warnings than this are listed folded

WORDS: dict[str, dict[str, str]] = {
    "de": {
        "bar": "Vorschau", "preview": "Vorschau (kitaforms serve --dev)", "ids": "Ids dieses Formulars",
        "show_ids": "Ids im Formular zeigen", "hide_ids": "Ids ausblenden", "fees": "Gebührenbericht",
        "all": "Alle Kommunen", "failed": "Die Vorschau ist nicht aktuell: {errors}. Die Seite zeigt den letzten "
        "guten Stand.", "failed_first": "Die Vorschau kann {kommune} noch nicht zeigen: {errors}.",
        "errors_one": "1 Fehler", "errors_many": "{count} Fehler", "warnings_one": "1 Warnung",
        "warnings_many": "{count} Warnungen", "elsewhere": "Fehler in anderen Kommunen:", "hint": "Hinweis",
        "untranslated": "{count} Texte dieser Seite sind nicht übersetzt und erscheinen auf Deutsch (gestrichelt "
        "markiert).", "untranslated_one": "1 Text dieser Seite ist nicht übersetzt und erscheint auf Deutsch "
        "(gestrichelt markiert).", "building": "wird gebaut …", "ids_title": "Ids: {form} ({kommune})",
        "ids_intro": "Jeder Schritt und jedes Element mit der Id, die ein Overlay nennt (set, remove, "
        "insert_before, insert_after). Markiert ist, was das Overlay der Kommune geändert hat.",
        "fees_title": "Gebührenbericht: {kommune}", "fees_none": "Diese Kommune hat keine Satzung.",
        "fees_intro": "Beitragstabellen und Kurven je Satzung, aus satzungen/{folder}/.",
        "not_built": "Für {kommune} gibt es noch keinen guten Stand.", "removed_ids": "Vom Overlay entfernt:",
    },
    "en": {
        "bar": "Preview", "preview": "Preview (kitaforms serve --dev)", "ids": "Ids of this form",
        "show_ids": "Show ids in the form", "hide_ids": "Hide ids", "fees": "Fee report",
        "all": "All Kommunen", "failed": "The preview is out of date: {errors}. The page shows the last good build.",
        "failed_first": "The preview cannot show {kommune} yet: {errors}.",
        "errors_one": "1 error", "errors_many": "{count} errors", "warnings_one": "1 warning",
        "warnings_many": "{count} warnings", "elsewhere": "Errors in other Kommunen:", "hint": "hint",
        "untranslated": "{count} texts of this page are not translated and show in German (dashed outline).",
        "untranslated_one": "1 text of this page is not translated and shows in German (dashed outline).",
        "building": "being built …", "ids_title": "Ids: {form} ({kommune})",
        "ids_intro": "Every step and element with the id an overlay names (set, remove, insert_before, "
        "insert_after). Marked: what the Kommune's overlay changed.",
        "fees_title": "Fee report: {kommune}", "fees_none": "This Kommune has no Satzung.",
        "fees_intro": "Fee tables and curves per Satzung, from satzungen/{folder}/.",
        "not_built": "There is no good build of {kommune} yet.", "removed_ids": "Removed by the overlay:",
    },
}


def words(dev: DevState) -> dict[str, str]:
    return WORDS.get(dev.lang, WORDS["de"])


def _count(word: dict[str, str], kind: str, count: int) -> str:
    return word[f"{kind}_one"] if count == 1 else word[f"{kind}_many"].format(count=count)


# --- the bar and the summary ---------------------------------------------------------------------------


def banner(dev: DevState, kommune: str | None = None, form: str | None = None) -> bytes:
    """The preview's bar, summary and reload script, for a page of ``kommune`` (None: of no Kommune)."""
    problems = dev.problems_of(kommune)
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    word = words(dev)
    built = kommune is None or kommune not in dev.failed
    context = {
        "w": word, "kommune": kommune, "form": form, "stamp": dev.stamp(kommune), "lang": dev.lang,
        "errors": errors, "warnings": warnings, "fold": len(warnings) > COLLAPSE_WARNINGS,
        "headline": (word["failed"] if built else word["failed_first"]).format(
            errors=_count(word, "errors", len(errors)), kommune=kommune),
        "warning_title": _count(word, "warnings", len(warnings)),
        "elsewhere": sorted(dev.errors_elsewhere(kommune).items()),
        "fees": bool(kommune and dev.satzungen.get(kommune)),
    }
    return _ENV.get_template("dev_banner.html").render(**context).encode("utf-8")


def insert_banner(page: bytes, dev: DevState | None, kommune: str | None = None, form: str | None = None) -> bytes:
    """``page`` with the preview's banner right after ``<body …>`` (unchanged outside --dev)."""
    if dev is None:
        return page
    extra = banner(dev, kommune, form)
    marker = page.find(b"<body")
    if marker == -1:
        return extra + page
    end = page.find(b">", marker) + 1
    return page[:end] + extra + page[end:]


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"severity": problem.severity, "code": problem.code, "message": problem.message, "where": problem.where,
            "hint": problem.hint}


# --- the preview's own pages ---------------------------------------------------------------------------


def _page(dev: DevState, template: str, kommune: str | None, **context: Any) -> Response:
    html = _ENV.get_template(template).render(w=words(dev), lang=dev.lang, **context).encode("utf-8")
    return Response(insert_banner(html, dev, kommune, context.get("form")), media_type="text/html; charset=utf-8",
                    headers={"cache-control": "no-store"})


def unbuilt_page(dev: DevState, kommune: str) -> Response:
    """A Kommune with errors and no good build yet: the summary says why."""
    text = words(dev)["not_built"].format(kommune=kommune)
    return _page(dev, "dev_page.html", kommune, title=text, intro=None, status=200)


def id_rows(dev: DevState, kommune: str, form: str) -> list[Any]:
    from kitaforms.editor.ids import form_ids

    resolved = dev.forms.get(f"{kommune}/{form}")
    if resolved is None:
        raise HTTPException(404, f"The preview has no form {kommune}/{form}.")
    return form_ids(resolved, resolved.base)


class DevRoutes:
    """The ``/_dev/…`` handlers of one server."""

    def __init__(self, server: Any) -> None:
        self.server = server

    @property
    def dev(self) -> DevState:
        dev = self.server.dev
        if dev is None:
            raise HTTPException(404, "Only in --dev mode.")
        return dev

    def routes(self) -> list[Route]:
        return [
            Route("/_dev/status", self.status, methods=["GET"]),
            Route("/_dev/reload.js", self.script, methods=["GET"]),
            Route("/_dev/preview.css", self.stylesheet, methods=["GET"]),
            Route("/_dev/ids/{kommune}/{form}/", self.ids_page, methods=["GET"]),
            Route("/_dev/ids/{kommune}/{form}.json", self.ids_json, methods=["GET"]),
            Route("/_dev/ids/{kommune}/{form}", self.slash, methods=["GET"]),
            Route("/_dev/gebuehren/{kommune}/", self.fees_index, methods=["GET"]),
            Route("/_dev/gebuehren/{kommune}", self.slash, methods=["GET"]),
            Route("/_dev/gebuehren/{kommune}/{name}", self.fees_file, methods=["GET"]),
        ]

    async def slash(self, request: Request) -> Response:
        return RedirectResponse(request.url.path + "/", status_code=308)

    async def status(self, request: Request) -> Response:
        """The stamp of a page of ``kommune``; with ``after``, once it differs from it (a long poll)."""
        dev = self.dev
        kommune = request.query_params.get("kommune") or None
        after = request.query_params.get("after")
        stamp = dev.stamp(kommune)
        if after is not None and after.isdigit():
            stamp = await dev.wait_change(kommune, int(after))
        problems = dev.problems_of(kommune)
        body = {"build": dev.build, "stamp": stamp, "error": dev.error,
                "errors": sum(p.is_error for p in problems), "warnings": sum(not p.is_error for p in problems)}
        return JSONResponse(body, headers={"cache-control": "no-store"})

    async def script(self, request: Request) -> Response:
        self.dev  # noqa: B018 - 404 outside --dev
        return Response(DEV_SCRIPT, media_type="text/javascript; charset=utf-8", headers={"cache-control": "no-store"})

    async def stylesheet(self, request: Request) -> Response:
        self.dev  # noqa: B018
        return Response(DEV_CSS, media_type="text/css; charset=utf-8", headers={"cache-control": "no-store"})

    async def ids_page(self, request: Request) -> Response:
        dev = self.dev
        kommune, form = request.path_params["kommune"], request.path_params["form"]
        await dev.ready(kommune)
        rows = id_rows(dev, kommune, form)
        from kitaforms.cli.ids import WORDS as ID_WORDS

        title = words(dev)["ids_title"].format(form=form, kommune=kommune)
        return _page(dev, "dev_ids.html", kommune, form=form, title=title, rows=rows, iw=ID_WORDS[dev.lang])

    async def ids_json(self, request: Request) -> Response:
        dev = self.dev
        kommune, form = request.path_params["kommune"], request.path_params["form"]
        await dev.ready(kommune)
        rows = [row.to_json() for row in id_rows(dev, kommune, form)]
        return JSONResponse({"kommune": kommune, "form": form, "elements": rows}, headers={"cache-control": "no-store"})

    async def fees_index(self, request: Request) -> Response:
        dev = self.dev
        kommune = request.path_params["kommune"]
        await dev.ready(kommune)
        satzungen = dev.satzungen.get(kommune)
        if satzungen is None:
            raise HTTPException(404, f"There is no Kommune `{kommune}` in the preview.")
        reports = [{"href": key.replace("/", "-") + ".html", "title": getattr(rules.model, "title", key), "key": key}
                   for key, rules in satzungen.items()]
        title = words(dev)["fees_title"].format(kommune=kommune)
        return _page(dev, "dev_fees.html", kommune, title=title, reports=reports,
                     folder=dev.folders.get(kommune, kommune))

    async def fees_file(self, request: Request) -> Response:
        from kitaforms.satzung.report import report_files

        dev = self.dev
        kommune, name = request.path_params["kommune"], request.path_params["name"]
        await dev.ready(kommune)
        for rules in dev.satzungen.get(kommune, {}).values():
            files = report_files(rules)
            if name in files:
                return _report_file(dev, kommune, name, files[name])
        raise HTTPException(404, f"The fee report of {kommune} has no {name}.")


def _report_file(dev: DevState, kommune: str, name: str, content: str) -> Response:
    media = {"html": "text/html", "svg": "image/svg+xml", "css": "text/css"}.get(name.rsplit(".", 1)[-1], "text/plain")
    body = content.encode("utf-8")
    if media == "text/html":
        body = insert_banner(body, dev, kommune)
    return Response(body, media_type=f"{media}; charset=utf-8", headers={"cache-control": "no-store"})


DEV_SCRIPT = b"""// kitaforms serve --dev: focus the problems, reload when the page is out of date, show ids.
(function () {
  'use strict';
  var me = document.currentScript;
  var kommune = me.getAttribute('data-kommune') || '';
  var form = me.getAttribute('data-form') || '';
  var stamp = me.getAttribute('data-stamp');
  var KEY = 'kf-dev-ids';
  var GERMAN = 'main [lang="de"]:not([hreflang]), header [lang="de"]:not([hreflang])';

  function focusSummary() {
    var summary = document.getElementById('kf-dev-summary');
    if (!summary) return;
    summary.scrollIntoView({block: 'start'});
    summary.focus({preventScroll: true});
  }
  function markUntranslated() {
    var lang = (document.documentElement.getAttribute('lang') || 'de').slice(0, 2);
    var note = document.getElementById('kf-dev-untranslated');
    if (lang === 'de' || !note) return;
    // German stand-ins for missing translations (a link to the German page is German on purpose)
    var found = document.querySelectorAll(GERMAN).length;
    if (!found) return;
    note.textContent = note.getAttribute(found === 1 ? 'data-text-one' : 'data-text').replace('{count}', String(found));
    note.hidden = false;
  }
  function idOf(row) {
    if (row.type === 'step') return document.getElementById('step-' + row.path);
    return document.getElementById('q-' + row.path.split('.').join('-'));
  }
  function showIds(on) {
    var button = document.getElementById('kf-dev-ids');
    if (button) {
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.textContent = button.getAttribute(on ? 'data-hide' : 'data-show');
    }
    Array.prototype.forEach.call(document.querySelectorAll('.kf-dev-id'), function (n) { n.remove(); });
    if (!on) { document.documentElement.classList.remove('kf-dev-ids-on'); return; }
    document.documentElement.classList.add('kf-dev-ids-on');
    fetch('/_dev/ids/' + kommune + '/' + form + '.json', {cache: 'no-store'}).then(function (r) { return r.json(); })
      .then(function (data) {
        var removed = [];
        data.elements.forEach(function (row) {
          if (row.change === 'removed') { removed.push(row.path); return; }
          var box = idOf(row);
          if (!box) return;
          var where = box.querySelector('legend, label, h2, h3, .kf-label') || box;
          var tag = document.createElement('code');
          tag.className = 'kf-dev-id' + (row.change ? ' kf-dev-' + row.change : '');
          tag.textContent = row.path + (row.change ? ' (' + row.change + (row.changed.length ? ': ' +
            row.changed.join(', ') : '') + ')' : '');
          where.appendChild(tag);
        });
        var list = document.getElementById('kf-dev-removed');
        if (list && removed.length) { list.textContent += ' ' + removed.join(', '); list.hidden = false; }
      }).catch(function () {});
  }
  function wireIds() {
    var button = document.getElementById('kf-dev-ids');
    if (!button) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var on = button.getAttribute('aria-pressed') !== 'true';
      try { window.sessionStorage.setItem(KEY, on ? '1' : ''); } catch (e) {}
      showIds(on);
    });
    var on = false;
    try { on = window.sessionStorage.getItem(KEY) === '1'; } catch (e) {}
    if (on) showIds(true);
  }
  function poll() {
    var url = '/_dev/status?kommune=' + encodeURIComponent(kommune) + '&after=' + encodeURIComponent(stamp);
    fetch(url, {cache: 'no-store'}).then(function (r) { return r.json(); }).then(function (s) {
      if (String(s.stamp) !== String(stamp)) { window.location.reload(); return; }
      poll();
    }, function () { window.setTimeout(poll, 1000); });
  }
  function start() {
    markUntranslated();
    wireIds();
    // after the assistant's own start and the browser's scroll restoration of the reload
    window.setTimeout(focusSummary, 0);
    poll();
  }
  if (document.readyState === 'complete') start(); else window.addEventListener('load', start);
})();
"""

DEV_CSS = b"""/* kitaforms serve --dev: the preview's bar and summary; German text on other languages' pages; ids. */
.kf-dev { font: 1rem/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; border-bottom: 4px solid #1a1a1a;
  padding: 0.5rem 1rem; }
.kf-dev a { color: #0b4f8a; }
.kf-dev a:focus, .kf-dev button:focus, .kf-dev-summary:focus { outline: 3px solid #ffbf47; outline-offset: 0; }
.kf-dev-bar { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: baseline; }
.kf-dev-bar button { font: inherit; }
.kf-dev-summary { border: 4px solid #b3261e; padding: 0.5rem 1rem; margin: 0.5rem 0; }
.kf-dev-summary h2, .kf-dev-warnings h2, .kf-dev-warnings summary { font-size: 1.1rem; margin: 0.25rem 0; }
.kf-dev-warnings { border: 2px solid #8a5a00; padding: 0.25rem 1rem; margin: 0.5rem 0; }
.kf-dev pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.875rem; margin: 0.25rem 0; }
.kf-dev ul { margin: 0; padding-left: 1.25rem; }
.kf-dev-note { margin: 0.25rem 0; }
html:not([lang|="de"]) main [lang="de"]:not([hreflang]), html:not([lang|="de"]) header [lang="de"]:not([hreflang]) {
  outline: 2px dashed #b3261e; outline-offset: 2px; }
.kf-dev-id { font: 0.8rem/1.4 ui-monospace, monospace; color: #1a1a1a; background: #eef2f7; border: 1px solid #555;
  padding: 0 0.25rem; margin-left: 0.5rem; white-space: nowrap; }
.kf-dev-id.kf-dev-added { background: #d8f0df; border-color: #1b7f3b; }
.kf-dev-id.kf-dev-changed { background: #fff1c2; border-color: #8a5a00; }
.kf-dev-ids-table { border-collapse: collapse; }
.kf-dev-ids-table th, .kf-dev-ids-table td { border: 1px solid #767676; padding: 0.2rem 0.4rem; text-align: left;
  vertical-align: top; }
.kf-dev-ids-table tr.kf-dev-added { background: #d8f0df; }
.kf-dev-ids-table tr.kf-dev-changed { background: #fff1c2; }
.kf-dev-ids-table tr.kf-dev-removed { background: #f3f3f3; text-decoration: line-through; }
.kf-dev-depth-1 { padding-left: 1.2rem !important; }
.kf-dev-depth-2 { padding-left: 2.4rem !important; }
.kf-dev-depth-3 { padding-left: 3.6rem !important; }
"""
