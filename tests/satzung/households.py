"""Random households for a Satzung, reaching every rule it has (seeded, so failures reproduce)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from kitaforms.satzung import Child, Custodian, Household, IncomeItem
from kitaforms.satzung.model import BENEFITS, CARE_TYPES, INCOME_KINDS
from kitaforms.satzung.rules import Rules

CENT = Decimal("0.01")


def stichtag(rules: Rules, rnd: random.Random) -> date:
    start = rules.valid_from or date(2014, 1, 1)
    end = rules.valid_until or date(2027, 12, 31)
    return start + timedelta(days=rnd.randint(0, (end - start).days))


def money(rnd: random.Random, high: int) -> Decimal:
    return (Decimal(rnd.randint(0, high * 100)) / 100).quantize(CENT)


def interesting_income(rules: Rules, rnd: random.Random) -> Decimal:
    """Mostly on or next to a bracket bound (where mistakes hide), else anywhere."""
    bounds = [u for table in rules.fee_tables.values() for u in table.uppers]
    bounds += [r.up_to for r in rules.model.fee_free.income_up_to]
    if bounds and rnd.random() < 0.5:
        return max(rnd.choice(bounds) + rnd.choice((Decimal(-1), -CENT, 0, CENT, 1)), Decimal(0))
    return money(rnd, rnd.choice((40_000, 120_000, 300_000)))


def hours(rules: Rules, care: str, rnd: random.Random) -> Decimal | None:
    table = rules.fee_tables.get(care)
    if table is None or table.columns is None:
        return None if rnd.random() < 0.7 else Decimal(rnd.randint(1, 50))
    bounds = [c for c in table.columns if c is not None] or [Decimal(40)]
    pick = rnd.choice(bounds) + rnd.choice((0, 0, -1, 1, Decimal("0.5"), -5))
    return max(pick, Decimal(1))


def child(rules: Rules, on: date, rnd: random.Random) -> Child:
    cares = sorted({t.care_type for t in rules.fee_tables.values()}) or ["kita"]
    care = rnd.choice(cares) if rnd.random() < 0.85 else rnd.choice(CARE_TYPES)
    age_days = rnd.randint(30, 12 * 366 if care in ("ogs", "hort") else 7 * 366)
    start = on + timedelta(days=rnd.randint(-400, 60)) if rnd.random() < 0.15 else None
    return Child(on - timedelta(days=age_days), care, hours(rules, care, rnd), start, rnd.random() < 0.3)


def income_items(rules: Rules, rnd: random.Random, custodians: int) -> tuple[IncomeItem, ...]:
    income = rules.model.income
    kinds = list(income.counted) + list(income.not_counted) if income and rnd.random() < 0.9 else list(INCOME_KINDS)
    items = []
    for _ in range(rnd.randint(0, 3)):
        kind = rnd.choice(kinds or list(INCOME_KINDS))
        person = rnd.randrange(custodians)
        if rnd.random() < 0.5:
            sign = -1 if kind != "elterngeld" and rnd.random() < 0.1 else 1
            items.append(IncomeItem(kind, annual=sign * money(rnd, 90_000), custodian=person))
        else:
            special = money(rnd, 5000) if rnd.random() < 0.3 else None
            items.append(IncomeItem(kind, monthly=money(rnd, 7000), months=rnd.randint(1, 12), custodian=person,
                                    elterngeld_plus=rnd.random() < 0.5, special_payments=special))
    return tuple(items)


def household(rules: Rules, on: date, rnd: random.Random) -> Household:
    children = tuple(child(rules, on, rnd) for _ in range(rnd.choices((1, 2, 3, 4), (50, 32, 14, 4))[0]))
    custodians = tuple(Custodian(rnd.random() < 0.2, work_expenses(rnd)) for _ in range(rnd.randint(1, 2)))
    itemised = rules.model.income is not None and rnd.random() < 0.3
    return Household(
        children=children,
        incomes=income_items(rules, rnd, len(custodians)) if itemised else (),
        custodians=custodians,
        declared_income=None if itemised else interesting_income(rules, rnd),
        statement=rnd.random() > 0.05,
        benefits=frozenset(rnd.sample(BENEFITS, 1)) if rnd.random() < 0.05 else frozenset(),
        children_in_household=rnd.choice((None, None, 1, 2, 3, 4, 5)),
        alternating=rnd.random() < 0.08,
        provisional=rnd.random() < 0.2,
        income_year=rnd.choice((None, None, None, 2009, 2021, 2022, 2023, 2026)),
    )


def work_expenses(rnd: random.Random) -> Decimal | None:
    """Werbungskosten stated: mostly none, else around the Arbeitnehmer-Pauschbetrags (1,000 / 1,200 / 1,230)."""
    if rnd.random() < 0.6:
        return None
    return rnd.choice((Decimal(0), Decimal("1229.99"), Decimal(1230), Decimal("1230.01"), Decimal(1200), money(rnd, 8000)))


def cases(rules: Rules, count: int, seed: int) -> list[tuple[Household, date]]:
    rnd = random.Random(f"{rules.key}/{seed}")
    result = []
    for _ in range(count):
        on = stichtag(rules, rnd)
        result.append((household(rules, on, rnd), on))
    return result
