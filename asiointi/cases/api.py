"""The e-services folder as a REST API: the same services, rules and errors as the web pages.

Each operation parses its input, calls one access check and one service or selector, and shapes
the output (api_schemas.py). Errors are mapped to HTTP in asiointi/common/api_errors.py.
"""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from asiointi.accounts.api_auth import request_level
from asiointi.cases import selectors
from asiointi.cases.access import (
    access_attachment,
    access_case_for_applicant,
    access_organisation,
    access_version,
)
from asiointi.cases.api_schemas import (
    ApplicationOut,
    ApplicationSummaryOut,
    AttachmentOut,
    CreateIn,
    DiffOut,
    DraftIn,
    DraftSavedOut,
    EventOut,
    FolderGroup,
    GrantCallOut,
    MessageIn,
    MessageOut,
    SubmitIn,
    VersionOut,
    VersionSummaryOut,
    application_out,
    application_summary_out,
    attachment_out,
    diff_out,
    event_out,
    field_errors,
    grant_call_out,
    message_out,
    version_out,
    version_summary_out,
)
from asiointi.cases.downloads import attachment_response
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.drafts import case_create_draft, case_delete_draft, case_save_draft
from asiointi.cases.services.messaging import message_send as send_message
from asiointi.cases.services.messaging import messages_mark_read
from asiointi.cases.services.sending import case_send
from asiointi.catalogue.selectors import access_benefit_service, access_open_call, open_grant_calls
from asiointi.common.api_errors import (
    AUTHENTICATED,
    AUTHENTICATED_WRITE,
    responses,
    set_validation_location,
)
from asiointi.common.errors import ValidationFailed
from asiointi.eforms.display import diff
from asiointi.eforms.spec import FormSpec
from asiointi.eforms.validation import validate

router = Router(tags=["applications"])

PAGE_SIZE = 50
# A page number beyond any folder's size; larger ones would overflow the database's OFFSET.
MAX_PAGE = 1_000_000


class FolderPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


FORM_DATA_LOCATION = ("body", "data")


def _detail(request: HttpRequest, case_id: int) -> ApplicationOut:
    case = selectors.case_detail_for_applicant(user=request.auth, case_id=case_id)
    return application_out(case)


class FolderFilters(Schema):
    organisation: int | None = None
    group: FolderGroup | None = None


@router.get(
    "/grant-calls",
    response={200: list[GrantCallOut], **responses(*AUTHENTICATED)},
    tags=["grant calls"],
)
def grant_call_list(request):
    """Grant calls open for applications today."""
    return [grant_call_out(call) for call in open_grant_calls(timezone.localdate())]


@router.get(
    "/applications",
    response={200: list[ApplicationSummaryOut], **responses(*AUTHENTICATED, 404, 422)},
)
@paginate(FolderPagination, page_size=PAGE_SIZE)
def application_list(request, filters: Query[FolderFilters]):
    """My applications, or with ``organisation`` those of an organisation I represent."""
    organisation = (
        access_organisation(request.auth, filters.organisation)
        if filters.organisation is not None
        else None
    )
    cases = selectors.case_list_for_applicant(
        user=request.auth, organisation=organisation, group=filters.group
    )
    return _LazySummaries(cases)


class _LazySummaries:
    """Lets the paginator slice and count the queryset before rows are turned into schemas."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        rows = self.queryset[index]
        if isinstance(index, slice):
            return [application_summary_out(case) for case in rows]
        return application_summary_out(rows)


@router.post(
    "/applications", response={201: ApplicationOut, **responses(*AUTHENTICATED_WRITE, 404)}
)
def application_create(request, payload: CreateIn):
    """Start a draft: of an open grant call (``grant_call_id``) or of a benefit applied for at
    any time (``service_code``), for yourself or an organisation you represent. A confidential
    benefit (social assistance) needs strong identification and is never an organisation's."""
    if (payload.grant_call_id is None) == (payload.service_code is None):
        message = _("Give either grant_call_id or service_code.")
        raise ValidationFailed(message, {"grant_call_id": [message], "service_code": [message]})
    if payload.grant_call_id is not None:
        call, service = access_open_call(payload.grant_call_id, timezone.localdate()), None
    else:
        call, service = None, access_benefit_service(payload.service_code)
    organisation = (
        access_organisation(request.auth, payload.organisation_id)
        if payload.organisation_id is not None
        else None
    )
    case = case_create_draft(
        actor=request.auth,
        grant_call=call,
        service=service,
        organisation=organisation,
        level_of_assurance=request_level(request),
    )
    return Status(201, _detail(request, case.pk))


@router.get(
    "/applications/{int:case_id}",
    response={200: ApplicationOut, **responses(*AUTHENTICATED, 404, 422)},
)
def application_detail(request, case_id: int):
    return _detail(request, case_id)


@router.put(
    "/applications/{int:case_id}/draft",
    response={200: DraftSavedOut, **responses(*AUTHENTICATED_WRITE, 404, 409)},
)
def draft_save(request, case_id: int, payload: DraftIn):
    """Save the working copy. Invalid data is saved too; ``errors`` tells what to correct."""
    case = access_case_for_applicant(request.auth, case_id)
    case = case_save_draft(
        actor=request.auth,
        case=case,
        data=payload.data,
        expected_lock_version=payload.lock_version,
    )
    errors = validate(FormSpec.from_definition(case.form), payload.data)
    return DraftSavedOut(
        application=_detail(request, case.pk),
        valid=not errors,
        errors=field_errors(errors, prefix=FORM_DATA_LOCATION),
    )


@router.delete(
    "/applications/{int:case_id}",
    response={204: None, **responses(*AUTHENTICATED_WRITE, 404, 409)},
)
def application_delete(request, case_id: int):
    """Delete a draft. A sent application cannot be deleted (409)."""
    case = access_case_for_applicant(request.auth, case_id)
    case_delete_draft(actor=request.auth, case=case)
    return Status(204, None)


@router.post(
    "/applications/{int:case_id}/submit",
    response={200: ApplicationOut, **responses(*AUTHENTICATED_WRITE, 404, 409)},
)
def application_submit(request, case_id: int, payload: SubmitIn):
    """Send the application: the first time it is submitted, later it is a new version.

    A failed send changes nothing: neither a version nor the working copy is saved.
    """
    case = access_case_for_applicant(request.auth, case_id)
    data = payload.data if payload.data is not None else case.draft_data
    set_validation_location(request, *FORM_DATA_LOCATION)
    case = case_send(
        actor=request.auth,
        case=case,
        data=data,
        expected_lock_version=payload.lock_version,
        level_of_assurance=request_level(request),
    )
    return _detail(request, case.pk)


@router.get(
    "/applications/{int:case_id}/versions",
    response={200: list[VersionSummaryOut], **responses(*AUTHENTICATED, 404, 422)},
)
def version_list(request, case_id: int):
    case = access_case_for_applicant(request.auth, case_id)
    return [version_summary_out(v) for v in selectors.version_list(case=case)]


@router.get(
    "/applications/{int:case_id}/versions/{int:number}",
    response={200: VersionOut, **responses(*AUTHENTICATED, 404, 422)},
)
def version_detail(request, case_id: int, number: int):
    case = access_case_for_applicant(request.auth, case_id)
    return version_out(access_version(case, number))


@router.get(
    "/applications/{int:case_id}/versions/{int:number}/diff",
    response={200: DiffOut, **responses(*AUTHENTICATED, 404, 422)},
)
def version_diff(request, case_id: int, number: int, against: int | None = None):
    """What changed from version ``against`` (default: the one before) to version ``number``."""
    case = access_case_for_applicant(request.auth, case_id)
    after = access_version(case, number)
    before = access_version(case, against if against is not None else number - 1)
    changes = diff(FormSpec.from_definition(case.form), before.data, after.data)
    return diff_out(after.number, before.number, changes)


@router.get(
    "/applications/{int:case_id}/attachments",
    response={200: list[AttachmentOut], **responses(*AUTHENTICATED, 404, 422)},
)
def attachment_list(request, case_id: int):
    case = access_case_for_applicant(request.auth, case_id)
    return [attachment_out(a) for a in selectors.attachment_list(case=case)]


@router.post(
    "/applications/{int:case_id}/attachments",
    response={201: AttachmentOut, **responses(*AUTHENTICATED_WRITE, 404, 409)},
)
def attachment_upload(request, case_id: int, file: File[UploadedFile], kind: Form[str] = ""):
    """Upload a file (multipart/form-data). Its type is decided from its content, not its name."""
    case = access_case_for_applicant(request.auth, case_id)
    attachment = attachment_add(actor=request.auth, case=case, upload=file, kind=kind)
    return Status(201, attachment_out(attachment))


@router.get(
    "/applications/{int:case_id}/attachments/{int:attachment_id}/content",
    url_name="attachment_content",
    response={200: None, **responses(*AUTHENTICATED, 404, 410)},
)
def attachment_content(request, case_id: int, attachment_id: int):
    """The file itself, with the content type decided when it was uploaded."""
    case = access_case_for_applicant(request.auth, case_id)
    attachment = access_attachment(case, attachment_id)
    return attachment_response(attachment)


@router.get(
    "/applications/{int:case_id}/messages",
    response={200: list[MessageOut], **responses(*AUTHENTICATED, 404, 422)},
)
def message_list(request, case_id: int):
    """The conversation. As on the web page, the handler's messages count as read from now on;
    those unread until this request still have ``read_at: null`` in this response."""
    case = access_case_for_applicant(request.auth, case_id)
    result = [message_out(m) for m in selectors.message_list(case=case)]
    if any(m.from_staff and m.read_at is None for m in result):
        messages_mark_read(actor=request.auth, case=case)
    return result


@router.post(
    "/applications/{int:case_id}/messages",
    response={201: MessageOut, **responses(*AUTHENTICATED_WRITE, 404, 409)},
)
def message_send(request, case_id: int, payload: MessageIn):
    case = access_case_for_applicant(request.auth, case_id)
    message = send_message(actor=request.auth, case=case, body=payload.body)
    return Status(201, message_out(message))


@router.get(
    "/applications/{int:case_id}/timeline",
    response={200: list[EventOut], **responses(*AUTHENTICATED, 404, 422)},
)
def timeline(request, case_id: int):
    """The events meant for the applicant, oldest first."""
    case = access_case_for_applicant(request.auth, case_id)
    return [event_out(e) for e in selectors.applicant_event_list(case=case)]
