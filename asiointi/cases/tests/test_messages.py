"""Secure messages between the applicant and the handler, and the status shown in the folder."""

import pytest
from django.core import mail
from django.urls import reverse

from asiointi.cases.constants import EventKind
from asiointi.cases.models import Case
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.messaging import message_send
from asiointi.cases.services.processing import case_start_processing
from asiointi.testing.fixtures import en, pdf_upload

pytestmark = pytest.mark.django_db


def test_applicant_sends_a_message_with_an_attachment(client, submitted, representative):
    client.force_login(representative)
    response = client.post(
        reverse("cases:message_send", args=[submitted.pk]),
        {"body": "Lisätietoa hankkeesta.", "files": [pdf_upload("liite.pdf")]},
    )
    assert response.status_code == 302
    message = submitted.messages.get()
    assert (message.body, message.from_staff, message.sender) == (
        "Lisätietoa hankkeesta.",
        False,
        representative,
    )
    assert message.attachments.get().display_name == "liite.pdf"
    assert submitted.events.filter(kind=EventKind.MESSAGE_FROM_APPLICANT).count() == 1


def test_empty_message_is_refused_with_a_message(client, submitted, representative):
    client.force_login(representative)
    response = client.post(en("cases:message_send", submitted.pk), {"body": "   "})
    assert response.status_code == 422
    assert "Write a message." in response.content.decode()
    assert not submitted.messages.exists()


def test_no_messages_on_a_draft(client, draft, representative):
    client.force_login(representative)
    client.post(reverse("cases:message_send", args=[draft.pk]), {"body": "Hei"})
    assert not draft.messages.exists()


def test_handler_message_is_unread_until_opened_and_email_hides_content(
    client, submitted, representative, handler_culture, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message_send(
            actor=handler_culture,
            case=submitted,
            from_staff=True,
            body="Toimittakaa tilinpäätös 2025.",
        )
    assert len(mail.outbox) == 1
    assert "tilinpäätös" not in mail.outbox[0].body
    assert submitted.record_number in mail.outbox[0].subject
    client.force_login(representative)
    client.post(reverse("accounts:switch"), {"organisation": submitted.organisation_id})
    folder = client.get(reverse("cases:folder")).content.decode()
    assert '<span class="badge">1</span>' in folder
    page = client.get(reverse("cases:detail", args=[submitted.pk])).content.decode()
    assert "Toimittakaa tilinpäätös 2025." in page
    submitted.refresh_from_db()
    assert submitted.unread_for_applicant == 0
    assert submitted.messages.get().read_at is not None


def test_timeline_shows_applicant_events_only(client, submitted, representative, handler_culture):
    case_start_processing(actor=handler_culture, case=submitted)
    client.force_login(representative)
    html = client.get(en("cases:detail", submitted.pk)).content.decode()
    timeline = html[html.index('id="timeline-title"') :]
    assert "Application received" in timeline
    assert "Processing started" in timeline
    assert "Draft created" not in timeline  # internal event, not shown


def test_folder_groups(client, submitted, representative, association, general_call):
    draft = case_create_draft(
        actor=representative, grant_call=general_call, organisation=association
    )
    client.force_login(representative)
    client.post(reverse("accounts:switch"), {"organisation": association.pk})
    drafts = client.get(reverse("cases:folder") + "?group=drafts").context["cases"]
    sent = client.get(reverse("cases:folder") + "?group=sent").context["cases"]
    processing = client.get(reverse("cases:folder") + "?group=processing").context["cases"]
    assert [c.pk for c in drafts] == [draft.pk]
    assert [c.pk for c in sent] == [submitted.pk]
    assert processing == []
    assert Case.objects.count() == 2
