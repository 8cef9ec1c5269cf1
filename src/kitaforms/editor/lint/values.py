"""Abstract evaluation: an expression under a partial assignment → the set of values it may take.

A value is a tagged pair (so that ``True`` and ``Decimal(1)`` stay apart in a set). Besides the
concrete values of the language there are two unknowns: :data:`FILLED`, the value of a field that
is answered (not null, not empty) but whose answer the analysis does not track (a text, a number, a
date), and :data:`ANY`, any other value that is not null. Operators on concrete values run through
the real evaluator (:func:`kitaforms.expr.evaluate`), so the semantics cannot drift; operators on
an unknown give every outcome they could have. The result is therefore always a superset of the
values the expression can really take.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from kitaforms import expr
from kitaforms.expr import Binary, Call, Literal, Ref, Unary

Value = tuple[str, Any]
Values = frozenset[Value]

NULL: Value = ("null", None)
TRUE: Value = ("bool", True)
FALSE: Value = ("bool", False)
FILLED: Value = ("filled", None)
ANY: Value = ("any", None)
UNKNOWN = frozenset({ANY, NULL})
BOTH = frozenset({TRUE, FALSE})
_OPAQUE = (FILLED, ANY)
_ARITHMETIC = frozenset({"+", "-", "*", "/"})


class _Literals:
    """The environment for evaluating operators on literal operands: no fields, a fixed date."""

    today = date(2000, 1, 1)  # never read: calls that use the date are not evaluated concretely

    def lookup(self, parts: tuple[str, ...]) -> expr.Value:
        return None


_ENV = _Literals()

Lookup = Callable[[tuple[str, ...]], Values]


def wrap(value: Any) -> Value:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, Decimal)):
        return ("number", Decimal(value))
    if isinstance(value, date):
        return ("date", value)
    if isinstance(value, str):
        return ("text", value)
    return ANY


def truth(values: Values) -> frozenset[bool]:
    """Whether a condition with these possible values may be true / false (only `true` is true)."""
    found: set[bool] = set()
    for value in values:
        if value in _OPAQUE:
            return frozenset({True, False})
        found.add(value == TRUE)
    return frozenset(found)


def evaluate(node: expr.Expr, lookup: Lookup) -> Values:
    if isinstance(node, Literal):
        return frozenset({wrap(node.value)})
    if isinstance(node, Ref):
        return lookup(node.parts)
    if isinstance(node, Unary):
        return _unary(node, lookup)
    if isinstance(node, Binary):
        return _binary(node, lookup)
    if isinstance(node, Call):
        return _call(node, lookup)
    return frozenset({ANY, NULL})


def _booleans(values: frozenset[bool]) -> Values:
    return frozenset(TRUE if v else FALSE for v in values)


def _unary(node: Unary, lookup: Lookup) -> Values:
    operand = evaluate(node.operand, lookup)
    if node.op == "not":
        return _booleans(frozenset(not v for v in truth(operand)))
    return frozenset(_concrete(Unary(node.op, Literal(v[1])), (v,)) for v in operand)


def _binary(node: Binary, lookup: Lookup) -> Values:
    left, right = evaluate(node.left, lookup), evaluate(node.right, lookup)
    if node.op in ("and", "or"):
        combine = (lambda a, b: a and b) if node.op == "and" else (lambda a, b: a or b)
        return _booleans(frozenset(combine(a, b) for a in truth(left) for b in truth(right)))
    null_test = node.op in ("==", "!=") and _is_null_literal(node)
    found: set[Value] = set()
    for a, b in itertools.product(left, right):
        found |= _pair(node.op, a, b, null_test)
    return frozenset(found)


def _is_null_literal(node: Binary) -> bool:
    return any(isinstance(side, Literal) and side.value is None for side in (node.left, node.right))


def _pair(op: str, a: Value, b: Value, null_test: bool) -> Values:
    if null_test:
        both_null = a == NULL and b == NULL
        return frozenset({wrap(both_null == (op == "=="))})
    if NULL in (a, b):
        return frozenset({NULL if op in _ARITHMETIC else FALSE})
    if a in _OPAQUE or b in _OPAQUE:
        return frozenset({ANY, NULL}) if op == "/" else frozenset({ANY}) if op in _ARITHMETIC else BOTH
    return frozenset({_concrete(Binary(op, Literal(a[1]), Literal(b[1])), (a, b))})


def _concrete(node: expr.Expr, values: tuple[Value, ...]) -> Value:
    if any(v in _OPAQUE for v in values):
        return ANY
    return wrap(expr.evaluate(node, _ENV))


def _call(node: Call, lookup: Lookup) -> Values:
    function = expr.FUNCTIONS.get(node.name)
    args = [evaluate(arg, lookup) for arg in node.args]
    if function is None or len(args) != len(function.params):
        return frozenset({NULL})
    if node.name == "wenn":
        return _if(*args)
    if node.name == "ausgefuellt":
        return frozenset(_filled(v) for v in args[0]) if args[0] - {ANY} else BOTH
    found: set[Value] = set()
    for combination in itertools.product(*args):
        found |= _call_one(node.name, function, combination)
    return frozenset(found)


def _if(condition: Values, then: Values, otherwise: Values) -> Values:
    outcomes = truth(condition)
    return frozenset((then if True in outcomes else frozenset()) | (otherwise if False in outcomes else frozenset()))


def _filled(value: Value) -> Value:
    if value == ANY:
        return ANY
    return wrap(value != NULL and value[1] != "")


def _call_one(name: str, function: expr.Function, args: tuple[Value, ...]) -> Values:
    if function.strict and NULL in args:
        return frozenset({NULL})
    if function.uses_today or any(v in _OPAQUE for v in args):
        return UNKNOWN
    return frozenset({wrap(expr.evaluate(Call(name, tuple(Literal(v[1]) for v in args)), _ENV))})


def show(value: Value) -> str:
    """A value as an editor would write it in a condition."""
    kind, content = value
    if kind == "null":
        return "unanswered"
    if kind == "bool":
        return "true" if content else "false"
    if kind == "text":
        return f'"{content}"'
    if kind in ("filled", "any"):
        return "answered"
    return str(content)
