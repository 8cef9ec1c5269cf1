"""Amounts in bundles published before they were decimal strings: JSON numbers, kept working.

Since forms 2.0.0 a money or decimal answer is a decimal string (``"1234.56"``, see
:mod:`kitaforms.runtime.formats`). A release published earlier (its ``schema.json`` says
``"type": "number"`` for the amount) still accepts what it accepted — a form server may have
imported it, and its assistant sends numbers. :class:`LegacyAmounts` finds those fields in a
bundle's schema; the server then reads their numbers as decimal strings for the rule check
(:meth:`LegacyAmounts.as_strings`: ``1250.5`` → ``"1250.5"``, digits unchanged, so ``12.345`` is
still refused) and turns a plain form post's decimal strings into the numbers that schema wants
(:meth:`LegacyAmounts.as_numbers`). For a current bundle both do nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.formats import amount_places


class LegacyAmounts:
    def __init__(self, resolved: ResolvedForm, schema: Mapping[str, Any]) -> None:
        self.names = [name for name, placed in resolved.placed.items()
                      if amount_places(placed.element) is not None and _type_at(schema, name) == "number"]

    def as_strings(self, data: Any) -> Any:
        """``data`` with the numbers of these fields as decimal strings (for the rule check)."""
        return self._convert(data, _number_to_text)

    def as_numbers(self, data: Any) -> Any:
        """``data`` with the decimal strings of these fields as numbers (what the old schema wants)."""
        return self._convert(data, _text_to_number)

    def _convert(self, data: Any, change: Callable[[Any], Any]) -> Any:
        for name in self.names:
            data = _at(data, name.split("."), change)
        return data


def _type_at(schema: Mapping[str, Any], name: str) -> Any:
    node: Any = schema
    for part in name.split("."):
        if isinstance(node, Mapping) and node.get("type") == "array":
            node = node.get("items")
        node = (node.get("properties") or {}).get(part) if isinstance(node, Mapping) else None
    return node.get("type") if isinstance(node, Mapping) else None


def _at(node: Any, parts: list[str], change: Callable[[Any], Any]) -> Any:
    """A copy of ``node`` with ``change`` applied to the values at ``parts`` (through repeats' lists)."""
    if not parts:
        return change(node)
    if isinstance(node, list):
        return [_at(entry, parts, change) for entry in node]
    if isinstance(node, Mapping) and parts[0] in node:
        return {**node, parts[0]: _at(node[parts[0]], parts[1:], change)}
    return node


def _number_to_text(value: Any) -> Any:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return format(number, "f") if number.is_finite() else value
    return value


def _text_to_number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except ArithmeticError:
            return value
        return number if number.is_finite() and format(number, "f") == value else value
    return value
