"""What handlers do with feedback (docs/feedback-handling.md).

Every action follows the same steps, in one transaction:

1. lock the row and compare ``lock_version`` with the one the page showed (``Conflict`` if
   somebody else acted; ``common.locking.lock_for_change``);
2. check the actor may act on it *now*;
3. ask the workflow table whether the action is allowed from the current status;
4. change the row, bump ``lock_version`` and record the timeline event.

Emails go after commit, so a rolled-back action sends nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asiointi.catalogue.models import Service
from asiointi.common.errors import Conflict, TransitionNotAllowed, ValidationFailed
from asiointi.common.locking import lock_for_change
from asiointi.feedback import access, workflow
from asiointi.feedback.constants import (
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_MIN_LENGTH,
    STAFF_CHANNELS,
    FeedbackEventKind,
    FeedbackStatus,
    Publication,
)
from asiointi.feedback.events import record_event
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback, StatementRequest
from asiointi.organisation.models import Department, Membership

TEXT_MAX_LENGTH = 5000
POINTER_MAX_LENGTH = 200


class ForwardReason(models.TextChoices):
    """Why a matter leaves feedback handling for case management."""

    CONFIDENTIAL = "confidential", gettext_lazy("Confidential matter")
    APPEAL = "appeal", gettext_lazy("Appeal (oikaisuvaatimus)")
    FORMAL_COMPLAINT = "formal_complaint", gettext_lazy("Formal complaint (kantelu)")


def _invalid(field: str, message: str):
    return ValidationFailed(_("Check the highlighted fields."), {field: [message]})


def _text(value: str, field: str, *, required: bool = True, maximum: int = TEXT_MAX_LENGTH) -> str:
    value = (value or "").strip()
    if required and not value:
        raise _invalid(field, _("This field is required."))
    if len(value) > maximum:
        raise _invalid(
            field,
            _("The text can be at most %(max)d characters long; it is %(length)d.")
            % {"max": maximum, "length": len(value)},
        )
    return value


def _lock(feedback: Feedback, expected_lock_version: int | None) -> Feedback:
    return lock_for_change(
        Feedback.objects.select_related("department", "service"),
        feedback.pk,
        expected_lock_version,
        conflict=lambda locked: _(
            "Somebody else changed this feedback while you had the page open. "
            "Check the latest state below and try again."
        ),
    )


def _save(locked: Feedback, fields: list[str]) -> Feedback:
    locked.lock_version += 1
    locked.save(update_fields=[*fields, "lock_version", "updated_at"])
    return locked


def _handler_action(actor, feedback: Feedback, action: str, expected_lock_version):
    """Lock and check the version, handler access and the workflow; return (locked, next
    status)."""
    locked = _lock(feedback, expected_lock_version)
    access.require_handler(actor, locked)
    return locked, workflow.next_status(action, locked.status)


@transaction.atomic
def feedback_route(
    *,
    actor,
    feedback: Feedback,
    department: Department | None = None,
    service: Service | None = None,
    reason: str = "",
    expected_lock_version: int | None = None,
) -> Feedback:
    """Central triage sends feedback to a department (with a service, if one fits)."""
    locked = _lock(feedback, expected_lock_version)
    access.require_triage(actor, locked)
    workflow.next_status("route", locked.status)
    if service is not None:
        if not service.accepts_feedback:
            raise _invalid("service", _("Choose a service that takes feedback."))
        if department is not None and department.pk != service.department_id:
            raise _invalid("service", _("The service belongs to another department."))
        department = service.department
    if department is None:
        raise _invalid("department", _("Choose the department."))
    reason = _text(reason, "reason", required=False, maximum=1000)
    previous = locked.department
    if (
        previous is not None
        and previous.pk == department.pk
        and locked.service_id == (service.pk if service else None)
    ):
        raise _invalid("department", _("The feedback is already there."))
    if previous is None or previous.pk != department.pk:
        locked.handler = None
    locked.department = department
    locked.service = service
    _save(locked, ["department", "service", "handler"])
    record_event(
        feedback=locked,
        kind=FeedbackEventKind.ROUTED,
        actor=actor,
        details={
            "from": previous.code if previous else None,
            "to": department.code,
            "service": service.code if service else None,
            "reason": reason,
        },
    )
    return locked


@transaction.atomic
def feedback_claim(
    *, actor, feedback: Feedback, expected_lock_version: int | None = None
) -> Feedback:
    locked, status = _handler_action(actor, feedback, "claim", expected_lock_version)
    locked.status = status
    locked.handler = actor
    _save(locked, ["status", "handler"])
    record_event(feedback=locked, kind=FeedbackEventKind.CLAIMED, actor=actor)
    return locked


@transaction.atomic
def feedback_answer(
    *, actor, feedback: Feedback, text: str, expected_lock_version: int | None = None
) -> Feedback:
    """The answer goes to the resident by email and on the status page (it is public there)."""
    locked, status = _handler_action(actor, feedback, "answer", expected_lock_version)
    text = _text(text, "answer")
    now = timezone.now()
    locked.status = status
    locked.answer = text
    locked.answered_at = locked.closed_at = now
    if locked.handler_id is None:
        locked.handler = actor
    _save(locked, ["status", "answer", "answered_at", "closed_at", "handler"])
    record_event(feedback=locked, kind=FeedbackEventKind.ANSWERED, actor=actor, at=now)
    from asiointi.feedback.notifications import queue_answer

    queue_answer(locked)
    return locked


@transaction.atomic
def feedback_request_statement(
    *,
    actor,
    feedback: Feedback,
    question: str,
    department: Department | None = None,
    expert=None,
    expected_lock_version: int | None = None,
) -> StatementRequest:
    """Ask another department or a named staff member (an expert) for a statement."""
    locked, _status = _handler_action(actor, feedback, "request_statement", expected_lock_version)
    if department is None and expert is None:
        raise _invalid("department", _("Choose a department or an expert to ask."))
    if department is not None and department.pk == locked.department_id:
        raise _invalid("department", _("Ask another department; this one handles the feedback."))
    if expert is not None and not Membership.objects.filter(user=expert).exists():
        raise _invalid("expert", _("The expert must be a member of the city's staff."))
    question = _text(question, "question")
    statement = StatementRequest.objects.create(
        feedback=locked,
        department=department,
        expert=expert,
        question=question,
        requested_by=actor,
        requested_at=timezone.now(),
    )
    _save(locked, [])
    record_event(
        feedback=locked,
        kind=FeedbackEventKind.STATEMENT_REQUESTED,
        actor=actor,
        details={
            "statement": statement.pk,
            "department": department.code if department else None,
            "expert": expert.pk if expert else None,
        },
    )
    return statement


@transaction.atomic
def statement_give(*, actor, statement: StatementRequest, text: str) -> StatementRequest:
    locked = StatementRequest.objects.select_for_update().get(pk=statement.pk)
    access.require_statement_addressee(actor, locked)
    feedback = Feedback.objects.select_for_update().get(pk=locked.feedback_id)
    workflow.next_status("give_statement", feedback.status)
    if locked.given_at is not None:
        raise Conflict(_("This statement has already been given."))
    locked.statement = _text(text, "statement")
    locked.given_by = actor
    locked.given_at = timezone.now()
    locked.save(update_fields=["statement", "given_by", "given_at"])
    _save(feedback, [])
    record_event(
        feedback=feedback,
        kind=FeedbackEventKind.STATEMENT_GIVEN,
        actor=actor,
        details={"statement": locked.pk},
        at=locked.given_at,
    )
    return locked


@transaction.atomic
def feedback_transfer(
    *,
    actor,
    feedback: Feedback,
    department: Department,
    reason: str,
    expected_lock_version: int | None = None,
) -> Feedback:
    """To another department: the handler is cleared, the status stays (not a reaction)."""
    locked, _status = _handler_action(actor, feedback, "transfer", expected_lock_version)
    if department is None:
        raise _invalid("department", _("Choose the department."))
    if department.pk == locked.department_id:
        raise _invalid("department", _("The feedback is already in this department."))
    reason = _text(reason, "reason", maximum=1000)
    previous = locked.department
    locked.department = department
    locked.handler = None
    # A service of the old department would keep the feedback in its statistics.
    if locked.service is not None and locked.service.department_id != department.pk:
        locked.service = None
    _save(locked, ["department", "handler", "service"])
    record_event(
        feedback=locked,
        kind=FeedbackEventKind.TRANSFERRED,
        actor=actor,
        details={"from": previous.code, "to": department.code, "reason": reason},
    )
    return locked


@transaction.atomic
def feedback_forward(
    *,
    actor,
    feedback: Feedback,
    reason: str,
    pointer: str,
    expected_lock_version: int | None = None,
) -> Feedback:
    """Confidential matters, appeals and formal complaints go to case management.

    Closed here with a pointer to where it went; nothing of it is ever published."""
    locked, status = _handler_action(actor, feedback, "forward", expected_lock_version)
    if reason not in ForwardReason.values:
        raise _invalid("reason", _("Choose why the matter goes to case management."))
    pointer = _text(pointer, "pointer", maximum=POINTER_MAX_LENGTH)
    now = timezone.now()
    locked.status = status
    locked.forwarded_to = pointer
    locked.closed_at = now
    if locked.publication != Publication.NOT_ALLOWED:
        locked.publication = Publication.DECLINED
    locked.published_at = None
    if locked.handler_id is None:
        locked.handler = actor
    _save(locked, ["status", "forwarded_to", "closed_at", "publication", "published_at", "handler"])
    locked.photos.update(public=False)
    record_event(
        feedback=locked,
        kind=FeedbackEventKind.FORWARDED,
        actor=actor,
        at=now,
        details={"reason": reason, "to": pointer},
    )
    from asiointi.feedback.notifications import queue_forwarded

    queue_forwarded(locked)
    return locked


@transaction.atomic
def feedback_close_without_answer(
    *, actor, feedback: Feedback, reason: str = "", expected_lock_version: int | None = None
) -> Feedback:
    locked, status = _handler_action(actor, feedback, "close_without_answer", expected_lock_version)
    if locked.reply_wanted:
        raise TransitionNotAllowed(
            _("The resident asked for a reply, so the feedback cannot be closed without one.")
        )
    reason = _text(reason, "reason", required=False, maximum=1000)
    locked.status = status
    locked.closed_at = timezone.now()
    if locked.handler_id is None:
        locked.handler = actor
    _save(locked, ["status", "closed_at", "handler"])
    record_event(
        feedback=locked,
        kind=FeedbackEventKind.CLOSED,
        actor=actor,
        at=locked.closed_at,
        details={"reason": reason},
    )
    return locked


@transaction.atomic
def feedback_add_note(
    *, actor, feedback: Feedback, text: str, expected_lock_version: int | None = None
) -> Feedback:
    """An internal note on the timeline; never shown to the public."""
    locked, _status = _handler_action(actor, feedback, "add_note", expected_lock_version)
    text = _text(text, "note")
    _save(locked, [])
    record_event(
        feedback=locked, kind=FeedbackEventKind.NOTE_ADDED, actor=actor, details={"text": text}
    )
    return locked


def _require_moderation(locked: Feedback, action: str, allowed: set[str]) -> None:
    workflow.next_status(action, locked.status)
    if not locked.publish_consent:
        raise TransitionNotAllowed(_("The resident did not consent to publishing this feedback."))
    if locked.publication not in allowed:
        raise TransitionNotAllowed(
            _("This cannot be done while the publication is “%(state)s”.")
            % {"state": Publication(locked.publication).label}
        )


@transaction.atomic
def feedback_publish(
    *,
    actor,
    feedback: Feedback,
    public_description: str,
    public_answer: str = "",
    photo_ids=(),
    expected_lock_version: int | None = None,
) -> Feedback:
    """Publish the moderator's edited version; the original description and answer stay as
    they are, and only the photos chosen become public."""
    locked = _lock(feedback, expected_lock_version)
    access.require_handler(actor, locked)
    _require_moderation(locked, "publish", {Publication.PENDING, Publication.DECLINED})
    public_description = (public_description or "").strip()
    if not DESCRIPTION_MIN_LENGTH <= len(public_description) <= DESCRIPTION_MAX_LENGTH:
        raise _invalid(
            "public_description",
            _("The public description must be %(min)d–%(max)d characters long.")
            % {"min": DESCRIPTION_MIN_LENGTH, "max": DESCRIPTION_MAX_LENGTH},
        )
    public_answer = _text(
        public_answer, "public_answer", required=locked.status == FeedbackStatus.ANSWERED
    )
    photo_ids = {int(pk) for pk in photo_ids}
    own = set(locked.photos.values_list("pk", flat=True))
    if not photo_ids <= own:
        raise _invalid("photos", _("Choose only photos of this feedback."))
    locked.public_description = public_description
    locked.public_answer = public_answer
    locked.publication = Publication.PUBLISHED
    locked.published_at = timezone.now()
    _save(locked, ["public_description", "public_answer", "publication", "published_at"])
    locked.photos.filter(pk__in=photo_ids).update(public=True)
    locked.photos.exclude(pk__in=photo_ids).update(public=False)
    record_event(
        feedback=locked,
        kind=FeedbackEventKind.PUBLISHED,
        actor=actor,
        at=locked.published_at,
        details={"photos": sorted(photo_ids)},
    )
    return locked


@transaction.atomic
def feedback_decline_publication(
    *, actor, feedback: Feedback, expected_lock_version: int | None = None
) -> Feedback:
    """Not published (or taken off the board again)."""
    locked = _lock(feedback, expected_lock_version)
    access.require_handler(actor, locked)
    _require_moderation(locked, "decline_publication", {Publication.PENDING, Publication.PUBLISHED})
    was = locked.publication
    locked.publication = Publication.DECLINED
    locked.published_at = None
    _save(locked, ["publication", "published_at"])
    locked.photos.update(public=False)
    record_event(
        feedback=locked,
        kind=FeedbackEventKind.PUBLICATION_DECLINED,
        actor=actor,
        details={"was": was},
    )
    return locked


def feedback_register(*, actor, data: FeedbackInput) -> Feedback:
    """Staff register feedback that came by phone, at a desk or by email; it then flows the
    same way as feedback from the form (``intake.feedback_submit``)."""
    access.require_staff(actor)
    if data.channel not in STAFF_CHANNELS:
        raise _invalid("channel", _("Choose the channel the feedback came from."))
    return feedback_submit(data, registered_by=actor)


def expert_choices():
    """Staff members a statement can be asked from, by name."""
    return (
        get_user_model()
        .objects.filter(memberships__isnull=False)
        .distinct()
        .order_by("last_name", "first_name")
    )


def feedback_age(feedback: Feedback, now: datetime.datetime | None = None) -> datetime.timedelta:
    return (now or timezone.now()) - feedback.received_at
