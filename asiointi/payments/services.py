"""Every write to payments. Each function is one atomic, audited action."""

import datetime
import secrets
from decimal import ROUND_DOWN, Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban

from asiointi.cases.constants import GRANTING_OUTCOMES, CaseStatus, EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case
from asiointi.cases.services import _store_attachment
from asiointi.cases.uploads import CheckedFile, StoredFiles, check_upload
from asiointi.common.errors import Conflict, TransitionNotAllowed, ValidationFailed
from asiointi.organisation.membership import require_member
from asiointi.payments.access import require_finance
from asiointi.payments.constants import (
    PAYMENT_REQUEST_ATTACHMENT_KINDS,
    BatchStatus,
    PaymentRequestStatus,
    PaymentStatus,
)
from asiointi.payments.models import Payment, PaymentBatch, PaymentRequest


def split_into_instalments(total: Decimal, count: int) -> list[Decimal]:
    """Equal instalments rounded down to the cent; the last one takes the remainder, so the
    instalments always add up to the granted amount exactly."""
    share = (total / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [share] * (count - 1) + [total - share * (count - 1)]


def _payee(case: Case) -> tuple[str, str]:
    data = case.versions.order_by("-number").values_list("data", flat=True).first() or {}
    name = case.organisation.name if case.organisation_id else case.applicant.get_full_name()
    iban = stdnum_iban.compact(str(data.get("bank_account", "")))
    return name[:140], iban


@transaction.atomic
def payments_create_for_decision(*, actor, case: Case) -> list[Payment]:
    """Called in the transaction that makes a decision final. A positive decision gets its
    instalments; each waits for a payment request when the grant call asks for one.

    A confidential service's decision (social assistance) gets none: the city-wide finance
    staff who pay these instalments must not learn who receives it, so it is paid outside this
    payment list (docs/assistance-confidentiality.md)."""
    if case.status != CaseStatus.DECIDED or case.decision_outcome not in GRANTING_OUTCOMES:
        return []
    if case.service.confidential:
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


# ---------------------------------------------------------------------------------------------
# Payment requests (maksatuspyyntö): the applicant sends, a handler of the department decides.

MAX_REPORT_LENGTH = 10_000


def clean_iban(raw: str) -> str:
    """The account in its compact form; raises ValidationFailed naming the field."""
    compact = stdnum_iban.compact(raw or "")
    if not compact:
        message = _("Enter the bank account (IBAN).")
        raise ValidationFailed(message, {"bank_account": [message]})
    if not stdnum_iban.is_valid(compact):
        message = _("“%(iban)s” is not a valid IBAN. Check the account number.") % {"iban": raw}
        raise ValidationFailed(message, {"bank_account": [message]})
    return compact


def _clean_request(
    report: str, bank_account: str, files: list[tuple[str, UploadedFile]], *, actor
) -> tuple[str, str, list[tuple[str, UploadedFile, CheckedFile]]]:
    errors: dict[str, list[str]] = {}
    report = (report or "").strip()
    if not report:
        errors["report"] = [_("Write a short report on the use of the grant.")]
    elif len(report) > MAX_REPORT_LENGTH:
        errors["report"] = [
            _("The report is too long (at most %(count)d characters).")
            % {"count": MAX_REPORT_LENGTH}
        ]
    iban = ""
    try:
        iban = clean_iban(bank_account)
    except ValidationFailed as error:
        errors.update(error.errors)
    checked = []
    if not files:
        errors["files"] = [
            _("Attach at least one file: the report on the use of the grant or receipts.")
        ]
    for kind, upload in files:
        if kind not in PAYMENT_REQUEST_ATTACHMENT_KINDS:
            errors["files"] = [_("Choose the type of the attachment.")]
            continue
        try:
            checked.append(
                (kind, upload, check_upload(upload, actor=actor, purpose="payment_request"))
            )
        except ValidationFailed as error:
            errors.setdefault("files", []).append(
                _("%(name)s: %(problem)s") % {"name": upload.name, "problem": error.message}
            )
    if errors:
        raise ValidationFailed(_("The payment request has errors."), errors)
    return report, iban, checked


def _locked_payment(payment: Payment, expected_lock_version: int | None) -> Payment:
    locked = Payment.objects.select_for_update().select_related("case").get(pk=payment.pk)
    if expected_lock_version is not None and locked.lock_version != expected_lock_version:
        raise Conflict(
            _(
                "Instalment %(number)s was changed by someone else in the meantime (now "
                "“%(status)s”). Reload the page and try again."
            )
            % {"number": locked.number, "status": locked.get_status_display()}
        )
    return locked


def _require_status(payment: Payment, expected: str, action: str) -> None:
    if payment.status != expected:
        raise TransitionNotAllowed(
            _("%(action)s is not possible while instalment %(number)s is “%(status)s”.")
            % {"action": action, "number": payment.number, "status": payment.get_status_display()}
        )


def _require_department_member(actor, case: Case) -> None:
    require_member(actor, case.department_id, not_found=_("Application not found."))


def payment_request_send(
    *,
    actor,
    payment: Payment,
    report: str,
    bank_account: str,
    files: list[tuple[str, UploadedFile]],
    expected_lock_version: int | None = None,
) -> PaymentRequest:
    """The applicant's payment request for an instalment awaiting one. ``files`` are
    (attachment kind, upload) pairs; every file is checked before anything is stored, and a
    failure leaves no row and no file behind."""
    report, iban, checked = _clean_request(report, bank_account, files, actor=actor)
    with StoredFiles() as stored, transaction.atomic():
        payment = _locked_payment(payment, expected_lock_version)
        _require_status(payment, PaymentStatus.AWAITING_REQUEST, _("Sending a payment request"))
        case = payment.case
        request = PaymentRequest.objects.create(
            payment=payment, report=report, sent_by=actor, sent_at=timezone.now()
        )
        # add, not set: a new request has no attachments to compare with (set reads them first).
        request.attachments.add(
            *[
                _store_attachment(
                    actor=actor,
                    case=case,
                    upload=upload,
                    checked=checked_file,
                    kind=kind,
                    message=None,
                    from_staff=False,
                    stored=stored,
                )
                for kind, upload, checked_file in checked
            ]
        )
        payment.status = PaymentStatus.REQUESTED
        payment.payee_iban = iban
        payment.lock_version += 1
        payment.save(update_fields=["status", "payee_iban", "lock_version"])
        Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
        record_event(
            case=case,
            kind=EventKind.PAYMENT_REQUEST_SENT,
            actor=actor,
            details={"instalment": payment.number, "request": request.pk},
        )
    return request


def _locked_request(payment_request: PaymentRequest, expected_lock_version: int | None):
    payment = _locked_payment(payment_request.payment, expected_lock_version)
    payment_request = PaymentRequest.objects.select_for_update().get(pk=payment_request.pk)
    if payment_request.status != PaymentRequestStatus.SENT:
        raise TransitionNotAllowed(
            _("This payment request has already been handled (“%(status)s”).")
            % {"status": payment_request.get_status_display()}
        )
    return payment, payment_request


@transaction.atomic
def payment_request_accept(
    *, actor, payment_request: PaymentRequest, expected_lock_version: int | None = None
) -> PaymentRequest:
    """A handler of the case's department accepts the request: the instalment goes to finance."""
    payment, payment_request = _locked_request(payment_request, expected_lock_version)
    _require_department_member(actor, payment.case)
    _require_status(payment, PaymentStatus.REQUESTED, _("Accepting the payment request"))
    payment_request.status = PaymentRequestStatus.ACCEPTED
    payment_request.handled_by = actor
    payment_request.handled_at = timezone.now()
    payment_request.save(update_fields=["status", "handled_by", "handled_at"])
    payment.status = PaymentStatus.READY
    payment.lock_version += 1
    payment.save(update_fields=["status", "lock_version"])
    record_event(
        case=payment.case,
        kind=EventKind.PAYMENT_REQUEST_ACCEPTED,
        actor=actor,
        details={"instalment": payment.number, "request": payment_request.pk},
    )
    return payment_request


# Instalments whose account a handler may still correct: not yet approved into a batch.
ACCOUNT_CHANGEABLE = frozenset(
    {PaymentStatus.AWAITING_REQUEST, PaymentStatus.REQUESTED, PaymentStatus.READY}
)


@transaction.atomic
def payment_change_account(
    *,
    actor,
    payment: Payment,
    bank_account: str,
    reason: str,
    expected_lock_version: int | None = None,
) -> Payment:
    """A handler of the case's department corrects the account an instalment is paid to (the
    applicant told it in a message, say). The applicant sees the change in the timeline, as a
    safeguard against a wrong or fraudulent account."""
    payment = _locked_payment(payment, expected_lock_version)
    _require_department_member(actor, payment.case)
    if payment.status not in ACCOUNT_CHANGEABLE:
        raise TransitionNotAllowed(
            _("The account cannot be changed while instalment %(number)s is “%(status)s”.")
            % {"number": payment.number, "status": payment.get_status_display()}
        )
    errors: dict[str, list[str]] = {}
    iban = ""
    try:
        iban = clean_iban(bank_account)
    except ValidationFailed as error:
        errors.update(error.errors)
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say why the account is changed, e.g. the applicant's message.")]
    if errors:
        raise ValidationFailed(_("The account change has errors."), errors)
    previous = payment.payee_iban
    payment.payee_iban = iban
    payment.lock_version += 1
    payment.save(update_fields=["payee_iban", "lock_version"])
    record_event(
        case=payment.case,
        kind=EventKind.PAYEE_ACCOUNT_CHANGED,
        actor=actor,
        reason=reason,
        details={"instalment": payment.number, "previous": previous, "account": iban},
    )
    return payment


@transaction.atomic
def payment_request_return(
    *,
    actor,
    payment_request: PaymentRequest,
    reason: str,
    expected_lock_version: int | None = None,
) -> PaymentRequest:
    """A handler returns the request with a reason; the applicant may send a new one."""
    reason = (reason or "").strip()
    if not reason:
        message = _("Write the reason for returning the payment request.")
        raise ValidationFailed(message, {"reason": [message]})
    if len(reason) > MAX_REPORT_LENGTH:
        message = _("The reason is too long (at most %(count)d characters).") % {
            "count": MAX_REPORT_LENGTH
        }
        raise ValidationFailed(message, {"reason": [message]})
    payment, payment_request = _locked_request(payment_request, expected_lock_version)
    _require_department_member(actor, payment.case)
    _require_status(payment, PaymentStatus.REQUESTED, _("Returning the payment request"))
    payment_request.status = PaymentRequestStatus.RETURNED
    payment_request.handled_by = actor
    payment_request.handled_at = timezone.now()
    payment_request.return_reason = reason
    payment_request.save(update_fields=["status", "handled_by", "handled_at", "return_reason"])
    payment.status = PaymentStatus.AWAITING_REQUEST
    payment.lock_version += 1
    payment.save(update_fields=["status", "lock_version"])
    record_event(
        case=payment.case,
        kind=EventKind.PAYMENT_REQUEST_RETURNED,
        actor=actor,
        reason=reason,
        details={"instalment": payment.number, "request": payment_request.pk},
    )
    return payment_request


# ---------------------------------------------------------------------------------------------
# Finance: payment batches.


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
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if expected_lock_version is not None and batch.lock_version != expected_lock_version:
        raise Conflict(
            _(
                "The payment batch was changed by someone else in the meantime (now "
                "“%(status)s”). Reload the page and try again."
            )
            % {"status": batch.get_status_display()}
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
