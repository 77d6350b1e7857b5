"""The fee official finds a client by name or personal identity code among thousands of clients,
in a fixed number of queries; the queue's filter bar also works with htmx (results only)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from asiointi.fees.constants import ReviewStatus
from asiointi.fees.models import FeeClient, IncomeReview
from asiointi.organisation.models import Department
from asiointi.testing.fixtures import EINO_ID

pytestmark = pytest.mark.django_db

QUEUE = "fees_handling:queue"
CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# Session, user, the membership check, the page of rows, the tab counts: with or without a search.
QUEUE_QUERIES = 5


def hetu_for(number: int) -> str:
    """A distinct valid personal identity code for each number: born in January 1950, 800 people
    a day (individual numbers 002-801)."""
    birth, individual = f"{1 + number // 800:02d}0150", f"{2 + number % 800:03d}"
    return f"{birth}-{individual}{CHECK[int(birth + individual) % 31]}"


def many_clients(count: int, *, department: Department) -> None:
    """``count`` clients (first names Asiakas, last names Numero<n>), each with a review waiting
    for the client; built with bulk_create so that thousands take a moment."""
    people = get_user_model().objects.bulk_create(
        get_user_model()(
            username=f"bulk{number}",
            first_name="Asiakas",
            last_name=f"Numero{number}",
            national_id=hetu_for(number),
        )
        for number in range(count)
    )
    clients = FeeClient.objects.bulk_create(
        FeeClient(
            person=person,
            department=department,
            service="home-care",
            monthly_hours=10,
            monthly_cost=Decimal("900.00"),
            next_review_due=datetime.date(2026, 12, 1),
        )
        for person in people
    )
    IncomeReview.objects.bulk_create(
        IncomeReview(
            client=client,
            period_start=datetime.date(2026, 12, 1),
            status=ReviewStatus.WAITING_FOR_CLIENT,
        )
        for client in clients
    )


@pytest.fixture
def official(client, fee_official):
    client.force_login(fee_official)
    return client


def rows(response) -> list[str]:
    assert response.status_code == 200
    return [row.client.person.display_name for row in response.context["rows"]]


def counts(response) -> dict[str, int]:
    return {key: count for key, _label, count in response.context["tabs"]}


def test_search_by_part_of_the_name_in_any_case(official, fee_review):
    response = official.get(reverse(QUEUE), {"tab": "waiting", "q": "eläkel"})
    assert rows(response) == ["Eino Eläkeläinen"]
    assert rows(official.get(reverse(QUEUE), {"tab": "waiting", "q": "EINO eläkeläinen"})) == [
        "Eino Eläkeläinen"
    ]
    assert rows(official.get(reverse(QUEUE), {"tab": "waiting", "q": "Eino Nobody"})) == []


def test_search_by_personal_identity_code_is_exact(official, fee_review):
    response = official.get(reverse(QUEUE), {"tab": "waiting", "q": f" {EINO_ID.lower()} "})
    assert rows(response) == ["Eino Eläkeläinen"]
    assert EINO_ID in response.content.decode()
    # A part of the code finds nobody: it must be the whole, valid code.
    response = official.get(reverse(QUEUE), {"tab": "waiting", "q": EINO_ID[:6]})
    assert response.context["filters"].errors.keys() == {"q"}
    assert rows(response) == ["Eino Eläkeläinen"]  # the invalid search is left out


def test_an_invalid_code_is_reported_at_the_field(official, fee_review):
    wrong = EINO_ID[:-1] + ("A" if EINO_ID[-1] != "A" else "B")
    response = official.get(reverse(QUEUE), {"tab": "waiting", "q": wrong})
    page = response.content.decode()
    assert "Enter a valid personal identity code." in page
    assert 'id="fee-filter-errors"' in page


def test_tab_counts_follow_the_search(official, fee_review, fee_official):
    many_clients(3, department=fee_review.client.department)
    response = official.get(reverse(QUEUE), {"tab": "manual", "q": "Eläkeläinen"})
    # Eino's review waits for him: the "waiting" tab says where he is.
    assert counts(response) == {"waiting": 1, "manual": 0, "proposed": 0, "decided": 0}
    assert "q=El%C3%A4kel%C3%A4inen" in response.content.decode()  # tab links keep the search


def test_another_departments_client_is_not_found(client, fee_review, handler_culture):
    client.force_login(handler_culture)
    response = client.get(reverse(QUEUE), {"tab": "waiting", "q": EINO_ID})
    assert rows(response) == []


def test_htmx_search_gets_only_the_results(official, fee_review):
    response = official.get(
        reverse(QUEUE),
        {"tab": "waiting", "q": "eino"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="fee-results",
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="fee-results"')
    assert "<html" not in page and "Eino Eläkeläinen" in page
    page = official.get(reverse(QUEUE), {"tab": "waiting", "q": "eino"}).content.decode()
    assert "<html" in page and 'hx-target="#fee-results"' in page


def test_finding_one_client_among_thousands_takes_a_fixed_number_of_queries(
    official, fee_review, django_assert_num_queries
):
    department = fee_review.client.department
    many_clients(2000, department=department)
    wanted = get_user_model().objects.get(username="bulk1234")
    with django_assert_num_queries(QUEUE_QUERIES):
        by_code = official.get(reverse(QUEUE), {"tab": "waiting", "q": wanted.national_id})
    assert rows(by_code) == ["Asiakas Numero1234"]
    assert by_code.context["total"] == 1
    with django_assert_num_queries(QUEUE_QUERIES):
        by_name = official.get(reverse(QUEUE), {"tab": "waiting", "q": "numero1234"})
    assert rows(by_name) == ["Asiakas Numero1234"]
    with django_assert_num_queries(QUEUE_QUERIES):
        everyone = official.get(reverse(QUEUE), {"tab": "waiting"})
    assert everyone.context["total"] == 2001
    assert len(everyone.context["rows"]) == 30
    assert everyone.context["page_items"] == [1, 2, None, 67]


def test_sorting_by_clicking_the_client_header(official, fee_review):
    many_clients(3, department=fee_review.client.department)
    page = official.get(reverse(QUEUE), {"tab": "waiting"}).content.decode()
    assert 'data-sort="client"' in page and 'data-sort="period"' in page
    response = official.get(reverse(QUEUE), {"tab": "waiting", "sort": "client"})
    assert rows(response) == [
        "Eino Eläkeläinen",
        "Asiakas Numero0",
        "Asiakas Numero1",
        "Asiakas Numero2",
    ]
    assert 'aria-sort="ascending"' in response.content.decode()
    response = official.get(reverse(QUEUE), {"tab": "waiting", "sort": "-client"})
    assert rows(response)[0] == "Asiakas Numero2"
    # A search keeps the sort (the filter bar carries it).
    assert 'name="sort" value="-client"' in response.content.decode()
