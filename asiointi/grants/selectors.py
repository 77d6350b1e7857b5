"""Reads for the decision-list pages, each in a fixed number of queries."""

from django.db.models import Count, JSONField, OuterRef, QuerySet, Subquery, Sum

from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case, CaseVersion
from asiointi.eforms.spec import FormSpec
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
        .select_related(
            "case", "case__organisation", "case__applicant", "case__service", "case__form"
        )
        .annotate(sent_data=latest_version_data("case"))
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


def latest_version_data(case_path: str = "pk") -> Subquery:
    """The form data of the latest sent version of the case at ``case_path``, as an annotation."""
    return Subquery(
        CaseVersion.objects.filter(case=OuterRef(case_path)).order_by("-number").values("data")[:1],
        output_field=JSONField(),
    )


def purpose_of(case: Case, sent_data: dict | None) -> str:
    """What the grant is for: the form's "purpose" summary field in the latest sent version
    (``sent_data``, from ``latest_version_data``), else the service's name. Never the case's
    title, which is the applicant's name on an operating grant. A definition stored before the
    forms named their purpose field (revision 1 of the shipped grant forms in a database made
    earlier) falls back to its field called ``purpose``."""
    spec = FormSpec.from_definition(case.form)
    field = spec.summary_field("purpose") or ("purpose" if "purpose" in spec.fields else None)
    value = (sent_data or {}).get(field) if field else None
    return str(value).strip() if value else case.service.name


def applicant_name(case: Case) -> str:
    return case.organisation.name if case.organisation_id else case.applicant.display_name
