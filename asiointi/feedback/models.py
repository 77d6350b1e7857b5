"""Feedback from residents: intake from every channel, routing, handling, reminders, publication.

The original text and contact details stay with the city; what the public sees (the status page,
the feedback board, Open311) is built only from the moderated public fields and the status.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asiointi.cases.models import attachment_storage
from asiointi.catalogue.models import Service
from asiointi.feedback.constants import (
    FEEDBACK_STATUS_TONES,
    OPEN_STATUSES,
    FeedbackChannel,
    FeedbackEventKind,
    FeedbackStatus,
    FeedbackType,
    Publication,
)
from asiointi.organisation.models import Department


class Feedback(models.Model):
    # The public number is derived from the primary key (``request_id``), so that intake takes
    # no lock on a counter. ``tracking_code`` is the resident's secret key to the status page
    # (and the Open311 token).
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)

    type = models.CharField(_("type"), max_length=20, choices=FeedbackType.choices)
    # None: the resident did not know which service; the feedback waits for central triage.
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("service"),
    )
    # The responsible department; None while central triage has not routed it yet.
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("responsible department"),
    )
    # The tone of each status's label (common/status_label.html).
    status_tones = FEEDBACK_STATUS_TONES
    status = models.CharField(
        _("status"), max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=FeedbackChannel.choices, default=FeedbackChannel.ONLINE
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"))

    # Location, all optional: an address, coordinates (WGS84) or an address id of the city's
    # address register (Open311 address_id).
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_id = models.CharField(_("address id"), max_length=100, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)

    # Contact details: personal data, never public.
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    reply_wanted = models.BooleanField(_("reply wanted"), default=False)
    language = models.CharField(_("language"), max_length=5, default="fi")

    # Who gave it: a logged-in resident (their folder lists it), a staff member who registered
    # it, or an Open311 client.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_given",
        verbose_name=_("given by"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_registered",
        verbose_name=_("registered by"),
    )
    api_client = models.ForeignKey(
        "feedback.ApiClient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("Open311 client"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_handled",
        verbose_name=_("handler"),
    )

    received_at = models.DateTimeField(_("received"))
    first_reaction_at = models.DateTimeField(_("first reaction"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Reminders sent so far (0, 1 or 2); the sweep only looks at rows below 2 without a reaction.
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    answer = models.TextField(_("answer"), blank=True)
    # Where a forwarded matter went: e.g. the case-management record number.
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)

    publish_consent = models.BooleanField(_("consent to publish"), default=False)
    publication = models.CharField(
        _("publication"),
        max_length=20,
        choices=Publication.choices,
        default=Publication.NOT_ALLOWED,
    )
    public_description = models.TextField(_("public description"), blank=True)
    public_answer = models.TextField(_("public answer"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "-id"]
        indexes = [
            # Handler queues: a department's (or triage's, department NULL) feedback by status.
            models.Index(fields=["department", "status", "received_at"], name="feedback_queue_idx"),
            models.Index(fields=["handler", "status", "received_at"], name="feedback_mine_idx"),
            # The reminder sweep reads only feedback that still waits for a first reaction.
            models.Index(
                fields=["received_at"],
                condition=Q(first_reaction_at__isnull=True, reminders_sent__lt=2),
                name="feedback_awaiting_reaction_idx",
            ),
            # The public board and Open311 lists: published feedback by time and service.
            models.Index(
                fields=["published_at"],
                condition=Q(publication="published"),
                name="feedback_published_idx",
            ),
            models.Index(
                fields=["service", "published_at"],
                condition=Q(publication="published"),
                name="feedback_published_svc_idx",
            ),
            # Open311 lists: published feedback newest requested first, optionally by service.
            models.Index(
                fields=["received_at", "id"],
                condition=Q(publication="published"),
                name="feedback_open311_idx",
            ),
            models.Index(
                fields=["service", "received_at", "id"],
                condition=Q(publication="published"),
                name="feedback_open311_svc_idx",
            ),
            models.Index(fields=["submitted_by", "received_at"], name="feedback_folder_idx"),
            # Statistics per department and service over a period.
            models.Index(fields=["received_at", "department"], name="feedback_stats_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lat__isnull=True) | (Q(lat__gte=-90) & Q(lat__lte=90)),
                name="feedback_lat_range",
            ),
            models.CheckConstraint(
                condition=Q(long__isnull=True) | (Q(long__gte=-180) & Q(long__lte=180)),
                name="feedback_long_range",
            ),
            models.CheckConstraint(
                condition=Q(reminders_sent__lte=2), name="feedback_reminders_at_most_two"
            ),
        ]

    def __str__(self) -> str:
        return self.request_id

    @property
    def request_id(self) -> str:
        """The feedback number residents and Open311 clients see, e.g. ``2026-000123``."""
        return format_request_id(self.received_at.year, self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def format_request_id(year: int, pk: int) -> str:
    return f"{year}-{pk:06d}"


def parse_request_id(value: str) -> tuple[int, int] | None:
    """``(year, pk)`` from a feedback number, or None when it is not one."""
    match = _REQUEST_ID.fullmatch(value.strip())
    if not match:
        return None
    return int(match["year"]), int(match["pk"])


_REQUEST_ID = re.compile(r"(?P<year>\d{4})-(?P<pk>\d{6,12})")


class FeedbackPhoto(models.Model):
    """A photo attached to feedback. Stored privately; published only if the moderator says so."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="photos", verbose_name=_("feedback")
    )
    file = models.FileField(
        _("file"), upload_to="feedback/%Y/%m/", max_length=300, storage=attachment_storage
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    public = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class FeedbackEvent(models.Model):
    """The timeline of a feedback item: who did what and when (some events are public)."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="events", verbose_name=_("feedback")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=FeedbackEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("time"))
    # Internal details (departments, reasons); never shown to the public.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("feedback event")
        verbose_name_plural = _("feedback events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["feedback", "created_at"], name="feedbackevent_fb_idx")]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.kind}"


class FeedbackReminder(models.Model):
    """One reminder about one feedback item at one level (1: after 3 days, 2: after 7 days).

    The unique constraint, not a check before the insert, makes each reminder happen once even
    when two sweeps run at the same time.
    """

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("feedback")
    )
    level = models.PositiveSmallIntegerField(_("level"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    created_at = models.DateTimeField(_("sent"))
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    # The sweep run that inserted the row: how a run learns which of its inserts won.
    sweep = models.UUIDField(_("sweep run"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("feedback reminder")
        verbose_name_plural = _("feedback reminders")
        constraints = [
            models.UniqueConstraint(fields=["feedback", "level"], name="feedback_reminder_once"),
            models.CheckConstraint(
                condition=Q(level__in=[1, 2]), name="feedback_reminder_level_1_or_2"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id} #{self.level}"


class StatementRequest(models.Model):
    """A handler asks another department or a named expert for a statement (lausunto)."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="statements", verbose_name=_("feedback")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_statements",
        verbose_name=_("asked from department"),
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_statements",
        verbose_name=_("asked from expert"),
    )
    question = models.TextField(_("question"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked"))
    statement = models.TextField(_("statement"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("given by"),
    )
    given_at = models.DateTimeField(_("given"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement request")
        verbose_name_plural = _("statement requests")
        ordering = ["requested_at", "id"]
        indexes = [
            models.Index(fields=["department", "given_at"], name="statement_dept_idx"),
            models.Index(fields=["expert", "given_at"], name="statement_expert_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False) | Q(expert__isnull=False),
                name="statement_has_addressee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id}: {self.question[:40]}"


class ApiClient(models.Model):
    """An Open311 client allowed to POST requests. Only a hash of its key is stored."""

    name = models.CharField(_("name"), max_length=200)
    key_prefix = models.CharField(_("key prefix"), max_length=12, unique=True)
    key_hash = models.CharField(_("key hash"), max_length=64)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
