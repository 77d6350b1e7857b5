"""Finance: ready instalments approved into a payment batch (its SEPA file is ``payments.sepa``),
and the batch marked paid when the bank has paid it."""

import datetime
import secrets
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban

from asiointi.cases.constants import EventKind
from asiointi.cases.events import record_event
from asiointi.common.errors import Conflict, TransitionNotAllowed, ValidationFailed
from asiointi.common.locking import lock_for_change
from asiointi.payments.access import require_finance
from asiointi.payments.constants import BatchStatus, PaymentStatus
from asiointi.payments.models import Payment, PaymentBatch


def _new_message_id(now) -> str:
    # ≤ 35 characters, unique: the bank refuses a file whose message id it has seen.
    return f"ASI-{now:%Y%m%d%H%M%S}-{secrets.token_hex(4).upper()}"


def _describe(payment: Payment) -> str:
    return _("%(record)s, instalment %(number)s") % {
        "record": payment.case.record_number,
        "number": payment.number,
    }


@transaction.atomic
def batch_create(*, actor, payment_ids: list[int]) -> PaymentBatch:
    """Approve the chosen ready payments into one batch, all or nothing.

    The payment rows are locked first and then moved with a conditional UPDATE (``status =
    ready AND batch IS NULL``) whose row count must match: two finance officers approving the
    same payment at once never put it into two batches — the second gets a conflict and
    nothing of theirs is approved.
    """
    require_finance(actor)
    ids = sorted({int(pk) for pk in payment_ids})
    if not ids:
        message = _("Choose at least one payment to approve.")
        raise ValidationFailed(message, {"payments": [message]})
    payments = list(
        Payment.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(payments) != len(ids):
        raise Conflict(_("Some of the chosen payments no longer exist. Reload the list."))
    not_ready = [p for p in payments if p.status != PaymentStatus.READY]
    if not_ready:
        raise Conflict(
            _(
                "%(payment)s is no longer ready for payment (now “%(status)s”): someone else "
                "approved it first. Nothing was approved; reload the list and try again."
            )
            % {"payment": _describe(not_ready[0]), "status": not_ready[0].get_status_display()}
        )
    invalid = [p for p in payments if not stdnum_iban.is_valid(p.payee_iban)]
    if invalid:
        problems = [
            _("%(payment)s (%(payee)s): the account “%(iban)s” is not a valid IBAN.")
            % {
                "payment": _describe(p),
                "payee": p.payee_name,
                "iban": p.payee_iban or _("none given"),
            }
            for p in invalid
        ]
        raise ValidationFailed(
            _(
                "Payments without a valid IBAN cannot be approved. Nothing was approved; "
                "leave them out or have the account corrected first."
            ),
            {"payments": problems},
        )
    now = timezone.now()
    batch = PaymentBatch.objects.create(
        message_id=_new_message_id(now),
        execution_date=timezone.localdate(),
        payment_count=len(payments),
        total=sum((p.amount for p in payments), Decimal("0.00")),
        created_by=actor,
        created_at=now,
    )
    moved = Payment.objects.filter(
        pk__in=ids, status=PaymentStatus.READY, batch__isnull=True
    ).update(status=PaymentStatus.APPROVED, batch=batch, lock_version=F("lock_version") + 1)
    if moved != len(ids):
        raise Conflict(_("Someone else approved some of these payments first. Reload the list."))
    for payment in payments:
        record_event(
            case=payment.case,
            kind=EventKind.PAYMENT_APPROVED,
            actor=actor,
            details={
                "instalment": payment.number,
                "batch": batch.pk,
                "amount": str(payment.amount),
            },
        )
    return batch


def _clean_paid_on(raw) -> datetime.date:
    if isinstance(raw, datetime.date):
        paid_on = raw
    else:
        try:
            paid_on = datetime.date.fromisoformat(str(raw or "").strip())
        except ValueError:
            message = _("Enter the payment date, e.g. 2026-03-31.")
            raise ValidationFailed(message, {"paid_on": [message]}) from None
    if paid_on > timezone.localdate():
        message = _("The payment date cannot be in the future.")
        raise ValidationFailed(message, {"paid_on": [message]})
    return paid_on


@transaction.atomic
def batch_mark_paid(
    *, actor, batch: PaymentBatch, paid_on, expected_lock_version: int | None = None
) -> PaymentBatch:
    """The bank paid the batch: every payment in it is paid, and each case gets the PAID event
    the applicant sees — all in this one transaction."""
    require_finance(actor)
    paid_on = _clean_paid_on(paid_on)
    batch = lock_for_change(
        PaymentBatch.objects.all(),
        batch.pk,
        expected_lock_version,
        conflict=lambda locked: (
            _(
                "The payment batch was changed by someone else in the meantime (now "
                "“%(status)s”). Reload the page and try again."
            )
            % {"status": locked.get_status_display()}
        ),
    )
    if batch.status != BatchStatus.EXPORTED:
        raise TransitionNotAllowed(
            _("The payment batch is already “%(status)s”.") % {"status": batch.get_status_display()}
        )
    payments = list(
        Payment.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(batch=batch)
        .order_by("pk")
    )
    Payment.objects.filter(batch=batch, status=PaymentStatus.APPROVED).update(
        status=PaymentStatus.PAID, paid_on=paid_on, lock_version=F("lock_version") + 1
    )
    batch.status = BatchStatus.PAID
    batch.paid_on = paid_on
    batch.marked_paid_by = actor
    batch.marked_paid_at = timezone.now()
    batch.lock_version += 1
    batch.save(
        update_fields=["status", "paid_on", "marked_paid_by", "marked_paid_at", "lock_version"]
    )
    for payment in payments:
        record_event(
            case=payment.case,
            kind=EventKind.PAID,
            actor=actor,
            details={
                "instalment": payment.number,
                "amount": str(payment.amount),
                "paid_on": paid_on.isoformat(),
            },
        )
    return batch
