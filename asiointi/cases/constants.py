from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    IN_PROCESSING = "in_processing", _("In processing")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Supplement requested")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")


class EventKind(models.TextChoices):
    CREATED = "created", _("Draft created")
    SUBMITTED = "submitted", _("Application received")
    NEW_VERSION = "new_version", _("Updated version received")
    PROCESSING_STARTED = "processing_started", _("Processing started")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    TRANSFERRED = "transferred", _("Transferred to another department")
    ASSIGNED = "assigned", _("Handler assigned")
    DECIDED = "decided", _("Decision made")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    MESSAGE_FROM_APPLICANT = "message_from_applicant", _("Message sent")
    MESSAGE_FROM_HANDLER = "message_from_handler", _("New message from the handler")
    # Internal: the applicant never sees notes, not even that one was written.
    NOTE_ADDED = "note_added", _("Internal note added")


# Events the applicant sees in their folder.
APPLICANT_EVENTS = frozenset(
    {
        EventKind.SUBMITTED,
        EventKind.NEW_VERSION,
        EventKind.PROCESSING_STARTED,
        EventKind.SUPPLEMENT_REQUESTED,
        EventKind.TRANSFERRED,
        EventKind.DECIDED,
        EventKind.CLOSED,
        EventKind.WITHDRAWN,
        EventKind.ATTACHMENT_ADDED,
        EventKind.MESSAGE_FROM_APPLICANT,
        EventKind.MESSAGE_FROM_HANDLER,
    }
)
# Of those, the ones that send a "something changed" email: not the applicant's own additions.
NOTIFY_APPLICANT_EVENTS = APPLICANT_EVENTS - {
    EventKind.ATTACHMENT_ADDED,
    EventKind.MESSAGE_FROM_APPLICANT,
}


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PARTIALLY_APPROVED = "partially_approved", _("Partially approved")
    REJECTED = "rejected", _("Rejected")


# Outcomes that grant money: they need an amount, the rejection must not have one.
GRANTING_OUTCOMES = frozenset({DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED})


class AttachmentKind(models.TextChoices):
    BUDGET = "budget", _("Budget")
    FINANCIAL_STATEMENT = "financial_statement", _("Financial statement")
    MINUTES = "minutes", _("Minutes of the annual meeting")
    SCANNED_PAPER = "scanned_paper", _("Scanned paper document")
    OTHER = "other", _("Other")

    @classmethod
    def choices_for_applicant(cls):
        return [(value, label) for value, label in cls.choices if value != cls.SCANNED_PAPER]


# Statuses in which the applicant may edit the form data and send a version.
EDITABLE_STATUSES = frozenset(
    {CaseStatus.DRAFT, CaseStatus.RECEIVED, CaseStatus.AWAITING_SUPPLEMENT}
)
# Statuses in which attachments and messages are still accepted.
OPEN_STATUSES = frozenset(
    {
        CaseStatus.DRAFT,
        CaseStatus.RECEIVED,
        CaseStatus.IN_PROCESSING,
        CaseStatus.AWAITING_SUPPLEMENT,
        CaseStatus.DECIDED,
    }
)
# Statuses in which a case is with the handlers: it can be claimed, assigned and transferred.
HANDLER_STATUSES = frozenset(
    {CaseStatus.RECEIVED, CaseStatus.IN_PROCESSING, CaseStatus.AWAITING_SUPPLEMENT}
)
