"""Sending a payment request is one transaction with a fixed number of statements (issue 15).

Counted with ``asiointi.testing.queries`` (its docstring says why these tests need real commits),
with production's task queue.
"""

import pytest

from asiointi.payments.constants import PaymentStatus
from asiointi.payments.models import Payment
from asiointi.payments.tests.test_payment_requests import post_request
from asiointi.testing.queries import assert_database_work

pytestmark = pytest.mark.django_db(transaction=True)

# Session, user, the access check, the instalment, the instalment locked (with its case), the
# request, its two attachments, their links, the instalment, the case's updated_at, the event.
REQUEST_QUERIES = 12


def test_sending_a_payment_request_is_one_transaction(
    client, granted, representative, database_tasks
):
    client.force_login(representative)
    with assert_database_work(queries=REQUEST_QUERIES, commits=1):
        response = post_request(client, granted)
    assert response.status_code == 302
    assert Payment.objects.get(case=granted, number=1).status == PaymentStatus.REQUESTED
