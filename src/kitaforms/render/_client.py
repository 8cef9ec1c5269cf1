"""The data the browser runtime (``kitaforms.js``) reads from ``<script type="application/json">``.

Everything is data: expressions travel as the JSON AST of :func:`kitaforms.expr.to_json` (never as
code) in a compact spelling (:func:`compact`, expanded by the runtime before ``KitaExpr`` sees it),
texts in the page's language. Labels and option texts are not repeated here: the runtime reads them
from the page. The element tree mirrors the form:

    {"id", "t": type, "v": visible_if, "r": 1 (required), "ri": required_if,
     "val": [[rule, message, 1 if warning]], "c": [children], …limits}
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from typing import Any

from kitaforms import expr
from kitaforms.check.choices import options_of
from kitaforms.render._text import plain
from kitaforms.render._theme import N_, gettext
from kitaforms.render._values import MONTH_NAMES
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.facilities import UNITS
from kitaforms.runtime.formats import PATTERNS
from kitaforms.runtime.messages import MESSAGES

Json = dict[str, Any]


@lru_cache(maxsize=512)
def _ast_text(text: str) -> str:
    return json.dumps(expr.to_json(expr.parse(text)), sort_keys=True)


def ast(text: str | None) -> Any:
    """The expression ``text`` as the runtime reads it (shared between pages: written out, never changed)."""
    return _compact_ast(text) if text else None


@lru_cache(maxsize=2048)
def _compact_ast(text: str) -> Any:
    return compact(json.loads(_ast_text(text)))


def compact(node: Json) -> Any:
    """``{"t": "ref", "p": ["kind", "alter"]}`` → ``"kind.alter"``; operators and calls as lists:
    ``["==", a, b]``, ``["@alter", a]``; literals ``["'", "text"]``, ``["#", "1.5"]``, ``["d", "2025-08-01"]``,
    ``true``/``false``/``null``."""
    kind = node["t"]
    if kind == "ref":
        return ".".join(node["p"])
    if kind == "op":
        return [node["op"], *(compact(arg) for arg in node["a"])]
    if kind == "call":
        return ["@" + node["f"], *(compact(arg) for arg in node["a"])]
    if kind in ("bool", "null"):
        return node.get("v")
    return [{"str": "'", "num": "#", "date": "d"}[kind], node["v"]]


def number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def shown(value: Any) -> str:
    return format(value, "f").replace(".", ",") if isinstance(value, Decimal) else str(value)


def client_data(resolved: ResolvedForm, lang: str, *, errors: list[Json] | None = None, fees: Json | None = None,
                facilities: str | None = None) -> Json:
    """``fees``: where the fee estimate's evaluator and rules lie (``{"js", "rules"}``), if the page has one;
    ``facilities``: where the facility catalogue lies (loaded when the wish list is shown), if the page has one."""
    form = resolved.form
    wish_lists = resolved.elements_of("ranked_choice")  # the page only carries the data and texts its elements use
    data: Json = {
        "form": resolved.key,
        "version": form.version,
        "lang": lang,
        "title": plain(form.title, lang),
        "kommune": resolved.kommune.name if resolved.kommune else "",
        "steps": [_step(resolved, lang, step) for step in form.steps],
        "settings": {key: number(value) for key, value in form.settings.items()},
        "msg": {code: texts.get(lang) or texts["de"] for code, texts in MESSAGES.items()
                if facilities or not code.startswith("facility_")},  # a wish list's own messages only with one
        "pat": PATTERNS,
        "months": MONTH_NAMES,
        "t": ui_strings(lang, ranked=bool(wish_lists), fees=bool(fees)),
    }
    if facilities:
        data["facs"] = facilities
        data["units"] = units(lang)
    if errors:
        data["errors"] = errors
    if fees:
        data["fees"] = fees
    return data


def units(lang: str) -> Json:
    """How the wish list writes ages and hours (as :func:`kitaforms.runtime.facilities.age_text` does)."""
    return {"y": list(UNITS[(lang if lang == "de" else "en", "year")]), "m": list(UNITS[(lang if lang == "de" else "en", "month")]),
            "and": " und " if lang == "de" else " and ", "or": " oder " if lang == "de" else " or ",
            "to": " bis " if lang == "de" else " to "}


def _step(resolved: ResolvedForm, lang: str, step: Any) -> Json:
    out: Json = {"id": step.id, "els": [_element(resolved, lang, e, e.id) for e in step.elements]}
    if step.visible_if:
        out["v"] = ast(step.visible_if)
    return out


def _element(resolved: ResolvedForm, lang: str, element: Any, name: str) -> Json:
    out: Json = {"id": element.id, "t": element.type}
    if element.visible_if:
        out["v"] = ast(element.visible_if)
    fields = type(element).model_fields
    required_if = element.required_if if "required_if" in fields else None
    if "required" in fields and element.required and not required_if:
        out["r"] = 1
    if required_if:
        out["ri"] = ast(required_if)
    validations = (element.validations if "validations" in fields else None) or []
    if validations:
        out["val"] = [[ast(v.rule), plain(v.message, lang), int(v.severity == "warning")] for v in validations]
    _TYPE_DATA.get(element.type, _no_data)(resolved, lang, element, out)
    if element.type in ("group", "repeat"):
        out["c"] = [_element(resolved, lang, child, f"{name}.{child.id}") for child in element.elements]
    return {key: value for key, value in out.items() if value is not None}


def _no_data(resolved: ResolvedForm, lang: str, element: Any, out: Json) -> None:
    return None


_LIMITS = (("minimum", "min"), ("maximum", "max"), ("min_length", "minl"), ("max_length", "maxl"),
           ("min_items", "mini"), ("max_items", "maxi"), ("min_picks", "mini"), ("max_picks", "maxi"))


def _limits(resolved: ResolvedForm, lang: str, element: Any, out: Json) -> None:
    fields = type(element).model_fields  # cheaper than asking for fields its type lacks (an AttributeError each)
    for key, short in _LIMITS:
        value = getattr(element, key) if key in fields else None
        if value is not None:
            out[short] = [number(value), shown(value)]
    if "pattern" in fields and element.pattern:
        out["pat"] = element.pattern
    if element.type in ("integer", "decimal", "money"):
        out["dec"] = {"integer": 0, "money": 2}.get(element.type, element.decimals if "decimals" in fields else 2)
        out["u"] = plain(element.unit if "unit" in fields else None, lang) or None


def _choice(resolved: ResolvedForm, lang: str, element: Any, out: Json) -> None:
    _limits(resolved, lang, element, out)
    if element.type == "choice" and element.widget == "select":
        out["sel"] = 1


def _ranked(resolved: ResolvedForm, lang: str, element: Any, out: Json) -> None:
    _limits(resolved, lang, element, out)
    if element.catalogue:
        out["cat"] = element.catalogue
    else:
        out["o"] = [[o.code, plain(o.label, lang)] for o in options_of(resolved, element) or []]
    out["rk"] = int(bool(element.ranking))
    if element.reasons:
        out["rs"] = [[o.code, plain(o.label, lang)] for o in resolved.form.code_lists.get(element.reasons, [])]
    out["fc"] = ast(element.filter_care_type)
    out["fb"] = ast(element.filter_birth_date)
    if element.filter_start:
        out["fs"] = ast(element.filter_start)
    if element.filter_hours:
        out["fh"] = [ast(text) for text in element.filter_hours]


def _file(resolved: ResolvedForm, lang: str, element: Any, out: Json) -> None:
    out["acc"] = list(element.accept)
    out["mb"] = [number(element.max_size_mb), shown(element.max_size_mb)]
    out["mf"] = element.max_files


def _computed(resolved: ResolvedForm, lang: str, element: Any, out: Json) -> None:
    out["e"] = ast(element.expression)
    out["vt"] = element.value_type


def _repeat(resolved: ResolvedForm, lang: str, element: Any, out: Json) -> None:
    _limits(resolved, lang, element, out)
    out["il"] = plain(element.item_label, lang) or plain(element.label, lang)


_TYPE_DATA = {
    "choice": _choice, "multichoice": _choice, "ranked_choice": _ranked, "file": _file, "computed": _computed,
    "repeat": _repeat, "text": _limits, "textarea": _limits, "integer": _limits, "decimal": _limits, "money": _limits,
}

# UI strings the runtime writes into the page; keys are short, texts come from the babel catalogs.
_UI = {
    "step": N_("Schritt %(num)s von %(total)s"),
    "next": N_("Weiter"),
    "back": N_("Zurück"),
    "review": N_("Angaben prüfen"),
    "toreview": N_("Weiter zur Übersicht"),
    "problem": N_("Es gibt ein Problem"),
    "error": N_("Fehler:"),
    "note": N_("Hinweis:"),
    "errtitle": N_("Fehler:"),
    "change": N_("Ändern"),
    "none": N_("Nicht angegeben"),
    "yes": N_("Ja"),
    "no": N_("Nein"),
    "confirmed": N_("Bestätigt"),
    "notconfirmed": N_("Nicht bestätigt"),
    "remove": N_("Entfernen"),
    "up": N_("Nach oben"),
    "down": N_("Nach unten"),
    "add": N_("Hinzufügen"),
    "chosen": N_("Ausgewählt"),
    "search": N_("Einrichtung suchen"),
    "filter": N_("Auswahl filtern"),
    "options": N_("Auswahlmöglichkeiten"),
    "searchhint": N_("Name, Stadtteil, Straße oder Postleitzahl. Gezeigt werden nur Einrichtungen, die zur gewählten Betreuung, zum Alter Ihres Kindes zum Beginn und zum Betreuungsumfang passen."),
    "traeger": N_("Träger"),
    "alltraeger": N_("Alle Träger"),
    "facage": N_("%(age)s alt zum Beginn"),
    "fachours": N_("%(hours)s Stunden pro Woche"),
    "facfor": N_("Passend für: %(whom)s."),
    "facmissing": N_("Beantworten Sie zuerst die Fragen zur Betreuungsart, zum Geburtsdatum Ihres Kindes und zum Beginn. Dann zeigen wir Ihnen die passenden Einrichtungen."),
    "facloading": N_("Die Einrichtungen werden geladen …"),
    "facfail": N_("Die Liste der Einrichtungen konnte nicht geladen werden. Bitte laden Sie die Seite neu."),
    "facmore": N_("Gezeigt werden die ersten %(num)s. Grenzen Sie die Suche mit Stadtteil, Postleitzahl oder Träger ein."),
    "yourpicks": N_("Ihre Auswahl"),
    "nopicks": N_("Sie haben noch nichts ausgewählt."),
    "maxpicks": N_("Sie haben so viele ausgewählt, wie möglich sind."),
    "reasons": N_("Gründe für „%(name)s“"),
    "moved": N_("„%(name)s“ ist jetzt an Stelle %(num)s von %(total)s."),
    "added": N_("„%(name)s“ hinzugefügt: Stelle %(num)s von %(total)s."),
    "removed": N_("„%(name)s“ entfernt."),
    "entryadded": N_("%(label)s hinzugefügt."),
    "entryremoved": N_("%(label)s entfernt."),
    "save": N_("Zwischenstand speichern"),
    "saved": N_("Der Zwischenstand wurde als Datei gespeichert."),
    "loaded": N_("Der Zwischenstand wurde geladen."),
    "loadfail": N_("Diese Datei ist kein Zwischenstand dieses Formulars."),
    "refile": N_("Bitte wählen Sie die Datei „%(name)s“ noch einmal aus."),
    "langwarn": N_("Wenn Sie die Sprache wechseln, gehen Ihre Eingaben verloren, außer Sie wählen unten „Auf diesem Gerät merken“ oder speichern den Zwischenstand. Trotzdem wechseln?"),
    "restored": N_("Ihre auf diesem Gerät gemerkten Angaben sind wieder da."),
    "remembered": N_("Ihre Angaben werden auf diesem Gerät gemerkt."),
    "forgotten": N_("Ihre Angaben werden nicht mehr gemerkt. Was dieses Gerät gemerkt hatte, ist gelöscht."),
    "rememberfail": N_("Ihr Browser erlaubt das Merken gerade nicht. Speichern Sie den Zwischenstand als Datei."),
    "sending": N_("Ihre Angaben werden gesendet …"),
    "sendfail": N_("Das Senden hat nicht geklappt. Bitte versuchen Sie es noch einmal."),
    "received": N_("Ihre Angaben sind eingegangen"),
    "reference": N_("Ihre Vorgangsnummer"),
    "file": N_("Datei ausgewählt: %(name)s"),
    "choosefile": N_("Datei auswählen"),
    "choosefiles": N_("Dateien auswählen"),
    "nofile": N_("Keine Datei ausgewählt"),
    "nofiles": N_("Keine Dateien ausgewählt"),
    "feenone": N_("Für eine Schätzung fehlen noch Angaben."),
    "feetitle": N_("Voraussichtlicher Elternbeitrag"),
    "feeneed": N_("Für eine Schätzung fehlen noch: %(what)s."),
    "feeneedchild": N_("Geburtsdatum und Art der Betreuung Ihres Kindes"),
    "feeneedway": N_("wie Sie Ihr Einkommen erklären"),
    "feeneedincome": N_("Ihr Einkommen"),
    "feeand": N_("und"),
    "feewaiver": N_("Wer eine dieser Leistungen bekommt, zahlt auf Antrag keinen Elternbeitrag (§ 90 Abs. 4 SGB VIII)."),
    "feefirst": N_("Ab %(month)s: %(amount)s im Monat"),
    "feehow": N_("So wird der Beitrag berechnet"),
    "feeyears": N_("Der Beitrag in den kommenden Kita-Jahren"),
    "feerange": N_("%(from)s bis %(until)s"),
    "feeperiod": N_("%(period)s: %(amount)s im Monat"),
    "feeopen": N_("%(period)s: keine Schätzung möglich"),
    "feesame": N_("Bis %(month)s bleibt der Beitrag gleich."),
}
_UI_PLURAL = {"found": (N_("%(num)s Einrichtung gefunden"), N_("%(num)s Einrichtungen gefunden"))}


# strings only the wish list (ranked choice) or only the fee estimate writes
_UI_RANKED = frozenset({"yourpicks", "nopicks", "maxpicks", "search", "searchhint", "filter", "options", "found", "chosen",
                        "reasons", "moved", "added", "removed", "add", "remove", "up", "down", "traeger", "alltraeger",
                        "facage", "fachours", "facfor", "facmissing", "facloading", "facfail", "facmore"})
_UI_FEES = frozenset({"feenone", "feetitle", "feeneed", "feeneedchild", "feeneedway", "feeneedincome", "feeand",
                      "feewaiver", "feefirst", "feehow", "feeyears", "feerange", "feeperiod", "feeopen", "feesame"})


def ui_strings(lang: str, *, ranked: bool = True, fees: bool = True) -> dict[str, Any]:
    left_out = (set() if ranked else _UI_RANKED) | (set() if fees else _UI_FEES)
    strings: dict[str, Any] = {key: _placeholders(gettext(lang, text)) for key, text in _UI.items() if key not in left_out}
    for key, forms in _UI_PLURAL.items():
        if key not in left_out:
            strings[key] = [_placeholders(gettext(lang, text)) for text in forms]  # [one, other]
    return strings


def _placeholders(text: str) -> str:
    """``%(num)s`` → ``{num}`` (the runtime's format)."""
    import re

    return re.sub(r"%\((\w+)\)s", r"{\1}", text)


def embed_json(data: Json) -> str:
    """JSON that can stand inside ``<script type="application/json">`` whatever the texts contain."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text
