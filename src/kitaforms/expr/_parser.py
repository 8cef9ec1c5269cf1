"""Source text → AST, through the LALR grammar in ``grammar.lark``.

The lark parser is built once (on first use) with an inline transformer, so parsing goes straight
from tokens to AST nodes without an intermediate parse tree. Lark's exceptions are translated into
:class:`ExprSyntaxError` with an offset, a length and a hint for the editor.
"""

from __future__ import annotations

import dataclasses
import functools
from decimal import Decimal
from importlib.resources import files

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from kitaforms.expr._ast import Binary, Call, Expr, Literal, Ref, Unary, depth

MAX_DEPTH = 64
KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
_KEYWORD_VALUES = {"true": True, "false": False, "null": None}
_ESCAPES = {'"': '"', "'": "'", "\\": "\\"}


class ExprSyntaxError(Exception):
    """The source is not a well-formed expression (catalogue code EXPR_001)."""

    code = "EXPR_001"

    def __init__(self, message: str, offset: int, length: int = 1, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.length = length
        self.hint = hint

    def __repr__(self) -> str:
        return f"ExprSyntaxError({self.message!r}, offset={self.offset}, hint={self.hint!r})"


Part = Expr | Token


def _start(part: Part) -> int:
    return part.start_pos if isinstance(part, Token) else part.offset  # type: ignore[return-value]


def _end(part: Part) -> int:
    return part.end_pos if isinstance(part, Token) else part.offset + part.length  # type: ignore[return-value]


def _span(first: Part, last: Part) -> tuple[int, int]:
    return _start(first), _end(last) - _start(first)


class _Builder(Transformer[Token, Expr]):
    """Turns each grammar rule into an AST node as soon as the parser reduces it."""

    def start(self, items: list[Expr]) -> Expr:
        return items[0]

    def binary(self, items: list[Part]) -> Binary:
        left, op, right = items
        assert isinstance(op, Token) and not isinstance(left, Token) and not isinstance(right, Token)
        return Binary(str(op), left, right, *_span(left, right), op_offset=op.start_pos or 0)

    def not_in(self, items: list[Part]) -> Binary:
        left, op, _, right = items
        assert isinstance(op, Token) and not isinstance(left, Token) and not isinstance(right, Token)
        return Binary("not in", left, right, *_span(left, right), op_offset=op.start_pos or 0)

    def unary(self, items: list[Part]) -> Unary:
        op, operand = items
        assert isinstance(op, Token) and not isinstance(operand, Token)
        return Unary(str(op), operand, *_span(op, operand))

    def number(self, items: list[Token]) -> Literal:
        return Literal(Decimal(str(items[0])), *_span(items[0], items[0]))

    def string(self, items: list[Token]) -> Literal:
        return Literal(_unquote(items[0]), *_span(items[0], items[0]))

    def keyword_literal(self, items: list[Token]) -> Literal:
        return Literal(_KEYWORD_VALUES[str(items[0])], *_span(items[0], items[0]))

    def ref(self, items: list[Token]) -> Ref:
        return Ref(tuple(str(item) for item in items), *_span(items[0], items[-1]))

    def call(self, items: list[Token | list[Expr] | None]) -> Call:
        name, _, arguments, close = items
        assert isinstance(name, Token) and isinstance(close, Token) and not isinstance(arguments, Token)
        return Call(str(name), tuple(arguments or ()), *_span(name, close))

    def paren(self, items: list[Part]) -> Expr:
        open_, inner, close = items
        assert not isinstance(inner, Token)
        offset, length = _span(open_, close)
        return _moved(inner, offset, length)

    def arguments(self, items: list[Expr]) -> list[Expr]:
        return items


def _moved(node: Expr, offset: int, length: int) -> Expr:
    """The same node with the span of its surrounding parentheses."""
    return dataclasses.replace(node, offset=offset, length=length)


def _unquote(token: Token) -> str:
    text, chars, index = str(token)[1:-1], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            _check_escape(text, index, token.start_pos or 0)
            char, index = _ESCAPES[text[index + 1]], index + 1
        chars.append(char)
        index += 1
    return "".join(chars)


def _check_escape(text: str, index: int, token_start: int) -> None:
    if text[index + 1] not in _ESCAPES:
        raise ExprSyntaxError(
            f"unknown escape sequence '\\{text[index + 1]}' in a string",
            token_start + 1 + index,
            2,
            "only \\\", \\' and \\\\ are escapes; write a backslash as \\\\",
        )


@functools.cache
def _lark() -> Lark:
    grammar = files("kitaforms.expr").joinpath("grammar.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", transformer=_Builder(), cache=False, maybe_placeholders=True)


@functools.lru_cache(maxsize=4096)
def parse(source: str) -> Expr:
    """Parse one expression; raises :class:`ExprSyntaxError` with the offending offset."""
    try:
        expr: Expr = _lark().parse(source)  # type: ignore[assignment]
    except UnexpectedInput as exc:
        raise _translate(source, exc) from None
    if len(source) > MAX_DEPTH and depth(expr) > MAX_DEPTH:  # each level takes a character
        raise ExprSyntaxError(
            f"expression is nested more than {MAX_DEPTH} levels deep",
            0,
            len(source),
            "split it into simpler conditions",
        )
    return expr


# --- turning lark's exceptions into messages for editors ------------------------------------

_OPERANDS = frozenset({"NAME", "NUMBER", "STRING", "TRUE", "FALSE", "NULL", "LPAR", "MINUS", "NOT"})
_OPERATORS = frozenset({"OR", "AND", "CMP", "IN", "PLUS", "STAR", "SLASH"})
_CHAR_HINTS = {
    "=": 'compare with "==" (a single "=" is not an operator)',
    "&": 'write "and"',
    "|": 'write "or"',
    "!": 'write "not" (or "!=" for "not equal")',
    "\u00a0": "replace the non-breaking space with a normal space",
    "„": "use straight quotes \" or '",
    "“": "use straight quotes \" or '",
    "”": "use straight quotes \" or '",
    "[": "lists cannot be written in an expression; compare with each value and join with or",
}


def _translate(source: str, exc: UnexpectedInput) -> ExprSyntaxError:
    if isinstance(exc, UnexpectedCharacters):
        return _bad_character(source, exc.pos_in_stream or 0)
    if isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
        return _bad_token(exc.token, set(exc.accepts or exc.expected))
    expected = set(getattr(exc, "expected", ()) or ())
    return _incomplete(source, expected)  # UnexpectedEOF or UnexpectedToken at $END


def _bad_character(source: str, offset: int) -> ExprSyntaxError:
    char = source[offset]
    if char in "\"'":
        return ExprSyntaxError("string is not closed", offset, len(source) - offset, f"end the string with {char}")
    hint = _CHAR_HINTS.get(char)
    return ExprSyntaxError(f"unexpected character {char!r}", offset, 1, hint)


def _bad_token(token: Token, expected: set[str]) -> ExprSyntaxError:
    offset, length = token.start_pos or 0, len(str(token))
    message = f"unexpected {_describe(token)}"
    return ExprSyntaxError(message, offset, length, _token_hint(token, expected))


def _token_hint(token: Token, expected: set[str]) -> str:
    if token.type == "NAME" and str(token).lower() in KEYWORDS:
        return f'keywords are lowercase: write "{str(token).lower()}"'
    if token.type in ("CMP", "IN") and "AND" in expected:
        return "comparisons cannot be chained; join them with and, e.g. a < b and b < c"
    if token.type == "COMMA" and "RPAR" not in expected:
        return "write decimals with a point, e.g. 1.5"
    if token.type == "DOT" and "NAME" not in expected:
        return "write decimals with digits on both sides of the point, e.g. 1.0"
    if token.type in _OPERANDS and expected & _OPERATORS:
        return 'an operator is missing, e.g. "==", "and" or "+"'
    return f"expected {_expected_text(expected)}"


def _incomplete(source: str, expected: set[str]) -> ExprSyntaxError:
    offset = len(source.rstrip())
    if not source.strip():
        return ExprSyntaxError("expression is empty", 0, 0, 'write a condition, e.g. x == "ja"')
    message = f"expression is incomplete: expected {_expected_text(expected)}"
    return ExprSyntaxError(message, offset, 0, _incomplete_hint(expected))


def _incomplete_hint(expected: set[str]) -> str:
    if "RPAR" not in expected:
        return "add what is missing at the end"
    return 'add an argument or close the "(" with ")"' if expected & _OPERANDS else 'close the open "(" with ")"'


def _describe(token: Token) -> str:
    if token.type == "NAME":
        return f"name '{token}'"
    if token.type in ("NUMBER", "STRING"):
        return f"value {token}"
    return f"'{token}'"


def _expected_text(expected: set[str]) -> str:
    parts = []
    if expected & _OPERANDS == {"NAME"}:
        parts.append("a field name")
    elif expected & _OPERANDS:
        parts.append("a value, field or function call")
    if expected & _OPERATORS:
        parts.append("an operator")
    parts += [f'"{_PUNCTUATION[name]}"' for name in sorted(expected) if name in _PUNCTUATION]
    return " or ".join(parts) or "something else"


_PUNCTUATION = {"RPAR": ")", "COMMA": ","}
