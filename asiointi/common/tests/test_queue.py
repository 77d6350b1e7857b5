"""With production's task queue a write request does no slow work: the email is a task row
committed with the change, and the worker (``asiointi worker``, django-tasks-db's ``db_worker``)
sends it afterwards. The immediate queue of the demo still sends it, after the commit."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from asiointi.cases.tests.test_submit import form_post
from asiointi.feedback.models import Feedback
from asiointi.feedback.open311.keys import api_client_create
from asiointi.feedback.tests.test_write_queries import OPEN311_POST
from asiointi.testing.fixtures import valid_answers

# The worker closes its database connection between tasks, as a long-running process does:
# the tests run on committed data.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def queued() -> list[tuple[str, str]]:
    return list(DBTaskResult.objects.values_list("task_path", "status"))


def test_open311_post_queues_the_receipt_for_the_worker(client, catalogue, database_tasks):
    _client, key = api_client_create(name="Palautesovellus Oy")
    response = client.post("/open311/v2/requests.json", {**OPEN311_POST, "api_key": key})
    assert response.status_code == 200
    assert mail.outbox == []
    assert queued() == [("asiointi.feedback.tasks.send_receipt", "READY")]

    run_worker()
    assert [message.to for message in mail.outbox] == [["aino.virtanen@example.com"]]
    assert Feedback.objects.get().tracking_code in mail.outbox[0].body
    assert queued() == [("asiointi.feedback.tasks.send_receipt", "SUCCESSFUL")]


def test_sending_an_application_queues_the_receipt_for_the_worker(
    client, draft, representative, association, database_tasks
):
    client.force_login(representative)
    body = form_post(valid_answers(association, representative), "send", draft.lock_version)
    response = client.post(reverse("cases:edit", args=[draft.pk]), body)
    assert response.status_code == 302
    assert mail.outbox == []
    assert queued() == [("asiointi.cases.tasks.notify_applicant", "READY")]

    run_worker()
    assert [message.to for message in mail.outbox] == [[representative.email]]
    assert queued() == [("asiointi.cases.tasks.notify_applicant", "SUCCESSFUL")]


def test_a_refused_submission_queues_nothing(client, catalogue, database_tasks):
    _client, key = api_client_create(name="Palautesovellus Oy")
    response = client.post(
        "/open311/v2/requests.json", {**OPEN311_POST, "api_key": key, "description": "Ovi"}
    )
    assert response.status_code == 400
    assert (Feedback.objects.count(), queued(), mail.outbox) == (0, [], [])


def test_the_immediate_queue_sends_after_the_commit(client, catalogue):
    """The demo's queue runs the task on the spot, once the feedback has been committed."""
    _client, key = api_client_create(name="Palautesovellus Oy")
    response = client.post("/open311/v2/requests.json", {**OPEN311_POST, "api_key": key})
    assert response.status_code == 200
    assert [message.to for message in mail.outbox] == [["aino.virtanen@example.com"]]
    assert queued() == []
