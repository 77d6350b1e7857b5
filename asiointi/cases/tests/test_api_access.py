"""Who may reach what through the API: another person's ids are 404 and change nothing;
without a login everything is 401; the OpenAPI document is public and 3.1."""

import pytest
from django.test import Client

from asiointi.cases.models import Attachment, Case, Message
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.messaging import message_send
from asiointi.testing.fixtures import pdf_upload

API = "/api/v1"


def state(case: Case) -> tuple:
    case.refresh_from_db()
    return (
        case.status,
        case.lock_version,
        case.version_count,
        case.draft_data,
        case.unread_for_applicant,
        case.events.count(),
        list(case.messages.values_list("pk", "read_at")),
        list(case.attachments.values_list("pk", flat=True)),
    )


@pytest.fixture
def foreign_case(submitted, representative, handler_culture):
    """The association's case, with a version, an attachment and an unread handler message."""
    attachment_add(actor=representative, case=submitted, upload=pdf_upload(), kind="budget")
    message_send(actor=handler_culture, case=submitted, body="Hei!", from_staff=True)
    submitted.refresh_from_db()
    return submitted


def _requests(case: Case) -> list[tuple[str, str, dict | None]]:
    attachment = case.attachments.get()
    base = f"/applications/{case.pk}"
    return [
        ("get", base, None),
        ("put", f"{base}/draft", {"data": {"purpose": "kaapattu"}}),
        ("post", f"{base}/submit", {"data": {"purpose": "kaapattu"}}),
        ("delete", base, None),
        ("get", f"{base}/versions", None),
        ("get", f"{base}/versions/1", None),
        ("get", f"{base}/versions/1/diff?against=1", None),
        ("get", f"{base}/attachments", None),
        ("get", f"{base}/attachments/{attachment.pk}/content", None),
        ("get", f"{base}/messages", None),
        ("post", f"{base}/messages", {"body": "Hei"}),
        ("get", f"{base}/timeline", None),
    ]


@pytest.mark.parametrize("persona", ["resident", "other_resident", "handler_culture"])
def test_another_persons_case_is_404_everywhere_and_nothing_changes(
    client, request, foreign_case, persona
):
    client.force_login(request.getfixturevalue(persona))
    before = state(foreign_case)
    for method, path, body in _requests(foreign_case):
        response = getattr(client, method)(API + path, body, content_type="application/json")
        assert response.status_code == 404, (method, path, response.content)
        assert response.json()["code"] == "not_found", path
    assert state(foreign_case) == before


def test_co_representative_sees_the_organisations_case(client, co_representative, foreign_case):
    client.force_login(co_representative)
    response = client.get(f"{API}/applications/{foreign_case.pk}")
    assert response.status_code == 200
    assert response.json()["record_number"] == foreign_case.record_number


def test_ids_of_another_case_cannot_be_mixed_into_my_own(client, resident, own_draft, foreign_case):
    """My case id with the other case's attachment or a version my case does not have."""
    client.force_login(resident)
    attachment = foreign_case.attachments.get()
    mine = own_draft.pk
    assert (
        client.get(f"{API}/applications/{mine}/attachments/{attachment.pk}/content").status_code
        == 404
    )
    assert client.get(f"{API}/applications/{mine}/versions/1").status_code == 404
    assert client.get(f"{API}/applications/{mine}/versions/1/diff?against=1").status_code == 404
    assert Attachment.objects.filter(case=own_draft).count() == 0


def test_unknown_ids_are_404(client, resident):
    client.force_login(resident)
    assert client.get(f"{API}/applications/999999").status_code == 404
    assert client.get(f"{API}/applications/999999/versions/1").status_code == 404


def test_without_login_everything_is_401(client, foreign_case):
    before = state(foreign_case)
    paths = [("get", "/grant-calls", None), ("get", "/applications", None)]
    paths += [("post", "/applications", {"grant_call_id": foreign_case.grant_call_id})]
    for method, path, body in paths + _requests(foreign_case):
        response = getattr(client, method)(API + path, body, content_type="application/json")
        assert response.status_code == 401, (method, path)
        assert response.json()["code"] == "unauthenticated"
        assert response["WWW-Authenticate"] == 'Bearer realm="asiointi"'
    assert state(foreign_case) == before
    assert Case.objects.count() == 1
    assert Message.objects.count() == 1


def test_session_write_without_csrf_token_is_refused(resident, own_draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert client.get(f"{API}/applications/{own_draft.pk}").status_code == 200
    response = client.put(
        f"{API}/applications/{own_draft.pk}/draft",
        {"data": {"purpose": "x"}},
        content_type="application/json",
    )
    assert response.status_code == 403
    own_draft.refresh_from_db()
    assert own_draft.lock_version == 0


def test_openapi_document_is_3_1_and_lists_the_paths(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        f"{API}/grant-calls",
        f"{API}/applications",
        f"{API}/applications/{{case_id}}",
        f"{API}/applications/{{case_id}}/draft",
        f"{API}/applications/{{case_id}}/submit",
        f"{API}/applications/{{case_id}}/versions",
        f"{API}/applications/{{case_id}}/versions/{{number}}",
        f"{API}/applications/{{case_id}}/versions/{{number}}/diff",
        f"{API}/applications/{{case_id}}/attachments",
        f"{API}/applications/{{case_id}}/attachments/{{attachment_id}}/content",
        f"{API}/applications/{{case_id}}/messages",
        f"{API}/applications/{{case_id}}/timeline",
        f"{API}/fees/calculate",
    }
    assert set(document["paths"][f"{API}/applications/{{case_id}}"]) == {"get", "delete"}
    schemes = document["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}


def test_interactive_docs_are_served(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_write_without_login_is_401_not_a_csrf_error(own_draft):
    client = Client(enforce_csrf_checks=True)
    response = client.put(
        f"{API}/applications/{own_draft.pk}/draft",
        {"data": {"purpose": "x"}},
        content_type="application/json",
    )
    assert response.status_code == 401
    own_draft.refresh_from_db()
    assert own_draft.lock_version == 0
