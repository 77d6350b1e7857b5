"""The vocabulary of feedback (docs/feedback-public.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FeedbackType(models.TextChoices):
    QUESTION = "question", _("Question")
    FEEDBACK = "feedback", _("Feedback on a service")
    COMPLAINT = "complaint", _("Complaint")
    IDEA = "idea", _("Idea or suggestion")
    PRAISE = "praise", _("Praise")
    OTHER = "other", pgettext_lazy("feedback type", "Other")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROCESS = "in_process", _("In process")
    ANSWERED = "answered", _("Answered")
    # Confidential matters, appeals and formal complaints go to case management (Ahjo); the
    # feedback is closed here with a pointer to where it went.
    FORWARDED = "forwarded", _("Forwarded to case management")
    CLOSED = "closed", _("Closed")


# The tone of each status's label ({% status_label %}): waiting for the city is information,
# answered or closed a success, forwarded elsewhere neutral.
FEEDBACK_STATUS_TONES = {
    FeedbackStatus.RECEIVED: "info",
    FeedbackStatus.IN_PROCESS: "info",
    FeedbackStatus.ANSWERED: "success",
    FeedbackStatus.CLOSED: "success",
}

# Statuses in which the feedback still waits for the city; Open311 calls them "open".
OPEN_STATUSES = frozenset({FeedbackStatus.RECEIVED, FeedbackStatus.IN_PROCESS})
CLOSED_STATUSES = frozenset(
    {FeedbackStatus.ANSWERED, FeedbackStatus.FORWARDED, FeedbackStatus.CLOSED}
)


class FeedbackChannel(models.TextChoices):
    ONLINE = "online", _("Online form")
    PHONE = "phone", _("Phone")
    DESK = "desk", _("Service desk")
    EMAIL = "email", _("Email")
    OPEN311 = "open311", _("Open311 client")


# Channels a staff member registers feedback from.
STAFF_CHANNELS = (FeedbackChannel.PHONE, FeedbackChannel.DESK, FeedbackChannel.EMAIL)


class Publication(models.TextChoices):
    # No consent: never published. With consent the feedback waits for a moderator, who edits a
    # public version (personal data removed) and publishes it, or declines.
    NOT_ALLOWED = "not_allowed", _("No consent to publish")
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Not published")


class FeedbackEventKind(models.TextChoices):
    RECEIVED = "received", _("Feedback received")
    REGISTERED_BY_STAFF = "registered_by_staff", _("Registered by the city")
    ROUTED = "routed", _("Routed to a department")
    CLAIMED = "claimed", _("Taken into processing")
    TRANSFERRED = "transferred", _("Transferred to another department")
    STATEMENT_REQUESTED = "statement_requested", _("Statement requested")
    STATEMENT_GIVEN = "statement_given", _("Statement given")
    ANSWERED = "answered", _("Answered")
    FORWARDED = "forwarded", _("Forwarded to case management")
    CLOSED = "closed", _("Closed without an answer")
    REMINDER = "reminder", _("Reminder sent to handlers")
    PUBLISHED = "published", _("Published on the feedback board")
    PUBLICATION_DECLINED = "publication_declined", _("Not published")
    NOTE_ADDED = "note_added", _("Internal note added")


# Events shown to the resident on the status page and in the Open311 status history.
PUBLIC_EVENTS = frozenset(
    {
        FeedbackEventKind.RECEIVED,
        FeedbackEventKind.REGISTERED_BY_STAFF,
        FeedbackEventKind.CLAIMED,
        FeedbackEventKind.TRANSFERRED,
        FeedbackEventKind.ANSWERED,
        FeedbackEventKind.FORWARDED,
        FeedbackEventKind.CLOSED,
    }
)

# Events that count as the first reaction of the city: after one of these no reminder is sent.
REACTION_EVENTS = frozenset(
    {
        FeedbackEventKind.CLAIMED,
        FeedbackEventKind.STATEMENT_REQUESTED,
        FeedbackEventKind.ANSWERED,
        FeedbackEventKind.FORWARDED,
        FeedbackEventKind.CLOSED,
    }
)

DESCRIPTION_MIN_LENGTH = 10
DESCRIPTION_MAX_LENGTH = 5000
