"""Once processing starts the form data is locked; attachments and messages still go through."""

import pytest
from django.conf import settings
from django.contrib.admin.sites import site
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from asiointi.cases.access import access_case_for_handler
from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.models import Attachment, Case, Message
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.messaging import message_send
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.uploads import sanitise_filename
from asiointi.common.errors import NotFound, TransitionNotAllowed, ValidationFailed
from asiointi.testing.fixtures import PDF_BYTES, PNG_BYTES, en, pdf_upload

pytestmark = pytest.mark.django_db


def stored_files() -> list[str]:
    storage = storages["attachments"]
    found = []

    def walk(path):
        directories, files = storage.listdir(path)
        found.extend(f"{path}/{f}" for f in files)
        for directory in directories:
            walk(f"{path}/{directory}" if path else directory)

    if storage.exists("cases"):
        walk("cases")
    return found


def test_start_processing_locks_the_form(client, submitted, representative, handler_culture):
    case = case_start_processing(
        actor=handler_culture, case=access_case_for_handler(handler_culture, submitted.pk)
    )
    assert case.status == CaseStatus.IN_PROCESSING
    assert case.handler == handler_culture
    client.force_login(representative)
    # The edit page sends the applicant back to the case page with the reason …
    response = client.get(en("cases:edit", case.pk))
    assert response.status_code == 302
    page = client.get(en("cases:detail", case.pk))
    assert "Processing of this application has started" in page.content.decode()
    # … and a forced POST changes nothing.
    client.post(
        reverse("cases:edit", args=[case.pk]),
        {"action": "send", "lock_version": case.lock_version, "purpose": "muutettu"},
    )
    case.refresh_from_db()
    assert case.draft_data["purpose"] != "muutettu"
    assert case.versions.count() == 1
    # Attachments and messages are still accepted.
    client.post(
        reverse("cases:attachment_upload", args=[case.pk]),
        {"kind": "financial_statement", "file": pdf_upload("tilinpaatos.pdf")},
    )
    client.post(reverse("cases:message_send", args=[case.pk]), {"body": "Tilinpäätös liitteenä."})
    assert case.attachments.get().display_name == "tilinpaatos.pdf"
    assert case.messages.get().body == "Tilinpäätös liitteenä."


def test_handler_of_another_department_cannot_start_processing(submitted, handler_education):
    with pytest.raises(NotFound):
        access_case_for_handler(handler_education, submitted.pk)


def test_processing_cannot_start_twice(submitted, handler_culture):
    case_start_processing(actor=handler_culture, case=submitted)
    with pytest.raises(TransitionNotAllowed) as error, translation.override("en"):
        case_start_processing(actor=handler_culture, case=submitted)
    assert error.value.message == "This cannot be done while the application is “In processing”."


def test_admin_action_starts_processing(rf, submitted, handler_culture):
    from asiointi.cases.admin import start_processing

    request = rf.post("/")
    request.user = handler_culture
    request._messages = _Messages()
    start_processing(site._registry[Case], request, Case.objects.filter(pk=submitted.pk))
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.IN_PROCESSING
    assert submitted.events.filter(
        kind=EventKind.PROCESSING_STARTED, actor=handler_culture
    ).exists()


class _Messages:
    def add(self, *args, **kwargs):
        pass


def test_attachment_records_uploader_size_and_hash(client, draft, representative):
    client.force_login(representative)
    response = client.post(
        reverse("cases:attachment_upload", args=[draft.pk]),
        {"kind": "budget", "file": pdf_upload("../../etc/Talous<arvio>.pdf")},
    )
    assert response.status_code == 302
    attachment = draft.attachments.get()
    assert attachment.display_name == "Talous_arvio_.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF_BYTES)
    assert attachment.uploaded_by == representative
    assert "Talous" not in attachment.file.name  # stored under a generated name
    download = client.get(reverse("cases:attachment", args=[draft.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert "private" in download["Cache-Control"]


def test_sha256_is_the_real_digest(draft, representative):
    import hashlib

    attachment = attachment_add(
        actor=representative,
        case=draft,
        kind="other",
        upload=SimpleUploadedFile("kuva.png", PNG_BYTES),
    )
    assert attachment.sha256 == hashlib.sha256(PNG_BYTES).hexdigest()
    assert attachment.content_type == "image/png"


@pytest.mark.parametrize(
    "name,content",
    [
        ("ohjelma.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),  # an .exe renamed
        ("skripti.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("arkisto.docx", b"PK\x03\x04" + b"\x00" * 40),  # a zip that is not an office document
    ],
)
def test_disallowed_content_is_refused_whatever_its_name(draft, representative, name, content):
    before = set(stored_files())
    with pytest.raises(ValidationFailed) as error, translation.override("en"):
        attachment_add(
            actor=representative,
            case=draft,
            kind="other",
            upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
        )
    assert error.value.message.startswith("This type of file is not accepted.")
    assert not Attachment.objects.exists()
    assert set(stored_files()) == before


def test_office_documents_are_recognised_from_their_content(draft, representative, tmp_path):
    import zipfile

    path = tmp_path / "budjetti.bin"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    attachment = attachment_add(
        actor=representative,
        case=draft,
        kind="budget",
        upload=SimpleUploadedFile("budjetti.bin", path.read_bytes()),
    )
    assert attachment.content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@override_settings(ATTACHMENT_MAX_BYTES=100)
def test_oversized_file_gets_a_clear_message_and_nothing_is_stored(client, draft, representative):
    client.force_login(representative)
    before = set(stored_files())
    response = client.post(
        en("cases:attachment_upload", draft.pk),
        {"kind": "budget", "file": pdf_upload()},
        follow=True,
    )
    expected = (
        f"The file is too large ({len(PDF_BYTES)}\xa0bytes). "
        "The largest allowed size is 100\xa0bytes."
    )
    assert expected in response.content.decode()
    assert not Attachment.objects.exists()
    assert set(stored_files()) == before


def test_default_size_limit_is_20_mb():
    assert settings.ATTACHMENT_MAX_BYTES == 20 * 1024 * 1024


def test_failed_message_leaves_no_files(submitted, representative):
    before = set(stored_files())
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 20)
    with pytest.raises(ValidationFailed):
        message_send(
            actor=representative, case=submitted, body="Liitteet", uploads=[pdf_upload(), bad]
        )
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()
    assert set(stored_files()) == before


def test_nothing_can_be_added_to_a_closed_case(submitted, representative):
    Case.objects.filter(pk=submitted.pk).update(status=CaseStatus.CLOSED)
    with pytest.raises(TransitionNotAllowed):
        attachment_add(actor=representative, case=submitted, kind="other", upload=pdf_upload())
    with pytest.raises(TransitionNotAllowed):
        message_send(actor=representative, case=submitted, body="Hei")
    assert not Attachment.objects.exists()


def test_filename_sanitising_keeps_a_readable_name():
    assert sanitise_filename("C:\\Users\\x\\Hakemus 2027.pdf") == "Hakemus 2027.pdf"
    assert sanitise_filename("a\x00b.pdf") == "a_b.pdf"
    assert len(sanitise_filename("x" * 300 + ".pdf")) == 144
    with translation.override("en"):
        assert sanitise_filename("...") == "attachment"
