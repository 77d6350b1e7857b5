"""Sending an application: the first submission and every later version (a supplement, a
correction), each frozen as a numbered version; and the applicant's withdrawal.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.accounts import assurance
from asiointi.cases import workflow
from asiointi.cases.access import applicant_scope
from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case, CaseVersion
from asiointi.cases.record_numbers import next_record_number
from asiointi.cases.routing import route_case
from asiointi.cases.services.case_lock import lock_case
from asiointi.cases.services.drafts import locked_message, summarise
from asiointi.common.errors import DomainError, NotFound, TransitionNotAllowed, ValidationFailed
from asiointi.eforms.spec import FormSpec
from asiointi.eforms.validation import validate


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
    case = lock_case(case, expected_lock_version, related=("form",))
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
    freeze_version(actor=actor, case=case, data=data, new_status=new_status)
    record_event(case=case, kind=kind, actor=actor, details={"version": case.version_count})
    return case


def freeze_version(*, actor, case: Case, data: dict, new_status: str, received_at=None) -> None:
    """Freeze validated ``data`` as the case's next numbered version and save the case.

    The first version of a draft also gets its record number and receipt time (``received_at``:
    when the application arrived, for staff intake of paper; default now). Shared by the online
    submit (``case_send``) and staff intake (``cases.intake``), so both number and store alike.
    """
    now = timezone.now()
    spec = FormSpec.from_definition(case.form)
    summarise(case, spec, data)
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
def case_withdraw(*, actor, case: Case, expected_lock_version: int | None = None) -> Case:
    """The applicant (or a representative of the applicant organisation) withdraws the case."""
    case = lock_case(case, expected_lock_version)
    if not Case.objects.filter(applicant_scope(actor), pk=case.pk).exists():
        raise NotFound(_("Application not found."))
    case.status = workflow.next_status("withdraw", case.status)
    case.lock_version += 1
    case.save(update_fields=["status", "lock_version", "updated_at"])
    record_event(case=case, kind=EventKind.WITHDRAWN, actor=actor)
    return case
