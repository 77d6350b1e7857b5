"""The reminder sweep: feedback without a first reaction 3 and 7 days after it arrived.

Run every minute (``asiointi feedback remind`` from cron or a systemd timer, or the
``sweep_reminders`` task); it is idempotent and safe to run concurrently:

- Candidates come only through the partial index ``feedback_awaiting_reaction_idx``
  (``first_reaction_at IS NULL AND reminders_sent < 2``, on ``received_at``), read in bounded
  keyset batches, so the sweep never scans the feedback that has been reacted to or fully
  reminded: its cost follows the number of feedback items still waiting, not the table's size.
- Each reminder is one ``FeedbackReminder`` row; its unique constraint (feedback, level) decides
  who sends it. A batch's rows go in with one ``INSERT … ON CONFLICT DO NOTHING`` tagged with the
  run's id, so a row another sweep inserted first is simply not ours, and then nothing is sent
  for it. Only a won insert raises ``Feedback.reminders_sent`` (never lowers it), writes the
  REMINDER event and, after commit, emails the handlers. The writes of a batch are a handful of
  statements whatever its size, so even a sweep catching up on a backlog stays short.
- Catching up: when the sweep has not run for a while and both levels are due at once, only the
  second (7-day) reminder is emailed; the first level is recorded too (a ``FeedbackReminder``
  row with no recipients and ``reminders_sent`` = 2), so that it is never sent late afterwards.
"""

import dataclasses
import datetime
import time
import uuid

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from asiointi.catalogue.models import Service
from asiointi.feedback.access import HANDLER_ROLES
from asiointi.feedback.constants import OPEN_STATUSES, FeedbackEventKind
from asiointi.feedback.models import Feedback, FeedbackEvent, FeedbackReminder
from asiointi.feedback.notifications import queue_reminders
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Membership

# Thresholds for feedback without a service (central triage), as in the catalogue's defaults.
DEFAULT_FIRST_DAYS = 3
DEFAULT_SECOND_DAYS = 7
BATCH_SIZE = 500


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


def _remind_batch(due: list[tuple[dict, list[int]]], now, recipients: _Recipients) -> list:
    """Record the due levels of a batch of feedback in one transaction; the levels emailed.

    All rows go in with one ``INSERT … ON CONFLICT DO NOTHING`` (``bulk_create`` with
    ``ignore_conflicts``), tagged with this run's ``sweep`` id; reading back the rows carrying
    the tag tells exactly which reminders this run won — a row another sweep inserted first keeps
    that sweep's tag. Only won reminders raise ``reminders_sent``, get a REMINDER event and are
    emailed (one task per batch, after commit). A department with no handler gets the reminder
    recorded (and shown in the queue) but no email."""
    run = uuid.uuid4()
    emailed_level = {row["id"]: levels[-1] for row, levels in due}  # catching up: the highest
    with transaction.atomic():
        FeedbackReminder.objects.bulk_create(
            [
                FeedbackReminder(
                    feedback_id=row["id"],
                    level=level,
                    department_id=row["department_id"],
                    created_at=now,
                    sweep=run,
                    recipients=(
                        recipients.for_department(row["department_id"])
                        if level == levels[-1]
                        else []
                    ),
                )
                for row, levels in due
                for level in levels
            ],
            ignore_conflicts=True,
        )
        won: dict[int, list[FeedbackReminder]] = {}
        for reminder in FeedbackReminder.objects.filter(
            feedback_id__in=emailed_level, sweep=run
        ).order_by("feedback_id", "level"):
            won.setdefault(reminder.feedback_id, []).append(reminder)
        for level in (1, 2):
            Feedback.objects.filter(
                pk__in=[pk for pk, mine in won.items() if mine[-1].level == level],
                reminders_sent__lt=level,
            ).update(reminders_sent=level)
        FeedbackEvent.objects.bulk_create(
            FeedbackEvent(
                feedback_id=pk,
                kind=FeedbackEventKind.REMINDER,
                created_at=now,
                details={
                    "levels": [reminder.level for reminder in mine],
                    "recipients": len(mine[-1].recipients),
                },
            )
            for pk, mine in won.items()
        )
        # Another sweep may have recorded and emailed the higher level: then ours is not sent.
        sent = [mine[-1] for pk, mine in won.items() if mine[-1].level == emailed_level[pk]]
        to_email = [reminder.pk for reminder in sent if reminder.recipients]
        if to_email:
            queue_reminders(to_email)
    return [reminder.level for reminder in sent]


def reminders_sweep(now: datetime.datetime | None = None) -> SweepResult:
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
        due = []
        for row in rows:
            result.candidates += 1
            levels = due_levels(
                age=now - row["received_at"],
                first_days=row["service__feedback_first_reminder_days"] or DEFAULT_FIRST_DAYS,
                second_days=row["service__feedback_second_reminder_days"] or DEFAULT_SECOND_DAYS,
                sent=row["reminders_sent"],
            )
            if levels:
                due.append((row, levels))
        if due:
            for level in _remind_batch(due, now, recipients):
                if level == 1:
                    result.first_reminders += 1
                else:
                    result.second_reminders += 1
        if len(rows) < BATCH_SIZE:
            break
        after = (rows[-1]["received_at"], rows[-1]["id"])
    result.elapsed_ms = round((time.monotonic() - started) * 1000)
    return result
