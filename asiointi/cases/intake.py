"""Intake by staff (docs/intake-and-overlaps.md): a handler registers a paper, phone or visit
application.

The result is the same case an online submit makes — version 1, a record number, status
"received" — with its channel recorded and the scanned paper as an attachment. Nothing downstream
depends on the channel. The applicant is identified by henkilötunnus (the Finnish personal
identity code); strong identification maps logins to users by it (``accounts.oidc``), so the person
later finds the case in their e-services folder.
"""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu, ytunnus

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases import workflow
from asiointi.cases.access import is_confidential_reader
from asiointi.cases.attachment_storage import store_attachment
from asiointi.cases.constants import AttachmentKind, CaseStatus, Channel, EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case
from asiointi.cases.services.sending import freeze_version
from asiointi.cases.uploads import CheckedFile, StoredFiles, check_upload
from asiointi.catalogue.constants import ServiceKind
from asiointi.catalogue.models import GrantCall, Service
from asiointi.common.errors import NotFound, ValidationFailed
from asiointi.eforms import formats
from asiointi.eforms.spec import FormSpec
from asiointi.eforms.validation import validate
from asiointi.organisation.membership import require_member

# The channels staff register; "online" is the applicant's own.
STAFF_CHANNELS = (Channel.PAPER, Channel.PHONE, Channel.VISIT)

# Error keys of the registration's own fields. They are prefixed so that they never clash with
# the form's field paths (the grant forms have a ``business_id`` field of their own).
NATIONAL_ID = "applicant_national_id"
FIRST_NAME = "applicant_first_name"
LAST_NAME = "applicant_last_name"
BUSINESS_ID = "organisation_business_id"
ORGANISATION_NAME = "organisation_name_registered"
CHANNEL = "intake_channel"
RECEIVED_ON = "received_on"
SCANNED_PAPER = "scanned_paper"


def _clean_national_id(raw: str, errors: dict) -> str | None:
    try:
        return hetu.validate((raw or "").strip().upper(), allow_temporary=True)
    except StdnumError:
        errors[NATIONAL_ID] = [_("Enter a valid personal identity code, e.g. 131052-308T.")]
        return None


def _clean_organisation(business_id: str, name: str, errors: dict) -> tuple[str, str] | None:
    business_id, name = (business_id or "").strip(), (name or "").strip()
    if not business_id:
        if name:
            errors[BUSINESS_ID] = [_("Enter the organisation's business ID (Y-tunnus).")]
        return None
    try:
        business_id = ytunnus.format(ytunnus.validate(business_id))
    except StdnumError:
        errors[BUSINESS_ID] = [_("Enter a valid business ID (Y-tunnus), e.g. 1234567-1.")]
        return None
    return business_id, name[:200]


def _clean_received_on(raw, grant_call: GrantCall | None, errors: dict) -> datetime.date | None:
    if isinstance(raw, str):
        iso = formats.parse_date(raw)
        raw = datetime.date.fromisoformat(iso) if iso else None
    if isinstance(raw, datetime.datetime) or not isinstance(raw, datetime.date):
        errors[RECEIVED_ON] = [_("Enter the date the application arrived, e.g. 15.3.2026.")]
        return None
    if raw > timezone.localdate():
        errors[RECEIVED_ON] = [_("The date the application arrived cannot be in the future.")]
        return None
    if grant_call is not None and not grant_call.is_open(raw):
        errors[RECEIVED_ON] = [_("The grant call was not open on the day the application arrived.")]
        return None
    return raw


def _received_at(received_on: datetime.date) -> datetime.datetime:
    """The receipt time: now for today's post, else the start of the arrival day (local time)."""
    now = timezone.now()
    if received_on == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.datetime.combine(received_on, datetime.time.min))


def _find_or_create_person(national_id: str, first_name: str, last_name: str):
    """The person with this henkilötunnus; a new user (no password: they log in by strong
    identification) if the city has not met them yet. Existing users' names are left as they are."""
    # get_or_create: two staff registering the same new person at once get one user, not a
    # unique-constraint error (the constraint on national_id decides).
    user, _created = get_user_model().objects.get_or_create(
        national_id=national_id,
        defaults={
            "username": f"intake:{uuid.uuid4().hex}",
            "first_name": first_name[:150],
            "last_name": last_name[:150],
            "password": make_password(None),
        },
    )
    return user


def _find_or_create_organisation(business_id: str, name: str) -> ApplicantOrganisation:
    organisation, _created = ApplicantOrganisation.objects.get_or_create(
        business_id=business_id, defaults={"name": name}
    )
    return organisation


@transaction.atomic
def _register(
    *,
    actor,
    service: Service,
    grant_call: GrantCall | None,
    national_id: str,
    first_name: str,
    last_name: str,
    organisation: tuple[str, str] | None,
    data: dict,
    channel: str,
    received_on: datetime.date,
    scanned_paper: tuple[UploadedFile, CheckedFile] | None,
    stored: StoredFiles,
) -> Case:
    person = _find_or_create_person(national_id, first_name, last_name)
    case = Case.objects.create(
        service=service,
        grant_call=grant_call,
        form=service.form,
        department=service.department,
        applicant=person,
        organisation=_find_or_create_organisation(*organisation) if organisation else None,
        channel=channel,
        status=CaseStatus.DRAFT,
    )
    new_status = workflow.next_status("submit", case.status)
    freeze_version(
        actor=actor,
        case=case,
        data=data,
        new_status=new_status,
        received_at=_received_at(received_on),
    )
    details = {"channel": channel, "received_on": received_on.isoformat(), "version": 1}
    if scanned_paper is not None:
        upload, checked = scanned_paper
        attachment = store_attachment(
            actor=actor,
            case=case,
            upload=upload,
            checked=checked,
            kind=AttachmentKind.SCANNED_PAPER,
            message=None,
            from_staff=True,
            stored=stored,
        )
        details["attachment"] = attachment.pk
    record_event(case=case, kind=EventKind.REGISTERED_BY_STAFF, actor=actor, details=details)
    return case


def case_register_by_staff(
    *,
    actor,
    service: Service,
    grant_call: GrantCall | None,
    applicant_national_id: str,
    applicant_first_name: str = "",
    applicant_last_name: str = "",
    organisation_business_id: str = "",
    organisation_name: str = "",
    data: dict,
    channel: str,
    received_on: datetime.date | str,
    scanned_paper: UploadedFile | None = None,
) -> Case:
    """Register an application received on paper, by phone or at a visit, for the applicant.

    Only for a service of one of the actor's departments, and for a confidential one only by a
    member of the department's teams (any other: ``NotFound``). ``grant_call`` is None for a
    benefit applied for without calls (social assistance). Every input
    is checked before anything is written, and all problems are reported at once in one
    ``ValidationFailed`` (registration fields under the keys above, the form's under their field
    paths). The writes are one transaction; a stored scan is deleted if it rolls back.
    """
    require_member(actor, service.department_id, not_found=_("Service not found."))
    # A confidential service (social assistance): only the department's social-work team
    # members register its applications, as only they may see the case afterwards.
    if service.confidential and not is_confidential_reader(actor, service.department_id):
        raise NotFound(_("Service not found."))
    if grant_call is not None and grant_call.service_id != service.pk:
        raise NotFound(_("Grant call not found."))
    if grant_call is None and (service.kind != ServiceKind.BENEFIT or service.form_id is None):
        # Grants are applied for only through a call, on paper as online.
        raise NotFound(_("Grant call not found."))
    errors: dict[str, list[str]] = {}
    national_id = _clean_national_id(applicant_national_id, errors)
    first_name, last_name = (
        (applicant_first_name or "").strip(),
        (applicant_last_name or "").strip(),
    )
    organisation = _clean_organisation(organisation_business_id, organisation_name, errors)
    if organisation and service.confidential:
        # A confidential benefit is a person's own matter (as in services.drafts.case_create_draft).
        errors[BUSINESS_ID] = [_("This service is applied for by a person, not an organisation.")]
        organisation = None
    if organisation and not organisation[1]:
        known = ApplicantOrganisation.objects.filter(business_id=organisation[0]).exists()
        if not known:
            errors[ORGANISATION_NAME] = [
                _("Enter the organisation's name: it has not applied before.")
            ]
    if national_id and not (first_name and last_name):
        if not get_user_model().objects.filter(national_id=national_id).exists():
            message = _("Enter the applicant's first and last name: they are not known yet.")
            errors[FIRST_NAME if not first_name else LAST_NAME] = [message]
    if channel not in STAFF_CHANNELS:
        errors[CHANNEL] = [_("Choose how the application was received.")]
    received = _clean_received_on(received_on, grant_call, errors)
    errors.update(validate(FormSpec.from_definition(service.form), data))
    checked = None
    if scanned_paper is not None:
        try:
            checked = check_upload(scanned_paper, actor=actor, purpose="scanned_paper")
        except ValidationFailed as failure:
            errors[SCANNED_PAPER] = [failure.message]
    if errors:
        raise ValidationFailed(
            _("The registration has errors. Correct them and try again."), errors
        )
    with StoredFiles() as stored:
        return _register(
            actor=actor,
            service=service,
            grant_call=grant_call,
            national_id=national_id,
            first_name=first_name,
            last_name=last_name,
            organisation=organisation,
            data=data,
            channel=channel,
            received_on=received,
            scanned_paper=(scanned_paper, checked) if checked else None,
            stored=stored,
        )
