"""Proposals: the determination run through the calculator or the voucher formula, capped at the
cost of the service, with the flags that send a review to manual work. Worked by hand from the
tables (2024–25 home care: 2 persons limit 1205 €, 12 h → 17 %; 2022–23 service housing:
minimum left 167 €, verified; 2024–25: ≈182 €, unverified)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from asiointi.common.errors import TransitionNotAllowed
from asiointi.fees import proposals, records
from asiointi.fees.models import FeeProposal, IncomeConsent, RegistryQuery
from asiointi.fees.tests.incomes import client_of, home_care_family_of_two, income, review_for

pytestmark = pytest.mark.django_db

LONG_TERM_2023 = datetime.date(2023, 6, 1)


def test_home_care_family_of_two(home_care_client):
    review = review_for(home_care_client)
    home_care_family_of_two(review)
    proposal = proposals.review_propose(review)
    # 17 % × (2715.46 − 1205.00) = 0.17 × 1510.46 = 256.7782 → 256.78
    assert proposal.amount == Decimal("256.78")
    assert proposal.income_total == Decimal("2715.46")
    assert proposal.calculation["result"]["income_limit"] == "1205.00"
    assert proposal.calculation["result"]["percentage"] == "17"
    assert proposal.calculation["cost_cap"] == {
        "monthly_cost": "1200.00",
        "calculated": "256.78",
        "applied": False,
    }
    # Current fee 150.00: (256.78 − 150.00) / 150.00 = 71.2 % > 15 %
    assert proposal.flags == ["large_change"]
    review.refresh_from_db()
    assert (review.status, review.flags, review.needs_manual) == (
        "proposed",
        ["large_change"],
        True,
    )


def test_explanation_line_by_line_in_the_readers_language(home_care_client):
    review = review_for(home_care_client)
    rows = home_care_family_of_two(review)
    proposal = proposals.review_propose(review)
    lines = proposals.explanation(proposal)
    assert lines[0] == "Incomes fetched from the registries with the client's consent."
    assert (
        "Client: pension, Incomes Register (Keva), 1 Mar 2024–28 Feb 2025: 1,650.00 € — "
        "Counted: continuous or recurring income."
    ) in lines
    assert "Family's gross income counted (2 persons): 2,715.46 € a month." in lines
    assert "17 % × (2,715.46 € − 1,205.00 €) = 17 % × 1,510.46 €." in lines
    assert lines[-2:] == [
        "Proposed amount: 256.78 € a month.",
        "Current amount 150.00 € a month; change 71.2 %.",
    ]
    housing = next(line for line in lines if "housing allowance" in line)
    assert housing.startswith("Spouse: housing allowance, Kela (entered by staff)")
    assert housing.endswith("Not counted: this benefit is not income under the client fee rules.")
    assert rows["pension"].pk in [line["record_id"] for line in proposal.calculation["lines"]]
    with translation.override("fi"):
        finnish = proposals.explanation(proposal)
    assert any("2\xa0715,46 €" in line for line in finnish)
    assert not any("2,715.46" in line or "2715.46" in line for line in finnish)


def test_small_change_needs_no_manual_work(home_care_client):
    client_of(home_care_client, current_amount=Decimal("250.00"))
    review = review_for(home_care_client)
    home_care_family_of_two(review)
    proposal = proposals.review_propose(review)
    # (256.78 − 250.00) / 250.00 = 2.7 %
    assert proposal.flags == []
    assert proposal.calculation["change"] == {
        "current_amount": "250.00",
        "percent": "2.7",
        "large": False,
    }
    review.refresh_from_db()
    assert (review.status, review.needs_manual) == ("proposed", False)


def test_the_change_threshold_is_a_setting(home_care_client, settings):
    settings.FEE_CHANGE_THRESHOLD_PERCENT = 72
    review = review_for(home_care_client)
    home_care_family_of_two(review)
    # 71.2 % is not more than 72 %
    assert proposals.review_propose(review).flags == []


def test_fee_never_exceeds_the_cost_of_the_service(home_care_client):
    client_of(home_care_client, monthly_cost=Decimal("200.00"), current_amount=Decimal("200"))
    review = review_for(home_care_client)
    home_care_family_of_two(review)
    proposal = proposals.review_propose(review)
    # calculated 256.78 > cost 200.00 → 200.00
    assert proposal.amount == Decimal("200.00")
    assert proposal.calculation["cost_cap"]["applied"] is True
    assert proposal.calculation["result"]["monthly_fee"] == "256.78"
    lines = proposals.explanation(proposal)
    assert "The fee cannot exceed the cost of the service, 200.00 €." in lines
    assert lines[-2] == "Proposed amount: 200.00 € a month."


def long_term(home_care_client, period_start=LONG_TERM_2023, **client_changes):
    client = client_of(
        home_care_client,
        service="long-term-care",
        setting="service_housing",
        monthly_hours=None,
        monthly_cost=Decimal("3000.00"),
        **client_changes,
    )
    return review_for(client, period_start=period_start)


def test_long_term_care_spouse_rule(home_care_client):
    review = long_term(home_care_client, current_amount=Decimal("986.00"))
    income(review, "pension", "1650.00", "1320.00")
    income(review, "disability_allowance", "100.00", source="kela")
    income(review, "guardians_fee", "50.00", source="staff")
    income(review, "pension", "1100.00", "950.00", subject="spouse")
    proposal = proposals.review_propose(review)
    # client net 1320 + 100 − 50 = 1370 > spouse 950: 42.5 % × (1370 + 950) = 986.00;
    # minimum left: 1370 − 167 = 1203.00 → 986.00
    assert proposal.amount == Decimal("986.00")
    assert proposal.income_total == Decimal("1370.00")
    assert proposal.calculation["request"]["spouse_net_income"] == "950.00"
    assert proposal.calculation["result"]["cap"] == "spouse"
    assert proposal.flags == []


def test_long_term_care_minimum_left(home_care_client):
    review = long_term(home_care_client, current_amount=Decimal("233.00"))
    income(review, "pension", "450.00", "380.00")
    income(review, "pensioners_care_allowance", "80.00", source="kela")
    income(review, "guardians_fee", "60.00", source="staff")
    income(review, "pension", "350.00", "300.00", subject="spouse")
    proposal = proposals.review_propose(review)
    # client net 380 + 80 − 60 = 400 > spouse 300: 42.5 % × 700 = 297.50;
    # minimum left 167: 400 − 167 = 233.00 < 297.50 → 233.00
    assert proposal.amount == Decimal("233.00")
    assert proposal.calculation["result"]["cap"] == "minimum_left"
    assert proposal.flags == []


def test_unverified_rule_is_flagged(home_care_client):
    review = long_term(
        home_care_client, period_start=datetime.date(2025, 3, 1), current_amount=Decimal(986)
    )
    income(review, "pension", "1650.00", "1370.00")
    income(review, "pension", "1100.00", "950.00", subject="spouse")
    proposal = proposals.review_propose(review)
    # 42.5 % × 2320 = 986.00; 1370 − 182 = 1188 → 986.00, but ≈182 € is not confirmed
    assert proposal.amount == Decimal("986.00")
    assert proposal.flags == ["unverified_rule"]


def test_no_choice_gets_a_proposal_without_amount(home_care_client):
    review = review_for(home_care_client, choice="")
    proposal = proposals.review_propose(review)
    assert proposal.amount is None
    assert proposal.flags == ["no_choice"]
    assert proposals.explanation(proposal) == [
        "The client has not chosen how their incomes are checked.",
        "No amount can be proposed; the official decides.",
    ]
    review.refresh_from_db()
    assert (review.status, review.needs_manual) == ("proposed", True)


def test_highest_fee_is_the_cost_of_the_service(home_care_client):
    client_of(home_care_client, current_amount=Decimal("1200.00"))
    review = review_for(home_care_client, choice="highest_fee")
    proposal = proposals.review_propose(review)
    assert proposal.amount == Decimal("1200.00")
    assert proposal.income_total is None
    assert proposal.flags == []
    assert proposals.explanation(proposal)[0] == (
        "The client accepted the highest fee without an income check: the fee is the cost of "
        "the service, 1,200.00 €."
    )


def test_service_voucher_value(home_care_client):
    client = client_of(
        home_care_client,
        service="service-voucher",
        monthly_hours=None,
        monthly_cost=Decimal("1500.00"),
        current_amount=Decimal("800.00"),
    )
    review = review_for(client, spouse=False)
    income(review, "pension", "2000.00", "1600.00")
    proposal = proposals.review_propose(review)
    # limit 1000 (one person); 1200 − 40 % × (2000 − 1000) = 1200 − 400 = 800.00
    assert proposal.amount == Decimal("800.00")
    assert proposal.calculation["result"]["value"] == "800.00"
    assert proposal.flags == []
    assert "Service voucher value: 800.00 € a month." in proposals.explanation(proposal)


def test_voucher_value_never_exceeds_the_providers_price(home_care_client):
    client = client_of(
        home_care_client,
        service="service-voucher",
        monthly_cost=Decimal("950.00"),
        current_amount=Decimal("950.00"),
    )
    review = review_for(client, spouse=False)
    income(review, "pension", "900.00", "800.00")
    proposal = proposals.review_propose(review)
    # 900 ≤ limit 1000: the maximum 1200.00, but the provider charges 950.00
    assert proposal.amount == Decimal("950.00")
    assert proposal.calculation["result"]["value"] == "1200.00"
    assert "The voucher's value cannot exceed the provider's price, 950.00 €." in (
        proposals.explanation(proposal)
    )


def test_service_voucher_without_income_check_has_the_minimum_value(home_care_client):
    client = client_of(
        home_care_client, service="service-voucher", current_amount=Decimal("300.00")
    )
    review = review_for(client, choice="highest_fee")
    proposal = proposals.review_propose(review)
    assert proposal.amount == Decimal("300.00")
    assert proposal.flags == []


def test_missing_incomes_are_flagged(home_care_client):
    client_of(home_care_client, current_amount=None)
    review = review_for(home_care_client)
    proposal = proposals.review_propose(review)
    # nothing recorded: 0 € is below the limit → 0.00, but someone has to look
    assert proposal.amount == Decimal("0.00")
    assert proposal.flags == ["missing_data"]
    assert proposal.calculation["missing"] == ["no_incomes", "no_spouse_incomes"]
    assert "No incomes have been recorded for the client." in proposals.explanation(proposal)


def test_home_care_without_hours_cannot_be_calculated(home_care_client):
    client_of(home_care_client, monthly_hours=None)
    review = review_for(home_care_client)
    home_care_family_of_two(review)
    proposal = proposals.review_propose(review)
    assert proposal.amount is None
    assert proposal.flags == ["missing_data"]
    assert "The client's monthly service hours are not recorded." in proposals.explanation(proposal)


def query(review, consent, *, ok, at, registry="incomes_register", subject="client"):
    return RegistryQuery.objects.create(
        review=review,
        consent=consent,
        registry=registry,
        subject=subject,
        at=at,
        ok=ok,
        error="" if ok else "The Incomes Register did not answer in time.",
    )


def test_registry_error_of_the_latest_fetch_is_flagged(home_care_client, fee_official):
    client_of(home_care_client, current_amount=Decimal("256.78"))
    review = review_for(home_care_client)
    home_care_family_of_two(review)
    consent = IncomeConsent.objects.create(
        review=review,
        person=home_care_client.person,
        registries=["incomes_register", "tax", "population"],
        valid_until=datetime.date(2026, 3, 1),
        channel="phone",
        recorded_by=fee_official,
    )
    first = timezone.now() - datetime.timedelta(hours=1)
    query(review, consent, ok=True, at=first, registry="tax")
    query(review, consent, ok=False, at=first, subject="spouse")
    proposal = proposals.review_propose(review)
    assert proposal.flags == ["registry_error"]
    assert proposal.calculation["registry_errors"] == [
        {
            "registry": "incomes_register",
            "subject": "spouse",
            "error": "The Incomes Register did not answer in time.",
        }
    ]
    assert (
        "Incomes Register could not be queried (spouse): "
        "The Incomes Register did not answer in time." in proposals.explanation(proposal)
    )
    # A later fetch got the spouse's incomes: the earlier failure no longer counts.
    query(review, consent, ok=True, at=timezone.now(), subject="spouse")
    assert proposals.review_propose(review).flags == []


def test_declared_incomes_are_flagged_for_checking(home_care_client, fee_client_person):
    client_of(home_care_client, current_amount=Decimal("256.78"))
    review = review_for(home_care_client, choice="declared")
    home_care_family_of_two(review)
    proposal = proposals.review_propose(review)
    assert proposal.amount == Decimal("256.78")
    assert proposal.flags == ["declared"]


def test_a_proposal_follows_income_changes_in_place(home_care_client, fee_official):
    client_of(home_care_client, current_amount=Decimal("256.78"))
    review = review_for(home_care_client)
    rows = home_care_family_of_two(review)
    first = proposals.review_propose(review)
    records.income_record_correct(
        rows["pension"],
        actor=fee_official,
        gross_monthly="1700.00",
        net_monthly="1360.00",
        reason="Index increase from 1.1.",
    )
    proposal = FeeProposal.objects.get(review=review)
    assert proposal.pk == first.pk
    # 17 % × (2765.46 − 1205.00) = 0.17 × 1560.46 = 265.2782 → 265.28 (the corrected figure)
    assert proposal.amount == Decimal("265.28")
    pension = next(
        line for line in proposal.calculation["lines"] if line["record_id"] == rows["pension"].pk
    )
    assert (pension["amount"], pension["original_amount"]) == ("1700.00", "1650.00")
    assert any(
        "Corrected by staff from 1,650.00 €: Index increase from 1.1." in line
        for line in proposals.explanation(proposal)
    )
    records.income_record_add(
        review,
        actor=fee_official,
        source="staff",
        subject="client",
        kind="earned",
        gross_monthly="100.00",
        net_monthly="80.00",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 1, 31),
    )
    # + 100.00: 0.17 × 1660.46 = 282.2782 → 282.28
    assert FeeProposal.objects.get(review=review).amount == Decimal("282.28")
    assert FeeProposal.objects.filter(review=review).count() == 1


def test_a_decided_review_is_not_proposed_again(home_care_client):
    review = review_for(home_care_client)
    home_care_family_of_two(review)
    proposals.review_propose(review)
    review.status = "decided"
    review.save()
    with pytest.raises(TransitionNotAllowed):
        proposals.review_propose(review)
    assert FeeProposal.objects.get(review=review).amount == Decimal("256.78")
