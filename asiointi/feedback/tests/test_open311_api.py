"""Open311 GeoReport v2 through a real HTTP client against a running server, in JSON and XML.

Every response is parsed (``json`` / ``xml.etree``) as a client would; bad input must give the
specification's status and error list and store nothing.
"""

import datetime
import json
import xml.etree.ElementTree as ET  # noqa: S405 (parsing our own server's answers)
from decimal import Decimal

import pytest
import requests
from django.utils import timezone

from asiointi.feedback.constants import FeedbackChannel, FeedbackEventKind, Publication
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import ApiClient, Feedback, FeedbackEvent, FeedbackPhoto
from asiointi.feedback.open311.keys import api_client_create
from asiointi.feedback.tests.builders import published_feedback
from asiointi.organisation.models import Department

pytestmark = pytest.mark.django_db(transaction=True)

FORMATS = ["json", "xml"]
# Personal data of the resident in the fixtures: none of it may appear in any API response.
PERSONAL = [
    "Aino",
    "Virtanen",
    "aino.virtanen@example.com",
    "040 1234567",
    "Alkuperäinen kuvaus: asun Kuusitie 5 B 12",
]


# --- helpers ------------------------------------------------------------------------------------


def xml_item(element: ET.Element) -> dict | str:
    """An XML element as the same data its JSON twin has (lists by repeated children)."""
    children = list(element)
    if not children:
        return element.text or ""
    names = [child.tag for child in children]
    if len(set(names)) == 1 and len(names) > 1 or element.tag in LIST_TAGS:
        return [xml_item(child) for child in children]
    return {child.tag: xml_item(child) for child in children}


LIST_TAGS = {
    "services",
    "service_requests",
    "errors",
    "attributes",
    "values",
    "endpoints",
    "formats",
    "media_urls",
    "request_history",
}


class Api:
    def __init__(self, live_server):
        self.base = live_server.url + "/open311/v2/"
        self.bodies: list[str] = []

    def call(self, method: str, path: str, fmt: str, **kwargs) -> tuple[requests.Response, object]:
        response = requests.request(method, f"{self.base}{path}.{fmt}", timeout=30, **kwargs)
        self.bodies.append(response.content.decode("utf-8"))
        if fmt == "json":
            assert response.headers["Content-Type"] == "application/json; charset=utf-8"
            return response, json.loads(response.content.decode("utf-8"))
        assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
        root = ET.fromstring(response.content)  # noqa: S314
        return response, (root.tag, xml_item(root))

    def get(self, path, fmt, **params):
        return self.call("GET", path, fmt, params=params)

    def post(self, fmt, **data):
        return self.call("POST", "requests", fmt, data=data)


def data_of(fmt: str, parsed, root: str):
    if fmt == "json":
        return parsed
    tag, data = parsed
    assert tag == root
    return data


def errors_of(fmt: str, parsed) -> list[dict]:
    errors = data_of(fmt, parsed, "errors")
    for error in errors:
        error["code"] = int(error["code"])
    return errors


@pytest.fixture
def api(live_server):
    return Api(live_server)


@pytest.fixture
def key(catalogue) -> str:
    _client, key = api_client_create(name="Palautesovellus Oy")
    return key


def submit(**changes) -> Feedback:
    values = {
        "type": "complaint",
        "service_code": "kirjastot",
        "description": PERSONAL[4] + ", kirjaston ovi on rikki.",
        "address": "Kuusitie 5",
        "lat": "60.170000",
        "long": "24.940000",
        "contact_name": "Aino Virtanen",
        "contact_email": "aino.virtanen@example.com",
        "contact_phone": "040 1234567",
        "reply_wanted": True,
        "publish_consent": True,
    }
    values.update(changes)
    return feedback_submit(FeedbackInput(**values))


def publish(
    feedback: Feedback, *, at=None, text="Kirjaston ovi on rikki (Töölö, Åbo)."
) -> Feedback:
    Feedback.objects.filter(pk=feedback.pk).update(
        publication=Publication.PUBLISHED,
        public_description=text,
        public_answer="Korjaamme oven tällä viikolla.",
        published_at=at or timezone.now(),
    )
    feedback.refresh_from_db()
    return feedback


def assert_no_personal_data(api: Api) -> None:
    for body in api.bodies:
        for secret in PERSONAL:
            assert secret not in body


def stored_nothing(before: int) -> bool:
    return Feedback.objects.count() == before


# --- discovery and services ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_describes_this_endpoint(api, settings, fmt):
    response, parsed = api.get("discovery", fmt)
    assert response.status_code == 200
    data = data_of(fmt, parsed, "discovery")
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == settings.SITE_URL + "/open311/v2/"
    assert endpoint["type"] == "test"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert data["changeset"] and data["contact"] and data["key_service"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_list_the_catalogue_in_finnish_by_default(api, catalogue, fmt):
    response, parsed = api.get("services", fmt)
    assert response.status_code == 200
    services = {item["service_code"]: item for item in data_of(fmt, parsed, "services")}
    assert "kirjastot" in services and "katujen-kunnossapito" in services
    streets = services["katujen-kunnossapito"]
    assert streets["service_name"] == "Katujen kunnossapito"
    assert streets["type"] == "realtime"
    assert streets["metadata"] in (True, "true")
    assert streets["keywords"].startswith("katu,kuoppa,aurat")
    assert streets["group"] == Department.objects.get(code="urban").name_fi
    assert "jäähalli" in services["liikuntapaikat"]["keywords"]  # UTF-8 survives


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_in_swedish_with_locale(api, catalogue, fmt):
    for locale in ("sv", "sv_FI"):
        _response, parsed = api.get("services", fmt, locale=locale)
        services = {item["service_code"]: item for item in data_of(fmt, parsed, "services")}
        assert services["katujen-kunnossapito"]["service_name"] == "Gatuunderhåll"
        assert services["kirjastot"]["description"].startswith("Bibliotekens tjänster")
        assert services["kirjastot"]["group"] == Department.objects.get(code="culture").name_sv


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_that_takes_no_feedback_is_not_listed(api, catalogue, fmt):
    from asiointi.catalogue.models import Service

    Service.objects.filter(code="puistot").update(accepts_feedback=False)
    _response, parsed = api.get("services", fmt)
    codes = {item["service_code"] for item in data_of(fmt, parsed, "services")}
    assert "puistot" not in codes and "kirjastot" in codes
    response, parsed = api.get("services/puistot", fmt)
    assert response.status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_offers_the_feedback_type(api, catalogue, fmt):
    response, parsed = api.get("services/kirjastot", fmt)
    assert response.status_code == 200
    definition = data_of(fmt, parsed, "service_definition")
    assert definition["service_code"] == "kirjastot"
    (attribute,) = definition["attributes"]
    assert attribute["code"] == "type"
    assert attribute["datatype"] == "singlevaluelist"
    assert attribute["required"] in (False, "false")
    keys = [value["key"] for value in attribute["values"]]
    assert keys == ["question", "feedback", "complaint", "idea", "praise", "other"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_service_definition_is_a_404_error_list(api, catalogue, fmt):
    response, parsed = api.get("services/ei-ole", fmt)
    assert response.status_code == 404
    assert errors_of(fmt, parsed) == [
        {"code": 404, "description": "There is no service with service_code “ei-ole”."}
    ]


def test_other_suffixes_are_not_found(api, catalogue):
    for path in ("services.csv", "services", "discovery.html", "requests.yaml"):
        assert requests.get(api.base + path, timeout=30).status_code == 404


# --- POST requests ------------------------------------------------------------------------------


def post_values(key: str, **changes) -> dict:
    values = {
        "api_key": key,
        "service_code": "katujen-kunnossapito",
        "lat": "60.1699",
        "long": "24.9384",
        "description": "Pyörätiellä on syvä kuoppa Töölössä, Åggelbyn suunnassa.",
        "email": "aino.virtanen@example.com",
        "first_name": "Aino",
        "last_name": "Virtanen",
        "phone": "040 1234567",
        "attribute[type]": "complaint",
        "device_id": "abc-123",
        "account_id": "",
        "jurisdiction_id": "helsinki.fi",
    }
    values.update(changes)
    return values


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_creates_feedback_routed_by_service(api, key, fmt):
    response, parsed = api.post(fmt, **post_values(key))
    assert response.status_code == 200
    (item,) = data_of(fmt, parsed, "service_requests")
    feedback = Feedback.objects.get()
    assert item["service_request_id"] == feedback.request_id
    assert item["token"] == feedback.tracking_code
    assert item["account_id"] in (None, "")
    assert item["service_notice"]
    assert feedback.channel == FeedbackChannel.OPEN311
    assert feedback.api_client == ApiClient.objects.get()
    assert feedback.department.code == "urban"
    assert feedback.service.code == "katujen-kunnossapito"
    assert feedback.type == "complaint"
    assert feedback.description == "Pyörätiellä on syvä kuoppa Töölössä, Åggelbyn suunnassa."
    assert feedback.lat == Decimal("60.169900") and feedback.long == Decimal("24.938400")
    assert feedback.contact_name == "Aino Virtanen"
    assert feedback.contact_email == "aino.virtanen@example.com"
    assert feedback.contact_phone == "040 1234567"
    # A public channel: published only after a moderator's approval.
    assert feedback.publication == Publication.PENDING
    assert FeedbackEvent.objects.get(feedback=feedback).kind == FeedbackEventKind.RECEIVED
    # Not listed before publication, but fetchable by id without anything personal.
    _response, parsed = api.get("requests", fmt)
    assert data_of(fmt, parsed, "service_requests") in ([], "")
    response, parsed = api.get(f"requests/{feedback.request_id}", fmt)
    (detail,) = data_of(fmt, parsed, "service_requests")
    assert detail["status"] == "open"
    assert detail["description"] == "" and detail["address"] == ""
    assert detail["lat"] in (None, "") and detail["long"] in (None, "")
    assert_no_personal_data(api)


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_with_an_address_only(api, key, fmt):
    response, _parsed = api.post(
        fmt, **post_values(key, lat="", long="", address_string="Mannerheimintie 1")
    )
    assert response.status_code == 200
    assert Feedback.objects.get().address == "Mannerheimintie 1"


BAD_POSTS = [
    ({"description": "lyhyt"}, 400, "description: Write at least 10 characters"),
    ({"description": "x" * 5001}, 400, "description: The description can be at most 5000"),
    ({"service_code": "ei-ole"}, 404, "There is no service with service_code “ei-ole”."),
    ({"service_code": ""}, 400, "service_code is required."),
    (
        {"lat": "", "long": ""},
        400,
        "A location is required: give lat and long, address_string or address_id.",
    ),
    ({"lat": "91"}, 400, "lat: The coordinate must be between -90 and 90."),
    ({"long": "181"}, 400, "long: The coordinate must be between -180 and 180."),
    ({"long": "", "lon": "24.9"}, 400, "Unknown parameter lon: give the longitude as long."),
    ({"long": "", "lng": "24.9"}, 400, "Unknown parameter lng: give the longitude as long."),
    ({"long": ""}, 400, "long: Give both latitude and longitude."),
    ({"attribute[type]": "rant"}, 400, "attribute[type] must be one of question, feedback"),
    ({"email": "ei-osoite"}, 400, "email: Check the email address."),
    ({"media_url": "javascript:alert(1)"}, 400, "media_url: The media URL is not a valid"),
    ({"api_key": ""}, 403, "api_key is required."),
    ({"api_key": "deadbeef.wrong"}, 403, "The api_key is not valid or has been revoked."),
]


@pytest.mark.parametrize(("changes", "status", "description"), BAD_POSTS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_post_gets_the_spec_error_and_stores_nothing(
    api, key, fmt, changes, status, description
):
    response, parsed = api.post(fmt, **post_values(key, **changes))
    assert response.status_code == status
    errors = errors_of(fmt, parsed)
    assert [error["code"] for error in errors] == [status]
    assert errors[0]["description"].startswith(description)
    assert Feedback.objects.count() == 0
    assert FeedbackEvent.objects.count() == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_several_problems_are_each_reported(api, key, fmt):
    response, parsed = api.post(fmt, **post_values(key, description="lyhyt", lat="91"))
    assert response.status_code == 400
    descriptions = sorted(error["description"] for error in errors_of(fmt, parsed))
    assert descriptions == [
        "description: Write at least 10 characters in the description.",
        "lat: The coordinate must be between -90 and 90.",
    ]
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_revoked_key_is_refused_at_once(api, key, fmt):
    assert api.post(fmt, **post_values(key))[0].status_code == 200
    from asiointi.feedback.open311.keys import api_client_revoke

    api_client_revoke(prefix=key.split(".")[0])
    response, parsed = api.post(fmt, **post_values(key))
    assert response.status_code == 403
    assert errors_of(fmt, parsed)[0]["code"] == 403
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_is_rate_limited_per_client(api, key, settings, fmt):
    settings.OPEN311_POST_RATE_LIMIT = "2/86400"  # a fixed window the test cannot straddle
    for _attempt in range(2):
        assert api.post(fmt, **post_values(key))[0].status_code == 200
    response, parsed = api.post(fmt, **post_values(key))
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    errors = errors_of(fmt, parsed)
    assert errors[0]["code"] == 429
    assert "Too many requests" in errors[0]["description"]
    assert Feedback.objects.count() == 2
    # Another client has its own allowance.
    _other, other_key = api_client_create(name="Toinen sovellus")
    assert api.post(fmt, **post_values(other_key))[0].status_code == 200


def test_get_only_resources_refuse_post(api, catalogue):
    response, parsed = api.call("POST", "services", "json")
    assert response.status_code == 405
    assert parsed[0]["code"] == 405


# --- GET requests -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_list_shows_only_published_public_fields(api, catalogue, settings, fmt):
    published = publish(submit())
    submit(description="Toinen palaute, ei julkaistu vielä.")  # pending
    submit(publish_consent=False, description="Kolmas palaute, ei lupaa julkaista.")
    photo = FeedbackPhoto.objects.create(
        feedback=published,
        file="feedback/x.png",
        original_name="ovi.png",
        content_type="image/png",
        size=10,
        sha256="0" * 64,
        public=True,
    )
    response, parsed = api.get("requests", fmt)
    assert response.status_code == 200
    (item,) = data_of(fmt, parsed, "service_requests")
    assert item["service_request_id"] == published.request_id
    assert item["description"] == "Kirjaston ovi on rikki (Töölö, Åbo)."
    assert item["status"] == "open"
    assert item["status_notes"] == "Korjaamme oven tällä viikolla."
    assert item["service_code"] == "kirjastot"
    assert item["service_name"] == "Kirjastot"
    assert item["agency_responsible"] == Department.objects.get(code="culture").name_fi
    assert item["address"] == "Kuusitie 5"
    assert float(item["lat"]) == 60.17 and float(item["long"]) == 24.94
    assert item["media_url"] == f"{settings.SITE_URL}/palaute/palsta/kuva/{photo.pk}/"
    # Times in Helsinki time with the offset.
    requested = datetime.datetime.fromisoformat(item["requested_datetime"])
    assert requested.utcoffset() in (datetime.timedelta(hours=2), datetime.timedelta(hours=3))
    assert abs(requested - published.received_at) < datetime.timedelta(seconds=1)
    expected = datetime.datetime.fromisoformat(item["expected_datetime"])
    assert (
        expected.date()
        == timezone.localtime(published.received_at + datetime.timedelta(days=5)).date()
    )  # libraries promise 5 days
    assert "extended_attributes" not in item
    assert_no_personal_data(api)


@pytest.mark.parametrize("fmt", FORMATS)
def test_extensions_add_title_detailed_status_media_and_history(api, catalogue, fmt):
    feedback = publish(submit())
    Feedback.objects.filter(pk=feedback.pk).update(status="answered")
    FeedbackEvent.objects.create(
        feedback=feedback,
        kind=FeedbackEventKind.NOTE_ADDED,  # internal: never in the history
        created_at=timezone.now(),
        details={"note": "Aino Virtanen soitti"},
    )
    FeedbackEvent.objects.create(
        feedback=feedback, kind=FeedbackEventKind.ANSWERED, created_at=timezone.now()
    )
    _response, parsed = api.get("requests", fmt, extensions="true")
    (item,) = data_of(fmt, parsed, "service_requests")
    assert item["status"] == "closed"
    assert item["expected_datetime"] in (None, "")
    extended = item["extended_attributes"]
    assert extended["title"] == "Kirjaston ovi on rikki (Töölö, Åbo)."
    assert extended["detailed_status"] == "PROCESSED"
    assert extended["media_urls"] in ([], "")
    history = extended["request_history"]
    assert [event["status"] for event in history] == ["RECEIVED", "PROCESSED"]
    # Notes are content, like service names: Finnish unless ``locale`` says otherwise.
    assert [event["note"] for event in history] == ["Palaute vastaanotettu", "Vastattu"]
    for event in history:
        assert datetime.datetime.fromisoformat(event["time"]).utcoffset() is not None
    _response, parsed = api.get(f"requests/{feedback.request_id}", fmt, extensions="true")
    (detail,) = data_of(fmt, parsed, "service_requests")
    assert detail["extended_attributes"]["detailed_status"] == "PROCESSED"
    assert_no_personal_data(api)


@pytest.mark.parametrize("fmt", FORMATS)
def test_list_filters(api, catalogue, fmt):
    library = publish(submit())
    streets = publish(submit(service_code="katujen-kunnossapito"))
    Feedback.objects.filter(pk=streets.pk).update(status="closed")
    old = publish(
        submit(received_at=timezone.now() - datetime.timedelta(days=120)),
        at=timezone.now() - datetime.timedelta(days=100),
    )

    def ids(**params) -> list[str]:
        response, parsed = api.get("requests", fmt, **params)
        assert response.status_code == 200, response.content
        items = data_of(fmt, parsed, "service_requests")
        return [item["service_request_id"] for item in items or []]

    assert ids() == [streets.request_id, library.request_id]  # newest first; 90 days
    assert ids(service_code="kirjastot") == [library.request_id]
    assert ids(service_code="kirjastot,katujen-kunnossapito", status="closed") == [
        streets.request_id
    ]
    assert ids(status="open") == [library.request_id]
    assert ids(status="open,closed") == [streets.request_id, library.request_id]
    start = timezone.localtime(old.received_at - datetime.timedelta(days=1))
    assert ids(start_date=start.isoformat()) == [old.request_id]
    assert ids(end_date=(timezone.now() - datetime.timedelta(days=110)).isoformat()) == [
        old.request_id
    ]
    # The ids override every other filter, also the window.
    assert ids(service_request_id=f"{old.request_id},{library.request_id}", status="closed") == [
        library.request_id,
        old.request_id,
    ]
    # Empty parameters equal absent ones.
    assert ids(service_code="", status="", start_date="", end_date="") == ids()


BAD_FILTERS = [
    ({"start_date": "eilen"}, "start_date must be an ISO 8601 date and time with a timezone"),
    ({"start_date": "2026-11-01T00:00:00"}, "start_date must be an ISO 8601"),
    ({"end_date": "2026-13-01T00:00:00Z"}, "end_date must be an ISO 8601"),
    (
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
        "The range from start_date to end_date can be at most 90 days",
    ),
    (
        {"start_date": "2026-06-01T00:00:00+03:00", "end_date": "2026-05-01T00:00:00+03:00"},
        "end_date must not be before start_date.",
    ),
    ({"service_request_id": ",".join(f"2026-{n:06d}" for n in range(101))}, "service_request_id"),
    ({"service_request_id": "abc"}, "service_request_id “abc” is not a request id"),
    ({"status": "pending"}, "status must be open, closed or both"),
    ({"service_code": "ei-ole"}, "Unknown service_code: ei-ole."),
    ({"extensions": "maybe"}, "extensions must be true or false."),
    ({"locale": "de"}, "locale must be one of fi, sv or en"),
]


@pytest.mark.parametrize(("params", "description"), BAD_FILTERS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_filters_get_a_400_error_list(api, catalogue, fmt, params, description):
    response, parsed = api.get("requests", fmt, **params)
    assert response.status_code == 400
    (error,) = errors_of(fmt, parsed)
    assert error["code"] == 400
    assert error["description"].startswith(description)


def test_dates_accept_z_offsets_and_an_unencoded_plus(api, catalogue):
    feedback = publish(submit())
    start = timezone.localtime(feedback.received_at - datetime.timedelta(hours=1))
    raw = start.isoformat(timespec="seconds")
    # A client that does not encode "+" sends a space.
    response = requests.get(
        f"{api.base}requests.json?start_date={raw}", timeout=30
    )  # "+" unencoded
    assert response.status_code == 200
    assert [item["service_request_id"] for item in response.json()] == [feedback.request_id]
    utc = (feedback.received_at - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    _response, parsed = api.get("requests", "json", start_date=utc)
    assert [item["service_request_id"] for item in parsed] == [feedback.request_id]


def test_list_holds_at_most_1000_newest_published(api, catalogue):
    created = published_feedback(1001, code="puistot")
    response, parsed = api.get("requests", "json")
    assert response.status_code == 200
    assert len(parsed) == 1000
    assert parsed[0]["service_request_id"] == created[0].request_id
    assert created[1000].request_id not in {item["service_request_id"] for item in parsed}
    response, parsed = api.get("requests", "xml")
    assert len(data_of("xml", parsed, "service_requests")) == 1000


# --- one request, tokens ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_published_request_by_id(api, catalogue, fmt):
    feedback = publish(submit())
    response, parsed = api.get(f"requests/{feedback.request_id}", fmt)
    assert response.status_code == 200
    (item,) = data_of(fmt, parsed, "service_requests")
    assert item["service_request_id"] == feedback.request_id
    assert item["description"] == "Kirjaston ovi on rikki (Töölö, Åbo)."
    assert item["address"] == "Kuusitie 5"
    assert_no_personal_data(api)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_or_malformed_request_id_is_404(api, catalogue, fmt):
    feedback = submit()
    wrong_year = f"{feedback.received_at.year - 1}-{feedback.pk:06d}"
    for request_id in ("2026-999999", "kuoppa", wrong_year):
        response, parsed = api.get(f"requests/{request_id}", fmt)
        assert response.status_code == 404
        assert errors_of(fmt, parsed)[0]["code"] == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_token_gives_the_request_id(api, catalogue, fmt):
    feedback = submit()
    response, parsed = api.get(f"tokens/{feedback.tracking_code}", fmt)
    assert response.status_code == 200
    assert data_of(fmt, parsed, "service_requests") == [
        {"service_request_id": feedback.request_id, "token": feedback.tracking_code}
    ]
    response, parsed = api.get("tokens/AAAA-BBBB-CCCC", fmt)
    assert response.status_code == 404
    assert errors_of(fmt, parsed)[0]["code"] == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_posted_request_flows_through_token_and_id(api, key, fmt):
    _response, parsed = api.post(fmt, **post_values(key))
    (posted,) = data_of(fmt, parsed, "service_requests")
    _response, parsed = api.get(f"tokens/{posted['token']}", fmt)
    (found,) = data_of(fmt, parsed, "service_requests")
    assert found["service_request_id"] == posted["service_request_id"]
    feedback = publish(Feedback.objects.get(), text="Kuoppa pyörätiellä, Töölö.")
    _response, parsed = api.get(f"requests/{posted['service_request_id']}", fmt)
    (item,) = data_of(fmt, parsed, "service_requests")
    assert item["description"] == "Kuoppa pyörätiellä, Töölö."
    assert item["service_code"] == "katujen-kunnossapito"
    assert feedback.description not in "".join(api.bodies)
    assert_no_personal_data(api)
