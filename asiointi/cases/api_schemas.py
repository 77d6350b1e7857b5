"""Input and output shapes of the applications API (asiointi/cases/api.py).

Outputs are built by the ``*_out`` functions from objects the selectors returned, so the API
never reads anything a selector did not load, and every field is named once, here.
"""

import datetime
from typing import Any, Literal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import ConfigDict

from asiointi.cases.constants import EDITABLE_STATUSES, OPEN_STATUSES, CaseStatus
from asiointi.cases.models import Attachment, Case, CaseVersion, Message, TimelineEvent
from asiointi.cases.services.drafts import locked_message
from asiointi.catalogue.models import GrantCall
from asiointi.common.api_errors import FieldError
from asiointi.eforms.display import Change

FolderGroup = Literal["drafts", "sent", "processing", "decided"]


class DepartmentOut(Schema):
    id: int
    name: str


class ServiceOut(Schema):
    code: str
    name: str


class GrantCallOut(Schema):
    id: int
    title: str
    kind: str
    opens_on: datetime.date
    closes_on: datetime.date | None
    service: ServiceOut
    department: DepartmentOut


class ContactOut(Schema):
    unit: str
    phone: str
    email: str


class HandlerOut(Schema):
    name: str
    email: str
    phone: str


class OrganisationOut(Schema):
    id: int
    name: str
    business_id: str


class ApplicationSummaryOut(Schema):
    id: int
    record_number: str | None
    status: str
    status_display: str
    title: str
    requested_amount: str | None = Field(description=_("Euros with two decimals, as a string"))
    service: ServiceOut
    department: DepartmentOut
    organisation_id: int | None
    version_count: int
    unread_messages: int
    lock_version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    submitted_at: datetime.datetime | None


class ApplicationOut(ApplicationSummaryOut):
    grant_call_id: int | None
    organisation: OrganisationOut | None
    contact: ContactOut = Field(description=_("The responsible unit's contact details"))
    handler: HandlerOut | None = Field(description=_("The handler, once one is assigned"))
    draft_data: dict[str, Any] = Field(description=_("The working copy of the form data"))
    versions: list[int] = Field(description=_("Numbers of the versions sent"))
    editable: bool = Field(description=_("Whether the form data may still be changed"))
    locked_reason: str
    accepts_attachments: bool
    accepts_messages: bool


class CreateIn(Schema):
    """Exactly one of ``grant_call_id`` and ``service_code`` (422 otherwise)."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["grant_call_id"],
                    "properties": {
                        "grant_call_id": {"type": "integer"},
                        "service_code": {"type": "null"},
                    },
                },
                {
                    "required": ["service_code"],
                    "properties": {
                        "service_code": {"type": "string"},
                        "grant_call_id": {"type": "null"},
                    },
                },
            ]
        }
    )

    grant_call_id: int | None = Field(
        None, description=_("The open grant call to apply in (a grant); or give service_code")
    )
    service_code: str | None = Field(
        None,
        description=_(
            "A benefit applied for at any time, e.g. toimeentulotuki; or give grant_call_id"
        ),
    )
    organisation_id: int | None = Field(
        None, description=_("Apply on behalf of an organisation you represent")
    )


class DraftIn(Schema):
    data: dict[str, Any]
    lock_version: int | None = Field(
        None, description=_("The lock_version you last saw; a stale one gives 409")
    )


class DraftSavedOut(Schema):
    application: ApplicationOut
    valid: bool
    errors: list[FieldError] = Field(
        description=_("What would stop the application from being sent, field by field")
    )


class SubmitIn(Schema):
    lock_version: int | None = None
    data: dict[str, Any] | None = Field(
        None, description=_("The form data to send; the saved working copy when left out")
    )


class VersionSummaryOut(Schema):
    number: int
    sent_at: datetime.datetime
    sent_by: str


class VersionOut(VersionSummaryOut):
    data: dict[str, Any]


class ChangeOut(Schema):
    label: str
    before: str
    after: str


class DiffOut(Schema):
    number: int
    against: int
    changes: list[ChangeOut]


class AttachmentOut(Schema):
    id: int
    kind: str
    kind_display: str
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime.datetime
    from_staff: bool
    message_id: int | None
    download_url: str


class MessageIn(Schema):
    body: str


class MessageOut(Schema):
    id: int
    body: str
    from_staff: bool
    sender: str
    sent_at: datetime.datetime
    read_at: datetime.datetime | None
    attachments: list[AttachmentOut]


class EventOut(Schema):
    kind: str
    label: str
    at: datetime.datetime
    reason: str


def grant_call_out(call: GrantCall) -> GrantCallOut:
    return GrantCallOut(
        id=call.pk,
        title=call.title,
        kind=call.kind,
        opens_on=call.opens_on,
        closes_on=call.closes_on,
        service=ServiceOut(code=call.service.code, name=call.service.name),
        department=DepartmentOut(id=call.service.department_id, name=call.service.department.name),
    )


def _summary_fields(case: Case) -> dict:
    return {
        "id": case.pk,
        "record_number": case.record_number,
        # The applicant's API: a board's pending proposal shows as "in processing".
        "status": case.status_for_applicant,
        "status_display": case.status_for_applicant_display,
        "title": case.title,
        "requested_amount": (
            str(case.requested_amount) if case.requested_amount is not None else None
        ),
        "service": ServiceOut(code=case.service.code, name=case.service.name),
        "department": DepartmentOut(id=case.department_id, name=case.department.name),
        "organisation_id": case.organisation_id,
        "version_count": case.version_count,
        "unread_messages": case.unread_for_applicant,
        "lock_version": case.lock_version,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
        "submitted_at": case.submitted_at,
    }


def application_summary_out(case: Case) -> ApplicationSummaryOut:
    return ApplicationSummaryOut(**_summary_fields(case))


def application_out(case: Case) -> ApplicationOut:
    """``case`` comes from ``selectors.case_detail_for_applicant`` (versions prefetched)."""
    handler = case.handler
    organisation = case.organisation
    return ApplicationOut(
        **_summary_fields(case),
        grant_call_id=case.grant_call_id,
        organisation=(
            OrganisationOut(
                id=organisation.pk, name=organisation.name, business_id=organisation.business_id
            )
            if organisation
            else None
        ),
        contact=ContactOut(
            unit=case.service.contact_unit,
            phone=case.service.contact_phone,
            email=case.service.contact_email,
        ),
        handler=(
            HandlerOut(name=handler.display_name, email=handler.email, phone=handler.phone)
            if handler
            else None
        ),
        draft_data=case.draft_data,
        versions=[version.number for version in case.versions.all()],
        editable=case.status in EDITABLE_STATUSES,
        locked_reason="" if case.status in EDITABLE_STATUSES else locked_message(case),
        accepts_attachments=case.status in OPEN_STATUSES,
        accepts_messages=case.status in OPEN_STATUSES and case.status != CaseStatus.DRAFT,
    )


def field_errors(errors: dict[str, list[str]], *, prefix: tuple[str, ...]) -> list[FieldError]:
    """``{path: [messages]}`` from the services → one entry per message, as in a 422 body."""
    return [
        FieldError(loc=[*prefix, path], msg=message)
        for path, messages in errors.items()
        for message in messages
    ]


def version_summary_out(version: CaseVersion) -> VersionSummaryOut:
    return VersionSummaryOut(
        number=version.number, sent_at=version.sent_at, sent_by=version.sent_by.display_name
    )


def version_out(version: CaseVersion) -> VersionOut:
    return VersionOut(
        number=version.number,
        sent_at=version.sent_at,
        sent_by=version.sent_by.display_name,
        data=version.data,
    )


def diff_out(number: int, against: int, changes: list[Change]) -> DiffOut:
    return DiffOut(
        number=number,
        against=against,
        changes=[ChangeOut(label=c.label, before=c.before, after=c.after) for c in changes],
    )


def attachment_out(attachment: Attachment) -> AttachmentOut:
    return AttachmentOut(
        id=attachment.pk,
        kind=attachment.kind,
        kind_display=attachment.get_kind_display(),
        name=attachment.display_name,
        content_type=attachment.content_type,
        size=attachment.size,
        sha256=attachment.sha256,
        uploaded_at=attachment.uploaded_at,
        from_staff=attachment.from_staff,
        message_id=attachment.message_id,
        download_url=reverse(
            "api:attachment_content",
            kwargs={"case_id": attachment.case_id, "attachment_id": attachment.pk},
        ),
    )


def message_out(message: Message) -> MessageOut:
    return MessageOut(
        id=message.pk,
        body=message.body,
        from_staff=message.from_staff,
        sender=message.sender.display_name,
        sent_at=message.sent_at,
        read_at=message.read_at,
        attachments=[attachment_out(a) for a in message.attachments.all()],
    )


def event_out(event: TimelineEvent) -> EventOut:
    return EventOut(
        kind=event.kind, label=event.get_kind_display(), at=event.at, reason=event.reason
    )
