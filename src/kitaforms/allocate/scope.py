"""What a priority rule can read: the registration's answers, the wish it is evaluated for, the facility.

The form's fields come from its own scope (:class:`kitaforms.check.expressions.FormScope`), so a rule
is type-checked exactly like a condition of the form; the allocation adds ``wunsch.*`` and
``einrichtung.*``. At run time :class:`RuleEnv` reads the same names from one registration
(:class:`kitaforms.runtime.submission.FormRuntime`: hidden fields are null, as in the form).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from kitaforms.expr import NUMBER, STRING, Expr, Symbol, Type, list_of, references
from kitaforms.model.kommune import Facility
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.submission import FormRuntime

WISHES = "wuensche"
PREFIXES = ("wunsch", "einrichtung")


def allocation_symbols(form: ResolvedForm) -> dict[str, Symbol]:
    """The names the allocation adds, with their types and (where known) their codes."""
    wishes = form.placed.get(WISHES)
    reasons = getattr(wishes.element, "reasons", None) if wishes else None
    reason_codes = frozenset(o.code for o in form.form.code_lists.get(reasons, [])) if reasons else None
    facilities = frozenset(f.id for f in form.facilities.facilities) if form.facilities else None
    text: Type = STRING
    return {
        "wunsch.rang": Symbol(NUMBER),
        "wunsch.gruende": Symbol(list_of(STRING), reason_codes),
        "einrichtung.id": Symbol(text, facilities),
        "einrichtung.traeger": Symbol(text),
        "einrichtung.plz": Symbol(text),
        "einrichtung.ort": Symbol(text),
    }


class RuleScope:
    """The form's names plus the allocation's (``wunsch.*`` and ``einrichtung.*`` win)."""

    def __init__(self, form: ResolvedForm, with_wish: bool = True) -> None:
        self.form_scope = form.symbols.scope(None)
        self.extra = allocation_symbols(form) if with_wish else {}

    def lookup(self, parts: tuple[str, ...]) -> Symbol | None:
        found = self.extra.get(".".join(parts))
        return found if found is not None else self.form_scope.lookup(parts)

    def names(self) -> Iterable[str]:
        yield from self.extra
        yield from self.form_scope.names()


def per_wish(tree: Expr) -> bool:
    """Whether the rule reads the wish or the facility (then it is evaluated once per wish)."""
    return any(parts[0] in PREFIXES for parts, _ in references(tree))


def wish_values(facility: Facility, rank: int, reasons: list[str]) -> dict[str, Any]:
    return {
        "wunsch.rang": Decimal(rank),
        "wunsch.gruende": list(reasons),
        "einrichtung.id": facility.id,
        "einrichtung.traeger": facility.traeger,
        "einrichtung.plz": facility.address.postal_code,
        "einrichtung.ort": facility.address.city,
    }


class RuleEnv:
    """One registration as a rule sees it, optionally for one wish."""

    __slots__ = ("runtime", "today", "wish")

    def __init__(self, runtime: FormRuntime, today: date, wish: Mapping[str, Any] | None = None) -> None:
        self.runtime = runtime
        self.today = today
        self.wish = wish or {}

    def lookup(self, parts: tuple[str, ...]) -> Any:
        if parts[0] in PREFIXES:
            return self.wish.get(".".join(parts))
        if parts[0] == "einstellungen" and len(parts) == 2:
            return self.runtime.resolved.form.settings.get(parts[1])
        name = self.runtime.symbols.resolve(parts, None)
        return None if name is None else self.runtime.value(name, ())
