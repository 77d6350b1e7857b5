"""Idempotency-Key on /api/v1 POSTs and Open311 POST requests: retries lose nothing and
duplicate nothing (asiointi/common/idempotency.py)."""

import datetime
import threading

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone

from asiointi.cases.models import Attachment, Case, Message
from asiointi.common.models import IdempotencyKey
from asiointi.feedback.models import Feedback
from asiointi.feedback.open311.keys import api_client_create
from asiointi.testing.fixtures import PDF_BYTES, pdf_upload

API = "/api/v1"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
KEY = "5f0c1c2e-8d7a-4b8e-9b1a-3c2d1e0f9a8b"


def post_json(client, path, body, key=KEY, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(API + path, body, content_type="application/json", **EN, **headers, **extra)


def answer(response) -> tuple:
    return response.status_code, response["Content-Type"], response.content


# --- the REST API -------------------------------------------------------------------------------


def test_retry_with_the_same_key_returns_the_first_answer_and_creates_one_draft(
    client, resident, general_call
):
    client.force_login(resident)
    first = post_json(client, "/applications", {"grant_call_id": general_call.pk})
    retry = post_json(client, "/applications", {"grant_call_id": general_call.pk})
    assert first.status_code == 201
    assert answer(retry) == answer(first)
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert list(Case.objects.values_list("pk", flat=True)) == [first.json()["id"]]
    stored = IdempotencyKey.objects.get()
    assert (stored.client, stored.key, stored.status) == (f"user:{resident.pk}", KEY, 201)
    lifetime = stored.expires_at - stored.created_at
    assert lifetime == datetime.timedelta(hours=24)


def test_same_key_with_another_body_is_422_and_creates_nothing(
    client, resident, general_call, catalogue
):
    client.force_login(resident)
    first = post_json(client, "/applications", {"grant_call_id": general_call.pk})
    other = post_json(client, "/applications", {"service_code": "toimeentulotuki"})
    assert other.status_code == 422
    message = "This Idempotency-Key was already used for a different request."
    assert other.json() == {
        "code": "idempotency_key_refused",
        "message": message,
        "detail": [{"loc": ["header", "Idempotency-Key"], "msg": message}],
    }
    assert list(Case.objects.values_list("pk", flat=True)) == [first.json()["id"]]


def test_refusal_is_in_the_users_language(client, resident, general_call):
    client.force_login(resident)
    post_json(client, "/applications", {"grant_call_id": general_call.pk})
    other = client.post(
        f"{API}/applications",
        {"grant_call_id": general_call.pk, "organisation_id": None, "service_code": None},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=KEY,
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert other.status_code == 422
    assert other.json()["message"] == (
        "Denna Idempotency-Key har redan använts för en annan begäran."
    )
    assert Case.objects.count() == 1


def test_without_a_key_every_post_creates(client, resident, general_call):
    client.force_login(resident)
    first = post_json(client, "/applications", {"grant_call_id": general_call.pk}, key=None)
    second = post_json(client, "/applications", {"grant_call_id": general_call.pk}, key=None)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]
    assert Case.objects.count() == 2
    assert IdempotencyKey.objects.count() == 0


def test_keys_are_per_user(client, resident, other_resident, general_call):
    client.force_login(resident)
    mine = post_json(client, "/applications", {"grant_call_id": general_call.pk})
    client.force_login(other_resident)
    theirs = post_json(client, "/applications", {"grant_call_id": general_call.pk})
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert Case.objects.get(pk=mine.json()["id"]).applicant == resident
    assert Case.objects.get(pk=theirs.json()["id"]).applicant == other_resident


def test_an_error_answer_is_not_kept_so_the_retry_runs_again(client, resident, general_call):
    client.force_login(resident)
    refused = post_json(client, "/applications", {"grant_call_id": 999999})
    assert refused.status_code == 404
    assert IdempotencyKey.objects.count() == 0
    assert Case.objects.count() == 0
    # The key was not used up: a corrected request with it goes through.
    created = post_json(client, "/applications", {"grant_call_id": general_call.pk})
    assert created.status_code == 201
    assert Case.objects.count() == 1


@pytest.mark.parametrize("bad_key", ["", "k" * 256, "avain-ä", "tab\there"])
def test_malformed_key_is_422_and_creates_nothing(client, resident, general_call, bad_key):
    client.force_login(resident)
    response = post_json(client, "/applications", {"grant_call_id": general_call.pk}, key=bad_key)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_refused"
    assert response.json()["message"] == (
        "The Idempotency-Key must be 1 to 255 printable ASCII characters."
    )
    assert Case.objects.count() == 0
    assert IdempotencyKey.objects.count() == 0


def test_an_expired_key_is_forgotten_and_purged(client, resident, general_call):
    client.force_login(resident)
    first = post_json(client, "/applications", {"grant_call_id": general_call.pk})
    IdempotencyKey.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    again = post_json(client, "/applications", {"grant_call_id": general_call.pk})
    assert again.status_code == 201
    assert again.json()["id"] != first.json()["id"]
    assert IdempotencyKey.objects.count() == 1
    IdempotencyKey.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("purge_idempotency_keys", verbosity=0)
    assert IdempotencyKey.objects.count() == 0


def test_upload_retry_with_a_new_multipart_boundary_stores_one_attachment(
    client, representative, submitted
):
    client.force_login(representative)
    path = f"{API}/applications/{submitted.pk}/attachments"
    first = client.post(
        path, {"file": pdf_upload(), "kind": "budget"}, HTTP_IDEMPOTENCY_KEY=KEY, **EN
    )
    # A client library draws a new boundary for each attempt: still the same request.
    boundary = "another-boundary-4f2a"
    body = encode_multipart(boundary, {"file": pdf_upload(), "kind": "budget"})
    assert boundary != BOUNDARY
    retry = client.post(
        path,
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        HTTP_IDEMPOTENCY_KEY=KEY,
        **EN,
    )
    assert first.status_code == 201
    assert answer(retry) == answer(first)
    assert Attachment.objects.filter(case=submitted).count() == 1
    assert Attachment.objects.get(case=submitted).size == len(PDF_BYTES)
    other_kind = client.post(
        path, {"file": pdf_upload(), "kind": "other"}, HTTP_IDEMPOTENCY_KEY=KEY, **EN
    )
    assert other_kind.status_code == 422
    assert Attachment.objects.filter(case=submitted).count() == 1
    assert MULTIPART_CONTENT.startswith("multipart/form-data")


def test_message_retry_sends_one_message(client, representative, submitted):
    client.force_login(representative)
    path = f"/applications/{submitted.pk}/messages"
    first = post_json(client, path, {"body": "Liitin talousarvion."})
    retry = post_json(client, path, {"body": "Liitin talousarvion."})
    assert first.status_code == 201
    assert answer(retry) == answer(first)
    assert list(Message.objects.filter(case=submitted).values_list("body", flat=True)) == [
        "Liitin talousarvion."
    ]


def test_the_public_fee_calculator_accepts_the_header_and_keeps_nothing(client, catalogue):
    body = {
        "service": "home-care",
        "date": "2024-05-01",
        "family_size": 2,
        "hours": 12,
        "gross_income": 2300,
    }
    first = post_json(client, "/fees/calculate", body)
    second = post_json(client, "/fees/calculate", body)
    assert (first.status_code, first.json()["monthly_fee"]) == (200, "186.15")
    assert second.content == first.content
    assert IdempotencyKey.objects.count() == 0


# --- Open311 ------------------------------------------------------------------------------------


def open311_post(client, key: str, idempotency_key=KEY, **changes):
    values = {
        "api_key": key,
        "service_code": "katujen-kunnossapito",
        "lat": "60.1699",
        "long": "24.9384",
        "description": "Pyörätiellä on syvä kuoppa.",
        "email": "aino.virtanen@example.com",
    }
    values.update(changes)
    headers = {"HTTP_IDEMPOTENCY_KEY": idempotency_key} if idempotency_key else {}
    return client.post("/open311/v2/requests.json", values, **headers)


@pytest.fixture
def open311_key(catalogue) -> str:
    _client, key = api_client_create(name="Palautesovellus Oy")
    return key


def test_open311_retry_returns_the_first_answer_and_creates_one_feedback(client, open311_key):
    first = open311_post(client, open311_key)
    retry = open311_post(client, open311_key)
    assert first.status_code == 200
    assert answer(retry) == answer(first)
    feedback = Feedback.objects.get()
    assert first.json()[0]["service_request_id"] == feedback.request_id


def test_open311_same_key_with_another_body_is_422_in_georeport_format(client, open311_key):
    open311_post(client, open311_key)
    other = open311_post(client, open311_key, description="Toinen kuoppa.")
    assert other.status_code == 422
    assert other.json() == [
        {
            "code": 422,
            "description": "This Idempotency-Key was already used for a different request.",
        }
    ]
    assert Feedback.objects.count() == 1


def test_open311_without_a_key_every_post_creates(client, open311_key):
    open311_post(client, open311_key, idempotency_key=None)
    open311_post(client, open311_key, idempotency_key=None)
    assert Feedback.objects.count() == 2


def test_open311_keys_are_per_api_client(client, open311_key, catalogue):
    _other, other_key = api_client_create(name="Toinen sovellus")
    first = open311_post(client, open311_key)
    second = open311_post(client, other_key)
    assert (first.status_code, second.status_code) == (200, 200)
    assert Feedback.objects.count() == 2


# --- concurrency (PostgreSQL: the second insert waits on the unique index) ----------------------


def _session_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_with_one_key_create_one_draft(resident, general_call):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    cookies = _session_client(resident).cookies
    start = threading.Barrier(2)
    answers: list = [None, None]

    def post(index: int) -> None:
        client = Client()
        client.cookies = cookies
        start.wait()
        try:
            answers[index] = answer(
                post_json(client, "/applications", {"grant_call_id": general_call.pk})
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers[0] == answers[1]
    assert answers[0][0] == 201
    assert Case.objects.count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_retry_waits_for_the_request_in_flight_and_replays_its_answer(resident, general_call):
    """The first request is held open (its key row inserted, not yet committed) in another
    transaction; the retry must wait for it and then return its answer, creating nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")

    client = _session_client(resident)
    settings_dict = connections["default"].settings_dict
    in_flight = psycopg.connect(
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        dbname=settings_dict["NAME"],
    )
    # The answer the request in flight will give: made for real once, then its traces removed.
    first_answer = answer(post_json(client, "/applications", {"grant_call_id": general_call.pk}))
    held = IdempotencyKey.objects.get()
    row = (held.client, held.fingerprint, held.status, held.content_type, bytes(held.body))
    IdempotencyKey.objects.all().delete()
    Case.objects.all().delete()
    now = timezone.now()
    with in_flight.cursor() as cursor:
        cursor.execute(
            "INSERT INTO common_idempotencykey (client, key, fingerprint, content_type, body, "
            "created_at, expires_at) VALUES (%s, %s, %s, '', ''::bytea, %s, %s)",
            (row[0], KEY, row[1], now, now + datetime.timedelta(hours=1)),
        )
    result: list = []

    def retry() -> None:
        try:
            body = {"grant_call_id": general_call.pk}
            result.append(answer(post_json(client, "/applications", body)))
        finally:
            connection.close()

    waiting = threading.Thread(target=retry)
    waiting.start()
    waiting.join(timeout=1.5)
    assert waiting.is_alive(), "the retry must wait for the request in flight"
    with in_flight.cursor() as cursor:
        cursor.execute(
            "UPDATE common_idempotencykey SET status = %s, content_type = %s, body = %s "
            "WHERE key = %s",
            (row[2], row[3], row[4], KEY),
        )
    in_flight.commit()
    in_flight.close()
    waiting.join(timeout=30)
    assert result == [first_answer]
    assert Case.objects.count() == 0
