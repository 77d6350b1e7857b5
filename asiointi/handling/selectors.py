"""Reads for the handlers' area. Every page runs a fixed number of queries, whatever the data."""

import dataclasses
import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases.access import CASE_RELATIONS
from asiointi.cases.constants import AttachmentKind, CaseStatus
from asiointi.cases.models import Attachment, Case, CaseVersion, Message, TimelineEvent
from asiointi.catalogue.constants import ServiceKind
from asiointi.catalogue.models import GrantCall, Service
from asiointi.handling.forms import DEFAULT_SORT, SORTS
from asiointi.handling.models import QueuePreference
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Team

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
# The one status each tab other than "mine" shows.
TAB_STATUS = {
    "new": CaseStatus.RECEIVED,
    "processing": CaseStatus.IN_PROCESSING,
    "supplement": CaseStatus.AWAITING_SUPPLEMENT,
    "decided": CaseStatus.DECIDED,
}
TAB_STATUSES = sorted({*TAB_STATUS.values(), *OPEN_FOR_HANDLER})


def _visible(
    queryset: QuerySet[Case], *, team: Team | None, confidential_reader: bool
) -> QuerySet[Case]:
    """One team's cases (if given); confidential cases only for the department's team members.

    A subquery on the service ids, not a join, as in ``Case.objects.not_confidential()``: the
    queue's indexes start with the department, and a join on the service would not use them.
    """
    if team is not None:
        queryset = queryset.filter(team=team)
    if not confidential_reader:
        queryset = queryset.filter(
            service_id__in=Service.objects.filter(confidential=False).values("pk")
        )
    return queryset


def queue_counts(
    *, user, department: Department, team: Team | None = None, confidential_reader: bool = False
) -> dict[str, int]:
    """How many cases each tab holds, in one grouped query.

    Only the statuses the tabs show are counted, grouped by status and by "mine": PostgreSQL
    answers it from the (department, status, handler) index alone, without reading the rows
    and without the closed cases that pile up over the years (bench/handling_bench.py).
    ``confidential_reader``: whether the user is a team member of the department (the caller
    knows it from ``handling.access.handler_departments``).
    """
    queryset = Case.objects.filter(department=department, status__in=TAB_STATUSES)
    rows = (
        _visible(queryset, team=team, confidential_reader=confidential_reader)
        .values_list("status", "handler_id")
        .annotate(total=Count("*"))
        .order_by()
    )
    counts = dict.fromkeys(TABS, 0)
    tab_of = {status: tab for tab, status in TAB_STATUS.items()}
    for status, handler_id, total in rows:
        if status in tab_of:
            counts[tab_of[status]] += total
        if handler_id == user.pk and status in OPEN_FOR_HANDLER:
            counts["mine"] += total
    return counts


SEARCH_ID_LIMIT = 20_000


def _search(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Every word must match somewhere: "Aino Asukas" finds the person, "1234567-1" the Y-tunnus.

    The organisations and people a word matches are looked up first (two small queries), so
    that the case query is an OR of index scans — a trigram index on the record number (see
    handling/migrations) and the organisation and applicant indexes — instead of a join over a
    million applications.
    """
    for word in text.split():
        organisations = list(
            ApplicantOrganisation.objects.filter(
                Q(name__icontains=word) | Q(business_id__icontains=word)
            ).values_list("pk", flat=True)[:SEARCH_ID_LIMIT]
        )
        people = list(
            get_user_model()
            .objects.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
            .values_list("pk", flat=True)[:SEARCH_ID_LIMIT]
        )
        queryset = queryset.filter(
            Q(record_number__icontains=word)
            | Q(organisation_id__in=organisations)
            | Q(organisation__isnull=True, applicant_id__in=people)
        )
    return queryset


def queue_list(
    *,
    user,
    department: Department,
    tab: str,
    filters: dict,
    sort: str = DEFAULT_SORT,
    team: Team | None = None,
    confidential_reader: bool = False,
    urgent_first: bool = False,
) -> QuerySet[Case]:
    """One queue tab of a department, filtered (already validated values) and sorted.

    A team queue (``urgent_first``, departments with teams) lists urgent cases first: social
    assistance must be decided at the latest on the next working day when urgent.
    """
    queryset = Case.objects.filter(department=department).filter(_tab_condition(tab, user))
    queryset = _visible(queryset, team=team, confidential_reader=confidential_reader)
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
    # Plain ascending/descending (no NULLS LAST), so that PostgreSQL reads the page straight
    # from the (department, status, <field>, id) indexes, forwards or backwards. Sent
    # applications always have a receipt time, a record number and (a required field) an amount.
    order = [f"-{field}", "-pk"] if descending else [field, "pk"]
    if urgent_first:
        # The (department, team, status, -urgent, submitted_at) index serves this order.
        order = ["-urgent", *order]
    return queryset.select_related(
        "service", "grant_call", "organisation", "applicant", "handler", "team"
    ).order_by(*order)


def queue_filter_choices(*, department: Department) -> tuple[list[Service], list[GrantCall]]:
    """The services and grant calls a department's queue can be filtered by."""
    # Services with a form are the ones applied for; the others only receive feedback.
    services = list(
        Service.objects.filter(department=department, form__isnull=False).order_by("code")
    )
    if not handles_grants(services):
        # No grants, no grant calls to choose from (and no query for them).
        return services, []
    calls = list(
        GrantCall.objects.filter(service__department=department)
        .select_related("service")
        .order_by("service__code", "-opens_on", "pk")
    )
    return services, calls


def handles_grants(services: list[Service]) -> bool:
    """Whether a department's queue shows what only grants have (grant calls, amounts, decision
    proposals): the catalogue's service kind says so, without asking the domain apps."""
    return any(service.kind == ServiceKind.GRANT for service in services)


def filters_open(*, user) -> bool:
    """Whether the staff member keeps the queue's filter panel open (closed until they open it)."""
    return bool(
        QueuePreference.objects.filter(user_id=user.pk)
        .values_list("filters_open", flat=True)
        .first()
    )


def case_detail_for_handler(*, case: Case) -> Case:
    """The case (already access-checked) with everything the handler's page shows."""
    return (
        Case.objects.filter(pk=case.pk)
        .select_related(*CASE_RELATIONS, "applicant", "team")
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


# The applicant's other applications (with their overlap flags) are read by
# asiointi.grants.overlaps.other_applications.


def department_teams(*, department: Department, user) -> list[Team]:
    """The teams of a department, for the queue's team filter; ``is_member``: the user's own."""
    members = Team.members.through.objects.filter(team_id=OuterRef("pk"), user_id=user.pk)
    return list(
        Team.objects.filter(department=department)
        .annotate(is_member=Exists(members))
        .order_by("code")
    )


def department_handlers(*, department_id: int, confidential: bool = False) -> list:
    """The members of a department, to assign a case to one of them; for a confidential case
    only its team members (the only staff who may see it; cases.services.assignment.case_assign)."""
    people = get_user_model().objects.filter(memberships__department_id=department_id)
    if confidential:
        people = people.filter(teams__department_id=department_id)
    return list(people.distinct().order_by("last_name", "first_name", "pk"))


def transfer_departments(*, case: Case) -> list[Department]:
    """Where a case can be transferred: every department except its current one; a confidential
    case only to departments with teams (nobody else could see it there)."""
    departments = Department.objects.exclude(pk=case.department_id)
    if case.service.confidential:
        departments = departments.filter(pk__in=Team.objects.values("department_id"))
    return list(departments.order_by("code"))


def cross_department_search(*, text: str) -> QuerySet[Case]:
    """Sent grant applications of every department matching the words (read-only search).

    The same matching as the queue's search; newest first, with what the result list shows.
    """
    queryset = Case.objects.grants().exclude(status=CaseStatus.DRAFT)
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


@dataclasses.dataclass(frozen=True)
class Document:
    """One row of a case's document list: an application version or an attachment."""

    title: str
    at: datetime.datetime
    origin: str
    version_number: int | None = None
    attachment: Attachment | None = None


def _version_origin(case: Case, version: CaseVersion) -> str:
    # Staff intake (paper, phone, visit) sends the version in the applicant's name.
    if version.sent_by.is_staff and version.sent_by_id != case.applicant_id:
        return _("Entered by staff (%(channel)s)") % {"channel": case.get_channel_display()}
    return _("Online by the applicant")


def _attachment_origin(attachment: Attachment) -> str:
    if attachment.kind == AttachmentKind.DECISION_LETTER:
        return _("The platform")
    if attachment.from_staff:
        return _("Staff")
    return _("Applicant")


def case_documents(*, case: Case) -> list[Document]:
    """Every document of the case (versions, attachments, scanned paper, decision letters) in
    the order they came in: two queries, whatever their number."""
    versions = CaseVersion.objects.filter(case=case).select_related("sent_by").order_by("number")
    attachments = Attachment.objects.filter(case=case).order_by("uploaded_at", "pk")
    documents = [
        Document(
            title=_("Application, version %(number)s") % {"number": version.number},
            at=version.sent_at,
            origin=_version_origin(case, version),
            version_number=version.number,
        )
        for version in versions
    ] + [
        Document(
            title=attachment.get_kind_display(),
            at=attachment.uploaded_at,
            origin=_attachment_origin(attachment),
            attachment=attachment,
        )
        for attachment in attachments
    ]
    # Stable: a version and its attachments sent at the same moment keep the version first.
    return sorted(documents, key=lambda document: document.at)
