"""Timeline events: written by services in the same transaction as the change they record."""

from django.utils import timezone

from asiointi.cases import hooks
from asiointi.cases.constants import APPLICANT_EVENTS, NOTIFY_APPLICANT_EVENTS, EventKind
from asiointi.cases.models import Case, TimelineEvent
from asiointi.common.queue import enqueue_on_commit


def record_event(
    *, case: Case, kind: EventKind, actor, reason: str = "", details: dict | None = None
) -> TimelineEvent:
    event = TimelineEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        at=timezone.now(),
        visible_to_applicant=kind in APPLICANT_EVENTS,
        reason=reason,
        details=details or {},
    )
    if kind in NOTIFY_APPLICANT_EVENTS:
        for task in hooks.applicant_event_after_commit:
            enqueue_on_commit(task, event.pk)
    return event
