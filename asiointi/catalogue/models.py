"""The service catalogue: what can be applied for, with which form, and who handles it."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asiointi.catalogue.constants import CallKind, DecisionMaker, ServiceKind
from asiointi.common.i18n import TranslatedNameMixin, TranslatedText, pick
from asiointi.organisation.models import Department


class FormDefinition(models.Model):
    """A form as data: a JSON Schema (2020-12) and a presentation description.

    A definition is never edited once a case uses it; a changed form is a new definition, so that
    every submitted version can still be shown with the labels it was filled in with.
    """

    code = models.SlugField(_("code"), max_length=60)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    schema = models.JSONField(_("JSON Schema"))
    presentation = models.JSONField(_("presentation"))

    class Meta:
        verbose_name = _("form definition")
        verbose_name_plural = _("form definitions")
        constraints = [
            models.UniqueConstraint(fields=["code", "revision"], name="form_code_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} r{self.revision}"


class Service(TranslatedNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices)
    # Shown as ``name`` in the reader's language, Finnish when there is no translation.
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description = models.JSONField(_("description (fi/sv/en)"), default=dict, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("responsible department"),
    )
    # The unit residents contact, e.g. "Kulttuuripalvelut, avustukset"; ``contact_unit`` reads
    # it in the reader's language (Finnish when there is no translation).
    contact_unit_fi = models.CharField(_("contact unit in Finnish"), max_length=200)
    contact_unit_sv = models.CharField(_("contact unit in Swedish"), max_length=200, blank=True)
    contact_unit_en = models.CharField(_("contact unit in English"), max_length=200, blank=True)
    contact_unit = TranslatedText()
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    contact_email = models.EmailField(_("contact email"))
    form = models.ForeignKey(
        FormDefinition, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("form")
    )
    # Confidential services (social assistance): their cases are seen only by the members of the
    # department's teams (organisation.Team), every read is audit-logged, and they never appear
    # in cross-department reading, search, overlap checks or grant reports.
    confidential = models.BooleanField(_("confidential"), default=False)
    # The review instructions of a decision letter (who may ask, within how many days, from whom)
    # follow from the law per kind of decision: asiointi/cases/review_instructions.py.
    # Feedback about the service (docs/feedback-public.md): whether residents can choose it as the
    # subject, the service promise for answering, and when unanswered feedback reminds its handlers.
    accepts_feedback = models.BooleanField(_("accepts feedback"), default=True)
    feedback_promise_days = models.PositiveSmallIntegerField(
        _("answer promised within (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    feedback_first_reminder_days = models.PositiveSmallIntegerField(
        _("first reminder after (days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    feedback_second_reminder_days = models.PositiveSmallIntegerField(
        _("second reminder after (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    # Words residents use about the service (fi/sv/en mixed); they explain routing suggestions
    # and are the Open311 ``keywords``.
    keywords = models.JSONField(_("keywords"), default=list, blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_first_reminder_days__gte=1)
                & Q(feedback_second_reminder_days__gt=models.F("feedback_first_reminder_days")),
                name="service_feedback_reminders_ordered",
                violation_error_message=_(
                    "The second feedback reminder must come later than the first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def description_text(self) -> str:
        return pick(self.description)


class GrantCallQuerySet(models.QuerySet):
    def open_on(self, day: datetime.date):
        return self.filter(opens_on__lte=day).filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=day)
        )


class GrantCall(models.Model):
    """An application round (haku) of a grant service: continuous, or open for a period."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="calls", verbose_name=_("service")
    )
    name = models.JSONField(_("name (fi/sv/en)"))
    kind = models.CharField(_("kind"), max_length=20, choices=CallKind.choices)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    decision_maker = models.CharField(
        _("decided by"),
        max_length=20,
        choices=DecisionMaker.choices,
        default=DecisionMaker.OFFICE_HOLDER,
    )
    # How a positive decision is paid: in this many equal instalments, and whether each waits
    # for the applicant's payment request (maksatuspyyntö) with its attachments.
    instalments = models.PositiveSmallIntegerField(
        _("instalments"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    payment_request_required = models.BooleanField(_("payment request required"), default=False)

    objects = GrantCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant call")
        verbose_name_plural = _("grant calls")
        ordering = ["opens_on"]
        indexes = [models.Index(fields=["opens_on", "closes_on"], name="grantcall_open_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="grantcall_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(instalments__gte=1) & Q(instalments__lte=12),
                name="grantcall_instalments_range",
            ),
        ]

    def __str__(self) -> str:
        return pick(self.name)

    @property
    def title(self) -> str:
        return pick(self.name)

    def is_open(self, day: datetime.date) -> bool:
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)


class CatalogueVersion(models.Model):
    """A token the database itself changes whenever the catalogue changes (a service, a
    department or a grant call is added, changed or deleted, however it was done).

    Processes cache what they build from the catalogue under the token they read first and
    rebuild when it differs (asiointi/catalogue/versions.py). The triggers that set it are
    installed after every ``migrate`` (they must outlive SQLite's table rebuilds).
    """

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=40)

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
