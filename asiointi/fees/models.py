"""Fee rule tables with effective dates.

Every row is valid from ``valid_from`` up to but not including ``valid_until`` (open-ended when
null). ``verified`` is False for figures the reference marks unverified or only derived: the
admin shows them until an administrator confirms them with the "Confirm as verified" action.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asiointi.fees.constants import CareSetting


class RuleRow(models.Model):
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Exclusive; empty = still valid.")
    )
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        abstract = True


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
