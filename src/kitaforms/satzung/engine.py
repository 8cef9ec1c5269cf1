"""The fee engine: a household at a reference date → each child's monthly fee, the family total, and
an explanation whose every step cites the Satzung paragraph it applies.

Money is ``Decimal`` throughout; table values are used exactly as written, and only computed amounts
(percentages, halves, hourly sums) are rounded, with the Satzung's rounding. The order of the steps:

1. income (declared total, or items with the Satzung's income rules), or "highest fee";
2. per child: care start, KiBiz § 50, free age group, benefits, free income, bracket, hour column,
   table value or hourly rates, indexation; meal money separately;
3. sibling rules over the single fees, the cap on the number of paid fees, then the Wechselmodell split;
   the family total.

``explain=False`` skips building the explanation (the batch path); ``detail=True`` adds what only this
engine explains so far (the child's age, the next age-group change, why a child is first or second).
A case the Satzung leaves to the Jugendamt (``not_computed``) raises :class:`FeeNotDetermined`
(``decided_by_jugendamt``) with the entry's paragraph and place in the file.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from kitaforms.satzung.estg import arbeitnehmer_pauschbetrag
from kitaforms.satzung.household import (
    Assessment,
    Child,
    ChildFee,
    FeeInputError,
    FeeNotDetermined,
    Household,
    IncomeItem,
    Step,
    check_household,
)
from kitaforms.satzung.model import Kibiz50, NotComputed, Rounding, Scale, SiblingRule, YearlyPercent
from kitaforms.satzung.rules import AgeGroupRule, Rules, Table

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_MODES = {"half_up": ROUND_HALF_UP, "down": ROUND_FLOOR, "up": ROUND_CEILING}


def amount(value: Decimal) -> str:
    """The canonical string of an amount: two decimals, no grouping (``"1234.50"``)."""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


def plain(value: Decimal) -> str:
    """A number without trailing zeros or exponent: ``Decimal("10.00")`` → ``"10"``."""
    return f"{value.normalize():f}"


class Trace:
    """Collects explanation steps; a disabled trace (``explain=False``) ignores them cheaply."""

    __slots__ = ("detail", "enabled", "steps")

    def __init__(self, enabled: bool, detail: bool = False) -> None:
        self.enabled = enabled
        self.detail = enabled and detail
        self.steps: list[Step] = []

    def add(self, code: str, paragraph: str | None, child: int | None = None, **params: object) -> None:
        if self.enabled:
            text = {k: (amount(v) if isinstance(v, Decimal) else "" if v is None else str(v)) for k, v in params.items()}
            if child is not None:
                text["child"] = str(child)
            self.steps.append(Step(code, paragraph, text, child))


def round_money(value: Decimal, rounding: Rounding) -> Decimal:
    unit = Decimal(rounding.unit)
    return ((value / unit).quantize(Decimal(1), rounding=_MODES[rounding.mode]) * unit).quantize(Decimal("0.01"))


def assess(rules: Rules, household: Household, on: date, explain: bool = True, *, detail: bool = False,
           compare: bool = False) -> Assessment:
    """Assess ``household`` under ``rules`` for the month of ``on``; raises a :class:`FeeError`.

    ``compare=True`` applies the rules even on a day they are not valid (comparing an old and a new
    Satzung on the same day); the explanation says so.
    """
    check_household(household)
    covered = rules.covers(on)
    if not covered and not compare:
        raise FeeInputError("outside_validity", file=rules.file, on=on.isoformat())
    trace = Trace(explain, detail)
    model = rules.model
    trace.add("satzung", None, title=model.title, valid="", **{"from": model.valid_from, "until": model.valid_until})
    if not covered:
        trace.add("compare_outside", None, on=on.isoformat())
    income = determine_income(rules, household, trace, on)
    singles = [_single(rules, household, child, n, income, on, trace) for n, child in enumerate(household.children, 1)]
    fees = apply_siblings(rules, [s.fee for s in singles], singles, trace)
    fees = _max_paid_fees(rules, fees, singles, trace)
    fees = _alternating(rules, household, fees, trace)
    children = tuple(_finish(s, fee, trace) for s, fee in zip(singles, fees, strict=True))
    total = sum((c.fee for c in children), ZERO)
    trace.add("total", None, amount=total)
    return Assessment(rules.key, on, income, children, total, sum((c.meal_money for c in children), ZERO),
                      tuple(trace.steps), household.provisional)


def _finish(single: ChildFee, fee: Decimal, trace: Trace) -> ChildFee:
    trace.add("child_fee", None, single.number, amount=fee)
    return ChildFee(single.number, single.care_type, single.age_group, single.fee, fee, single.meal_money,
                    single.free, single.bracket, single.column)


# --- income ------------------------------------------------------------------------------------


def determine_income(rules: Rules, household: Household, trace: Trace, on: date | None = None) -> Decimal | None:
    """The income that decides the bracket; ``None`` means "highest fee" (no statement). ``on`` (the
    reference date) decides the income's year where the household does not state it."""
    income_rules = rules.model.income
    if household.provisional and income_rules and income_rules.settlement:
        trace.add("provisional", income_rules.settlement.paragraph, settled_by=income_rules.settlement.settled_by)
    if not household.statement:
        if income_rules is None or income_rules.no_statement is None:
            raise FeeNotDetermined("no_statement_rule")
        trace.add("no_statement", income_rules.no_statement.paragraph)
        return None
    if household.declared_income is not None:
        trace.add("income_declared", income_rules.paragraph if income_rules else None, amount=household.declared_income)
        return household.declared_income
    return _income_from_items(rules, household, trace, on)


def _income_from_items(rules: Rules, household: Household, trace: Trace, on: date | None) -> Decimal:
    income_rules = rules.model.income
    if income_rules is None:
        if household.incomes:
            raise FeeNotDetermined("income_rules_missing")
        trace.add("income_total", None, amount=ZERO)
        return ZERO
    counted = [(item, _counted_amount(rules, item, trace)) for item in household.incomes]
    total = sum((value for _, value in counted), ZERO)
    expenses = _work_expenses(rules, household, counted, on, trace)
    total -= sum(expenses.values(), ZERO)
    total += _beamte_addition(rules, household, counted, expenses, trace)
    total -= _child_deduction(rules, household, trace)
    total = max(total, ZERO)
    trace.add("income_total", income_rules.paragraph, amount=total)
    return total


def _counted_amount(rules: Rules, item: IncomeItem, trace: Trace) -> Decimal:
    income_rules = rules.model.income
    assert income_rules is not None
    value = _item_amount(rules, item, trace)
    if item.kind in income_rules.not_counted:
        trace.add("income_not_counted", income_rules.paragraph, kind=item.kind, amount=value)
        return ZERO
    if item.kind not in income_rules.counted:
        raise FeeNotDetermined("income_kind_unknown", income_rules.paragraph, kind=item.kind)
    if value < 0 and not income_rules.loss_offset:
        trace.add("income_loss", income_rules.paragraph, kind=item.kind, amount=-value)
        return ZERO
    trace.add("income_item", income_rules.paragraph, kind=item.kind, amount=value)
    return value


def _item_amount(rules: Rules, item: IncomeItem, trace: Trace) -> Decimal:
    income_rules = rules.model.income
    assert income_rules is not None
    if item.kind == "elterngeld" and income_rules.elterngeld_allowance:
        return _elterngeld(rules, item, trace)
    if item.annual is not None:
        return item.annual
    assert item.monthly is not None
    value = item.monthly * item.months
    if item.kind != "nichtselbstaendig":
        return value
    if item.special_payments is not None:
        return value + item.special_payments
    special = income_rules.special_payments
    if special and special.assume_thirteenth_salary:
        trace.add("thirteenth_salary", special.paragraph, kind=item.kind, amount=item.monthly)
        return value + item.monthly
    return value


def _elterngeld(rules: Rules, item: IncomeItem, trace: Trace) -> Decimal:
    rule = rules.model.income.elterngeld_allowance  # type: ignore[union-attr]
    assert rule is not None
    free = rule.plus_monthly if item.elterngeld_plus else rule.basis_monthly
    if item.monthly is not None:
        value = max(item.monthly - free, ZERO) * item.months
    else:
        value = max(item.annual - free * item.months, ZERO)  # type: ignore[operator]
    trace.add("elterngeld_allowance", rule.paragraph, allowance=free, amount=value)
    return value


EMPLOYMENT = "nichtselbstaendig"  # the income kind Werbungskosten and the Arbeitnehmer-Pauschbetrag are deducted from


def income_year(rules: Rules, household: Household, on: date | None) -> int | None:
    """The calendar year of the household's incomes: as stated, else the year before ``on`` (the Satzung's
    ``previous_year``, and the usual rule where it says nothing) or the year of ``on`` (``fee_year``)."""
    if household.income_year is not None or on is None:
        return household.income_year
    income_rules = rules.model.income
    return on.year if income_rules is not None and income_rules.reference_year == "fee_year" else on.year - 1


def _work_expenses(rules: Rules, household: Household, counted: list[tuple[IncomeItem, Decimal]], on: date | None,
                   trace: Trace) -> dict[int, Decimal]:
    """Each custodian's Werbungskosten deducted from their counted employment income: as stated, at least the
    Arbeitnehmer-Pauschbetrag where the Satzung says so, never more than that income."""
    income_rules = rules.model.income
    assert income_rules is not None
    rule = income_rules.work_expenses
    deductions: dict[int, Decimal] = {}
    for number, custodian in enumerate(household.custodians):
        employed = sum((v for item, v in counted if item.custodian == number and item.kind == EMPLOYMENT), ZERO)
        stated = custodian.work_expenses
        if employed <= 0 or (stated is None and (rule is None or not rule.flat_allowance)):
            continue
        if rule is None:
            raise FeeNotDetermined("work_expenses_unknown", income_rules.paragraph)
        allowance, year = None, None
        if rule.flat_allowance:
            year = income_year(rules, household, on)
            allowance = arbeitnehmer_pauschbetrag(year) if year is not None else None
            if allowance is None:
                raise FeeNotDetermined("flat_allowance_unknown", rule.paragraph, year=year)
        if allowance is not None and (stated is None or stated < allowance):
            deduction = min(allowance, employed)
            trace.add("work_expenses_flat", rule.paragraph, person=number + 1, year=year, allowance=allowance,
                      amount=deduction)
        else:
            assert stated is not None
            deduction = min(stated, employed)
            trace.add("work_expenses", rule.paragraph, person=number + 1, stated=stated, amount=deduction)
        deductions[number] = deduction
    return deductions


def _beamte_addition(rules: Rules, household: Household, counted: list[tuple[IncomeItem, Decimal]],
                     expenses: dict[int, Decimal], trace: Trace) -> Decimal:
    """The addition for each custodian who is Beamter, on their counted income of the kinds the rule names (less
    the Werbungskosten deducted from it); none, and no step, where that income is zero."""
    rule = rules.model.income.beamte_addition  # type: ignore[union-attr]
    if rule is None:
        return ZERO
    total = ZERO
    for number, custodian in enumerate(household.custodians):
        if not custodian.beamter:
            continue
        base = sum((v for item, v in counted if item.custodian == number and item.kind in rule.of), ZERO)
        if EMPLOYMENT in rule.of:
            base -= expenses.get(number, ZERO)
        if base <= 0:
            continue
        addition = base * rule.percent / HUNDRED
        trace.add("beamte_addition", rule.paragraph, percent=plain(rule.percent), base=base, amount=addition)
        total += addition
    return total


def _child_deduction(rules: Rules, household: Household, trace: Trace) -> Decimal:
    rule = rules.model.income.child_deduction  # type: ignore[union-attr]
    if rule is None:
        return ZERO
    children = household.children_in_household or len(household.children)
    count = max(children - rule.from_child + 1, 0)
    if count:
        trace.add("child_deduction", rule.paragraph, count=count, from_child=rule.from_child,
                  amount=rule.amount * count)
    return rule.amount * count


# --- one child ---------------------------------------------------------------------------------


def _single(rules: Rules, household: Household, child: Child, number: int, income: Decimal | None,
            on: date, trace: Trace) -> ChildFee:
    if child.birth_date > on:
        raise FeeInputError("born_after_date", child=number, on=on.isoformat())
    if child.start is not None and (on.year, on.month) < (child.start.year, child.start.month):
        trace.add("not_in_care", None, number, start=child.start.isoformat())
        return ChildFee(number, child.care_type, None, ZERO, ZERO, ZERO, "not_in_care", None, None)
    if child.end is not None and (on.year, on.month) > (child.end.year, child.end.month):
        trace.add("care_ended", None, number, end=child.end.isoformat())
        return ChildFee(number, child.care_type, None, ZERO, ZERO, ZERO, "not_in_care", None, None)
    if trace.detail:
        years, months = age_at(child.birth_date, on)
        trace.add("age", None, number, on=on.isoformat(), years=years, months=months, age="")
    meal = _meal_money(rules, child, number, income, on, trace)
    free = rules.model.fee_free
    if free.kibiz_50 and child.care_type in free.kibiz_50.care_types:
        if _kibiz_50(rules, child, number, on, trace):
            return ChildFee(number, child.care_type, None, ZERO, ZERO, meal, "kibiz_50", None, None)
        if trace.detail:
            _kibiz_50_next(free.kibiz_50, child, number, on, trace)
    group = _group_if_needed(rules, child, number, on, trace)
    reason = _free_reason(rules, household, child, number, group, income, trace)
    if reason is not None:
        return ChildFee(number, child.care_type, group, ZERO, ZERO, meal, reason, None, None)
    _not_computed(rules, household, child, number, group, income, on)
    return _table_fee(rules, household, child, number, group, income, on, trace, meal)


def _free_reason(rules: Rules, household: Household, child: Child, number: int, group: str | None,
                 income: Decimal | None, trace: Trace) -> str | None:
    free = rules.model.fee_free
    for rule in free.age_groups:
        if child.care_type in rule.care_types and rule.age_group == group:
            trace.add("free_age_group", rule.paragraph, number, label=_label(rules, group))
            return "age_group"
    benefit = free.benefits
    hit = sorted(set(household.benefits) & set(benefit.benefits)) if benefit else []
    if benefit and hit and benefit.effect == "free":
        trace.add("benefit_free", benefit.paragraph, number, benefit=hit[0])
        return "benefit"
    for income_rule in free.income_up_to:
        if child.care_type not in income_rule.care_types or income is None:
            continue
        if income_rule.up_to is not None and income <= income_rule.up_to:
            trace.add("free_income", income_rule.paragraph, number, limit=income_rule.up_to)
            return "income"
        if income_rule.below is not None and income < income_rule.below:
            trace.add("free_income_below", income_rule.paragraph, number, limit=income_rule.below)
            return "income"
    return None


def _not_computed(rules: Rules, household: Household, child: Child, number: int, group: str | None,
                  income: Decimal | None, on: date) -> None:
    """Decline a child whose case the Satzung leaves to the Jugendamt, citing the entry and its place."""
    for index, case in enumerate(rules.model.not_computed):
        if _matches(case, household, child, group, income, on):
            raise FeeNotDetermined("decided_by_jugendamt", case.paragraph, location=rules.locations.get(
                ("not_computed", index)), child=number, text=case.text)


def _matches(case: NotComputed, household: Household, child: Child, group: str | None, income: Decimal | None,
             on: date) -> bool:
    if case.care_types is not None and child.care_type not in case.care_types:
        return False
    if case.age_groups is not None and group not in case.age_groups:
        return False
    if case.hours_above is not None and (child.hours is None or child.hours <= case.hours_above):
        return False
    if case.income_above is not None and income is not None and income <= case.income_above:
        return False
    if case.benefits is not None and not set(case.benefits) & set(household.benefits):
        return False
    return case.children_from is None or _in_care(household, case.care_types, on) >= case.children_from


def _in_care(household: Household, care_types: list[str] | None, on: date) -> int:
    return sum(1 for c in household.children if (care_types is None or c.care_type in care_types)
               and c.birth_date <= on and (c.start is None or (c.start.year, c.start.month) <= (on.year, on.month)))


def _kibiz_50(rules: Rules, child: Child, number: int, on: date, trace: Trace) -> bool:
    rule = rules.model.fee_free.kibiz_50
    assert rule is not None
    if rule.applies_from is not None and on < rule.applies_from:
        return False
    by, free_from = kibiz_50_dates(rule, child.birth_date)
    if on < free_from:
        return False
    trace.add("kibiz_50", rule.paragraph, number, age=rule.age_completed, by=by.isoformat(),
              free_from=free_from.isoformat())
    return True


def kibiz_50_dates(rule: Kibiz50, birth: date) -> tuple[date, date]:
    """The day by which the child completes the year of life that counts, and the first free day."""
    completed = completion_date(birth, rule.age_completed)
    by = _month_day(completed.year, rule.completed_by)
    year = completed.year if completed <= by else completed.year + 1
    return _month_day(year, rule.completed_by), _month_day(year, rule.free_from)


def _kibiz_50_next(rule: Kibiz50, child: Child, number: int, on: date, trace: Trace) -> None:
    by, free_from = kibiz_50_dates(rule, child.birth_date)
    if rule.applies_from is not None:
        free_from = max(free_from, rule.applies_from)
    trace.add("kibiz_50_next", rule.paragraph, number, age=rule.age_completed, by=by.isoformat(),
              free_from=free_from.isoformat())


def age_at(birth: date, on: date) -> tuple[int, int]:
    """Completed years and months of age on ``on``."""
    months = (on.year - birth.year) * 12 + on.month - birth.month - (on.day < birth.day)
    return divmod(max(months, 0), 12)


def completion_date(birth: date, years: int) -> date:
    """The day a child completes ``years`` years of life (§§ 187 Abs. 2, 188 Abs. 2 BGB): the day before
    the birthday. A child born on 29 February completes it on 28 February in other years."""
    try:
        birthday = birth.replace(year=birth.year + years)
    except ValueError:
        birthday = date(birth.year + years, 3, 1)
    return birthday - timedelta(days=1)


def _month_day(year: int, month_day: str) -> date:
    return date(year, int(month_day[:2]), int(month_day[3:]))


def age_years(birth: date, on: date, switch: str) -> int:
    """Completed years of age that count in the month of ``on`` under the Satzung's switch rule."""
    if switch == "on_birthday":
        years = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    elif switch == "birthday_month":
        years = on.year - birth.year - (on.month < birth.month)
    else:  # month_after_birthday
        years = on.year - birth.year - (on.month <= birth.month)
    return max(years, 0)


def _group_if_needed(rules: Rules, child: Child, number: int, on: date, trace: Trace) -> str | None:
    table = rules.fee_tables.get(child.care_type)
    needed = (table is not None and table.groups is not None) or any(
        child.care_type in r.care_types for r in rules.model.fee_free.age_groups
    ) or any(c.age_groups is not None and (c.care_types is None or child.care_type in c.care_types)
             for c in rules.model.not_computed)
    return age_group_of(rules, child, number, on, trace) if needed else None


def age_group_of(rules: Rules, child: Child, number: int, on: date, trace: Trace) -> str:
    setting = rules.model.age_groups
    if setting is None:
        raise FeeNotDetermined("no_age_groups")
    switch = setting.switch
    if switch == "unknown":
        young, old = (rules.age_group(age_years(child.birth_date, on, s)) for s in ("month_after_birthday", "birthday_month"))
        if young != old:
            raise FeeNotDetermined("age_switch_unknown", setting.paragraph, child=number)
        group = young
    else:
        group = rules.age_group(age_years(child.birth_date, on, switch))
    assert group is not None
    trace.add("age_group", setting.paragraph, number, label=group.label, on=on.isoformat())
    if trace.detail:
        _next_group_step(rules, child, number, group, trace)
    return group.id


def group_change_day(birth: date, years: int, switch: str) -> date:
    """The first day on which a child born on ``birth`` counts as ``years`` old under ``switch``."""
    if switch == "on_birthday":
        return birthday(birth, years)
    year = birth.year + years
    if switch == "birthday_month":
        return date(year, birth.month, 1)
    return date(year + birth.month // 12, birth.month % 12 + 1, 1)


def birthday(birth: date, years: int) -> date:
    """The ``years``-th birthday (1 March for a child born on 29 February in other years)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return date(birth.year + years, 3, 1)


def _next_group_step(rules: Rules, child: Child, number: int, group: AgeGroupRule, trace: Trace) -> None:
    setting = rules.model.age_groups
    assert setting is not None
    if group.below_years is None:
        trace.add("age_group_final", setting.paragraph, number, label=group.label)
        return
    following = rules.age_group(group.below_years)
    assert following is not None
    day = birthday(child.birth_date, group.below_years).isoformat()
    if setting.switch == "unknown":
        trace.add("age_group_next_unknown", setting.paragraph, number, label=following.label, birthday=day,
                  years=group.below_years)
        return
    change = group_change_day(child.birth_date, group.below_years, setting.switch)
    trace.add("age_group_next", setting.paragraph, number, date=change.isoformat(), label=following.label,
              birthday=day, years=group.below_years, switch=setting.switch)


def _label(rules: Rules, group: str | None) -> str:
    return next((g.label for g in rules.age_groups if g.id == group), group or "")


def _table_fee(rules: Rules, household: Household, child: Child, number: int, group: str | None,
               income: Decimal | None, on: date, trace: Trace, meal: Decimal) -> ChildFee:
    table = rules.fee_tables.get(child.care_type)
    if table is None:
        raise FeeNotDetermined("no_table", care=child.care_type)
    group = group if table.groups is not None else None
    bracket = _bracket(rules, household, table, number, income, trace)
    column = _column(table, child, number, trace)
    fee = _cell_fee(rules, table, group, column, bracket, child, number, trace)
    fee = _indexed(rules, table, fee, number, on, trace)
    return ChildFee(number, child.care_type, group, fee, fee, meal, None, bracket, column)


def _bracket(rules: Rules, household: Household, table: Table, number: int, income: Decimal | None,
             trace: Trace) -> int:
    benefit = rules.model.fee_free.benefits
    if benefit and benefit.effect == "lowest_bracket" and (hit := sorted(set(household.benefits) & set(benefit.benefits))):
        trace.add("benefit_lowest", benefit.paragraph, number, benefit=hit[0])
        index, code = 0, "bracket"
    elif income is None:
        index, code = len(table.brackets) - 1, "bracket_highest"
    else:
        index, code = table.bracket_of(income), "bracket"
    chosen = table.brackets[index]
    trace.add(code, table.paragraph, number, stufe=_stufe(table, index),
              low=chosen.low, high=chosen.high, boundaries=table.boundaries, range="")
    return index


def _column(table: Table, child: Child, number: int, trace: Trace) -> int:
    if table.columns is None:
        return 0
    if child.hours is None:
        raise FeeInputError("hours_missing", child=number)
    column = table.column_of(child.hours)
    if column is None:
        raise FeeInputError("hours_out_of_range", child=number, hours=plain(child.hours), table=table.id,
                            bound=plain(table.columns[-1]) if table.columns[-1] is not None else "")
    if not table.per_hour:
        bound = table.columns[column]
        previous = table.columns[column - 1] if column else None
        trace.add("column", table.paragraph, number, hours=plain(child.hours), column="",
                  bound=plain(bound) if bound is not None else None,
                  previous=plain(previous) if previous is not None else None)
    return column


def _cell_fee(rules: Rules, table: Table, group: str | None, column: int, bracket: int, child: Child,
              number: int, trace: Trace) -> Decimal:
    if table.per_hour:
        return _hourly_fee(rules, table, group, bracket, child, number, trace)
    value = table.cells[(group, column)][bracket]
    if value is None:
        raise FeeNotDetermined("unknown_cell", table.paragraph, child=number, table=table.id,
                               stufe=_stufe(table, bracket), group=_group_text(group), column=column + 1)
    trace.add("table_fee", table.paragraph, number, amount=value)
    return value


def _group_text(group: str | None) -> str:
    return f", `{group}`" if group else ""


def _stufe(table: Table, bracket: int) -> int:
    """The bracket's number as the Satzung prints it (its position, counted from 1, if it prints none)."""
    stufe = table.brackets[bracket].stufe
    return stufe if stufe is not None else bracket + 1


def _hourly_fee(rules: Rules, table: Table, group: str | None, bracket: int, child: Child, number: int,
                trace: Trace) -> Decimal:
    assert table.columns is not None and child.hours is not None
    weekly, parts, lower = ZERO, [], ZERO
    for band, bound in enumerate(table.columns):
        hours = min(child.hours, bound if bound is not None else child.hours) - lower
        if hours <= 0:
            break
        rate = table.cells[(group, band)][bracket]
        if rate is None:
            raise FeeNotDetermined("unknown_cell", table.paragraph, template="unknown_rate", child=number,
                                   table=table.id, stufe=_stufe(table, bracket), group=_group_text(group),
                                   column=band + 1)
        weekly += rate * hours
        parts.append(f"{plain(hours)} × {amount(rate)}")
        lower = bound if bound is not None else child.hours
    if table.factor is None:
        raise FeeNotDetermined("monthly_factor_unknown", table.paragraph, table=table.id)
    numerator, denominator = table.factor
    fee = round_money(weekly * numerator / denominator, rules.model.rounding)
    trace.add("hourly_fee", table.paragraph, number, detail=" + ".join(parts), weekly=weekly,
              factor=f"{numerator}/{denominator}" if denominator != 1 else str(numerator), amount=fee)
    return fee


def _indexed(rules: Rules, table: Table, fee: Decimal, number: int, on: date, trace: Trace) -> Decimal:
    for rule in rules.model.indexation:
        if rule.care_types is not None and table.care_type not in rule.care_types:
            continue
        if rule.type == "scale":
            fee = _scaled(rules, rule, fee, number, on, trace)
        else:
            fee = _yearly(rules, rule, fee, number, on, trace)
    return fee


def _scaled(rules: Rules, rule: Scale, fee: Decimal, number: int, on: date, trace: Trace) -> Decimal:
    steps = [step for step in rule.steps if step.from_ <= on]
    if not steps:
        return fee
    step = steps[-1]
    fee = round_money(fee * step.percent / HUNDRED, rules.model.rounding)
    trace.add("scale", rule.paragraph, number, percent=plain(step.percent), amount=fee,
              **{"from": step.from_.isoformat()})
    return fee


def _yearly(rules: Rules, rule: YearlyPercent, fee: Decimal, number: int, on: date, trace: Trace) -> Decimal:
    years = rises(rule.first, min(on, rule.last) if rule.last else on)
    for _ in range(years):
        fee = round_money(fee * (HUNDRED + rule.percent) / HUNDRED, rules.model.rounding)
    if years:
        trace.add("yearly_percent", rule.paragraph, number, percent=plain(rule.percent), years=years,
                  first=rule.first.isoformat(), amount=fee)
    return fee


def rises(first: date, on: date) -> int:
    """How many yearly rises (on ``first`` and its anniversaries) have happened by ``on``."""
    if on < first:
        return 0
    return on.year - first.year + 1 - ((on.month, on.day) < (first.month, first.day))


def _meal_money(rules: Rules, child: Child, number: int, income: Decimal | None, on: date, trace: Trace) -> Decimal:
    table = rules.meal_tables.get(child.care_type)
    if table is None or not child.meals:
        return ZERO
    if child.start is not None and (on.year, on.month) < (child.start.year, child.start.month):
        return ZERO
    group = age_group_of(rules, child, number, on, Trace(False)) if table.groups is not None else None
    bracket = len(table.brackets) - 1 if income is None else table.bracket_of(income)
    column = 0 if table.columns is None else (table.column_of(child.hours or ZERO) or 0)
    value = table.cells[(group, column)][bracket]
    if value is None:
        raise FeeNotDetermined("unknown_cell", table.paragraph, template="unknown_meal_money", child=number)
    trace.add("meal_money", table.paragraph, number, amount=value)
    return value


# --- family ------------------------------------------------------------------------------------


def apply_siblings(rules: Rules, fees: list[Decimal], singles: list[ChildFee], trace: Trace) -> list[Decimal]:
    """The fees after the sibling rules (same order as ``singles``); each rule changes only its own care types."""
    sibling_rules = rules.sibling_rules
    if not sibling_rules:
        if sum(1 for fee in fees if fee > 0) > 1:
            raise FeeNotDetermined("sibling_rule_unknown")
        return fees
    result = list(fees)
    for rule in sibling_rules:
        _apply_rule(rules, rule, singles, result, trace)
    return result


def _apply_rule(rules: Rules, rule: SiblingRule, singles: list[ChildFee], result: list[Decimal], trace: Trace) -> None:
    members = [s for s in singles if s.care_type in rule.care_types and _counts(rule, s)]
    counted = [s for s in singles if s.care_type in rule.also_counts and _counts(rule, s)]
    if not members or len(members) + len(counted) < 2:
        return
    order = sorted(counted, key=lambda s: _rank(rule, s)) + sorted(members, key=lambda s: _rank(rule, s))
    for position, single in enumerate(order, 1):
        if position <= len(counted):
            trace.add("sibling_counted", rule.paragraph, single.number, care=single.care_type, position=position)
            continue
        if trace.detail:
            _order_step(rule, order, position, trace)
        result[single.number - 1] = _sibling_fee(rules, rule, single, position, trace)


def _counts(rule: SiblingRule, single: ChildFee) -> bool:
    return single.fee > 0 or _counts_free(rule, single)


def _counts_free(rule: SiblingRule, single: ChildFee) -> bool:
    return rule.free_child_counts and single.free == "kibiz_50"


def _rank(rule: SiblingRule, single: ChildFee) -> tuple[int, bool, Decimal, int]:
    return (rule.care_type_rank.get(single.care_type, 1), not _counts_free(rule, single), -single.fee, single.number)


def _order_step(rule: SiblingRule, order: list[ChildFee], position: int, trace: Trace) -> None:
    """Why the child at ``position`` stands there: what sets it apart from its neighbour in the order."""
    single = order[position - 1]
    first = position == 1
    other = order[1] if first else order[position - 2]
    if not first and other.care_type in rule.also_counts:
        reason = "after_counted"
    else:
        mine, theirs = _rank(rule, single), _rank(rule, other)
        kind = "rank" if mine[0] != theirs[0] else "free" if mine[1] != theirs[1] else "fee" if mine[2] != theirs[2] else "equal"
        reason = {"rank": "rank_first", "free": "free_first", "fee": "highest", "equal": "equal_first"}[kind] if first \
            else {"rank": "after_rank", "free": "after_free", "fee": "after_higher", "equal": "after_equal"}[kind]
    trace.add("sibling_order", rule.paragraph, single.number, position=position, reason=reason, other=other.number,
              fee=single.fee, other_fee=other.fee, care=single.care_type, other_care=other.care_type)


def _sibling_fee(rules: Rules, rule: SiblingRule, single: ChildFee, position: int, trace: Trace) -> Decimal:
    if _counts_free(rule, single):
        trace.add("sibling_free_counts", rule.paragraph, single.number)
        return ZERO
    share = rule.shares[min(position, len(rule.shares)) - 1]
    if rule.max_paying_children is not None and position > rule.max_paying_children:
        share = ZERO
    if share == 0:
        trace.add("sibling_not_paying", rule.paragraph, single.number, position=position)
        return ZERO
    fee = single.fee if share == HUNDRED else round_money(single.fee * share / HUNDRED, rules.model.rounding)
    if position > 1 and rule.cap is not None and fee > rule.cap:
        trace.add("sibling_cap", rule.paragraph, single.number, cap=rule.cap)
        fee = rule.cap
    trace.add("sibling_share", rule.paragraph, single.number, position=position, share=plain(share), amount=fee)
    return fee


def _max_paid_fees(rules: Rules, fees: list[Decimal], singles: list[ChildFee], trace: Trace) -> list[Decimal]:
    """Of the fees left after the sibling rules, only the ``count`` highest are charged."""
    rule = rules.model.max_paid_fees
    if rule is None:
        return fees
    paying = sorted((i for i, s in enumerate(singles) if s.care_type in rule.care_types and fees[i] > 0),
                    key=lambda i: (-fees[i], i))
    result = list(fees)
    for index in sorted(paying[rule.count:]):
        trace.add("max_paid_fees", rule.paragraph, index + 1, count=rule.count, amount=fees[index])
        result[index] = ZERO
    return result


def _alternating(rules: Rules, household: Household, fees: list[Decimal], trace: Trace) -> list[Decimal]:
    if not household.alternating:
        return fees
    rule = rules.model.alternating_residence
    if rule is None:
        raise FeeNotDetermined("alternating_rule_unknown")
    if rule.mode == "combined":
        trace.add("alternating_combined", rule.paragraph)
        return fees
    halves = [round_money(fee / 2, rules.model.rounding) for fee in fees]
    for number, half in enumerate(halves, 1):
        trace.add("alternating_half", rule.paragraph, number, amount=half)
    return halves
