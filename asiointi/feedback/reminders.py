"""The reminder sweep: feedback without a first reaction 3 and 7 days after it arrived.

Run every minute (``asiointi feedback remind`` from cron or a systemd timer, or the
``sweep_reminders`` task); it is idempotent and safe to run concurrently:

- Candidates come only through the partial index ``feedback_awaiting_reaction_idx``
  (``first_reaction_at IS NULL AND reminders_sent < 2``, on ``received_at``), read in bounded
  keyset batches, so the sweep never scans the feedback that has been reacted to or fully
  reminded: its cost follows the number of feedback items still waiting, not the table's size.
- Each reminder is one ``FeedbackReminder`` row; its unique constraint (feedback, level) decides
  who sends it. The insert runs in a savepoint: an ``IntegrityError`` means another sweep got
  there first, and then nothing is sent. Only a successful insert raises
  ``Feedback.reminders_sent`` (never lowers it), writes the REMINDER event and, after commit,
  emails the handlers.
- Catching up: when the sweep has not run for a while and both levels are due at once, only the
  second (7-day) reminder is emailed; the first level is recorded too (a ``FeedbackReminder``
  row with no recipients and ``reminders_sent`` = 2), so that it is never sent late afterwards.
"""

import dataclasses
import datetime
import time

from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone

from asiointi.catalogue.models import Service
from asiointi.feedback.constants import OPEN_STATUSES, FeedbackEventKind
from asiointi.feedback.events import record_event
from asiointi.feedback.models import Feedback, FeedbackReminder
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Membership

# Thresholds for feedback without a service (central triage), as in the catalogue's defaults.
DEFAULT_FIRST_DAYS = 3
DEFAULT_SECOND_DAYS = 7
BATCH_SIZE = 500

HANDLER_ROLES = (StaffRole.HANDLER, StaffRole.DEPARTMENT_ADMIN)


@dataclasses.dataclass
class SweepResult:
    candidates: int = 0  # feedback items looked at
    first_reminders: int = 0  # level-1 reminders sent (recorded and emailed)
    second_reminders: int = 0  # level-2 reminders sent
    elapsed_ms: int = 0


def _awaiting_reaction():
    """Exactly the partial index's condition, plus open (closing is a reaction anyway)."""
    return Feedback.objects.filter(
        first_reaction_at__isnull=True, reminders_sent__lt=2, status__in=OPEN_STATUSES
    )


def _earliest_thresholds() -> tuple[int, int]:
    """The shortest first and second thresholds of any service or of the triage default."""
    shortest = Service.objects.aggregate(
        first=Min("feedback_first_reminder_days"), second=Min("feedback_second_reminder_days")
    )
    first = shortest["first"] if shortest["first"] is not None else DEFAULT_FIRST_DAYS
    second = shortest["second"] if shortest["second"] is not None else DEFAULT_SECOND_DAYS
    return min(first, DEFAULT_FIRST_DAYS), min(second, DEFAULT_SECOND_DAYS)


def due_levels(*, age: datetime.timedelta, first_days: int, second_days: int, sent: int) -> list:
    """The levels not yet sent whose threshold ``age`` has reached, lowest first."""
    levels = []
    if age >= datetime.timedelta(days=first_days):
        levels.append(1)
    if age >= datetime.timedelta(days=second_days):
        levels.append(2)
    return [level for level in levels if level > sent]


class _Recipients:
    """The responsible handlers' addresses, looked up once per department per sweep."""

    def __init__(self):
        self._cache: dict[int | None, list[str]] = {}

    def for_department(self, department_id: int | None) -> list[str]:
        if department_id not in self._cache:
            if department_id is None:
                members = Membership.objects.filter(role=StaffRole.TRIAGE)
            else:
                members = Membership.objects.filter(
                    department_id=department_id, role__in=HANDLER_ROLES
                )
            emails = (
                members.filter(user__is_active=True)
                .exclude(user__email="")
                .values_list("user__email", flat=True)
                .distinct()
            )
            self._cache[department_id] = sorted(set(emails))
        return self._cache[department_id]


def _insert_once(
    *, feedback_id: int, level: int, department_id, at, recipients: list[str]
) -> FeedbackReminder | None:
    """The reminder row, or None when another sweep inserted it first."""
    try:
        with transaction.atomic():  # a savepoint: the failed insert leaves the rest intact
            return FeedbackReminder.objects.create(
                feedback_id=feedback_id,
                level=level,
                department_id=department_id,
                created_at=at,
                recipients=recipients,
            )
    except IntegrityError:
        return None


def _remind(row: dict, levels: list[int], now, recipients: _Recipients) -> int | None:
    """Record the due levels of one feedback item; the level sent, or None.

    A department with no handler gets the reminder recorded (and shown in the queue) but no
    email."""
    from asiointi.feedback.notifications import queue_reminder

    emailed_level = levels[-1]  # catching up: only the highest due level is emailed
    with transaction.atomic():
        inserted = []
        for level in levels:
            reminder = _insert_once(
                feedback_id=row["id"],
                level=level,
                department_id=row["department_id"],
                at=now,
                recipients=(
                    recipients.for_department(row["department_id"])
                    if level == emailed_level
                    else []
                ),
            )
            if reminder is not None:
                inserted.append(reminder)
        if not inserted:
            return None
        highest = inserted[-1]
        Feedback.objects.filter(pk=row["id"], reminders_sent__lt=highest.level).update(
            reminders_sent=highest.level
        )
        feedback = Feedback(pk=row["id"], first_reaction_at=None)
        record_event(
            feedback=feedback,
            kind=FeedbackEventKind.REMINDER,
            actor=None,
            at=now,
            details={
                "levels": [reminder.level for reminder in inserted],
                "recipients": len(highest.recipients),
            },
        )
        if highest.level != emailed_level:
            return None  # another sweep recorded and emailed the higher level
        if highest.recipients:
            queue_reminder(highest)
        return highest.level


def sweep(now: datetime.datetime | None = None) -> SweepResult:
    """Send the reminders that are due at ``now``; see the module docstring."""
    started = time.monotonic()
    now = now or timezone.now()
    result = SweepResult()
    first_days, second_days = _earliest_thresholds()
    recipients = _Recipients()
    # Feedback reminded once is looked at again only when its second reminder can be due.
    candidates = (
        _awaiting_reaction()
        .filter(received_at__lte=now - datetime.timedelta(days=first_days))
        .filter(
            Q(reminders_sent=0) | Q(received_at__lte=now - datetime.timedelta(days=second_days))
        )
        .order_by("received_at", "id")
    )
    after = None
    while True:
        batch = candidates
        if after is not None:
            batch = batch.filter(
                Q(received_at__gt=after[0]) | Q(received_at=after[0], id__gt=after[1])
            )
        rows = list(
            batch.values(
                "id",
                "received_at",
                "reminders_sent",
                "department_id",
                "service__feedback_first_reminder_days",
                "service__feedback_second_reminder_days",
            )[:BATCH_SIZE]
        )
        for row in rows:
            result.candidates += 1
            levels = due_levels(
                age=now - row["received_at"],
                first_days=row["service__feedback_first_reminder_days"] or DEFAULT_FIRST_DAYS,
                second_days=row["service__feedback_second_reminder_days"] or DEFAULT_SECOND_DAYS,
                sent=row["reminders_sent"],
            )
            if not levels:
                continue
            emailed = _remind(row, levels, now, recipients)
            if emailed == 1:
                result.first_reminders += 1
            elif emailed == 2:
                result.second_reminders += 1
        if len(rows) < BATCH_SIZE:
            break
        after = (rows[-1]["received_at"], rows[-1]["id"])
    result.elapsed_ms = round((time.monotonic() - started) * 1000)
    return result
