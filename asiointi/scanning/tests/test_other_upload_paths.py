"""The other upload paths refuse infected files the same way (payment requests, client-fee
documents), and a quarantined fee document is refused at download."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from asiointi.common.errors import ValidationFailed
from asiointi.fees import records
from asiointi.fees.models import ReviewAttachment
from asiointi.payments.tests.test_payment_requests import post_request, state
from asiointi.scanning.models import QuarantinedFile, ScanEvent
from asiointi.scanning.tests.conftest import infected_pdf, stored_files
from asiointi.testing.fixtures import PDF_BYTES, url

pytestmark = pytest.mark.django_db
SIGNATURE = "Eicar-Test-Signature-NDB.UNOFFICIAL"


def test_payment_request_with_an_infected_receipt_changes_nothing(
    client, clamd_scanner, granted, representative, no_stored_files_before
):
    client.force_login(representative)
    before = state(granted)
    response = post_request(client, granted, files_receipts=[infected_pdf("kuitit.pdf")])
    assert response.status_code == 422
    assert response.context["payment_errors"]["files"] == [
        f"kuitit.pdf: The file kuitit.pdf contains a virus or other malware ({SIGNATURE}), "
        "so it was not saved. Check your device with an up-to-date virus scanner."
    ]
    assert state(granted) == before
    assert stored_files() == no_stored_files_before
    event = ScanEvent.objects.get()
    assert (event.actor, event.purpose) == (representative, "payment_request")


def test_infected_fee_document_is_refused(
    clamd_scanner, fee_review, fee_client_person, no_stored_files_before
):
    with pytest.raises(ValidationFailed):
        records.review_attachment_add(
            fee_review, actor=fee_client_person, upload=infected_pdf("tiliote.pdf")
        )
    assert not ReviewAttachment.objects.exists()
    assert stored_files() == no_stored_files_before
    event = ScanEvent.objects.get()
    assert (event.actor, event.purpose, event.file_name) == (
        fee_client_person,
        "fee_attachment",
        "tiliote.pdf",
    )


def test_quarantined_fee_document_is_refused_at_download(
    client, clamd_scanner, fee_review, fee_client_person, fee_official
):
    marker = b"ASIOINTI-TEST-FEE-DOCUMENT-MALWARE"
    document = records.review_attachment_add(
        fee_review,
        actor=fee_client_person,
        upload=SimpleUploadedFile("tiliote.html", PDF_BYTES + b"%" + marker + b"\n", "text/html"),
    )
    assert document.name == "tiliote.pdf"
    assert document.file.name.endswith(".pdf")
    clamd_scanner.add_signature("Asiointi-Test-Fee-Document", marker)

    call_command("attachments", "rescan", "--kind", "fee_attachment", stdout=io.StringIO())

    assert QuarantinedFile.objects.get().object_id == document.pk
    client.force_login(fee_official)
    response = client.get(url("fees_handling:attachment", fee_review.pk, document.pk))
    assert response.status_code == 410
    assert response.content.decode().startswith("Tiedostosta löytyi virus")
