"""Reading feedback for the handlers' pages: queues, counts and the detail page's data.

The queues use the indexes of ``Feedback`` (department, status, received_at) and a fixed number
of queries whatever the number of rows (tests pin it).
"""

from django.db.models import Count, Exists, OuterRef, Q

from asiointi.feedback import routing
from asiointi.feedback.access import StaffRoles
from asiointi.feedback.constants import CLOSED_STATUSES, OPEN_STATUSES, FeedbackStatus
from asiointi.feedback.models import Feedback, FeedbackEvent, StatementRequest

TABS = ("triage", "new", "in_process", "mine", "statements", "closed")


def tabs_for(roles: StaffRoles) -> tuple[str, ...]:
    """Triage sees "to be routed" first; everyone sees the rest."""
    return TABS if roles.is_triage else TABS[1:]


def _statements_q(roles: StaffRoles) -> Q:
    return Q(expert_id=roles.user_id) | Q(department_id__in=roles.member_department_ids)


# The queue's sortable columns (``?sort=number|-number|type|…``): the order_by fields. The
# public number follows the primary key, so sorting by it is sorting by the key.
SORTS = {
    "number": ("id",),
    "type": ("type",),
    "received": ("received_at",),
    "status": ("status",),
}


def queue_list(*, roles: StaffRoles, tab: str, sort: str = ""):
    """One tab's feedback, sorted by a column when asked (``SORTS``, a leading "-" for
    descending); otherwise open tabs oldest first (the longest waiting on top), the closed tab
    the latest closed first."""
    rows = _tab_rows(roles=roles, tab=tab)
    if sort.lstrip("-") in SORTS:
        prefix = "-" if sort.startswith("-") else ""
        return rows.order_by(*(prefix + field for field in SORTS[sort.lstrip("-")]), prefix + "id")
    if tab == "closed":
        return rows.order_by("-closed_at", "-id")
    return rows.order_by("received_at", "id")


def _tab_rows(*, roles: StaffRoles, tab: str):
    base = Feedback.objects.select_related("service", "department", "handler")
    departments = roles.handler_department_ids
    if tab == "triage":
        rows = base.filter(department__isnull=True, status__in=OPEN_STATUSES)
    elif tab == "new":
        rows = base.filter(department_id__in=departments, status=FeedbackStatus.RECEIVED)
    elif tab == "in_process":
        rows = base.filter(department_id__in=departments, status=FeedbackStatus.IN_PROCESS)
    elif tab == "mine":
        rows = base.filter(handler_id=roles.user_id, status__in=OPEN_STATUSES)
    elif tab == "statements":
        asked = StatementRequest.objects.filter(
            _statements_q(roles), feedback=OuterRef("pk"), given_at__isnull=True
        )
        rows = base.filter(Exists(asked))
    else:
        rows = base.filter(department_id__in=departments, status__in=CLOSED_STATUSES)
    return rows


def queue_counts(*, roles: StaffRoles) -> dict[str, int]:
    """The number on each tab: one query for the department tabs, one for statements."""
    departments = roles.handler_department_ids
    counts = Feedback.objects.filter(
        Q(department_id__in=departments)
        | Q(handler_id=roles.user_id)
        | (Q(department__isnull=True) if roles.is_triage else Q(pk__in=[]))
    ).aggregate(
        triage=Count("pk", filter=Q(department__isnull=True, status__in=OPEN_STATUSES)),
        new=Count("pk", filter=Q(department_id__in=departments, status=FeedbackStatus.RECEIVED)),
        in_process=Count(
            "pk", filter=Q(department_id__in=departments, status=FeedbackStatus.IN_PROCESS)
        ),
        mine=Count("pk", filter=Q(handler_id=roles.user_id, status__in=OPEN_STATUSES)),
        closed=Count("pk", filter=Q(department_id__in=departments, status__in=CLOSED_STATUSES)),
    )
    counts["statements"] = (
        StatementRequest.objects.filter(_statements_q(roles), given_at__isnull=True)
        .values("feedback_id")
        .distinct()
        .count()
    )
    return counts


def detail(feedback: Feedback) -> dict:
    """The detail page's related rows, each in one query."""
    return {
        "events": list(FeedbackEvent.objects.filter(feedback=feedback).select_related("actor")),
        "statements": list(
            StatementRequest.objects.filter(feedback=feedback).select_related(
                "department", "expert", "requested_by", "given_by"
            )
        ),
        "photos": list(feedback.photos.all()),
        "reminders": list(feedback.reminders.all().order_by("level")),
    }


def suggestion_for(feedback: Feedback) -> list[routing.Suggestion]:
    return routing.suggest(f"{feedback.title} {feedback.description}", exclude_id=feedback.pk)
