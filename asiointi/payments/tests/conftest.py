"""Personas and decided grants for the payment tests, built through the services."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asiointi.cases.constants import DecisionOutcome
from asiointi.cases.models import Case
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.processing import case_start_processing
from asiointi.handling.tests.conftest import sent_case
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.payments.models import Payment
from asiointi.testing.fixtures import PDF_BYTES, make_person


@pytest.fixture
def finance_officer(catalogue):
    """Raili Rahoitus: finance in the City Executive Office; works on every department's
    payments."""
    person = make_person("raili", "Raili", "Rahoitus", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="executive"), role=StaffRole.FINANCE
    )
    return person


@pytest.fixture
def second_finance_officer(catalogue):
    person = make_person("frans", "Frans", "Finanssi", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="executive"), role=StaffRole.FINANCE
    )
    return person


def decide(case: Case, handler, amount: str) -> Case:
    """Office holder's positive decision: creates the instalments (payments_create_for_decision)."""
    case_start_processing(actor=handler, case=case)
    return case_decide(
        actor=handler,
        case=case,
        outcome=DecisionOutcome.APPROVED,
        granted_amount=amount,
        reasoning="Hyvä hanke.",
    )


def granted_case(*, person, call, handler, organisation=None, amount="1000.00") -> Case:
    case = sent_case(person=person, call=call, organisation=organisation, amount=amount)
    return decide(case, handler, amount)


@pytest.fixture
def request_call(general_call):
    """The general call, paid in two instalments each waiting for a payment request."""
    general_call.instalments = 2
    general_call.payment_request_required = True
    general_call.save(update_fields=["instalments", "payment_request_required"])
    return general_call


@pytest.fixture
def granted(request_call, representative, association, handler_culture) -> Case:
    return granted_case(
        person=representative,
        call=request_call,
        organisation=association,
        handler=handler_culture,
        amount="1000.01",
    )


@pytest.fixture
def ready_payments(general_call, representative, association, resident, handler_culture):
    """Three single-instalment grants paid without a payment request: ready for finance."""
    cases = [
        granted_case(
            person=representative,
            call=general_call,
            organisation=association,
            handler=handler_culture,
            amount="1500.00",
        ),
        granted_case(person=resident, call=general_call, handler=handler_culture, amount="250.50"),
        granted_case(
            person=representative,
            call=general_call,
            organisation=association,
            handler=handler_culture,
            amount="99.99",
        ),
    ]
    payments = list(Payment.objects.filter(case__in=cases).order_by("pk"))
    assert [p.amount for p in payments] == [
        Decimal("1500.00"),
        Decimal("250.50"),
        Decimal("99.99"),
    ]
    return payments


def pdf(name: str = "raportti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
