"""Parse and type-check every expression of a form against the form's own fields.

Errors point at the offending token inside the YAML scalar. References inside a repeat resolve
first within the current entry (``geburtsdatum`` inside ``geschwister``), then outwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from kitaforms import expr
from kitaforms.check.choices import options_of
from kitaforms.diagnostics import Diagnostic
from kitaforms.expr import BOOLEAN, DATE, NUMBER, STRING, UNKNOWN, Symbol, Type, list_of
from kitaforms.load.yaml_source import DataPath
from kitaforms.model.form import (
    ComputedField,
    Element,
    GroupElement,
    InfoBlock,
    MultiChoiceField,
    RankedChoiceField,
    RepeatElement,
)
from kitaforms.model.walk import Placed, walk
from kitaforms.resolve import ResolvedForm

OWN_VALUE = "wert"
SETTINGS_PREFIX = "einstellungen"

_SCALAR_TYPES: dict[str, Type] = {
    "integer": NUMBER, "decimal": NUMBER, "money": NUMBER, "date": DATE, "month": DATE,
    "boolean": BOOLEAN, "declaration": BOOLEAN, "choice": STRING, "text": STRING, "textarea": STRING,
    "email": STRING, "tel": STRING, "postal_code": STRING, "iban": STRING, "file": STRING,
}
_COMPUTED_TYPES = {"number": NUMBER, "money": NUMBER, "text": STRING, "date": DATE, "boolean": BOOLEAN}


def value_type(element: Element) -> Type | None:
    """The expression type of an element's value (None when it has none, like info blocks)."""
    if isinstance(element, (InfoBlock, GroupElement)):
        return None
    if isinstance(element, ComputedField):
        return _COMPUTED_TYPES[element.value_type]
    if isinstance(element, (MultiChoiceField, RankedChoiceField)):
        return list_of(STRING)
    if isinstance(element, RepeatElement):
        return list_of(UNKNOWN)
    return _SCALAR_TYPES[element.type]


@dataclass(frozen=True)
class Entry:
    placed: Placed
    symbol: Symbol


class FormSymbols:
    """Every referenceable value of a resolved form, by dotted name."""

    def __init__(self, resolved: ResolvedForm) -> None:
        self.entries: dict[str, Entry] = {}
        for placed in walk(resolved.form):
            kind = value_type(placed.element)
            if kind is not None:
                codes = _codes(resolved, placed.element)
                self.entries[placed.name] = Entry(placed, Symbol(kind, codes))
        self.settings = {f"{SETTINGS_PREFIX}.{k}": _setting_type(v) for k, v in resolved.form.settings.items()}
        self._resolved: dict[tuple[tuple[str, ...], str], str | None] = {}  # entries are fixed: resolve once

    def scope(self, context: Placed | None, own: Type | None = None) -> FormScope:
        return FormScope(self, context, own)

    def resolve(self, parts: tuple[str, ...], context: Placed | None) -> str | None:
        """The full dotted name a reference means in ``context`` (innermost scope first)."""
        return self.resolve_in(parts, context.scope if context else "")

    def resolve_in(self, parts: tuple[str, ...], prefix: str) -> str | None:
        """:meth:`resolve` from the scope ``prefix`` (a group's or repeat's dotted name, or "")."""
        key = (parts, prefix)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(parts, prefix)
        return self._resolved[key]

    def _resolve(self, parts: tuple[str, ...], prefix: str) -> str | None:
        while True:
            candidate = ".".join(filter(None, (prefix, *parts)))
            if candidate in self.entries:
                return candidate
            if not prefix:
                return None
            prefix = prefix.rpartition(".")[0]


class FormScope:
    def __init__(self, symbols: FormSymbols, context: Placed | None, own: Type | None) -> None:
        self.symbols = symbols
        self.context = context
        self.own = own

    def lookup(self, parts: tuple[str, ...]) -> Symbol | None:
        if parts == (OWN_VALUE,) and self.own is not None:
            return Symbol(self.own)
        dotted = ".".join(parts)
        if dotted in self.symbols.settings:
            return Symbol(self.symbols.settings[dotted])
        name = self.symbols.resolve(parts, self.context)
        if name is None:
            return None
        entry = self.symbols.entries[name]
        return Symbol(self._lifted(entry), entry.symbol.codes)

    def _lifted(self, entry: Entry) -> Type:
        """A field inside a repeat the context is not in is a list of values."""
        mine = set(self.context.repeats) if self.context else set()
        kind = entry.symbol.type
        for repeat in entry.placed.repeats:
            if repeat not in mine:
                kind = list_of(kind)
        return kind

    def names(self) -> Iterable[str]:
        yield from self.symbols.entries
        yield from self.symbols.settings
        if self.own is not None:
            yield OWN_VALUE
        if self.context:
            for name in self.symbols.entries:
                if name.startswith(self.context.scope + ".") and self.context.scope:
                    yield name[len(self.context.scope) + 1 :]


def _codes(resolved: ResolvedForm, element: Element) -> frozenset[str] | None:
    if element.type not in ("choice", "multichoice", "ranked_choice"):
        return None
    options = options_of(resolved, element)  # type: ignore[arg-type]
    return frozenset(option.code for option in options) if options else None


def _setting_type(value: object) -> Type:
    if isinstance(value, bool):
        return BOOLEAN
    return NUMBER if isinstance(value, (int, Decimal)) else STRING


@dataclass(frozen=True)
class Site:
    """One expression in the form: where it is written and what it must produce."""

    path: DataPath
    text: str
    context: Placed | None
    expected: Type | None
    own: Type | None = None
    role: str = "condition"


def expression_sites(resolved: ResolvedForm) -> Iterator[Site]:
    for index, step in enumerate(resolved.form.steps):
        if step.visible_if:
            yield Site(("steps", index, "visible_if"), step.visible_if, None, BOOLEAN, role="visibility")
    for placed in walk(resolved.form):
        yield from _element_sites(placed)


def _element_sites(placed: Placed) -> Iterator[Site]:
    element, path = placed.element, placed.path
    own = value_type(element)
    for key, role in (("visible_if", "visibility"), ("required_if", "requirement")):
        text = getattr(element, key, None)
        if text:
            yield Site((*path, key), text, placed, BOOLEAN, role=role)
    for index, validation in enumerate(getattr(element, "validations", [])):
        yield Site((*path, "validations", index, "rule"), validation.rule, placed, BOOLEAN, own, "validation")
    if isinstance(element, ComputedField):
        yield Site((*path, "expression"), element.expression, placed, own, role="computation")
    if isinstance(element, RankedChoiceField):
        for key, wanted in (("filter_care_type", STRING), ("filter_birth_date", DATE), ("filter_start", DATE)):
            text = getattr(element, key)
            if text:
                yield Site((*path, key), text, placed, wanted, role="filter")
        for index, text in enumerate(element.filter_hours or []):  # a number or a code that is one: any type
            yield Site((*path, "filter_hours", index), text, placed, None, role="filter")


def check_expressions(resolved: ResolvedForm, symbols: FormSymbols | None = None) -> Iterator[Diagnostic]:
    symbols = symbols or FormSymbols(resolved)
    for site in expression_sites(resolved):
        yield from check_site(resolved, symbols, site)


def check_site(resolved: ResolvedForm, symbols: FormSymbols, site: Site) -> Iterator[Diagnostic]:
    source = resolved.source
    try:
        tree = expr.parse(site.text)
    except expr.ExprSyntaxError as exc:
        yield Diagnostic.make(
            "EXPR_001", f"syntax error in the expression: {exc.message}",
            source.locate_in_scalar(site.path, exc.offset, exc.length), exc.hint,
        )
        return
    _, issues = expr.typecheck(tree, symbols.scope(site.context, site.own), site.expected)
    for issue in issues:
        yield Diagnostic.make(
            issue.code, issue.message, source.locate_in_scalar(site.path, issue.offset, issue.length), issue.hint
        )
