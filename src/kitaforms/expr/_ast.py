"""AST nodes: small frozen dataclasses that remember where they came from.

``offset`` is the 0-based character index of the node in the source and ``length`` its extent, so
every issue can point at the offending token. Positions do not take part in equality, so an AST
read back from JSON (which carries no positions) equals the parsed one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

LiteralValue = Decimal | str | bool | date | None


@dataclass(frozen=True, slots=True)
class Literal:
    value: LiteralValue
    offset: int = field(default=0, compare=False)
    length: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Ref:
    parts: tuple[str, ...]
    offset: int = field(default=0, compare=False)
    length: int = field(default=0, compare=False)

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-" or "not"
    operand: Expr
    offset: int = field(default=0, compare=False)
    length: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # or and == != < <= > >= in "not in" + - * /
    left: Expr
    right: Expr
    offset: int = field(default=0, compare=False)
    length: int = field(default=0, compare=False)
    op_offset: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    offset: int = field(default=0, compare=False)  # also where the function name starts
    length: int = field(default=0, compare=False)


Expr = Literal | Ref | Unary | Binary | Call

COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
MEMBERSHIP = frozenset({"in", "not in"})
ARITHMETIC = frozenset({"+", "-", "*", "/"})
LOGICAL = frozenset({"and", "or"})


def children(node: Expr) -> tuple[Expr, ...]:
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Expr) -> Iterator[Expr]:
    """Every node of the tree in source order (pre-order), without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def references(expr: Expr) -> list[tuple[tuple[str, ...], int]]:
    """Every field reference with its offset, in source order."""
    return [(node.parts, node.offset) for node in walk(expr) if isinstance(node, Ref)]


def depth(expr: Expr) -> int:
    """How deeply the tree nests (a single literal has depth 1)."""
    deepest, stack = 0, [(expr, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children(node))
    return deepest
