"""A stored upload's name ends with the extension of the type found in its bytes: a PDF sent as
evil.html is stored and served as evil.pdf."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asiointi.cases.models import Attachment
from asiointi.cases.uploads import with_extension
from asiointi.feedback.models import FeedbackPhoto
from asiointi.feedback.tests.test_public_form import form_data
from asiointi.testing.fixtures import PDF_BYTES, PNG_BYTES, url

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("evil.html", ".pdf", "evil.pdf"),
        ("evil.pdf.exe", ".pdf", "evil.pdf.pdf"),
        ("Raportti.PDF", ".pdf", "Raportti.PDF"),
        ("kuva.jpeg", ".jpg", "kuva.jpeg"),
        ("kuva.png", ".jpg", "kuva.jpg"),
        ("skannaus", ".tif", "skannaus.tif"),
    ],
)
def test_the_name_gets_the_detected_types_extension(name, extension, expected):
    assert with_extension(name, extension) == expected


def test_pdf_uploaded_as_html_is_stored_and_served_as_pdf(client, draft, representative):
    client.force_login(representative)
    client.post(
        url("cases:attachment_upload", draft.pk),
        {"kind": "budget", "file": SimpleUploadedFile("evil.html", PDF_BYTES, "text/html")},
    )
    attachment = Attachment.objects.get()
    assert attachment.display_name == "evil.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name == (
        f"cases/{draft.pk}/{attachment.sha256[:2]}/{attachment.sha256}-{attachment.uuid}.pdf"
    )
    download = client.get(url("cases:attachment", draft.pk, attachment.pk))
    assert download["Content-Disposition"] == 'attachment; filename="evil.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_api_lists_and_serves_the_corrected_name(client, submitted, representative):
    client.force_login(representative)
    response = client.post(
        f"{API}/applications/{submitted.pk}/attachments",
        {"file": SimpleUploadedFile("evil.html", PDF_BYTES, "text/html"), "kind": "budget"},
    )
    assert response.json()["name"] == "evil.pdf"
    download = client.get(response.json()["download_url"])
    assert download["Content-Disposition"] == 'attachment; filename="evil.pdf"'


def test_feedback_photo_is_stored_with_the_detected_extension(client, catalogue):
    data = form_data()
    data["photos"] = [SimpleUploadedFile("kuoppa.jpg", PNG_BYTES, "image/jpeg")]
    client.post(url("feedback:give"), data)
    photo = FeedbackPhoto.objects.get()
    assert photo.original_name == "kuoppa.png"
    assert photo.content_type == "image/png"
    # (The storage adds a suffix when another test of the process stored the same photo.)
    assert re.fullmatch(rf"feedback/\d{{4}}/\d{{2}}/{photo.sha256}(_\w+)?\.png", photo.file.name)
