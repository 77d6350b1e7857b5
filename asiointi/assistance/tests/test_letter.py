"""The decision letter of a social-assistance application: printable for a window envelope, with
the saved calculation line by line, the decided amount and the 30-day review period, as an
accessible PDF in the applicant's language, downloaded from the applicant's folder."""

import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from asiointi.assistance.services import calculation_save
from asiointi.cases.constants import AttachmentKind, CaseStatus, DecisionOutcome
from asiointi.cases.models import Attachment, Case
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.processing import case_start_processing

pytestmark = pytest.mark.django_db

REASONING = "Tuki myönnetään laskelman mukaisesti."
# assistance_answers: a person living alone (basic amount 578.43 in 2026), rent 650.00,
# electricity 40.00, medicines 35.50; wage 1000.00 (no exemption from March 2026) and housing
# allowance 250.00. 578.43 + 725.50 − 1250.00 = 53.93.
PROPOSED = Decimal("53.93")


def letter_text(client, person, case: Case) -> tuple[pypdf.PdfReader, str]:
    """The letter as the applicant downloads it from the folder: its reader and its words."""
    letter = Attachment.objects.get(case=case, kind=AttachmentKind.DECISION_LETTER)
    client.force_login(person)
    # In the person's language: an unprefixed address would redirect to it (their choice sticks).
    with translation.override(person.preferred_language):
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        letter_url = reverse("cases:attachment", args=[case.pk, letter.pk])
    assert f'href="{letter_url}"' in page
    response = client.get(letter_url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    reader = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Line breaks and no-break spaces vary with the layout; compare words.
    return reader, " ".join(text.replace("\xa0", " ").split())


def decide(case, worker, captured, *, calculate=True, **decision) -> Case:
    case = case_start_processing(actor=worker, case=case)
    if calculate:
        calculation_save(actor=worker, case=case, on=timezone.localdate())
    with captured(execute=True):
        case_decide(actor=worker, case=case, **decision)
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(
    ("language", "amounts"),
    [
        ("fi", ["578,43 €", "650,00 €", "40,00 €", "35,50 €", "1 000,00 €", "250,00 €", "53,93 €"]),
        ("sv", ["578,43 €", "650,00 €", "40,00 €", "35,50 €", "1 000,00 €", "250,00 €", "53,93 €"]),
        ("en", ["€578.43", "€650.00", "€40.00", "€35.50", "€1,000.00", "€250.00", "€53.93"]),
    ],
)
def test_letter_has_the_address_the_calculation_and_the_decided_amount(
    language,
    amounts,
    client,
    submitted_assistance,
    resident,
    social_worker,
    django_capture_on_commit_callbacks,
):
    resident.preferred_language = language
    resident.save(update_fields=["preferred_language"])
    case = decide(
        submitted_assistance,
        social_worker,
        django_capture_on_commit_callbacks,
        outcome=DecisionOutcome.APPROVED,
        granted_amount="53.93",
        reasoning=REASONING,
    )
    reader, text = letter_text(client, resident, case)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language
    assert "/StructTreeRoot" in root
    # The address block comes first after the sender, in the envelope's window.
    assert "Esimerkkilän kaupunki" in text
    address = "Aino Asukas Kauppamiehentie 4 B 12 00320 Helsinki"
    assert address in text
    assert text.index(address) < text.index(case.record_number)
    for expected in [*amounts, REASONING, "Reseptilääkkeet", " 30 "]:
        assert expected in text, expected
    # The amounts in the calculation's order: basic amount, expenses, incomes, the total.
    positions = [text.index(amount) for amount in amounts[:6]]
    assert positions == sorted(positions)
    assert (case.status, case.granted_amount) == (CaseStatus.DECIDED, PROPOSED)


def test_english_letter_speaks_of_assistance_not_a_grant(
    client, submitted_assistance, resident, social_worker, django_capture_on_commit_callbacks
):
    resident.preferred_language = "en"
    resident.save(update_fields=["preferred_language"])
    case = decide(
        submitted_assistance,
        social_worker,
        django_capture_on_commit_callbacks,
        outcome=DecisionOutcome.PARTIALLY_APPROVED,
        granted_amount="40.00",
        reasoning="Part of the medicines are paid by Kela.",
    )
    _reader, text = letter_text(client, resident, case)
    month = timezone.localdate().strftime("%B %Y")
    for expected in (
        "The application is partially approved. €40.00 is awarded.",
        "Amount awarded €40.00",
        "Calculation of the social assistance",
        f"The calculation is for the month of the decision, {month}.",
        "Living alone €578.43",
        "Earned income (net) (Aino Asukas) − €1,000.00",
        "Proposed assistance = €53.93",
        "Assistance by the calculation: €53.93 Assistance decided: €40.00",
        "The amount awarded is paid to the bank account given in the application.",
        "within 30 days of the notification of the decision",
        "Sanna Sosiaalityö, office holder",
        "toimeentulotuki@example.fi",
    ):
        assert expected in text, expected
    assert "grant" not in text.lower()
    assert "Amount applied for" not in text


def test_rejection_without_a_saved_calculation_has_no_calculation_section(
    client, submitted_assistance, resident, social_worker, django_capture_on_commit_callbacks
):
    resident.preferred_language = "en"
    resident.save(update_fields=["preferred_language"])
    case = decide(
        submitted_assistance,
        social_worker,
        django_capture_on_commit_callbacks,
        calculate=False,
        outcome=DecisionOutcome.REJECTED,
        reasoning="The incomes cover the expenses.",
    )
    _reader, text = letter_text(client, resident, case)
    assert "The application is rejected." in text
    assert "Nothing is paid." in text
    assert "Amount awarded –" in text
    assert "Calculation of the social assistance" not in text
    assert "grant" not in text.lower()


def test_letter_labels_follow_the_letter_not_the_workers_language(
    client, submitted_assistance, resident, social_worker, django_capture_on_commit_callbacks
):
    """Sanna saved the calculation with a Finnish page; Aino reads English."""
    resident.preferred_language = "en"
    resident.save(update_fields=["preferred_language"])
    case = case_start_processing(actor=social_worker, case=submitted_assistance)
    saved = calculation_save(actor=social_worker, case=case, on=timezone.localdate())
    # The labels as a Finnish page stores them (independent of the catalogues' state).
    saved.result["lines"][0]["label"] = "Yksin asuva"
    saved.save(update_fields=["result"])
    with django_capture_on_commit_callbacks(execute=True):
        case_decide(
            actor=social_worker,
            case=case,
            outcome=DecisionOutcome.APPROVED,
            granted_amount="53.93",
            reasoning=REASONING,
        )
    _reader, text = letter_text(client, resident, case)
    assert "Living alone €578.43" in text
    assert "Yksin asuva" not in text


def test_grant_letters_keep_the_grant_wording_and_have_no_address_block(
    client, submitted, representative, handler_culture, django_capture_on_commit_callbacks
):
    representative.preferred_language = "en"
    representative.save(update_fields=["preferred_language"])
    case = case_start_processing(actor=handler_culture, case=submitted)
    with django_capture_on_commit_callbacks(execute=True):
        case_decide(
            actor=handler_culture,
            case=case,
            outcome=DecisionOutcome.APPROVED,
            granted_amount="5000",
            reasoning="Good.",
        )
    _reader, text = letter_text(client, representative, case)
    assert text.startswith(
        f"Esimerkkilän kaupunki {case.department.name_en} Decision: {case.service.name_en}"
    )
    assert "The application is approved. A grant of €5,000.00 is awarded." in text
    assert "within 14 days of the notification" in text
    assert "Calculation of the social assistance" not in text


def test_saved_lines_are_printed_when_the_rules_changed_since(
    client, submitted_assistance, resident, social_worker, django_capture_on_commit_callbacks
):
    """A rule row corrected after the worker saved: the letter prints what she saw and saved."""
    case = case_start_processing(actor=social_worker, case=submitted_assistance)
    saved = calculation_save(actor=social_worker, case=case, on=timezone.localdate())
    saved.result["lines"][0].update(label="Perusosa ennen korjausta", amount="600.00")
    saved.monthly_assistance = Decimal("75.50")
    saved.save(update_fields=["result", "monthly_assistance"])
    with django_capture_on_commit_callbacks(execute=True):
        case_decide(
            actor=social_worker,
            case=case,
            outcome=DecisionOutcome.APPROVED,
            granted_amount="75.50",
            reasoning=REASONING,
        )
    _reader, text = letter_text(client, resident, case)
    assert "Perusosa ennen korjausta 600,00 €" in text
    assert "578,43 €" not in text
