"""Social assistance rule tables by date, and the calculations a social worker saved on a case.

The rules are data with effective dates (docs/assistance-calculation.md, “The rule tables”),
loaded by a data migration and editable in the admin, never constants in code. An application
itself is a case of the core (``cases.Case``) whose service is the confidential
social-assistance service.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asiointi.assistance.constants import MemberType
from asiointi.cases.models import Case
from asiointi.common.models import RuleRow


class BasicAmount(RuleRow):
    """The basic amount (perusosa) of one household member type, €/month."""

    member_type = models.CharField(_("member type"), max_length=30, choices=MemberType.choices)
    # 1, 2 or 3 (= 3rd and later) for children; 0 for adults.
    child_order = models.PositiveSmallIntegerField(_("child's order"), default=0)
    amount = models.DecimalField(_("amount (€/month)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("basic amount")
        verbose_name_plural = _("basic amounts")
        ordering = ["-valid_from", "member_type", "child_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from", "member_type", "child_order"],
                name="basic_amount_unique_row",
            )
        ]
        indexes = [models.Index(fields=["member_type", "child_order", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.valid_from} {self.member_type} {self.child_order}: {self.amount}"


class EarnedIncomeExemption(RuleRow):
    """The part of each earner's net earned income left out: ``rate`` of it, at most
    ``monthly_cap`` a month. A zero rate means no exemption (from March 2026)."""

    rate = models.DecimalField(_("rate"), max_digits=5, decimal_places=4)
    monthly_cap = models.DecimalField(
        _("at most (€/month per earner)"), max_digits=10, decimal_places=2
    )

    class Meta:
        verbose_name = _("earned-income exemption")
        verbose_name_plural = _("earned-income exemptions")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from"], name="exemption_unique_valid_from")
        ]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.rate} ≤ {self.monthly_cap}"


class SmallGiftAllowance(RuleRow):
    """Small gifts disregarded each month: up to ``single`` for a person alone, up to ``family``
    for a household of several; only the excess counts as income."""

    single = models.DecimalField(_("single person (€/month)"), max_digits=10, decimal_places=2)
    family = models.DecimalField(_("family (€/month)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("small gift allowance")
        verbose_name_plural = _("small gift allowances")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from"], name="gift_allowance_unique_valid_from")
        ]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.single} / {self.family}"


class AssistanceCalculation(models.Model):
    """A calculation a social worker made with the aid and saved on the case.

    The aid only proposes: the decision (``cases.services.decisions.case_decide``) is the
    worker's. The latest saved calculation is shown on the case and printed with the decision
    letter.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assistance_calculations")
    # The application version the figures came from (the worker may have changed them).
    version_number = models.PositiveIntegerField(_("application version"), null=True, blank=True)
    calculation_date = models.DateField(_("calculated for"))
    inputs = models.JSONField(_("members, incomes and expenses"))
    result = models.JSONField(_("result"))
    monthly_assistance = models.DecimalField(
        _("proposed assistance (€/month)"), max_digits=10, decimal_places=2
    )
    saved_at = models.DateTimeField(_("saved"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("saved by"),
    )
    # The worker recognised figures other than those the application gives (a reasonable rent
    # instead of the one applied for, an income found in a bank statement), and why.
    adjusted = models.BooleanField(_("figures adjusted"), default=False)
    adjustment_reason = models.TextField(_("reason for the changes"), blank=True)

    class Meta:
        verbose_name = _("assistance calculation")
        verbose_name_plural = _("assistance calculations")
        ordering = ["-saved_at", "-pk"]
        indexes = [models.Index(fields=["case", "-saved_at"], name="assistance_calc_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.monthly_assistance}"
