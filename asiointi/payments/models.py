"""Payments (maksatus) of granted money: instalments, the applicant's payment requests and the
finance department's payment batches (ISO 20022 credit transfers)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asiointi.cases.models import Case
from asiointi.payments.constants import PaymentStatus


class Payment(models.Model):
    """One instalment of a granted amount, to the account the applicant gave."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="payments", verbose_name=_("case")
    )
    number = models.PositiveSmallIntegerField(_("instalment"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    status = models.CharField(_("status"), max_length=20, choices=PaymentStatus.choices)
    payee_name = models.CharField(_("payee"), max_length=140)
    payee_iban = models.CharField(_("account (IBAN)"), max_length=34, blank=True)
    created_at = models.DateTimeField(_("created"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="payment_unique_instalment"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [
            # Finance's list: what waits for approval, oldest first.
            models.Index(fields=["status", "created_at"], name="payment_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} #{self.number}"
