"""AST → source text with the fewest parentheses that keep its meaning.

Used in messages and hints ("kind.name is a string") and to test the parser: parsing the text
again gives an equal AST (a negative number literal comes back as unary minus).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kitaforms.expr._ast import COMPARISONS, MEMBERSHIP, Binary, Call, Expr, Ref, Unary

_LEVELS = {"or": 1, "and": 2, "+": 5, "-": 5, "*": 6, "/": 6}
_NOT, _COMPARE, _NEGATE, _PRIMARY = 3, 4, 7, 8


def to_source(expr: Expr) -> str:
    if isinstance(expr, Binary):
        return _binary(expr)
    if isinstance(expr, Unary):
        return _unary(expr)
    if isinstance(expr, Call):
        return f"{expr.name}({', '.join(to_source(arg) for arg in expr.args)})"
    if isinstance(expr, Ref):
        return expr.dotted
    return _literal(expr.value)


def _level(expr: Expr) -> int:
    if isinstance(expr, Binary):
        return _LEVELS.get(expr.op, _COMPARE)
    if isinstance(expr, Unary):
        return _NOT if expr.op == "not" else _NEGATE
    return _PRIMARY


def _wrapped(expr: Expr, minimum: int) -> str:
    text = to_source(expr)
    return f"({text})" if _level(expr) < minimum else text


def _binary(expr: Binary) -> str:
    level = _level(expr)
    non_associative = expr.op in COMPARISONS or expr.op in MEMBERSHIP
    left = _wrapped(expr.left, level + 1 if non_associative else level)
    return f"{left} {expr.op} {_wrapped(expr.right, level + 1)}"


def _unary(expr: Unary) -> str:
    if expr.op == "not":
        return f"not {_wrapped(expr.operand, _NOT)}"
    return f"-{_wrapped(expr.operand, _NEGATE)}"


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return f'datum("{value.isoformat()}")'
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "null"
