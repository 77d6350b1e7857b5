"""Every write to a case. Each function is one atomic, audited action (docs/case-lifecycle.md).

Callers pass objects obtained through ``access.py``; services lock the row again themselves,
re-check the state inside the transaction, and write the timeline event with the actor.
"""

import datetime
import uuid
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.accounts import assurance
from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases import workflow
from asiointi.cases.access import applicant_scope, is_confidential_reader, require_case_member
from asiointi.cases.constants import (
    EDITABLE_STATUSES,
    GRANTING_OUTCOMES,
    OPEN_STATUSES,
    AttachmentKind,
    CaseStatus,
    Channel,
    DecisionOutcome,
    EventKind,
)
from asiointi.cases.events import record_event
from asiointi.cases.models import Attachment, Case, CaseVersion, InternalNote, Message
from asiointi.cases.record_numbers import next_record_number
from asiointi.cases.routing import route_case
from asiointi.cases.uploads import CheckedFile, StoredFiles, check_upload
from asiointi.catalogue.constants import DecisionMaker, ServiceKind
from asiointi.catalogue.models import GrantCall, Service
from asiointi.common.errors import (
    Conflict,
    DomainError,
    NotFound,
    TransitionNotAllowed,
    ValidationFailed,
)
from asiointi.common.queue import enqueue_on_commit
from asiointi.eforms.spec import FormSpec
from asiointi.eforms.validation import validate
from asiointi.organisation.membership import require_member
from asiointi.organisation.models import Department, Membership

MAX_MESSAGE_LENGTH = 10_000


def _locked(case: Case, expected_lock_version: int | None, *, related: tuple = ()) -> Case:
    """Re-read the case under a row lock and refuse if someone changed it since the user saw it.
    ``related``: relations the caller needs, read in the same query (only the case is locked)."""
    queryset = Case.objects.select_for_update(of=("self",))
    locked = (queryset.select_related(*related) if related else queryset).get(pk=case.pk)
    if expected_lock_version is not None and locked.lock_version != expected_lock_version:
        raise Conflict(
            _(
                "The application was changed by someone else in the meantime (now “%(status)s”). "
                "Reload the page and try again."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def _require_member(actor, case: Case) -> None:
    require_case_member(actor, case)


def _summarise(case: Case, spec: FormSpec, data: dict) -> None:
    """Copy what lists show from the form data onto the case: title, amount, urgency."""
    case.title, case.requested_amount = _summary(spec, data)
    urgent_field = spec.summary_field("urgent")
    case.urgent = bool(urgent_field) and data.get(urgent_field) is True


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
    grant_call: GrantCall | None = None,
    service: Service | None = None,
    organisation: ApplicantOrganisation | None = None,
    channel: Channel = Channel.ONLINE,
    today=None,
    level_of_assurance: str | None = None,
) -> Case:
    """Start a draft: of a grant call, or of a service applied for at any time (a benefit such
    as social assistance, which has no calls). Grants are applied for only through a call.
    ``level_of_assurance`` is the login's (``accounts.assurance``) when a person starts it
    themselves; ``None`` for a loader or a test that is not a login."""
    today = today or timezone.localdate()
    if grant_call is not None:
        if not grant_call.is_open(today):
            raise DomainError(_("This grant call is not open for applications."))
        service = grant_call.service
    elif service is None or service.kind != ServiceKind.BENEFIT or service.form_id is None:
        raise DomainError(_("This service cannot be applied for online."))
    if service.confidential and organisation is not None:
        # A confidential benefit is a person's own matter, never an organisation's.
        raise DomainError(_("This service is applied for by a person, not an organisation."))
    if strong_identification_missing(actor, service, organisation):
        raise DomainError(_("This service can be applied for only after strong identification."))
    if service.confidential and not assurance.is_sufficient(level_of_assurance):
        raise DomainError(assurance.insufficient_message())
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


def strong_identification_missing(actor, service: Service, organisation=None) -> bool:
    """A confidential benefit is the person's own matter: it is applied for only by someone
    strongly identified (the login gave their henkilötunnus), whatever the way in (the folder or
    the API), at the level substantial or high (``case_create_draft``'s
    ``level_of_assurance``). Acting for an organisation is refused before this, with its own
    message."""
    return service.confidential and organisation is None and not actor.national_id


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
    _summarise(case, spec, data)
    case.draft_data = data
    case.lock_version = F("lock_version") + 1
    case.save(
        update_fields=[
            "draft_data",
            "title",
            "requested_amount",
            "urgent",
            "lock_version",
            "updated_at",
        ]
    )
    case.refresh_from_db(fields=["lock_version"])
    return case


def locked_message(case: Case) -> str:
    """Why the applicant cannot change the form, in the applicant's terms: a board's pending
    proposal is still "processing" to them (Case.status_for_applicant)."""
    status = case.status_for_applicant
    if status == CaseStatus.DECIDED:
        return _(
            "A decision has been made on this application, so its form data can no longer be "
            "changed. You can still send attachments and messages."
        )
    if status == CaseStatus.IN_PROCESSING:
        return _(
            "Processing of this application has started, so its form data can no longer be "
            "changed. You can still send attachments and messages."
        )
    return _("This application can no longer be changed (it is “%(status)s”).") % {
        "status": case.status_for_applicant_display
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
def case_send(
    *,
    actor,
    case: Case,
    data: dict,
    expected_lock_version: int | None = None,
    level_of_assurance: str | None = None,
) -> Case:
    """Send the application: the first time it is submitted, later it is a new version.

    Validates fully, freezes the data as a numbered version, and acknowledges receipt. A second
    press of the button (double click, a second tab) carries an old ``expected_lock_version`` and
    gets a conflict, so exactly one version and one record number come of it. A confidential
    benefit is sent only from a login at the level substantial or high (``level_of_assurance``
    as in ``case_create_draft``).
    """
    if case.service.confidential and not assurance.is_sufficient(level_of_assurance):
        raise DomainError(assurance.insufficient_message())
    case = _locked(case, expected_lock_version, related=("form",))
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
    if action == "send_supplement":
        case.supplement_due_date = None
    _freeze_version(actor=actor, case=case, data=data, new_status=new_status)
    record_event(case=case, kind=kind, actor=actor, details={"version": case.version_count})
    return case


def _freeze_version(*, actor, case: Case, data: dict, new_status: str, received_at=None) -> None:
    """Freeze validated ``data`` as the case's next numbered version and save the case.

    The first version of a draft also gets its record number and receipt time (``received_at``:
    when the application arrived, for staff intake of paper; default now). Shared by the online
    submit (``case_send``) and staff intake (``cases.intake``), so both number and store alike.
    """
    now = timezone.now()
    spec = FormSpec.from_definition(case.form)
    _summarise(case, spec, data)
    first = case.status == CaseStatus.DRAFT
    if first:
        case.record_number = next_record_number(timezone.localdate(now).year)
        case.submitted_at = received_at or now
        case.team = route_case(case, spec, data)
    case.version_count += 1
    CaseVersion.objects.create(
        case=case, number=case.version_count, data=data, sent_at=now, sent_by=actor
    )
    case.draft_data = data
    case.status = new_status
    case.lock_version += 1
    case.save()
    if first and case.team is not None:
        record_event(
            case=case,
            kind=EventKind.TEAM_CHANGED,
            actor=actor,
            details={"team": case.team.code, "how": "area"},
        )


@transaction.atomic
def case_start_processing(*, actor, case: Case, expected_lock_version: int | None = None) -> Case:
    """Start processing: from now on the form data is locked (attachments and messages are not)."""
    case = _locked(case, expected_lock_version)
    _require_member(actor, case)
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
    attachment.file.save(checked.storage_name(checked.sha256), upload, save=False)
    stored.add(attachment.file)
    attachment.save()
    return attachment


def _check_kind(kind: str, *, from_staff: bool) -> None:
    if from_staff:
        allowed = AttachmentKind.choices_for_staff()
    else:
        allowed = AttachmentKind.choices_for_applicant()
    if kind not in {value for value, _label in allowed}:
        message = _("Choose the type of the attachment.")
        raise ValidationFailed(message, {"kind": [message]})


def attachment_add(
    *, actor, case: Case, upload: UploadedFile, kind: str, from_staff: bool = False
) -> Attachment:
    """Attachments are accepted in every state until the case is closed."""
    _check_kind(kind, from_staff=from_staff)
    checked = check_upload(upload, actor=actor, purpose="case_attachment")
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


def _clean_message(body: str, *, field: str) -> str:
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
    body = _clean_message(body, field="body")
    # Check every file before storing any, so one bad file leaves nothing behind.
    checked = [
        (upload, check_upload(upload, actor=actor, purpose="case_message"))
        for upload in uploads or []
    ]
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


# --- Handler actions (docs/case-lifecycle.md) ----------------------------------
# Callers get the case through ``access_case_for_handler``; each service re-locks the row, checks
# that the actor is still a member of the case's department, asks the workflow table, and writes
# its timeline event in the same transaction.


def _handler_details(handler) -> dict:
    return {"handler": handler.pk, "handler_name": handler.get_full_name() or handler.username}


def _set_handler(*, actor, case: Case, handler, how: str) -> Case:
    case.handler = handler
    case.lock_version += 1
    case.save(update_fields=["handler", "lock_version", "updated_at"])
    record_event(
        case=case,
        kind=EventKind.ASSIGNED,
        actor=actor,
        details={**_handler_details(handler), "how": how},
    )
    return case


@transaction.atomic
def case_claim(*, actor, case: Case, expected_lock_version: int | None = None) -> Case:
    """The actor becomes the case's handler (also taking it over from a colleague)."""
    case = _locked(case, expected_lock_version)
    _require_member(actor, case)
    workflow.next_status("claim", case.status)
    if case.handler_id == actor.pk:
        return case
    return _set_handler(actor=actor, case=case, handler=actor, how="claim")


@transaction.atomic
def case_assign(*, actor, case: Case, handler, expected_lock_version: int | None = None) -> Case:
    """Assign the case to a member of its department (possibly the actor)."""
    case = _locked(case, expected_lock_version)
    _require_member(actor, case)
    workflow.next_status("assign", case.status)
    if not Membership.objects.filter(user=handler, department_id=case.department_id).exists():
        raise DomainError(
            _("%(name)s is not a member of the department responsible for this application.")
            % {"name": handler.get_full_name() or handler.username}
        )
    if case.service.confidential and not is_confidential_reader(handler, case.department_id):
        # Only the department's team members may see a confidential case at all.
        raise DomainError(
            _(
                "%(name)s is not in a team of the department and may not handle confidential "
                "applications."
            )
            % {"name": handler.get_full_name() or handler.username}
        )
    if case.handler_id == handler.pk:
        return case
    return _set_handler(actor=actor, case=case, handler=handler, how="assign")


@transaction.atomic
def case_take_next(*, actor, department: Department, service=None, team=None) -> Case | None:
    """Claim the oldest unassigned received case of the department, urgent ones first (of one
    service, of one team, if given). Confidential cases are taken only by team members.

    Returns None when the queue is empty. Two handlers pressing "take next" at the same moment
    never get the same case: on PostgreSQL the candidate row is locked with SKIP LOCKED, so the
    second handler passes over it to the next one; on SQLite writes are serialised (IMMEDIATE
    transactions), so the second sees the first's claim and the case is no longer unassigned.
    """
    require_member(actor, department.pk, not_found=_("Department not found."))
    queryset = Case.objects.filter(
        department=department, status=CaseStatus.RECEIVED, handler__isnull=True
    )
    if service is not None:
        queryset = queryset.filter(service=service)
    if team is not None:
        queryset = queryset.filter(team=team)
    if not is_confidential_reader(actor, department.pk):
        # A subquery, not a join: FOR UPDATE SKIP LOCKED would lock the service row too, and
        # a second handler's "take next" would then skip every case of the service.
        queryset = queryset.filter(
            service_id__in=Service.objects.filter(confidential=False).values("pk")
        )
    if connection.features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True)
    else:
        queryset = queryset.select_for_update()
    # Urgent first (social assistance: decided by the next working day), then the oldest.
    case = queryset.order_by("-urgent", "submitted_at", "pk").first()
    if case is None:
        return None
    workflow.next_status("claim", case.status)
    return _set_handler(actor=actor, case=case, handler=actor, how="take_next")


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
    case = _locked(case, expected_lock_version)
    _require_member(actor, case)
    new_status = workflow.next_status("request_supplement", case.status)
    body = _clean_message(message, field="message")
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


def _department_names(department: Department) -> dict:
    # In every language: the applicant reads the timeline in theirs, not the handler's.
    return {"fi": department.name_fi, "sv": department.name_sv, "en": department.name_en}


@transaction.atomic
def case_transfer(
    *,
    actor,
    case: Case,
    department: Department,
    reason: str,
    expected_lock_version: int | None = None,
) -> Case:
    """Move the case to another department. The status stays; the handler is cleared so the case
    shows up unassigned in the new department's queues."""
    case = _locked(case, expected_lock_version)
    _require_member(actor, case)
    workflow.next_status("transfer", case.status)
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Give the reason for the transfer.")]
    if department is None:
        errors["department"] = [_("Choose the department.")]
    elif department.pk == case.department_id:
        errors["department"] = [_("The application is already in this department.")]
    elif case.service.confidential and not department.teams.exists():
        # Nobody could see a confidential case in a department without teams.
        errors["department"] = [
            _("A confidential application can only go to a department with teams.")
        ]
    if errors:
        raise ValidationFailed(_("The transfer has errors."), errors)
    old = case.department
    case.department = department
    case.handler = None
    case.lock_version += 1
    case.save(update_fields=["department", "handler", "lock_version", "updated_at"])
    record_event(
        case=case,
        kind=EventKind.TRANSFERRED,
        actor=actor,
        reason=reason,
        details={
            "from_department": old.pk,
            "to_department": department.pk,
            "from": _department_names(old),
            "to": _department_names(department),
        },
    )
    return case


@transaction.atomic
def case_withdraw(*, actor, case: Case, expected_lock_version: int | None = None) -> Case:
    """The applicant (or a representative of the applicant organisation) withdraws the case."""
    case = _locked(case, expected_lock_version)
    if not Case.objects.filter(applicant_scope(actor), pk=case.pk).exists():
        raise NotFound(_("Application not found."))
    case.status = workflow.next_status("withdraw", case.status)
    case.lock_version += 1
    case.save(update_fields=["status", "lock_version", "updated_at"])
    record_event(case=case, kind=EventKind.WITHDRAWN, actor=actor)
    return case


def _clean_decision(
    case: Case, outcome: str, granted_amount, reasoning: str
) -> tuple[str, Decimal | None, str]:
    errors: dict[str, list[str]] = {}
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = [_("Choose the decision.")]
    amount = None
    if granted_amount not in (None, ""):
        try:
            amount = Decimal(str(granted_amount).strip().replace(",", "."))
            if not amount.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors["granted_amount"] = [_("Enter the amount in euros, e.g. 1500.00.")]
            amount = None
    if amount is not None and amount.as_tuple().exponent < -2:
        errors["granted_amount"] = [_("Enter the amount with at most two decimals.")]
    elif outcome in GRANTING_OUTCOMES and "granted_amount" not in errors:
        if amount is None:
            errors["granted_amount"] = [_("Enter the granted amount.")]
        elif amount <= 0:
            errors["granted_amount"] = [_("The granted amount must be more than zero.")]
        elif case.requested_amount is not None and amount > case.requested_amount:
            errors["granted_amount"] = [
                _("The granted amount cannot exceed the requested amount (%(amount)s €).")
                % {"amount": case.requested_amount}
            ]
    elif outcome == DecisionOutcome.REJECTED and amount not in (None, Decimal(0)):
        errors["granted_amount"] = [_("A rejection has no granted amount.")]
    reasoning = (reasoning or "").strip()
    if not reasoning:
        errors["reasoning"] = [_("Write the reasoning for the decision.")]
    if errors:
        raise ValidationFailed(_("The decision has errors."), errors)
    if outcome == DecisionOutcome.REJECTED:
        amount = None
    else:
        amount = amount.quantize(Decimal("0.01"))
    return outcome, amount, reasoning


def _call_decision_maker(case: Case) -> str:
    return case.grant_call.decision_maker if case.grant_call_id else DecisionMaker.OFFICE_HOLDER


def _store_decision(case: Case, *, outcome: str, amount, reasoning: str, status: str) -> None:
    case.status = status
    case.decision_outcome = outcome
    case.granted_amount = amount
    case.decision_reasoning = reasoning
    case.lock_version += 1
    case.save(
        update_fields=[
            "status",
            "decision_outcome",
            "granted_amount",
            "decision_reasoning",
            "lock_version",
            "updated_at",
        ]
    )


def _decision_details(case: Case) -> dict:
    amount = case.granted_amount
    return {
        "outcome": case.decision_outcome,
        "granted_amount": None if amount is None else str(amount),
    }


def _make_final(*, actor, case: Case, decided_at: datetime.datetime, details: dict) -> None:
    """Everything that follows a final decision, in the deciding transaction: the event the
    applicant sees, the payments of a grant, and (after commit) the decision letter."""
    from asiointi.cases.tasks import render_decision_letter
    from asiointi.payments.services import payments_create_for_decision

    case.decided_at = decided_at
    case.decided_by = actor
    case.save(update_fields=["decided_at", "decided_by"])
    record_event(
        case=case,
        kind=EventKind.DECIDED,
        actor=actor,
        reason=case.decision_reasoning,
        details={**_decision_details(case), **details},
    )
    payments_create_for_decision(actor=actor, case=case)
    enqueue_on_commit(render_decision_letter, case.pk)


@transaction.atomic
def case_decide(
    *,
    actor,
    case: Case,
    outcome: str,
    granted_amount: Decimal | str | None = None,
    reasoning: str,
    expected_lock_version: int | None = None,
) -> Case:
    """An office holder approves (fully or partly) or rejects, with reasoning; final at once.
    Two handlers deciding from the same page load: the second carries a stale
    ``expected_lock_version`` and gets a conflict."""
    case = _locked(case, expected_lock_version)
    _require_member(actor, case)
    new_status = workflow.next_status("decide", case.status)
    if _call_decision_maker(case) == DecisionMaker.BOARD:
        raise TransitionNotAllowed(
            _("A board decides this grant call: propose the decision for a decision list.")
        )
    outcome, amount, reasoning = _clean_decision(case, outcome, granted_amount, reasoning)
    _store_decision(case, outcome=outcome, amount=amount, reasoning=reasoning, status=new_status)
    _make_final(actor=actor, case=case, decided_at=timezone.now(), details={})
    return case


@transaction.atomic
def case_propose_decision(
    *,
    actor,
    case: Case,
    outcome: str,
    granted_amount: Decimal | str | None = None,
    reasoning: str,
    expected_lock_version: int | None = None,
) -> Case:
    """The handler's proposal for a board's meeting. Internal until the board's list is
    approved (``case_finalise_decision``); the applicant still sees "in processing"."""
    case = _locked(case, expected_lock_version)
    _require_member(actor, case)
    new_status = workflow.next_status("propose_decision", case.status)
    if _call_decision_maker(case) != DecisionMaker.BOARD:
        raise TransitionNotAllowed(
            _("An office holder decides this grant call: make the decision instead.")
        )
    outcome, amount, reasoning = _clean_decision(case, outcome, granted_amount, reasoning)
    _store_decision(case, outcome=outcome, amount=amount, reasoning=reasoning, status=new_status)
    record_event(
        case=case,
        kind=EventKind.DECISION_PROPOSED,
        actor=actor,
        reason=reasoning,
        details=_decision_details(case),
    )
    return case


@transaction.atomic
def case_cancel_proposal(
    *, actor, case: Case, reason: str, expected_lock_version: int | None = None
) -> Case:
    """Take a proposal back to processing (e.g. the board sent it back for more preparation)."""
    case = _locked(case, expected_lock_version)
    _require_member(actor, case)
    case.status = workflow.next_status("cancel_proposal", case.status)
    case.decision_outcome = ""
    case.granted_amount = None
    case.decision_reasoning = ""
    case.lock_version += 1
    case.save(
        update_fields=[
            "status",
            "decision_outcome",
            "granted_amount",
            "decision_reasoning",
            "lock_version",
            "updated_at",
        ]
    )
    record_event(
        case=case, kind=EventKind.PROPOSAL_CANCELLED, actor=actor, reason=(reason or "").strip()
    )
    return case


@transaction.atomic
def case_finalise_decision(
    *, actor, case: Case, decided_at: datetime.datetime, details: dict
) -> Case:
    """The board approved the proposal (called by the decision list's approval, inside its
    transaction, for each case on the list). ``details`` names the meeting and its section."""
    case = _locked(case, None)
    case.status = workflow.next_status("finalise_decision", case.status)
    case.lock_version += 1
    case.save(update_fields=["status", "lock_version", "updated_at"])
    _make_final(actor=actor, case=case, decided_at=decided_at, details=details)
    return case


@transaction.atomic
def case_close(*, actor, case: Case, expected_lock_version: int | None = None) -> Case:
    case = _locked(case, expected_lock_version)
    _require_member(actor, case)
    case.status = workflow.next_status("close", case.status)
    case.lock_version += 1
    case.save(update_fields=["status", "lock_version", "updated_at"])
    record_event(case=case, kind=EventKind.CLOSED, actor=actor)
    return case


MAX_NOTE_LENGTH = 10_000


@transaction.atomic
def note_add(*, actor, case: Case, body: str) -> InternalNote:
    """An internal note. Its timeline event is internal too and does not repeat the text."""
    case = _locked(case, None)
    _require_member(actor, case)
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
