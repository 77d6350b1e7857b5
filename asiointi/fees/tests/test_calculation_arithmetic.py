"""The fee arithmetic on plain figures, without the database (no ``django_db``: a query here would
fail). The figures are made up to keep the hand computation readable; the worked cases against
the real rule rows are in test_calculation.py."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from asiointi.fees.calculation import (
    FeeRequest,
    home_care_fee,
    home_care_income_limit,
    long_term_care_fee,
    rounded_hours,
)
from asiointi.fees.constants import CareSetting, Service
from asiointi.fees.rules import HomeCareFigures, LongTermCareFigures

DAY = datetime.date(2024, 5, 1)
# Limit 1000 € (3000 € for six persons, + 400 € for each further person), 10 %.
HOME = HomeCareFigures(limit=Decimal("1000.00"), extra_per_person=None, percent=Decimal(10))
SIX = HomeCareFigures(
    limit=Decimal("3000.00"), extra_per_person=Decimal("400.00"), percent=Decimal(10)
)
# 85 %, the spouse rule's 42.5 %, 200 € left to the client.
LONG = LongTermCareFigures(
    percent=Decimal(85), spouse_percent=Decimal("42.5"), minimum_left=Decimal("200.00")
)


def home(gross: str, *, size: int = 1, hours: str = "10", figures=HOME):
    request = FeeRequest(
        service=Service.HOME_CARE,
        date=DAY,
        family_size=size,
        hours=Decimal(hours),
        gross_income=Decimal(gross),
    )
    return home_care_fee(request, figures)


def long_term(net: str, spouse: str | None = None, *, figures=LONG):
    request = FeeRequest(
        service=Service.LONG_TERM_CARE,
        date=DAY,
        setting=CareSetting.SERVICE_HOUSING,
        net_income=Decimal(net),
        spouse_net_income=None if spouse is None else Decimal(spouse),
    )
    return long_term_care_fee(request, figures)


@pytest.mark.parametrize(
    ("hours", "rounded"),
    # Halves up, not to even: 2.5 → 3 (banker's rounding would give 2).
    [("12.5", 13), ("12.49", 12), ("2.5", 3), ("0.4", 0), ("4", 4)],
)
def test_hours_round_to_the_nearest_whole_hour_halves_up(hours, rounded):
    assert rounded_hours(Decimal(hours)) == rounded


@pytest.mark.parametrize(
    ("size", "limit"), [(1, "3000.00"), (6, "3000.00"), (7, "3400.00"), (8, "3800.00")]
)
def test_income_limit_adds_each_person_beyond_six(size, limit):
    # 7: 3000 + 1 × 400 = 3400; 8: 3000 + 2 × 400 = 3800; up to six the row's own limit
    assert home_care_income_limit(size, SIX) == Decimal(limit)


def test_home_care_fee_is_the_percentage_of_income_over_the_limit():
    # 10 % × (1500 − 1000) = 10 % × 500 = 50.00
    result = home("1500.00")
    assert (result.monthly_fee, result.income_limit, result.percentage, result.cap) == (
        Decimal("50.00"),
        Decimal("1000.00"),
        Decimal(10),
        "percentage",
    )


@pytest.mark.parametrize(
    ("gross", "fee", "cap"),
    [
        # at the limit: 1000 − 1000 = 0 → no fee
        ("1000.00", "0.00", "below_limit"),
        ("999.99", "0.00", "below_limit"),
        # 10 % × 0.01 = 0.001 → 0.00 (over the limit, rounded away)
        ("1000.01", "0.00", "percentage"),
        # 10 % × 0.05 = 0.005 → 0.01 (half up)
        ("1000.05", "0.01", "percentage"),
    ],
)
def test_home_care_fee_at_the_limit(gross, fee, cap):
    result = home(gross)
    assert (result.monthly_fee, result.cap) == (Decimal(fee), cap)


def test_families_over_six_use_the_raised_limit():
    # 8 persons: 3000 + 2 × 400 = 3800; 10 % × (4800 − 3800) = 100.00
    result = home("4800.00", size=8, figures=SIX)
    assert (result.income_limit, result.monthly_fee) == (Decimal("3800.00"), Decimal("100.00"))


def test_an_unverified_figure_adds_the_note_for_the_official_only():
    result = home("1500.00", figures=dataclasses.replace(HOME, verified=False))
    assert result.verified is False
    assert result.explanation[:-1] == result.steps
    assert result.explanation[-1].startswith("Note: a figure used here is not yet confirmed")


@pytest.mark.parametrize(
    ("net", "spouse", "fee", "percentage", "cap"),
    [
        # 85 % × 2000 = 1700; 2000 − 200 = 1800 → 1700
        ("2000.00", None, "1700.00", "85", "percentage"),
        # 85 % × 1000 = 850; 1000 − 200 = 800 → 800
        ("1000.00", None, "800.00", "85", "minimum_left"),
        # Where the two meet, 200 / 0.15 = 1333.33…:
        # 85 % × 1333.33 = 1133.3305; 1333.33 − 200 = 1133.33 → 1133.33 (minimum left)
        ("1333.33", None, "1133.33", "85", "minimum_left"),
        # 85 % × 1333.34 = 1133.339; 1333.34 − 200 = 1133.34 → 1133.339 → 1133.34 (percentage)
        ("1333.34", None, "1133.34", "85", "percentage"),
        # Spouse rule: 42.5 % × (1500 + 500) = 850; 1500 − 200 = 1300 → 850
        ("1500.00", "500.00", "850.00", "42.5", "spouse"),
        # Equal incomes are not "higher": the 85 % rule, 850 vs 1000 − 200 = 800 → 800
        ("1000.00", "1000.00", "800.00", "85", "minimum_left"),
        # Exactly the minimum: 200 − 200 = 0 → 0.00
        ("200.00", None, "0.00", "85", "minimum_left"),
        # Below the minimum: 150 − 200 = −50 → never negative, 0.00
        ("150.00", None, "0.00", "85", "minimum_left"),
    ],
)
def test_long_term_care_fee(net, spouse, fee, percentage, cap):
    result = long_term(net, spouse)
    assert (result.monthly_fee, result.percentage, result.cap) == (
        Decimal(fee),
        Decimal(percentage),
        cap,
    )
    assert result.minimum_left == Decimal("200.00") and result.income_limit is None


def test_a_negative_fee_is_explained_as_zero():
    lines = long_term("150.00").explanation
    assert lines[-2:] == ["The fee cannot be negative: zero fee.", "Monthly fee: 0.00 €."]
