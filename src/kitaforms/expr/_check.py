"""The type checker: is every name known, does every operator get the types it needs?

All issues of one expression are collected. Each carries a catalogue code (``kitaforms.errors.expr``),
the offset and length of the offending node, and a hint. Anything that failed has type ``unknown``,
which fits everywhere, so a mistake is reported once and not again by every operator around it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol

from kitaforms.errors.expr import CODES
from kitaforms.expr._ast import (
    ARITHMETIC,
    LOGICAL,
    MEMBERSHIP,
    Binary,
    Call,
    Expr,
    Literal,
    Ref,
    Unary,
)
from kitaforms.expr._functions import FUNCTIONS, Function, fold
from kitaforms.expr._source import to_source
from kitaforms.expr._types import (
    ANY,
    BOOLEAN,
    DATE,
    NULL,
    NUMBER,
    ORDERED,
    ORDERED_TYPES,
    STRING,
    UNKNOWN,
    T,
    Type,
    compatible,
    is_vague,
    list_of,
)
from kitaforms.expr._values import LiteralError

_SEVERITY = {code.code: code.severity.value for code in CODES}


class Symbol(NamedTuple):
    type: Type
    codes: frozenset[str] | None = None


class Scope(Protocol):
    def lookup(self, parts: tuple[str, ...]) -> Symbol | None: ...

    def names(self) -> Iterable[str]: ...


class ExprIssue(NamedTuple):
    code: str
    severity: str  # "error" | "warning"
    message: str
    offset: int
    length: int
    hint: str | None = None


class DictScope:
    """A scope from a mapping of dotted name → :class:`Symbol` (or just a :class:`Type`)."""

    def __init__(self, symbols: Mapping[str, Symbol | Type]) -> None:
        self._symbols = {name: value if isinstance(value, Symbol) else Symbol(value) for name, value in symbols.items()}

    def lookup(self, parts: tuple[str, ...]) -> Symbol | None:
        return self._symbols.get(".".join(parts))

    def names(self) -> Iterable[str]:
        return self._symbols.keys()


def typecheck(expr: Expr, scope: Scope, expected: Type | None = None) -> tuple[Type, list[ExprIssue]]:
    """The type of ``expr`` and every issue found; with ``expected``, also check the result type."""
    checker = _Checker(scope)
    actual = checker.check(expr)
    if expected is not None:
        checker.expect(expr, actual, expected)
    return actual, checker.issues


def literal_type(value: object) -> Type:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, str):
        return STRING
    return DATE if isinstance(value, date) else NUMBER


def did_you_mean(word: str, candidates: Iterable[str], template: str = "{}") -> str | None:
    """A "did you mean …?" hint with up to three close candidates, or None."""
    matches = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    if not matches:
        return None
    return "did you mean " + " or ".join(template.format(match) for match in matches) + "?"


def _is_null(node: Expr) -> bool:
    return isinstance(node, Literal) and node.value is None


def _a(kind: Type) -> str:
    text = str(kind)
    return ("an " if text[0] in "aeiou" else "a ") + text


class _Checker:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.issues: list[ExprIssue] = []

    def report(self, code: str, node: Expr, message: str, hint: str | None = None) -> None:
        self.report_at(code, node.offset, node.length, message, hint)

    def report_at(self, code: str, offset: int, length: int, message: str, hint: str | None) -> None:
        self.issues.append(ExprIssue(code, _SEVERITY[code], message, offset, length, hint))

    def check(self, node: Expr) -> Type:
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Unary):
            return self.unary(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Ref):
            return self.ref(node)
        return literal_type(node.value)

    def require(self, node: Expr, actual: Type, wanted: Type, where: str) -> bool:
        if compatible(actual, wanted):
            return True
        message = f"{where} needs {_a(wanted)}, but {to_source(node)} is {_a(actual)}"
        self.report("EXPR_003", node, message, _conversion_hint(actual, wanted))
        return False

    # --- names ---------------------------------------------------------------------------

    def ref(self, node: Ref) -> Type:
        symbol = self.scope.lookup(node.parts)
        if symbol is not None:
            return symbol.type
        hint = did_you_mean(node.dotted, self.scope.names()) or "check the spelling of the field id"
        if node.dotted in FUNCTIONS:
            hint = f"{node.dotted} is a function: write {node.dotted}({FUNCTIONS[node.dotted].signature})"
        self.report("EXPR_002", node, f"unknown field {node.dotted}", hint)
        return UNKNOWN

    # --- operators -----------------------------------------------------------------------

    def unary(self, node: Unary) -> Type:
        actual = self.check(node.operand)
        if node.op == "not":
            self.require(node.operand, actual, BOOLEAN, '"not"')
            return BOOLEAN
        self.require(node.operand, actual, NUMBER, 'unary "-"')
        return NUMBER

    def binary(self, node: Binary) -> Type:
        left, right = self.check(node.left), self.check(node.right)
        if node.op in LOGICAL or node.op in ARITHMETIC:
            wanted = BOOLEAN if node.op in LOGICAL else NUMBER
            self.require(node.left, left, wanted, f'"{node.op}"')
            self.require(node.right, right, wanted, f'"{node.op}"')
            return wanted
        if node.op in MEMBERSHIP:
            self.membership(node, left, right)
        elif node.op in ("==", "!="):
            self.equality(node, left, right)
        else:
            self.ordering(node, left, right)
        return BOOLEAN

    def equality(self, node: Binary, left: Type, right: Type) -> None:
        if compatible(left, right):
            self.codes(node.left, node.right)
            self.codes(node.right, node.left)
            return
        message = f"cannot compare {to_source(node.left)} ({left}) with {to_source(node.right)} ({right})"
        self.report("EXPR_003", node, message, _date_number_hint(node, left, right) or _conversion_hint(right, left))

    def ordering(self, node: Binary, left: Type, right: Type) -> None:
        if self.null_operand(node):
            return
        where = f'"{node.op}"'
        for side, kind in ((node.left, left), (node.right, right)):
            if not is_vague(kind) and kind not in ORDERED_TYPES:
                self.require(side, kind, ORDERED, where)
                return
        if not compatible(left, right) and _date_number_hint(node, left, right):
            message = f"{where} needs {_a(left)}, but {to_source(node.right)} is {_a(right)}"
            self.report("EXPR_003", node.right, message, _date_number_hint(node, left, right))
        elif not compatible(left, right):
            self.require(node.right, right, left, where)

    def membership(self, node: Binary, left: Type, right: Type) -> None:
        if self.null_operand(node) or is_vague(right):
            return
        if right == STRING:
            self.require(node.left, left, STRING, f'"{node.op}" with a text')
        elif right.is_list:
            assert right.item is not None
            if self.require(node.left, left, right.item, f'"{node.op}" with {_a(right)}'):
                self.codes(node.right, node.left)
        else:
            message = f'the right side of "{node.op}" must be a list or a text, but it is {_a(right)}'
            self.report("EXPR_003", node.right, message, "use a multiple choice field or a text")

    def null_operand(self, node: Binary) -> bool:
        if not (_is_null(node.left) or _is_null(node.right)):
            return False
        message = f'"{node.op}" with null is always false'
        self.report("EXPR_009", node, message, "test for a value with ausgefuellt(x) or x == null")
        return True

    def codes(self, field: Expr, value: Expr) -> None:
        """A choice field compared with a text that is not one of its codes."""
        if not (isinstance(field, Ref) and isinstance(value, Literal) and isinstance(value.value, str)):
            return
        symbol = self.scope.lookup(field.parts)
        if symbol is None or symbol.codes is None or value.value in symbol.codes:
            return
        hint = did_you_mean(value.value, sorted(symbol.codes), '"{}"')
        hint = hint or "use one of: " + ", ".join(f'"{code}"' for code in sorted(symbol.codes)[:8])
        self.report("EXPR_006", value, f'"{value.value}" is not a code of {field.dotted}', hint)

    # --- functions -----------------------------------------------------------------------

    def call(self, node: Call) -> Type:
        actual = [self.check(arg) for arg in node.args]
        function = FUNCTIONS.get(node.name)
        if function is None:
            hint = did_you_mean(node.name, FUNCTIONS, "{}()")
            hint = hint or "known functions: " + ", ".join(f"{name}()" for name in FUNCTIONS)
            self.report_at("EXPR_004", node.offset, len(node.name), f"unknown function {node.name}()", hint)
            return UNKNOWN
        if len(actual) != len(function.params):
            return self.arity(node, function)
        bindings: dict[Type, Type] = {}
        fitting = [
            self.argument(node, function, index, arg, kind, bindings)
            for index, (arg, kind) in enumerate(zip(node.args, actual, strict=True))
        ]
        if all(fitting):
            self.fold(node)
        return _substitute(function.result, bindings, UNKNOWN)

    def arity(self, node: Call, function: Function) -> Type:
        wanted, count = len(function.params), len(node.args)
        message = f"{node.name}() takes {wanted} argument{'s'[: wanted != 1]}, but got {count}"
        self.report("EXPR_005", node, message, f"write {node.name}({function.signature})")
        return _substitute(function.result, {}, UNKNOWN)

    def argument(
        self, node: Call, function: Function, index: int, arg: Expr, kind: Type, bindings: dict[Type, Type]
    ) -> bool:
        name, param = function.params[index]
        if _match(param, kind, bindings):
            return True
        where = f"argument {name} of {node.name}()"
        return self.require(arg, kind, _substitute(param, bindings, None), where)

    def fold(self, node: Call) -> None:
        """Literal arguments that can never work (``datum("31.02.2025")``) are found now."""
        try:
            fold(node)
        except LiteralError as exc:
            self.report("EXPR_007", node.args[0] if node.args else node, exc.message, exc.hint)

    # --- the expected result -------------------------------------------------------------

    def expect(self, node: Expr, actual: Type, expected: Type) -> None:
        if compatible(actual, expected):
            return
        if expected != BOOLEAN:
            self.require(node, actual, expected, "the expression")
            return
        message = f"a condition must be true or false, but {to_source(node)} is {_a(actual)}"
        self.report("EXPR_008", node, message, self.condition_hint(node, actual))

    def condition_hint(self, node: Expr, actual: Type) -> str:
        text = to_source(node)
        symbol = self.scope.lookup(node.parts) if isinstance(node, Ref) else None
        if actual.is_list:
            return f'test it with ausgefuellt({text}) or "code" in {text}'
        if symbol is not None and symbol.codes:
            return f'compare it with a code, e.g. {text} == "{min(symbol.codes)}"'
        examples = {NUMBER: f"{text} > 0", DATE: f"{text} <= heute()", STRING: f'{text} == "ja"'}
        return f"compare it, e.g. {examples.get(actual, f'ausgefuellt({text})')}"


def _match(param: Type, actual: Type, bindings: dict[Type, Type]) -> bool:
    """Whether an argument fits a parameter, binding type variables on the way."""
    if is_vague(actual) or param == ANY:
        return True
    if param in (T, ORDERED):
        if param == ORDERED and actual not in ORDERED_TYPES:
            return False
        return compatible(actual, bindings.setdefault(param, actual))
    if param.is_list:
        assert param.item is not None
        return actual.is_list and _match(param.item, actual.item or UNKNOWN, bindings)
    return param == actual


def _substitute(kind: Type, bindings: dict[Type, Type], unbound: Type | None) -> Type:
    """``kind`` with its type variables replaced; unbound ones become ``unbound`` (or stay)."""
    if kind in (T, ORDERED):
        return bindings.get(kind, unbound or kind)
    if kind.is_list:
        assert kind.item is not None
        return list_of(_substitute(kind.item, bindings, unbound))
    return kind


def _date_number_hint(node: Binary, left: Type, right: Type) -> str | None:
    """How to compare a date with a number: an age, a year, or a day written as a date."""
    if {left, right} != {DATE, NUMBER}:
        return None
    day, number = (node.left, node.right) if left == DATE else (node.right, node.left)
    shown, op = to_source(day), node.op if left == DATE else _MIRRORED.get(node.op, node.op)
    value = number.value if isinstance(number, Literal) and isinstance(number.value, Decimal) else None
    age = f"alter_am({shown}, beginn) {op} {to_source(number)}"
    year = f"jahr({shown}) {op} {to_source(number)}"
    literal = f'{shown} {op} datum("2025-08-01")'
    if value is not None and 1000 <= value <= 9999:
        return f"a date is not a number: compare its year, `{year}`, or a day, `{literal}`"
    return (f"a date is not a number: for an age in years write `{age}` (age on the start of care) or "
            f"`alter({shown}) {op} {to_source(number)}` (today); for a day write `{literal}`")


_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _conversion_hint(actual: Type, wanted: Type) -> str | None:
    if wanted == DATE and actual == STRING:
        return 'write a date as datum("2025-08-01")'
    if wanted == NUMBER and actual == STRING:
        return "write numbers without quotes, e.g. 3 or 1.5"
    if wanted == BOOLEAN and actual == STRING:
        return "write true or false without quotes"
    return None
