"""Uploads are scanned by a real clamd: infected files and uploads during an outage are refused,
in the user's language, and nothing of them is stored."""

import pytest

from asiointi.cases.models import Attachment, Case, Message
from asiointi.cases.services.messaging import message_send
from asiointi.cases.tests.test_intake import register
from asiointi.common.errors import ValidationFailed
from asiointi.feedback.models import Feedback, FeedbackPhoto
from asiointi.feedback.tests.test_public_form import form_data
from asiointi.scanning.constants import ScanEventKind
from asiointi.scanning.models import ScanEvent
from asiointi.scanning.tests.conftest import INFECTED_PDF, infected_pdf, infected_png, stored_files
from asiointi.testing.fixtures import PDF_BYTES, pdf_upload, url

pytestmark = pytest.mark.django_db
API = "/api/v1"
SIGNATURE = "Eicar-Test-Signature-NDB.UNOFFICIAL"

INFECTED = {
    "fi": "Tiedostossa budjetti.pdf on virus tai muu haittaohjelma ({sig}), joten sitä ei "
    "tallennettu. Tarkista laitteesi ajantasaisella virustorjuntaohjelmalla.",
    "sv": "Filen budjetti.pdf innehåller ett virus eller annan skadlig kod ({sig}), så den "
    "sparades inte. Kontrollera din enhet med ett uppdaterat antivirusprogram.",
    "en": "The file budjetti.pdf contains a virus or other malware ({sig}), so it was not saved. "
    "Check your device with an up-to-date virus scanner.",
}
UNAVAILABLE = {
    "fi": "Virustarkistus ei ole juuri nyt käytettävissä, joten tiedostoa ei tallennettu. "
    "Yritä myöhemmin uudelleen.",
    "sv": "Virussökningen är inte tillgänglig just nu, så filen sparades inte. Försök igen senare.",
    "en": "Virus scanning is not available right now, so the file was not saved. Try again later.",
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_infected_pdf_is_refused_on_the_upload_page_with_an_audit_row(
    client, clamd_scanner, draft, representative, no_stored_files_before, language
):
    client.force_login(representative)
    response = client.post(
        url("cases:attachment_upload", draft.pk, language=language),
        {"kind": "budget", "file": infected_pdf()},
        follow=True,
    )
    assert response.status_code == 200
    assert INFECTED[language].format(sig=SIGNATURE) in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files() == no_stored_files_before
    event = ScanEvent.objects.get()
    assert (event.kind, event.actor, event.purpose, event.file_name, event.signature) == (
        ScanEventKind.UPLOAD_REFUSED,
        representative,
        "case_attachment",
        "budjetti.pdf",
        SIGNATURE,
    )
    assert event.size == len(INFECTED_PDF)
    assert len(event.sha256) == 64


def test_infected_pdf_is_refused_by_the_api(
    client, clamd_scanner, submitted, representative, no_stored_files_before
):
    client.force_login(representative)
    events = submitted.events.count()
    response = client.post(
        f"{API}/applications/{submitted.pk}/attachments",
        {"file": infected_pdf(), "kind": "budget"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    message = INFECTED["en"].format(sig=SIGNATURE)
    assert response.json() == {
        "code": "validation_failed",
        "message": message,
        "detail": [{"loc": ["body", "file"], "msg": message}],
    }
    assert not Attachment.objects.exists()
    assert stored_files() == no_stored_files_before
    assert submitted.events.count() == events
    assert ScanEvent.objects.get().actor == representative


def test_infected_upload_with_an_idempotency_key_keeps_its_audit_row_and_frees_the_key(
    client, clamd_scanner, submitted, representative, no_stored_files_before
):
    """A refusal inside the idempotent transaction is audited all the same, and the key is
    free again: the client's retry with a clean file and the same key is not a replay."""
    client.force_login(representative)
    key = {"HTTP_IDEMPOTENCY_KEY": "upload-1", "HTTP_ACCEPT_LANGUAGE": "en"}
    refused = client.post(
        f"{API}/applications/{submitted.pk}/attachments",
        {"file": infected_pdf(), "kind": "budget"},
        **key,
    )
    assert refused.status_code == 422
    assert ScanEvent.objects.get().kind == ScanEventKind.UPLOAD_REFUSED
    assert not Attachment.objects.exists()
    stored = client.post(
        f"{API}/applications/{submitted.pk}/attachments",
        {"file": pdf_upload("budjetti.pdf"), "kind": "budget"},
        **key,
    )
    assert stored.status_code == 201
    assert "Idempotent-Replayed" not in stored
    assert Attachment.objects.count() == 1


def test_clean_pdf_is_scanned_and_stored(client, clamd_scanner, submitted, representative):
    client.force_login(representative)
    response = client.post(
        f"{API}/applications/{submitted.pk}/attachments",
        {"file": pdf_upload("talousarvio.pdf"), "kind": "budget"},
    )
    assert response.status_code == 201
    attachment = Attachment.objects.get()
    assert attachment.scan_result == "clean"
    assert attachment.file.read() == PDF_BYTES
    assert not ScanEvent.objects.exists()


def test_message_with_one_infected_file_stores_neither_the_message_nor_the_clean_file(
    clamd_scanner, submitted, representative, no_stored_files_before
):
    with pytest.raises(ValidationFailed):
        message_send(
            actor=representative,
            case=submitted,
            body="Liitteenä budjetti ja talousarvio.",
            uploads=[pdf_upload("talousarvio.pdf"), infected_pdf()],
        )
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == no_stored_files_before
    assert ScanEvent.objects.get().purpose == "case_message"


def test_anonymous_feedback_with_an_infected_photo_is_refused(
    client, clamd_scanner, catalogue, no_stored_files_before
):
    data = form_data()
    data["photos"] = [infected_png("kuoppa.png")]
    response = client.post(url("feedback:give", language="en"), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        "kuoppa.png: The file kuoppa.png contains a virus or other malware "
        f"({SIGNATURE}), so it was not saved." in page
    )
    assert not Feedback.objects.exists()
    assert not FeedbackPhoto.objects.exists()
    assert stored_files() == no_stored_files_before
    event = ScanEvent.objects.get()
    assert (event.actor, event.purpose, event.file_name) == (None, "feedback_photo", "kuoppa.png")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_upload_is_refused_while_clamd_is_down(
    client, clamd_down, draft, representative, no_stored_files_before, language
):
    assert clamd_down.exists()  # the socket of the killed clamd is still there
    client.force_login(representative)
    response = client.post(
        url("cases:attachment_upload", draft.pk, language=language),
        {"kind": "budget", "file": pdf_upload("talousarvio.pdf")},
        follow=True,
    )
    assert UNAVAILABLE[language] in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files() == no_stored_files_before


def test_api_upload_is_refused_when_the_clamd_socket_is_missing(
    client, settings, tmp_path, submitted, representative, no_stored_files_before
):
    settings.ANTIVIRUS_SCANNER = "clamd"
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd-here.sock")
    client.force_login(representative)
    response = client.post(
        f"{API}/applications/{submitted.pk}/attachments",
        {"file": pdf_upload("talousarvio.pdf"), "kind": "budget"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert response.json()["message"] == UNAVAILABLE["en"]
    assert not Attachment.objects.exists()
    assert stored_files() == no_stored_files_before
    assert not ScanEvent.objects.exists()


def test_staff_intake_scan_with_a_virus_is_refused_and_nothing_is_registered(
    clamd_scanner, general_call, handler_culture, no_stored_files_before
):
    with pytest.raises(ValidationFailed) as refused:
        register(handler_culture, general_call, scanned_paper=infected_pdf("skannaus.pdf"))
    assert refused.value.errors["scanned_paper"] == [
        "Tiedostossa skannaus.pdf on virus tai muu haittaohjelma "
        f"({SIGNATURE}), joten sitä ei tallennettu. "
        "Tarkista laitteesi ajantasaisella virustorjuntaohjelmalla."
    ]
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == no_stored_files_before
    event = ScanEvent.objects.get()
    assert (event.actor, event.purpose) == (handler_culture, "scanned_paper")
