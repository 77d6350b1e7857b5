"""Reading income reviews for the fee official's pages: the queue tabs, their counts and the
review page's data.

Only reviews of the official's own departments are read (``access.reviews_for_staff``). The
queue uses the ``review_queue_idx`` index (status, needs_manual, id) and a fixed number of
queries whatever the number of rows (tests pin it).
"""

import itertools

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q

from asiointi.fees.access import reviews_for_staff
from asiointi.fees.constants import IncomeSource, ReviewStatus, Subject
from asiointi.fees.models import (
    FeeDecision,
    FeeProposal,
    IncomeCorrection,
    IncomeRecord,
    IncomeReview,
)

TABS = ("waiting", "manual", "proposed", "decided")


def _tab_filter(tab: str) -> Q:
    if tab == "waiting":
        return Q(status=ReviewStatus.WAITING_FOR_CLIENT)
    if tab == "manual":
        # Incomes still to be collected, or a proposal the batch flagged (missing data, a
        # registry error, a large change, an unverified rule figure, declared incomes).
        return Q(status=ReviewStatus.COLLECTING) | Q(
            status=ReviewStatus.PROPOSED, needs_manual=True
        )
    if tab == "proposed":
        return Q(status=ReviewStatus.PROPOSED, needs_manual=False)
    return Q(status=ReviewStatus.DECIDED)


def _narrowed(rows, *, service: str = "", search: dict | None = None):
    """The reviews of one service, and of the clients the search finds.

    A personal identity code (validated by the form) is looked up exactly, through the unique
    index on ``national_id``; a name word by word (any part of the first or the last name, any
    case), each word a subquery on the people, which PostgreSQL answers from the trigram indexes
    on the names (handling/migrations/0001_search_indexes.py). Neither costs a query of its own.
    """
    if service:
        rows = rows.filter(client__service=service)
    search = search or {}
    if search.get("hetu"):
        people = get_user_model().objects.filter(national_id=search["hetu"])
        rows = rows.filter(client__person_id__in=people.values("pk"))
    for word in (search.get("name") or "").split():
        people = get_user_model().objects.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word)
        )
        rows = rows.filter(client__person_id__in=people.values("pk"))
    return rows


# The queue's sortable columns (``?sort=client|-client|period|-period``): the order_by fields.
SORTS = {
    "client": ("client__person__last_name", "client__person__first_name"),
    "period": ("period_start",),
}


def queue_list(*, actor, tab: str, service: str = "", search: dict | None = None, sort: str = ""):
    """One tab's reviews: open tabs by fee period (earliest first), decided ones newest first,
    unless sorted by a column (``SORTS``, a leading "-" for descending)."""
    rows = (
        reviews_for_staff(actor)
        .filter(_tab_filter(tab))
        .select_related("client", "client__person", "proposal", "decision", "decision__decided_by")
    )
    rows = _narrowed(rows, service=service, search=search)
    if sort.lstrip("-") in SORTS:
        prefix = "-" if sort.startswith("-") else ""
        return rows.order_by(*(prefix + field for field in SORTS[sort.lstrip("-")]), prefix + "id")
    if tab == "decided":
        return rows.order_by("-decision__decided_at", "-id")
    return rows.order_by("period_start", "id")


def queue_counts(*, actor, service: str = "", search: dict | None = None) -> dict[str, int]:
    """The number on each tab (with the same service and search), in one query."""
    rows = _narrowed(reviews_for_staff(actor), service=service, search=search)
    return rows.aggregate(**{tab: Count("pk", filter=_tab_filter(tab)) for tab in TABS})


def grouped_incomes(records: list[IncomeRecord]) -> list[tuple[str, list[tuple[str, list]]]]:
    """[(whose, [(source, [records])])], client first, registries before hand-entered figures."""
    subject_order = {value: index for index, value in enumerate(Subject.values)}
    source_order = {value: index for index, value in enumerate(IncomeSource.values)}
    ordered = sorted(
        records,
        key=lambda r: (subject_order.get(r.subject, 99), source_order.get(r.source, 99), r.pk),
    )
    groups = []
    for subject, by_subject in itertools.groupby(ordered, key=lambda r: r.subject):
        sources = [
            (IncomeSource(source).label, list(items))
            for source, items in itertools.groupby(by_subject, key=lambda r: r.source)
        ]
        groups.append((Subject(subject).label, sources))
    return groups


def review_detail(review: IncomeReview) -> dict:
    """The review page's related rows, each in one query."""
    corrections = IncomeCorrection.objects.select_related("corrected_by").order_by(
        "corrected_at", "pk"
    )
    incomes = list(
        review.incomes.select_related("recorded_by", "attachment").prefetch_related(
            Prefetch("corrections", queryset=corrections)
        )
    )
    return {
        "consents": list(
            review.consents.select_related("recorded_by", "withdrawn_by", "person").order_by(
                "-given_at", "-pk"
            )
        ),
        "queries": list(review.queries.select_related("requested_by").order_by("-at", "-pk")),
        "incomes": incomes,
        "income_groups": grouped_incomes(incomes),
        "attachments": list(review.attachments.select_related("uploaded_by")),
        "proposal": FeeProposal.objects.filter(review=review).first(),
        "decision": FeeDecision.objects.select_related("decided_by").filter(review=review).first(),
    }
