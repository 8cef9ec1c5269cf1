"""Conditions in words: an expression rendered with the form's labels, for people who sign forms off.

``sorgerecht == "gemeinsam" and getrennt_lebend`` becomes
``„Wer hat das Sorgerecht?“ ist „Beide Eltern gemeinsam“ und „Leben Sie getrennt?“ ist ja``.
Field names become their labels, codes the labels of their options; what has no label stays as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from kitaforms import expr
from kitaforms.check.choices import options_of
from kitaforms.check.expressions import OWN_VALUE, SETTINGS_PREFIX, FormSymbols
from kitaforms.expr import Binary, Call, Literal, Ref, Unary
from kitaforms.model.walk import Placed
from kitaforms.resolve import ResolvedForm

_COMPARE = {"==": "ist", "!=": "ist nicht", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
_ARITHMETIC = {"+": "+", "-": "−", "*": "·", "/": ":"}
_LOGIC = {"and": "und", "or": "oder"}
_CALLS = {
    "ausgefuellt": "{0} ist ausgefüllt",
    "heute": "heute",
    "alter": "Alter laut {0}",
    "alter_am": "Alter laut {0} am {1}",
    "anzahl": "Anzahl {0}",
    "summe": "Summe {0}",
    "datum": "{0}",
}


def text_of(text: dict[str, str] | None, language: str = "de") -> str:
    if not text:
        return ""
    return text.get(language) or text.get("de") or next(iter(text.values()), "")


@dataclass
class Describer:
    resolved: ResolvedForm
    symbols: FormSymbols
    language: str = "de"

    def condition(self, text: str, context: Placed | None) -> str:
        """The condition in words; the source text when it does not parse."""
        try:
            tree = expr.parse(text)
        except expr.ExprSyntaxError:
            return text
        return self._node(tree, context, top=True)

    def _node(self, node: expr.Expr, context: Placed | None, top: bool = False) -> str:
        if isinstance(node, Binary):
            return self._binary(node, context)
        if isinstance(node, Unary):
            return self._unary(node, context)
        if isinstance(node, Call):
            return self._call(node, context)
        if isinstance(node, Ref):
            return self._truthy_ref(node, context) if top else self._ref(node, context)
        return self._literal(node.value)

    def _binary(self, node: Binary, context: Placed | None) -> str:
        same = _same_field_choices(node)
        if same is not None:
            field, codes = same
            values = " oder ".join(self._value(Literal(code), field, context) for code in codes)
            return f"{self._ref(field, context)} ist {values}"
        if node.op in _LOGIC:
            parts = [self._operand(side, node.op, context) for side in (node.left, node.right)]
            return f" {_LOGIC[node.op]} ".join(parts)
        if node.op in ("==", "!=") and _is_null(node.right):
            verb = "ist leer" if node.op == "==" else "ist ausgefüllt"
            return f"{self._node(node.left, context)} {verb}"
        if node.op in ("in", "not in"):
            verb = "enthält" if node.op == "in" else "enthält nicht"
            return f"{self._node(node.right, context)} {verb} {self._value(node.left, node.right, context)}"
        words = _COMPARE.get(node.op) or _ARITHMETIC[node.op]
        return f"{self._node(node.left, context)} {words} {self._value(node.right, node.left, context)}"

    def _operand(self, side: expr.Expr, op: str, context: Placed | None) -> str:
        text = self._node(side, context, top=True)
        mixed = isinstance(side, Binary) and side.op in _LOGIC and side.op != op
        return f"({text})" if mixed else text

    def _unary(self, node: Unary, context: Placed | None) -> str:
        if node.op == "-":
            return f"−{self._node(node.operand, context)}"
        if isinstance(node.operand, Ref):
            return f"{self._ref(node.operand, context)} ist nein"
        return f"nicht ({self._node(node.operand, context, top=True)})"

    def _call(self, node: Call, context: Placed | None) -> str:
        args = [self._node(arg, context) for arg in node.args]
        template = _CALLS.get(node.name)
        return template.format(*args) if template else f"{node.name}({', '.join(args)})"

    def _truthy_ref(self, node: Ref, context: Placed | None) -> str:
        return f"{self._ref(node, context)} ist ja"

    def _ref(self, node: Ref, context: Placed | None) -> str:
        if node.parts == (OWN_VALUE,):
            return "die Eingabe"
        if node.parts[0] == SETTINGS_PREFIX:
            return f"Einstellung „{'.'.join(node.parts[1:])}“"
        placed = self._placed(node, context)
        label = text_of(placed.element.label, self.language) if placed else ""
        return f"„{label}“" if label else f"„{node.dotted}“"

    def _placed(self, node: Ref, context: Placed | None) -> Placed | None:
        name = self.symbols.resolve(node.parts, context)
        return self.symbols.entries[name].placed if name in self.symbols.entries else None

    def _value(self, value: expr.Expr, field: expr.Expr, context: Placed | None) -> str:
        """A literal compared with ``field``: a code becomes its option's label."""
        if isinstance(value, Literal) and isinstance(value.value, str) and isinstance(field, Ref):
            placed = self._placed(field, context)
            label = self._option_label(placed, value.value) if placed else None
            if label:
                return f"„{label}“"
        return self._node(value, context)

    def _option_label(self, placed: Placed, code: str) -> str | None:
        element = placed.element
        if element.type not in ("choice", "multichoice", "ranked_choice"):
            return None
        for option in options_of(self.resolved, element) or []:  # type: ignore[arg-type]
            if option.code == code:
                return text_of(option.label, self.language)
        return None

    def _literal(self, value: object) -> str:
        if value is True:
            return "ja"
        if value is False:
            return "nein"
        if value is None:
            return "leer"
        if isinstance(value, str):
            return f"„{value}“"
        if hasattr(value, "strftime"):
            return value.strftime("%d.%m.%Y")  # type: ignore[union-attr]
        return str(value).replace(".", ",")


def _same_field_choices(node: Binary) -> tuple[Ref, list[str]] | None:
    """``a == "x" or a == "y"`` (two or more) as the field and its codes; else None."""
    if node.op != "or":
        return None
    terms: list[expr.Expr] = []
    stack: list[expr.Expr] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Binary) and current.op == "or":
            stack.extend((current.right, current.left))
        else:
            terms.append(current)
    pairs = [_ref_equals(term) for term in terms]
    if any(pair is None for pair in pairs) or len({pair[0].dotted for pair in pairs}) != 1:  # type: ignore[index]
        return None
    return pairs[0][0], [pair[1] for pair in pairs]  # type: ignore[index]


def _ref_equals(node: expr.Expr) -> tuple[Ref, str] | None:
    if not (isinstance(node, Binary) and node.op == "==" and isinstance(node.left, Ref)):
        return None
    right = node.right
    return (node.left, right.value) if isinstance(right, Literal) and isinstance(right.value, str) else None


def _is_null(node: expr.Expr) -> bool:
    return isinstance(node, Literal) and node.value is None
