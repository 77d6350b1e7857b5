"""Reads behind the Open311 endpoints; each runs a fixed number of queries whatever the size.

Lists show only published feedback, newest *requested* first, within the specification's window
on the requested time (``received_at``). The partial indexes ``feedback_open311_idx``
(``received_at, id``) and ``feedback_open311_svc_idx`` (``service, received_at, id``), both
``WHERE publication = 'published'``, serve exactly this: the database reads the index backwards
from the window's end and stops after 1,000 rows, whether the window is the last 90 days or one a
year ago (bench/README.md has the plans and figures). The texts nobody here shows (the original
description, the answer, contact details) are not even loaded.

Rows are plain values, not model instances: a list only serialises them, and building up to
1,000 instances with a prefetch of photos cost more than the query. Whether an item has a public
photo is an ``EXISTS`` in the same query, so the photos' ids are fetched only for those that do
(usually none or a few). Services and departments come from the per-process cache in
``catalogue.py``.
"""

from django.db.models import Exists, OuterRef

from asiointi.catalogue.models import Service
from asiointi.feedback.constants import CLOSED_STATUSES, OPEN_STATUSES, PUBLIC_EVENTS, Publication
from asiointi.feedback.intake import normalise_tracking_code
from asiointi.feedback.models import Feedback, FeedbackEvent, FeedbackPhoto, parse_request_id
from asiointi.feedback.open311.catalogue import Catalogue
from asiointi.feedback.open311.params import ListFilters

MAX_ITEMS = 1000
# The columns a request's representation is built from. Personal or unmoderated texts (the
# original description, the answer, contact details) are never read.
SHOWN = (
    "id",
    "received_at",
    "updated_at",
    "status",
    "publication",
    "service_id",
    "department_id",
    "public_description",
    "public_answer",
    "address",
    "address_id",
    "lat",
    "long",
    "media_url",
    "reply_wanted",
)


def feedback_services():
    return Service.objects.filter(accepts_feedback=True).select_related("department")


def service_for_feedback(code: str) -> Service | None:
    return feedback_services().filter(code=code).first()


def service_ids(catalogue: Catalogue, codes: list[str]) -> dict[str, int]:
    """Known codes → ids. Any service counts, also one that no longer takes feedback: its old
    published feedback is still listed."""
    return {code: catalogue.by_code[code].pk for code in codes if code in catalogue.by_code}


def _has_public_photo():
    return Exists(FeedbackPhoto.objects.filter(feedback=OuterRef("pk"), public=True))


def published_queryset(filters: ListFilters, service_pks: list[int]):
    """The list's rows in order, as plain values: the columns a request shows and whether it
    has a public photo."""
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
    return (
        queryset.annotate(has_photo=_has_public_photo())
        .values(*SHOWN, "has_photo")
        .order_by("-received_at", "-id")[:MAX_ITEMS]
    )


def _attach_photos_and_history(rows: list[dict], *, history: bool) -> None:
    """Each row's public photo ids (one query, only for the rows that have any) and, with
    ``history``, its public events (one query)."""
    photo_ids = {row["id"]: [] for row in rows if row["has_photo"]}
    if photo_ids:
        photos = FeedbackPhoto.objects.filter(public=True, feedback_id__in=photo_ids)
        for feedback_id, pk in photos.order_by("id").values_list("feedback_id", "id"):
            photo_ids[feedback_id].append(pk)
    for row in rows:
        row["photo_ids"] = photo_ids.get(row["id"], ())
    if not history:
        return
    events = {row["id"]: [] for row in rows}
    if events:
        public_events = FeedbackEvent.objects.filter(
            kind__in=PUBLIC_EVENTS, feedback_id__in=events
        ).order_by("created_at", "id")
        for feedback_id, kind, created_at in public_events.values_list(
            "feedback_id", "kind", "created_at"
        ):
            events[feedback_id].append((kind, created_at))
    for row in rows:
        row["events"] = events[row["id"]]


def published_requests(filters: ListFilters, service_pks: list[int]) -> list[dict]:
    """Published requests as plain rows (``SHOWN`` columns, ``photo_ids`` and, with
    extensions, ``events``): one query, one more for photos if any row has one, one more for
    the history."""
    rows = list(published_queryset(filters, service_pks))
    if filters.request_ids:
        wanted = set(filters.request_ids)
        rows = [row for row in rows if (row["received_at"].year, row["id"]) in wanted]
    _attach_photos_and_history(rows, history=filters.extensions)
    return rows


def request_by_id(raw: str, *, history: bool) -> dict | None:
    """Any feedback by its number, published or not (the caller hides what is not public), as
    the same plain row as a list's."""
    parsed = parse_request_id(raw)
    if parsed is None:
        return None
    year, pk = parsed
    row = (
        Feedback.objects.filter(pk=pk)
        .annotate(has_photo=_has_public_photo())
        .values(*SHOWN, "has_photo")
        .first()
    )
    if row is None or row["received_at"].year != year:
        return None
    _attach_photos_and_history([row], history=history)
    return row


def feedback_by_token(token: str) -> Feedback | None:
    code = normalise_tracking_code(token)
    if not code:
        return None
    return (
        Feedback.objects.filter(tracking_code=code)
        .only("pk", "received_at", "tracking_code")
        .first()
    )
