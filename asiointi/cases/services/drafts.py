"""Drafts: starting, saving and deleting an application before it is sent, and what the
applicant is told when the form can no longer be changed (docs/case-lifecycle.md).
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.accounts import assurance
from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases import workflow
from asiointi.cases.constants import EDITABLE_STATUSES, CaseStatus, Channel, EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case
from asiointi.cases.services.case_lock import lock_case
from asiointi.catalogue.constants import ServiceKind
from asiointi.catalogue.models import GrantCall, Service
from asiointi.common.errors import DomainError, TransitionNotAllowed
from asiointi.eforms.spec import FormSpec


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


def summarise(case: Case, spec: FormSpec, data: dict) -> None:
    """Copy what lists show from the form data onto the case: title, amount, urgency."""
    case.title, case.requested_amount = _summary(spec, data)
    urgent_field = spec.summary_field("urgent")
    case.urgent = bool(urgent_field) and data.get(urgent_field) is True


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
    case = lock_case(case, expected_lock_version)
    if case.status not in EDITABLE_STATUSES:
        raise TransitionNotAllowed(locked_message(case))
    spec = FormSpec.from_definition(case.form)
    summarise(case, spec, data)
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
    case = lock_case(case, None)
    workflow.next_status("delete", case.status)
    for attachment in case.attachments.all():
        # Delete the stored file only when the rows are really gone.
        name, storage = attachment.file.name, attachment.file.storage
        transaction.on_commit(lambda n=name, s=storage: s.delete(n))
    case.delete()
