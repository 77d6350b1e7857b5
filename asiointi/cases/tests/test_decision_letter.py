"""The decision letter: an accessible (tagged PDF/UA) PDF in the applicant's language, stored once
per decision, shown to the applicant only for their own final decision."""

import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from asiointi.cases.constants import AttachmentKind, CaseStatus, DecisionOutcome, EventKind
from asiointi.cases.letters import decision_letter_store
from asiointi.cases.models import Attachment, Case
from asiointi.cases.services.decisions import (
    case_decide,
    case_finalise_decision,
    case_propose_decision,
)
from asiointi.cases.services.processing import case_start_processing
from asiointi.catalogue.constants import DecisionMaker
from asiointi.catalogue.models import GrantCall

pytestmark = pytest.mark.django_db

BOARD_DETAILS = {
    "decision_list": 1,
    "body": "Kulttuuri- ja vapaa-aikalautakunta",
    "meeting_date": "2026-03-15",
    "section": "§ 45",
}


def pdf_text(attachment: Attachment) -> tuple[pypdf.PdfReader, str]:
    with attachment.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Line breaks and no-break spaces vary with the layout; compare words.
    return reader, " ".join(text.replace("\xa0", " ").split())


def decide(case: Case, handler, captured, **decision) -> Case:
    case = case_start_processing(actor=handler, case=case)
    with captured(execute=True):
        case_decide(actor=handler, case=case, **decision)
    case.refresh_from_db()
    return case


def letter_of(case: Case) -> Attachment:
    return Attachment.objects.get(case=case, kind=AttachmentKind.DECISION_LETTER)


@pytest.mark.parametrize(
    ("language", "granted", "requested"),
    [
        ("fi", "1 500,00 €", "5 000,00 €"),
        ("sv", "1 500,00 €", "5 000,00 €"),
        ("en", "€1,500.00", "€5,000.00"),
    ],
)
def test_letter_is_a_tagged_pdf_in_the_applicants_language(
    language,
    granted,
    requested,
    submitted,
    representative,
    handler_culture,
    django_capture_on_commit_callbacks,
):
    representative.preferred_language = language
    representative.save(update_fields=["preferred_language"])
    case = decide(
        submitted,
        handler_culture,
        django_capture_on_commit_callbacks,
        outcome=DecisionOutcome.PARTIALLY_APPROVED,
        granted_amount="1500",
        reasoning="Osa kuluista ei ole avustuskelpoisia.",
    )
    letter = letter_of(case)
    assert (letter.content_type, letter.from_staff, letter.uploaded_by) == (
        "application/pdf",
        True,
        handler_culture,
    )
    reader, text = pdf_text(letter)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert reader.metadata.title.endswith(case.record_number)
    for expected in (
        "Esimerkkilän kaupunki",
        case.record_number,
        "Kallion Kulttuuriyhdistys ry (1234567-1)",
        granted,
        requested,
        "Osa kuluista ei ole avustuskelpoisia.",
        "Kaisa Käsittelijä",
        "kulttuuriavustukset@example.fi",
        "410/2015",
    ):
        assert expected in text, expected
    assert (
        case.events.filter(kind=EventKind.DECISION_LETTER, visible_to_applicant=True).count() == 1
    )


def test_english_letter_has_the_decision_and_the_review_instructions(
    submitted, representative, handler_culture, django_capture_on_commit_callbacks
):
    representative.preferred_language = "en"
    representative.save(update_fields=["preferred_language"])
    case = decide(
        submitted,
        handler_culture,
        django_capture_on_commit_callbacks,
        outcome=DecisionOutcome.REJECTED,
        reasoning="The activity is not open to the public.",
    )
    _reader, text = pdf_text(letter_of(case))
    for expected in (
        case.department.name_en,
        f"Record number {case.record_number}",
        "The application is rejected. No grant is awarded (€5,000.00 was applied for).",
        "Kaisa Käsittelijä, office holder",
        "No grant is paid.",
        "Instructions for requesting a review",
        "You cannot appeal against this decision to a court straight away.",
        "within 14 days of the notification of the decision",
        "deemed to have been received on the third day after it was sent",
        "by post as a letter on the seventh day after it was sent",
        "to the board to which the office holder is subordinate",
        "how the decision should be changed;",
        "the grounds on which the change is requested;",
        "their contact details",
        "Email: kulttuuriavustukset@example.fi",
    ):
        assert expected in text, expected
    assert case.decision_outcome == DecisionOutcome.REJECTED


def test_board_letter_names_the_meeting_and_the_board_for_the_review(
    submitted, representative, handler_culture, django_capture_on_commit_callbacks
):
    representative.preferred_language = "en"
    representative.save(update_fields=["preferred_language"])
    GrantCall.objects.filter(pk=submitted.grant_call_id).update(
        decision_maker=DecisionMaker.BOARD, payment_request_required=True, instalments=2
    )
    case = case_start_processing(actor=handler_culture, case=submitted)
    case = case_propose_decision(
        actor=handler_culture,
        case=case,
        outcome=DecisionOutcome.APPROVED,
        granted_amount="5000",
        reasoning="Meets the criteria.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_finalise_decision(
            actor=handler_culture, case=case, decided_at=timezone.now(), details=BOARD_DETAILS
        )
    _reader, text = pdf_text(letter_of(case))
    for expected in (
        "The application is approved. A grant of €5,000.00 is awarded.",
        "Kulttuuri- ja vapaa-aikalautakunta, meeting of 15 Mar 2026, § 45.",
        "made to the authority that made the decision: Kulttuuri- ja vapaa-aikalautakunta.",
        "The grant is paid after you have sent a payment request.",
        "The grant is paid in 2 instalments. Each instalment needs its own payment request.",
    ):
        assert expected in text, expected


def test_the_letter_is_stored_once_however_often_the_task_runs(
    submitted, handler_culture, django_capture_on_commit_callbacks
):
    case = decide(
        submitted,
        handler_culture,
        django_capture_on_commit_callbacks,
        outcome=DecisionOutcome.APPROVED,
        granted_amount="5000",
        reasoning="Hyvä hakemus.",
    )
    first = letter_of(case)
    assert decision_letter_store(case.pk) == first
    assert decision_letter_store(case.pk) == first
    assert case.attachments.filter(kind=AttachmentKind.DECISION_LETTER).count() == 1
    assert case.events.filter(kind=EventKind.DECISION_LETTER).count() == 1


def test_no_letter_without_a_final_decision(submitted, handler_culture):
    case = case_start_processing(actor=handler_culture, case=submitted)
    assert decision_letter_store(case.pk) is None
    assert not case.attachments.exists()
    assert not case.events.filter(kind=EventKind.DECISION_LETTER).exists()


def test_applicant_sees_the_decision_and_downloads_the_letter(
    client, submitted, representative, handler_culture, django_capture_on_commit_callbacks
):
    case = decide(
        submitted,
        handler_culture,
        django_capture_on_commit_callbacks,
        outcome=DecisionOutcome.PARTIALLY_APPROVED,
        granted_amount="1500",
        reasoning="Osa kuluista ei ole avustuskelpoisia.",
    )
    letter = letter_of(case)
    client.force_login(representative)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="decision"' in page
    assert "1\xa0500,00\xa0€" in page or "1 500,00 €" in page
    assert "Osa kuluista ei ole avustuskelpoisia." in page
    letter_url = reverse("cases:attachment", args=[case.pk, letter.pk])
    assert f'href="{letter_url}" id="decision-letter"' in page
    response = client.get(letter_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.7")


def test_another_users_letter_is_not_found(
    client, submitted, other_resident, handler_culture, django_capture_on_commit_callbacks
):
    case = decide(
        submitted,
        handler_culture,
        django_capture_on_commit_callbacks,
        outcome=DecisionOutcome.APPROVED,
        granted_amount="5000",
        reasoning="Hyvä.",
    )
    client.force_login(other_resident)
    assert (
        client.get(reverse("cases:attachment", args=[case.pk, letter_of(case).pk])).status_code
        == 404
    )
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_pending_board_proposal_is_not_shown_to_the_applicant(
    client, submitted, representative, handler_culture
):
    GrantCall.objects.filter(pk=submitted.grant_call_id).update(decision_maker=DecisionMaker.BOARD)
    case = case_start_processing(actor=handler_culture, case=submitted)
    case_propose_decision(
        actor=handler_culture,
        case=case,
        outcome=DecisionOutcome.REJECTED,
        reasoning="Salainen perustelu.",
    )
    client.force_login(representative)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="decision"' not in page
    assert "Salainen perustelu." not in page
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DECISION_PROPOSED


def test_handler_page_links_the_letter_for_printing(
    client, submitted, handler_culture, django_capture_on_commit_callbacks
):
    case = decide(
        submitted,
        handler_culture,
        django_capture_on_commit_callbacks,
        outcome=DecisionOutcome.APPROVED,
        granted_amount="5000",
        reasoning="Hyvä.",
    )
    client.force_login(handler_culture)
    page = client.get(reverse("handling:case", args=[case.pk])).content.decode()
    letter_url = reverse("handling:attachment", args=[case.pk, letter_of(case).pk])
    assert 'id="handler-decision-letter"><a href="' + letter_url in page
    assert client.get(letter_url).status_code == 200
