"""Every write to a case. Each function is one atomic, audited action (DESIGN.md §3).

Callers pass objects obtained through ``access.py``; services lock the row again themselves,
re-check the state inside the transaction, and write the timeline event with the actor.
"""

import uuid
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases import workflow
from asiointi.cases.constants import (
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    AttachmentKind,
    CaseStatus,
    Channel,
    EventKind,
)
from asiointi.cases.events import record_event
from asiointi.cases.models import Attachment, Case, CaseVersion, Message
from asiointi.cases.record_numbers import next_record_number
from asiointi.cases.uploads import CheckedFile, StoredFiles, check_upload
from asiointi.catalogue.models import GrantCall
from asiointi.common.errors import Conflict, DomainError, TransitionNotAllowed, ValidationFailed
from asiointi.eforms.spec import FormSpec
from asiointi.eforms.validation import validate

MAX_MESSAGE_LENGTH = 10_000


def _locked(case: Case, expected_lock_version: int | None) -> Case:
    """Re-read the case under a row lock and refuse if someone changed it since the user saw it."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_lock_version is not None and locked.lock_version != expected_lock_version:
        raise Conflict(
            _(
                "The application was changed by someone else in the meantime (now “%(status)s”). "
                "Reload the page and try again."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def _summary(spec: FormSpec, data: dict) -> tuple[str, Decimal | None]:
    title_field, amount_field = spec.summary_field("title"), spec.summary_field("amount")
    title = str(data.get(title_field, ""))[:300] if title_field else ""
    amount = None
    if amount_field and isinstance(data.get(amount_field), str):
        try:
            amount = Decimal(data[amount_field]).quantize(Decimal("0.01"))
        except InvalidOperation:
            amount = None
    return title, amount


@transaction.atomic
def case_create_draft(
    *,
    actor,
    grant_call: GrantCall,
    organisation: ApplicantOrganisation | None = None,
    channel: Channel = Channel.ONLINE,
    today=None,
) -> Case:
    today = today or timezone.localdate()
    if not grant_call.is_open(today):
        raise DomainError(_("This grant call is not open for applications."))
    service = grant_call.service
    case = Case.objects.create(
        service=service,
        grant_call=grant_call,
        form=service.form,
        department=service.department,
        applicant=actor,
        organisation=organisation,
        channel=channel,
        draft_data=_prefill(actor, organisation, FormSpec.from_definition(service.form)),
    )
    record_event(case=case, kind=EventKind.CREATED, actor=actor)
    return case


def _prefill(actor, organisation, spec: FormSpec) -> dict:
    """Fill what the platform already knows about the applicant; the person may change it."""
    known = {
        "organisation_name": organisation.name if organisation else None,
        "business_id": organisation.business_id if organisation else None,
        "contact_name": actor.get_full_name() or None,
        "contact_email": actor.email or None,
        "contact_phone": actor.phone or None,
    }
    return {k: v for k, v in known.items() if v and k in spec.fields}


@transaction.atomic
def case_save_draft(
    *, actor, case: Case, data: dict, expected_lock_version: int | None = None
) -> Case:
    """Save the working copy, valid or not: a person may stop at any point and continue later."""
    case = _locked(case, expected_lock_version)
    if case.status not in EDITABLE_STATUSES:
        raise TransitionNotAllowed(locked_message(case))
    spec = FormSpec.from_definition(case.form)
    case.title, case.requested_amount = _summary(spec, data)
    case.draft_data = data
    case.lock_version = F("lock_version") + 1
    case.save(
        update_fields=["draft_data", "title", "requested_amount", "lock_version", "updated_at"]
    )
    case.refresh_from_db(fields=["lock_version"])
    return case


def locked_message(case: Case) -> str:
    if case.status in (CaseStatus.IN_PROCESSING, CaseStatus.DECIDED):
        return _(
            "Processing of this application has started, so its form data can no longer be "
            "changed. You can still send attachments and messages."
        )
    return _("This application can no longer be changed (it is “%(status)s”).") % {
        "status": case.get_status_display()
    }


@transaction.atomic
def case_delete_draft(*, actor, case: Case) -> None:
    case = _locked(case, None)
    workflow.next_status("delete", case.status)
    for attachment in case.attachments.all():
        # Delete the stored file only when the rows are really gone.
        name, storage = attachment.file.name, attachment.file.storage
        transaction.on_commit(lambda n=name, s=storage: s.delete(n))
    case.delete()


def _validated(case: Case, data: dict) -> None:
    errors = validate(FormSpec.from_definition(case.form), data)
    if errors:
        raise ValidationFailed(
            _("The application has errors. Correct them and send again."), errors
        )


@transaction.atomic
def case_send(*, actor, case: Case, data: dict, expected_lock_version: int | None = None) -> Case:
    """Send the application: the first time it is submitted, later it is a new version.

    Validates fully, freezes the data as a numbered version, and acknowledges receipt. A second
    press of the button (double click, a second tab) carries an old ``expected_lock_version`` and
    gets a conflict, so exactly one version and one record number come of it.
    """
    case = _locked(case, expected_lock_version)
    if case.status == CaseStatus.DRAFT:
        action, kind = "submit", EventKind.SUBMITTED
    elif case.status == CaseStatus.AWAITING_SUPPLEMENT:
        action, kind = "send_supplement", EventKind.NEW_VERSION
    elif case.status == CaseStatus.RECEIVED:
        action, kind = "send_version", EventKind.NEW_VERSION
    else:
        raise TransitionNotAllowed(locked_message(case))
    new_status = workflow.next_status(action, case.status)
    _validated(case, data)
    if case.version_count:
        latest = case.versions.order_by("-number").first()
        if latest.data == data:
            raise DomainError(_("Nothing has changed since the version you sent last."))
    now = timezone.now()
    spec = FormSpec.from_definition(case.form)
    case.title, case.requested_amount = _summary(spec, data)
    if action == "submit":
        case.record_number = next_record_number(timezone.localdate(now).year)
        case.submitted_at = now
    case.version_count += 1
    CaseVersion.objects.create(
        case=case, number=case.version_count, data=data, sent_at=now, sent_by=actor
    )
    case.draft_data = data
    case.status = new_status
    case.lock_version += 1
    case.save()
    record_event(case=case, kind=kind, actor=actor, details={"version": case.version_count})
    return case


@transaction.atomic
def case_start_processing(*, actor, case: Case, expected_lock_version: int | None = None) -> Case:
    """Start processing: from now on the form data is locked (attachments and messages are not)."""
    case = _locked(case, expected_lock_version)
    case.status = workflow.next_status("start_processing", case.status)
    if case.handler_id is None:
        case.handler = actor
    case.lock_version += 1
    case.save(update_fields=["status", "handler", "lock_version", "updated_at"])
    record_event(case=case, kind=EventKind.PROCESSING_STARTED, actor=actor)
    return case


def _require_open(case: Case) -> None:
    if case.status not in OPEN_STATUSES:
        raise TransitionNotAllowed(
            _("The application is “%(status)s”; nothing more can be added to it.")
            % {"status": case.get_status_display()}
        )


def _store_attachment(
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
    attachment.file.save(checked.sha256, upload, save=False)
    stored.add(attachment.file)
    attachment.save()
    return attachment


def _check_kind(kind: str) -> None:
    if kind not in AttachmentKind.values:
        message = _("Choose the type of the attachment.")
        raise ValidationFailed(message, {"kind": [message]})


def attachment_add(
    *, actor, case: Case, upload: UploadedFile, kind: str, from_staff: bool = False
) -> Attachment:
    """Attachments are accepted in every state until the case is closed."""
    _check_kind(kind)
    checked = check_upload(upload)
    with StoredFiles() as stored, transaction.atomic():
        case = _locked(case, None)
        _require_open(case)
        attachment = _store_attachment(
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


def message_send(
    *,
    actor,
    case: Case,
    body: str,
    uploads: list[UploadedFile] | None = None,
    from_staff: bool = False,
) -> Message:
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(_("Write a message."), {"body": [_("Write a message.")]})
    if len(body) > MAX_MESSAGE_LENGTH:
        message = _("The message is too long (at most %(count)d characters).") % {
            "count": MAX_MESSAGE_LENGTH
        }
        raise ValidationFailed(message, {"body": [message]})
    # Check every file before storing any, so one bad file leaves nothing behind.
    checked = [(upload, check_upload(upload)) for upload in uploads or []]
    with StoredFiles() as stored, transaction.atomic():
        case = _locked(case, None)
        if case.status == CaseStatus.DRAFT:
            raise TransitionNotAllowed(
                _("Messages can be sent once the application has been sent.")
            )
        _require_open(case)
        message = Message.objects.create(
            case=case, sender=actor, from_staff=from_staff, body=body, sent_at=timezone.now()
        )
        for upload, check in checked:
            _store_attachment(
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
