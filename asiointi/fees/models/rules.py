"""Fee rule tables with effective dates: the figures the calculation reads.

Every row is valid from ``valid_from`` up to but not including ``valid_until`` (open-ended when
null). ``verified`` is False for figures the reference marks unverified or only derived: the
admin shows them until an administrator confirms them with the "Confirm as verified" action.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from asiointi.common.models import RuleRow
from asiointi.fees.constants import CareSetting


class HomeCareIncomeLimit(RuleRow):
    """The family's monthly income limit for continuous home care, by family size (1–6)."""

    family_size = models.PositiveSmallIntegerField(_("family size"))
    limit = models.DecimalField(_("income limit (€/month)"), max_digits=10, decimal_places=2)
    # Added per person beyond six; null when not known (2026).
    extra_per_person = models.DecimalField(
        _("each further person (€/month)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("home care income limit")
        verbose_name_plural = _("home care income limits")
        ordering = ["valid_from", "family_size"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from", "family_size"], name="fees_income_limit_unique"
            ),
        ]

    def __str__(self):
        return f"{self.valid_from} / {self.family_size}: {self.limit}"


class HomeCarePercentage(RuleRow):
    """The maximum percentage from ``hours`` monthly hours up (the row with the largest hours
    not above the client's applies); family size 6 stands for "6 or more"; hours 4 for "≤ 4"."""

    family_size = models.PositiveSmallIntegerField(_("family size"))
    hours = models.PositiveSmallIntegerField(_("monthly hours from"))
    percent = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("home care percentage")
        verbose_name_plural = _("home care percentages")
        ordering = ["valid_from", "family_size", "hours"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from", "family_size", "hours"], name="fees_percentage_unique"
            ),
        ]

    def __str__(self):
        return f"{self.valid_from} / {self.family_size} / {self.hours} h: {self.percent} %"


class LongTermCareRule(RuleRow):
    """85 % of net income, the spouse rule's 42.5 % and the minimum amount left to the client."""

    setting = models.CharField(_("setting"), max_length=20, choices=CareSetting.choices)
    percent = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2)
    spouse_percent = models.DecimalField(
        _("percentage of the spouses' combined income"), max_digits=5, decimal_places=2
    )
    # Null when the amount is not known for the period: the calculation refuses.
    minimum_left = models.DecimalField(
        _("minimum left to the client (€/month)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("long-term care rule")
        verbose_name_plural = _("long-term care rules")
        ordering = ["valid_from", "setting"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from", "setting"], name="fees_long_term_rule_unique"
            ),
        ]

    def __str__(self):
        return f"{self.valid_from} / {self.setting}"


class VoucherFormula(RuleRow):
    """The municipality's own income-based service-voucher formula (Act 569/2009 § 7), as
    configuration with effective dates:

    ``value = max(minimum_value, maximum_value − reduction_percent × max(0, gross income −
    income limit))``, the income limit being ``income_limit`` for one person plus
    ``extra_per_person`` for each further family member.
    """

    maximum_value = models.DecimalField(
        _("maximum value (€/month)"), max_digits=10, decimal_places=2
    )
    minimum_value = models.DecimalField(
        _("minimum value (€/month)"), max_digits=10, decimal_places=2
    )
    income_limit = models.DecimalField(
        _("income limit for one person (€/month)"), max_digits=10, decimal_places=2
    )
    extra_per_person = models.DecimalField(
        _("income limit for each further person (€/month)"), max_digits=10, decimal_places=2
    )
    reduction_percent = models.DecimalField(
        _("reduction (per cent of income above the limit)"), max_digits=5, decimal_places=2
    )

    class Meta:
        verbose_name = _("service voucher formula")
        verbose_name_plural = _("service voucher formulas")
        ordering = ["valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from"], name="fees_voucher_formula_unique"),
        ]

    def __str__(self):
        return f"{self.valid_from}: {self.maximum_value} − {self.reduction_percent} %"
