"""Reads for the decision-list pages, each in a fixed number of queries."""

from django.db.models import Count, QuerySet, Sum

from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.grants.models import DecisionList, DecisionListEntry
from asiointi.organisation.models import Department


def decision_list_list(*, department: Department) -> QuerySet[DecisionList]:
    """The department's lists, newest first, with their size and sums (one query)."""
    return (
        DecisionList.objects.filter(department=department)
        .select_related("created_by", "approved_by")
        .annotate(
            case_count=Count("entries"),
            requested_total=Sum("entries__case__requested_amount"),
            proposed_total=Sum("entries__case__granted_amount"),
        )
        .order_by("-created_at", "-pk")
    )


def decision_list_entries(*, decision_list: DecisionList) -> QuerySet[DecisionListEntry]:
    """The proposals on a list in record-number order, with what the list shows of each."""
    return (
        DecisionListEntry.objects.filter(decision_list=decision_list)
        .select_related("case", "case__organisation", "case__applicant", "case__service")
        .order_by("case__record_number", "pk")
    )


def available_proposals(*, department: Department) -> QuerySet[Case]:
    """The department's decision proposals that are on no list yet."""
    return (
        Case.objects.filter(
            department=department,
            status=CaseStatus.DECISION_PROPOSED,
            decision_list_entry__isnull=True,
        )
        .select_related("organisation", "applicant", "service")
        .order_by("record_number")
    )


def applicant_name(case: Case) -> str:
    return case.organisation.name if case.organisation_id else case.applicant.display_name
