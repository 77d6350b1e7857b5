"""Open311 lists run a constant number of queries and use the published partial indexes."""

import pytest
from django.db import connection

from asiointi.catalogue.models import Service
from asiointi.feedback.constants import FeedbackEventKind
from asiointi.feedback.models import Feedback, FeedbackEvent, FeedbackPhoto
from asiointi.feedback.tests.builders import published_feedback

pytestmark = pytest.mark.django_db

LIST = "/open311/v2/requests.json"


def published(count: int, *, code: str = "kirjastot") -> list[Feedback]:
    """Published items, each with a public photo and a public event."""
    rows = published_feedback(count, code=code)
    for row in rows:
        FeedbackPhoto.objects.create(
            feedback=row,
            file="feedback/x.png",
            original_name="x.png",
            content_type="image/png",
            size=1,
            sha256="0" * 64,
            public=True,
        )
        FeedbackEvent.objects.create(
            feedback=row, kind=FeedbackEventKind.RECEIVED, created_at=row.received_at
        )
    return rows


@pytest.mark.parametrize(
    ("params", "queries"),
    [
        ("", 4),  # the feedback; the public photos; all services; all departments
        ("?extensions=true", 5),  # + the public events
        ("?service_code=kirjastot", 5),  # + the codes' ids
    ],
)
@pytest.mark.parametrize("count", [1, 30])
def test_list_queries_do_not_grow_with_the_items(
    client, catalogue, django_assert_num_queries, params, queries, count
):
    published(count)
    with django_assert_num_queries(queries):
        response = client.get(LIST + params)
    assert response.status_code == 200
    assert len(response.json()) == count


def test_one_request_by_id_in_constant_queries(client, catalogue, django_assert_num_queries):
    (feedback,) = published(1)
    with django_assert_num_queries(3):
        response = client.get(f"/open311/v2/requests/{feedback.request_id}.json?extensions=true")
    assert response.json()[0]["extended_attributes"]["request_history"][0]["status"] == "RECEIVED"


def test_the_list_is_planned_on_the_published_indexes_without_a_sort(catalogue):
    """The list reads the partial index backwards and stops at 1,000 rows, on both engines."""
    from asiointi.feedback.open311 import selectors
    from asiointi.feedback.open311.params import list_filters

    published(3)
    # A sort step: PostgreSQL's "Sort" node, SQLite's "USE TEMP B-TREE FOR ORDER BY".
    sort_step = "Sort" if connection.vendor == "postgresql" else "TEMP B-TREE"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")  # three rows would not need an index
    plan = selectors.published_queryset(list_filters({}), []).explain()
    assert "feedback_open311_idx" in plan and sort_step not in plan
    kirjastot = Service.objects.get(code="kirjastot").pk
    plan = selectors.published_queryset(list_filters({}), [kirjastot]).explain()
    assert "feedback_open311_svc_idx" in plan and sort_step not in plan
