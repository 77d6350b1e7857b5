"""Feedback timeline events, written in the same transaction as the change they record."""

import datetime

from django.utils import timezone

from asiointi.feedback.constants import REACTION_EVENTS, FeedbackEventKind
from asiointi.feedback.models import Feedback, FeedbackEvent


def record_event(
    *,
    feedback: Feedback,
    kind: FeedbackEventKind,
    actor,
    details: dict | None = None,
    at: datetime.datetime | None = None,
) -> FeedbackEvent:
    """Record the event; the first reaction of the city also stops the reminders."""
    at = at or timezone.now()
    event = FeedbackEvent.objects.create(
        feedback=feedback, kind=kind, actor=actor, created_at=at, details=details or {}
    )
    if kind in REACTION_EVENTS and feedback.first_reaction_at is None:
        feedback.first_reaction_at = at
        Feedback.objects.filter(pk=feedback.pk, first_reaction_at__isnull=True).update(
            first_reaction_at=at
        )
    return event
