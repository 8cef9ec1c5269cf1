"""An AST turned into one Python function: what :func:`~kitaforms.expr._eval.evaluate` gives, without walking it.

The server evaluates the same few conditions for every submission. Compiling each one to Python
source once (three-address code: one local per node) takes the type dispatch, the operator lookup
and a function call per node out of every evaluation. The semantics stay where they are: every
operator, coercion and function is the one the interpreter calls (``_eval``, ``_functions``).

The generated code of an AST does not depend on what its names mean, so it is compiled once per
AST; each use binds its own readers (``refer``) into a fresh function over the same code.
The right operand of ``and``/``or`` is a function of its own (it is evaluated only when needed), so
the source never nests deeper than one block, however deep the expression.
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType, FunctionType
from typing import Any

from kitaforms.expr._ast import Binary, Call, Expr, Literal, Ref, Unary
from kitaforms.expr._eval import _ARITHMETIC, _COERCIONS, _OPERATORS, Env, _null_literal
from kitaforms.expr._functions import FUNCTIONS
from kitaforms.expr._values import CONTEXT, Value, as_number

Compiled = Callable[[Env], Value]
Refer = Callable[[tuple[str, ...]], Compiled]  # a reference's reader, chosen when compiling


def compile_expr(expr: Expr, refer: Refer | None = None) -> Compiled:
    """``expr`` as a function of the environment.

    ``refer`` turns a reference's parts into its reader once (a caller that knows what each name
    means where the expression stands); without it a reference asks ``env.lookup`` at every evaluation.
    """
    program = _program(expr)
    namespace = dict(program.constants)
    for name, parts in program.references.items():
        namespace[name] = refer(parts) if refer is not None else _lookup(parts)
    functions = {name: FunctionType(code, namespace, name) for name, code in program.functions.items()}
    namespace.update(functions)
    return functions["_expression"]


def _lookup(parts: tuple[str, ...]) -> Compiled:
    return lambda env: env.lookup(parts)


class _Program:
    """The code of one AST: its functions, the constants they read, the references they call."""

    def __init__(self) -> None:
        self.functions: dict[str, CodeType] = {}
        self.constants: dict[str, Any] = {"_minus": CONTEXT.minus, "_as_number": as_number}
        self.references: dict[str, tuple[str, ...]] = {}


_PROGRAMS: dict[tuple[Any, ...], _Program] = {}


def _program(expr: Expr) -> _Program:
    key = _shape(expr)
    found = _PROGRAMS.get(key)
    if found is None:
        if len(_PROGRAMS) > 8192:
            _PROGRAMS.clear()
        found = _PROGRAMS[key] = _Generator().program(expr)
    return found


def _shape(expr: Expr) -> tuple[Any, ...]:
    """What the generated code depends on. Not the AST's own equality: ``1 == true`` and ``1.0 == 1``
    in Python, but the literals ``1``, ``1.0`` and ``true`` are three different values here."""
    if isinstance(expr, Literal):
        return ("literal", type(expr.value).__name__, str(expr.value))
    if isinstance(expr, Ref):
        return ("ref", expr.parts)
    if isinstance(expr, Binary):
        return ("binary", expr.op, _shape(expr.left), _shape(expr.right))
    if isinstance(expr, Call):
        return ("call", expr.name, *map(_shape, expr.args))
    if isinstance(expr, Unary):
        return ("unary", expr.op, _shape(expr.operand))
    return ("other", repr(expr))


class _Generator:
    def __init__(self) -> None:
        self.result = _Program()
        self.names = 0

    def program(self, expr: Expr) -> _Program:
        self.function("_expression", expr)
        return self.result

    def function(self, name: str, expr: Expr) -> None:
        lines: list[str] = []
        value = self.node(expr, lines)
        body = "".join(f"    {line}\n" for line in [*lines, f"return {value}"])
        source = f"def {name}(env):\n{body}"
        module = compile(source, "<expression>", "exec")
        self.result.functions[name] = next(c for c in module.co_consts if isinstance(c, CodeType))

    def fresh(self, prefix: str) -> str:
        self.names += 1
        return f"{prefix}{self.names}"

    def constant(self, value: object) -> str:
        name = self.fresh("_c")
        self.result.constants[name] = value
        return name

    def node(self, expr: Expr, lines: list[str]) -> str:
        """Statements computing ``expr`` appended to ``lines``; the name that holds its value."""
        if isinstance(expr, Literal):
            return self.constant(expr.value)
        if isinstance(expr, Ref):
            reader = self.fresh("_r")
            self.result.references[reader] = expr.parts
            return self.assign(f"{reader}(env)", lines)
        if isinstance(expr, Binary):
            return self.binary(expr, lines)
        if isinstance(expr, Call):
            return self.call(expr, lines)
        if isinstance(expr, Unary):
            return self.unary(expr, lines)
        return self.constant(expr.value)  # type: ignore[attr-defined]

    def assign(self, value: str, lines: list[str]) -> str:
        name = self.fresh("v")
        lines.append(f"{name} = {value}")
        return name

    def unary(self, expr: Unary, lines: list[str]) -> str:
        operand = self.node(expr.operand, lines)
        if expr.op == "not":
            return self.assign(f"{operand} is not True", lines)
        number = self.assign(f"_as_number({operand})", lines)
        return self.assign(f"None if {number} is None else _minus({number})", lines)

    def binary(self, expr: Binary, lines: list[str]) -> str:
        left = self.node(expr.left, lines)
        if expr.op in ("and", "or"):
            right = self.fresh("_f")
            self.function(right, expr.right)
            joined = f"{left} is True and {right}(env) is True"
            if expr.op == "or":
                joined = f"{left} is True or {right}(env) is True"
            return self.assign(joined, lines)
        right_value = self.node(expr.right, lines)
        if expr.op in ("==", "!=") and _null_literal(expr):
            wanted = expr.op == "=="
            return self.assign(f"({left} is None and {right_value} is None) == {wanted}", lines)
        on_null = None if expr.op in _ARITHMETIC else False
        apply = self.constant(_OPERATORS[expr.op])
        return self.assign(f"{on_null} if {left} is None or {right_value} is None else {apply}({left}, {right_value})",
                           lines)

    def call(self, expr: Call, lines: list[str]) -> str:
        function = FUNCTIONS.get(expr.name)
        if function is None or len(expr.args) != len(function.params):
            return self.constant(None)  # the checker reports these; an unchecked AST just yields null
        values = []
        for arg, (_, kind) in zip(expr.args, function.params, strict=True):
            value = self.node(arg, lines)
            coerce = _COERCIONS.get(kind)
            values.append(self.assign(f"{self.constant(coerce)}({value})", lines) if coerce is not None else value)
        impl = self.constant(function.impl)
        arguments = ", ".join(["env.today", *values] if function.uses_today else values)
        if not function.strict or not values:
            return self.assign(f"{impl}({arguments})", lines)
        missing = " or ".join(f"{value} is None" for value in values)
        return self.assign(f"None if {missing} else {impl}({arguments})", lines)
