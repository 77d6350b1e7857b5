"""A logged-in resident finds the feedback they gave in their e-services folder."""

import pytest

from asiointi.cases.tests.test_query_counts import FOLDER_QUERIES
from asiointi.feedback.constants import FeedbackStatus
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback
from asiointi.testing.fixtures import url

pytestmark = pytest.mark.django_db


def give_through_the_form(client, description: str, service: str = "kirjastot") -> Feedback:
    response = client.post(
        url("feedback:give"),
        {"type": "idea", "service": service, "description": description},
    )
    assert response.status_code == 302
    return Feedback.objects.get(description=description)


def test_my_feedback_is_in_my_folder_and_not_in_anyone_elses(
    client, catalogue, resident, other_resident
):
    client.force_login(resident)
    mine = give_through_the_form(client, "Kirjastoon lisää lehtiä, kiitos.")
    Feedback.objects.filter(pk=mine.pk).update(status=FeedbackStatus.IN_PROCESS)
    client.force_login(other_resident)
    theirs = give_through_the_form(client, "Puistoon lisää roskiksia.", service="puistot")
    client.logout()
    anonymous = give_through_the_form(client, "Nimetön palaute ilman kirjautumista.")

    client.force_login(resident)
    with_language = client.get(url("cases:folder", language="en"))
    page = with_language.content.decode()

    assert 'id="my-feedback"' in page
    assert mine.request_id in page
    assert f'href="{url("feedback:status", mine.tracking_code, language="en")}"' in page
    assert "Idea or suggestion" in page
    assert "In process" in page
    assert mine.service.name_en in page
    assert mine.received_at.strftime("%Y") in page
    assert theirs.request_id not in page and theirs.tracking_code not in page
    assert anonymous.request_id not in page


def test_a_resident_without_feedback_sees_a_link_to_give_some(client, catalogue, resident):
    client.force_login(resident)
    page = client.get(url("cases:folder", language="en")).content.decode()
    assert "You have not given feedback while logged in." in page
    assert url("feedback:give", language="en") in page


@pytest.mark.parametrize("count", [1, 25])
def test_the_folder_query_count_does_not_grow_with_feedback(
    client, catalogue, resident, django_assert_num_queries, count
):
    for number in range(count):
        feedback_submit(
            FeedbackInput(
                type="question",
                service_code="kirjastot" if number % 2 else "",
                description=f"Kysymys numero {number} kirjastosta.",
            ),
            submitted_by=resident,
        )
    client.force_login(resident)
    with django_assert_num_queries(FOLDER_QUERIES):
        response = client.get(url("cases:folder"))
    assert response.content.decode().count('href="/palaute/seuranta/') == count
