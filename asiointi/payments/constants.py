from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    # The grant call wants a payment request (maksatuspyyntö) from the applicant first.
    AWAITING_REQUEST = "awaiting_request", _("Awaiting payment request")
    # A payment request was sent and waits for the handler.
    REQUESTED = "requested", _("Payment request sent")
    # Ready for finance: finance staff approve it into a payment batch.
    READY = "ready", _("Ready for payment")
    APPROVED = "approved", _("Approved for payment")
    PAID = "paid", _("Paid")


class PaymentRequestStatus(models.TextChoices):
    SENT = "sent", _("Waiting for the handler")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned to the applicant")


class BatchStatus(models.TextChoices):
    # Approved by finance; the ISO 20022 file can be downloaded and sent to the bank.
    EXPORTED = "exported", _("Approved, payment file ready")
    PAID = "paid", _("Paid")


# The tone of each status's label ({% status_label %}): waiting for the applicant is an alert,
# money paid (or a request accepted) a success, the rest information.
PAYMENT_STATUS_TONES = {
    PaymentStatus.AWAITING_REQUEST: "alert",
    PaymentStatus.REQUESTED: "info",
    PaymentStatus.READY: "info",
    PaymentStatus.APPROVED: "info",
    PaymentStatus.PAID: "success",
}
PAYMENT_REQUEST_STATUS_TONES = {
    PaymentRequestStatus.SENT: "info",
    PaymentRequestStatus.ACCEPTED: "success",
    PaymentRequestStatus.RETURNED: "alert",
}
BATCH_STATUS_TONES = {BatchStatus.EXPORTED: "info", BatchStatus.PAID: "success"}

# The applicant may attach these to a payment request (at least one file in all).
PAYMENT_REQUEST_ATTACHMENT_KINDS = ("usage_report", "receipts")
