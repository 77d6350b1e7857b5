"""Two finance officers approving the same payments at the same moment: every payment ends up
in exactly one batch, and the slower officer gets a conflict with nothing of theirs approved.

Each thread has its own database connection (row locks on PostgreSQL; the write lock of
IMMEDIATE transactions on SQLite).
"""

import pytest

from asiointi.cases.tests.test_concurrency import run_in_parallel
from asiointi.common.errors import Conflict
from asiointi.payments.constants import PaymentStatus
from asiointi.payments.models import Payment, PaymentBatch
from asiointi.payments.services.batches import batch_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_officers_never_put_a_payment_into_two_batches(
    finance_officer, second_finance_officer, ready_payments
):
    ids = [p.pk for p in ready_payments]

    def approve(officer, payment_ids):
        return lambda: batch_create(actor=officer, payment_ids=payment_ids)

    results = run_in_parallel(
        [approve(finance_officer, ids), approve(second_finance_officer, list(reversed(ids)))]
    )

    batches = [r for r in results if isinstance(r, PaymentBatch)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert (len(batches), len(conflicts)) == (1, 1), results
    assert PaymentBatch.objects.count() == 1
    assert set(Payment.objects.values_list("status", "batch")) == {
        (PaymentStatus.APPROVED, batches[0].pk)
    }


def test_overlapping_choices_approve_the_shared_payment_once(
    finance_officer, second_finance_officer, ready_payments
):
    first, shared, last = (p.pk for p in ready_payments)

    results = run_in_parallel(
        [
            lambda: batch_create(actor=finance_officer, payment_ids=[first, shared]),
            lambda: batch_create(actor=second_finance_officer, payment_ids=[shared, last]),
        ]
    )

    batches = [r for r in results if isinstance(r, PaymentBatch)]
    assert len(batches) == 1 and len([r for r in results if isinstance(r, Conflict)]) == 1
    (batch,) = batches
    in_batch = set(Payment.objects.filter(batch=batch).values_list("pk", flat=True))
    assert shared in in_batch
    # The loser's other payment is still ready: all or nothing.
    assert set(Payment.objects.filter(status=PaymentStatus.READY).values_list("pk", flat=True)) == (
        {first, shared, last} - in_batch
    )
    assert Payment.objects.get(pk=shared).batch_id == batch.pk
