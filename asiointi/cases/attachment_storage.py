"""Storing a checked file as a case's attachment: the one way a file becomes an ``Attachment``.

Shared by the applicant's and the handler's uploads (``services.attachments``,
``services.messaging``), staff intake of paper (``intake``), the decision letter (``letters``)
and the apps that file documents on a case (a payment request's receipts). The caller has
checked the upload (``uploads.check_upload``, or a ``CheckedFile`` of its own for a generated
document), holds the case's row lock and its transaction, and gives the ``StoredFiles`` that
deletes the stored bytes again if the transaction rolls back.
"""

import uuid

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from asiointi.cases.models import Attachment, Case, Message
from asiointi.cases.uploads import CheckedFile, StoredFiles


def store_attachment(
    *,
    actor,
    case: Case,
    upload: UploadedFile,
    checked: CheckedFile,
    kind: str,
    message: Message | None,
    from_staff: bool,
    stored: StoredFiles,
) -> Attachment:
    attachment = Attachment(
        case=case,
        message=message,
        uuid=uuid.uuid4(),
        kind=kind,
        display_name=checked.display_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
        from_staff=from_staff,
        scan_result=checked.scan_verdict,
    )
    attachment.file.save(checked.storage_name(checked.sha256), upload, save=False)
    stored.add(attachment.file)
    attachment.save()
    return attachment
