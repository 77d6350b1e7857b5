"""Processing a case: starting it (the form data is locked from then on), asking the applicant
for a supplement, and closing it.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.cases import workflow
from asiointi.cases.access import require_case_member
from asiointi.cases.constants import EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case, Message
from asiointi.cases.services.case_lock import lock_case
from asiointi.cases.services.messaging import clean_message
from asiointi.common.errors import ValidationFailed


@transaction.atomic
def case_start_processing(*, actor, case: Case, expected_lock_version: int | None = None) -> Case:
    """Start processing: from now on the form data is locked (attachments and messages are not)."""
    case = lock_case(case, expected_lock_version)
    require_case_member(actor, case)
    case.status = workflow.next_status("start_processing", case.status)
    if case.handler_id is None:
        case.handler = actor
    case.lock_version += 1
    case.save(update_fields=["status", "handler", "lock_version", "updated_at"])
    record_event(case=case, kind=EventKind.PROCESSING_STARTED, actor=actor)
    return case


def _clean_due_date(due_date) -> datetime.date:
    today = timezone.localdate()
    if isinstance(due_date, str):
        try:
            due_date = datetime.date.fromisoformat(due_date.strip())
        except ValueError:
            due_date = None
    if isinstance(due_date, datetime.datetime) or not isinstance(due_date, datetime.date):
        message = _("Enter the due date.")
        raise ValidationFailed(message, {"due_date": [message]})
    if due_date <= today:
        message = _("The due date must be in the future.")
        raise ValidationFailed(message, {"due_date": [message]})
    return due_date


@transaction.atomic
def case_request_supplement(
    *,
    actor,
    case: Case,
    message: str,
    due_date: datetime.date,
    expected_lock_version: int | None = None,
) -> Case:
    """Ask the applicant for more: the message goes to them as a message from the city, and the
    case waits until they send a new version (``case_send`` returns it to processing)."""
    case = lock_case(case, expected_lock_version)
    require_case_member(actor, case)
    new_status = workflow.next_status("request_supplement", case.status)
    body = clean_message(message, field="message")
    due_date = _clean_due_date(due_date)
    now = timezone.now()
    sent = Message.objects.create(case=case, sender=actor, from_staff=True, body=body, sent_at=now)
    case.status = new_status
    case.supplement_due_date = due_date
    case.unread_for_applicant += 1
    case.lock_version += 1
    case.save(
        update_fields=[
            "status",
            "supplement_due_date",
            "unread_for_applicant",
            "lock_version",
            "updated_at",
        ]
    )
    # One event (and so one email) for the request; the message is in the details.
    record_event(
        case=case,
        kind=EventKind.SUPPLEMENT_REQUESTED,
        actor=actor,
        details={"message": sent.pk, "due_date": due_date.isoformat()},
    )
    return case


@transaction.atomic
def case_close(*, actor, case: Case, expected_lock_version: int | None = None) -> Case:
    case = lock_case(case, expected_lock_version)
    require_case_member(actor, case)
    case.status = workflow.next_status("close", case.status)
    case.lock_version += 1
    case.save(update_fields=["status", "lock_version", "updated_at"])
    record_event(case=case, kind=EventKind.CLOSED, actor=actor)
    return case
