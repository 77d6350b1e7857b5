"""Instalments are created when a positive decision becomes final and add up exactly."""

from decimal import Decimal

import pytest

from asiointi.cases.constants import DecisionOutcome
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.processing import case_start_processing
from asiointi.handling.tests.conftest import sent_case
from asiointi.payments.constants import PaymentStatus
from asiointi.payments.models import Payment
from asiointi.payments.services.instalments import split_into_instalments

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [
        ("1000.00", 1, ["1000.00"]),
        ("1000.00", 3, ["333.33", "333.33", "333.34"]),
        ("1000.01", 2, ["500.00", "500.01"]),
        ("0.05", 4, ["0.01", "0.01", "0.01", "0.02"]),
        ("99999.99", 12, ["8333.33"] * 11 + ["8333.36"]),
    ],
)
def test_instalments_add_up_to_the_granted_amount_exactly(total, count, expected):
    parts = split_into_instalments(Decimal(total), count)
    assert parts == [Decimal(e) for e in expected]
    assert sum(parts) == Decimal(total)


def test_positive_decision_creates_instalments_awaiting_a_request(granted):
    payments = list(Payment.objects.filter(case=granted).values_list("number", "amount", "status"))
    assert payments == [
        (1, Decimal("500.00"), PaymentStatus.AWAITING_REQUEST),
        (2, Decimal("500.01"), PaymentStatus.AWAITING_REQUEST),
    ]
    assert Payment.objects.get(case=granted, number=1).payee_iban == "FI2112345600000785"


def test_call_without_payment_request_is_ready_at_once(ready_payments):
    assert {p.status for p in ready_payments} == {PaymentStatus.READY}


def test_rejection_creates_no_payment(general_call, representative, association, handler_culture):
    case = sent_case(person=representative, call=general_call, organisation=association)
    case_start_processing(actor=handler_culture, case=case)
    case_decide(actor=handler_culture, case=case, outcome=DecisionOutcome.REJECTED, reasoning="Ei.")
    assert not Payment.objects.filter(case=case).exists()
