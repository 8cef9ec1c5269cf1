"""The fee engine: a household at a reference date → each child's monthly fee, the family total, and
an explanation whose every step cites the Satzung paragraph it applies.

Money is ``Decimal`` throughout; table values are used exactly as written, and only computed amounts
(percentages, halves, hourly sums) are rounded, with the Satzung's rounding. The order of the steps:

1. income (declared total, or items with the Satzung's income rules), or "highest fee";
2. per child: care start, KiBiz § 50, free age group, benefits, free income, bracket, hour column,
   table value or hourly rates, indexation; meal money separately;
3. sibling rule over the single fees, then the Wechselmodell split; the family total.

``explain=False`` skips building the explanation (the batch path).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

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
from kitaforms.satzung.model import Rounding, Scale, SiblingRule, YearlyPercent
from kitaforms.satzung.rules import Rules, Table

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

    __slots__ = ("enabled", "steps")

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
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


def assess(rules: Rules, household: Household, on: date, explain: bool = True) -> Assessment:
    """Assess ``household`` under ``rules`` for the month of ``on``; raises a :class:`FeeError`."""
    check_household(household)
    if not rules.covers(on):
        raise FeeInputError("outside_validity", f"{rules.file} is not valid on {on.isoformat()}")
    trace = Trace(explain)
    model = rules.model
    trace.add("satzung", None, title=model.title, valid="", **{"from": model.valid_from, "until": model.valid_until})
    income = determine_income(rules, household, trace)
    singles = [_single(rules, household, child, n, income, on, trace) for n, child in enumerate(household.children, 1)]
    fees = apply_siblings(rules, [s.fee for s in singles], singles, trace)
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


def determine_income(rules: Rules, household: Household, trace: Trace) -> Decimal | None:
    """The income that decides the bracket; ``None`` means "highest fee" (no statement)."""
    income_rules = rules.model.income
    if household.provisional and income_rules and income_rules.settlement:
        trace.add("provisional", income_rules.settlement.paragraph, settled_by=income_rules.settlement.settled_by)
    if not household.statement:
        if income_rules is None or income_rules.no_statement is None:
            raise FeeNotDetermined("no_statement_rule", "the Satzung file does not say what applies without an "
                                   "income statement")
        trace.add("no_statement", income_rules.no_statement.paragraph)
        return None
    if household.declared_income is not None:
        trace.add("income_declared", income_rules.paragraph if income_rules else None, amount=household.declared_income)
        return household.declared_income
    return _income_from_items(rules, household, trace)


def _income_from_items(rules: Rules, household: Household, trace: Trace) -> Decimal:
    income_rules = rules.model.income
    if income_rules is None:
        if household.incomes:
            raise FeeNotDetermined("income_rules_missing", "the Satzung file has no income rules; declare the total "
                                   "annual income instead of single items")
        trace.add("income_total", None, amount=ZERO)
        return ZERO
    counted = [(item, _counted_amount(rules, item, trace)) for item in household.incomes]
    total = sum((value for _, value in counted), ZERO)
    total += _beamte_addition(rules, household, counted, trace)
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
        raise FeeNotDetermined("income_kind_unknown", f"the Satzung file does not say whether `{item.kind}` counts "
                               "as income; declare the total annual income instead", income_rules.paragraph)
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


def _beamte_addition(rules: Rules, household: Household, counted: list[tuple[IncomeItem, Decimal]],
                     trace: Trace) -> Decimal:
    rule = rules.model.income.beamte_addition  # type: ignore[union-attr]
    if rule is None:
        return ZERO
    total = ZERO
    for number, custodian in enumerate(household.custodians):
        if not custodian.beamter:
            continue
        base = sum((v for item, v in counted if item.custodian == number and item.kind in rule.of), ZERO)
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
        raise FeeInputError("born_after_date", f"child {number} is born after the reference date {on.isoformat()}")
    if child.start is not None and (on.year, on.month) < (child.start.year, child.start.month):
        trace.add("not_in_care", None, number, start=child.start.isoformat())
        return ChildFee(number, child.care_type, None, ZERO, ZERO, ZERO, "not_in_care", None, None)
    meal = _meal_money(rules, child, number, income, on, trace)
    free = rules.model.fee_free
    if free.kibiz_50 and child.care_type in free.kibiz_50.care_types and _kibiz_50(rules, child, number, on, trace):
        return ChildFee(number, child.care_type, None, ZERO, ZERO, meal, "kibiz_50", None, None)
    group = _group_if_needed(rules, child, number, on, trace)
    reason = _free_reason(rules, household, child, number, group, income, trace)
    if reason is not None:
        return ChildFee(number, child.care_type, group, ZERO, ZERO, meal, reason, None, None)
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
        if child.care_type in income_rule.care_types and income is not None and income <= income_rule.up_to:
            trace.add("free_income", income_rule.paragraph, number, limit=income_rule.up_to)
            return "income"
    return None


def _kibiz_50(rules: Rules, child: Child, number: int, on: date, trace: Trace) -> bool:
    rule = rules.model.fee_free.kibiz_50
    assert rule is not None
    if rule.applies_from is not None and on < rule.applies_from:
        return False
    completed = completion_date(child.birth_date, rule.age_completed)
    by = _month_day(completed.year, rule.completed_by)
    year = completed.year if completed <= by else completed.year + 1
    free_from = _month_day(year, rule.free_from)
    if on < free_from:
        return False
    trace.add("kibiz_50", rule.paragraph, number, age=rule.age_completed,
              by=_month_day(year, rule.completed_by).isoformat(), free_from=free_from.isoformat())
    return True


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
    )
    return age_group_of(rules, child, number, on, trace) if needed else None


def age_group_of(rules: Rules, child: Child, number: int, on: date, trace: Trace) -> str:
    setting = rules.model.age_groups
    if setting is None:
        raise FeeNotDetermined("no_age_groups", "the Satzung file declares no age groups")
    switch = setting.switch
    if switch == "unknown":
        young, old = (rules.age_group(age_years(child.birth_date, on, s)) for s in ("month_after_birthday", "birthday_month"))
        if young != old:
            raise FeeNotDetermined("age_switch_unknown", f"child {number} moves into the next age group this month, "
                                   "and the Satzung file does not say from when the new group applies",
                                   setting.paragraph)
        group = young
    else:
        group = rules.age_group(age_years(child.birth_date, on, switch))
    assert group is not None
    trace.add("age_group", setting.paragraph, number, label=group.label, on=on.isoformat())
    return group.id


def _label(rules: Rules, group: str | None) -> str:
    return next((g.label for g in rules.age_groups if g.id == group), group or "")


def _table_fee(rules: Rules, household: Household, child: Child, number: int, group: str | None,
               income: Decimal | None, on: date, trace: Trace, meal: Decimal) -> ChildFee:
    table = rules.fee_tables.get(child.care_type)
    if table is None:
        raise FeeNotDetermined("no_table", f"the Satzung file has no fee table for `{child.care_type}`")
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
    trace.add(code, table.paragraph, number, stufe=chosen.stufe if chosen.stufe is not None else index + 1,
              low=chosen.low, high=chosen.high, boundaries=table.boundaries, range="")
    return index


def _column(table: Table, child: Child, number: int, trace: Trace) -> int:
    if table.columns is None:
        return 0
    if child.hours is None:
        raise FeeInputError("hours_missing", f"child {number}: the fee depends on the booked weekly hours; give them")
    column = table.column_of(child.hours)
    if column is None:
        raise FeeInputError("hours_out_of_range", f"child {number}: {child.hours} hours a week are more than the "
                            f"table `{table.id}` provides (up to {table.columns[-1]})")
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
        raise FeeNotDetermined("unknown_cell", f"child {number}: the Satzung file does not give this fee (table "
                               f"`{table.id}`, bracket {bracket + 1}{_group_text(group)}, column {column + 1})",
                               table.paragraph)
    trace.add("table_fee", table.paragraph, number, amount=value)
    return value


def _group_text(group: str | None) -> str:
    return f", age group `{group}`" if group else ""


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
            raise FeeNotDetermined("unknown_cell", f"child {number}: the Satzung file does not give the hourly rate "
                                   f"(table `{table.id}`, bracket {bracket + 1}{_group_text(group)}, band {band + 1})",
                                   table.paragraph)
        weekly += rate * hours
        parts.append(f"{plain(hours)} × {amount(rate)}")
        lower = bound if bound is not None else child.hours
    if table.factor is None:
        raise FeeNotDetermined("monthly_factor_unknown", f"the Satzung file does not say how the hourly rates of "
                               f"`{table.id}` become a monthly fee", table.paragraph)
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
        raise FeeNotDetermined("unknown_cell", f"child {number}: the Satzung file does not give the meal money",
                               table.paragraph)
    trace.add("meal_money", table.paragraph, number, amount=value)
    return value


# --- family ------------------------------------------------------------------------------------


def apply_siblings(rules: Rules, fees: list[Decimal], singles: list[ChildFee], trace: Trace) -> list[Decimal]:
    """The fees after the sibling rule (same order as ``singles``)."""
    rule = rules.model.siblings
    if rule is None:
        if sum(1 for fee in fees if fee > 0) > 1:
            raise FeeNotDetermined("sibling_rule_unknown", "more than one child would pay, and the Satzung file "
                                   "does not state the sibling rule")
        return fees
    members = [s for s in singles if s.care_type in rule.care_types and (s.fee > 0 or _counts_free(rule, s))]
    if len(members) < 2:
        return fees
    result = list(fees)
    for position, single in enumerate(sorted(members, key=lambda s: _rank(rule, s)), 1):
        result[single.number - 1] = _sibling_fee(rules, rule, single, position, trace)
    return result


def _counts_free(rule: SiblingRule, single: ChildFee) -> bool:
    return rule.free_child_counts and single.free == "kibiz_50"


def _rank(rule: SiblingRule, single: ChildFee) -> tuple[int, bool, Decimal, int]:
    return (rule.care_type_rank.get(single.care_type, 1), not _counts_free(rule, single), -single.fee, single.number)


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


def _alternating(rules: Rules, household: Household, fees: list[Decimal], trace: Trace) -> list[Decimal]:
    if not household.alternating:
        return fees
    rule = rules.model.alternating_residence
    if rule is None:
        raise FeeNotDetermined("alternating_rule_unknown", "the Satzung file does not say how the fee is set when "
                               "the child lives with both parents in turn (Wechselmodell)")
    if rule.mode == "combined":
        trace.add("alternating_combined", rule.paragraph)
        return fees
    halves = [round_money(fee / 2, rules.model.rounding) for fee in fees]
    for number, half in enumerate(halves, 1):
        trace.add("alternating_half", rule.paragraph, number, amount=half)
    return halves
