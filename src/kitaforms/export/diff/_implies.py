"""``implies(a, b)``: a conservative proof that condition ``b`` holds whenever ``a`` does.

Used to tell a wider condition from a narrower one. ``True`` only when it follows from the shape
of the two expressions: the same expression, ``false`` → anything, anything → ``true``, ``and``/
``or`` taken apart (``x`` ⇒ ``x or y``, ``x and y`` ⇒ ``x``), and comparisons of the same operand
with numbers or dates (``wert <= 100`` ⇒ ``wert <= 120``). Anything it cannot prove is ``False``,
so a change it does not understand is treated as a narrowing. Null (a missing value) makes
comparisons false and ``and``/``or`` read it as false, so these rules hold for it too.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from kitaforms.expr import Binary, Expr, Literal, to_json

_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}


class _Interval(NamedTuple):
    operand: Expr
    low: Decimal | date | None
    low_closed: bool
    high: Decimal | date | None
    high_closed: bool


def implies(a: Expr, b: Expr) -> bool:
    if _same(a, b) or _literal(a, False) or _literal(b, True):
        return True
    if _is(a, "or"):
        return all(implies(part, b) for part in _parts(a, "or"))
    if _is(b, "and"):
        return all(implies(a, part) for part in _parts(b, "and"))
    if _is(b, "or") and any(implies(a, part) for part in _parts(b, "or")):
        return True
    if _is(a, "and") and any(implies(part, b) for part in _parts(a, "and")):
        return True
    return _within(_interval(a), _interval(b))


def _same(a: Expr, b: Expr) -> bool:
    return to_json(a) == to_json(b)  # typed: 1 and true differ, as do "1" and 1


def _literal(node: Expr, value: bool) -> bool:
    return isinstance(node, Literal) and node.value is value


def _is(node: Expr, op: str) -> bool:
    return isinstance(node, Binary) and node.op == op


def _parts(node: Expr, op: str) -> list[Expr]:
    if isinstance(node, Binary) and node.op == op:
        return _parts(node.left, op) + _parts(node.right, op)
    return [node]


def _interval(node: Expr) -> _Interval | None:
    if not isinstance(node, Binary) or node.op not in _FLIPPED:
        return None
    op, operand, value = node.op, node.left, _bound(node.right)
    if value is None:
        op, operand, value = _FLIPPED[op], node.right, _bound(node.left)
    if value is None or isinstance(operand, Literal):
        return None
    low = value if op in (">", ">=", "==") else None
    high = value if op in ("<", "<=", "==") else None
    return _Interval(operand, low, op != ">", high, op != "<")


def _bound(node: Expr) -> Decimal | date | None:
    if isinstance(node, Literal) and isinstance(node.value, (Decimal, date)):
        return node.value
    return None


def _within(a: _Interval | None, b: _Interval | None) -> bool:
    if a is None or b is None or not _same(a.operand, b.operand):
        return False
    return (_covers(a.low, a.low_closed, b.low, b.low_closed, lower=True)
            and _covers(a.high, a.high_closed, b.high, b.high_closed, lower=False))


def _covers(inner: object, inner_closed: bool, outer: object, outer_closed: bool, *, lower: bool) -> bool:
    """Whether the bound ``outer`` lets through everything the bound ``inner`` does."""
    if outer is None:
        return True
    if inner is None or type(inner) is not type(outer):
        return False
    if inner == outer:
        return outer_closed or not inner_closed
    return inner > outer if lower else inner < outer  # type: ignore[operator]
