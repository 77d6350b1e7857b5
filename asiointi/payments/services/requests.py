"""Payment requests (maksatuspyyntö): the applicant sends one for an instalment awaiting it, a
handler of the case's department accepts it (the instalment goes to finance) or returns it."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.cases.attachment_storage import store_attachment
from asiointi.cases.constants import EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case
from asiointi.cases.uploads import CheckedFile, StoredFiles, check_upload
from asiointi.common.errors import TransitionNotAllowed, ValidationFailed
from asiointi.payments.constants import (
    PAYMENT_REQUEST_ATTACHMENT_KINDS,
    PaymentRequestStatus,
    PaymentStatus,
)
from asiointi.payments.models import Payment, PaymentRequest
from asiointi.payments.services.instalments import (
    clean_iban,
    payment_lock,
    payment_require_status,
    require_department_member,
)

MAX_REPORT_LENGTH = 10_000


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
        payment = payment_lock(payment, expected_lock_version)
        payment_require_status(
            payment, PaymentStatus.AWAITING_REQUEST, _("Sending a payment request")
        )
        case = payment.case
        request = PaymentRequest.objects.create(
            payment=payment, report=report, sent_by=actor, sent_at=timezone.now()
        )
        # add, not set: a new request has no attachments to compare with (set reads them first).
        request.attachments.add(
            *[
                store_attachment(
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
    payment = payment_lock(payment_request.payment, expected_lock_version)
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
    require_department_member(actor, payment.case)
    payment_require_status(payment, PaymentStatus.REQUESTED, _("Accepting the payment request"))
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
    require_department_member(actor, payment.case)
    payment_require_status(payment, PaymentStatus.REQUESTED, _("Returning the payment request"))
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
