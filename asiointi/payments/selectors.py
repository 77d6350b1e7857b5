"""Reads for the payment pages. Each list is a fixed number of queries, whatever the data."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.payments.constants import PaymentStatus
from asiointi.payments.models import Payment, PaymentBatch, PaymentRequest

# Only decided (or later closed) cases have payments: other case pages skip the queries.
STATUSES_WITH_PAYMENTS = frozenset({CaseStatus.DECIDED, CaseStatus.CLOSED})


def case_payments(*, case: Case) -> list[Payment]:
    """A case's instalments with their payment requests and the requests' attachments:
    three queries, or none for a case that cannot have payments yet."""
    if case.status not in STATUSES_WITH_PAYMENTS:
        return []
    requests = PaymentRequest.objects.select_related("handled_by").prefetch_related("attachments")
    return list(
        Payment.objects.filter(case=case)
        .prefetch_related(Prefetch("requests", queryset=requests))
        .order_by("number")
    )


@dataclass(frozen=True)
class ReadyFilters:
    department_id: int | None = None
    query: str = ""


def ready_payment_list(*, filters: ReadyFilters) -> QuerySet[Payment]:
    """Payments waiting for finance's approval, oldest first."""
    payments = (
        Payment.objects.filter(status=PaymentStatus.READY)
        .select_related("case", "case__department", "case__service")
        .order_by("created_at", "pk")
    )
    if filters.department_id:
        payments = payments.filter(case__department_id=filters.department_id)
    if filters.query:
        payments = payments.filter(
            Q(case__record_number__icontains=filters.query) | Q(payee_name__icontains=filters.query)
        )
    return payments


def batch_list() -> QuerySet[PaymentBatch]:
    return PaymentBatch.objects.select_related("created_by").order_by("-created_at", "-pk")


def batch_payments(*, batch: PaymentBatch) -> list[Payment]:
    return list(
        batch.payments.select_related("case", "case__department").order_by("case__record_number")
    )
