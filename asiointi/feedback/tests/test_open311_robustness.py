"""Open311 answers every input with a well-formed answer in its format, never a 500.

Dates far out of range used to overflow (OverflowError → 500); a published text holding control
bytes used to make ``requests.xml`` not well-formed for every client. Answers are parsed with
real parsers, as a client does.
"""

import json
import xml.etree.ElementTree as ET  # noqa: S405 (parsing our own server's answers)

import pytest

from asiointi.feedback.models import Feedback
from asiointi.feedback.open311.formats import clean, to_xml
from asiointi.feedback.tests.builders import published_feedback

pytestmark = pytest.mark.django_db


def errors(response) -> list[dict]:
    if response["Content-Type"] == "application/json; charset=utf-8":
        return json.loads(response.content)
    root = ET.fromstring(response.content)  # noqa: S314
    return [
        {"code": int(error.findtext("code")), "description": error.findtext("description")}
        for error in root
    ]


@pytest.mark.parametrize(
    ("query", "name", "value"),
    [
        ("end_date=0001-02-01T00:00:00Z", "end_date", "0001-02-01T00:00:00Z"),
        ("start_date=9999-12-30T00:00:00Z", "start_date", "9999-12-30T00:00:00Z"),
        ("start_date=0001-01-01T00:00:00%2B14:00", "start_date", "0001-01-01T00:00:00+14:00"),
        ("end_date=9999-12-31T23:59:59-12:00", "end_date", "9999-12-31T23:59:59-12:00"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_dates_far_out_of_range_are_a_400_error_list(client, catalogue, query, name, value, fmt):
    response = client.get(f"/open311/v2/requests.{fmt}?{query}")
    assert response.status_code == 400
    assert errors(response) == [
        {
            "code": 400,
            "description": f"{name} must be between the years 1900 and 2999; got “{value}”.",
        }
    ]


def test_dates_at_the_ends_of_the_range_work(client, catalogue):
    for query in (
        "start_date=1900-01-01T00:00:00%2B14:00",
        "end_date=1900-01-01T00:00:00Z",
        "start_date=2999-12-31T23:59:59-12:00",
    ):
        response = client.get(f"/open311/v2/requests.json?{query}")
        assert response.status_code == 200, query
        assert response.json() == []


@pytest.fixture
def item_with_control_bytes(catalogue) -> Feedback:
    """Published feedback whose texts hold bytes XML 1.0 forbids (stored before the boundary
    refused them, or typed by staff when moderating)."""
    item = published_feedback(1)[0]
    Feedback.objects.filter(pk=item.pk).update(
        public_description="Ovi\x01 on\x0b rikki\x1b[31m.\nToinen rivi\ttabin kanssa.",
        public_answer="Korjattu\x02\x1f.",  # (PostgreSQL cannot store U+0000 at all)
        address="Kuusitie\x0c 5",
    )
    return Feedback.objects.get(pk=item.pk)


def test_control_bytes_in_published_text_never_break_xml(client, item_with_control_bytes):
    item = item_with_control_bytes
    for path in ("requests.xml?extensions=true", f"requests/{item.request_id}.xml"):
        response = client.get(f"/open311/v2/{path}")
        assert response.status_code == 200
        root = ET.fromstring(response.content)  # noqa: S314 — raises if not well-formed
        request = root.find("request")
        assert request.findtext("description") == "Ovi on rikki[31m.\nToinen rivi\ttabin kanssa."
        assert request.findtext("status_notes") == "Korjattu."
        assert request.findtext("address") == "Kuusitie 5"
        if "extensions" in path:
            assert request.find("extended_attributes").findtext("title") == "Ovi on rikki[31m."


def test_json_has_the_same_cleaned_texts(client, item_with_control_bytes):
    response = client.get("/open311/v2/requests.json")
    assert response.status_code == 200
    (request,) = json.loads(response.content)
    assert request["description"] == "Ovi on rikki[31m.\nToinen rivi\ttabin kanssa."
    assert request["status_notes"] == "Korjattu."
    assert request["address"] == "Kuusitie 5"


def test_clean_removes_exactly_what_xml_forbids():
    text = "a\x00b\x08c\x0bd\x1fe\tf\ng\rh\ud800i\ufffej\uffffk\U0001f600l€"
    assert clean({"x": [text, 1, None, True]}) == {
        "x": ["abcde\tf\ng\rhijk\U0001f600l€", 1, None, True]
    }
    ET.fromstring(to_xml("errors", [{"code": 400, "description": clean(text)}]))  # noqa: S314
