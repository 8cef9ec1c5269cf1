"""The fee of every month of a care period: a household's children with their care start, end and changes,
assessed month by month under the Satzung valid in that month.

Each month is assessed on its first day with the children in care in that month (a month of care counts
whole, as the Satzungen read charge it): age groups and KiBiz § 50 follow the children's birthdays,
sibling positions follow who is in care, and a period may cross from one Satzung to the next. The
months carry the engine's assessment with its explanation (children keep their numbers from the input),
or the error that stopped that month; totals sum the months with a fee and say whether any is missing.
Money is ``Decimal`` throughout.

::

    care = (ChildCare(date(2022, 5, 10), "kita", Decimal(45), start=date(2024, 8, 1)),
            ChildCare(date(2018, 3, 2), "ogs", start=date(2024, 8, 1), end=date(2025, 7, 31)))
    result = timeline(satzungen, Household(children=(), declared_income=Decimal(55000)), date(2025, 1, 1),
                      date(2025, 12, 1), care)
    result.total, [m.total for m in result.months]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from kitaforms.satzung.engine import ZERO, assess
from kitaforms.satzung.household import Assessment, Child, ChildFee, FeeError, FeeInputError, Household, Step
from kitaforms.satzung.rules import Rules

MAX_MONTHS = 240  # twenty years: every care period fits; more is a typo in a date


@dataclass(frozen=True)
class CareChange:
    """From the month of ``month`` on, the child is cared for in another care type or for other hours."""

    month: date
    care_type: str | None = None
    hours: Decimal | None = None


@dataclass(frozen=True)
class ChildCare:
    """One child over the period: in care from the month of ``start`` to the month of ``end`` (both whole;
    ``None``: from the first or to the last month of the timeline), with ``changes`` from a month on."""

    birth_date: date
    care_type: str = "kita"
    hours: Decimal | None = None
    start: date | None = None
    end: date | None = None
    changes: tuple[CareChange, ...] = ()
    meals: bool = False

    @classmethod
    def of(cls, child: Child) -> ChildCare:
        return cls(child.birth_date, child.care_type, child.hours, child.start, child.end, meals=child.meals)

    def in_month(self, month: date) -> Child | None:
        """The child as the engine sees it in ``month``, or ``None`` when it is not in care then."""
        if (self.start is not None and month < first_day(self.start)) or (
                self.end is not None and month > first_day(self.end)):
            return None
        care_type, hours = self.care_type, self.hours
        for change in sorted(self.changes, key=lambda c: c.month):
            if first_day(change.month) <= month:
                care_type = change.care_type or care_type
                hours = change.hours if change.hours is not None else hours
        return Child(self.birth_date, care_type, hours, meals=self.meals)


@dataclass(frozen=True)
class MonthFee:
    """One month: the Satzung applied, the children in care (numbers as in the input) and the assessment,
    or the error that stopped it. A month without a child in care has neither."""

    month: date
    rules: Rules | None
    in_care: tuple[int, ...]
    assessment: Assessment | None = None
    error: FeeError | None = None

    @property
    def total(self) -> Decimal:
        return self.assessment.total if self.assessment is not None else ZERO

    @property
    def meal_total(self) -> Decimal:
        return self.assessment.meal_total if self.assessment is not None else ZERO

    def fee_of(self, number: int) -> Decimal | None:
        """Child ``number``'s fee this month (0 when not in care, ``None`` when not determined)."""
        if self.error is not None:
            return None
        found = self.assessment and next((c for c in self.assessment.children if c.number == number), None)
        return found.fee if found else ZERO


@dataclass(frozen=True)
class Timeline:
    first: date
    last: date
    months: tuple[MonthFee, ...]
    children: int

    @property
    def complete(self) -> bool:
        """True when every month has a fee (no month was declined)."""
        return all(month.error is None for month in self.months)

    @property
    def errors(self) -> tuple[MonthFee, ...]:
        return tuple(month for month in self.months if month.error is not None)

    @property
    def total(self) -> Decimal:
        """The sum of the months with a fee (see :attr:`complete`)."""
        return sum((month.total for month in self.months), ZERO)

    @property
    def meal_total(self) -> Decimal:
        return sum((month.meal_total for month in self.months), ZERO)

    @property
    def child_totals(self) -> tuple[Decimal, ...]:
        return tuple(sum((m.fee_of(n) or ZERO for m in self.months), ZERO) for n in range(1, self.children + 1))


def first_day(day: date) -> date:
    return day.replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    """The first days of every month from the month of ``first`` to the month of ``last``."""
    start, end = first_day(first), first_day(last)
    if end < start:
        raise FeeInputError("bad_period", first=_month(start), last=_month(end))
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    if count > MAX_MONTHS:
        raise FeeInputError("bad_period", template="bad_period_length", count=count, max=MAX_MONTHS)
    return [date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(count)]


def _month(day: date) -> str:
    return f"{day.month:02d}/{day.year}"


def choose(satzungen: Sequence[Rules], on: date) -> Rules:
    """The first of ``satzungen`` valid on ``on`` (put drafts before the Kommune's files to let them take over)."""
    for rules in satzungen:
        if rules.covers(on):
            return rules
    periods = ", ".join(sorted(f"{r.key} {r.valid_from or '…'}–{r.valid_until or '…'}" for r in satzungen))
    kommune = satzungen[0].kommune if satzungen else ""
    raise FeeInputError("no_satzung_on_date", kommune=kommune, on=on.isoformat(), periods=periods or "–")


def timeline(satzungen: Sequence[Rules], household: Household, first: date, last: date,
             care: Sequence[ChildCare] | None = None, *, detail: bool = True) -> Timeline:
    """The fee of every month from the month of ``first`` to the month of ``last``.

    ``household`` gives the income, benefits, custodians …; the children come from ``care`` (default: the
    household's children, each from its ``start`` to its ``end``). ``satzungen`` are the candidates for each
    month, see :func:`choose`. Raises :class:`FeeInputError` only for an invalid period.
    """
    children = tuple(care) if care is not None else tuple(ChildCare.of(c) for c in household.children)
    months = tuple(_month_fee(satzungen, household, children, month, detail) for month in months_between(first, last))
    return Timeline(first_day(first), first_day(last), months, len(children))


def _month_fee(satzungen: Sequence[Rules], household: Household, children: tuple[ChildCare, ...], month: date,
               detail: bool) -> MonthFee:
    present = [(number, child) for number, care in enumerate(children, 1) if (child := care.in_month(month))]
    numbers = tuple(number for number, _ in present)
    rules: Rules | None = None
    try:
        rules = choose(satzungen, month)
        if not present:
            return MonthFee(month, rules, numbers)
        born = sum(1 for care in children if care.birth_date <= month)
        today = replace(household, children=tuple(child for _, child in present),
                        children_in_household=household.children_in_household or born)
        return MonthFee(month, rules, numbers, _renumbered(assess(rules, today, month, detail=detail), numbers))
    except FeeError as error:
        _renumber_error(error, numbers)
        return MonthFee(month, rules, numbers, error=error)


def _renumbered(result: Assessment, numbers: tuple[int, ...]) -> Assessment:
    """The assessment of the children in care, with each child's number from the input."""
    children = tuple(replace(c, number=numbers[c.number - 1]) for c in result.children)
    steps = tuple(_step(step, numbers) for step in result.steps)
    return replace(result, children=children, steps=steps)


def _step(step: Step, numbers: tuple[int, ...]) -> Step:
    if step.child is None:
        return step
    params = dict(step.params)
    for key in ("child", "other"):
        if params.get(key):
            params[key] = str(numbers[int(params[key]) - 1])
    return Step(step.code, step.paragraph, params, numbers[step.child - 1])


def _renumber_error(error: FeeError, numbers: tuple[int, ...]) -> None:
    child = error.params.get("child")
    if child and child.isdigit() and 0 < int(child) <= len(numbers):
        error.params["child"] = str(numbers[int(child) - 1])


def child_fees(month: MonthFee) -> dict[int, ChildFee]:
    """The fee of each child in care in ``month``, by the child's number."""
    return {c.number: c for c in month.assessment.children} if month.assessment is not None else {}


# --- what to explain ---------------------------------------------------------------------------------


def changes(result: Timeline) -> list[tuple[MonthFee, list[Step]]]:
    """The months worth explaining and their steps: every step of the first month with a fee (and of a month
    under another Satzung than the month before); later, the steps of what changed: a child's care, age group,
    freedom, bracket, position among the siblings or fee. What `kitaforms fee --von … --bis …` prints under
    "Erläuterungen"; the browser's estimate shows the same (``KitaFees.changes`` in fees.js)."""
    found: list[tuple[MonthFee, list[Step]]] = []
    previous: MonthFee | None = None
    for month in result.months:
        if month.assessment is not None:
            steps = _changed_steps(month, previous)
            if steps:
                found.append((month, steps))
            previous = month
    return found


def _changed_steps(month: MonthFee, previous: MonthFee | None) -> list[Step]:
    """Every step of the first month (and of a month under another Satzung); later, the steps of the children
    whose state changed that say something new (and their fee)."""
    assert month.assessment is not None
    if previous is None or previous.assessment is None or previous.rules != month.rules:
        return list(month.assessment.steps)
    changed = {n for n in {*month.in_care, *previous.in_care} if _state(month, n) != _state(previous, n)}
    new = set(month.in_care) - set(previous.in_care)
    seen = {_said(step) for step in previous.assessment.steps}
    regrouped = {n for n in changed if _state(month, n)[1:2] != _state(previous, n)[1:2]}
    return [s for s in month.assessment.steps if s.child in new or (s.child in changed and (
        _said(s) not in seen and (s.code != "age" or s.child in regrouped) or s.code == "child_fee"))]


def _said(step: Step) -> tuple[object, ...]:
    """What a step says, without the day it was said for."""
    return step.code, step.child, tuple(sorted((k, v) for k, v in step.params.items() if k != "on"))


def _state(month: MonthFee, number: int) -> tuple[object, ...]:
    if month.assessment is None:
        return ()
    child = next((c for c in month.assessment.children if c.number == number), None)
    if child is None:
        return ("not_in_care",)
    steps = [s for s in month.assessment.steps if s.child == number and s.code.startswith("sibling")]
    return (child.care_type, child.age_group, child.free, child.bracket, child.column, child.single_fee, child.fee,
            tuple((s.code, s.params.get("position")) for s in steps))
