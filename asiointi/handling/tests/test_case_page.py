"""The handler's case page and its actions: start processing, messages, uploads, other cases."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.models import Attachment, Case, Message
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.messaging import message_send
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.services.sending import case_send
from asiointi.handling.tests.conftest import sent_case
from asiointi.testing.fixtures import PDF_BYTES, pdf_upload, valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaisa(client, handler_culture):
    client.force_login(handler_culture)
    return handler_culture


def test_page_shows_applicant_versions_attachments_messages_and_timeline(
    client, kaisa, submitted, representative, association
):
    case_send(
        actor=representative,
        case=submitted,
        data=valid_answers(association, representative, amount="6000.00"),
    )
    attachment_add(actor=representative, case=submitted, upload=pdf_upload(), kind="budget")
    message_send(actor=representative, case=submitted, body="Kysymys käsittelijälle")
    response = client.get(reverse("handling:case", args=[submitted.pk]))
    content = response.content.decode()
    assert "Kallion Kulttuuriyhdistys ry (1234567-1)" in content
    assert "matti@example.com" in content
    assert [v.number for v in response.context["versions"]] == [1, 2]
    assert reverse("handling:version", args=[submitted.pk, 2]) + "?vs=1" in content
    assert [a.display_name for a in response.context["attachments"]] == ["talousarvio.pdf"]
    assert "Kysymys käsittelijälle" in content
    assert [e.kind for e in response.context["events"]] == [
        EventKind.CREATED,  # internal: the applicant's folder does not show it
        EventKind.SUBMITTED,
        EventKind.NEW_VERSION,
        EventKind.ATTACHMENT_ADDED,
        EventKind.MESSAGE_FROM_APPLICANT,
    ]
    # Opening the page marks the applicant's message read for the staff.
    assert Message.objects.get().read_at is not None


def test_version_view_and_diff(client, kaisa, submitted, representative, association):
    case_send(
        actor=representative,
        case=submitted,
        data=valid_answers(association, representative, amount="6000.00"),
    )
    response = client.get(reverse("handling:version", args=[submitted.pk, 2]) + "?vs=1")
    assert response.status_code == 200
    assert [(c.before, c.after) for c in response.context["changes"]] == [
        ("5\u00a0000,00\u00a0€", "6\u00a0000,00\u00a0€")
    ]
    assert f'href="{reverse("handling:case", args=[submitted.pk])}"' in response.content.decode()
    assert client.get(reverse("handling:version", args=[submitted.pk, 9])).status_code == 404


def test_start_processing(client, kaisa, submitted):
    response = client.post(
        reverse("handling:start_processing", args=[submitted.pk]),
        {"lock_version": submitted.lock_version},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("handling:case", args=[submitted.pk])
    submitted.refresh_from_db()
    assert (submitted.status, submitted.handler) == (CaseStatus.IN_PROCESSING, kaisa)
    assert submitted.events.filter(kind=EventKind.PROCESSING_STARTED, actor=kaisa).count() == 1
    assert 'id="start-processing"' not in response.content.decode()


def test_start_processing_with_a_stale_lock_version_is_a_conflict(client, kaisa, submitted):
    before = Case.objects.get(pk=submitted.pk)
    response = client.post(
        reverse("handling:start_processing", args=[submitted.pk]),
        {"lock_version": submitted.lock_version - 1},
        follow=True,
    )
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    assert str(message) == (
        "Joku muu muutti hakemusta sillä välin (tila nyt ”Vastaanotettu”). "
        "Lataa sivu uudelleen ja yritä uudestaan."
    )
    after = Case.objects.get(pk=submitted.pk)
    assert (after.status, after.handler_id, after.lock_version) == (
        CaseStatus.RECEIVED,
        None,
        before.lock_version,
    )
    assert not after.events.filter(kind=EventKind.PROCESSING_STARTED).exists()


def test_start_processing_twice_names_the_state(client, kaisa, submitted):
    case_start_processing(actor=kaisa, case=submitted)
    response = client.post(
        reverse("handling:start_processing", args=[submitted.pk]), {}, follow=True
    )
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    assert (
        Case.objects.get(pk=submitted.pk).events.filter(kind=EventKind.PROCESSING_STARTED).count()
        == 1
    )


def test_staff_message_reaches_the_applicants_folder(client, kaisa, submitted, representative):
    response = client.post(
        reverse("handling:message_send", args=[submitted.pk]),
        {"body": "Toimittakaa tilinpäätös."},
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.from_staff, message.sender, message.body) == (
        True,
        kaisa,
        "Toimittakaa tilinpäätös.",
    )
    client.force_login(representative)
    folder = client.get(reverse("cases:detail", args=[submitted.pk])).content.decode()
    assert "Toimittakaa tilinpäätös." in folder
    assert Case.objects.get(pk=submitted.pk).unread_for_applicant == 0


def test_empty_staff_message_is_refused(client, kaisa, submitted):
    response = client.post(reverse("handling:message_send", args=[submitted.pk]), {"body": " "})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Message.objects.exists()


def test_staff_uploads_a_scanned_paper(client, kaisa, submitted):
    upload = SimpleUploadedFile("skannattu.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        reverse("handling:attachment_upload", args=[submitted.pk]),
        {"file": upload, "kind": "scanned_paper"},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.from_staff, attachment.uploaded_by) == (
        "scanned_paper",
        True,
        kaisa,
    )
    download = client.get(reverse("handling:attachment", args=[submitted.pk, attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_other_department_cannot_download(client, handler_education, submitted, representative):
    attachment = attachment_add(
        actor=representative, case=submitted, upload=pdf_upload(), kind="budget"
    )
    client.force_login(handler_education)
    url = reverse("handling:attachment", args=[submitted.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_other_applications_in_every_department(client, kaisa, queue_cases):
    response = client.get(reverse("handling:case", args=[queue_cases["kallio"].pk]))
    others = response.context["other_applications"]
    # The association's other sent cases, newest first, the education one included.
    assert [c.record_number for c in others] == [
        queue_cases["education"].record_number,
        queue_cases["processing"].record_number,
    ]
    content = response.content.decode()
    assert "Kasvatuksen ja koulutuksen toimiala" in content
    # The other department's case is listed but not linked.
    assert reverse("handling:case", args=[queue_cases["education"].pk]) not in content
    assert reverse("handling:case", args=[queue_cases["processing"].pk]) in content
    # A person without an organisation: their own other cases, not their drafts.
    response = client.get(reverse("handling:case", args=[queue_cases["aino"].pk]))
    assert [c.record_number for c in response.context["other_applications"]] == [
        queue_cases["decided"].record_number
    ]


def test_closed_case_takes_no_messages(client, kaisa, general_call, resident):
    case = sent_case(person=resident, call=general_call)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    response = client.get(reverse("handling:case", args=[case.pk]))
    assert 'id="send-message"' not in response.content.decode()
    response = client.post(reverse("handling:message_send", args=[case.pk]), {"body": "Hei"})
    assert response.status_code == 422
    assert not Message.objects.exists()
