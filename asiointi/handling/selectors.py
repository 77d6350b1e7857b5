"""Reads for the handlers' area. Every page runs a fixed number of queries, whatever the data."""

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q, QuerySet

from asiointi.cases.access import CASE_RELATIONS
from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Attachment, Case, CaseVersion, Message, TimelineEvent
from asiointi.catalogue.constants import ServiceKind
from asiointi.catalogue.models import GrantCall, Service
from asiointi.handling.forms import DEFAULT_SORT, SORTS
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department

OPEN_FOR_HANDLER = [
    CaseStatus.RECEIVED,
    CaseStatus.IN_PROCESSING,
    CaseStatus.AWAITING_SUPPLEMENT,
]


def _tab_condition(tab: str, user) -> Q:
    match tab:
        case "mine":
            return Q(handler=user, status__in=OPEN_FOR_HANDLER)
        case "processing":
            return Q(status=CaseStatus.IN_PROCESSING)
        case "supplement":
            return Q(status=CaseStatus.AWAITING_SUPPLEMENT)
        case "decided":
            return Q(status=CaseStatus.DECIDED)
    return Q(status=CaseStatus.RECEIVED)


TABS = ("new", "mine", "processing", "supplement", "decided")


def queue_counts(*, user, department: Department) -> dict[str, int]:
    """How many cases each tab holds, in one aggregate query."""
    return Case.objects.filter(department=department).aggregate(
        **{tab: Count("pk", filter=_tab_condition(tab, user)) for tab in TABS}
    )


def _search(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    # Every word must match somewhere: "Aino Asukas" finds the person, "1234567-1" the Y-tunnus.
    for word in text.split():
        queryset = queryset.filter(
            Q(record_number__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(organisation__business_id__icontains=word)
            | Q(organisation__isnull=True, applicant__first_name__icontains=word)
            | Q(organisation__isnull=True, applicant__last_name__icontains=word)
        )
    return queryset


def queue_list(
    *, user, department: Department, tab: str, filters: dict, sort: str = DEFAULT_SORT
) -> QuerySet[Case]:
    """One queue tab of a department, filtered (already validated values) and sorted."""
    queryset = Case.objects.filter(department=department).filter(_tab_condition(tab, user))
    if "service" in filters:
        queryset = queryset.filter(service_id=filters["service"])
    if "grant_call" in filters:
        queryset = queryset.filter(grant_call_id=filters["grant_call"])
    if "status" in filters:
        queryset = queryset.filter(status=filters["status"])
    if "received_from" in filters:
        queryset = queryset.filter(submitted_at__date__gte=filters["received_from"])
    if "received_to" in filters:
        queryset = queryset.filter(submitted_at__date__lte=filters["received_to"])
    if "amount_min" in filters:
        queryset = queryset.filter(requested_amount__gte=filters["amount_min"])
    if "amount_max" in filters:
        queryset = queryset.filter(requested_amount__lte=filters["amount_max"])
    if filters.get("q"):
        queryset = _search(queryset, filters["q"])
    _label, field, descending = SORTS.get(sort, SORTS[DEFAULT_SORT])
    order = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return queryset.select_related(
        "service", "grant_call", "organisation", "applicant", "handler"
    ).order_by(order, "-pk" if descending else "pk")


def queue_filter_choices(*, department: Department) -> tuple[list[Service], list[GrantCall]]:
    """The services and grant calls a department's queue can be filtered by."""
    services = list(Service.objects.filter(department=department).order_by("code"))
    calls = list(
        GrantCall.objects.filter(service__department=department)
        .select_related("service")
        .order_by("service__code", "-opens_on", "pk")
    )
    return services, calls


def case_detail_for_handler(*, case: Case) -> Case:
    """The case (already access-checked) with everything the handler's page shows."""
    return (
        Case.objects.filter(pk=case.pk)
        .select_related(*CASE_RELATIONS, "applicant")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=CaseVersion.objects.select_related("sent_by").order_by("number"),
            ),
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
            Prefetch(
                "messages",
                queryset=Message.objects.select_related("sender").prefetch_related("attachments"),
            ),
            Prefetch("events", queryset=TimelineEvent.objects.select_related("actor")),
        )
        .get()
    )


OTHER_APPLICATIONS_LIMIT = 100


def other_applications(*, case: Case) -> list[Case]:
    """The applicant's other sent applications in every department, newest first.

    The same organisation, or the same person when the case has no organisation.
    """
    if case.organisation_id is not None:
        queryset = Case.objects.filter(organisation_id=case.organisation_id)
    else:
        queryset = Case.objects.filter(applicant_id=case.applicant_id, organisation__isnull=True)
    return list(
        queryset.exclude(pk=case.pk)
        .exclude(status=CaseStatus.DRAFT)
        .select_related("service", "department")
        .order_by(F("submitted_at").desc(nulls_last=True), "-pk")[:OTHER_APPLICATIONS_LIMIT]
    )


def department_handlers(*, department_id: int) -> list:
    """The members of a department, to assign a case to one of them."""
    return list(
        get_user_model()
        .objects.filter(memberships__department_id=department_id)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def transfer_departments(*, case: Case) -> list[Department]:
    """Where a case can be transferred: every department except its current one."""
    return list(Department.objects.exclude(pk=case.department_id).order_by("code"))


def cross_department_search(*, text: str) -> QuerySet[Case]:
    """Sent grant applications of every department matching the words (read-only search).

    The same matching as the queue's search; newest first, with what the result list shows.
    """
    queryset = Case.objects.filter(service__kind=ServiceKind.GRANT).exclude(status=CaseStatus.DRAFT)
    return (
        _search(queryset, text)
        .select_related("service", "department", "organisation", "applicant")
        .order_by(F("submitted_at").desc(nulls_last=True), "-pk")
    )


def reader_is_auditor(*, user) -> bool:
    """Department administrators and reporting staff may list the read audit."""
    return user.memberships.filter(
        role__in=[StaffRole.DEPARTMENT_ADMIN, StaffRole.REPORTING]
    ).exists()
