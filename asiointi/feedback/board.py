"""Reads for the resident-facing pages: the public board, a published item, a published photo,
the status page and the resident's own feedback in the e-services folder.

The board reads only feedback a moderator has published, and only its moderated public fields;
the original description and the contact details never leave these queries for a public page.
"""

from django.db.models import Q, QuerySet

from asiointi.feedback.constants import PUBLIC_EVENTS, Publication
from asiointi.feedback.models import Feedback, FeedbackEvent, FeedbackPhoto, parse_request_id

BOARD_PAGE_SIZE = 20


def published_feedback(*, service_code: str = "", query: str = "") -> QuerySet[Feedback]:
    """Published feedback, newest publication first, optionally of one service and matching
    ``query`` (case-insensitive) in the public text, the public answer or the title."""
    items = (
        Feedback.objects.filter(publication=Publication.PUBLISHED)
        .select_related("service", "department")
        .only(
            "id",
            "type",
            "status",
            "title",
            "received_at",
            "answered_at",
            "published_at",
            "public_description",
            "public_answer",
            "service__code",
            "service__name_fi",
            "service__name_sv",
            "service__name_en",
            "department__name_fi",
            "department__name_sv",
            "department__name_en",
        )
        .order_by("-published_at", "-id")
    )
    if service_code:
        items = items.filter(service__code=service_code)
    query = query.strip()
    if query:
        items = items.filter(
            Q(public_description__icontains=query)
            | Q(public_answer__icontains=query)
            | Q(title__icontains=query)
        )
    return items


def published_item(request_id: str) -> Feedback | None:
    """One published feedback by its number; None when unknown or not published."""
    parsed = parse_request_id(request_id)
    if parsed is None:
        return None
    year, pk = parsed
    feedback = published_feedback().filter(pk=pk).first()
    # The year is compared as ``request_id`` computes it (from the stored time), not with a
    # ``__year`` lookup, which would use the local time zone and differ around New Year.
    if feedback is None or feedback.received_at.year != year:
        return None
    return feedback


def public_photos(feedback: Feedback) -> list[FeedbackPhoto]:
    return list(feedback.photos.filter(public=True).only("id", "feedback_id", "original_name"))


def published_photo(pk: int) -> FeedbackPhoto | None:
    """A photo the moderator made public, of feedback that is published; otherwise None."""
    return FeedbackPhoto.objects.filter(
        pk=pk, public=True, feedback__publication=Publication.PUBLISHED
    ).first()


def feedback_by_tracking_code(code: str) -> Feedback | None:
    return (
        Feedback.objects.select_related("service", "department").filter(tracking_code=code).first()
    )


def public_timeline(feedback: Feedback) -> list[FeedbackEvent]:
    """The events a resident sees: kind and time only (the actor and details stay internal)."""
    return list(
        feedback.events.filter(kind__in=PUBLIC_EVENTS).only(
            "id", "feedback_id", "kind", "created_at"
        )
    )


def feedback_given_by(user) -> QuerySet[Feedback]:
    """The feedback a logged-in resident gave through the form, for their e-services folder."""
    return (
        Feedback.objects.filter(submitted_by=user)
        .select_related("service")
        .only(
            "id",
            "type",
            "status",
            "received_at",
            "tracking_code",
            "service__name_fi",
            "service__name_sv",
            "service__name_en",
        )
        .order_by("-received_at", "-id")
    )
