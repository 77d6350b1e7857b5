"""Input at the boundary: control characters, over-large bodies and error formats per interface.

Every endpoint the fuzzer crashed with a NUL is tried here through the whole middleware stack, on
SQLite and on PostgreSQL (which cannot store U+0000 and so gave a 500): each answers in its own
error format — the GeoReport error list on Open311, the API's JSON on /api/v1/, a translated page
elsewhere — and nothing is stored.
"""

import json
import xml.etree.ElementTree as ET  # noqa: S405 (parsing our own server's answers)

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, HttpResponseNotAllowed
from django.test import RequestFactory

from asiointi import urls
from asiointi.cases.models import Attachment, Case, Message
from asiointi.common import boundary
from asiointi.common.boundary import Found, find_control_character
from asiointi.feedback.models import Feedback
from asiointi.feedback.open311.keys import api_client_create
from asiointi.testing.fixtures import pdf_upload

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
NUL_IN_THE_ADDRESS = "The address contains a control character (U+0000), which is not allowed."


def nul_in(name: str, codepoint: str = "U+0000") -> str:
    return (
        f"{name} contains a control character ({codepoint}), which is not allowed. "
        "Remove it and send again."
    )


def open311_errors(response) -> list[dict]:
    """The GeoReport error list, parsed as a client would, from either format."""
    if response["Content-Type"] == JSON_TYPE:
        return json.loads(response.content)
    assert response["Content-Type"] == XML_TYPE
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == "errors"
    return [
        {"code": int(error.findtext("code")), "description": error.findtext("description")}
        for error in root
    ]


# --- the helper others reuse --------------------------------------------------------------------


def test_find_control_character_allows_whitespace_and_finds_the_rest_anywhere():
    assert find_control_character("rivi 1\r\nrivi 2\tsarake") is None
    assert find_control_character({"a": ["b", {"c": "ääkköset €"}]}) is None
    for character in ("\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f"):
        assert find_control_character(f"a{character}b") == Found((), character)
    nested = {"data": {"rows": [{"name": "ok"}, {"name": "x\x00"}]}}
    assert find_control_character(nested, ("body",)) == Found(
        ("body", "data", "rows", "1", "name"), "\x00"
    )
    # In a key, the key is named with U+FFFD in place of the character, never echoed.
    assert find_control_character({"na\x1bme": "value"}, ("body",)) == Found(
        ("body", "na\ufffdme"), "\x1b"
    )


# --- Open311 ------------------------------------------------------------------------------------


@pytest.fixture
def open311_key(catalogue) -> str:
    _client, key = api_client_create(name="Palautesovellus Oy")
    return key


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_list_with_nul_in_a_parameter_is_the_error_list(client, catalogue, fmt):
    response = client.get(f"/open311/v2/requests.{fmt}?service_code=a%00b")
    assert response.status_code == 400
    assert open311_errors(response) == [{"code": 400, "description": nul_in("service_code")}]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_token_with_nul_in_the_path_is_the_error_list(client, catalogue, fmt):
    response = client.get(f"/open311/v2/tokens/AB%00CD.{fmt}")
    assert response.status_code == 400
    assert open311_errors(response) == [{"code": 400, "description": NUL_IN_THE_ADDRESS}]


@pytest.mark.parametrize("field", ["description", "address_string", "first_name"])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_post_with_nul_in_a_field_stores_nothing(client, open311_key, field, fmt):
    form = {
        "api_key": open311_key,
        "service_code": "kirjastot",
        "description": "Kirjaston ovi on rikki jo toista viikkoa.",
        "address_string": "Kuusitie 5",
        "first_name": "Aino",
        "email": "aino@example.com",
    }
    form[field] = form[field][:3] + "\x00" + form[field][3:]
    response = client.post(f"/open311/v2/requests.{fmt}", form)
    assert response.status_code == 400
    assert open311_errors(response) == [{"code": 400, "description": nul_in(field)}]
    assert Feedback.objects.count() == 0


def test_open311_error_follows_the_requested_locale(client, catalogue):
    response = client.get("/open311/v2/requests.json?locale=sv&status=open%1B")
    assert response.status_code == 400
    assert open311_errors(response) == [
        {
            "code": 400,
            "description": "status innehåller ett kontrolltecken (U+001B), som inte är tillåtet. "
            "Ta bort det och skicka igen.",
        }
    ]


def test_open311_post_accepts_line_breaks_and_tabs(client, open311_key):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": open311_key,
            "service_code": "kirjastot",
            "description": "Kirjaston ovi on rikki.\r\n\tJo toista viikkoa.",
            "address_string": "Kuusitie 5",
        },
    )
    assert response.status_code == 200
    assert Feedback.objects.get().description == "Kirjaston ovi on rikki.\r\n\tJo toista viikkoa."


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "title", "message"),
    [
        (
            "/palaute/seuranta/?code=AB%00C",
            "Pyyntöä ei voitu käsitellä",
            "code sisältää ohjausmerkin (U+0000), jota ei voi käyttää. Poista se ja lähetä "
            "uudelleen.",
        ),
        (
            "/palaute/seuranta/AB%00C/",
            "Pyyntöä ei voitu käsitellä",
            "Osoitteessa on ohjausmerkki (U+0000), jota ei voi käyttää.",
        ),
        (
            "/sv/palaute/seuranta/AB%00C/",
            "Begäran kunde inte behandlas",
            "Adressen innehåller ett kontrolltecken (U+0000), som inte är tillåtet.",
        ),
        ("/en/palaute/seuranta/AB%00C/", "The request could not be handled", NUL_IN_THE_ADDRESS),
    ],
)
def test_status_page_with_nul_is_a_translated_400_page(client, catalogue, path, title, message):
    response = client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert f"<h1>{title}</h1>" in response.text
    assert f"<p>{message}</p>" in response.text
    assert "\x00" not in response.text


def test_handler_search_with_nul_is_a_400_page(client, handler_culture):
    client.force_login(handler_culture)
    response = client.get("/kasittely/haku/?q=a%00b")
    assert response.status_code == 400
    assert "<h1>Pyyntöä ei voitu käsitellä</h1>" in response.text
    assert client.get("/kasittely/haku/?q=ab").status_code == 200


def test_folder_message_with_a_control_character_stores_nothing(client, representative, submitted):
    client.force_login(representative)
    response = client.post(
        f"/asiointikansio/{submitted.pk}/viestit/", {"body": "Milloin\x1b päätös tulee?"}
    )
    assert response.status_code == 400
    assert "<h1>Pyyntöä ei voitu käsitellä</h1>" in response.text
    assert Message.objects.filter(case=submitted).count() == 0


def test_cookie_with_a_control_character_is_ignored_and_deleted(client, catalogue):
    """A quoted cookie can carry U+0000 as ``\\000``; the session key used to reach the
    database (a 500 on PostgreSQL on every page). Such a cookie counts as absent: refusing it
    would lock the person out until it expires."""
    response = client.get(
        "/palaute/",
        HTTP_COOKIE='sessionid="abcdefgh\\000ijk"; django_language="s\\000v"; other=fine',
    )
    assert response.status_code == 200
    assert "Kirjaudu" in response.text  # in Finnish, as nobody
    assert response.cookies["sessionid"].value == ""
    assert response.cookies["sessionid"]["max-age"] == 0
    assert response.cookies["django_language"]["max-age"] == 0
    assert "other" not in response.cookies


# --- the REST API -------------------------------------------------------------------------------


def api_error(name_path: list[str], codepoint: str = "U+0000") -> dict:
    return {
        "code": "request_invalid",
        "message": "The request is not valid.",
        "detail": [{"loc": name_path, "msg": nul_in(".".join(name_path[1:]), codepoint)}],
    }


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"applicant_name": "Ai\x00no"}, ["body", "data", "applicant_name"]),
        ({"appli\x00cant_name": "Aino"}, ["body", "data", "appli\ufffdcant_name"]),
        ({"rows": [{"name": "ok"}, {"name": "\x00"}]}, ["body", "data", "rows", "1", "name"]),
    ],
)
def test_api_draft_with_nul_in_a_value_or_a_key_changes_nothing(
    client, resident, own_draft, data, where
):
    client.force_login(resident)
    before = Case.objects.filter(pk=own_draft.pk).values().get()
    response = client.put(
        f"/api/v1/applications/{own_draft.pk}/draft",
        {"data": data},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 422
    assert response["Content-Type"] == JSON_TYPE
    assert response.json() == api_error(where)
    assert Case.objects.filter(pk=own_draft.pk).values().get() == before


def test_api_raw_control_byte_inside_a_json_string_is_refused_too(client, resident, own_draft):
    client.force_login(resident)
    response = client.put(
        f"/api/v1/applications/{own_draft.pk}/draft",
        b'{"data": {"applicant_name": "Ai\x1bno"}}',
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 422
    assert response.json() == api_error(["body", "data", "applicant_name"], "U+001B")


def test_api_message_with_nul_stores_nothing(client, representative, submitted):
    client.force_login(representative)
    response = client.post(
        f"/api/v1/applications/{submitted.pk}/messages",
        {"body": "Milloin\x00 päätös tulee?"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 422
    assert response["Content-Language"] == "fi"
    assert response.json() == {
        "code": "request_invalid",
        "message": "Pyyntö ei ole kelvollinen.",
        "detail": [
            {
                "loc": ["body", "body"],
                "msg": "body sisältää ohjausmerkin (U+0000), jota ei voi käyttää. Poista se ja "
                "lähetä uudelleen.",
            }
        ],
    }
    assert Message.objects.filter(case=submitted).count() == 0


def test_api_upload_checks_form_fields_but_not_file_content(client, representative, submitted):
    client.force_login(representative)
    url = f"/api/v1/applications/{submitted.pk}/attachments"
    refused = client.post(url, {"kind": "bud\x00get", "file": pdf_upload()}, **EN)
    assert refused.status_code == 422
    assert refused.json() == api_error(["body", "kind"])
    assert Attachment.objects.filter(case=submitted).count() == 0
    # The PDF itself holds NUL bytes: content is the scanner's business, not this check's.
    accepted = client.post(url, {"kind": "budget", "file": pdf_upload()}, **EN)
    assert accepted.status_code == 201


def test_api_query_parameter_with_a_control_character(client, resident):
    client.force_login(resident)
    response = client.get("/api/v1/applications?status=a%01", **EN)
    assert response.status_code == 422
    assert response.json() == api_error(["query", "status"], "U+0001")


# --- limits of Django's request parsing ---------------------------------------------------------


@pytest.fixture
def small_limits(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20


TOO_LARGE = "The request is too large: at most 10 kB can be sent at a time."
TOO_MANY = "The request has too many fields: at most 20 can be sent at a time."


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_body_over_the_limits_is_the_error_list(client, open311_key, small_limits, fmt):
    form = {"api_key": open311_key, "service_code": "kirjastot", "address_string": "Kuusitie 5"}
    big = client.post(f"/open311/v2/requests.{fmt}", {**form, "description": "x" * 11_000})
    assert big.status_code == 413
    assert open311_errors(big) == [{"code": 413, "description": TOO_LARGE}]
    many = client.post(f"/open311/v2/requests.{fmt}", {**form, **{f"f{n}": "1" for n in range(30)}})
    assert many.status_code == 400
    assert open311_errors(many) == [{"code": 400, "description": TOO_MANY}]
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_broken_multipart_body_is_the_error_list(client, open311_key, fmt):
    response = client.generic(
        "POST",
        f"/open311/v2/requests.{fmt}",
        b"--x\r\nContent-Disposition: form-data; name=description\r\n\r\nteksti\r\n--x--",
        content_type="multipart/form-data",  # no boundary: the body cannot be split
    )
    assert response.status_code == 400
    assert open311_errors(response) == [{"code": 400, "description": "The request is not valid."}]
    assert Feedback.objects.count() == 0


def test_api_body_over_the_limits_is_json(client, resident, own_draft, small_limits):
    client.force_login(resident)
    before = Case.objects.filter(pk=own_draft.pk).values().get()
    big = client.put(
        f"/api/v1/applications/{own_draft.pk}/draft",
        {"data": {"applicant_name": "x" * 11_000}},
        content_type="application/json",
        **EN,
    )
    assert big.status_code == 413
    assert big.json() == {"code": "too_large", "message": TOO_LARGE}
    many = client.get("/api/v1/applications?" + "&".join(f"f{n}=1" for n in range(30)), **EN)
    assert many.status_code == 400
    assert many.json() == {"code": "too_many_fields", "message": TOO_MANY}
    assert Case.objects.filter(pk=own_draft.pk).values().get() == before


def test_page_body_over_the_limit_is_a_translated_page(client, catalogue, small_limits):
    response = client.post("/sv/palaute/", {"description": "x" * 11_000})
    assert response.status_code == 413
    assert "<h1>Begäran kunde inte behandlas</h1>" in response.text
    assert Feedback.objects.count() == 0


# --- no HTML errors on the machine interfaces ---------------------------------------------------


def test_api_unknown_path_and_wrong_method_answer_json(client):
    missing = client.get("/api/v1/no-such-thing", **EN)
    assert missing.status_code == 404
    assert missing["Content-Type"] == JSON_TYPE
    assert missing.json() == {"code": "not_found", "message": "Not found."}
    wrong = client.delete("/api/v1/grant-calls", **EN)
    assert wrong.status_code == 405
    assert wrong["Content-Type"] == JSON_TYPE
    assert wrong.json()["code"] == "method_not_allowed"
    assert wrong["Allow"] == "GET"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("/open311/v2/requests.yaml", "json"),
        ("/open311/v2/requests.JSON", "json"),
        ("/open311/v2/services.XML", "xml"),
        ("/open311/v2/no-such-resource", "json"),
    ],
)
def test_open311_unknown_resource_or_suffix_is_the_error_list(client, catalogue, path, fmt):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == (JSON_TYPE if fmt == "json" else XML_TYPE)
    assert open311_errors(response) == [{"code": 404, "description": "Not found."}]


def test_open311_malformed_service_code_in_the_path_is_the_error_list(client, catalogue):
    response = client.get("/open311/v2/services/a%20b%3C.xml")
    assert response.status_code == 404
    assert open311_errors(response) == [
        {"code": 404, "description": "There is no service with service_code “a b<”."}
    ]


def test_server_errors_on_the_interfaces_are_never_html():
    assert urls.handler500 == "asiointi.common.boundary.server_error"
    assert urls.handler404 == "asiointi.common.boundary.page_not_found"
    factory = RequestFactory()
    api = boundary.server_error(factory.get("/api/v1/applications"))
    assert api.status_code == 500
    assert json.loads(api.content) == {
        "code": "server_error",
        "message": "Jotain meni vikaan meillä. Yritä myöhemmin uudelleen.",
    }
    open311 = boundary.server_error(factory.get("/open311/v2/requests.xml"))
    assert open311.status_code == 500
    assert open311_errors(open311) == [
        {"code": 500, "description": "Something went wrong on our side. Try again later."}
    ]
    page = boundary.server_error(factory.get("/palaute/"))
    assert page.status_code == 500
    assert page["Content-Type"] == "text/html; charset=utf-8"


def test_an_html_error_from_below_is_answered_again_in_the_interfaces_format():
    """The net under every view: whatever answers an HTML error on a machine interface (here a
    bare 405 as django-ninja gives one), the client gets its own format, with Allow kept."""
    middleware = boundary.BoundaryMiddleware(lambda request: HttpResponseNotAllowed(["GET"]))
    factory = RequestFactory()
    open311 = middleware(factory.delete("/open311/v2/requests.xml", HTTP_ACCEPT_LANGUAGE="en"))
    assert open311.status_code == 405
    assert open311["Allow"] == "GET"
    assert open311_errors(open311) == [
        {"code": 405, "description": "This method is not allowed here."}
    ]
    request = factory.delete("/api/v1/grant-calls", HTTP_ACCEPT_LANGUAGE="sv")
    request.user = AnonymousUser()
    api = middleware(request)
    assert api.status_code == 405
    assert api["Allow"] == "GET"
    assert json.loads(api.content) == {
        "code": "method_not_allowed",
        "message": "Den här metoden är inte tillåten här.",
    }
    page = middleware(factory.delete("/palaute/"))
    assert page["Content-Type"] == "text/html; charset=utf-8"  # pages keep Django's answer

    def locked_out(request):  # e.g. a lockout page answering a login attempt
        return HttpResponse("<h1>Locked</h1>", status=429, headers={"Retry-After": "60"})

    limited = boundary.BoundaryMiddleware(locked_out)(factory.get("/open311/v2/requests.json"))
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert open311_errors(limited) == [
        {"code": 429, "description": "Too many requests. Try again later."}
    ]
