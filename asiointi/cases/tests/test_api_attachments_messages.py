"""Attachments, messages and the timeline through the API."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asiointi.cases.models import Attachment, Message
from asiointi.cases.services.messaging import message_send
from asiointi.cases.services.processing import case_start_processing
from asiointi.testing.fixtures import PDF_BYTES, pdf_upload

API = "/api/v1"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def stored_copies(content: bytes) -> list[Path]:
    """Files in attachment storage with exactly this content (stored names start with the hash)."""
    digest = hashlib.sha256(content).hexdigest()
    root = Path(Attachment._meta.get_field("file").storage.location)
    return sorted(root.glob(f"cases/*/{digest[:2]}/{digest}-*"))


def upload(client, case, file, kind="budget"):
    return client.post(
        f"{API}/applications/{case.pk}/attachments", {"file": file, "kind": kind}, **EN
    )


def test_upload_pdf_list_and_download(client, representative, submitted):
    client.force_login(representative)
    response = upload(client, submitted, pdf_upload("Talousarvio 2027.pdf"))
    assert response.status_code == 201
    body = response.json()
    attachment = Attachment.objects.get(pk=body["id"])
    assert body["name"] == "Talousarvio 2027.pdf"
    assert body["kind"] == "budget"
    assert body["kind_display"] == "Budget"
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(PDF_BYTES)
    assert body["from_staff"] is False
    assert body["message_id"] is None
    assert body["download_url"] == (
        f"{API}/applications/{submitted.pk}/attachments/{attachment.pk}/content"
    )
    assert attachment.uploaded_by == representative
    assert attachment.file.storage.exists(attachment.file.name)
    assert attachment.file.name.startswith(f"cases/{submitted.pk}/")

    listed = client.get(f"{API}/applications/{submitted.pk}/attachments").json()
    assert [row["id"] for row in listed] == [attachment.pk]

    download = client.get(body["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert "Talousarvio 2027.pdf" in download["Content-Disposition"]

    timeline = client.get(f"{API}/applications/{submitted.pk}/timeline").json()
    assert [event["kind"] for event in timeline] == ["submitted", "attachment_added"]


def test_renamed_executable_is_refused_and_nothing_is_stored(client, representative, submitted):
    client.force_login(representative)
    events = submitted.events.count()
    executable = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) + b"asiointi-api-test"
    fake = SimpleUploadedFile("talousarvio.pdf", executable, "application/pdf")
    response = upload(client, submitted, fake)
    assert response.status_code == 422
    message = (
        "This type of file is not accepted. Send a PDF, an image (JPEG, PNG, GIF, TIFF, "
        "WebP) or an office document (Word, Excel, PowerPoint, OpenDocument)."
    )
    assert response.json() == {
        "code": "validation_failed",
        "message": message,
        "detail": [{"loc": ["body", "file"], "msg": message}],
    }
    assert Attachment.objects.count() == 0
    assert stored_copies(executable) == []
    assert submitted.events.count() == events


def test_upload_without_kind_is_refused(client, representative, submitted):
    client.force_login(representative)
    response = upload(client, submitted, pdf_upload(), kind="")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "kind"], "msg": "Choose the type of the attachment."}
    ]
    assert Attachment.objects.count() == 0


def test_upload_without_file_is_422(client, representative, submitted):
    client.force_login(representative)
    response = client.post(f"{API}/applications/{submitted.pk}/attachments", {"kind": "budget"})
    assert response.status_code == 422
    assert response.json()["code"] == "request_invalid"
    assert Attachment.objects.count() == 0


def test_attachments_accepted_while_processing(client, representative, submitted, handler_culture):
    case_start_processing(actor=handler_culture, case=submitted)
    client.force_login(representative)
    assert upload(client, submitted, pdf_upload()).status_code == 201


def test_messages_send_list_and_mark_read(client, representative, submitted, handler_culture):
    client.force_login(representative)
    sent = client.post(
        f"{API}/applications/{submitted.pk}/messages",
        {"body": "  Milloin päätös tulee?  "},
        content_type="application/json",
    )
    assert sent.status_code == 201
    assert sent.json()["body"] == "Milloin päätös tulee?"
    assert sent.json()["from_staff"] is False
    assert sent.json()["sender"] == "Matti Meikäläinen"
    reply = message_send(actor=handler_culture, case=submitted, body="Kesäkuussa.", from_staff=True)
    submitted.refresh_from_db()
    assert submitted.unread_for_applicant == 1
    assert client.get(f"{API}/applications/{submitted.pk}").json()["unread_messages"] == 1

    listed = client.get(f"{API}/applications/{submitted.pk}/messages")
    assert listed.status_code == 200
    rows = listed.json()
    assert [(m["body"], m["from_staff"]) for m in rows] == [
        ("Milloin päätös tulee?", False),
        ("Kesäkuussa.", True),
    ]
    # Shown unread in this answer, read from now on (as on the web page).
    assert rows[1]["read_at"] is None
    reply.refresh_from_db()
    assert reply.read_at is not None
    submitted.refresh_from_db()
    assert submitted.unread_for_applicant == 0
    assert client.get(f"{API}/applications/{submitted.pk}/messages").json()[1]["read_at"]

    timeline = client.get(f"{API}/applications/{submitted.pk}/timeline", **EN).json()
    assert [(e["kind"], e["label"]) for e in timeline] == [
        ("submitted", "Application received"),
        ("message_from_applicant", "Message sent"),
        ("message_from_handler", "New message from the handler"),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   ", "Write a message."),
        ("x" * 10_001, "The message is too long (at most 10000 characters)."),
    ],
)
def test_invalid_message_is_422(client, representative, submitted, body, message):
    client.force_login(representative)
    response = client.post(
        f"{API}/applications/{submitted.pk}/messages",
        {"body": body},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "body"], "msg": message}]
    assert Message.objects.count() == 0


def test_no_messages_on_a_draft(client, resident, own_draft):
    client.force_login(resident)
    response = client.post(
        f"{API}/applications/{own_draft.pk}/messages",
        {"body": "Hei"},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 409
    assert response.json()["message"] == "Messages can be sent once the application has been sent."
    assert Message.objects.count() == 0


def test_timeline_hides_internal_events(client, representative, submitted, handler_culture):
    case_start_processing(actor=handler_culture, case=submitted)
    client.force_login(representative)
    timeline = client.get(f"{API}/applications/{submitted.pk}/timeline", **EN).json()
    assert [(e["kind"], e["label"]) for e in timeline] == [
        ("submitted", "Application received"),
        ("processing_started", "Processing started"),
    ]
    assert submitted.events.filter(kind="created").exists()
