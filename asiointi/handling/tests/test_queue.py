"""The work queues: tabs with counts, filters, search, sorting and pagination."""

import pytest
from django.urls import reverse
from django.utils import translation

from asiointi.catalogue.models import GrantCall, Service
from asiointi.handling import views
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import days_ago, en

pytestmark = pytest.mark.django_db


def rows(client, query: str = "", url: str | None = None) -> list[str]:
    response = client.get((url or reverse("handling:queue")) + query)
    assert response.status_code == 200
    return [case.record_number for case in response.context["cases"]]


def numbers(queue_cases, *names) -> list[str]:
    return [queue_cases[name].record_number for name in names]


@pytest.fixture
def kaisa(client, handler_culture, queue_cases):
    client.force_login(handler_culture)
    return handler_culture


def test_tabs_show_their_counts(client, kaisa, django_assert_num_queries):
    response = client.get(reverse("handling:queue"))
    assert [(key, count) for key, _label, count in response.context["tabs"]] == [
        ("new", 3),
        ("mine", 1),
        ("processing", 1),
        ("supplement", 1),
        ("decided", 1),
    ]
    assert 'data-count="new">3<' in response.content.decode()


@pytest.mark.parametrize(
    ("tab", "expected"),
    [
        ("new", ["kallio", "sports", "aino"]),
        ("mine", ["processing"]),
        ("processing", ["processing"]),
        ("supplement", ["supplement"]),
        ("decided", ["decided"]),
        ("nonsense", ["kallio", "sports", "aino"]),
    ],
)
def test_each_tab_lists_its_cases_oldest_first(client, kaisa, queue_cases, tab, expected):
    assert rows(client, f"?tab={tab}") == numbers(queue_cases, *expected)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("received", ["kallio", "sports", "aino"]),
        ("-received", ["aino", "sports", "kallio"]),
        ("amount", ["aino", "sports", "kallio"]),
        ("-amount", ["kallio", "sports", "aino"]),
        ("record", ["kallio", "sports", "aino"]),
        ("-record", ["aino", "sports", "kallio"]),
    ],
)
def test_sorting(client, kaisa, queue_cases, sort, expected):
    assert rows(client, f"?sort={sort}") == numbers(queue_cases, *expected)


def test_filters_by_amount_and_received_date(client, kaisa, queue_cases):
    assert rows(client, "?amount_min=1000") == numbers(queue_cases, "kallio", "sports")
    assert rows(client, "?amount_max=1200") == numbers(queue_cases, "sports", "aino")
    # Finnish amounts with a decimal comma and a space between thousands.
    assert rows(client, "?amount_min=1+000,50&amount_max=1+200,00") == numbers(
        queue_cases, "sports"
    )
    assert rows(client, f"?received_from={days_ago(6)}") == numbers(queue_cases, "sports", "aino")
    assert rows(client, f"?received_to={days_ago(3)}") == numbers(queue_cases, "kallio", "sports")
    assert rows(client, f"?received_from={days_ago(6)}&received_to={days_ago(3)}") == numbers(
        queue_cases, "sports"
    )


def test_filters_by_service_grant_call_and_status(client, kaisa, queue_cases):
    service = Service.objects.get(code="yleisavustus")
    call = GrantCall.objects.get(service=service)
    everything = numbers(queue_cases, "kallio", "sports", "aino")
    assert rows(client, f"?service={service.pk}") == everything
    assert rows(client, f"?grant_call={call.pk}&sort=-amount") == numbers(
        queue_cases, "kallio", "sports", "aino"
    )
    other = GrantCall.objects.get(service__code="projektiavustus")
    # Another department's call is no choice here: reported and left out.
    response = client.get(reverse("handling:queue") + f"?grant_call={other.pk}")
    assert response.context["form"].errors.keys() == {"grant_call"}
    assert len(response.context["cases"]) == 3
    assert rows(client, "?tab=mine&status=in_processing") == numbers(queue_cases, "processing")
    assert rows(client, "?tab=mine&status=received") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=urheilu", ["sports"]),
        ("?q=1234567-1", ["kallio"]),
        ("?q=Aino+Asukas", ["aino"]),
        ("?q=asukas&tab=decided", ["decided"]),
        ("?q=ry", ["kallio", "sports"]),
        ("?q=Meikäläinen", []),  # the representative's name is not the applicant's
    ],
)
def test_search(client, kaisa, queue_cases, query, expected):
    assert rows(client, query) == numbers(queue_cases, *expected)


def test_search_by_record_number(client, kaisa, queue_cases):
    number = queue_cases["aino"].record_number
    assert rows(client, f"?q={number}") == [number]


def test_bad_filter_input_is_reported_in_the_page_language_and_ignored(client, kaisa, queue_cases):
    query = "?received_from=31.13.2024&amount_min=paljon&amount_max=1200"
    response = client.get(reverse("handling:queue") + query)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"received_from", "amount_min"}
    # The valid field still applies.
    assert [c.record_number for c in response.context["cases"]] == numbers(
        queue_cases, "sports", "aino"
    )
    with translation.override("fi"):
        expected = translation.gettext("Enter a valid date.")
    assert expected != "Enter a valid date."
    assert expected in response.content.decode()

    with translation.override("en"):  # the request activates English; keep it inside
        response = client.get(en("handling:queue") + query)
    assert "Enter a valid date." in response.content.decode()
    assert "Enter a number." in response.content.decode()


def test_pagination(client, kaisa, queue_cases, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    first = client.get(reverse("handling:queue") + "?sort=-amount")
    assert [c.record_number for c in first.context["cases"]] == numbers(
        queue_cases, "kallio", "sports"
    )
    assert first.context["has_next"] is True
    assert "?sort=-amount&amp;page=2" in first.content.decode()
    second = client.get(reverse("handling:queue") + "?sort=-amount&page=2")
    assert [c.record_number for c in second.context["cases"]] == numbers(queue_cases, "aino")
    assert second.context["has_next"] is False
    assert rows(client, "?page=x") == numbers(queue_cases, "kallio", "sports")


def test_department_switch(client, kaisa, queue_cases):
    education = Department.objects.get(code="education")
    Membership.objects.create(user=kaisa, department=education, role=StaffRole.HANDLER)
    response = client.get(reverse("handling:queue"))
    assert response.context["department"].code == "culture"
    assert 'id="department-select"' in response.content.decode()
    assert rows(client, f"?department={education.pk}") == numbers(queue_cases, "education")
    social = Department.objects.get(code="social")
    # A department the handler does not work in: the first of their own instead.
    assert rows(client, f"?department={social.pk}") == numbers(
        queue_cases, "kallio", "sports", "aino"
    )


def test_applicant_columns(client, kaisa, queue_cases):
    content = client.get(reverse("handling:queue") + "?tab=supplement").content.decode()
    assert "Pohjoisen Urheiluseura ry (2345678-0)" in content
    assert "2\u00a0000,00\u00a0€" in content
    assert "Pirjo Kollega" in content
    content = client.get(reverse("handling:queue") + "?tab=decided").content.decode()
    assert "Aino Asukas" in content
