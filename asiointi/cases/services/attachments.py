"""Attachments added to a case, by the applicant or the city, in every state until it is closed."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.cases import attachment_kinds
from asiointi.cases.attachment_storage import store_attachment
from asiointi.cases.constants import OPEN_STATUSES, AttachmentKind, CaseStatus, EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Attachment, Case
from asiointi.cases.services.case_lock import lock_case
from asiointi.cases.uploads import StoredFiles, check_upload
from asiointi.common.errors import TransitionNotAllowed, ValidationFailed


def require_open(case: Case) -> None:
    if case.status not in OPEN_STATUSES:
        raise TransitionNotAllowed(
            _("The application is “%(status)s”; nothing more can be added to it.")
            % {"status": case.get_status_display()}
        )


def _check_kind(kind: str, *, service, from_staff: bool) -> None:
    """Only the types the case's service offers (``cases/attachment_kinds.py``)."""
    allowed = set(attachment_kinds.kinds_for(service))
    if from_staff:
        allowed.add(AttachmentKind.SCANNED_PAPER)
    if kind not in allowed:
        message = _("Choose the type of the attachment.")
        raise ValidationFailed(message, {"kind": [message]})


def attachment_add(
    *, actor, case: Case, upload: UploadedFile, kind: str, from_staff: bool = False
) -> Attachment:
    """Attachments are accepted in every state until the case is closed."""
    _check_kind(kind, service=case.service, from_staff=from_staff)
    checked = check_upload(upload, actor=actor, purpose="case_attachment")
    with StoredFiles() as stored, transaction.atomic():
        case = lock_case(case, None)
        require_open(case)
        attachment = store_attachment(
            actor=actor,
            case=case,
            upload=upload,
            checked=checked,
            kind=kind,
            message=None,
            from_staff=from_staff,
            stored=stored,
        )
        Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
        if case.status != CaseStatus.DRAFT:
            record_event(
                case=case,
                kind=EventKind.ATTACHMENT_ADDED,
                actor=actor,
                details={"attachment": attachment.pk, "name": attachment.display_name},
            )
    return attachment
