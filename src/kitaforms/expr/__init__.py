"""The expression language of kitaforms: conditions, validations and computed values.

Written once by editors (``kind.geburtsdatum <= heute()``), then parsed (:func:`parse`), checked
against the form (:func:`typecheck`), evaluated on the server (:func:`evaluate`) and shipped to the
browser as a JSON AST (:func:`to_json`), which ``renderers/default/static/js/expr.js`` interprets
with the same semantics.
"""

from kitaforms.expr._ast import Binary, Call, Expr, Literal, Ref, Unary, references, walk
from kitaforms.expr._check import DictScope, ExprIssue, Scope, Symbol, typecheck
from kitaforms.expr._eval import DictEnv, Env, evaluate
from kitaforms.expr._functions import FUNCTIONS, Function
from kitaforms.expr._json import from_json, to_json
from kitaforms.expr._parser import KEYWORDS, ExprSyntaxError, parse
from kitaforms.expr._source import to_source
from kitaforms.expr._types import BOOLEAN, DATE, NULL, NUMBER, STRING, UNKNOWN, Type, list_of
from kitaforms.expr._values import Value

__all__ = [
    "BOOLEAN", "DATE", "FUNCTIONS", "KEYWORDS", "NULL", "NUMBER", "STRING", "UNKNOWN",
    "Binary", "Call", "DictEnv", "DictScope", "Env", "Expr", "ExprIssue", "ExprSyntaxError",
    "Function", "Literal", "Ref", "Scope", "Symbol", "Type", "Unary", "Value",
    "evaluate", "from_json", "list_of", "parse", "references", "to_json", "to_source", "typecheck",
    "walk",
]
