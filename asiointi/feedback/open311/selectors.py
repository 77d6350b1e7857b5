"""Reads behind the Open311 endpoints; each runs a fixed number of queries whatever the size.

Lists show only published feedback, newest *requested* first, within the specification's window
on the requested time (``received_at``). The partial indexes ``feedback_open311_idx``
(``received_at, id``) and ``feedback_open311_svc_idx`` (``service, received_at, id``), both
``WHERE publication = 'published'``, serve exactly this: the database reads the index backwards
from the window's end and stops after 1,000 rows, whether the window is the last 90 days or one a
year ago (bench/README.md has the plans and figures). The texts nobody here shows (the original
description, the answer, contact details) are not even loaded.
"""

from django.db.models import Prefetch

from asiointi.catalogue.models import Service
from asiointi.feedback.constants import CLOSED_STATUSES, OPEN_STATUSES, PUBLIC_EVENTS, Publication
from asiointi.feedback.intake import normalise_tracking_code
from asiointi.feedback.models import Feedback, FeedbackEvent, FeedbackPhoto, parse_request_id
from asiointi.feedback.open311.params import ListFilters
from asiointi.organisation.models import Department

MAX_ITEMS = 1000
# Personal or unmoderated texts: never shown by the API, so never read for a list.
_NOT_SHOWN = ("description", "answer", "contact_name", "contact_email", "contact_phone", "title")


def feedback_services():
    return Service.objects.filter(accepts_feedback=True).select_related("department")


def service_for_feedback(code: str) -> Service | None:
    return feedback_services().filter(code=code).first()


def service_ids(codes: list[str]) -> dict[str, int]:
    """Known codes → ids. Any service counts, also one that no longer takes feedback: its old
    published feedback is still listed."""
    return dict(Service.objects.filter(code__in=codes).values_list("code", "pk"))


def _with_related(queryset, *, history: bool, catalogue: bool = True):
    if catalogue:
        queryset = queryset.select_related("service", "department")
    queryset = queryset.prefetch_related(
        Prefetch(
            "photos",
            queryset=FeedbackPhoto.objects.filter(public=True).only("feedback_id").order_by("id"),
            to_attr="public_photos",
        )
    )
    if history:
        queryset = queryset.prefetch_related(
            Prefetch(
                "events",
                queryset=FeedbackEvent.objects.filter(kind__in=PUBLIC_EVENTS)
                .only("feedback_id", "kind", "created_at")
                .order_by("created_at", "id"),
                to_attr="public_events",
            )
        )
    return queryset


def published_queryset(filters: ListFilters, service_pks: list[int]):
    """The list's rows in order, before related objects are attached."""
    queryset = Feedback.objects.filter(publication=Publication.PUBLISHED)
    if filters.request_ids:
        # The ids override every other filter (GeoReport v2).
        queryset = queryset.filter(pk__in={pk for _year, pk in filters.request_ids})
    else:
        queryset = queryset.filter(received_at__gte=filters.start, received_at__lte=filters.end)
        if service_pks:
            queryset = queryset.filter(service_id__in=service_pks)
        if filters.statuses == {"open"}:
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        elif filters.statuses == {"closed"}:
            queryset = queryset.filter(status__in=CLOSED_STATUSES)
    return queryset.defer(*_NOT_SHOWN).order_by("-received_at", "-id")[:MAX_ITEMS]


def _attach_catalogue(items: list[Feedback]) -> None:
    """Services and departments are a handful of rows: load each once and attach them, instead
    of having a join build a copy of them for each of up to 1,000 items."""
    services = {service.pk: service for service in Service.objects.all()}
    departments = {department.pk: department for department in Department.objects.all()}
    for item in items:
        Feedback.service.field.set_cached_value(item, services.get(item.service_id))
        Feedback.department.field.set_cached_value(item, departments.get(item.department_id))


def published_requests(filters: ListFilters, service_pks: list[int]) -> list[Feedback]:
    queryset = published_queryset(filters, service_pks)
    items = list(_with_related(queryset, history=filters.extensions, catalogue=False))
    _attach_catalogue(items)
    if filters.request_ids:
        wanted = set(filters.request_ids)
        items = [item for item in items if (item.received_at.year, item.pk) in wanted]
    return items


def request_by_id(raw: str, *, history: bool) -> Feedback | None:
    """Any feedback by its number, published or not (the caller hides what is not public)."""
    parsed = parse_request_id(raw)
    if parsed is None:
        return None
    year, pk = parsed
    feedback = _with_related(Feedback.objects.filter(pk=pk), history=history).first()
    if feedback is None or feedback.received_at.year != year:
        return None
    return feedback


def feedback_by_token(token: str) -> Feedback | None:
    code = normalise_tracking_code(token)
    if not code:
        return None
    return (
        Feedback.objects.filter(tracking_code=code)
        .only("pk", "received_at", "tracking_code")
        .first()
    )
