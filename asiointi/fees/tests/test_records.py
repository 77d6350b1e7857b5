"""Incomes entered by hand (Kela, staff, the client's declaration), attachments and audited
corrections: who may write them, what is checked, and that a refusal writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asiointi.cases.models import attachment_storage
from asiointi.common.errors import NotFound, TransitionNotAllowed, ValidationFailed
from asiointi.fees import records
from asiointi.fees.constants import IncomeSource, ReviewStatus
from asiointi.fees.models import IncomeCorrection, IncomeRecord, ReviewAttachment
from asiointi.testing.fixtures import PDF_BYTES, pdf_upload

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 11, 1)
END = datetime.date(2025, 11, 30)


def stored_files() -> list[str]:
    found = []

    def walk(path):
        directories, files = attachment_storage().listdir(path)
        found.extend(f"{path}/{name}" for name in files)
        for directory in directories:
            walk(f"{path}/{directory}")

    if attachment_storage().exists("fees"):
        walk("fees")
    return found


def kela(review, actor, **overrides):
    values = {
        "source": IncomeSource.KELA,
        "subject": "client",
        "kind": "pensioners_care_allowance",
        "gross_monthly": "80.46",
        "net_monthly": "80.46",
        "period_start": START,
        "period_end": END,
        "payer": "Kela",
        "upload": pdf_upload("kelan-paatos.pdf"),
    }
    values.update(overrides)
    return records.income_record_add(review, actor=actor, **values)


def test_staff_enters_a_kela_benefit_with_its_decision(fee_review, fee_official):
    before = set(stored_files())
    record = kela(fee_review, fee_official)
    record.refresh_from_db()
    assert record.source == IncomeSource.KELA
    assert record.kind == "pensioners_care_allowance"
    assert record.gross_monthly == record.original_gross_monthly == Decimal("80.46")
    assert record.net_monthly == record.original_net_monthly == Decimal("80.46")
    assert record.recorded_by == fee_official
    assert (record.period_start, record.period_end, record.payer) == (START, END, "Kela")
    attachment = record.attachment
    assert attachment.review == fee_review
    assert attachment.name == "kelan-paatos.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.uploaded_by == fee_official
    # Stored under a random name, not the client's file name.
    assert "kelan" not in attachment.file.name
    assert set(stored_files()) - before == {attachment.file.name}
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_kela_benefit_without_its_decision_is_refused(fee_review, fee_official):
    with pytest.raises(ValidationFailed) as raised:
        kela(fee_review, fee_official, upload=None)
    assert raised.value.errors == {"file": ["Attach Kela's decision on the benefit."]}
    assert not IncomeRecord.objects.exists()


def test_every_invalid_field_is_reported_at_once_and_nothing_is_written(fee_review, fee_official):
    before = stored_files()
    with pytest.raises(ValidationFailed) as raised:
        records.income_record_add(
            fee_review,
            actor=fee_official,
            source="incomes_register",
            subject="neighbour",
            kind="lottery_win",
            gross_monthly="-5",
            net_monthly="12.345",
            period_start=datetime.date(2025, 12, 1),
            period_end=datetime.date(2025, 11, 1),
            payer="x" * 201,
            upload=pdf_upload(),
        )
    assert raised.value.errors == {
        "source": ["Choose the source: Kela, entered by staff, or declared by the client."],
        "subject": ["Choose whose income this is: the client's or the spouse's."],
        "kind": ["Choose the kind of income."],
        "gross_monthly": ["An amount cannot be negative."],
        "net_monthly": ["Enter euros with at most two decimals."],
        "period_end": ["The period cannot end before it starts."],
        "payer": ["The text can be at most 200 characters long; it is 201."],
    }
    assert not IncomeRecord.objects.exists()
    assert not ReviewAttachment.objects.exists()
    assert stored_files() == before


@pytest.mark.parametrize(
    ("gross", "net", "errors"),
    [
        (
            "1000",
            "1200",
            {"net_monthly": ["The net amount cannot be larger than the gross amount."]},
        ),
        ("1000000", "0", {"gross_monthly": ["Enter a monthly amount below one million euros."]}),
        (
            "abc",
            "",
            {
                "gross_monthly": ["Enter an amount in euros, such as 1450.50."],
                "net_monthly": ["Enter an amount in euros, such as 1450.50."],
            },
        ),
    ],
)
def test_amounts_must_be_sane(fee_review, fee_official, gross, net, errors):
    with pytest.raises(ValidationFailed) as raised:
        kela(fee_review, fee_official, gross_monthly=gross, net_monthly=net)
    assert raised.value.errors == errors
    assert not IncomeRecord.objects.exists()


def test_client_declares_their_own_income_online(fee_review, fee_client_person):
    record = records.income_record_add(
        fee_review,
        actor=fee_client_person,
        source=IncomeSource.DECLARED,
        subject="spouse",
        kind="pension",
        gross_monthly="1100,00",
        net_monthly="950",
        period_start="2025-01-01",
        period_end="2025-12-31",
        payer="Keva",
    )
    record.refresh_from_db()
    assert record.source == IncomeSource.DECLARED
    assert record.recorded_by == fee_client_person
    assert record.gross_monthly == Decimal("1100.00")
    assert record.net_monthly == Decimal("950.00")
    assert record.attachment is None


def test_client_cannot_enter_kela_or_staff_figures(fee_review, fee_client_person):
    for source in (IncomeSource.KELA, IncomeSource.STAFF):
        with pytest.raises(NotFound):
            kela(fee_review, fee_client_person, source=source)
    assert not IncomeRecord.objects.exists()
    assert not ReviewAttachment.objects.exists()


def test_handler_of_another_department_gets_not_found(fee_review, handler_culture):
    before = stored_files()
    with pytest.raises(NotFound):
        kela(fee_review, handler_culture)
    with pytest.raises(NotFound):
        records.review_attachment_add(fee_review, actor=handler_culture, upload=pdf_upload())
    assert not IncomeRecord.objects.exists()
    assert not ReviewAttachment.objects.exists()
    assert stored_files() == before


def test_another_resident_gets_not_found(fee_review, other_resident):
    with pytest.raises(NotFound):
        kela(fee_review, other_resident, source=IncomeSource.DECLARED)
    with pytest.raises(NotFound):
        records.review_attachment_add(fee_review, actor=other_resident, upload=pdf_upload())
    assert not IncomeRecord.objects.exists()
    assert not ReviewAttachment.objects.exists()


def test_a_decided_review_takes_no_more_incomes(fee_review, fee_official):
    fee_review.status = ReviewStatus.DECIDED
    fee_review.save()
    before = stored_files()
    with pytest.raises(TransitionNotAllowed):
        kela(fee_review, fee_official)
    with pytest.raises(TransitionNotAllowed):
        records.review_attachment_add(fee_review, actor=fee_official, upload=pdf_upload())
    assert not IncomeRecord.objects.exists()
    assert not ReviewAttachment.objects.exists()
    assert stored_files() == before


def test_a_file_that_is_not_a_document_is_refused(fee_review, fee_client_person):
    before = stored_files()
    program = SimpleUploadedFile("tulot.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationFailed):
        records.review_attachment_add(fee_review, actor=fee_client_person, upload=program)
    assert not ReviewAttachment.objects.exists()
    assert stored_files() == before


def test_client_adds_proof_to_their_own_review(fee_review, fee_client_person):
    attachment = records.review_attachment_add(
        fee_review, actor=fee_client_person, upload=pdf_upload("tiliote.pdf")
    )
    assert attachment.review == fee_review
    assert attachment.name == "tiliote.pdf"
    assert attachment.file.name in stored_files()


def registry_pension(review):
    return IncomeRecord.objects.create(
        review=review,
        subject="client",
        source=IncomeSource.INCOMES_REGISTER,
        kind="pension",
        payer="Keva",
        period_start=datetime.date(2024, 12, 1),
        period_end=datetime.date(2025, 11, 30),
        gross_monthly=Decimal("1650.00"),
        net_monthly=Decimal("1320.00"),
        original_gross_monthly=Decimal("1650.00"),
        original_net_monthly=Decimal("1320.00"),
        recorded_at=datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC),
    )


def test_correction_is_audited_and_keeps_the_original(fee_review, fee_official):
    record = registry_pension(fee_review)
    corrected = records.income_record_correct(
        record,
        actor=fee_official,
        gross_monthly="1700.00",
        net_monthly="1350.00",
        reason="Index increase from 1.1. not yet in the register.",
    )
    corrected.refresh_from_db()
    assert (corrected.gross_monthly, corrected.net_monthly) == (
        Decimal("1700.00"),
        Decimal("1350.00"),
    )
    assert (corrected.original_gross_monthly, corrected.original_net_monthly) == (
        Decimal("1650.00"),
        Decimal("1320.00"),
    )
    correction = IncomeCorrection.objects.get(record=record)
    assert (correction.old_gross_monthly, correction.old_net_monthly) == (
        Decimal("1650.00"),
        Decimal("1320.00"),
    )
    assert (correction.new_gross_monthly, correction.new_net_monthly) == (
        Decimal("1700.00"),
        Decimal("1350.00"),
    )
    assert correction.reason == "Index increase from 1.1. not yet in the register."
    assert correction.corrected_by == fee_official


def test_correction_needs_a_reason_and_a_change(fee_review, fee_official):
    record = registry_pension(fee_review)
    with pytest.raises(ValidationFailed) as raised:
        records.income_record_correct(
            record, actor=fee_official, gross_monthly="1700", net_monthly="1350", reason="  "
        )
    assert raised.value.errors == {"reason": ["Write the reason; it is kept with the change."]}
    with pytest.raises(ValidationFailed) as raised:
        records.income_record_correct(
            record, actor=fee_official, gross_monthly="1650", net_monthly="1320", reason="x"
        )
    assert raised.value.errors == {"gross_monthly": ["Enter the corrected figures."]}
    assert not IncomeCorrection.objects.exists()
    record.refresh_from_db()
    assert record.gross_monthly == Decimal("1650.00")


def test_only_staff_of_the_department_correct(
    fee_review, fee_client_person, handler_culture, other_resident
):
    record = registry_pension(fee_review)
    for actor in (fee_client_person, handler_culture, other_resident):
        with pytest.raises(NotFound):
            records.income_record_correct(
                record, actor=actor, gross_monthly="1", net_monthly="1", reason="lower please"
            )
        with pytest.raises(NotFound):
            records.income_record_remove(record, actor=actor, reason="not mine")
    assert not IncomeCorrection.objects.exists()
    record.refresh_from_db()
    assert record.gross_monthly == Decimal("1650.00")


def test_decided_review_refuses_corrections(fee_review, fee_official):
    record = registry_pension(fee_review)
    fee_review.status = ReviewStatus.DECIDED
    fee_review.save()
    with pytest.raises(TransitionNotAllowed):
        records.income_record_correct(
            record, actor=fee_official, gross_monthly="1", net_monthly="1", reason="late"
        )
    assert not IncomeCorrection.objects.exists()


def test_registry_figures_are_corrected_not_removed(fee_review, fee_official):
    record = registry_pension(fee_review)
    with pytest.raises(TransitionNotAllowed):
        records.income_record_remove(record, actor=fee_official, reason="duplicate")
    assert IncomeRecord.objects.filter(pk=record.pk).exists()


def test_staff_removes_a_mistaken_declaration(fee_review, fee_official, fee_client_person):
    record = kela(fee_review, fee_client_person, source=IncomeSource.DECLARED, upload=None)
    records.income_record_remove(record, actor=fee_official, reason="Entered twice.")
    assert not IncomeRecord.objects.filter(pk=record.pk).exists()
