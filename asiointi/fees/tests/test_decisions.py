"""The official's decision on a proposal: made only by a member of the client's department, only
from a proposal, validated, and followed after the commit by the letter and a content-free email."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from asiointi.common.errors import NotFound, TransitionNotAllowed, ValidationFailed
from asiointi.fees import decisions
from asiointi.fees.constants import DecisionKind, ReviewStatus
from asiointi.fees.models import FeeClient, FeeDecision, IncomeReview
from asiointi.fees.tests.decision_builders import proposed

pytestmark = pytest.mark.django_db

VALID_FROM = datetime.date(2026, 12, 1)


def _unchanged(review: IncomeReview, client: FeeClient) -> None:
    review.refresh_from_db()
    client.refresh_from_db()
    assert review.status == ReviewStatus.PROPOSED
    assert not FeeDecision.objects.filter(review=review).exists()
    assert (client.current_amount, client.next_review_due) == (
        Decimal("150.00"),
        datetime.date(2026, 12, 1),
    )


def test_decision_on_the_proposal_closes_the_review_and_updates_the_client(
    fee_review, fee_official, django_capture_on_commit_callbacks
):
    review = proposed(fee_review, fee_official)
    amount = review.proposal.amount
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decision = decisions.review_decide(
            review, actor=fee_official, amount=amount, valid_from=VALID_FROM
        )
    assert len(callbacks) == 2  # the letter and the email, only after the commit
    decision.refresh_from_db()
    review.refresh_from_db()
    client = review.client
    client.refresh_from_db()
    assert (decision.kind, decision.amount, decision.valid_from, decision.decided_by) == (
        DecisionKind.FEE,
        amount,
        VALID_FROM,
        fee_official,
    )
    assert decision.language == "fi"
    assert decision.calculation == review.proposal.calculation
    assert review.status == ReviewStatus.DECIDED
    assert (client.current_amount, client.next_review_due) == (amount, datetime.date(2027, 12, 1))
    assert decision.letter.name and decision.letter_name.endswith(f"-{decision.pk}.pdf")


def test_the_email_says_where_to_look_and_nothing_about_incomes_or_amounts(
    fee_review, fee_official, django_capture_on_commit_callbacks
):
    review = proposed(fee_review, fee_official, gross="1777.77", net="1333.33")
    with django_capture_on_commit_callbacks(execute=True):
        decision = decisions.review_decide(
            review, actor=fee_official, amount=review.proposal.amount, valid_from=VALID_FROM
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["eino@example.com"]
    text = message.subject + message.body
    assert decisions.folder_url(decision) in message.body
    for secret in ("1777", "1 777", "1333", "1 333", str(decision.amount), "Keva", "Eino"):
        assert secret not in text, secret
    assert "€" not in text


def test_a_different_amount_needs_reasoning_which_is_kept(fee_review, fee_official):
    review = proposed(fee_review, fee_official)
    client = review.client
    with pytest.raises(ValidationFailed) as refused:
        decisions.review_decide(
            review, actor=fee_official, amount=Decimal("99.00"), valid_from=VALID_FROM
        )
    assert list(refused.value.errors) == ["reasoning"]
    _unchanged(review, client)
    decision = decisions.review_decide(
        review,
        actor=fee_official,
        amount=Decimal("99.00"),
        valid_from=VALID_FROM,
        reasoning="Costs of acquiring income shown on paper.",
    )
    assert (decision.amount, decision.reasoning) == (
        Decimal("99.00"),
        "Costs of acquiring income shown on paper.",
    )


@pytest.mark.parametrize(
    ("amount", "valid_from", "field", "message"),
    [
        (Decimal("-1.00"), VALID_FROM, "amount", "The amount cannot be negative."),
        (None, VALID_FROM, "amount", "Enter the amount."),
        ("abc", VALID_FROM, "amount", "Enter the amount in euros, e.g. 150.00."),
        (Decimal("10.005"), VALID_FROM, "amount", "Give the amount in whole cents."),
        (
            Decimal("1200.01"),
            VALID_FROM,
            "amount",
            "The fee cannot be more than the cost of the service (€1,200.00 a month).",
        ),
        (Decimal("10.00"), None, "valid_from", "Enter the date the decision applies from."),
    ],
)
def test_invalid_input_is_refused_and_nothing_changes(
    amount, valid_from, field, message, fee_review, fee_official
):
    review = proposed(fee_review, fee_official)
    with pytest.raises(ValidationFailed) as refused:
        decisions.review_decide(
            review, actor=fee_official, amount=amount, valid_from=valid_from, reasoning="x"
        )
    assert refused.value.errors[field] == [message]
    _unchanged(review, review.client)


def test_zero_is_a_valid_fee(fee_review, fee_official):
    review = proposed(fee_review, fee_official)
    decision = decisions.review_decide(
        review, actor=fee_official, amount="0", valid_from=VALID_FROM, reasoning="Below the limit."
    )
    assert decision.amount == Decimal("0.00")


def test_only_a_proposal_can_be_decided(fee_review, fee_official):
    with pytest.raises(TransitionNotAllowed) as refused:
        decisions.review_decide(
            fee_review, actor=fee_official, amount=Decimal("10.00"), valid_from=VALID_FROM
        )
    assert "Waiting for the client's choice" in refused.value.message
    assert not FeeDecision.objects.exists()


def test_a_decided_review_cannot_be_decided_again(fee_review, fee_official):
    review = proposed(fee_review, fee_official)
    first = decisions.review_decide(
        review, actor=fee_official, amount=review.proposal.amount, valid_from=VALID_FROM
    )
    with pytest.raises(TransitionNotAllowed) as refused:
        decisions.review_decide(
            review, actor=fee_official, amount=Decimal("1.00"), valid_from=VALID_FROM, reasoning="x"
        )
    assert "Decided" in refused.value.message
    assert list(FeeDecision.objects.values_list("pk", "amount")) == [(first.pk, first.amount)]


@pytest.mark.parametrize("who", ["handler_culture", "fee_client_person"])
def test_others_than_the_departments_staff_cannot_decide(who, request, fee_review, fee_official):
    review = proposed(fee_review, fee_official)
    actor = request.getfixturevalue(who)
    with pytest.raises(NotFound):
        decisions.review_decide(
            review, actor=actor, amount=review.proposal.amount, valid_from=VALID_FROM
        )
    _unchanged(review, review.client)


def test_a_service_voucher_check_ends_in_a_voucher_value_decision(fee_review, fee_official):
    client = fee_review.client
    client.service = "service-voucher"
    client.monthly_hours = None
    client.save(update_fields=["service", "monthly_hours"])
    review = proposed(fee_review, fee_official)
    decision = decisions.review_decide(
        review, actor=fee_official, amount=review.proposal.amount, valid_from=VALID_FROM
    )
    assert decision.kind == DecisionKind.VOUCHER_VALUE


def test_the_letter_language_is_the_clients(fee_review, fee_official, fee_client_person):
    fee_client_person.preferred_language = "sv"
    fee_client_person.save(update_fields=["preferred_language"])
    review = proposed(fee_review, fee_official)
    decision = decisions.review_decide(
        review, actor=fee_official, amount=review.proposal.amount, valid_from=VALID_FROM
    )
    assert decision.language == "sv"


def test_a_review_due_on_29_february_is_next_due_on_28_february():
    assert decisions.one_year_later(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
