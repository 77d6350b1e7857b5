"""Sending an application and sending a message are one transaction each, with a fixed number
of statements (issue 15), through the folder form, the REST API and the handler's page.

Counted with ``asiointi.testing.queries`` (its docstring says why these tests need real commits),
with production's task queue, so that the notification is a task row in the same transaction.
"""

import pytest
from django.urls import reverse

from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case, Message
from asiointi.cases.tests.test_submit import form_post
from asiointi.testing.fixtures import valid_answers
from asiointi.testing.queries import assert_database_work

pytestmark = pytest.mark.django_db(transaction=True)

# Session, user, the access check, the case locked (with its form), the record number's upsert,
# the routing team, the version, the case, the event, the receipt email's task.
SEND_QUERIES = 10
# … and the answer: the case as the API shows it with its versions, attachments, messages and
# timeline.
API_SEND_QUERIES = 15
# Session, user, the access check, the case locked, the message, the case's updated_at, the
# event (the applicant is not emailed about their own message).
MESSAGE_QUERIES = 7
# Session, user, the handler's departments, the access check, the case locked, the message, the
# case's unread count, the event, the applicant's email's task.
HANDLER_MESSAGE_QUERIES = 9


def test_sending_a_draft_from_the_folder_form_is_one_transaction(
    client, draft, representative, association, database_tasks
):
    client.force_login(representative)
    body = form_post(valid_answers(association, representative), "send", draft.lock_version)
    with assert_database_work(queries=SEND_QUERIES, commits=1):
        response = client.post(reverse("cases:edit", args=[draft.pk]), body)
    assert response.status_code == 302
    assert Case.objects.get(pk=draft.pk).status == CaseStatus.RECEIVED


def test_sending_a_draft_through_the_api_is_one_transaction(
    client, draft, representative, association, database_tasks
):
    client.force_login(representative)
    body = {"lock_version": draft.lock_version, "data": valid_answers(association, representative)}
    with assert_database_work(queries=API_SEND_QUERIES, commits=1):
        response = client.post(
            f"/api/v1/applications/{draft.pk}/submit", body, content_type="application/json"
        )
    assert response.status_code == 200, response.content
    assert Case.objects.get(pk=draft.pk).status == CaseStatus.RECEIVED


def test_a_residents_message_is_one_transaction(client, submitted, representative, database_tasks):
    client.force_login(representative)
    with assert_database_work(queries=MESSAGE_QUERIES, commits=1):
        response = client.post(reverse("cases:message_send", args=[submitted.pk]), {"body": "Hei"})
    assert response.status_code == 302
    assert Message.objects.get().body == "Hei"


def test_a_handlers_message_is_one_transaction(client, submitted, handler_culture, database_tasks):
    client.force_login(handler_culture)
    with assert_database_work(queries=HANDLER_MESSAGE_QUERIES, commits=1):
        response = client.post(
            reverse("handling:message_send", args=[submitted.pk]), {"body": "Hei"}
        )
    assert response.status_code == 302
    assert Message.objects.get().from_staff is True
