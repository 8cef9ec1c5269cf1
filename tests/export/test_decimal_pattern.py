"""Money ranges as patterns: the pattern accepts exactly the plain decimal strings of the range."""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest

from kitaforms.export._decimal_pattern import decimal_pattern, integer_range

PLAIN = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]{1,2})?")


def _expected(text: str, low: Decimal | None, high: Decimal | None) -> bool:
    if not PLAIN.fullmatch(text) or text.startswith("-0") and Decimal(text) == 0:
        return False
    value = Decimal(text)
    return (low is None or value >= low) and (high is None or value <= high)


def _candidates(rng: random.Random, low: Decimal | None, high: Decimal | None) -> list[str]:
    """Strings near the bounds, random amounts, and malformed ones."""
    found = ["0", "-0", "0.0", "00", "01", "1.", ".5", "1e3", "+1", "1,50", " 1", "1 ", "", "-", "0.001", "1.234"]
    for bound in (low, high):
        if bound is not None:
            for delta in ("0", "0.01", "-0.01", "0.1", "-0.1", "1", "-1", "0.001", "-0.001"):
                value = bound + Decimal(delta)
                found += [str(value), f"{value:.2f}", f"{value:.1f}", f"{value:.3f}", str(int(value))]
    for _ in range(300):
        magnitude = rng.choice([10, 1000, 10**6, 10**12])
        cents = rng.randint(-magnitude * 100, magnitude * 100)
        value = Decimal(cents).scaleb(-2)
        found += [f"{value:.2f}", f"{value:.1f}", str(int(value)), f"{value:.3f}"]
    return found


RANGES = [(Decimal(0), Decimal(300)), (Decimal(0), None), (None, None), (Decimal("-50.5"), Decimal("1234.56")),
          (Decimal("0.01"), Decimal("0.99")), (Decimal("10"), Decimal("10")), (Decimal("99.995"), Decimal("1000.004")),
          (Decimal(-1000), Decimal(-1)), (None, Decimal(0)), (Decimal(7), None), (Decimal("123456.78"), None)]


@pytest.mark.parametrize("low, high", RANGES)
def test_the_pattern_matches_exactly_the_amounts_of_the_range(low, high) -> None:
    pattern = re.compile(decimal_pattern(low, high))
    rng = random.Random(f"{low}-{high}")
    for text in _candidates(rng, low, high):
        assert bool(pattern.search(text)) == _expected(text, low, high), (text, pattern.pattern)


def test_random_ranges_and_ten_thousand_cent_amounts() -> None:
    rng = random.Random(1205)
    for _ in range(40):
        bounds = sorted(Decimal(rng.randint(-10**7, 10**7)).scaleb(-2) for _ in range(2))
        low, high = bounds[0] if rng.random() < 0.8 else None, bounds[1] if rng.random() < 0.8 else None
        pattern = re.compile(decimal_pattern(low, high))
        for text in _candidates(rng, low, high):
            assert bool(pattern.search(text)) == _expected(text, low, high), (text, low, high)
    anything = re.compile(decimal_pattern(Decimal(0), None))
    amounts = [f"{Decimal(rng.randint(0, 10**9)).scaleb(-2):.2f}" for _ in range(10_000)]
    assert all(anything.search(text) for text in amounts)
    assert not any(anything.search(text + "1") for text in amounts)  # three decimals


def test_an_empty_range_matches_nothing() -> None:
    pattern = re.compile(decimal_pattern(Decimal(5), Decimal(4)))
    assert not any(pattern.search(text) for text in ("4", "5", "4.5", ""))


@pytest.mark.parametrize("low, high", [(0, 9), (0, 1000), (17, 17), (5, 123), (99, 101), (1000, 99999), (3, 2)])
def test_whole_number_ranges(low: int, high: int) -> None:
    pattern = re.compile("^(?:" + "|".join(integer_range(low, high) or ["(?!)"]) + ")$")
    for number in range(0, 2 * max(high, 1) + 20):
        assert bool(pattern.match(str(number))) == (low <= number <= high), number
    assert not pattern.match("007")


@pytest.mark.parametrize("places", [0, 1, 3])
def test_other_numbers_of_decimals(places: int) -> None:
    """A decimal field says its own ``decimals``: no fraction at all, one place, three places."""
    pattern = re.compile(decimal_pattern(Decimal(0), Decimal(12), places))
    assert pattern.search("12") and pattern.search("0") and not pattern.search("13") and not pattern.search("-1")
    assert bool(pattern.search("7." + "5" * max(places, 1))) == (places >= 1)
    assert not pattern.search("7." + "5" * (places + 1))
    assert bool(pattern.search("12." + "0" * max(places, 1))) == (places >= 1)
    if places:
        assert not pattern.search("12." + "0" * (places - 1) + "1"), "just above the maximum"
