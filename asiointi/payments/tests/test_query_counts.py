"""The payment pages run a fixed number of queries, whatever the data: the small data set is
measured, the large one asserted with the exact figure (as in the handling and cases tests)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from asiointi.payments.constants import PaymentStatus
from asiointi.payments.models import Payment
from asiointi.payments.services import batches
from asiointi.payments.services import requests as payment_requests
from asiointi.payments.tests.conftest import granted_case, pdf

pytestmark = pytest.mark.django_db

# Session, user, the finance check, the departments for the filter, the page of payments with
# their cases, departments and services.
READY_QUERIES = 5
# Session, user, the finance check, the page of batches with who approved them.
BATCHES_QUERIES = 4
# Session, user, the finance check, the batch with its people, its payments with their cases.
BATCH_QUERIES = 5
# The payment section of a decided case's page: the instalments, their requests (with who
# handled them), the requests' attachments. Undecided cases' pages run none of these.
SECTION_QUERIES = 3


def add_instalments(case, count: int) -> None:
    Payment.objects.bulk_create(
        Payment(
            case=case,
            number=number,
            amount=Decimal("10.00"),
            status=PaymentStatus.READY,
            payee_name="Kallion Kulttuuriyhdistys ry",
            payee_iban="FI2112345600000785",
            created_at=timezone.now(),
        )
        for number in range(2, count + 2)
    )


def test_ready_list_query_count_does_not_grow(
    client,
    django_assert_num_queries,
    finance_officer,
    general_call,
    representative,
    association,
    handler_culture,
):
    def grant():
        return granted_case(
            person=representative,
            call=general_call,
            organisation=association,
            handler=handler_culture,
        )

    grant()
    client.force_login(finance_officer)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("payments:ready")).status_code == 200
    for _ in range(4):
        add_instalments(grant(), 15)
    with django_assert_num_queries(READY_QUERIES):
        response = client.get(reverse("payments:ready") + "?q=ry")
    assert len(small) == READY_QUERIES
    assert len(response.context["payments"]) == 50
    assert response.context["has_next"] is True


def test_batch_pages_query_count_does_not_grow(
    client,
    django_assert_num_queries,
    finance_officer,
    general_call,
    representative,
    association,
    handler_culture,
):
    def grant():
        return granted_case(
            person=representative,
            call=general_call,
            organisation=association,
            handler=handler_culture,
        )

    grant()
    small = batches.batch_create(
        actor=finance_officer, payment_ids=list(Payment.objects.values_list("pk", flat=True))
    )
    client.force_login(finance_officer)
    with CaptureQueriesContext(connection) as small_batch:
        client.get(reverse("payments:batch", args=[small.pk]))
    with CaptureQueriesContext(connection) as small_list:
        client.get(reverse("payments:batches"))
    for _ in range(3):
        add_instalments(grant(), 10)
    large = batches.batch_create(
        actor=finance_officer,
        payment_ids=list(
            Payment.objects.filter(status=PaymentStatus.READY).values_list("pk", flat=True)
        ),
    )
    for _ in range(5):
        batches.batch_create(actor=finance_officer, payment_ids=[grant().payments.get().pk])
    with django_assert_num_queries(BATCH_QUERIES):
        response = client.get(reverse("payments:batch", args=[large.pk]))
    assert len(response.context["payments"]) == 33
    with django_assert_num_queries(BATCHES_QUERIES):
        response = client.get(reverse("payments:batches"))
    assert len(response.context["batches"]) == 7
    assert (len(small_batch), len(small_list)) == (BATCH_QUERIES, BATCHES_QUERIES)


def _requests(case, person, handler, count: int, files: int) -> None:
    """``count`` payment requests for instalment 1, all but the last returned."""
    for number in range(count):
        payment = case.payments.get(number=1)
        request = payment_requests.payment_request_send(
            actor=person,
            payment=payment,
            report=f"Raportti {number}",
            bank_account="FI2112345600000785",
            files=[("receipts", pdf(f"k{number}-{f}.pdf")) for f in range(files)],
        )
        if number < count - 1:
            payment_requests.payment_request_return(
                actor=handler, payment_request=request, reason="Ei."
            )


@pytest.mark.parametrize("page", ["handler", "applicant"])
def test_case_pages_payment_section_query_count_does_not_grow(
    client, request_call, representative, association, handler_culture, page
):
    def grant(requests, files):
        case = granted_case(
            person=representative,
            call=request_call,
            organisation=association,
            handler=handler_culture,
        )
        _requests(case, representative, handler_culture, requests, files)
        return case

    small, large = grant(1, 1), grant(4, 3)
    if page == "handler":
        client.force_login(handler_culture)
        name = "handling:case"
    else:
        client.force_login(representative)
        name = "cases:detail"
    queries = []
    for case in (small, large):
        client.get(reverse(name, args=[case.pk]))  # messages read etc. settle on the first view
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(name, args=[case.pk]))
        queries.append(len(captured))
        assert b'id="payments"' in response.content
    assert queries[0] == queries[1]
    # The section's own share: the same page of an undecided case runs three fewer queries.
    section = [q for q in captured.captured_queries if "payments_" in q["sql"]]
    assert len(section) == SECTION_QUERIES
