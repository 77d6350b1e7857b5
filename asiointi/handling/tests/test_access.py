"""Only department staff enter the handlers' area; a case of another department is not found."""

import pytest
from django.urls import reverse

from asiointi.cases.constants import CaseStatus
from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db


def test_resident_gets_404_for_the_queue_and_the_case_page(client, resident, submitted):
    client.force_login(resident)
    assert client.get(reverse("handling:queue")).status_code == 404
    assert client.get(reverse("handling:case", args=[submitted.pk])).status_code == 404


def test_staff_flag_without_a_department_is_not_enough(client, submitted):
    client.force_login(make_person("sari", "Sari", "Staff", is_staff=True))
    assert client.get(reverse("handling:queue")).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, catalogue):
    response = client.get(reverse("handling:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_handler_of_another_department_gets_404_for_a_culture_case(
    client, handler_education, submitted
):
    client.force_login(handler_education)
    assert client.get(reverse("handling:queue")).status_code == 200
    assert client.get(reverse("handling:case", args=[submitted.pk])).status_code == 404
    response = client.post(reverse("handling:start_processing", args=[submitted.pk]))
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.RECEIVED


def test_culture_handler_opens_the_culture_case(client, handler_culture, submitted):
    client.force_login(handler_culture)
    response = client.get(reverse("handling:case", args=[submitted.pk]))
    assert response.status_code == 200
    assert response.context["case"] == submitted


def test_draft_is_never_shown_to_a_handler(client, handler_culture, draft):
    client.force_login(handler_culture)
    assert client.get(reverse("handling:case", args=[draft.pk])).status_code == 404


def test_handling_link_is_shown_to_staff_only(client, handler_culture, resident):
    link = f'href="{reverse("handling:queue")}"'
    client.force_login(resident)
    assert link not in client.get(reverse("home")).content.decode()
    client.force_login(handler_culture)
    assert link in client.get(reverse("home")).content.decode()
