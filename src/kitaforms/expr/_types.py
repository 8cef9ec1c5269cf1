"""The static types of the expression language.

``number`` covers integers, decimals and money (Python values are ``Decimal``). ``unknown`` is the
type of anything the checker could not determine (an unknown field, a failed call); it is compatible
with everything so one mistake is reported once, not again by every operator around it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Type:
    name: str
    item: Type | None = None

    def __str__(self) -> str:
        return f"list[{self.item}]" if self.item is not None else self.name

    @property
    def is_list(self) -> bool:
        return self.name == "list"


NUMBER = Type("number")
STRING = Type("string")
BOOLEAN = Type("boolean")
DATE = Type("date")
NULL = Type("null")
UNKNOWN = Type("unknown")

# Pseudo types used only in function signatures (see ``_functions``).
ANY = Type("any")  # accepts every argument
T = Type("T")  # type variable: every T in one signature must agree
ORDERED = Type("number, date or string")  # type variable restricted to these three

ORDERED_TYPES = frozenset({NUMBER, DATE, STRING})


def list_of(item: Type) -> Type:
    return Type("list", item)


def is_vague(actual: Type) -> bool:
    """True for types that fit anywhere: an unknown value or the null literal."""
    return actual in (UNKNOWN, NULL)


def compatible(actual: Type, wanted: Type) -> bool:
    """Whether a value of type ``actual`` may stand where ``wanted`` is expected."""
    if is_vague(actual) or is_vague(wanted) or actual == wanted:
        return True
    if actual.is_list and wanted.is_list:
        assert actual.item is not None and wanted.item is not None
        return compatible(actual.item, wanted.item)
    return False
