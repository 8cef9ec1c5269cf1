"""Every cell the reference gives, reproduced to the cent by the engine reading satzungen/.

Each cell is checked at both ends of its bracket: one cent above the lower bound (cent amounts move
into the next bracket) and exactly at the upper bound ("bis X" includes X).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from reference_tables import (
    DUI_BOUNDS,
    DUI_OGS,
    DUS_BOUNDS,
    DUS_KITA_2012,
    DUS_KITA_2021,
    DUS_KITA_HOURS,
    DUS_TP_2021,
    DUS_TP_HOURS,
    KOELN_2016,
    KOELN_2016_BOUNDS,
    KOELN_2025,
    KOELN_BOUNDS,
    KOELN_HOURS,
)
from satzung_support import ROOT, family, fee_of, kid, real, satzung

from kitaforms.satzung import FeeNotDetermined

CENT = Decimal("0.01")


def incomes(bounds: list[int | None], row: int) -> list[Decimal]:
    """One cent above the lower bound, and the upper bound itself (or far above, for the open row)."""
    low = Decimal(bounds[row - 1]) + CENT if row else Decimal(0)
    high = bounds[row]
    return [low, Decimal(high) if high is not None else low + 1_000_000]


def hours_for(columns: list[int | None], column: int) -> Decimal:
    bound = columns[column]
    return Decimal(bound) if bound is not None else Decimal(columns[column - 1]) + 5


def money(value: float | int) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


KOELN_CELLS = [
    (group, row, column)
    for group in KOELN_2025
    for row in range(len(KOELN_BOUNDS))
    for column in range(len(KOELN_HOURS))
]
KOELN_BIRTH = {"u2": "2024-03-10", "age2_to_u3": "2023-03-10", "ue3": "2022-03-10"}  # in October 2025


@pytest.mark.parametrize(("group", "row", "column"), KOELN_CELLS, ids=lambda v: str(v))
def test_koeln_kita_2025_every_cell(project_rules, group: str, row: int, column: int) -> None:
    """Köln, Beitragstabelle ab 01.08.2025 (Satzung vom 17.04.2025): Stufe × age group × hours."""
    rules = real(project_rules, "koeln", "2025-10-15")
    expected = money(KOELN_2025[group][row][column])
    for income in incomes(KOELN_BOUNDS, row):
        household = family(income, kid(KOELN_BIRTH[group], hours=KOELN_HOURS[column]))
        result = fee_of(rules, household, "2025-10-15")
        assert (result.total, result.children[0].age_group) == (expected, group), income


DUS_KITA = [(table, row, column) for table in ("2021", "2012") for row in range(7) for column in range(4)]


@pytest.mark.parametrize(("period", "row", "column"), DUS_KITA, ids=lambda v: str(v))
def test_duesseldorf_kita_u3_every_cell(project_rules, period: str, row: int, column: int) -> None:
    """Düsseldorf, Anlage zur Satzung vom 09.07.2012: U3 Kita table 2021 (S1) and 2012 (S3), incl. über 45 h."""
    table = DUS_KITA_2021 if period == "2021" else DUS_KITA_2012
    on = "2025-10-15" if period == "2021" else "2015-10-15"
    born = "2024-03-10" if period == "2021" else "2014-03-10"
    rules = real(project_rules, "duesseldorf", on)
    for income in incomes(DUS_BOUNDS, row):
        household = family(income, kid(born, hours=hours_for(DUS_KITA_HOURS, column)))
        if table[row] is None:  # Stufe 2 of 2021: empty in the source read
            with pytest.raises(FeeNotDetermined) as caught:
                fee_of(rules, household, on)
            assert caught.value.code == "unknown_cell"
        else:
            assert fee_of(rules, household, on).total == money(table[row][column])


DUS_TP = [(row, column) for row in range(7) for column in range(9)]


@pytest.mark.parametrize(("row", "column"), DUS_TP, ids=lambda v: str(v))
def test_duesseldorf_tagespflege_u3_2021_every_cell(project_rules, row: int, column: int) -> None:
    """Düsseldorf, Anlage ab 01.08.2021: U3 Kindertagespflege in nine hour bands (10 … 45, über 45)."""
    rules = real(project_rules, "duesseldorf", "2025-10-15")
    for income in incomes(DUS_BOUNDS, row):
        household = family(income, kid("2024-03-10", "tagespflege", hours_for(DUS_TP_HOURS, column)))
        if DUS_TP_2021[row] is None:
            with pytest.raises(FeeNotDetermined):
                fee_of(rules, household, "2025-10-15")
        else:
            assert fee_of(rules, household, "2025-10-15").total == money(DUS_TP_2021[row][column])


DUI = [(period, row) for period in DUI_OGS for row in range(len(DUI_BOUNDS))]
DUI_DATES = {"bis-2022-07": "2021-10-15", "2022-08": "2022-10-15", "2023-08": "2023-10-15"}


@pytest.mark.parametrize(("period", "row"), DUI, ids=lambda v: str(v))
def test_duisburg_ogs_three_periods_every_cell(project_rules, period: str, row: int) -> None:
    """Duisburg, OGS-Beitragstabellen bis 31.07.2022, 2022/23 (75 %) and 2023/24 (50 %): the file valid on the
    date is chosen, and every one of the 13 brackets gives the printed fee."""
    on = DUI_DATES[period]
    rules = real(project_rules, "duisburg", on)
    assert rules.key == f"duisburg/{period}"
    for income in incomes(DUI_BOUNDS, row):
        result = fee_of(rules, family(income, kid("2016-05-05", "ogs", None)), on)
        assert result.total == money(DUI_OGS[period][row])


KOELN_2016_CELLS = [(group, row) for group in KOELN_2016 for row in range(len(KOELN_2016_BOUNDS))]


@pytest.mark.parametrize(("group", "row"), KOELN_2016_CELLS, ids=lambda v: str(v))
def test_koeln_tagespflege_2016_every_hourly_rate(project_rules, group: str, row: int) -> None:
    """Köln, Stundensätze Kindertagespflege ab 01.08.2016: each band's rate per hour (1.-25., 26.-35., ab 36.).

    The source does not say how the weekly sum becomes a monthly fee, so the real file gives no fee; with the
    factor set to 1 (the weekly sum) the rates of all three bands show through exactly."""
    text = (ROOT / "satzungen/koeln/2016-08.yaml").read_text(encoding="utf-8")
    weekly = satzung(text.replace("monthly_factor: null", "monthly_factor: '1'"), head="")
    born = {"u2": "2019-03-10", "age2_to_u3": "2017-03-10"}[group]  # in October 2019
    r1, r2, r3 = (money(v) for v in KOELN_2016[group][row])
    for income in incomes(KOELN_2016_BOUNDS, row):
        for hours, expected in ((25, 25 * r1), (35, 25 * r1 + 10 * r2), (40, 25 * r1 + 10 * r2 + 5 * r3)):
            household = family(income, kid(born, "tagespflege", hours))
            assert fee_of(weekly, household, "2019-10-15").total == expected.quantize(CENT)
    with pytest.raises(FeeNotDetermined) as caught:
        fee_of(real(project_rules, "koeln", "2019-10-15"), family(30000, kid(born, "tagespflege", 25)), "2019-10-15")
    assert caught.value.code == "monthly_factor_unknown"


def test_bielefeld_2022_the_one_cell_read(project_rules) -> None:
    """Bielefeld from 01.08.2022: U2, 35 h, income 24,542-36,813 → 64 EUR (press, S3); other cells unknown."""
    rules = real(project_rules, "bielefeld", "2025-10-15")
    assert fee_of(rules, family(30000, kid("2024-03-10", hours=35)), "2025-10-15").total == Decimal("64.00")
    with pytest.raises(FeeNotDetermined):
        fee_of(rules, family(30000, kid("2024-03-10", hours=45)), "2025-10-15")


@pytest.mark.parametrize(("income", "fee"), [(125000.01, "560.00"), (150000, "560.00"), (150000.01, "610.00")])
def test_bonn_2019_top_u3_fees(project_rules, income: float, fee: str) -> None:
    """Bonn from 01.08.2019: U3, 45 h: 125,000-150,000 → 560 EUR; above 150,000 → 610 EUR (S3)."""
    rules = real(project_rules, "bonn", "2025-10-15")
    assert fee_of(rules, family(income, kid("2024-03-10")), "2025-10-15").total == Decimal(fee)


def test_every_reference_cell_is_in_the_files(project_rules) -> None:
    """The compiled tables hold the reference numbers cell by cell (guards against a value edited in both
    the file and a copy of the test)."""
    kita = project_rules["koeln/2025-08"].fee_tables["kita"]
    for group, rows in KOELN_2025.items():
        for row, values in enumerate(rows):
            assert [kita.cells[(group, c)][row] for c in range(3)] == [money(v) for v in values]
    assert [b.high for b in kita.brackets] == [None if b is None else Decimal(b) for b in KOELN_BOUNDS]
    assert date(2025, 8, 1) == project_rules["koeln/2025-08"].valid_from
