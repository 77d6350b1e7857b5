"""Open311 reads run a constant number of queries and use the published partial indexes.

The figures are exact. Services and departments come from the per-process catalogue cache
(open311/catalogue.py): when it is current, one query checks the catalogue's version token; when
it is cold (or the catalogue changed) three more build it. Photos cost a query only when an item
in the answer has one.
"""

import pytest
from django.db import connection

from asiointi.catalogue.models import Service
from asiointi.feedback.constants import FeedbackEventKind
from asiointi.feedback.models import Feedback, FeedbackEvent, FeedbackPhoto
from asiointi.feedback.open311 import catalogue as open311_catalogue
from asiointi.feedback.tests.builders import published_feedback

pytestmark = pytest.mark.django_db

LIST = "/open311/v2/requests.json"


# The catalogue's version token; and building the catalogue: services and departments.
VERSION = 1
BUILD = 2


def published(count: int, *, code: str = "kirjastot", photos: bool = True) -> list[Feedback]:
    """Published items, each with a public event and (with ``photos``) a public photo."""
    rows = published_feedback(count, code=code)
    for row in rows:
        FeedbackEvent.objects.create(
            feedback=row, kind=FeedbackEventKind.RECEIVED, created_at=row.received_at
        )
        if not photos:
            continue
        FeedbackPhoto.objects.create(
            feedback=row,
            file="feedback/x.png",
            original_name="x.png",
            content_type="image/png",
            size=1,
            sha256="0" * 64,
            public=True,
        )
    return rows


def cold_catalogue_cache() -> None:
    open311_catalogue._catalogue.clear()


@pytest.mark.parametrize(
    ("params", "queries"),
    [
        ("", VERSION + 1),  # + the feedback with "has a public photo"
        ("?extensions=true", VERSION + 2),  # + the public events
        ("?service_code=kirjastot", VERSION + 1),  # the codes come from the catalogue
    ],
)
@pytest.mark.parametrize("photos", [False, True], ids=["no-photos", "photos"])
@pytest.mark.parametrize("count", [5, 50])
def test_list_queries_do_not_grow_with_the_items(
    client, catalogue, django_assert_num_queries, params, queries, photos, count
):
    published(count, photos=photos)
    cold_catalogue_cache()
    with django_assert_num_queries(queries + BUILD + photos):
        cold = client.get(LIST + params)
    with django_assert_num_queries(queries + photos):  # + the public photos' ids
        warm = client.get(LIST + params)
    assert cold.status_code == warm.status_code == 200
    assert cold.content == warm.content
    assert len(warm.json()) == count
    assert all(bool(item["media_url"]) == photos for item in warm.json())


@pytest.mark.parametrize("photos", [False, True], ids=["no-photos", "photos"])
def test_one_request_by_id_in_constant_queries(
    client, catalogue, django_assert_num_queries, photos
):
    (feedback,) = published(1, photos=photos)
    url = f"/open311/v2/requests/{feedback.request_id}.json?extensions=true"
    cold_catalogue_cache()
    # The version; the feedback; its photos' ids if it has any; its public events.
    with django_assert_num_queries(VERSION + BUILD + 2 + photos):
        client.get(url)
    with django_assert_num_queries(VERSION + 2 + photos):
        response = client.get(url)
    (item,) = response.json()
    assert item["extended_attributes"]["request_history"][0]["status"] == "RECEIVED"
    assert len(item["extended_attributes"]["media_urls"]) == photos


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_services_list_is_one_query_when_cached(client, catalogue, django_assert_num_queries, fmt):
    cold_catalogue_cache()
    with django_assert_num_queries(VERSION + BUILD):
        cold = client.get(f"/open311/v2/services.{fmt}")
    with django_assert_num_queries(VERSION):
        warm = client.get(f"/open311/v2/services.{fmt}")
    with django_assert_num_queries(VERSION):
        client.get(f"/open311/v2/services/kirjastot.{fmt}")
    assert cold.status_code == warm.status_code == 200
    assert cold.content == warm.content
    assert cold["Content-Type"] == warm["Content-Type"]


SERVICES = "/open311/v2/services.json"


def test_any_change_to_the_catalogue_is_seen_at_once(client, catalogue):
    """The database changes the version token itself, so a change made however (here a
    queryset update, which sends no signal, and a department renamed) reaches every process."""
    from asiointi.organisation.models import Department

    def services() -> dict:
        return {item["service_code"]: item for item in client.get(SERVICES).json()}

    assert services()["puistot"]["service_name"] == "Puistot ja viheralueet"
    Service.objects.filter(code="puistot").update(name_fi="Puistot")
    assert services()["puistot"]["service_name"] == "Puistot"
    Service.objects.filter(code="puistot").update(accepts_feedback=False)
    assert "puistot" not in services()
    Department.objects.filter(pk=Service.objects.get(code="kirjastot").department_id).update(
        name_fi="Kulttuuri"
    )
    assert services()["kirjastot"]["group"] == "Kulttuuri"


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
    # Either partial index serves a service's list in order; which one is cheaper depends on the
    # statistics the rest of the suite left in the table (feedback_bench measures it at scale).
    assert "feedback_open311" in plan and sort_step not in plan
