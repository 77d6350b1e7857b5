"""Secure messages between the applicant and the handler, with attachments."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.cases.attachment_storage import store_attachment
from asiointi.cases.constants import AttachmentKind, CaseStatus, EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case, Message
from asiointi.cases.services.attachments import require_open
from asiointi.cases.services.case_lock import lock_case
from asiointi.cases.uploads import StoredFiles, check_upload
from asiointi.common.errors import TransitionNotAllowed, ValidationFailed

MAX_MESSAGE_LENGTH = 10_000


def clean_message(body: str, *, field: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(_("Write a message."), {field: [_("Write a message.")]})
    if len(body) > MAX_MESSAGE_LENGTH:
        message = _("The message is too long (at most %(count)d characters).") % {
            "count": MAX_MESSAGE_LENGTH
        }
        raise ValidationFailed(message, {field: [message]})
    return body


def message_send(
    *,
    actor,
    case: Case,
    body: str,
    uploads: list[UploadedFile] | None = None,
    from_staff: bool = False,
) -> Message:
    body = clean_message(body, field="body")
    # Check every file before storing any, so one bad file leaves nothing behind.
    checked = [
        (upload, check_upload(upload, actor=actor, purpose="case_message"))
        for upload in uploads or []
    ]
    with StoredFiles() as stored, transaction.atomic():
        case = lock_case(case, None)
        if case.status == CaseStatus.DRAFT:
            raise TransitionNotAllowed(
                _("Messages can be sent once the application has been sent.")
            )
        require_open(case)
        message = Message.objects.create(
            case=case, sender=actor, from_staff=from_staff, body=body, sent_at=timezone.now()
        )
        for upload, check in checked:
            store_attachment(
                actor=actor,
                case=case,
                upload=upload,
                checked=check,
                kind=AttachmentKind.OTHER,
                message=message,
                from_staff=from_staff,
                stored=stored,
            )
        updates = {"updated_at": timezone.now()}
        if from_staff:
            updates["unread_for_applicant"] = F("unread_for_applicant") + 1
        Case.objects.filter(pk=case.pk).update(**updates)
        kind = EventKind.MESSAGE_FROM_HANDLER if from_staff else EventKind.MESSAGE_FROM_APPLICANT
        record_event(case=case, kind=kind, actor=actor, details={"message": message.pk})
    return message


@transaction.atomic
def messages_mark_read(*, actor, case: Case, by_staff: bool = False) -> int:
    """Mark the other side's messages read; returns how many were unread."""
    now = timezone.now()
    count = case.messages.filter(from_staff=not by_staff, read_at__isnull=True).update(read_at=now)
    if not by_staff and count:
        Case.objects.filter(pk=case.pk).update(unread_for_applicant=0)
    return count
