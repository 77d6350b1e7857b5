"""Applying for social assistance through the REST API (``POST /api/v1/applications`` with a
``service_code``): the same rules as the folder — strong identification, a person's own matter,
only benefit services — and the draft is saved and sent like any other application."""

import pytest

from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case, TimelineEvent
from asiointi.cases.tests.test_api import send
from asiointi.testing.fixtures import assistance_answers, strongly_identified

pytestmark = pytest.mark.django_db


def create(client, **body):
    return send(client, "post", "/applications", body)


def test_a_strongly_identified_resident_starts_saves_and_sends(
    client, assistance_service, resident
):
    client.force_login(strongly_identified(resident))
    response = create(client, service_code="toimeentulotuki")
    assert response.status_code == 201
    created = response.json()
    assert (created["status"], created["grant_call_id"], created["editable"]) == (
        CaseStatus.DRAFT,
        None,
        True,
    )
    case = Case.objects.get(pk=created["id"])
    assert (case.service, case.applicant, case.organisation) == (assistance_service, resident, None)

    answers = assistance_answers(resident)
    saved = send(client, "put", f"/applications/{case.pk}/draft", {"data": answers})
    assert saved.status_code == 200
    lock_version = saved.json()["application"]["lock_version"]
    sent = send(client, "post", f"/applications/{case.pk}/submit", {"lock_version": lock_version})
    assert sent.status_code == 200
    assert sent.json()["status"] == CaseStatus.RECEIVED
    case.refresh_from_db()
    # Routed by the postal code to the western team, as an application from the folder is.
    assert (case.team.code, case.versions.get().data["incomes"]) == ("lansi", answers["incomes"])


def test_without_strong_identification_nothing_is_started(client, assistance_service, resident):
    client.force_login(resident)
    response = create(client, service_code="toimeentulotuki")
    assert response.status_code == 400
    assert response.json() == {
        "code": "rule_violated",
        "message": "This service can be applied for only after strong identification.",
    }
    assert not Case.objects.exists()
    assert not TimelineEvent.objects.exists()


def test_an_organisation_cannot_apply(client, assistance_service, representative, association):
    client.force_login(strongly_identified(representative))
    response = create(client, service_code="toimeentulotuki", organisation_id=association.pk)
    assert response.status_code == 400
    assert response.json()["message"] == (
        "This service is applied for by a person, not an organisation."
    )
    assert not Case.objects.exists()


@pytest.mark.parametrize("code", ["ei-ole", "yleisavustus"])
def test_unknown_or_grant_service_is_404(client, assistance_service, resident, code):
    """A grant is applied for in its call (grant_call_id), never by its service code."""
    client.force_login(strongly_identified(resident))
    response = create(client, service_code=code)
    assert (response.status_code, response.json()["message"]) == (404, "Service not found.")
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "body", [{}, {"service_code": "toimeentulotuki", "grant_call_id": 1}], ids=["none", "both"]
)
def test_exactly_one_of_call_and_service_is_given(client, assistance_service, resident, body):
    client.force_login(strongly_identified(resident))
    response = create(client, **body)
    assert response.status_code == 422
    message = "Give either grant_call_id or service_code."
    assert response.json()["detail"] == [
        {"loc": ["body", "grant_call_id"], "msg": message},
        {"loc": ["body", "service_code"], "msg": message},
    ]
    assert not Case.objects.exists()


def test_another_resident_gets_404_for_the_draft(
    client, assistance_service, resident, other_resident
):
    client.force_login(strongly_identified(resident))
    case_id = create(client, service_code="toimeentulotuki").json()["id"]
    client.force_login(strongly_identified(other_resident))
    assert send(client, "get", f"/applications/{case_id}").status_code == 404
    assert send(client, "delete", f"/applications/{case_id}").status_code == 404
    assert Case.objects.filter(pk=case_id).exists()
