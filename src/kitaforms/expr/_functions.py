"""The function table: one entry per function the editors can call.

Adding a function is one entry here (and its twin in ``renderers/default/static/js/expr.js``).
``params`` name and type each argument (names appear in hints and the reference docs); ``result``
may use the type variables ``T``/``ORDERED`` bound by the arguments. ``impl`` receives arguments
already converted to the parameter's type (``date``, ``Decimal``). A ``strict`` function returns
null as soon as one argument is null, without calling ``impl``; ``uses_today`` passes the
evaluation date first; ``fold`` evaluates literal arguments at compile time and raises
:class:`LiteralError` for a literal that can never work.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kitaforms.expr._ast import Call, Literal, LiteralValue
from kitaforms.expr._types import ANY, BOOLEAN, DATE, NUMBER, ORDERED, STRING, T, Type, list_of
from kitaforms.expr._values import (
    CONTEXT,
    Value,
    as_date,
    as_number,
    as_text,
    full_years,
    is_filled,
    months_between,
    parse_iso_date,
    present,
    uniform,
)


@dataclass(frozen=True, slots=True)
class Function:
    params: tuple[tuple[str, Type], ...]
    result: Type
    impl: Callable[..., Value]
    doc: str
    strict: bool = True
    uses_today: bool = False
    fold: Callable[..., LiteralValue] | None = None

    @property
    def signature(self) -> str:
        return ", ".join(name for name, _ in self.params)


def _sum(values: Value) -> Decimal | None:
    numbers = [n for n in map(as_number, present(values)) if n is not None]
    try:
        return functools.reduce(CONTEXT.add, numbers, Decimal(0))
    except ArithmeticError:
        return None


def _extreme(pick: Callable[[list[Any]], Value]) -> Callable[[Value], Value]:
    def extreme(values: Value) -> Value:
        items = uniform(present(values), (as_number, as_date, as_text))
        return pick(items) if items else None

    return extreme


def _count(values: Value) -> Decimal:
    return Decimal(len(present(values)))


def _length(text: str | None) -> Decimal:
    return Decimal(len(text or ""))


def _round(number: Decimal, places: Decimal) -> Decimal | None:
    if places != places.to_integral_value() or not 0 <= places <= 10:
        return None
    try:
        return number.quantize(Decimal(1).scaleb(-int(places)), ROUND_HALF_UP, CONTEXT)
    except ArithmeticError:  # more digits than the context holds
        return None


def _if(condition: Value, then: Value, otherwise: Value) -> Value:
    return then if condition is True else otherwise


def _years(birth: date, day: date) -> Decimal:
    return Decimal(full_years(birth, day))


FUNCTIONS: dict[str, Function] = {
    "heute": Function((), DATE, lambda today: today, "the date of evaluation", uses_today=True),
    "datum": Function((("text", STRING),), DATE, as_date, 'the date written as "YYYY-MM-DD"', fold=parse_iso_date),
    "alter_am": Function((("geburtsdatum", DATE), ("stichtag", DATE)), NUMBER, _years, "age in full years on a date"),
    "alter": Function(
        (("geburtsdatum", DATE),),
        NUMBER,
        lambda today, birth: _years(birth, today),
        "age in full years today",
        uses_today=True,
    ),
    "monate_zwischen": Function(
        (("von", DATE), ("bis", DATE)),
        NUMBER,
        lambda a, b: Decimal(months_between(a, b)),
        "whole months from one date to another",
    ),
    "jahr": Function((("datum", DATE),), NUMBER, lambda d: Decimal(d.year), "the year of a date"),
    "monat": Function((("datum", DATE),), NUMBER, lambda d: Decimal(d.month), "the month (1–12)"),
    "tag": Function((("datum", DATE),), NUMBER, lambda d: Decimal(d.day), "the day of the month"),
    "anzahl": Function((("liste", list_of(ANY)),), NUMBER, _count, "number of (filled) items", strict=False),
    "summe": Function((("liste", list_of(NUMBER)),), NUMBER, _sum, "sum of the numbers", strict=False),
    "minimum": Function((("liste", list_of(ORDERED)),), ORDERED, _extreme(min), "smallest item", strict=False),
    "maximum": Function((("liste", list_of(ORDERED)),), ORDERED, _extreme(max), "largest item", strict=False),
    "ausgefuellt": Function(
        (("wert", ANY),), BOOLEAN, is_filled, "true unless null, empty text or empty list", strict=False
    ),
    "laenge": Function((("text", STRING),), NUMBER, _length, "number of characters", strict=False),
    "wenn": Function(
        (("bedingung", BOOLEAN), ("dann", T), ("sonst", T)),
        T,
        _if,
        "the second argument if the condition is true, else the third",
        strict=False,
    ),
    "runden": Function(
        (("zahl", NUMBER), ("stellen", NUMBER)),
        NUMBER,
        _round,
        "rounded half up to 0–10 decimal places",
    ),
}


def fold(call: Call) -> Literal | None:
    """A foldable call with only literal arguments, evaluated now; None when it cannot be folded.

    Raises :class:`LiteralError` when the literal can never work (``datum("31.02.2025")``).
    """
    function = FUNCTIONS.get(call.name)
    if function is None or function.fold is None or len(call.args) != len(function.params):
        return None
    if not all(isinstance(arg, Literal) for arg in call.args):
        return None
    values = [arg.value for arg in call.args]  # type: ignore[union-attr]
    return Literal(function.fold(*values), call.offset, call.length)
