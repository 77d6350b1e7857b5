"""``asiointi attachments rescan``: a file stored before its signature existed is quarantined
when clamd learns the signature; its downloads then answer that it is quarantined."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from asiointi.cases.models import Attachment
from asiointi.common.tests.test_platform import run_asiointi
from asiointi.scanning.constants import ScanEventKind
from asiointi.scanning.models import QuarantinedFile, ScanEvent
from asiointi.scanning.services import QUARANTINE_PREFIX
from asiointi.testing.fixtures import PDF_BYTES, pdf_upload, url

pytestmark = pytest.mark.django_db
API = "/api/v1"
QUARANTINED_EN = (
    "This file was found to contain a virus or other malware and has been quarantined, so it "
    "cannot be downloaded. Contact the city if you need it."
)
QUARANTINED_FI = (
    "Tiedostosta löytyi virus tai muu haittaohjelma, ja se on asetettu karanteeniin, joten "
    "sitä ei voi ladata. Ota yhteyttä kaupunkiin, jos tarvitset tiedostoa."
)


def rescan() -> str:
    out = io.StringIO()
    call_command("attachments", "rescan", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def new_malware() -> tuple[str, bytes]:
    """Malware no signature knew when it was uploaded (clamd learns it in the test): a new one
    for each test, as the test session's clamd keeps what it learnt."""
    marker = uuid.uuid4().hex
    return f"Asiointi-Test-{marker}", f"ASIOINTI-TEST-MALWARE-{marker}".encode()


@pytest.fixture
def stored_before_the_signature(client, clamd_scanner, submitted, representative, new_malware):
    """A clean file and a file with the new malware, both accepted at upload."""
    name, malware = new_malware
    client.force_login(representative)
    for upload in (
        pdf_upload("talousarvio.pdf"),
        SimpleUploadedFile("raportti.pdf", PDF_BYTES + b"%" + malware + b"\n"),
    ):
        response = client.post(
            f"{API}/applications/{submitted.pk}/attachments", {"file": upload, "kind": "budget"}
        )
        assert response.status_code == 201
    clean, infected = Attachment.objects.order_by("pk")
    assert (clean.scan_result, infected.scan_result) == ("clean", "clean")
    clamd_scanner.add_signature(name, malware)
    return clean, infected


def test_rescan_quarantines_a_file_stored_before_its_signature_existed(
    client, stored_before_the_signature, new_malware, submitted, representative, handler_culture
):
    clean, infected = stored_before_the_signature
    stored_name = infected.file.name
    storage = infected.file.storage

    output = rescan()

    signature = f"{new_malware[0]}.UNOFFICIAL"
    assert output.splitlines() == [
        f"quarantined: case_attachment {infected.pk} 'raportti.pdf': {signature}",
        "Scanned 2 stored files: 1 clean, 1 quarantined now; 0 quarantined before; "
        "0 missing from storage.",
    ]
    quarantined = QuarantinedFile.objects.get()
    assert (quarantined.stored_name, quarantined.kind, quarantined.object_id) == (
        stored_name,
        "case_attachment",
        infected.pk,
    )
    assert quarantined.quarantine_name == QUARANTINE_PREFIX + stored_name
    assert not storage.exists(stored_name)
    with storage.open(quarantined.quarantine_name) as moved:
        assert moved.read().endswith(new_malware[1] + b"\n")
    assert Attachment.objects.get(pk=infected.pk).scan_result == "quarantined"
    assert Attachment.objects.get(pk=clean.pk).scan_result == "clean"
    event = ScanEvent.objects.get()
    assert (event.kind, event.file_name, event.signature, event.stored_name, event.actor) == (
        ScanEventKind.QUARANTINED,
        "raportti.pdf",
        signature,
        stored_name,
        None,
    )

    # The applicant's page, the API and the handler's page refuse it; the clean file is served.
    page = client.get(url("cases:attachment", submitted.pk, infected.pk))
    assert (page.status_code, page.content.decode()) == (410, QUARANTINED_FI)
    api = client.get(
        f"{API}/applications/{submitted.pk}/attachments/{infected.pk}/content",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert api.status_code == 410
    assert api.json() == {"code": "gone", "message": QUARANTINED_EN}
    assert client.get(url("cases:attachment", submitted.pk, clean.pk)).status_code == 200
    client.force_login(handler_culture)
    handler_page = client.get(url("handling:attachment", submitted.pk, infected.pk))
    assert handler_page.status_code == 410


def test_rescan_again_changes_nothing(stored_before_the_signature):
    rescan()
    assert rescan().splitlines() == [
        "Scanned 1 stored files: 1 clean, 0 quarantined now; 1 quarantined before; "
        "0 missing from storage."
    ]
    assert QuarantinedFile.objects.count() == 1
    assert ScanEvent.objects.count() == 1


def test_rescan_finishes_a_quarantine_interrupted_before_the_original_was_removed(
    stored_before_the_signature,
):
    _clean, infected = stored_before_the_signature
    storage = infected.file.storage
    # As after a crash between the committed quarantine row and the deletion of the original.
    copy = storage.save(QUARANTINE_PREFIX + infected.file.name, infected.file.open("rb"))
    QuarantinedFile.objects.create(
        stored_name=infected.file.name,
        quarantine_name=copy,
        kind="case_attachment",
        object_id=infected.pk,
        signature="Test",
        quarantined_at=timezone.now(),
    )
    assert "1 quarantined before" in rescan()
    assert not storage.exists(infected.file.name)
    assert storage.exists(copy)


def test_rescan_fails_when_clamd_is_down_and_changes_nothing(clamd_down, submitted):
    with pytest.raises(CommandError, match="The virus scanner is not available"):
        rescan()
    assert not QuarantinedFile.objects.exists()


def test_rescan_without_a_scanner_is_refused(settings, submitted):
    settings.ANTIVIRUS_SCANNER = "none"
    with pytest.raises(CommandError, match="No virus scanner is configured"):
        rescan()


def test_rescan_command_exits_non_zero_when_clamd_does_not_answer(tmp_path):
    missing = tmp_path / "clamd.sock"
    result = run_asiointi(
        "attachments",
        "rescan",
        env_overrides={
            "ASIOINTI_ENV": "demo",
            "ASIOINTI_ANTIVIRUS_SCANNER": "clamd",
            "ASIOINTI_CLAMD_SOCKET": str(missing),
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 1
    assert (
        f"CommandError: The virus scanner is not available: cannot connect to clamd at {missing}"
        in result.stderr
    )
