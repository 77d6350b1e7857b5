"""Income determination (docs/fees.md, “Income determination”): which incomes count for which
service, deductions, the spouse, corrected figures and what is missing. Totals computed by hand
in the comments."""

from decimal import Decimal

import pytest

from asiointi.fees import records
from asiointi.fees.determination import determine_income
from asiointi.fees.tests.incomes import client_of, home_care_family_of_two, income, review_for

pytestmark = pytest.mark.django_db


def by_record(determination):
    return {line.record_id: line for line in determination.lines}


def test_home_care_counts_the_familys_gross_income(home_care_client):
    review = review_for(home_care_client)
    rows = home_care_family_of_two(review)
    result = determine_income(review)
    assert result.basis == "gross"
    # client: 1650.00 + 35.00 + 80.46 − 150.00 = 1615.46; spouse: 1100.00; family: 2715.46
    assert result.client_total == Decimal("1615.46")
    assert result.spouse_total == Decimal("1100.00")
    assert result.family_total == Decimal("2715.46")
    assert result.family_size == 2
    assert result.missing == []
    lines = by_record(result)
    treatment = {
        name: (lines[row.pk].counted, lines[row.pk].deducted, lines[row.pk].reason)
        for name, row in rows.items()
    }
    assert treatment == {
        "pension": (True, False, "counted"),
        "capital": (True, False, "counted"),
        "care": (True, False, "counted_care_allowance"),
        "disability": (False, False, "not_counted_disability_home_care"),
        "maintenance": (False, True, "deducted"),
        "spouse_pension": (True, False, "counted"),
        "spouse_housing": (False, False, "not_counted"),
    }
    pension = lines[rows["pension"].pk]
    assert (pension.source, pension.payer, pension.subject) == (
        "incomes_register",
        "Keva",
        "client",
    )
    assert pension.amount == Decimal("1650.00")
    assert (pension.period_start.isoformat(), pension.period_end.isoformat()) == (
        "2024-03-01",
        "2025-02-28",
    )
    assert pension.original_amount is None
    assert lines[rows["disability"].pk].note == (
        "Not counted: the disability allowance is not income for home care."
    )


def test_long_term_care_counts_net_income_and_the_allowances(home_care_client):
    client = client_of(home_care_client, service="long-term-care", setting="service_housing")
    review = review_for(client)
    rows = home_care_family_of_two(review)
    result = determine_income(review)
    assert result.basis == "net"
    # client: net 1320.00 + 24.50 + care allowance 80.46 + disability allowance 100.00
    #         − maintenance paid 150.00 = 1374.96
    assert result.client_total == Decimal("1374.96")
    # spouse: 950.00 (the housing allowance is not counted in any service)
    assert result.spouse_total == Decimal("950.00")
    assert result.has_spouse
    lines = by_record(result)
    assert lines[rows["disability"].pk].counted
    assert lines[rows["disability"].pk].reason == "counted_allowance_long_term"
    assert lines[rows["care"].pk].reason == "counted_allowance_long_term"
    assert not lines[rows["spouse_housing"].pk].counted


def test_child_benefit_study_grant_are_not_counted_and_deductions_are_subtracted(
    home_care_client,
):
    review = review_for(home_care_client, spouse=False)
    income(review, "earned", "2400.00", "1800.00")
    income(review, "child_benefit", "120.00", source="kela")
    income(review, "study_grant", "279.00", source="kela")
    income(review, "income_costs", "310.00", source="declared")
    income(review, "guardians_fee", "40.00", source="declared")
    income(review, "forest", "90.00", source="tax")
    result = determine_income(review)
    # 2400.00 + forest 90.00 − costs of acquiring income 310.00 − guardian's fee 40.00 = 2140.00
    assert result.family_total == Decimal("2140.00")
    assert result.family_size == 1
    assert not result.has_spouse


def test_corrected_figure_is_used_and_the_original_shown(home_care_client, fee_official):
    review = review_for(home_care_client)
    rows = home_care_family_of_two(review)
    records.income_record_correct(
        rows["pension"],
        actor=fee_official,
        gross_monthly="1700.00",
        net_monthly="1360.00",
        reason="Index increase from 1.1.",
    )
    result = determine_income(review)
    # 2715.46 − 1650.00 + 1700.00 = 2765.46
    assert result.family_total == Decimal("2765.46")
    line = by_record(result)[rows["pension"].pk]
    assert line.amount == Decimal("1700.00")
    assert line.original_amount == Decimal("1650.00")
    assert line.correction_reason == "Index increase from 1.1."
    assert line.as_json()["original_amount"] == "1650.00"


def test_a_deduction_larger_than_the_income_leaves_zero(home_care_client):
    review = review_for(home_care_client, spouse=False)
    income(review, "pension", "300.00")
    income(review, "maintenance_paid", "450.00", source="declared")
    result = determine_income(review)
    assert (result.client_total, result.family_total) == (Decimal(0), Decimal(0))


def test_missing_incomes_are_listed(home_care_client):
    review = review_for(home_care_client, choice="consent")
    assert determine_income(review).missing == ["no_incomes", "no_spouse_incomes"]
    assert determine_income(review).missing_texts() == [
        "No incomes have been recorded for the client.",
        "The client has a spouse in the household, but no incomes of the spouse are recorded.",
    ]
    income(review, "pension", "1000.00")
    assert determine_income(review).missing == ["no_spouse_incomes"]


def test_declared_review_without_declarations_misses_incomes(home_care_client):
    review = review_for(home_care_client, choice="declared", spouse=False)
    assert determine_income(review).missing == ["no_incomes"]


def test_highest_fee_needs_no_incomes(home_care_client):
    review = review_for(home_care_client, choice="highest_fee")
    assert determine_income(review).missing == []


def test_family_size_from_the_population_data_wins(home_care_client):
    # Eino, Elsa and a child under 18 in the household (fetching.incomes_store sets family_size).
    review = review_for(home_care_client, family_size=3)
    assert determine_income(review).family_size == 3


def test_spouse_incomes_without_population_data_still_make_a_family_of_two(home_care_client):
    review = review_for(home_care_client, spouse=False, choice="declared")
    income(review, "pension", "900.00", source="declared")
    income(review, "pension", "700.00", subject="spouse", source="declared")
    result = determine_income(review)
    assert (result.family_size, result.family_total, result.missing) == (2, Decimal("1600.00"), [])
