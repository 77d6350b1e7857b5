"""The client records of income-based fees: clients, review runs and income reviews, consents,
registry queries, attachments, income records and their corrections, proposals and decisions.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asiointi.cases.models import attachment_storage
from asiointi.fees.constants import (
    REVIEW_STATUS_TONES,
    CareSetting,
    Channel,
    ClientService,
    DecisionKind,
    IncomeChoice,
    IncomeKind,
    IncomeSource,
    Registry,
    ReviewStatus,
    Subject,
)


class FeeClient(models.Model):
    """A person receiving an income-based service (or a service voucher) from a department."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="fee_clients",
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="fee_clients",
    )
    service = models.CharField(_("service"), max_length=20, choices=ClientService.choices)
    setting = models.CharField(_("setting"), max_length=20, choices=CareSetting.choices, blank=True)
    # Home care: the monthly hours of the service decision.
    monthly_hours = models.DecimalField(
        _("monthly service hours"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # The cost of the service per month: the fee never exceeds it, and it is the "highest
    # fee" a client may accept without an income check. Service vouchers: the provider's price.
    monthly_cost = models.DecimalField(
        _("cost of the service (€/month)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # The fee (or voucher value) in force, from the latest decision: the base for "change
    # over the threshold".
    current_amount = models.DecimalField(
        _("current fee or voucher value (€/month)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    next_review_due = models.DateField(_("next review due"), db_index=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fee client")
        verbose_name_plural = _("fee clients")
        indexes = [
            models.Index(fields=["department", "next_review_due"], name="feeclient_dept_due_idx"),
            models.Index(fields=["active", "next_review_due"], name="feeclient_due_idx"),
        ]

    def __str__(self):
        return f"{self.person} / {self.get_service_display()}"


class ReviewRun(models.Model):
    """One run of ``asiointi fees review``; a run started again continues where it stopped."""

    as_of = models.DateField(_("reviews due by"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("review run")
        verbose_name_plural = _("review runs")

    def __str__(self):
        return f"{self.as_of} ({self.started_at:%Y-%m-%d %H:%M})"


class IncomeReview(models.Model):
    """One income review of a client: the client's choice, the incomes collected, the proposal
    and the decision. A client has at most one review per due date (``period_start``)."""

    client = models.ForeignKey(
        FeeClient, verbose_name=_("client"), on_delete=models.PROTECT, related_name="reviews"
    )
    # The first day the reviewed fee applies to.
    period_start = models.DateField(_("fee period starts"))
    # The tone of each status's label (common/status_label.html).
    status_tones = REVIEW_STATUS_TONES
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.WAITING_FOR_CLIENT,
    )
    choice = models.CharField(_("choice"), max_length=20, choices=IncomeChoice.choices, blank=True)
    choice_channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, blank=True
    )
    choice_at = models.DateTimeField(_("chosen at"), null=True, blank=True)
    choice_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # From the Population Information System (or entered by staff): address, spouse, household.
    household = models.JSONField(_("household"), default=dict, blank=True)
    household_fetched_at = models.DateTimeField(_("household fetched at"), null=True, blank=True)
    family_size = models.PositiveSmallIntegerField(_("family size"), null=True, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    needs_manual = models.BooleanField(_("needs manual work"), default=False)
    run = models.ForeignKey(
        ReviewRun,
        verbose_name=_("review run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("income review")
        verbose_name_plural = _("income reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "period_start"], name="fees_review_once_per_period"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "needs_manual", "id"], name="review_queue_idx"),
            models.Index(fields=["run", "status"], name="review_run_idx"),
        ]

    def __str__(self):
        return f"{self.client} / {self.period_start}"


class IncomeConsent(models.Model):
    """The client's consent to fetch income data for one review: which registries, until when,
    through which channel and who recorded it. Withdrawable; a withdrawn or expired consent
    allows no query."""

    review = models.ForeignKey(
        IncomeReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="consents"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consenting person"),
        on_delete=models.PROTECT,
        related_name="income_consents",
    )
    registries = models.JSONField(_("registries"), default=list)
    valid_until = models.DateField(_("valid until"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_channel = models.CharField(
        _("withdrawal channel"), max_length=10, choices=Channel.choices, blank=True
    )

    class Meta:
        verbose_name = _("income data consent")
        verbose_name_plural = _("income data consents")
        indexes = [models.Index(fields=["review", "withdrawn_at"], name="consent_review_idx")]

    def __str__(self):
        return f"{self.person} / {self.review_id}"


class RegistryQuery(models.Model):
    """Every query to a national registry, with the consent it rested on (the audit trail)."""

    review = models.ForeignKey(
        IncomeReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="queries"
    )
    consent = models.ForeignKey(
        IncomeConsent, verbose_name=_("consent"), on_delete=models.PROTECT, related_name="queries"
    )
    registry = models.CharField(_("registry"), max_length=20, choices=Registry.choices)
    subject = models.CharField(_("whose data"), max_length=10, choices=Subject.choices)
    at = models.DateTimeField(_("at"))
    ok = models.BooleanField(_("succeeded"))
    error = models.CharField(_("error"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    run = models.ForeignKey(
        ReviewRun,
        verbose_name=_("review run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registry query")
        verbose_name_plural = _("registry queries")
        indexes = [models.Index(fields=["review", "at"], name="registryquery_review_idx")]

    def __str__(self):
        return f"{self.get_registry_display()} / {self.at:%Y-%m-%d %H:%M}"


class ReviewAttachment(models.Model):
    """A document for a review: the client's proof of declared incomes, a Kela decision
    entered by staff."""

    review = models.ForeignKey(
        IncomeReview,
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="fees/%Y/%m/", storage=attachment_storage)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review attachment")
        verbose_name_plural = _("review attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class IncomeRecord(models.Model):
    """One income or deduction of the client or the spouse as a monthly figure, with where it
    came from and for which period. A staff correction keeps the original figure; the
    corrections themselves are in ``IncomeCorrection``."""

    review = models.ForeignKey(
        IncomeReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="incomes"
    )
    subject = models.CharField(_("whose income"), max_length=10, choices=Subject.choices)
    source = models.CharField(_("source"), max_length=20, choices=IncomeSource.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=IncomeKind.choices)
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    # The period the figure is averaged over (e.g. the past 12 months, a tax year).
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    gross_monthly = models.DecimalField(_("gross (€/month)"), max_digits=10, decimal_places=2)
    net_monthly = models.DecimalField(_("net (€/month)"), max_digits=10, decimal_places=2)
    # As fetched or first entered; the figures above may be corrected by staff.
    original_gross_monthly = models.DecimalField(
        _("original gross (€/month)"), max_digits=10, decimal_places=2
    )
    original_net_monthly = models.DecimalField(
        _("original net (€/month)"), max_digits=10, decimal_places=2
    )
    # The registry's answer for this figure (months, payments), for the official to see.
    details = models.JSONField(_("details"), default=dict, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    query = models.ForeignKey(
        RegistryQuery,
        verbose_name=_("registry query"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incomes",
    )
    attachment = models.ForeignKey(
        ReviewAttachment,
        verbose_name=_("attachment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incomes",
    )

    class Meta:
        verbose_name = _("income record")
        verbose_name_plural = _("income records")
        ordering = ["subject", "source", "kind", "pk"]
        indexes = [models.Index(fields=["review", "subject"], name="income_review_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.gross_monthly}"


class IncomeCorrection(models.Model):
    """An audited staff correction of an income figure."""

    record = models.ForeignKey(
        IncomeRecord, verbose_name=_("income"), on_delete=models.CASCADE, related_name="corrections"
    )
    old_gross_monthly = models.DecimalField(_("old gross"), max_digits=10, decimal_places=2)
    old_net_monthly = models.DecimalField(_("old net"), max_digits=10, decimal_places=2)
    new_gross_monthly = models.DecimalField(_("new gross"), max_digits=10, decimal_places=2)
    new_net_monthly = models.DecimalField(_("new net"), max_digits=10, decimal_places=2)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("income correction")
        verbose_name_plural = _("income corrections")
        ordering = ["corrected_at", "pk"]

    def __str__(self):
        return f"{self.record_id}: {self.old_gross_monthly} → {self.new_gross_monthly}"


class FeeProposal(models.Model):
    """The calculated proposal of a review: exactly one per review (the batch relies on the
    constraint to be resumable). Recomputed in place when incomes change before the decision."""

    review = models.OneToOneField(
        IncomeReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="proposal"
    )
    # Fee services: the monthly fee; service vouchers: the voucher's value.
    amount = models.DecimalField(
        _("proposed amount (€/month)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    income_total = models.DecimalField(
        _("income counted (€/month)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # The determination and the calculation, line by line (FeeResult.as_dict and more).
    calculation = models.JSONField(_("calculation"), default=dict, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("fee proposal")
        verbose_name_plural = _("fee proposals")

    def __str__(self):
        return f"{self.review_id}: {self.amount}"


class FeeDecision(models.Model):
    """The official's decision on a review: a fee decision, or a service voucher value
    decision. Never made automatically."""

    review = models.OneToOneField(
        IncomeReview, verbose_name=_("review"), on_delete=models.PROTECT, related_name="decision"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    amount = models.DecimalField(_("amount (€/month)"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    reasoning = models.TextField(_("reasoning"), blank=True)
    calculation = models.JSONField(_("calculation"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"))
    language = models.CharField(_("language"), max_length=5)
    letter = models.FileField(
        _("decision letter"), upload_to="fees/letters/%Y/", blank=True, storage=attachment_storage
    )
    letter_name = models.CharField(_("letter file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fee decision")
        verbose_name_plural = _("fee decisions")
        indexes = [models.Index(fields=["-decided_at"], name="feedecision_decided_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.review_id}: {self.amount}"
