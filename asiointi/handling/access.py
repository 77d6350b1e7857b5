"""Who may enter the handlers' area (käsittely): staff with a department membership.

Everybody else gets "not found", so the area does not reveal that it exists.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404

from asiointi.catalogue.constants import ServiceKind
from asiointi.catalogue.models import Service
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership, Team


def handler_departments(user) -> list[Department]:
    """The departments the user works in, in a stable order; empty for non-staff."""
    if not user.is_authenticated:
        return []
    # Whether the user is finance staff there comes in the same query (the finance link, and
    # payments.access.is_finance, need no query of their own).
    finance = Membership.objects.filter(
        user=user, department=OuterRef("pk"), role=StaffRole.FINANCE
    )
    # So are whether the department works in teams (the queue's team filter) and whether the
    # user is in one of them (who sees confidential cases: cases.access.is_confidential_reader).
    teams = Team.objects.filter(department=OuterRef("pk"))
    # And whether the department handles grants: only then are decision lists and grant reports
    # the user's business (handles_grants; a social worker never sees those links).
    grants = Service.objects.filter(department=OuterRef("pk"), kind=ServiceKind.GRANT)
    return list(
        Department.objects.filter(memberships__user=user)
        .distinct()
        .annotate(
            user_is_finance=Exists(finance),
            has_teams=Exists(teams),
            user_in_team=Exists(teams.filter(members=user)),
            has_grant_services=Exists(grants),
        )
        .order_by("code")
    )


def staff_member_required(view):
    """Log in first; then only members of at least one department get through (others: 404).

    The departments are kept on the request (``request.handler_departments``) so that views need
    no second query for them.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        departments = handler_departments(request.user)
        if not departments:
            raise Http404
        request.handler_departments = departments
        request.is_finance = request.user._is_finance = any(
            department.user_is_finance for department in departments
        )
        request.handles_grants = handles_grants(departments)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def handles_grants(departments: list[Department]) -> bool:
    """Whether grants are the user's business: one of their departments has a grant service.
    Decision lists and grant reports are offered only then (``{% handles_grants %}``)."""
    return any(department.has_grant_services for department in departments)


def choose_department(departments: list[Department], raw_id) -> Department:
    """The department asked for, if the user works there; otherwise the first one."""
    for department in departments:
        if str(department.pk) == str(raw_id):
            return department
    return departments[0]
