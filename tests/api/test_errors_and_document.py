"""/api/v1 answers every error in its JSON error format (asiointi/common/api_errors.py), and the
OpenAPI document lists those errors and says what a request must contain."""

import jsonschema
import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from asiointi.api.router import api
from asiointi.cases.models import Case

API = "/api/v1"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


@pytest.fixture
def document(client, db) -> dict:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def error_statuses(operation: dict) -> set[int]:
    return {int(status) for status in operation["responses"] if int(status) >= 400}


def component(document: dict, name: str) -> dict:
    """A request schema with its references resolvable, for jsonschema."""
    return {**document["components"]["schemas"][name], "components": document["components"]}


# --- the document -------------------------------------------------------------------------------


def test_every_error_response_is_documented_with_the_one_error_schema(document):
    for path, method, operation in operations(document):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert schema == ERROR_REF, (path, method, status)
                assert response["description"] != "", (path, method, status)
    error_out = document["components"]["schemas"]["ErrorOut"]
    assert error_out["required"] == ["code", "message"]
    assert set(error_out["properties"]) == {"code", "message", "detail"}


def test_operations_document_the_errors_they_can_give(document):
    paths = document["paths"]
    application = f"{API}/applications/{{case_id}}"
    assert error_statuses(paths[f"{API}/grant-calls"]["get"]) == {400, 401, 422, 503}
    assert error_statuses(paths[f"{API}/applications"]["post"]) == {
        400,
        401,
        403,
        404,
        413,
        422,
        503,
    }
    assert error_statuses(paths[f"{application}/draft"]["put"]) == {
        400,
        401,
        403,
        404,
        409,
        413,
        422,
        503,
    }
    assert error_statuses(paths[f"{application}/submit"]["post"]) == {
        400,
        401,
        403,
        404,
        409,
        413,
        422,
        503,
    }
    assert error_statuses(paths[f"{application}/attachments/{{attachment_id}}/content"]["get"]) == {
        400,
        401,
        404,
        410,
        422,
        503,
    }
    # The public fee calculator needs no login: no 401, 403 or 503.
    assert error_statuses(paths[f"{API}/fees/calculate"]["post"]) == {400, 413, 422}
    for path, method, operation in operations(document):
        if operation.get("security"):
            assert {401, 422} <= error_statuses(operation), (path, method)


def test_every_post_documents_the_idempotency_key_header(document):
    posts = [
        (path, operation) for path, method, operation in operations(document) if method == "post"
    ]
    assert len(posts) == 5
    for path, operation in posts:
        headers = [p for p in operation["parameters"] if p["in"] == "header"]
        assert [p["name"] for p in headers] == ["Idempotency-Key"], path
        assert headers[0]["required"] is False
        assert headers[0]["schema"]["maxLength"] == 255


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        ({}, False),
        ({"organisation_id": 3}, False),
        ({"grant_call_id": 1}, True),
        ({"service_code": "toimeentulotuki"}, True),
        ({"grant_call_id": 1, "service_code": None, "organisation_id": 3}, True),
        ({"grant_call_id": 1, "service_code": "toimeentulotuki"}, False),
        ({"grant_call_id": None, "service_code": None}, False),
    ],
)
def test_create_schema_needs_exactly_one_of_grant_call_and_service(document, body, valid):
    validator = jsonschema.Draft202012Validator(component(document, "CreateIn"))
    assert validator.is_valid(body) is valid


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        ({}, False),
        ({"service": "home-care"}, False),
        ({"service": "home-care", "date": "2024-05-01"}, False),
        (
            {
                "service": "home-care",
                "date": "2024-05-01",
                "family_size": 2,
                "hours": 12,
                "gross_income": 2300,
            },
            True,
        ),
        (
            {"service": "long-term-care", "setting": "service-housing", "date": "2024-05-01"},
            False,
        ),
        (
            {
                "service": "long-term-care",
                "setting": "service-housing",
                "date": "2024-05-01",
                "net_income": "1400",
            },
            True,
        ),
        (
            {
                "service": "long-term-care",
                "setting": "service-housing",
                "date": "2024-05-01",
                "net_income": "1400",
                "hours": 12,
            },
            False,
        ),
    ],
)
def test_fee_schema_says_what_each_service_needs(document, body, valid):
    validator = jsonschema.Draft202012Validator(component(document, "FeeIn"))
    assert validator.is_valid(body) is valid


def test_draft_and_message_bodies_are_required(document):
    schemas = document["components"]["schemas"]
    assert schemas["DraftIn"]["required"] == ["data"]
    assert schemas["MessageIn"]["required"] == ["body"]


# --- every error in the JSON format -------------------------------------------------------------


def assert_json_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["code"] == code
    assert body["message"]
    return body


def test_unauthenticated_is_401_json(client, db):
    response = client.get(f"{API}/applications", **EN)
    body = assert_json_error(response, 401, "unauthenticated")
    assert body == {
        "code": "unauthenticated",
        "message": "Log in, or send a valid access token in the Authorization header.",
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="asiointi"'


def test_session_post_without_csrf_token_is_403_json_and_creates_nothing(resident, general_call):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post(
        f"{API}/applications",
        {"grant_call_id": general_call.pk},
        content_type="application/json",
        **EN,
    )
    body = assert_json_error(response, 403, "forbidden")
    assert body["message"] == "The CSRF token is missing or not valid."
    assert Case.objects.count() == 0


def test_a_method_the_path_lacks_is_405_json_with_allow(client, resident):
    client.force_login(resident)
    response = client.patch(f"{API}/applications", {}, content_type="application/json", **EN)
    body = assert_json_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, POST"
    assert body["message"] == "Use GET, POST."


def test_a_form_body_to_a_json_operation_is_415_json_and_creates_nothing(
    client, resident, general_call
):
    client.force_login(resident)
    response = client.post(f"{API}/applications", {"grant_call_id": general_call.pk}, **EN)
    body = assert_json_error(response, 415, "unsupported_media_type")
    assert body["message"] == "Send the request body as JSON (Content-Type: application/json)."
    assert Case.objects.count() == 0


def test_unknown_object_is_404_json(client, resident):
    client.force_login(resident)
    response = client.get(f"{API}/applications/999999", **EN)
    assert assert_json_error(response, 404, "not_found")["message"] == "Application not found."


def test_invalid_request_is_422_json_with_details(client, resident):
    client.force_login(resident)
    response = client.post(
        f"{API}/applications/1/messages", {"body": ["a"]}, content_type="application/json", **EN
    )
    body = assert_json_error(response, 422, "request_invalid")
    assert body["detail"][0]["loc"][:2] == ["body", "payload"]


def test_a_page_number_beyond_any_folder_is_422_not_a_server_error(client, resident):
    client.force_login(resident)
    response = client.get(f"{API}/applications?page=2608956829216487348340573708746752", **EN)
    assert_json_error(response, 422, "request_invalid")
    assert client.get(f"{API}/applications?page=1000000", **EN).json() == {
        "items": [],
        "count": 0,
    }


def test_an_unexpected_exception_inside_the_api_is_500_json(db):
    """The handler django-ninja calls for any exception an operation did not expect."""
    request = RequestFactory().get(f"{API}/applications")
    with translation.override("en"):
        response = api.on_exception(request, RuntimeError("a bug"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content == (
        b'{"code": "server_error", "message": "Something went wrong on our side. Try again later."}'
    )


def test_an_unknown_path_under_the_api_is_404_json(client, db):
    response = client.get(f"{API}/no-such-thing", **EN)
    assert_json_error(response, 404, "not_found")
    response = client.get(f"{API}/applications/not-a-number", **EN)
    assert_json_error(response, 404, "not_found")
