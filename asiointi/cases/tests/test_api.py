"""The applications API: folder, drafts, sending, versions and differences, over HTTP."""

import datetime
import re

import pytest
from django.utils import timezone

from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case, CaseVersion, TimelineEvent
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.processing import case_start_processing
from asiointi.testing.fixtures import valid_answers

API = "/api/v1"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def send(client, method: str, path: str, body=None, **extra):
    return getattr(client, method)(
        API + path, body, content_type="application/json", **{**EN, **extra}
    )


def snapshot(case: Case) -> tuple:
    case.refresh_from_db()
    return (
        case.status,
        case.lock_version,
        case.version_count,
        case.record_number,
        case.draft_data,
        case.versions.count(),
        case.events.count(),
    )


# --- grant calls and the folder list --------------------------------------------------------


def test_grant_calls_lists_open_calls(client, resident, general_call, catalogue):
    client.force_login(resident)
    response = send(client, "get", "/grant-calls")
    assert response.status_code == 200
    codes = [row["service"]["code"] for row in response.json()]
    assert codes == sorted(codes)
    assert "yleisavustus" in codes
    general = next(row for row in response.json() if row["id"] == general_call.pk)
    assert general["title"] == general_call.name["en"]
    assert general["department"]["id"] == general_call.service.department_id


def test_list_shows_only_own_cases_by_default(
    client, resident, other_resident, own_draft, draft, general_call
):
    others = case_create_draft(actor=other_resident, grant_call=general_call)
    client.force_login(resident)
    response = send(client, "get", "/applications")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert [row["id"] for row in response.json()["items"]] == [own_draft.pk]
    row = response.json()["items"][0]
    assert row["status"] == "draft"
    assert row["record_number"] is None
    assert row["organisation_id"] is None
    assert row["lock_version"] == 0
    assert others.pk not in [r["id"] for r in response.json()["items"]]


def test_list_for_represented_organisation(
    client, representative, co_representative, draft, association
):
    client.force_login(co_representative)
    own = send(client, "get", "/applications")
    assert own.json() == {"items": [], "count": 0}
    response = send(client, "get", f"/applications?organisation={association.pk}")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["items"]] == [draft.pk]
    assert response.json()["items"][0]["organisation_id"] == association.pk


def test_list_for_organisation_not_represented_is_404(client, resident, draft, association):
    client.force_login(resident)
    response = send(client, "get", f"/applications?organisation={association.pk}")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Organisation not found."}


def test_list_filters_by_group_and_paginates(
    client, representative, association, general_call, submitted
):
    drafts = [
        case_create_draft(actor=representative, grant_call=general_call, organisation=association)
        for _ in range(3)
    ]
    client.force_login(representative)
    base = f"/applications?organisation={association.pk}"
    sent = send(client, "get", base + "&group=sent").json()
    assert [row["id"] for row in sent["items"]] == [submitted.pk]
    assert sent["items"][0]["status"] == "received"
    only_drafts = send(client, "get", base + "&group=drafts").json()
    assert sorted(row["id"] for row in only_drafts["items"]) == sorted(d.pk for d in drafts)
    page_two = send(client, "get", base + "&page=2&page_size=3").json()
    assert page_two["count"] == 4
    assert len(page_two["items"]) == 1
    assert send(client, "get", base + "&group=nonsense").status_code == 422


# --- the whole flow: create, save, send, send again, compare --------------------------------


def test_create_save_submit_new_version_and_diff(client, representative, association, general_call):
    client.force_login(representative)

    created = send(
        client,
        "post",
        "/applications",
        {"grant_call_id": general_call.pk, "organisation_id": association.pk},
    )
    assert created.status_code == 201
    body = created.json()
    case = Case.objects.get(pk=body["id"])
    assert body["status"] == "draft"
    assert body["organisation"] == {
        "id": association.pk,
        "name": "Kallion Kulttuuriyhdistys ry",
        "business_id": "1234567-1",
    }
    assert body["draft_data"]["organisation_name"] == "Kallion Kulttuuriyhdistys ry"
    assert body["versions"] == []
    assert body["contact"] == {
        "unit": case.service.contact_unit_en,  # in the language asked for
        "phone": case.service.contact_phone,
        "email": case.service.contact_email,
    }
    assert body["handler"] is None
    assert case.applicant == representative and case.organisation == association

    # Saving invalid data is allowed; the answer says what to correct.
    invalid = {"organisation_name": "Kallion Kulttuuriyhdistys ry", "requested_amount": "paljon"}
    saved = send(
        client,
        "put",
        f"/applications/{case.pk}/draft",
        {"data": invalid, "lock_version": body["lock_version"]},
    )
    assert saved.status_code == 200
    assert saved.json()["valid"] is False
    assert saved.json()["application"]["draft_data"] == invalid
    assert saved.json()["application"]["lock_version"] == 1
    errors = saved.json()["errors"]
    assert {
        "loc": ["body", "data", "requested_amount"],
        "msg": "Enter an amount in euros, for example 1 234,50.",
    } in errors
    assert {"loc": ["body", "data", "purpose"], "msg": "This field is required."} in errors
    case.refresh_from_db()
    assert case.draft_data == invalid

    # Sending invalid data: 422 with per-field messages, and no version, no record number.
    before = snapshot(case)
    refused = send(client, "post", f"/applications/{case.pk}/submit", {"lock_version": 1})
    assert refused.status_code == 422
    assert refused.json()["message"] == "The application has errors. Correct them and send again."
    assert refused.json()["code"] == "validation_failed"
    assert {
        "loc": ["body", "data", "requested_amount"],
        "msg": "Enter an amount in euros, for example 1 234,50.",
    } in refused.json()["detail"]
    assert snapshot(case) == before
    assert CaseVersion.objects.filter(case=case).count() == 0

    # Sending valid data.
    answers = valid_answers(association, representative)
    sent = send(
        client,
        "post",
        f"/applications/{case.pk}/submit",
        {"lock_version": 1, "data": answers},
    )
    assert sent.status_code == 200
    result = sent.json()
    year = timezone.localdate().year
    assert re.fullmatch(rf"ASI-{year}-\d{{6}}", result["record_number"])
    assert result["status"] == "received"
    assert result["status_display"] == "Received"
    assert result["versions"] == [1]
    assert result["version_count"] == 1
    assert result["lock_version"] == 2
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED
    assert case.versions.get().data == answers

    # The same press again (same lock_version): a conflict, still one version and one number.
    before = snapshot(case)
    again = send(
        client, "post", f"/applications/{case.pk}/submit", {"lock_version": 1, "data": answers}
    )
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    assert "changed by someone else" in again.json()["message"]
    assert snapshot(case) == before

    # A new version while received.
    changed = {**answers, "requested_amount": "6500.00", "member_count": 130}
    second = send(
        client, "post", f"/applications/{case.pk}/submit", {"lock_version": 2, "data": changed}
    )
    assert second.status_code == 200
    assert second.json()["versions"] == [1, 2]
    assert second.json()["record_number"] == result["record_number"]
    assert second.json()["requested_amount"] == "6500.00"

    versions = send(client, "get", f"/applications/{case.pk}/versions").json()
    assert [(v["number"], v["sent_by"]) for v in versions] == [
        (1, "Matti Meikäläinen"),
        (2, "Matti Meikäläinen"),
    ]
    version_one = send(client, "get", f"/applications/{case.pk}/versions/1").json()
    assert version_one["data"] == answers

    difference = send(client, "get", f"/applications/{case.pk}/versions/2/diff?against=1")
    assert difference.status_code == 200
    assert difference.json()["number"] == 2 and difference.json()["against"] == 1
    changes = {c["label"]: (c["before"], c["after"]) for c in difference.json()["changes"]}
    assert len(changes) == 2
    assert ("120", "130") in changes.values()
    # The default comparison is with the version before.
    default = send(client, "get", f"/applications/{case.pk}/versions/2/diff").json()
    assert default == difference.json()

    timeline = send(client, "get", f"/applications/{case.pk}/timeline").json()
    assert [event["kind"] for event in timeline] == ["submitted", "new_version"]


def test_submit_without_data_sends_the_saved_working_copy(client, resident, own_draft):
    client.force_login(resident)
    data = _person_answers(resident)
    send(client, "put", f"/applications/{own_draft.pk}/draft", {"data": data})
    response = send(client, "post", f"/applications/{own_draft.pk}/submit", {})
    assert response.status_code == 200
    own_draft.refresh_from_db()
    assert own_draft.versions.get().data == data


def _person_answers(person) -> dict:
    # A private person's application: the organisation fields are filled in by hand.
    class _Organisation:
        name = "Aino Asukkaan harrastusryhmä"
        business_id = "1234567-1"

    return valid_answers(_Organisation, person)


def test_submit_unchanged_again_is_a_rule_error(client, representative, submitted):
    client.force_login(representative)
    before = snapshot(submitted)
    response = send(client, "post", f"/applications/{submitted.pk}/submit", {})
    assert response.status_code == 400
    assert response.json() == {
        "code": "rule_violated",
        "message": "Nothing has changed since the version you sent last.",
    }
    assert snapshot(submitted) == before


def test_locked_case_refuses_draft_and_new_version(
    client, representative, submitted, handler_culture
):
    case_start_processing(actor=handler_culture, case=submitted)
    client.force_login(representative)
    before = snapshot(submitted)
    detail = send(client, "get", f"/applications/{submitted.pk}").json()
    assert detail["status"] == "in_processing"
    assert detail["editable"] is False
    assert detail["handler"] == {
        "name": "Kaisa Käsittelijä",
        "email": "kaisa@example.com",
        "phone": "",
    }
    expected = (
        "Processing of this application has started, so its form data can no longer be "
        "changed. You can still send attachments and messages."
    )
    assert detail["locked_reason"] == expected
    saved = send(client, "put", f"/applications/{submitted.pk}/draft", {"data": {}})
    assert saved.status_code == 409
    assert saved.json() == {"code": "transition_not_allowed", "message": expected}
    data = {**submitted.draft_data, "member_count": 999}
    sent = send(client, "post", f"/applications/{submitted.pk}/submit", {"data": data})
    assert sent.status_code == 409
    assert sent.json()["message"] == expected
    assert snapshot(submitted) == before


def test_stale_lock_version_on_save_is_a_conflict(client, resident, own_draft):
    client.force_login(resident)
    first = send(client, "put", f"/applications/{own_draft.pk}/draft", {"data": {"a": 1}})
    assert first.json()["application"]["lock_version"] == 1
    before = snapshot(own_draft)
    stale = send(
        client, "put", f"/applications/{own_draft.pk}/draft", {"data": {"b": 2}, "lock_version": 0}
    )
    assert stale.status_code == 409
    assert snapshot(own_draft) == before


def test_delete_draft_and_not_a_sent_application(client, representative, draft, submitted):
    client.force_login(representative)
    other_draft = case_create_draft(
        actor=representative, grant_call=draft.grant_call, organisation=draft.organisation
    )
    response = send(client, "delete", f"/applications/{other_draft.pk}")
    assert response.status_code == 204
    assert not Case.objects.filter(pk=other_draft.pk).exists()

    before = snapshot(submitted)
    refused = send(client, "delete", f"/applications/{submitted.pk}")
    assert refused.status_code == 409
    assert refused.json() == {
        "code": "transition_not_allowed",
        "message": "This cannot be done while the application is “Received”.",
    }
    assert snapshot(submitted) == before


def test_create_for_closed_or_unknown_call_is_404(client, resident, general_call):
    client.force_login(resident)
    general_call.opens_on = timezone.localdate() + datetime.timedelta(days=10)
    general_call.closes_on = None
    general_call.save()
    response = send(client, "post", "/applications", {"grant_call_id": general_call.pk})
    assert response.status_code == 404
    assert response.json()["message"] == "Grant call not found or not open."
    assert send(client, "post", "/applications", {"grant_call_id": 999999}).status_code == 404
    assert Case.objects.count() == 0


def test_create_for_organisation_not_represented_is_404(
    client, resident, general_call, association
):
    client.force_login(resident)
    response = send(
        client,
        "post",
        "/applications",
        {"grant_call_id": general_call.pk, "organisation_id": association.pk},
    )
    assert response.status_code == 404
    assert Case.objects.count() == 0
    assert TimelineEvent.objects.count() == 0


def test_malformed_body_is_422_with_details(client, resident, own_draft):
    client.force_login(resident)
    response = send(client, "put", f"/applications/{own_draft.pk}/draft", {"data": "not an object"})
    assert response.status_code == 422
    assert response.json()["code"] == "request_invalid"
    assert response.json()["detail"][0]["loc"][:3] == ["body", "payload", "data"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Hakemuksessa on virheitä. Korjaa ne ja lähetä uudelleen."),
        ("en", "The application has errors. Correct them and send again."),
    ],
)
def test_errors_are_in_the_requested_language(client, resident, own_draft, language, message):
    client.force_login(resident)
    response = send(
        client,
        "post",
        f"/applications/{own_draft.pk}/submit",
        {"data": {}},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422
    assert response.json()["message"] == message
