"""The expression language of kitaforms: conditions, validations and computed values.

Written once by editors (``kind.geburtsdatum <= heute()``), then parsed (:func:`parse`), checked
against the form (:func:`typecheck`), evaluated on the server (:func:`evaluate`) and shipped to the
browser as a JSON AST (:func:`to_json`), which ``renderers/default/static/js/expr.js`` interprets
with the same semantics.

The language, in short:

- literals ``3``, ``1.5``, ``"text"``/``'text'`` (escapes ``\"`` ``\'`` ``\\``), ``true``, ``false``,
  ``null``, dates as ``datum("2025-08-01")``; field references ``kind.geburtsdatum``;
- operators, loosest first: ``or``; ``and``; ``not``; ``== != < <= > >= in``, ``not in``
  (not chainable); ``+ -``; ``* /``; unary ``-``; calls and parentheses;
- functions: see :data:`FUNCTIONS` (``heute``, ``alter_am``, ``anzahl``, ``summe``, ``wenn`` …);
- null (a missing value): arithmetic gives null, comparisons are false except ``x == null`` and
  ``x != null``, ``and``/``or``/``not`` read it as false, aggregates skip it;
- numbers are ``Decimal``; dates are ``datetime.date`` and compare with ISO text as text.
"""

from kitaforms.expr._ast import Binary, Call, Expr, Literal, Ref, Unary, references, walk
from kitaforms.expr._check import DictScope, ExprIssue, Scope, Symbol, typecheck
from kitaforms.expr._compile import Compiled, compile_expr
from kitaforms.expr._eval import DictEnv, Env, evaluate
from kitaforms.expr._functions import FUNCTIONS, Function
from kitaforms.expr._json import from_json, to_json
from kitaforms.expr._parser import KEYWORDS, ExprSyntaxError, parse
from kitaforms.expr._source import to_source
from kitaforms.expr._types import BOOLEAN, DATE, NULL, NUMBER, STRING, UNKNOWN, Type, list_of
from kitaforms.expr._values import Value

__all__ = [
    "BOOLEAN",
    "DATE",
    "FUNCTIONS",
    "KEYWORDS",
    "NULL",
    "NUMBER",
    "STRING",
    "UNKNOWN",
    "Binary",
    "Call",
    "DictEnv",
    "DictScope",
    "Env",
    "Expr",
    "ExprIssue",
    "ExprSyntaxError",
    "Function",
    "Literal",
    "Ref",
    "Scope",
    "Symbol",
    "Type",
    "Unary",
    "Value",
    "evaluate",
    "compile_expr",
    "Compiled",
    "from_json",
    "list_of",
    "parse",
    "references",
    "to_json",
    "to_source",
    "typecheck",
    "walk",
]
