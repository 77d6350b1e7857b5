"""Who handles a case: claiming, assigning, "take next", and transfers between departments.

Callers get the case through ``access_case_for_handler``; each service re-locks the row, checks
that the actor is still a member of the case's department, asks the workflow table, and writes
its timeline event in the same transaction (docs/case-lifecycle.md).
"""

from django.db import connection, transaction
from django.utils.translation import gettext as _

from asiointi.cases import workflow
from asiointi.cases.access import (
    access_case_for_handler,
    is_confidential_reader,
    require_case_member,
)
from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case
from asiointi.cases.services.case_lock import lock_case
from asiointi.catalogue.models import Service
from asiointi.common.errors import DomainError, NotFound, ValidationFailed
from asiointi.organisation.membership import require_member
from asiointi.organisation.models import Department, Membership


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
    case = lock_case(case, expected_lock_version)
    require_case_member(actor, case)
    workflow.next_status("claim", case.status)
    if case.handler_id == actor.pk:
        return case
    return _set_handler(actor=actor, case=case, handler=actor, how="claim")


@transaction.atomic
def case_assign(*, actor, case: Case, handler, expected_lock_version: int | None = None) -> Case:
    """Assign the case to a member of its department (possibly the actor)."""
    case = lock_case(case, expected_lock_version)
    require_case_member(actor, case)
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


BULK_ASSIGN_LIMIT = 100


@transaction.atomic
def case_assign_many(*, actor, case_ids, handler) -> list[Case]:
    """Assign several cases to one handler at once (the queue's bulk assignment): all of them or,
    if any one is refused, none.

    Each case is obtained as the single assignment obtains it (``access_case_for_handler``: only
    cases of the actor's departments, a confidential one only for its team members, and such a
    read audit-logged) and assigned by ``case_assign``, which writes the same timeline event; the
    whole runs in one transaction. A refusal names the case it concerns.
    """
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        raise ValidationFailed(
            _("Choose the applications to assign."),
            {"cases": [_("Choose the applications to assign.")]},
        )
    if len(ids) > BULK_ASSIGN_LIMIT:
        # A queue page has 50 rows; anything more was not chosen on a page.
        message = _("Choose at most %(limit)s applications at a time.") % {
            "limit": BULK_ASSIGN_LIMIT
        }
        raise ValidationFailed(message, {"cases": [message]})
    assigned = []
    for case_id in ids:
        try:
            case = access_case_for_handler(actor, case_id)
        except NotFound:
            # Not the actor's to handle (or transferred away since the queue was loaded): said
            # without telling which, as for a single case.
            raise DomainError(
                _("One of the chosen applications cannot be assigned by you. Nothing was assigned.")
            ) from None
        try:
            assigned.append(case_assign(actor=actor, case=case, handler=handler))
        except DomainError as error:
            raise DomainError(
                _("%(record)s: %(message)s Nothing was assigned.")
                % {"record": case.record_number, "message": error.message}
            ) from error
    return assigned


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
    case = lock_case(case, expected_lock_version)
    require_case_member(actor, case)
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
