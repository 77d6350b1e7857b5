"""Who may see and act on feedback in the handlers' area (docs/feedback-handling.md).

- Handlers (and department administrators) of the responsible department: everything.
- Central triage (any department): feedback not yet routed, and re-routing of any open feedback.
- Whoever a statement was asked from (members of the department, or the named expert): a
  limited view to give the statement.

Everybody else gets "not found" (a 404 on the pages, ``NotFound`` in the services), so nothing
tells them the feedback exists. Services check again inside their transaction, against the row
they have locked: the feedback may have been transferred away since the page was loaded.
"""

import dataclasses
import functools

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from asiointi.common.errors import NotFound
from asiointi.feedback.models import Feedback, StatementRequest
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Membership

HANDLER_ROLES = frozenset({StaffRole.HANDLER, StaffRole.DEPARTMENT_ADMIN})

# The views on one feedback item, from the widest to the narrowest.
HANDLER = "handler"
TRIAGE = "triage"
STATEMENT = "statement"


def not_found() -> NotFound:
    return NotFound(_("No such feedback."))


@dataclasses.dataclass(frozen=True)
class StaffRoles:
    """A staff member's roles, loaded with one query and passed around."""

    user_id: int
    handler_department_ids: frozenset[int]
    member_department_ids: frozenset[int]
    is_triage: bool

    @property
    def is_staff(self) -> bool:
        return bool(self.member_department_ids)


def staff_roles(user) -> StaffRoles:
    rows = (
        list(Membership.objects.filter(user=user).values_list("department_id", "role"))
        if user.is_authenticated
        else []
    )
    return StaffRoles(
        user_id=user.pk,
        handler_department_ids=frozenset(d for d, role in rows if role in HANDLER_ROLES),
        member_department_ids=frozenset(d for d, _role in rows),
        is_triage=any(role == StaffRole.TRIAGE for _d, role in rows),
    )


def feedback_staff_required(view):
    """Log in first; then only staff with a department membership get through (others: 404).
    The roles are kept on the request as ``request.feedback_roles``."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        roles = staff_roles(request.user)
        if not roles.is_staff:
            raise Http404
        request.feedback_roles = roles
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def view_level(roles: StaffRoles, feedback: Feedback) -> str | None:
    """How much of ``feedback`` these roles may see without asking about statements."""
    if (
        feedback.department_id is not None
        and feedback.department_id in roles.handler_department_ids
    ):
        return HANDLER
    if roles.is_triage and (feedback.department_id is None or feedback.is_open):
        return TRIAGE
    return None


def open_statements_for(roles: StaffRoles):
    """Statement requests addressed to the user or one of their departments, still unanswered."""
    return StatementRequest.objects.filter(
        Q(expert_id=roles.user_id) | Q(department_id__in=roles.member_department_ids),
        given_at__isnull=True,
    )


def statements_addressed_to(roles: StaffRoles, feedback: Feedback) -> list[StatementRequest]:
    return list(
        StatementRequest.objects.filter(
            Q(expert_id=roles.user_id) | Q(department_id__in=roles.member_department_ids),
            feedback=feedback,
        ).select_related("requested_by", "department", "expert", "given_by")
    )


def access_feedback(roles: StaffRoles, feedback_id) -> tuple[Feedback, str]:
    """The feedback and the view level; ``NotFound`` for anyone without one."""
    feedback = (
        Feedback.objects.select_related("service", "department", "handler")
        .filter(pk=feedback_id)
        .first()
    )
    if feedback is None:
        raise not_found()
    level = view_level(roles, feedback)
    if level is None:
        if not statements_addressed_to(roles, feedback):
            raise not_found()
        level = STATEMENT
    return feedback, level


# Checks the services make on the locked row (a fresh query each time, on purpose).


def require_handler(actor, feedback: Feedback) -> None:
    if (
        feedback.department_id is None
        or not Membership.objects.filter(
            user=actor, department_id=feedback.department_id, role__in=HANDLER_ROLES
        ).exists()
    ):
        raise not_found()


def require_triage(actor, feedback: Feedback) -> None:
    if not Membership.objects.filter(user=actor, role=StaffRole.TRIAGE).exists():
        raise not_found()


def require_staff(actor) -> None:
    if not actor.is_authenticated or not Membership.objects.filter(user=actor).exists():
        raise not_found()


def require_statement_addressee(actor, statement: StatementRequest) -> None:
    if statement.expert_id == actor.pk:
        return
    if (
        statement.department_id is not None
        and Membership.objects.filter(user=actor, department_id=statement.department_id).exists()
    ):
        return
    raise not_found()
