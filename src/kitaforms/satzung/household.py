"""What the engine takes (a household and its children) and what it gives back (an assessment).

Inputs are plain frozen dataclasses so that a batch of 600,000 households stays cheap to build;
:func:`check_household` validates one before it is assessed and raises :class:`FeeInputError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kitaforms.satzung.model import BENEFITS, CARE_TYPES, INCOME_KINDS

MAX_INCOME = Decimal(100_000_000)
MIN_YEAR, MAX_YEAR = 1900, 2200  # plausible calendar years of an income
CENT = Decimal("0.01")


class FeeError(Exception):
    """A fee cannot be given. ``code`` is stable (the browser evaluator uses the same codes).

    The message is worded from the catalogue :data:`kitaforms.satzung.explain.ERRORS` (``template``, by
    default the code) with ``params``: :attr:`message` in German, like the explanation, :meth:`text` in
    another language. ``paragraph`` cites the rule, ``location`` is its place in the Satzung file
    (``file:line:col``) where the engine knows it.
    """

    def __init__(self, code: str, paragraph: str | None = None, *, template: str | None = None,
                 location: str | None = None, **params: object) -> None:
        self.code = code
        self.paragraph = paragraph
        self.template = template or code
        self.location = location
        self.params = {name: "" if value is None else str(value) for name, value in params.items()}
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.text("de")

    def text(self, lang: str = "de") -> str:
        from kitaforms.satzung.explain import error_text

        return error_text(self.template, self.params, lang)

    def __str__(self) -> str:
        return self.message


class FeeInputError(FeeError):
    """The household or the request is not valid (a usage error)."""


class FeeNotDetermined(FeeError):
    """The Satzung file lacks what this fee needs (a value, a rule): it says so instead of guessing."""


@dataclass(frozen=True)
class IncomeItem:
    """One kind of income of one custodian: a yearly ``annual`` amount, or ``monthly`` × ``months``."""

    kind: str
    annual: Decimal | None = None
    monthly: Decimal | None = None
    months: int = 12
    custodian: int = 0
    elterngeld_plus: bool = False
    special_payments: Decimal | None = None  # Urlaubs-/Weihnachtsgeld of the year, if stated


@dataclass(frozen=True)
class Custodian:
    beamter: bool = False  # Beamte, Richter, Soldaten: no pension contributions of their own
    work_expenses: Decimal | None = None  # Werbungskosten stated for employment income; None: not stated


@dataclass(frozen=True)
class Child:
    birth_date: date
    care_type: str
    hours: Decimal | None = None  # booked hours per week
    start: date | None = None  # care starts (per contract); no fee before that month
    meals: bool = False  # takes part in the meals (meal money)
    end: date | None = None  # care ends (per contract); no fee after that month


@dataclass(frozen=True)
class Household:
    children: tuple[Child, ...]
    incomes: tuple[IncomeItem, ...] = ()
    custodians: tuple[Custodian, ...] = (Custodian(),)
    declared_income: Decimal | None = None  # a total from the self-assessment, used as it is
    statement: bool = True  # False: no income statement at all
    benefits: frozenset[str] = frozenset()
    children_in_household: int | None = None  # for deductions per child; default: the children listed
    alternating: bool = False  # Wechselmodell
    provisional: bool = False  # assessment from the self-assessment, to be settled
    income_year: int | None = None  # calendar year of the incomes; default: by the Satzung's reference year


@dataclass(frozen=True)
class Step:
    """One step of the explanation: what was done, under which paragraph."""

    code: str
    paragraph: str | None
    params: dict[str, str]
    child: int | None = None  # 1-based number of the child, None for the household


@dataclass(frozen=True)
class ChildFee:
    number: int  # 1-based, in input order
    care_type: str
    age_group: str | None
    single_fee: Decimal  # before sibling rules and the Wechselmodell
    fee: Decimal
    meal_money: Decimal
    free: str | None  # kibiz_50, age_group, income, benefit, not_in_care (before the start or after the end)
    bracket: int | None  # 0-based index, None when free before the table
    column: int | None


@dataclass(frozen=True)
class Assessment:
    satzung: str
    on: date
    income: Decimal | None  # None: highest fee (no statement)
    children: tuple[ChildFee, ...]
    total: Decimal
    meal_total: Decimal
    steps: tuple[Step, ...] = field(default=())
    provisional: bool = False


def check_household(household: Household) -> None:
    """Raise :class:`FeeInputError` for input the engine cannot assess."""
    if not household.children:
        raise FeeInputError("no_children")
    for number, child in enumerate(household.children, 1):
        _check_child(child, number)
    for item in household.incomes:
        _check_item(item, len(household.custodians))
    for custodian in household.custodians:
        if custodian.work_expenses is not None:
            _money("work_expenses", custodian.work_expenses)
    if household.declared_income is not None:
        _money("declared_income", household.declared_income)
    if household.income_year is not None and not MIN_YEAR <= household.income_year <= MAX_YEAR:
        raise FeeInputError("bad_income_year", year=household.income_year)
    unknown = sorted(set(household.benefits) - set(BENEFITS))
    if unknown:
        raise FeeInputError("unknown_benefit", benefit=unknown[0], known=", ".join(BENEFITS))


def _check_child(child: Child, number: int) -> None:
    if child.care_type not in CARE_TYPES:
        raise FeeInputError("unknown_care_type", child=number, care=child.care_type, known=", ".join(CARE_TYPES))
    if child.hours is not None and (child.hours <= 0 or child.hours > 168 or child.hours != child.hours.quantize(CENT)):
        raise FeeInputError("bad_hours", child=number, hours=child.hours)


def _check_item(item: IncomeItem, custodians: int) -> None:
    if item.kind not in INCOME_KINDS:
        raise FeeInputError("unknown_income_kind", kind=item.kind, known=", ".join(INCOME_KINDS))
    if (item.annual is None) == (item.monthly is None):
        raise FeeInputError("bad_income_item", kind=item.kind)
    if not 1 <= item.months <= 12:
        raise FeeInputError("bad_income_item", template="bad_income_months", kind=item.kind, months=item.months)
    if not 0 <= item.custodian < custodians:
        raise FeeInputError("bad_income_item", template="bad_income_custodian", kind=item.kind,
                            custodian=item.custodian + 1)
    for value in (item.annual, item.monthly, item.special_payments):
        if value is not None:
            _money(item.kind, value, negative=item.kind != "elterngeld")


def _money(what: str, value: Decimal, negative: bool = False) -> None:
    if not value.is_finite() or value != value.quantize(CENT) or abs(value) > MAX_INCOME:
        raise FeeInputError("bad_amount", what=what, value=value)
    if value < 0 and not negative:
        raise FeeInputError("bad_amount", template="bad_amount_negative", what=what, value=value)
