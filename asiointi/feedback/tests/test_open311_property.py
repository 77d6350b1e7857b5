"""Property: whatever a client sends to Open311, the answer is never a 5xx and always parses.

Hypothesis throws arbitrary parameter names and values, raw query bytes, path segments, suffixes
and POST bodies (form-encoded or not, with and without a valid api_key) at every endpoint. Each
answer must be JSON or XML — chosen by the suffix, JSON for an unknown one — and parse with a
real parser; the Django test client re-raises any exception a view lets through, so a crash
fails the test with the input that caused it. Examples are bounded so that the suite stays fast.
"""

import json
import urllib.parse
import xml.etree.ElementTree as ET  # noqa: S405 (parsing our own server's answers)

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asiointi.feedback.open311.keys import api_client_create

pytestmark = pytest.mark.django_db

# Derandomised: every run tries the same examples, so a failure reproduces and the suite does
# not flake; no example database is written into the work tree.
PROPERTY = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NAMES = [
    "service_code",
    "service_request_id",
    "start_date",
    "end_date",
    "status",
    "extensions",
    "locale",
    "jurisdiction_id",
    "api_key",
    "description",
    "address_string",
    "address_id",
    "lat",
    "long",
    "lon",
    "email",
    "first_name",
    "last_name",
    "phone",
    "media_url",
    "attribute[type]",
]
TYPICAL = [
    "kirjastot",
    "2026-000001",
    "2026-11-01T00:00:00+02:00",
    "2026-11-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59Z",
    "open,closed",
    "true",
    "sv_FI",
    "60.17",
    "-181",
    "1e308",
    "nan",
    "http://example.com/kuva.jpg",
    "complaint",
    "",
]
# Any text a URL or form can carry (lone surrogates cannot be encoded at all).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(st.sampled_from(TYPICAL), TEXT)
# Mostly known names with plausible values (so that a call gets past the first check and
# reaches the deeper ones), sometimes anything at all.
PARAMS = st.one_of(
    st.dictionaries(st.sampled_from(NAMES), st.sampled_from(TYPICAL), max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(NAMES), TEXT), VALUES, max_size=8),
)
SUFFIXES = st.one_of(
    st.sampled_from(["json", "xml"]),
    st.sampled_from(["JSON", "Xml", "yaml", "", "json/", "xml.json"]),
    st.text(st.characters(codec="ascii", exclude_categories=("Cs", "Cc")), max_size=6),
)


def quoted(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def assert_parses(response, path: str) -> None:
    assert response.status_code < 500, (path, response.status_code)
    content_type = response["Content-Type"]
    suffix = path.split("?", 1)[0].rsplit(".", 1)[-1].lower()
    if content_type == "text/xml; charset=utf-8":
        assert suffix == "xml", path
        ET.fromstring(response.content)  # noqa: S314
    else:
        assert content_type == "application/json; charset=utf-8", (path, content_type)
        json.loads(response.content)


@pytest.fixture
def key(catalogue) -> str:
    _client, key = api_client_create(name="Fuzz Oy")
    return key


@PROPERTY
@given(
    resource=st.sampled_from(["requests", "services", "discovery"]),
    suffix=SUFFIXES,
    params=PARAMS,
    raw=st.one_of(st.none(), st.binary(max_size=60)),
)
def test_lists_never_fail(client, catalogue, resource, suffix, params, raw):
    query = (
        urllib.parse.urlencode(params)
        if raw is None
        else urllib.parse.quote_from_bytes(raw, safe="=&")
    )
    path = f"/open311/v2/{resource}.{quoted(suffix)}?{query}"
    assert_parses(client.get(path), path)


@PROPERTY
@given(
    resource=st.sampled_from(["requests", "tokens", "services"]),
    segment=st.one_of(TEXT.filter(bool), st.sampled_from(["2026-000001", "ABCD-EFGH-JKMN"])),
    suffix=SUFFIXES,
    params=PARAMS,
)
def test_single_items_never_fail(client, catalogue, resource, segment, suffix, params):
    path = f"/open311/v2/{resource}/{quoted(segment)}.{quoted(suffix)}"
    path += "?" + urllib.parse.urlencode(params)
    assert_parses(client.get(path), path)


@PROPERTY
@given(
    suffix=st.sampled_from(["json", "xml"]),
    form=PARAMS,
    with_key=st.booleans(),
    raw=st.one_of(
        st.none(),
        st.tuples(
            st.sampled_from(
                [
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x",
                    "application/json",
                    "text/plain",
                ]
            ),
            st.binary(max_size=200),
        ),
    ),
)
def test_posts_never_fail(client, key, suffix, form, with_key, raw):
    path = f"/open311/v2/requests.{suffix}"
    if raw is not None:
        content_type, body = raw
        response = client.generic("POST", path, body, content_type=content_type)
    else:
        if with_key:
            form = {"service_code": "kirjastot", **form, "api_key": key}
        response = client.post(path, form)
    assert_parses(response, path)
