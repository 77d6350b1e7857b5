"""The case core: one lifecycle for every kind of application (docs/case-lifecycle.md)."""

import os

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases.constants import (
    STATUS_TONES,
    AttachmentKind,
    CaseStatus,
    Channel,
    DecisionOutcome,
    EventKind,
)
from asiointi.catalogue.models import FormDefinition, GrantCall, Service
from asiointi.organisation.models import Department, Team


class CaseQuerySet(models.QuerySet):
    def grants(self) -> "CaseQuerySet":
        """Grant applications only: what grant reports, overlap checks and the cross-department
        search are about. Confidential services are never grants; the second filter says so
        explicitly so that a misconfigured service cannot leak into them."""
        # A subquery on the service, not a join: the report indexes carry ``service`` and the
        # report queries stay index-only scans.
        return self.filter(
            service_id__in=Service.objects.filter(kind="grant", confidential=False).values("pk")
        )

    def not_confidential(self) -> "CaseQuerySet":
        return self.filter(service_id__in=Service.objects.filter(confidential=False).values("pk"))


class Case(models.Model):
    """An application and everything that happens to it.

    ``draft_data`` is the applicant's working copy; what was sent is frozen in ``CaseVersion``.
    ``lock_version`` grows with every change so that two people acting at once get a conflict
    instead of silently overwriting each other.
    """

    record_number = models.CharField(
        _("record number"), max_length=32, unique=True, null=True, blank=True
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="cases", verbose_name=_("service")
    )
    grant_call = models.ForeignKey(
        GrantCall,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("grant call"),
    )
    form = models.ForeignKey(FormDefinition, on_delete=models.PROTECT, verbose_name=_("form"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("responsible department"),
    )
    # The person who created the case. When ``organisation`` is set the case belongs to the
    # organisation, and every representative of it sees the case.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("applicant"),
    )
    organisation = models.ForeignKey(
        ApplicantOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("applicant organisation"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_cases",
        verbose_name=_("handler"),
    )
    # The team of the department that works the case (routed by area when sent; see
    # organisation.Team). Empty in departments without teams.
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("team"),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE
    )
    draft_data = models.JSONField(_("working copy"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    requested_amount = models.DecimalField(
        _("requested amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The applicant says the matter is urgent (social assistance: decided at the latest on the
    # next working day). From the form's "urgent" summary field; queues show urgent cases first.
    urgent = models.BooleanField(_("urgent"), default=False)
    version_count = models.PositiveIntegerField(_("versions sent"), default=0)
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("first sent"), null=True, blank=True)
    # Denormalised for the folder list: how many handler messages the applicant has not read.
    unread_for_applicant = models.PositiveIntegerField(default=0)
    # Set by case_request_supplement: when the applicant's supplement is due.
    supplement_due_date = models.DateField(_("supplement due"), null=True, blank=True)
    # The decision (case_decide). Letters and board decision lists build on these.
    decision_outcome = models.CharField(
        _("decision"), max_length=30, choices=DecisionOutcome.choices, blank=True
    )
    granted_amount = models.DecimalField(
        _("granted amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_reasoning = models.TextField(_("reasoning"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # A team's queue (social work): department, team and status, urgent first, then
            # oldest first.
            models.Index(
                fields=["department", "team", "status", "-urgent", "submitted_at"],
                name="case_team_queue_idx",
            ),
            # The folder: a person's own cases, newest first …
            models.Index(
                fields=["applicant", "-updated_at"],
                name="case_applicant_idx",
                condition=Q(organisation__isnull=True),
            ),
            # … and an organisation's cases.
            models.Index(fields=["organisation", "-updated_at"], name="case_organisation_idx"),
            # Handler queues: department and status, oldest first …
            models.Index(fields=["department", "status", "submitted_at"], name="case_queue_idx"),
            # … split by handler ("mine", "unassigned") …
            models.Index(fields=["department", "status", "handler"], name="case_handler_queue_idx"),
            # … sorted by amount or by record number (bench/handling_bench.py: a department's
            # decided tab sorted by amount took 180 ms at a million applications without it) …
            models.Index(
                fields=["department", "status", "requested_amount", "id"],
                name="case_queue_amount_id_idx",
            ),
            models.Index(
                fields=["department", "status", "record_number", "id"],
                name="case_queue_record_id_idx",
            ),
            # … and "take next": the oldest unassigned case of a department.
            models.Index(
                fields=["department", "status", "submitted_at"],
                name="case_unassigned_idx",
                condition=Q(handler__isnull=True),
            ),
            # Grant reports (asiointi/reports/selectors.py): a year's applications by the range
            # on submitted_at, carrying every column the report queries group and sum, so that
            # PostgreSQL answers them with an index-only scan instead of reading the wide rows.
            models.Index(
                fields=[
                    "submitted_at",
                    "department",
                    "service",
                    "organisation",
                    "applicant",
                    "status",
                    "decision_outcome",
                    "requested_amount",
                    "granted_amount",
                    "decided_at",
                    "id",  # joins the paid payments without reading the table
                ],
                name="case_report_idx",
                condition=Q(submitted_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.record_number or f"#{self.pk}"

    @property
    def status_for_applicant(self) -> str:
        """The status the applicant sees: a board's pending proposal is still "in processing"."""
        if self.status == CaseStatus.DECISION_PROPOSED:
            return CaseStatus.IN_PROCESSING
        return self.status

    @property
    def status_for_applicant_display(self) -> str:
        return str(CaseStatus(self.status_for_applicant).label)

    @property
    def applicant_steps(self) -> list[tuple[str, str]]:
        """The application's way as the applicant's progress indicator shows it: ``(label,
        state)`` for drafting, sending, processing and the decision, each ``done``, ``current``
        or ``upcoming``; empty for a withdrawn application, which has left the way."""
        if self.status == CaseStatus.WITHDRAWN:
            return []
        reached = {
            CaseStatus.DRAFT: 0,
            CaseStatus.RECEIVED: 1,
            CaseStatus.IN_PROCESSING: 2,
            CaseStatus.AWAITING_SUPPLEMENT: 2,
            CaseStatus.DECISION_PROPOSED: 2,
            CaseStatus.DECIDED: 4,
            CaseStatus.CLOSED: 4,
        }[CaseStatus(self.status)]
        labels = [
            pgettext("application step", "Draft"),
            pgettext("application step", "Sent"),
            pgettext("application step", "In processing"),
            pgettext("application step", "Decision"),
        ]
        return [
            (label, "done" if index < reached else "current" if index == reached else "upcoming")
            for index, label in enumerate(labels)
        ]

    @property
    def status_tone(self) -> str:
        return STATUS_TONES.get(self.status, "")

    @property
    def status_for_applicant_tone(self) -> str:
        return STATUS_TONES.get(self.status_for_applicant, "")


class RecordNumberSequence(models.Model):
    """Gap-free record numbers per year: the counter row is locked inside the submit transaction,
    so a rolled-back submit gives its number back."""

    year = models.PositiveIntegerField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("record number sequence")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"


class CaseVersion(models.Model):
    """A frozen, numbered copy of the form data as it was sent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("form data"))
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="caseversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.number}"


class Message(models.Model):
    """A secure message between the applicant side and the handlers of one case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sender"),
    )
    from_staff = models.BooleanField(_("from the city"))
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["case", "sent_at"], name="message_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.sent_at:%Y-%m-%d %H:%M}"


def attachment_storage():
    # A callable, so the storage is looked up from settings at run time (tests, S3 in production).
    return storages["attachments"]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never contains the user's file name (it is kept only for display), only
    # the extension of the detected type that the caller put in ``filename``.
    extension = os.path.splitext(filename)[1]
    return (
        f"cases/{instance.case_id}/{instance.sha256[:2]}/{instance.sha256}-{instance.uuid}"
        f"{extension}"
    )


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    uuid = models.UUIDField(unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(
        _("file"),
        upload_to=attachment_path,
        storage=attachment_storage,
        max_length=300,
    )
    display_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"))
    from_staff = models.BooleanField(_("added by the city"), default=False)
    scan_result = models.CharField(_("virus scan"), max_length=20, default="not_scanned")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["case", "uploaded_at"], name="attachment_case_idx")]

    def __str__(self) -> str:
        return self.display_name


class TimelineEvent(models.Model):
    """Who did what to a case, when and why. Written in the same transaction as the change."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=40, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"))
    visible_to_applicant = models.BooleanField(_("shown to the applicant"))
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="event_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class InternalNote(models.Model):
    """A handler's note on a case. Never shown to the applicant, in any form."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"))

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="note_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.created_at:%Y-%m-%d %H:%M}"


class ReadPurpose(models.TextChoices):
    CROSS_DEPARTMENT = "cross_department", _("Another department's case")
    CONFIDENTIAL = "confidential", _("Confidential case")


class CaseReadAudit(models.Model):
    """A staff member read a case that is audit-logged: a case of a department they are not a
    member of, or any case of a confidential service (every read, by everyone allowed)."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reader"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="read_audits", verbose_name=_("case")
    )
    read_at = models.DateTimeField(_("read"))
    purpose = models.CharField(
        _("why logged"),
        max_length=20,
        choices=ReadPurpose.choices,
        default=ReadPurpose.CROSS_DEPARTMENT,
    )
    # What was read: the page or action, e.g. "case", "documents", "attachment:12".
    what = models.CharField(_("what was read"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("audited read of a case")
        verbose_name_plural = _("audited reads of cases")
        ordering = ["-read_at", "-pk"]
        indexes = [
            # The auditor's two questions: who read this case, and what did this person read.
            models.Index(fields=["case", "-read_at"], name="readaudit_case_idx"),
            models.Index(fields=["reader", "-read_at"], name="readaudit_reader_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} read {self.case_id} at {self.read_at:%Y-%m-%d %H:%M}"
