"""Reads for the e-services folder. Each list runs a fixed number of queries, whatever its size."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from asiointi.cases.access import CASE_RELATIONS, applicant_scope
from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import (
    Attachment,
    Case,
    CaseReadAudit,
    CaseVersion,
    InternalNote,
    Message,
    ReadPurpose,
    TimelineEvent,
)
from asiointi.common.errors import NotFound

FOLDER_GROUPS = {
    "drafts": [CaseStatus.DRAFT],
    "sent": [CaseStatus.RECEIVED, CaseStatus.AWAITING_SUPPLEMENT],
    "processing": [CaseStatus.IN_PROCESSING],
    "decided": [CaseStatus.DECIDED, CaseStatus.CLOSED, CaseStatus.WITHDRAWN],
}


def case_list_for_applicant(*, user, organisation=None, group: str | None = None) -> QuerySet[Case]:
    """The folder: the person's own cases, or (when acting for one) an organisation's cases."""
    if organisation is not None:
        queryset = Case.objects.filter(organisation=organisation)
    else:
        queryset = Case.objects.filter(applicant=user, organisation__isnull=True)
    if group in FOLDER_GROUPS:
        queryset = queryset.filter(status__in=FOLDER_GROUPS[group])
    return queryset.select_related("service", "department", "grant_call").order_by(
        "-updated_at", "-pk"
    )


def case_detail_for_applicant(*, user, case_id: int) -> Case:
    """A case with everything its page shows, in a fixed number of queries.

    Applies the same scope as ``access_case_for_applicant`` (and raises the same NotFound), so the
    page needs no separate access query: the case is loaded once, with its relations, and the
    scope is a subquery on the representations that cannot repeat its row (no ``DISTINCT``).
    """
    if not user.is_authenticated:
        raise NotFound(_("Application not found."))
    queryset = (
        Case.objects.filter(applicant_scope(user), pk=case_id)
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
            Prefetch(
                "events",
                queryset=TimelineEvent.objects.filter(visible_to_applicant=True).select_related(
                    "actor"
                ),
                to_attr="applicant_events",
            ),
        )
    )
    try:
        return queryset.get()
    except Case.DoesNotExist:
        raise NotFound(_("Application not found.")) from None


def version_list(*, case: Case) -> QuerySet[CaseVersion]:
    """The versions sent of a case (already access-checked), oldest first."""
    return case.versions.select_related("sent_by").order_by("number")


def attachment_list(*, case: Case) -> QuerySet[Attachment]:
    """Every attachment of a case, also those sent with a message."""
    return case.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")


def message_list(*, case: Case) -> QuerySet[Message]:
    return (
        case.messages.select_related("sender")
        .prefetch_related("attachments")
        .order_by("sent_at", "pk")
    )


def applicant_event_list(*, case: Case) -> QuerySet[TimelineEvent]:
    """The timeline as the applicant sees it: only the events meant for them."""
    return case.events.filter(visible_to_applicant=True).order_by("at", "pk")


def note_list(*, case: Case) -> QuerySet[InternalNote]:
    """Internal notes of a case (already access-checked for a handler). Never for applicants."""
    return case.internal_notes.select_related("author").order_by("created_at", "pk")


def case_read_audit_list(
    *, case: Case | None = None, reader=None, auditor=None
) -> QuerySet[CaseReadAudit]:
    """For auditors: who read which audited case (another department's, or a confidential one)
    and when, newest first.

    Given an ``auditor``, reads of confidential cases are listed only for the departments the
    auditor is a member of: even the fact that a person's social-assistance case was read is
    that department's matter.
    """
    queryset = CaseReadAudit.objects.select_related("reader", "case", "case__department")
    if auditor is not None:
        queryset = queryset.filter(
            Q(purpose=ReadPurpose.CROSS_DEPARTMENT)
            | Q(case__department__in=auditor.memberships.values("department"))
        )
    if case is not None:
        queryset = queryset.filter(case=case)
    if reader is not None:
        queryset = queryset.filter(reader=reader)
    return queryset.order_by("-read_at", "-pk")


def version_comparison(*, case: Case, number, compare_to=None) -> dict:
    """One sent version for display, and its field-by-field changes against another version.

    For the applicant's and the handler's version pages alike; the case is already access-checked.
    """
    from asiointi.cases.access import access_version
    from asiointi.eforms.display import diff, display_rows
    from asiointi.eforms.spec import FormSpec

    shown = access_version(case, number)
    spec = FormSpec.from_definition(case.form)
    changes = other = None
    if compare_to is not None:
        other = access_version(case, compare_to)
        older, newer = sorted([other, shown], key=lambda v: v.number)
        changes = diff(spec, older.data, newer.data)
    return {
        "case": case,
        "version": shown,
        "rows": display_rows(spec, shown.data),
        "other": other,
        "changes": changes,
        "numbers": list(case.versions.values_list("number", flat=True)),
    }
