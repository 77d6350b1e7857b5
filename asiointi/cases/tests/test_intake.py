"""Intake by staff (cases.intake): a handler registers a paper, phone or visit application.

The case is the same as an online one; every refused registration leaves nothing behind — no
case, user, organisation, record number, event or stored file.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from asiointi.accounts.models import ApplicantOrganisation, User
from asiointi.cases import intake
from asiointi.cases.constants import AttachmentKind, CaseStatus, Channel, EventKind
from asiointi.cases.models import (
    Attachment,
    Case,
    CaseVersion,
    RecordNumberSequence,
    TimelineEvent,
)
from asiointi.cases.selectors import case_list_for_applicant
from asiointi.cases.services.assignment import case_take_next
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.tests.test_lock_and_attachments import stored_files
from asiointi.common.errors import NotFound, ValidationFailed
from asiointi.testing.fixtures import PDF_BYTES, pdf_upload, valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_attachment_store(settings, tmp_path):
    """An attachment store of this test's own: the test processes share the data directory, so
    a file count there would see the other process's uploads."""
    store = settings.STORAGES["attachments"]
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {**store, "OPTIONS": {**store["OPTIONS"], "location": str(tmp_path)}},
    }


@pytest.fixture(autouse=True)
def _private_store(private_attachment_store):
    pass


@pytest.fixture(autouse=True)
def _in_english():
    # The messages are asserted in English, the language they are written in.
    with translation.override("en"):
        yield


NEW_PERSON_ID = "131052-308T"
NEW_BUSINESS_ID = "0201256-6"


def answers(organisation=None, **changes) -> dict:
    organisation = organisation or ApplicantOrganisation(
        business_id=NEW_BUSINESS_ID, name="Itäinen Kuoroyhdistys ry"
    )
    person = User(first_name="Eeva", last_name="Esimerkki", email="eeva@example.com")
    return {**valid_answers(organisation, person), **changes}


def register(actor, call, **overrides):
    arguments = {
        "actor": actor,
        "service": call.service,
        "grant_call": call,
        "applicant_national_id": NEW_PERSON_ID,
        "applicant_first_name": "Eeva",
        "applicant_last_name": "Esimerkki",
        "organisation_business_id": NEW_BUSINESS_ID,
        "organisation_name": "Itäinen Kuoroyhdistys ry",
        "data": answers(),
        "channel": Channel.PAPER,
        "received_on": timezone.localdate(),
        "scanned_paper": None,
        **overrides,
    }
    return intake.case_register_by_staff(**arguments)


def snapshot() -> dict:
    return {
        "cases": Case.objects.count(),
        "versions": CaseVersion.objects.count(),
        "users": User.objects.count(),
        "organisations": ApplicantOrganisation.objects.count(),
        "attachments": Attachment.objects.count(),
        "events": TimelineEvent.objects.count(),
        "numbers": list(RecordNumberSequence.objects.values_list("year", "last_value")),
        "files": sorted(stored_files()),
    }


def test_registers_a_paper_application_like_an_online_one(general_call, handler_culture):
    case = register(handler_culture, general_call, scanned_paper=pdf_upload("hakemus.pdf"))

    assert case.status == CaseStatus.RECEIVED
    assert case.channel == Channel.PAPER
    assert case.record_number == f"ASI-{timezone.localdate().year}-000001"
    assert case.department == general_call.service.department
    assert case.handler is None
    assert case.version_count == 1
    assert case.title == "Itäinen Kuoroyhdistys ry"
    assert str(case.requested_amount) == "5000.00"
    version = case.versions.get()
    assert (version.number, version.sent_by, version.data) == (1, handler_culture, answers())
    person = case.applicant
    assert (person.national_id, person.first_name, person.last_name) == (
        NEW_PERSON_ID,
        "Eeva",
        "Esimerkki",
    )
    assert not person.has_usable_password()
    assert case.organisation.business_id == NEW_BUSINESS_ID
    assert case.organisation.name == "Itäinen Kuoroyhdistys ry"
    scan = case.attachments.get()
    assert (scan.kind, scan.display_name, scan.from_staff, scan.uploaded_by) == (
        AttachmentKind.SCANNED_PAPER,
        "hakemus.pdf",
        True,
        handler_culture,
    )
    assert scan.file.read() == PDF_BYTES
    event = case.events.get()
    assert event.kind == EventKind.REGISTERED_BY_STAFF
    assert event.actor == handler_culture
    assert event.visible_to_applicant is True
    assert event.details == {
        "channel": "paper",
        "received_on": timezone.localdate().isoformat(),
        "version": 1,
        "attachment": scan.pk,
    }


def test_a_person_applying_for_themselves_later_finds_the_case_in_their_folder(
    general_call, handler_culture
):
    case = register(
        handler_culture,
        general_call,
        organisation_business_id="",
        organisation_name="",
        channel=Channel.PHONE,
    )
    assert case.organisation is None
    # Strong identification maps the login to the user by national ID (accounts.oidc).
    person = User.objects.get(national_id=NEW_PERSON_ID)
    assert list(case_list_for_applicant(user=person)) == [case]


def test_known_person_and_organisation_are_reused_and_not_renamed(
    general_call, handler_culture, association
):
    aino = User.objects.create_user(
        username="aino", first_name="Aino", last_name="Asukas", national_id=NEW_PERSON_ID
    )
    case = register(
        handler_culture,
        general_call,
        applicant_first_name="",
        applicant_last_name="",
        organisation_business_id="12345671",  # without the hyphen: normalised
        organisation_name="",
        data=answers(association),
        channel=Channel.VISIT,
    )
    assert case.applicant == aino
    assert case.organisation == association
    assert association.name == "Kallion Kulttuuriyhdistys ry"
    assert User.objects.count() == 2  # aino and the handler


def test_an_earlier_arrival_date_is_the_receipt_date(general_call, handler_culture):
    arrived = timezone.localdate() - datetime.timedelta(days=3)
    case = register(handler_culture, general_call, received_on=arrived.isoformat())
    assert timezone.localdate(case.submitted_at) == arrived
    assert case.events.get().details["received_on"] == arrived.isoformat()


def test_an_intake_case_is_processed_like_an_online_one(general_call, handler_culture):
    case = register(handler_culture, general_call)
    taken = case_take_next(actor=handler_culture, department=case.department)
    assert taken == case
    case = case_start_processing(actor=handler_culture, case=taken)
    case = case_decide(
        actor=handler_culture,
        case=case,
        outcome="partially_approved",
        granted_amount="3000.00",
        reasoning="Osittain.",
    )
    assert case.status == CaseStatus.DECIDED
    assert str(case.granted_amount) == "3000.00"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"applicant_national_id": "131052-308X"},
            {"applicant_national_id": ["Enter a valid personal identity code, e.g. 131052-308T."]},
        ),
        (
            {"organisation_business_id": "1234567-2"},
            {"organisation_business_id": ["Enter a valid business ID (Y-tunnus), e.g. 1234567-1."]},
        ),
        (
            {"organisation_name": ""},
            {
                "organisation_name_registered": [
                    "Enter the organisation's name: it has not applied before."
                ]
            },
        ),
        (
            {"applicant_last_name": ""},
            {
                "applicant_last_name": [
                    "Enter the applicant's first and last name: they are not known yet."
                ]
            },
        ),
        (
            {"channel": Channel.ONLINE},
            {"intake_channel": ["Choose how the application was received."]},
        ),
        (
            {"received_on": "huomenna"},
            {"received_on": ["Enter the date the application arrived, e.g. 15.3.2026."]},
        ),
        (
            {"received_on": timezone.localdate() + datetime.timedelta(days=1)},
            {"received_on": ["The date the application arrived cannot be in the future."]},
        ),
        (
            {"received_on": timezone.localdate() - datetime.timedelta(days=365)},
            {"received_on": ["The grant call was not open on the day the application arrived."]},
        ),
        (
            {"scanned_paper": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")},
            {
                "scanned_paper": [
                    "This type of file is not accepted. Send a PDF, an image (JPEG, PNG, GIF, "
                    "TIFF, WebP) or an office document (Word, Excel, PowerPoint, OpenDocument)."
                ]
            },
        ),
    ],
)
def test_refused_registration_writes_nothing(general_call, handler_culture, overrides, expected):
    before = snapshot()
    with pytest.raises(ValidationFailed) as raised:
        register(handler_culture, general_call, **overrides)
    assert raised.value.errors == expected
    assert raised.value.message == "The registration has errors. Correct them and try again."
    assert snapshot() == before


def test_form_errors_are_reported_with_the_registration_errors(general_call, handler_culture):
    data = answers(purpose="Lyhyt", requested_amount="paljon")
    data.pop("bank_account")
    before = snapshot()
    with pytest.raises(ValidationFailed) as raised:
        register(handler_culture, general_call, data=data, applicant_national_id="x")
    assert set(raised.value.errors) == {
        "applicant_national_id",
        "bank_account",
        "purpose",
        "requested_amount",
    }
    assert snapshot() == before


def test_a_handler_cannot_register_for_another_departments_service(general_call, handler_education):
    before = snapshot()
    with pytest.raises(NotFound):
        register(handler_education, general_call)
    assert snapshot() == before


def test_a_grant_call_of_another_service_is_not_found(catalogue, handler_culture):
    before = snapshot()
    with pytest.raises(NotFound):
        register(
            handler_culture,
            catalogue["general_call"],
            grant_call=catalogue["project_call"],
        )
    assert snapshot() == before


def test_a_failure_after_the_scan_was_stored_removes_the_file(
    general_call, handler_culture, monkeypatch
):
    def fail(**kwargs):
        raise RuntimeError("the event could not be written")

    monkeypatch.setattr(intake, "record_event", fail)
    before = snapshot()
    with pytest.raises(RuntimeError):
        register(handler_culture, general_call, scanned_paper=pdf_upload("hakemus.pdf"))
    assert snapshot() == before
