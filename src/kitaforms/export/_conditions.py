"""Translate conditions of the expression language into JSON Schema predicates, where possible.

A *predicate* is a JSON Schema (a dict, or ``True``/``False``) that an object of the submission
satisfies exactly when the condition is true on the server (:mod:`kitaforms.runtime`). It is
written for an *anchor*: the submission root (``""``) or the entry object of a repeat (the repeat's
dotted name), because JSON Schema can only look down from where it is applied.

The runtime's semantics are kept exactly: a field that is hidden (its step, group or own
``visible_if`` is false) counts as missing, any comparison with a missing value is false, only
``true`` is true. So ``sorgerecht == "gemeinsam"`` becomes "``sorgerecht`` is visible *and*
present *and* equal to ``gemeinsam``", where visibility is itself translated the same way.

What is translated: ``and``, ``or``, ``not``, ``true``/``false``; a boolean field on its own;
``==``/``!=`` between a field and a literal of its kind (codes and texts, numbers, booleans);
``<``, ``<=``, ``>``, ``>=`` between a number field and a number (an amount — money, decimal — is
a decimal string: its comparisons become a ``pattern`` of the range, :mod:`._decimal_pattern`);
``"code" in field`` for
multiple-choice and ranked fields; ``== null``/``!= null`` and ``ausgefuellt(field)``;
``einstellungen.<name>`` as the setting's value. Anything else (dates relative to ``heute()``,
arithmetic, fields of another repeat entry, …) returns ``None``: the caller then leaves the rule
to the server, which checks it from the definition (``form.json``).

Every schema written here names its ``type`` next to type-specific keywords (``required``,
``properties``, ``minLength``, ``items`` …), so validators in strict mode (ajv) compile it silently.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kitaforms import expr
from kitaforms.export._decimal_pattern import decimal_pattern
from kitaforms.model.walk import Placed
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.formats import amount_places

Pred = dict[str, Any] | bool
Anchor = str
_STRINGS = frozenset({"text", "textarea", "email", "tel", "postal_code", "iban", "choice"})
_NUMBERS = frozenset({"integer"})
_AMOUNTS = frozenset({"decimal", "money"})
_BOOLEANS = frozenset({"boolean", "declaration"})
_LISTS = frozenset({"multichoice", "ranked_choice"})
_ORDER = {"<": "exclusiveMaximum", "<=": "maximum", ">": "exclusiveMinimum", ">=": "minimum"}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


class Unsupported(Exception):
    """The condition cannot be said in JSON Schema."""


def all_of(*parts: Pred) -> Pred:
    """Conjunction, simplified: ``True`` parts vanish, a ``False`` part wins, repeats go."""
    kept: list[Pred] = []
    for part in _flatten(parts):
        if part is False:
            return False
        if part is not True and part not in kept:
            kept.append(part)
    if not kept:
        return True
    return kept[0] if len(kept) == 1 else {"allOf": kept}


def _flatten(parts: tuple[Pred, ...]) -> list[Pred]:
    flat: list[Pred] = []
    for part in parts:
        if isinstance(part, dict) and set(part) == {"allOf"}:
            flat.extend(part["allOf"])
        else:
            flat.append(part)
    return flat


def any_of(*parts: Pred) -> Pred:
    kept = [part for part in parts if part is not False]
    if any(part is True for part in kept):
        return True
    if not kept:
        return False
    return kept[0] if len(kept) == 1 else {"anyOf": kept}


def negate(part: Pred) -> Pred:
    if isinstance(part, bool):
        return not part
    return {"not": part}


def at_path(parts: list[str], leaf: Pred) -> Pred:
    """``leaf`` applied to the value at ``parts`` below the object, which must be present."""
    if leaf is False:
        return False
    schema: Pred = leaf
    for part in reversed(parts):
        step: dict[str, Any] = {"type": "object", "required": [part]}
        if schema is not True:
            step["properties"] = {part: schema}
        schema = step
    return schema


def nonempty(json_type: str) -> dict[str, Any]:
    """What "answered" means for a value of this JSON type: the runtime treats "", [] and {} as unanswered."""
    return {"string": {"type": "string", "minLength": 1}, "array": {"type": "array", "minItems": 1},
            "object": {"type": "object", "minProperties": 1}}.get(json_type, {})


def typed(schema: dict[str, Any], json_type: str) -> dict[str, Any]:
    """``schema`` with its ``type`` said (ajv's strict mode wants it next to type-specific keywords)."""
    return {"type": json_type, **schema} if schema and "type" not in schema else schema


class Conditions:
    """Translates the conditions of one resolved form."""

    def __init__(self, resolved: ResolvedForm) -> None:
        self.resolved = resolved
        self.symbols = resolved.symbols
        self.placed = resolved.placed
        self._visible: dict[tuple[str, Anchor], Pred] = {}

    # --- anchors ---------------------------------------------------------------------------

    def anchor(self, text: str, context: Placed | None) -> Anchor | None:
        """Where a predicate for ``text`` must be applied, or None when there is no such place."""
        try:
            names = self._names(expr.parse(text), context)
        except (Unsupported, expr.ExprSyntaxError):
            return None
        chains = {self.placed[name].repeats for name in names}
        if not chains:
            return ""
        if len(chains) > 1:
            return None
        chain = chains.pop()
        inner = context.repeats if context else ()
        if chain != inner[: len(chain)]:
            return None  # a field of another repeat entry: the schema cannot look there
        return chain[-1] if chain else ""

    def _names(self, tree: expr.Expr, context: Placed | None) -> set[str]:
        names: set[str] = set()
        for node in expr.walk(tree):
            if isinstance(node, expr.Ref) and node.parts[0] != "einstellungen":
                name = self.symbols.resolve(node.parts, context)
                if name is None:
                    raise Unsupported(node.dotted)
                names.add(name)
        return names

    # --- predicates ------------------------------------------------------------------------

    def predicate(self, text: str, context: Placed | None, anchor: Anchor) -> Pred | None:
        """The predicate of ``text`` (evaluated in ``context``) at ``anchor``, or None."""
        try:
            return self._translate(expr.parse(text), context, anchor)
        except (Unsupported, expr.ExprSyntaxError, RecursionError):
            return None

    def _translate(self, node: expr.Expr, context: Placed | None, anchor: Anchor) -> Pred:
        if isinstance(node, expr.Literal):
            if isinstance(node.value, bool):
                return node.value
            raise Unsupported("a literal that is not true or false is never true")
        if isinstance(node, expr.Ref) and not self._is_field(node):
            return self._literal(node) is True
        if isinstance(node, expr.Ref):
            return self._compare(self._field(node, context, anchor), "==", True, anchor)
        if isinstance(node, expr.Unary) and node.op == "not":
            return negate(self._translate(node.operand, context, anchor))
        if isinstance(node, expr.Call) and node.name == "ausgefuellt" and len(node.args) == 1:
            return self._present(self._field(node.args[0], context, anchor), anchor)
        if isinstance(node, expr.Binary):
            return self._binary(node, context, anchor)
        raise Unsupported(type(node).__name__)

    def _binary(self, node: expr.Binary, context: Placed | None, anchor: Anchor) -> Pred:
        if node.op in ("and", "or"):
            left = self._translate(node.left, context, anchor)
            right = self._translate(node.right, context, anchor)
            return all_of(left, right) if node.op == "and" else any_of(left, right)
        if node.op in ("in", "not in"):
            field = self._field(node.right, context, anchor)
            found = self._contains(self._literal(node.left), field, anchor)
            return found if node.op == "in" else all_of(self._present(field, anchor), negate(found))
        if node.op not in _FLIP:
            raise Unsupported(node.op)
        if self._is_field(node.left):
            return self._compare(self._field(node.left, context, anchor), node.op, self._literal(node.right), anchor)
        if self._is_field(node.right):
            return self._compare(self._field(node.right, context, anchor), _FLIP[node.op], self._literal(node.left), anchor)
        return self._constant(node)

    def _constant(self, node: expr.Binary) -> bool:
        """A comparison of literals and settings: decided now, as the runtime would."""
        folded = expr.Binary(node.op, expr.Literal(self._literal(node.left)), expr.Literal(self._literal(node.right)))
        return expr.evaluate(folded, expr.DictEnv({})) is True

    def _is_field(self, node: expr.Expr) -> bool:
        return isinstance(node, expr.Ref) and node.parts[0] != "einstellungen"

    def _literal(self, node: expr.Expr) -> Any:
        if isinstance(node, expr.Literal):
            return node.value
        if isinstance(node, expr.Ref) and node.parts[0] == "einstellungen" and len(node.parts) == 2:
            settings = self.resolved.form.settings
            if node.parts[1] in settings:
                return settings[node.parts[1]]
        raise Unsupported("not a literal")

    def _field(self, node: expr.Expr, context: Placed | None, anchor: Anchor) -> Placed:
        if not isinstance(node, expr.Ref):
            raise Unsupported("not a field")
        name = self.symbols.resolve(node.parts, context)
        if name is None:
            raise Unsupported(node.dotted)
        placed = self.placed[name]
        if (placed.repeats[-1] if placed.repeats else "") != anchor:
            raise Unsupported("a field outside the anchor")
        return placed

    # --- atoms -----------------------------------------------------------------------------

    def _relative(self, placed: Placed, anchor: Anchor) -> list[str]:
        name = placed.name[len(anchor) + 1 :] if anchor else placed.name
        return name.split(".")

    def _atom(self, placed: Placed, anchor: Anchor, leaf: Pred) -> Pred:
        return all_of(self.visible(placed, anchor), at_path(self._relative(placed, anchor), leaf))

    def _present(self, placed: Placed, anchor: Anchor) -> Pred:
        return self._atom(placed, anchor, _nonempty(placed.element))

    def _compare(self, placed: Placed, op: str, value: Any, anchor: Anchor) -> Pred:
        kind = placed.element.type
        if value is None and op in ("==", "!="):
            present = self._present(placed, anchor)
            return negate(present) if op == "==" else present
        if kind in _AMOUNTS:
            leaf = _amount_leaf(amount_places(placed.element) or 0, op, value)
        else:
            leaf = _leaf(kind, op, value)
        return self._atom(placed, anchor, leaf)

    def _contains(self, value: Any, placed: Placed, anchor: Anchor) -> Pred:
        kind = placed.element.type
        if kind not in _LISTS or not isinstance(value, str):
            raise Unsupported("only `\"code\" in list-field`")
        item: Pred = {"const": value} if kind == "multichoice" else {
            "type": "object", "required": ["code"], "properties": {"code": {"const": value}}}
        return self._atom(placed, anchor, {"type": "array", "contains": item})

    # --- visibility ------------------------------------------------------------------------

    def visible(self, placed: Placed, anchor: Anchor) -> Pred:
        """True exactly when the runtime shows ``placed`` (within an entry of ``anchor``)."""
        key = (placed.name, anchor)
        if key not in self._visible:
            self._visible[key] = False  # a cycle (rejected by the checker) reads as never visible
            self._visible[key] = self._compute_visible(placed, anchor)
        result = self._visible[key]
        if result is None:
            raise Unsupported(f"the visibility of {placed.name}")
        return result

    def _compute_visible(self, placed: Placed, anchor: Anchor) -> Pred | None:
        parts: list[Pred] = []
        if not anchor and placed.step.visible_if:
            parts.append(self._condition(placed.step.visible_if, None, anchor))
        for scope in _containers(placed.name, anchor):
            container = self.placed[scope]
            if container.element.visible_if:
                parts.append(self._condition(container.element.visible_if, container, anchor))
        if placed.element.visible_if:
            parts.append(self._condition(placed.element.visible_if, placed, anchor))
        if any(part is None for part in parts):
            return None
        return all_of(*parts)  # type: ignore[arg-type]

    def _condition(self, text: str, context: Placed | None, anchor: Anchor) -> Pred | None:
        own = self.anchor(text, context)
        if own is None or (own != anchor and own != ""):
            return None
        if own == "" and anchor:
            # a root-level condition inside a repeat entry: only constants can be said here
            return None if self._mentions_fields(text) else self.predicate(text, context, "")
        return self.predicate(text, context, anchor)

    def _mentions_fields(self, text: str) -> bool:
        tree = expr.parse(text)
        return any(isinstance(node, expr.Ref) and self._is_field(node) for node in expr.walk(tree))


def _containers(name: str, anchor: Anchor) -> list[str]:
    """The dotted names of the groups and repeats enclosing ``name`` below ``anchor``."""
    parts = name.split(".")
    scopes = [".".join(parts[:index]) for index in range(1, len(parts))]
    if anchor:
        scopes = [scope for scope in scopes if scope.startswith(anchor + ".")]
    return scopes


def _nonempty(element: Any) -> Pred:
    """What "answered" means for the element's value (numbers, amounts, booleans: present at all)."""
    kind = element.type
    if kind in _STRINGS or kind in ("date", "month"):
        return nonempty("string")
    if kind in _LISTS or kind == "repeat" or (kind == "file" and element.max_files > 1):
        return nonempty("array")
    if kind == "file":
        return nonempty("object")
    return True


def _leaf(kind: str, op: str, value: Any) -> Pred:
    if kind in _STRINGS and isinstance(value, str):
        return _equality(op, {"type": "string", "minLength": 1}, value)
    if kind in _BOOLEANS and isinstance(value, bool):
        return _equality(op, {"type": "boolean"}, value)
    if kind in _NUMBERS and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        if op in _ORDER:
            return {"type": "number", _ORDER[op]: value}
        return _equality(op, {"type": "number"}, value)
    raise Unsupported(f"{kind} {op} {value!r}")


def _amount_leaf(places: int, op: str, value: Any) -> Pred:
    """A comparison of a decimal-string amount with a number: a pattern of the amounts it holds for.

    Amounts have at most ``places`` decimals (others are refused and, like the runtime, compare false),
    so ``> 10`` is ``>= 10.01`` for money; ``==`` holds for ``"10"``, ``"10.0"`` and ``"10.00"``.
    """
    if not isinstance(value, (int, Decimal)) or isinstance(value, bool):
        raise Unsupported(f"an amount {op} {value!r}")
    number, unit = Decimal(value), Decimal(1).scaleb(-places)
    low, high = {
        "==": (number, number), "!=": (number, number), ">=": (number, None), "<=": (None, number),
        ">": (_next_above(number, unit), None), "<": (None, _next_below(number, unit)),
    }[op]
    inside: dict[str, Any] = {"type": "string", "pattern": decimal_pattern(low, high, places)}
    if op == "!=":
        return {"type": "string", "pattern": decimal_pattern(None, None, places), "not": inside}
    return inside


def _next_above(number: Decimal, unit: Decimal) -> Decimal:
    """The smallest amount of ``unit`` steps above ``number``."""
    floor = (number / unit).to_integral_value(rounding="ROUND_FLOOR") * unit
    return floor + unit


def _next_below(number: Decimal, unit: Decimal) -> Decimal:
    ceiling = (number / unit).to_integral_value(rounding="ROUND_CEILING") * unit
    return ceiling - unit


def _equality(op: str, base: dict[str, Any], value: Any) -> Pred:
    if op == "==":
        return {"const": value}
    if op == "!=":
        return {**base, "not": {"const": value}}
    raise Unsupported(op)
