"""The evaluator: an AST and the form's data → a value, with the language's null semantics.

- arithmetic with null gives null (so does division by zero);
- any comparison with a null operand is false, except ``x == null`` / ``x != null`` written with
  the null literal, which test whether ``x`` is missing;
- ``and``/``or``/``not`` treat null (and anything that is not ``true``) as false;
- aggregate functions skip nulls; ``anzahl(null)`` is 0.
``renderers/default/static/js/expr.js`` implements the same rules; ``tests/expr/vectors.json``
keeps the two in agreement.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from kitaforms.expr._ast import Binary, Call, Expr, Literal, Ref, Unary
from kitaforms.expr._functions import FUNCTIONS, Function
from kitaforms.expr._types import DATE, NUMBER, STRING, Type
from kitaforms.expr._values import (
    CONTEXT,
    Value,
    as_date,
    as_number,
    as_text,
    plain,
    truthy,
)


class Env(Protocol):
    today: date

    def lookup(self, parts: tuple[str, ...]) -> Value: ...


@dataclass(frozen=True)
class DictEnv:
    """Nested plain data (as parsed from JSON) plus the evaluation date.

    A path through a list (a repeat) yields the list of values of every entry, flattened.
    """

    data: Mapping[str, Any]
    today: date = field(default_factory=date.today)

    def lookup(self, parts: tuple[str, ...]) -> Value:
        return plain(_walk(self.data, parts))


def _walk(value: object, parts: tuple[str, ...]) -> object:
    for index, part in enumerate(parts):
        if isinstance(value, list):
            return _flatten(_walk(item, parts[index:]) for item in value)
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _flatten(values: Any) -> list[object]:
    flat: list[object] = []
    for value in values:
        flat.extend(value if isinstance(value, list) else [value])
    return flat


def evaluate(expr: Expr, env: Env) -> Value:
    if isinstance(expr, Binary):
        return _binary(expr, env)
    if isinstance(expr, Ref):
        return env.lookup(expr.parts)
    if isinstance(expr, Call):
        return _call(expr, env)
    if isinstance(expr, Unary):
        return _unary(expr, env)
    return expr.value


def _unary(expr: Unary, env: Env) -> Value:
    value = evaluate(expr.operand, env)
    if expr.op == "not":
        return not truthy(value)
    number = as_number(value)
    return None if number is None else CONTEXT.minus(number)


def _binary(expr: Binary, env: Env) -> Value:
    if expr.op == "and":
        return truthy(evaluate(expr.left, env)) and truthy(evaluate(expr.right, env))
    if expr.op == "or":
        return truthy(evaluate(expr.left, env)) or truthy(evaluate(expr.right, env))
    left, right = evaluate(expr.left, env), evaluate(expr.right, env)
    if expr.op in ("==", "!=") and _null_literal(expr):
        return (left is None and right is None) == (expr.op == "==")
    if left is None or right is None:
        return None if expr.op in _ARITHMETIC else False
    return _OPERATORS[expr.op](left, right)


def _null_literal(expr: Binary) -> bool:
    return any(isinstance(side, Literal) and side.value is None for side in (expr.left, expr.right))


# --- comparisons ---------------------------------------------------------------------------


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (Decimal, int, float)):
        return "number"
    if isinstance(value, date):
        return "date"
    return "string" if isinstance(value, str) else type(value).__name__


def _pair(left: object, right: object) -> tuple[str, object, object] | None:
    """Both values in one comparable form, or None when their kinds differ."""
    kinds = {_kind(left), _kind(right)}
    if kinds == {"date", "string"}:  # as ISO text, like the browser; same order for valid dates
        return "string", as_text(left), as_text(right)
    if kinds == {"date"}:
        return "date", as_date(left), as_date(right)
    if kinds == {"number"}:
        number_left, number_right = as_number(left), as_number(right)
        return None if number_left is None or number_right is None else ("number", number_left, number_right)
    return (kinds.pop(), left, right) if len(kinds) == 1 else None


def _equal(left: object, right: object) -> bool:
    if type(left) is str and type(right) is str:  # the common case (codes), as _pair would decide it
        return left == right
    pair = _pair(left, right)
    return pair is not None and pair[1] == pair[2]


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[object, object], bool]:
    def ordered(left: object, right: object) -> bool:
        if type(left) is str and type(right) is str:  # as _pair would decide it
            return compare(left, right)
        pair = _pair(left, right)
        return pair is not None and pair[0] in ("number", "date", "string") and compare(pair[1], pair[2])

    return ordered


def _contains(item: object, container: object) -> bool:
    if isinstance(container, list):
        if type(item) is str:  # a code in a list of codes, without a call per member (as _equal decides it)
            for member in container:
                if (member == item) if type(member) is str else (member is not None and _equal(item, member)):
                    return True
            return False
        return any(_equal(item, member) for member in container if member is not None)
    text, within = as_text(item), as_text(container)
    return text is not None and within is not None and text in within


def _arithmetic(compute: Callable[[Decimal, Decimal], Decimal]) -> Callable[[object, object], Value]:
    def arithmetic(left: object, right: object) -> Value:
        a, b = as_number(left), as_number(right)
        if a is None or b is None:
            return None
        try:
            return compute(a, b)
        except ArithmeticError:  # division by zero, overflow
            return None

    return arithmetic


_ARITHMETIC = {
    "+": _arithmetic(CONTEXT.add),
    "-": _arithmetic(CONTEXT.subtract),
    "*": _arithmetic(CONTEXT.multiply),
    "/": _arithmetic(CONTEXT.divide),
}
_OPERATORS: dict[str, Callable[[object, object], Value]] = {
    "==": _equal,
    "!=": lambda a, b: not _equal(a, b),
    "<": _ordered(operator.lt),
    "<=": _ordered(operator.le),
    ">": _ordered(operator.gt),
    ">=": _ordered(operator.ge),
    "in": _contains,
    "not in": lambda a, b: not _contains(a, b),
    **_ARITHMETIC,
}


# --- calls ---------------------------------------------------------------------------------

_COERCIONS: dict[Type, Callable[[object], Value]] = {NUMBER: as_number, DATE: as_date, STRING: as_text}


def _call(expr: Call, env: Env) -> Value:
    function = FUNCTIONS.get(expr.name)
    if function is None or len(expr.args) != len(function.params):
        return None  # the checker reports these; an unchecked AST just yields null
    args = [_coerce(function, index, evaluate(arg, env)) for index, arg in enumerate(expr.args)]
    if function.strict and None in args:
        return None
    return function.impl(env.today, *args) if function.uses_today else function.impl(*args)


def _coerce(function: Function, index: int, value: Value) -> Value:
    coerce = _COERCIONS.get(function.params[index][1])
    return value if coerce is None else coerce(value)
