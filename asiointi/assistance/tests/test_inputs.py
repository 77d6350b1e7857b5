"""From a toimeentulotuki application's data to the calculator's members, incomes and expenses:
member types by relation and by age on the calculation date, children in row order."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from asiointi.assistance.calculation import (
    Expense,
    Income,
    Member,
    calculate,
    inputs_from_application,
)
from asiointi.common.errors import ValidationFailed
from asiointi.testing.fixtures import assistance_answers

D = Decimal
ON = datetime.date(2024, 5, 1)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def types(data: dict, on: datetime.date = ON) -> list[str]:
    members, _incomes, _expenses = inputs_from_application(data, on=on)
    return [member.type for member in members]


def row(relation: str, birth_date: str, name: str = "X") -> dict:
    return {"name": name, "relation": relation, "birth_date": birth_date}


@pytest.mark.django_db
def test_the_standard_application_gives_the_issues_household(resident):
    members, incomes, expenses = inputs_from_application(assistance_answers(resident), on=ON)
    name = resident.get_full_name()
    assert members == [Member("alone")]
    assert incomes == [
        Income("wage", D("1000.00"), name),
        Income("housing-allowance", D("250.00"), name),
    ]
    assert expenses == [
        Expense("rent", D("650.00"), ""),
        Expense("electricity", D("40.00"), ""),
        Expense("medicines", D("35.50"), "Reseptilääkkeet"),
    ]
    # The issue's example plus medicines 35.50: 177.71 + 35.50 = 213.21.
    result = calculate(on=ON, members=members, incomes=incomes, expenses=expenses)
    assert result.monthly_assistance == D("213.21")


def test_no_household_rows_means_living_alone():
    assert types({"household": []}) == ["alone"]
    assert types({}) == ["alone"]


def test_a_spouse_makes_both_adults():
    assert types({"household": [row("spouse", "1980-02-02")]}) == ["adult", "adult"]


def test_children_by_age_on_the_date_in_row_order():
    data = {
        "household": [
            row("spouse", "1985-01-01"),
            row("child", "2014-05-01"),  # 10 on 1.5.2024 exactly
            row("child", "2014-05-02"),  # 9 until the next day
            row("child", "2006-05-01"),  # 18 on 1.5.2024
            row("child", "2020-01-01"),
        ]
    }
    assert types(data) == [
        "adult",
        "adult",
        "child-10-17",
        "child-under-10",
        "adult-with-parents",
        "child-under-10",
    ]
    # A day earlier the first child is 9 and the third 17.
    assert types(data, on=datetime.date(2024, 4, 30)) == [
        "adult",
        "adult",
        "child-under-10",
        "child-under-10",
        "child-10-17",
        "child-under-10",
    ]


def test_children_without_a_spouse_make_a_single_parent():
    data = {"household": [row("child", "2016-03-03"), row("child", "2012-03-03")]}
    assert types(data) == ["single-parent", "child-under-10", "child-10-17"]


def test_a_single_parent_keeps_the_type_with_an_adult_child_at_home():
    data = {"household": [row("child", "2000-01-01"), row("child", "2012-03-03")]}
    assert types(data) == ["single-parent", "adult-with-parents", "child-10-17"]


def test_only_adult_children_at_home_make_the_applicant_an_adult():
    assert types({"household": [row("child", "2000-01-01")]}) == ["adult", "adult-with-parents"]


def test_an_applicant_living_with_a_parent():
    assert types({"household": [row("parent", "1960-01-01")]}) == ["adult-with-parents", "adult"]


def test_other_adults_are_adults():
    data = {"household": [row("other", "1990-01-01"), row("child", "2016-03-03")]}
    # No spouse, but another adult at home: not a single parent's household.
    assert types(data) == ["adult", "adult", "child-under-10"]


@pytest.mark.django_db
def test_a_family_application_calculates_with_the_childrens_order(resident):
    # 1.2.2026: adults 506.87 × 2; child 10–17 (1st) 417.42; under 10 (2nd) 345.87 = 1777.03.
    # Wage 1000 − 150 = 850 counts; rent 650 + electricity 40 + medicines 35.50 = 725.50.
    # 1777.03 + 725.50 − 850 − 250 (housing allowance) = 1402.53.
    data = assistance_answers(
        resident,
        household=[
            row("spouse", "1988-08-08"),
            row("child", "2013-01-31"),
            row("child", "2019-06-06"),
        ],
    )
    members, incomes, expenses = inputs_from_application(data, on=datetime.date(2026, 2, 1))
    result = calculate(
        on=datetime.date(2026, 2, 1), members=members, incomes=incomes, expenses=expenses
    )
    assert (result.basic_amount, result.monthly_assistance) == (D("1777.03"), D("1402.53"))


def test_unusable_rows_are_refused():
    with pytest.raises(ValidationFailed) as failure:
        inputs_from_application(
            {
                "household": [row("child", "not a date"), row("cousin", "2000-01-01")],
                "incomes": [{"person": "A", "type": "wage", "amount": "lots"}],
                "expenses": [{"type": "rent", "amount": "1 234,50"}],
            },
            on=ON,
        )
    assert failure.value.errors == {
        "household.0.birth_date": ["Enter a date as YYYY-MM-DD."],
        "household.1.relation": ["Unknown relation."],
        "incomes.0.amount": ["Enter an amount in euros, for example 1 234,50."],
    }
