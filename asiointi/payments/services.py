"""Every write to payments. Each function is one atomic, audited action."""

from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone

from asiointi.cases.constants import GRANTING_OUTCOMES, CaseStatus
from asiointi.cases.models import Case
from asiointi.payments.constants import PaymentStatus
from asiointi.payments.models import Payment


def split_into_instalments(total: Decimal, count: int) -> list[Decimal]:
    """Equal instalments rounded down to the cent; the last one takes the remainder, so the
    instalments always add up to the granted amount exactly."""
    share = (total / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [share] * (count - 1) + [total - share * (count - 1)]


def _payee(case: Case) -> tuple[str, str]:
    data = case.versions.order_by("-number").values_list("data", flat=True).first() or {}
    name = case.organisation.name if case.organisation_id else case.applicant.get_full_name()
    iban = str(data.get("bank_account", "")).replace(" ", "").upper()
    return name[:140], iban


@transaction.atomic
def payments_create_for_decision(*, actor, case: Case) -> list[Payment]:
    """Called in the transaction that makes a decision final. A positive decision gets its
    instalments; each waits for a payment request when the grant call asks for one."""
    if case.status != CaseStatus.DECIDED or case.decision_outcome not in GRANTING_OUTCOMES:
        return []
    call = case.grant_call
    count = call.instalments if call else 1
    first_status = (
        PaymentStatus.AWAITING_REQUEST
        if call and call.payment_request_required
        else PaymentStatus.READY
    )
    name, iban = _payee(case)
    now = timezone.now()
    return Payment.objects.bulk_create(
        Payment(
            case=case,
            number=number,
            amount=amount,
            status=first_status,
            payee_name=name,
            payee_iban=iban,
            created_at=now,
        )
        for number, amount in enumerate(split_into_instalments(case.granted_amount, count), 1)
    )
