"""Internal notes on a case: for the city's staff only."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.cases.access import require_case_member
from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case, InternalNote
from asiointi.cases.services.case_lock import lock_case
from asiointi.common.errors import NotFound, ValidationFailed

MAX_NOTE_LENGTH = 10_000


@transaction.atomic
def note_add(*, actor, case: Case, body: str) -> InternalNote:
    """An internal note. Its timeline event is internal too and does not repeat the text."""
    case = lock_case(case, None)
    require_case_member(actor, case)
    if case.status == CaseStatus.DRAFT:
        raise NotFound(_("Application not found."))
    body = (body or "").strip()
    if not body:
        message = _("Write the note.")
        raise ValidationFailed(message, {"body": [message]})
    if len(body) > MAX_NOTE_LENGTH:
        message = _("The note is too long (at most %(count)d characters).") % {
            "count": MAX_NOTE_LENGTH
        }
        raise ValidationFailed(message, {"body": [message]})
    note = InternalNote.objects.create(
        case=case, author=actor, body=body, created_at=timezone.now()
    )
    record_event(case=case, kind=EventKind.NOTE_ADDED, actor=actor, details={"note": note.pk})
    return note
