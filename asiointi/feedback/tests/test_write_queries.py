"""A feedback write request is one transaction with a fixed number of statements (issue 15).

Counted with ``asiointi.testing.queries`` (its docstring says why these tests need real commits);
the figures are the same on SQLite and PostgreSQL.
"""

import pytest

from asiointi.feedback.models import Feedback
from asiointi.feedback.open311.keys import api_client_create
from asiointi.feedback.tests.test_public_form import form_data
from asiointi.testing.fixtures import url
from asiointi.testing.queries import assert_database_work

pytestmark = pytest.mark.django_db(transaction=True)

# The API key, the rate-limit upsert, the service, the feedback, its event, the receipt's task.
OPEN311_POST_QUERIES = 6
# The rate-limit upsert, the service, the feedback, its event, the receipt's task. The count
# commits on its own, before the photos are scanned: a refused sender costs no virus scan, and
# no scan runs inside a transaction (no external call inside a request's transaction).
FORM_POST_QUERIES = 5
FORM_POST_COMMITS = 2

OPEN311_POST = {
    "service_code": "kirjastot",
    "description": "Kirjaston ovi on rikki, eikä se aukea pyörätuolilla.",
    "lat": "60.170000",
    "long": "24.940000",
    "email": "aino.virtanen@example.com",
}


def test_open311_post_is_one_transaction(client, catalogue, database_tasks):
    _client, key = api_client_create(name="Palautesovellus Oy")
    with assert_database_work(queries=OPEN311_POST_QUERIES, commits=1):
        response = client.post("/open311/v2/requests.json", {**OPEN311_POST, "api_key": key})
    assert response.status_code == 200, response.content
    assert Feedback.objects.get().service.code == "kirjastot"


def test_feedback_form_post_is_one_transaction(client, catalogue, database_tasks):
    with assert_database_work(queries=FORM_POST_QUERIES, commits=FORM_POST_COMMITS):
        response = client.post(url("feedback:give"), form_data())
    assert response.status_code == 302
    assert Feedback.objects.get().service.code == "katujen-kunnossapito"
