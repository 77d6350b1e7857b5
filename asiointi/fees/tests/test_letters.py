"""The fee decision letter: a tagged PDF/UA document in the client's language with the fee, the
incomes and their sources, the calculation, who decided and the review instructions; stored once."""

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.utils import translation

from asiointi.fees import decisions, records
from asiointi.fees.letters import fee_letter_store
from asiointi.fees.models import FeeDecision
from asiointi.fees.tests.decision_builders import proposed

pytestmark = pytest.mark.django_db

VALID_FROM = datetime.date(2026, 12, 1)


def pdf_text(decision: FeeDecision) -> tuple[pypdf.PdfReader, str]:
    with decision.letter.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Line breaks and no-break spaces vary with the layout; compare words.
    return reader, " ".join(text.replace("\xa0", " ").split())


def decided(review, official, captured, **decision) -> FeeDecision:
    decision.setdefault("amount", review.proposal.amount)
    with captured(execute=True):
        made = decisions.review_decide(review, actor=official, valid_from=VALID_FROM, **decision)
    made.refresh_from_db()
    return made


def english(person) -> None:
    person.preferred_language = "en"
    person.save(update_fields=["preferred_language"])


def assert_pdf_ua(reader: pypdf.PdfReader, language: str) -> None:
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    # PDF/UA identification in the XMP metadata (ISO 14289-1 § 5).
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()


def test_english_letter_has_the_fee_incomes_calculation_and_review_instructions(
    fee_review, fee_official, fee_client_person, django_capture_on_commit_callbacks
):
    english(fee_client_person)
    review = proposed(fee_review, fee_official)
    decision = decided(review, fee_official, django_capture_on_commit_callbacks)
    reader, text = pdf_text(decision)
    assert_pdf_ua(reader, "en")
    assert reader.metadata.title.startswith("Fee decision: Eino Eläkeläinen, ")
    assert decision.letter_name == f"fee-decision-{decision.pk}.pdf"
    for expected in (
        "Esimerkkilän kaupunki",
        "Fee decision: Continuous home care",
        "Recipient Eino Eläkeläinen",
        "Your client fee is €190.20 a month from 1 Dec 2026.",
        # The income line: whose, what, payer, source, period, figure.
        "Client Pension, Keva Declared by the client 1 Dec 2025–30 Nov 2026 €1,650.00",
        # The calculation line by line.
        "Income limit for a family of 1 on 1 Dec 2026: 699.00 €.",
        "20 % × (1,650.00 € − 699.00 €) = 20 % × 951.00 €.",
        "Maija Maksu, office holder, Social Services and Health Care.",
        "Instructions for requesting a review",
        "within 30 days of the notification of the decision",
        "Only the party may request a review: the person to whom the decision applies.",
        "The request for review is made to the municipal body responsible for social welfare: "
        "Esimerkkilän kaupunki, Social and Health Services Committee.",
        "Act on Client Charges in Healthcare and Social Welfare (734/1992), section 15",
        "Administrative Procedure Act (434/2003), sections 49 a–49 g and 59",
    ):
        assert expected in text, expected
    # Only a party may request a review of a fee; the municipality-member rule is for minutes.
    assert "member of the municipality" not in text
    assert "14 days" not in text


@pytest.mark.parametrize(
    ("language", "fee", "heading", "service"),
    [
        ("fi", "190,20 €", "Oikaisuvaatimusohje", "Jatkuva kotihoito"),
        ("sv", "190,20 €", "Anvisning om begäran om omprövning", "Fortlöpande hemvård"),
        ("en", "€190.20", "Instructions for requesting a review", "Continuous home care"),
    ],
)
def test_letter_is_in_the_clients_language_whoever_decides(
    language,
    fee,
    heading,
    service,
    fee_review,
    fee_official,
    fee_client_person,
    django_capture_on_commit_callbacks,
):
    fee_client_person.preferred_language = language
    fee_client_person.save(update_fields=["preferred_language"])
    review = proposed(fee_review, fee_official)
    with translation.override("fi" if language != "fi" else "en"):
        decision = decided(review, fee_official, django_capture_on_commit_callbacks)
    reader, text = pdf_text(decision)
    assert_pdf_ua(reader, language)
    for expected in (fee, heading, service, "Maija Maksu", " 30 "):
        assert expected in text, expected


def test_a_corrected_figure_and_the_reasoning_are_in_the_letter(
    fee_review, fee_official, fee_client_person, django_capture_on_commit_callbacks
):
    english(fee_client_person)
    review = proposed(fee_review, fee_official)
    record = review.incomes.get()
    records.income_record_correct(
        record,
        actor=fee_official,
        gross_monthly=Decimal("1600.00"),
        net_monthly=Decimal("1270.00"),
        reason="The pension statement shows 1 600 €.",
    )
    review.refresh_from_db()
    decision = decided(
        review,
        fee_official,
        django_capture_on_commit_callbacks,
        amount=Decimal("170.00"),
        reasoning="Rounded down in the client's favour.",
    )
    _reader, text = pdf_text(decision)
    for expected in (
        "€1,600.00",
        # The correction and its reason once, in the income table (not again in the
        # explanation, which leaves the income lines to the table).
        "(corrected from €1,650.00: The pension statement shows 1 600 €.)",
        "Your client fee is €170.00 a month",
        "Rounded down in the client's favour.",
    ):
        assert expected in text, expected
    assert text.count("The pension statement shows") == 1


def test_voucher_letter_shows_the_value_and_the_clients_share_of_the_price(
    fee_review, fee_official, fee_client_person, django_capture_on_commit_callbacks
):
    english(fee_client_person)
    client = fee_review.client
    client.service = "service-voucher"
    client.monthly_hours = None
    client.monthly_cost = Decimal("900.00")  # the provider's price
    client.save(update_fields=["service", "monthly_hours", "monthly_cost"])
    review = proposed(fee_review, fee_official)
    decision = decided(review, fee_official, django_capture_on_commit_callbacks)
    _reader, text = pdf_text(decision)
    value = decision.amount
    share = Decimal("900.00") - value
    assert decision.letter_name == f"service-voucher-decision-{decision.pk}.pdf"
    for expected in (
        "Service voucher value decision: Service voucher",
        f"The value of your service voucher is €{value:,.2f} a month from 1 Dec 2026.",
        "The provider's price €900.00 / month",
        f"Your share (price less the voucher) €{share:,.2f} / month",
        "Act on Service Vouchers in Social Welfare and Health Care (569/2009)",
    ):
        assert expected in text, expected
    assert "734/1992" not in text


def test_the_letter_is_stored_once_however_often_the_task_runs(
    fee_review, fee_official, django_capture_on_commit_callbacks
):
    review = proposed(fee_review, fee_official)
    decision = decided(review, fee_official, django_capture_on_commit_callbacks)
    name = decision.letter.name
    storage = decision.letter.storage
    folder = name.rsplit("/", 1)[0]
    files_before = storage.listdir(folder)[1]
    again = fee_letter_store(decision.pk)
    assert again.letter.name == name
    assert storage.listdir(folder)[1] == files_before
