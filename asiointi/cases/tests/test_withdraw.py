"""The applicant withdraws an application from the folder, after a confirmation page; and sees
a transfer between departments in the timeline in their own language."""

import pytest
from django.urls import reverse

from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.services.assignment import case_transfer
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.tests.conftest import in_status, snapshot
from asiointi.organisation.models import Department

pytestmark = pytest.mark.django_db


def detail_url(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def withdraw_url(case) -> str:
    return reverse("cases:withdraw", args=[case.pk])


@pytest.mark.parametrize("status", [CaseStatus.RECEIVED, CaseStatus.AWAITING_SUPPLEMENT])
def test_withdraw_after_confirmation(client, representative, submitted, status):
    case = in_status(submitted, status)
    client.force_login(representative)
    assert f'href="{withdraw_url(case)}"' in client.get(detail_url(case)).content.decode()
    confirmation = client.get(withdraw_url(case))
    assert confirmation.status_code == 200
    assert Case_status(case) == status  # the GET changes nothing
    response = client.post(withdraw_url(case), {"lock_version": case.lock_version}, follow=True)
    assert response.redirect_chain[-1][0] == detail_url(case)
    [message] = list(response.context["messages"])
    assert message.level_tag == "success"
    case.refresh_from_db()
    assert (case.status, case.lock_version) == (CaseStatus.WITHDRAWN, submitted.lock_version + 1)
    event = case.events.get(kind=EventKind.WITHDRAWN)
    assert (event.actor, event.visible_to_applicant) == (representative, True)
    assert f'href="{withdraw_url(case)}"' not in response.content.decode()


def Case_status(case) -> str:  # noqa: N802 - reads as a sentence in the test
    return type(case).objects.get(pk=case.pk).status


def test_withdraw_is_not_offered_or_accepted_in_processing(
    client, representative, submitted, handler_culture
):
    case = case_start_processing(actor=handler_culture, case=submitted)
    client.force_login(representative)
    assert f'href="{withdraw_url(case)}"' not in client.get(detail_url(case)).content.decode()
    refused = client.get(withdraw_url(case), follow=True)
    assert refused.redirect_chain[-1][0] == detail_url(case)
    before = snapshot(case)
    response = client.post(withdraw_url(case), {"lock_version": case.lock_version}, follow=True)
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    assert snapshot(case) == before


def test_withdraw_with_a_stale_page_is_a_conflict(client, representative, submitted):
    client.force_login(representative)
    before = snapshot(submitted)
    response = client.post(
        withdraw_url(submitted), {"lock_version": submitted.lock_version - 1}, follow=True
    )
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    assert "Lataa sivu uudelleen" in str(message)
    assert snapshot(submitted) == before


def test_others_cannot_withdraw(client, other_resident, submitted):
    client.force_login(other_resident)
    before = snapshot(submitted)
    assert client.get(withdraw_url(submitted)).status_code == 404
    assert client.post(withdraw_url(submitted), {}).status_code == 404
    assert snapshot(submitted) == before


def test_timeline_shows_the_transfer_in_the_applicants_language(
    client, representative, submitted, handler_culture
):
    culture = Department.objects.get(code="culture")
    education = Department.objects.get(code="education")
    case_transfer(actor=handler_culture, case=submitted, department=education, reason="Opetukselle")
    client.force_login(representative)
    finnish = client.get(detail_url(submitted)).content.decode()
    assert culture.name_fi in finnish and education.name_fi in finnish
    swedish = client.get("/sv" + detail_url(submitted)).content.decode()
    assert culture.name_sv in swedish and education.name_sv in swedish
    assert education.name_fi not in swedish.split('id="timeline-title"')[1]
