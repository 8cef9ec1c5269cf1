"""The JSON AST shipped to the browser runtime (``expr.js``).

Only dicts, lists, strings, booleans and null: numbers travel as decimal strings so no digit is
lost, dates as ISO strings under their own tag. Positions are left out (the browser reports no
syntax errors). Every node is a dict with a type tag ``t``:

    {"t": "num", "v": "1.5"}            {"t": "str", "v": "gemeinsam"}
    {"t": "bool", "v": true}            {"t": "null"}
    {"t": "date", "v": "2025-08-01"}    {"t": "ref", "p": ["kind", "geburtsdatum"]}
    {"t": "op", "op": "<=", "a": [left, right]}   binary: or and == != < <= > >= in "not in" + - * /
    {"t": "op", "op": "not", "a": [x]}            unary: not, neg (unary minus)
    {"t": "call", "f": "alter_am", "a": [arg, ...]}

A call whose arguments are all literals and whose function can be folded (``datum("…")``) is
written as its result, e.g. a date literal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from kitaforms.expr._ast import COMPARISONS, Binary, Call, Expr, Literal, Ref, Unary
from kitaforms.expr._functions import fold
from kitaforms.expr._values import LiteralError, parse_iso_date

Json = dict[str, Any]
_BINARY_OPS = frozenset({"or", "and", "in", "not in", "+", "-", "*", "/"}) | COMPARISONS
_UNARY_OPS = {"not": "not", "-": "neg"}


def to_json(expr: Expr) -> Json:
    if isinstance(expr, Binary):
        return {"t": "op", "op": expr.op, "a": [to_json(expr.left), to_json(expr.right)]}
    if isinstance(expr, Unary):
        return {"t": "op", "op": _UNARY_OPS[expr.op], "a": [to_json(expr.operand)]}
    if isinstance(expr, Call):
        return _call_json(expr)
    if isinstance(expr, Ref):
        return {"t": "ref", "p": list(expr.parts)}
    return _literal_json(expr.value)


def _call_json(expr: Call) -> Json:
    try:
        folded = fold(expr)
    except LiteralError:  # the checker reports it; the browser gets the call and computes null
        folded = None
    if folded is not None:
        return _literal_json(folded.value)
    return {"t": "call", "f": expr.name, "a": [to_json(arg) for arg in expr.args]}


def _literal_json(value: object) -> Json:
    if value is None:
        return {"t": "null"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, Decimal):
        return {"t": "num", "v": str(value)}
    if isinstance(value, date):
        return {"t": "date", "v": value.isoformat()}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    raise TypeError(f"not a literal value: {value!r}")


def from_json(data: Json) -> Expr:
    """Read a JSON AST back; raises ``ValueError`` for anything :func:`to_json` cannot produce."""
    try:
        return _READERS[data["t"]](data)
    except (KeyError, TypeError, InvalidOperation, LiteralError) as exc:
        raise ValueError(f"not an expression AST: {data!r}") from exc


def _number(data: Json) -> Literal:
    value = Decimal(_text(data["v"]))
    if not value.is_finite():
        raise ValueError(f"not a finite number: {data['v']!r}")
    return Literal(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value


def _bool(data: Json) -> Literal:
    if not isinstance(data["v"], bool):
        raise TypeError("expected a boolean")
    return Literal(data["v"])


def _op(data: Json) -> Expr:
    op, args = data["op"], [from_json(arg) for arg in data["a"]]
    if op in _BINARY_OPS and len(args) == 2:
        return Binary(op, args[0], args[1])
    if op in ("not", "neg") and len(args) == 1:
        return Unary("not" if op == "not" else "-", args[0])
    raise ValueError(f"unknown operator {op!r} with {len(args)} operands")


def _ref(data: Json) -> Ref:
    parts = tuple(_text(part) for part in data["p"])
    if not parts:
        raise ValueError("empty field reference")
    return Ref(parts)


_READERS: dict[str, Callable[[Json], Expr]] = {
    "num": _number,
    "str": lambda data: Literal(_text(data["v"])),
    "bool": _bool,
    "null": lambda data: Literal(None),
    "date": lambda data: Literal(parse_iso_date(_text(data["v"]))),
    "ref": _ref,
    "op": _op,
    "call": lambda data: Call(_text(data["f"]), tuple(from_json(arg) for arg in data["a"])),
}
