"""Payments (maksatus) of granted money: instalments, the applicant's payment requests and the
finance department's payment batches (ISO 20022 credit transfers)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asiointi.cases.models import Attachment, Case
from asiointi.payments.constants import (
    BATCH_STATUS_TONES,
    PAYMENT_REQUEST_STATUS_TONES,
    PAYMENT_STATUS_TONES,
    BatchStatus,
    PaymentRequestStatus,
    PaymentStatus,
)

# Statuses in which a payment belongs to a batch, and only those.
BATCHED_STATUSES = (PaymentStatus.APPROVED, PaymentStatus.PAID)


class PaymentBatch(models.Model):
    """Payments finance approved together: one ISO 20022 pain.001 file sent to the bank."""

    # The file's message id (GrpHdr/MsgId, at most 35 characters); the bank refuses a repeat.
    message_id = models.CharField(_("message id"), max_length=35, unique=True)
    # The tone of each status's label (common/status_label.html).
    status_tones = BATCH_STATUS_TONES
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.EXPORTED
    )
    execution_date = models.DateField(_("requested payment date"))
    payment_count = models.PositiveIntegerField(_("payments"))
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(_("approved"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    marked_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked paid by"),
    )
    marked_paid_at = models.DateTimeField(_("marked paid"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message_id


class Payment(models.Model):
    """One instalment of a granted amount, to the account the applicant gave."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="payments", verbose_name=_("case")
    )
    number = models.PositiveSmallIntegerField(_("instalment"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    # The tone of each status's label (common/status_label.html).
    status_tones = PAYMENT_STATUS_TONES
    status = models.CharField(_("status"), max_length=20, choices=PaymentStatus.choices)
    payee_name = models.CharField(_("payee"), max_length=140)
    payee_iban = models.CharField(_("account (IBAN)"), max_length=34, blank=True)
    created_at = models.DateTimeField(_("created"))
    # The single batch the payment was approved into: a foreign key, so never two batches.
    batch = models.ForeignKey(
        PaymentBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("payment batch"),
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="payment_unique_instalment"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            # Approved and paid payments are in a batch; no other payment is.
            models.CheckConstraint(
                condition=Q(status__in=BATCHED_STATUSES, batch__isnull=False)
                | (~Q(status__in=BATCHED_STATUSES) & Q(batch__isnull=True)),
                name="payment_batch_iff_approved",
            ),
        ]
        indexes = [
            # Finance's list: what waits for approval, oldest first.
            models.Index(fields=["status", "created_at"], name="payment_status_idx"),
            # The grant reports sum what was paid per case, from this index alone.
            models.Index(
                fields=["case", "amount"],
                name="payment_paid_case_idx",
                condition=Q(status=PaymentStatus.PAID),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} #{self.number}"

    @property
    def end_to_end_id(self) -> str:
        """The transfer's end-to-end id: the record number and the instalment (≤ 35 chars)."""
        return f"{self.case.record_number}-{self.number}"[:35]


class PaymentRequest(models.Model):
    """The applicant's maksatuspyyntö for one instalment: a report on the use of the grant and
    its attachments. A returned request stays as it was; the applicant sends a new one."""

    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, related_name="requests", verbose_name=_("payment")
    )
    report = models.TextField(_("report on the use of the grant"))
    attachments = models.ManyToManyField(
        Attachment, related_name="payment_requests", verbose_name=_("attachments")
    )
    # The tone of each status's label (common/status_label.html).
    status_tones = PAYMENT_REQUEST_STATUS_TONES
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PaymentRequestStatus.choices,
        default=PaymentRequestStatus.SENT,
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)

    class Meta:
        verbose_name = _("payment request")
        verbose_name_plural = _("payment requests")
        ordering = ["sent_at", "pk"]
        constraints = [
            # At most one request per instalment waits for the handler.
            models.UniqueConstraint(
                fields=["payment"],
                condition=Q(status=PaymentRequestStatus.SENT),
                name="paymentrequest_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.payment} {self.sent_at:%Y-%m-%d}"
