"""The view of a form for the templates: every element with its HTML ids, names, value and error.

Names and ids follow the instance path the runtime uses (``geschwister.0.vorname``):

- ``name``: the instance path, plus ``.day``/``.month``/``.year`` for date parts and
  ``.<n>.code``/``.<n>.reasons`` for the picks of a ranked choice;
- ``id``: ``f-`` + the path with ``-`` for ``.`` (``f-geschwister-0-vorname``), the first control of
  the field; further controls, the hint and the error add ``--<suffix>`` (``f-x--o1``, ``f-x--hint``);
- the question's wrapper is ``q-<dashed path>``; repeat entry templates use ``__<depth>__`` as index.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from kitaforms.check.choices import options_of
from kitaforms.model.form import Element, Step
from kitaforms.render import _values
from kitaforms.render._text import Md, Txt, pick, pick_md
from kitaforms.render._theme import gettext
from kitaforms.render._wishes import WishSearch, search_view
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.submission import lookup

# empty entries a repeat offers on a fresh page without JavaScript; its add button (a post that the
# server answers with the page again, see kitaforms.render._post.repeat_edit) gives one more at a time
NOJS_REPEAT_SLOTS = 1
# selects a wish list (ranked choice) offers without JavaScript before its "add" button is needed
NOJS_WISH_SLOTS = 3
OPTIONAL_IN_LABEL = re.compile(r"\s*\((optional|freiwillig)\)\s*$", re.IGNORECASE)
INPUT_TYPES = {
    "text": "text", "email": "email", "tel": "tel", "postal_code": "text", "iban": "text",
    "integer": "text", "decimal": "text", "money": "text",
}
INPUT_MODES = {"postal_code": "numeric", "integer": "numeric", "decimal": "decimal", "money": "decimal"}
WIDTHS = {"postal_code": "5", "integer": "5", "decimal": "10", "money": "10", "iban": "30", "tel": "20"}
FILE_TYPE_NAMES = {
    "application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG", "image/heic": "HEIC", "image/tiff": "TIFF",
}


def dashed(path: str) -> str:
    return path.replace(".", "-")


@dataclass
class Choice:
    code: str
    label: Txt | None
    hint: Txt | None
    id: str
    checked: bool = False


@dataclass
class Part:
    """One input of a date (day, month or year)."""

    key: str
    label: str
    id: str
    name: str
    value: str
    width: str
    autocomplete: str | None


@dataclass
class Slot:
    """One pick of a ranked choice in the page without JavaScript (a select plus reasons)."""

    index: int
    label: str
    id: str
    name: str
    value: str
    reasons: list[Choice]
    reasons_name: str
    reasons_legend: str


@dataclass
class Entry:
    index: str  # "0", "1", … or "__0__" in the template
    path: str
    number: str
    nodes: list[Node]
    spare: bool = False
    removable: bool = False  # without JavaScript: an entry with answers, above the repeat's minimum

    @property
    def id(self) -> str:
        return "q-" + dashed(self.path)


class Extra(dict[str, Any]):
    """What else a template needs of an element (``node.extra.unit``); a fact not set is None.

    Read as attributes: Jinja tries an attribute first, and a plain dict would raise (and catch) an
    AttributeError on every read, about 600 per page of an assistant, before looking up the key."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)


@dataclass
class Node:
    kind: str
    element: Any
    name: str
    path: str
    label: Txt | None = None
    hint: Txt | None = None
    help: Md | None = None
    body: Md | None = None
    optional: bool = False
    toggles_optional: bool = False
    native_required: bool = False
    value: Any = None
    error: str | None = None
    warning: str | None = None
    choices: list[Choice] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    template: Entry | None = None
    extra: Extra = field(default_factory=Extra)

    @property
    def id(self) -> str:
        return "f-" + dashed(self.path)

    @property
    def qid(self) -> str:
        return "q-" + dashed(self.path)

    @property
    def hint_id(self) -> str:
        return self.id + "--hint"

    @property
    def error_id(self) -> str:
        return self.id + "--error"

    @property
    def warning_id(self) -> str:
        return self.id + "--warning"

    @property
    def describedby(self) -> str:
        ids = [self.hint_id] if self.hint or self.extra.get("auto_hint") else []
        if self.extra.get("unit"):
            ids.append(self.id + "--unit")
        if self.error:
            ids.append(self.error_id)
        if self.warning:
            ids.append(self.warning_id)
        return " ".join(ids)


@dataclass
class StepView:
    id: str
    title: Txt | None
    intro: Md | None
    conditional: bool
    nodes: list[Node]


@dataclass
class ViewContext:
    resolved: ResolvedForm
    lang: str
    data: Mapping[str, Any] | None = None
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)
    searched: WishSearch | None = None  # the wish lists' search fields as posted (page without JavaScript)
    today: date | None = None  # the day the answers are checked on (the child's age for the search)

    def value(self, path: str, element: Element) -> Any:
        if self.data is None:
            return getattr(element, "default", None)
        return lookup(self.data, path)

    def t(self, message: str, **values: object) -> str:
        return gettext(self.lang, message, **values)


def build_steps(ctx: ViewContext) -> list[StepView]:
    return [_step(ctx, step) for step in ctx.resolved.form.steps]


def _step(ctx: ViewContext, step: Step) -> StepView:
    conditional = step.visible_if is not None
    nodes = [_node(ctx, el, el.id, el.id, 0, conditional) for el in step.elements]
    return StepView(step.id, marked(pick(step.title, ctx.lang), ctx.lang), pick_md(step.intro, ctx.lang), conditional, nodes)


def unmarked(text: Txt | None) -> Txt | None:
    """A label without the "(freiwillig)" or "(optional)" an editor wrote at its end: the theme marks every
    optional question the same way, "(optional)" (``fields.html``), and answers need no mark."""
    if text is None or not OPTIONAL_IN_LABEL.search(text.text):
        return text
    return replace(text, text=OPTIONAL_IN_LABEL.sub("", text.text))


def marked(text: Txt | None, lang: str) -> Txt | None:
    """A title ending in "(freiwillig)" or "(optional)" with the theme's one mark, "(optional)"."""
    if text is None or not OPTIONAL_IN_LABEL.search(text.text):
        return text
    return replace(text, text=OPTIONAL_IN_LABEL.sub("", text.text) + " " + gettext(text.lang or lang, "(optional)"))


def _node(ctx: ViewContext, element: Any, name: str, path: str, depth: int, conditional: bool) -> Node:
    lang = ctx.lang
    conditional = conditional or element.visible_if is not None
    node = Node(element.type, element, name, path, pick(element.label, lang), pick(element.hint, lang),
                pick_md(element.help, lang), pick_md(getattr(element, "body", None), lang))
    node.error = ctx.errors.get(path)
    node.warning = ctx.warnings.get(path)
    required = bool(getattr(element, "required", False))
    required_if = getattr(element, "required_if", None)
    node.toggles_optional = required_if is not None
    node.optional = not required and required_if is None and element.type not in ("info", "computed", "group", "repeat")
    node.label = unmarked(node.label)  # "(freiwillig)" written into the label: the theme's one mark instead
    node.native_required = required and required_if is None and not conditional and depth == 0
    node.value = ctx.value(path, element) if "__" not in path else getattr(element, "default", None)
    _BUILDERS.get(element.type, _plain)(ctx, node, depth, conditional)
    return node


def autocomplete(element: Any) -> str | None:
    """The editor's token; ``street-address`` is multi-line in HTML, so a one-line input gets
    ``address-line1`` (same purpose, valid on ``<input>``)."""
    token = getattr(element, "autocomplete", None)
    if token and element.type != "textarea" and token.split()[-1] == "street-address":
        return " ".join([*token.split()[:-1], "address-line1"])
    return token


def _plain(ctx: ViewContext, node: Node, depth: int, conditional: bool) -> None:
    element = node.element
    kind = node.kind
    node.extra["autocomplete"] = autocomplete(element)
    if kind in INPUT_TYPES:
        node.extra.update(input_type=INPUT_TYPES[kind], inputmode=INPUT_MODES.get(kind), width=WIDTHS.get(kind))
    if kind in ("integer", "decimal", "money"):
        places = {"integer": 0, "money": 2}.get(kind, getattr(element, "decimals", 2))
        node.extra["shown"] = _values.shown_number(node.value, ctx.lang, places if kind != "integer" else None)
        node.extra["places"] = places
        node.extra["unit"] = _unit(ctx, element)
    if kind in ("text", "textarea"):
        node.extra["maxlength"] = element.max_length


def _unit(ctx: ViewContext, element: Any) -> str | None:
    if element.type == "money":
        per = {"month": ctx.t("Euro pro Monat"), "year": ctx.t("Euro pro Jahr")}
        return per.get(element.period, ctx.t("Euro"))
    unit = pick(element.unit, ctx.lang)
    return unit.text if unit else None


def _date(ctx: ViewContext, node: Node, depth: int, conditional: bool) -> None:
    day, month, year = _values.date_parts(node.value)
    bday = node.element.autocomplete == "bday"
    specs = [("day", ctx.t("Tag"), day, "2"), ("month", ctx.t("Monat"), month, "2"), ("year", ctx.t("Jahr"), year, "4")]
    node.parts = [_part(node, spec, "bday-" + spec[0] if bday else None, first=i == 0) for i, spec in enumerate(specs)]


def _month(ctx: ViewContext, node: Node, depth: int, conditional: bool) -> None:
    month, year = _values.month_parts(node.value)
    specs = [("month", ctx.t("Monat"), month, "2"), ("year", ctx.t("Jahr"), year, "4")]
    node.parts = [_part(node, spec, None, first=i == 0) for i, spec in enumerate(specs)]


def _part(node: Node, spec: tuple[str, str, str, str], autocomplete: str | None, first: bool) -> Part:
    key, label, value, width = spec
    part_id = node.id if first else f"{node.id}--{key}"
    return Part(key, label, part_id, f"{node.path}.{key}", value, width, autocomplete)


def _options(ctx: ViewContext, node: Node, depth: int, conditional: bool) -> None:
    options = options_of(ctx.resolved, node.element) or []
    chosen = node.value if isinstance(node.value, list) else [node.value]
    node.choices = [
        Choice(o.code, pick(o.label, ctx.lang), pick(o.hint, ctx.lang), _option_id(node, i), o.code in chosen)
        for i, o in enumerate(options)
    ]


def _boolean(ctx: ViewContext, node: Node, depth: int, conditional: bool) -> None:
    node.choices = [
        Choice("true", Txt(ctx.t("Ja")), None, node.id, node.value is True),
        Choice("false", Txt(ctx.t("Nein")), None, node.id + "--o1", node.value is False),
    ]


def _option_id(node: Node, index: int) -> str:
    return node.id if index == 0 else f"{node.id}--o{index}"


def _file(ctx: ViewContext, node: Node, depth: int, conditional: bool) -> None:
    element = node.element
    kinds = list(dict.fromkeys(FILE_TYPE_NAMES.get(m, m.split("/")[-1].upper()) for m in element.accept))
    size = _values.shown_number(element.max_size_mb, ctx.lang)
    node.extra["auto_hint"] = ctx.t("Erlaubt: %(types)s, höchstens %(size)s MB", types=", ".join(kinds), size=size)
    node.extra["accept"] = ",".join(element.accept)
    files = node.value if isinstance(node.value, list) else [node.value] if isinstance(node.value, dict) else []
    node.extra["previous"] = ", ".join(str(f.get("name", "")) for f in files if isinstance(f, dict))


def _ranked(ctx: ViewContext, node: Node, depth: int, conditional: bool) -> None:
    element = node.element
    picks = [p for p in node.value if isinstance(p, dict)] if isinstance(node.value, list) else []
    reasons = ctx.resolved.form.code_lists.get(element.reasons or "", []) if element.reasons else []
    if element.catalogue == "einrichtungen":
        chosen = [str(p.get("code")) for p in picks if p.get("code")]
        search = search_view(ctx.resolved, element, node.path, ctx.lang, ctx.data, ctx.searched, chosen, ctx.today)
        node.extra["search"] = search
        options = search.options
    else:
        options = pick_options(ctx, element)
    node.choices = [Choice(code, Txt(label), None, "", False) for code, label in options]
    most = int(element.max_picks)
    wanted = max(NOJS_WISH_SLOTS, int(element.min_picks or 0), len(picks) + (1 if ctx.data is not None else 0))
    count = min(most, wanted)
    node.slots = [_slot(ctx, node, i, picks[i] if i < len(picks) else {}, reasons) for i in range(count)]
    node.extra["can_add"] = count < most  # without JavaScript: more selects by posting (see _post.repeat_edit)


def pick_options(ctx: ViewContext, element: Any) -> list[tuple[str, str]]:
    """(code, label) of everything a ranked choice offers: facilities by name, or a code list."""
    if element.catalogue == "einrichtungen":
        facilities = ctx.resolved.facilities.facilities if ctx.resolved.facilities else []
        ordered = sorted(facilities, key=lambda f: (f.name.casefold(), f.id))
        return [(f.id, f"{f.name} – {f.address.street}, {f.address.postal_code} {f.address.city}") for f in ordered]
    return [(o.code, pick(o.label, ctx.lang).text) for o in options_of(ctx.resolved, element) or []]  # type: ignore[union-attr]


def _slot(ctx: ViewContext, node: Node, index: int, given: dict[str, Any], reasons: list[Any]) -> Slot:
    ranked = bool(node.element.ranking)
    label = ctx.t("%(num)s. Wunsch", num=index + 1) if ranked else ctx.t("Wunsch %(num)s", num=index + 1)
    slot_id = node.id if index == 0 else f"{node.id}--s{index}"
    chosen = given.get("reasons") or []
    options = [
        Choice(r.code, pick(r.label, ctx.lang), None, f"{node.id}--s{index}r{j}", r.code in chosen)
        for j, r in enumerate(reasons)
    ]
    legend = ctx.t("Gründe für den %(num)s. Wunsch", num=index + 1)
    return Slot(index, label, slot_id, f"{node.path}.{index}.code", str(given.get("code") or ""), options,
                f"{node.path}.{index}.reasons", legend)


def _container(ctx: ViewContext, node: Node, depth: int, conditional: bool) -> None:
    node.children = [
        _node(ctx, child, f"{node.name}.{child.id}", f"{node.path}.{child.id}", depth, conditional)
        for child in node.element.elements
    ]


def _repeat(ctx: ViewContext, node: Node, depth: int, conditional: bool) -> None:
    element = node.element
    given = node.value if isinstance(node.value, list) else []
    wanted = NOJS_REPEAT_SLOTS if ctx.data is None else len(given) + 1
    count = max(int(element.min_items), len(given), min(int(element.max_items), wanted))
    node.entries = [_entry(ctx, node, str(i), depth, conditional) for i in range(count)]
    for entry in node.entries[max(int(element.min_items), len(given)):]:
        entry.spare = True  # an empty slot for the page without JavaScript; the runtime removes it
    for entry in node.entries[:len(given)]:
        entry.removable = len(given) > int(element.min_items)
    node.extra["can_add"] = count < int(element.max_items)
    node.template = _entry(ctx, node, f"__{depth}__", depth, conditional)
    node.extra["item_label"] = pick(element.item_label, ctx.lang) or node.label
    node.extra["add_label"] = pick(element.add_label, ctx.lang) or Txt(ctx.t("Weiteren Eintrag hinzufügen"))


def _entry(ctx: ViewContext, node: Node, index: str, depth: int, conditional: bool) -> Entry:
    path = f"{node.path}.{index}"
    number = str(int(index) + 1) if index.isdigit() else "0"
    nodes = [
        _node(ctx, child, f"{node.name}.{child.id}", f"{path}.{child.id}", depth + 1, conditional)
        for child in node.element.elements
    ]
    return Entry(index, path, number, nodes)


_BUILDERS = {
    "date": _date, "month": _month, "choice": _options, "multichoice": _options, "boolean": _boolean,
    "file": _file, "ranked_choice": _ranked, "group": _container, "repeat": _repeat,
}
