"""Evaluator: null semantics, dates and ages, aggregates over repeats, Decimal exactness."""

from __future__ import annotations

import decimal
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kitaforms.expr import DictEnv, Value, evaluate, parse
from kitaforms.expr._values import full_years, months_between

TODAY = date(2025, 6, 15)


def run(source: str, data: dict[str, object] | None = None, today: date = TODAY) -> Value:
    return evaluate(parse(source), DictEnv(data or {}, today))


class RecordingEnv:
    """An Env that is not a dict: the evaluator only calls lookup() and reads today."""

    today = TODAY

    def __init__(self) -> None:
        self.asked: list[tuple[str, ...]] = []

    def lookup(self, parts: tuple[str, ...]) -> Value:
        self.asked.append(parts)
        return Decimal(2) if parts == ("a",) else None


def test_any_env_with_lookup_and_today_works() -> None:
    env = RecordingEnv()
    assert evaluate(parse("a * 3 + b.c"), env) is None
    assert evaluate(parse("a * 3"), env) == Decimal(6)
    assert env.asked == [("a",), ("b", "c"), ("a",)]


def test_numbers_are_decimals_never_floats() -> None:
    result = run("betrag * 3", {"betrag": 0.1})
    assert isinstance(result, Decimal) and result == Decimal("0.3")
    assert run("summe(x)", {"x": [0.1, 0.2]}) == Decimal("0.3")
    assert isinstance(run("anzahl(x)", {"x": [1]}), Decimal)


def test_the_callers_decimal_context_does_not_change_results() -> None:
    with decimal.localcontext() as context:
        context.prec = 3
        assert run("1.23456 * 1") == Decimal("1.23456")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a + 1", None),
        ("a * 0", None),
        ("-a", None),
        ("a == 1", False),
        ("a != 1", False),
        ("a < 1", False),
        ("a >= 1", False),
        ("1 in a", False),
        ("1 not in a", False),
        ("a == null", True),
        ("a != null", False),
        ("a and true", False),
        ("a or false", False),
        ("not a", True),
        ("anzahl(a)", Decimal(0)),
        ("summe(a)", Decimal(0)),
        ("minimum(a)", None),
        ("ausgefuellt(a)", False),
        ("laenge(a)", Decimal(0)),
        ("jahr(a)", None),
        ("alter(a)", None),
        ("wenn(a, 1, 2)", Decimal(2)),
    ],
)
def test_null_semantics(source: str, expected: Value) -> None:
    assert run(source) == expected and type(run(source)) is type(expected)


def test_null_literal_tests_presence_on_either_side() -> None:
    assert run("null == a") is True
    assert run("null != a", {"a": 0}) is True
    assert run("null == null") is True


def test_division_by_zero_is_null() -> None:
    assert run("1 / 0") is None
    assert run("0 / 0") is None


def test_dates_from_data_may_be_date_objects_or_iso_text() -> None:
    assert run('d == datum("2025-01-02")', {"d": date(2025, 1, 2)}) is True
    assert run('d == datum("2025-01-02")', {"d": datetime(2025, 1, 2, 10, 30)}) is True
    assert run('d == datum("2025-01-02")', {"d": "2025-01-02"}) is True
    assert run("d == heute()", {"d": "15.06.2025"}) is False  # not ISO: compared as text, like in JS
    assert run('"2025" in heute()') is True


def test_heute_comes_from_the_env() -> None:
    assert run("heute()", today=date(2030, 1, 1)) == date(2030, 1, 1)


@pytest.mark.parametrize(
    ("birth", "day", "years"),
    [
        ("2020-08-01", "2025-07-31", 4),
        ("2020-08-01", "2025-08-01", 5),
        ("2020-02-29", "2021-02-28", 0),
        ("2020-02-29", "2021-03-01", 1),
        ("2020-02-29", "2024-02-28", 3),
        ("2020-02-29", "2024-02-29", 4),
        ("2019-12-31", "2020-12-30", 0),
        ("2019-12-31", "2020-12-31", 1),
        ("2025-08-01", "2025-08-01", 0),
        ("2025-09-01", "2025-08-01", 0),
        ("2026-09-01", "2025-08-01", -1),
    ],
)
def test_alter_am_counts_completed_years(birth: str, day: str, years: int) -> None:
    assert run(f'alter_am(datum("{birth}"), datum("{day}"))') == Decimal(years)


def test_alter_uses_today() -> None:
    assert run("alter(g)", {"g": "2022-06-15"}) == 3
    assert run("alter(g)", {"g": "2022-06-16"}) == 2


def _anniversary(start: date, months: int) -> date:
    """The day ``months`` months after ``start``; a missing day moves to the 1st of the next month."""
    year, month = divmod(start.month - 1 + months, 12)
    try:
        return date(start.year + year, month + 1, start.day)
    except ValueError:
        next_year, next_month = divmod(month + 1, 12)
        return date(start.year + year + next_year, next_month + 1, 1)


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(dates, dates)
def test_whole_months_match_counting_anniversaries(start: date, end: date) -> None:
    earlier, later = sorted((start, end))
    count = 0
    while _anniversary(earlier, count + 1) <= later:
        count += 1
    assert months_between(earlier, later) == count
    assert months_between(later, earlier) == -count


@given(dates, dates)
def test_age_is_the_usual_birthday_rule(birth: date, day: date) -> None:
    if day >= birth:
        expected = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
        if (birth.month, birth.day) == (2, 29) and (day.month, day.day) == (2, 28):
            expected = day.year - birth.year - 1  # 29 February: older on 1 March
        assert full_years(birth, day) == expected
    assert full_years(birth, day) == int(months_between(birth, day) / 12)


@given(dates)
def test_nobody_ages_before_their_birthday(birth: date) -> None:
    assert full_years(birth, birth - timedelta(days=1)) == 0
    assert full_years(birth, birth) == 0


GESCHWISTER = {
    "geschwister": [
        {"name": "Ada", "geburtsdatum": "2019-03-01", "einkuenfte": [{"betrag": 10}, {"betrag": 5.5}]},
        {"name": None, "geburtsdatum": "2022-01-01", "einkuenfte": []},
        {"geburtsdatum": "bad"},
    ]
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("anzahl(geschwister)", Decimal(3)),
        ("anzahl(geschwister.name)", Decimal(1)),
        ("summe(geschwister.einkuenfte.betrag)", Decimal("15.5")),
        ("maximum(geschwister.einkuenfte.betrag)", Decimal(10)),
        ("minimum(geschwister.name)", "Ada"),
        ('"Ada" in geschwister.name', True),
        ("ausgefuellt(geschwister.einkuenfte)", True),
        ("anzahl(geschwister.einkuenfte)", Decimal(2)),
    ],
)
def test_aggregates_over_repeats(source: str, expected: Value) -> None:
    assert run(source, GESCHWISTER) == expected


def test_minimum_of_mixed_kinds_is_null() -> None:
    assert run("minimum(x)", {"x": [1, "a"]}) is None
    assert run("maximum(x)", {"x": ["2020-01-01", "2021-05-05"]}) == date(2021, 5, 5)


def test_unknown_functions_and_wrong_arity_evaluate_to_null() -> None:
    assert run("gibtsnicht(1)") is None
    assert run("alter_am(heute())") is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("runden(2.675, 2)", Decimal("2.68")),
        ("runden(2.665, 2)", Decimal("2.67")),
        ("runden(-2.5, 0)", Decimal("-3")),
        ("runden(1.5, 0.5)", None),
        ("runden(9999999999999999999999999999.5, 2)", None),
    ],
)
def test_runden_rounds_half_up(source: str, expected: Value) -> None:
    assert run(source) == expected
