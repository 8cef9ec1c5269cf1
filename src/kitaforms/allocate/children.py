"""A registration read through the Kommune's form: what the child needs and what the family wishes.

Values come from :class:`~kitaforms.runtime.submission.FormRuntime`, so a hidden field counts as
unanswered exactly as it does in the form (``umfang_kita`` only for Kita and Hort, …). The stored
submission was checked by the server when it came in; here only what the allocation needs is read,
and a registration that lacks it is listed with what is missing instead of being placed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Any

from kitaforms.allocate.registrations import Registration
from kitaforms.allocate.scope import WISHES, RuleEnv
from kitaforms.expr import Compiled
from kitaforms.expr._values import months_between
from kitaforms.resolve import ResolvedForm
from kitaforms.runtime.submission import FormRuntime

BIRTH, CARE, START, KITA_HOURS, TP_HOURS = "kind.geburtsdatum", "betreuungsart", "beginn", "umfang_kita", "tagespflege_stunden"
PLACEMENT, OTHER_OK = "vermittlung", "andere_einrichtung_moeglich"
HOURS_FIELD = {"kita": KITA_HOURS, "hort": KITA_HOURS, "tagespflege": TP_HOURS}  # OGS books modules, not hours


@dataclass(frozen=True)
class Wish:
    facility: str
    rank: int  # 1 for the first wish
    reasons: tuple[str, ...] = ()


@dataclass
class Child:
    reference: str
    received_at: str
    birth: date | None
    care_type: str | None
    start: str | None  # YYYY-MM
    hours: tuple[int, ...]  # the booked weekly hours first, then the alternatives the family accepts
    wishes: tuple[Wish, ...]
    family: tuple[str, ...] | None = None  # equal for siblings (criteria `siblings.family`)
    placement_wanted: bool = False  # `vermittlung`: place me without wishes
    other_ok: bool = False  # `andere_einrichtung_moeglich`
    missing: tuple[str, ...] = ()  # what the allocation needs but the registration lacks
    env: RuleEnv | None = field(default=None, repr=False, compare=False)
    facts: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)  # rules read once per child

    @property
    def complete(self) -> bool:
        return not self.missing

    def age_months(self) -> int | None:
        if self.birth is None or self.start is None:
            return None
        return months_between(self.birth, start_date(self.start))


def start_date(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def read_child(registration: Registration, form: ResolvedForm, today: date, hours_alternatives: str | None,
               family: Sequence[Compiled]) -> Child:
    runtime = FormRuntime(form, registration.data, today)
    env = RuleEnv(runtime, today)
    birth, care, start = _value(runtime, BIRTH), _value(runtime, CARE), _value(runtime, START)
    hours = _hours(runtime, care, hours_alternatives)
    child = Child(
        registration.reference, registration.received_at, birth if isinstance(birth, date) else None,
        care if isinstance(care, str) else None, start.isoformat()[:7] if isinstance(start, date) else None,
        hours, _wishes(runtime), _family(env, family), _value(runtime, PLACEMENT) is True,
        _value(runtime, OTHER_OK) is True, env=env,
    )
    child.missing = _missing(child)
    return child


def _value(runtime: FormRuntime, name: str) -> Any:
    return runtime.value(name, ()) if name in runtime.placed else None


def _missing(child: Child) -> tuple[str, ...]:
    wanted = {BIRTH: child.birth, CARE: child.care_type, START: child.start}
    missing = [name for name, value in wanted.items() if value is None]
    if child.care_type in HOURS_FIELD and not child.hours:
        missing.append(HOURS_FIELD[child.care_type])
    return tuple(missing)


def _hours(runtime: FormRuntime, care: Any, alternatives: str | None) -> tuple[int, ...]:
    name = HOURS_FIELD.get(care) if isinstance(care, str) else None
    if name is None:
        return ()
    booked = _whole_hours(_value(runtime, name))
    if booked is None:
        return ()
    found = [booked]
    extra = _value(runtime, alternatives) if alternatives and care in ("kita", "hort") else None
    for item in extra if isinstance(extra, list) else []:
        hours = _whole_hours(item)
        if hours is not None and hours not in found:
            found.append(hours)
    return tuple(found)


def _whole_hours(value: Any) -> int | None:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value > 0:
        return int(value.to_integral_value(rounding=ROUND_CEILING))
    return None


def _wishes(runtime: FormRuntime) -> tuple[Wish, ...]:
    if WISHES not in runtime.placed or not runtime.visible(WISHES, ()):
        return ()
    raw = runtime.raw(WISHES, ())
    wishes: list[Wish] = []
    seen: set[str] = set()
    for pick in raw if isinstance(raw, list) else []:
        code = pick.get("code") if isinstance(pick, dict) else None
        if isinstance(code, str) and code not in seen:
            seen.add(code)
            reasons = pick.get("reasons")
            wishes.append(Wish(code, len(wishes) + 1, tuple(r for r in reasons or [] if isinstance(r, str))))
    return tuple(wishes)


def _family(env: RuleEnv, family: Sequence[Compiled]) -> tuple[str, ...] | None:
    if not family:
        return None
    values = [_normal(rule(env)) for rule in family]
    return None if any(v is None for v in values) else tuple(v for v in values if v is not None)


def _normal(value: Any) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        return value.strip().casefold()
    return str(value)
