"""Per field type: how a submitted JSON value becomes a typed value, and what can be wrong with it.

One small function per type, looked up in a table (the jsonschema keyword style).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from decimal import Decimal
from typing import Any

from kitaforms.check.choices import options_of
from kitaforms.model.form import Element
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.formats import (
    amount_places,
    iban_valid,
    matches,
    parse_amount,
    parse_date,
    parse_month,
    parse_number,
)
from kitaforms.runtime.text import blank, has_direction_controls

Problem = tuple[str, dict[str, object]]
NO_VALUE_TYPES = ("info", "group", "computed")


# answered with a JSON string: there, only white space and invisible characters is no answer (:mod:`.text`)
STRING_KINDS = frozenset({"text", "textarea", "email", "tel", "postal_code", "iban", "date", "month", "choice",
                          "money", "decimal"})


def is_empty(raw: Any, kind: str = "text") -> bool:
    """No answer: nothing, or for a field answered with a string one of only invisible characters."""
    if isinstance(raw, str):
        return raw == "" or (kind in STRING_KINDS and blank(raw))
    return raw is None or raw == [] or raw == {}


def typed_value(element: Element, raw: Any) -> Any:
    """The value an expression sees (Decimal, date, bool, str, list) or None when unusable."""
    if is_empty(raw, element.type):
        return None
    if element.type in ("money", "decimal"):
        return _as_amount(element, raw)
    convert = _TYPED.get(element.type, _as_text)
    return convert(raw)


def _as_text(raw: Any) -> Any:
    return raw if isinstance(raw, str) else None


def _as_bool(raw: Any) -> Any:
    return raw if isinstance(raw, bool) else None


def _as_list(raw: Any) -> Any:
    return [item for item in raw if isinstance(item, str)] if isinstance(raw, list) else None


def _as_picks(raw: Any) -> Any:
    return [pick.get("code") for pick in raw if isinstance(pick, dict)] if isinstance(raw, list) else None


def _as_amount(element: Element, raw: Any) -> Any:
    """A money or decimal answer: a decimal string (``"1234.56"``), read exactly; anything else None."""
    places = amount_places(element)
    return parse_amount(raw, places) if places is not None else None


def _as_file(raw: Any) -> Any:
    if isinstance(raw, list):
        return [item.get("name") for item in raw if isinstance(item, dict)]
    return raw.get("name") if isinstance(raw, dict) else None


_TYPED: dict[str, Callable[[Any], Any]] = {
    "integer": parse_number,
    "date": parse_date, "month": parse_month, "boolean": _as_bool, "declaration": _as_bool,
    "multichoice": _as_list, "ranked_choice": _as_picks, "file": _as_file,
    "repeat": lambda raw: raw if isinstance(raw, list) else None,
}


def field_problems(resolved: ResolvedForm, element: Element, raw: Any, required: bool) -> list[Problem]:
    """What is wrong with the answer ``raw`` to ``element`` (empty for most answers: a plain list, no generator)."""
    kind = element.type
    if kind in NO_VALUE_TYPES:
        return []
    if is_empty(raw, kind) or (kind == "declaration" and raw is False):
        if required:
            return [(_required_code(kind), {})]
        if kind == "repeat" and element.min_items:  # type: ignore[union-attr]
            return [("too_few_items", {"limit": element.min_items})]  # type: ignore[union-attr]
        return []
    check = _CHECKS.get(kind)
    return list(check(resolved, element, raw)) if check is not None else []


def _required_code(kind: str) -> str:
    if kind == "declaration":
        return "required_declaration"
    if kind == "file":
        return "required_file"
    return "required_choice" if kind in ("choice", "multichoice", "boolean", "ranked_choice") else "required"


def _text(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
    if not isinstance(raw, str):
        yield "invalid_value", {}
        return
    if element.min_length is not None and len(raw) < element.min_length:
        yield "too_short", {"limit": element.min_length}
    if element.max_length is not None and len(raw) > element.max_length:
        yield "too_long", {"limit": element.max_length}
    if has_direction_controls(raw):
        yield "invalid_characters", {}
    pattern = getattr(element, "pattern", None)
    if pattern and not _matches_pattern(pattern, raw):
        yield "invalid_pattern", {}


def _matches_pattern(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:  # reported to the editor as FORM_018; never a server error
        return True


def _textarea(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
    if not isinstance(raw, str):
        yield "invalid_value", {}
    elif element.max_length is not None and len(raw) > element.max_length:
        yield "too_long", {"limit": element.max_length}


def _format(kind: str, normalise: Callable[[str], str] = str.strip) -> Callable[..., Iterator[Problem]]:
    def check(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
        if not isinstance(raw, str) or not matches(kind, normalise(raw)):
            yield f"invalid_{kind}", {}

    return check


def _iban(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
    if not isinstance(raw, str) or not iban_valid(raw):
        yield "invalid_iban", {}


def _number(kind: str) -> Callable[..., Iterator[Problem]]:
    """An integer is a JSON number; a decimal or money amount a decimal string (``"1234.56"``)."""
    def check(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
        number = _as_amount(element, raw) if kind != "integer" else parse_number(raw) if not isinstance(raw, str) else None
        if number is None:
            yield f"invalid_{kind}", {}
            return
        if number.is_finite() and number.adjusted() >= MAX_DIGITS:
            yield "too_large", {"limit": _shown(element.maximum if element.maximum is not None else 10**MAX_DIGITS - 1)}
        elif not _fits(kind, number, element):
            yield f"invalid_{kind}", {}
        elif element.minimum is not None and number < element.minimum:
            yield "too_small", {"limit": _shown(element.minimum)}
        elif element.maximum is not None and number > element.maximum:
            yield "too_large", {"limit": _shown(element.maximum)}

    return check


MAX_DIGITS = 20  # no answer on a Kita form needs more; bigger numbers are refused, never computed


def _fits(kind: str, number: Decimal, element: Any) -> bool:
    if not number.is_finite() or number.adjusted() >= MAX_DIGITS:
        return False
    places = {"integer": 0, "money": 2}.get(kind, getattr(element, "decimals", 2))
    return number == number.quantize(Decimal(1).scaleb(-places))


def _shown(limit: Decimal | int) -> str:
    return format(limit, "f").replace(".", ",") if isinstance(limit, Decimal) else str(limit)


def _date(kind: str) -> Callable[..., Iterator[Problem]]:
    parse = parse_date if kind == "date" else parse_month

    def check(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
        if parse(raw) is None:
            yield f"invalid_{kind}", {}

    return check


def _boolean(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
    if not isinstance(raw, bool):
        yield "invalid_value", {}


def _choice(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
    codes = _codes(resolved, element)
    if not isinstance(raw, str) or (codes is not None and raw not in codes):
        yield "invalid_choice", {}


def _multichoice(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
    codes = _codes(resolved, element)
    if not isinstance(raw, list) or any(not isinstance(i, str) or codes is not None and i not in codes for i in raw):
        yield "invalid_choice", {}
        return
    yield from _count(raw, element.min_items, element.max_items)
    if len(set(raw)) != len(raw):
        yield "duplicate_pick", {}


def _ranked(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
    if not isinstance(raw, list) or not all(isinstance(p, dict) and isinstance(p.get("code"), str) for p in raw):
        yield "invalid_value", {}
        return
    picks = [p["code"] for p in raw]
    allowed = _pick_codes(resolved, element)
    reasons = _reason_codes(resolved, element)
    if allowed is not None and any(code not in allowed for code in picks) or any(not _reasons_ok(p.get("reasons"), reasons) for p in raw):
        yield "invalid_choice", {}
    if len(set(picks)) != len(picks):
        yield "duplicate_pick", {}
    yield from _count(picks, element.min_picks, element.max_picks)


def _reasons_ok(given: Any, allowed: set[str] | None) -> bool:
    if given is None:
        return True
    return isinstance(given, list) and all(isinstance(r, str) and (allowed is None or r in allowed) for r in given)


def _count(items: list[Any], low: int | None, high: int | None) -> Iterator[Problem]:
    if low is not None and len(items) < low:
        yield "too_few_items", {"limit": low}
    if high is not None and len(items) > high:
        yield "too_many_items", {"limit": high}


def _repeat(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        yield "invalid_value", {}
        return
    yield from _count(raw, element.min_items, element.max_items)


def _file(resolved: ResolvedForm, element: Any, raw: Any) -> Iterator[Problem]:
    files = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in files):
        yield "invalid_value", {}
        return
    if len(files) > element.max_files:
        yield "too_many_items", {"limit": element.max_files}
    if any(f.get("type") not in element.accept for f in files):
        yield "invalid_file_type", {}
    limit = element.max_size_mb * 1024 * 1024
    if any(not isinstance(f.get("size"), int) or f["size"] > limit for f in files):
        yield "file_too_large", {"limit": _shown(element.max_size_mb)}


def _codes(resolved: ResolvedForm, element: Any) -> frozenset[str] | None:
    """The codes a choice field accepts (read once per resolved form and field)."""
    known = resolved.choice_codes
    if id(element) not in known:
        options = options_of(resolved, element)
        known[id(element)] = frozenset(option.code for option in options) if options is not None else None
    return known[id(element)]


def _pick_codes(resolved: ResolvedForm, element: Any) -> Collection[str] | None:
    if element.catalogue == "einrichtungen":
        return resolved.facility_index.keys() if resolved.facilities else None
    return _codes(resolved, element)


def _reason_codes(resolved: ResolvedForm, element: Any) -> set[str] | None:
    if not element.reasons:
        return None
    return {option.code for option in resolved.form.code_lists.get(element.reasons, [])}


_CHECKS: dict[str, Callable[..., Iterator[Problem]]] = {
    "text": _text, "textarea": _textarea, "email": _format("email"), "tel": _format("tel"),
    "postal_code": _format("postal_code"), "iban": _iban,
    "integer": _number("integer"), "decimal": _number("number"), "money": _number("money"),
    "date": _date("date"), "month": _date("month"), "boolean": _boolean, "declaration": _boolean,
    "choice": _choice, "multichoice": _multichoice, "ranked_choice": _ranked, "repeat": _repeat,
    "file": _file,
}
