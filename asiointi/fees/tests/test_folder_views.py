"""The client's fee pages in the e-services folder: the three choices through the pages, the
declared incomes with attachments, withdrawing a consent, the decision and its letter, the
folder's "Client fees" section, and who gets a 404.

Pages are read in English (fees/tests/conftest.py). The decision is D's to make: here a
``FeeDecision`` row is written directly with a small PDF letter.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from asiointi.accounts.acting import SESSION_KEY
from asiointi.cases.tests.test_query_counts import FOLDER_ACTING_FOR_QUERIES, FOLDER_QUERIES
from asiointi.fees import consents
from asiointi.fees.constants import (
    Channel,
    DecisionKind,
    IncomeChoice,
    IncomeSource,
    Registry,
    ReviewStatus,
)
from asiointi.fees.models import (
    FeeClient,
    FeeDecision,
    FeeProposal,
    IncomeConsent,
    IncomeRecord,
    IncomeReview,
    ReviewAttachment,
)
from asiointi.organisation.models import Department
from asiointi.testing.fixtures import PDF_BYTES, make_person, pdf_upload

pytestmark = pytest.mark.django_db

ALL_REGISTRIES = [Registry.INCOMES_REGISTER, Registry.TAX, Registry.POPULATION]
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256))


def review_url(review) -> str:
    return reverse("fees_folder:detail", args=[review.pk])


def income_url(review) -> str:
    return reverse("fees_folder:income_add", args=[review.pk])


def withdraw_url(consent) -> str:
    return reverse("fees_folder:consent_withdraw", args=[consent.review_id, consent.pk])


def letter_url(decision) -> str:
    return reverse("fees_folder:letter", args=[decision.pk])


def stored_fee_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "fees"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def state(review) -> tuple:
    """Everything a client's action may write, to check that a refused one wrote nothing."""
    review.refresh_from_db()
    return (
        review.status,
        review.choice,
        review.choice_channel,
        list(IncomeConsent.objects.values_list("pk", "withdrawn_at", "registries")),
        IncomeRecord.objects.count(),
        ReviewAttachment.objects.count(),
        FeeProposal.objects.count(),
        stored_fee_files(),
    )


def income_data(**overrides) -> dict:
    data = {
        "subject": "client",
        "kind": "pension",
        "gross_monthly": "1 650,00",
        "net_monthly": "1320.50",
        "period_start": "2025-11-01",
        "period_end": "30.11.2026",
        "payer": "Keva",
        "attachment": pdf_upload("elakepaatos.pdf"),
    }
    data.update(overrides)
    return data


def make_decision(review, official, *, letter: bool = True, amount="150.00", kind=None):
    review.status = ReviewStatus.DECIDED
    review.save(update_fields=["status"])
    decision = FeeDecision(
        review=review,
        kind=kind or DecisionKind.FEE,
        amount=Decimal(amount),
        valid_from=review.period_start,
        decided_by=official,
        decided_at=timezone.now(),
        language="en",
    )
    if letter:
        decision.letter.save("letter.pdf", ContentFile(PDF_BYTES), save=False)
        decision.letter_name = "fee-decision-letter.pdf"
    decision.save()
    return decision


@pytest.fixture
def eino(client, fee_client_person):
    client.force_login(fee_client_person)
    return client


@pytest.fixture
def declaring_review(fee_review, fee_client_person):
    return consents.review_record_choice(
        fee_review, choice=IncomeChoice.DECLARED, channel=Channel.ONLINE, actor=fee_client_person
    )


# --- The review page and the three choices --------------------------------------------------


def test_review_page_explains_the_review_and_offers_the_three_choices(eino, fee_review):
    response = eino.get(review_url(fee_review))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Continuous home care" in page
    assert "Waiting for your choice" in page
    assert "Your choice is needed" in page
    assert "Social Services and Health Care" in page
    for value in IncomeChoice.values:
        assert f'name="choice" value="{value}"' in page
    # Every registry is offered and checked by default; the default end date is shown.
    for number, registry in enumerate(ALL_REGISTRIES):
        assert (
            f'name="registries" value="{registry}" '
            f'aria-describedby="id_registries_{number}-hint" checked>'
        ) in page
    assert page.count(" checked>") == 3  # no choice is preselected
    assert 'value="2027-12-01"' in page
    assert "Kela" in page and "ask you about them separately" in page
    # The highest fee is the cost of the service.
    assert "your fee is the highest fee: €1,200.00 per month" in page


def test_client_consents_to_chosen_registries_until_a_date(eino, fee_review, fee_client_person):
    response = eino.post(
        review_url(fee_review),
        {
            "choice": "consent",
            "registries": ["incomes_register", "tax"],
            "valid_until": "1.6.2027",
        },
        follow=True,
    )

    assert response.redirect_chain == [(review_url(fee_review), 302)]
    consent = IncomeConsent.objects.get(review=fee_review)
    assert consent.registries == ["incomes_register", "tax"]
    assert consent.valid_until == datetime.date(2027, 6, 1)
    assert consent.channel == Channel.ONLINE
    assert consent.recorded_by == fee_client_person
    fee_review.refresh_from_db()
    assert fee_review.status == ReviewStatus.COLLECTING
    assert fee_review.choice == IncomeChoice.CONSENT
    assert fee_review.choice_channel == Channel.ONLINE
    page = response.content.decode()
    assert "Your consent has been saved" in page
    assert "Your income data is being fetched from the authorities" in page
    assert "Incomes Register, Tax Administration" in page
    assert "In force" in page
    assert withdraw_url(consent) in page


def test_consent_with_the_shown_defaults_covers_every_registry_for_a_year(eino, fee_review):
    eino.post(
        review_url(fee_review),
        {"choice": "consent", "registries": ALL_REGISTRIES, "valid_until": "2027-12-01"},
    )

    consent = IncomeConsent.objects.get(review=fee_review)
    assert consent.registries == ALL_REGISTRIES
    assert consent.valid_until == datetime.date(2027, 12, 1)


def test_an_online_consent_is_fetched_and_proposed_at_once(
    eino, fee_review, registry_simulators, django_capture_on_commit_callbacks
):
    # The client should not wait for the annual batch: the consent starts the fetch in the
    # background (inline here), and the official finds a proposal.
    with django_capture_on_commit_callbacks(execute=True):
        eino.post(
            review_url(fee_review),
            {"choice": "consent", "registries": ALL_REGISTRIES, "valid_until": "2027-12-01"},
        )

    fee_review.refresh_from_db()
    assert fee_review.status == ReviewStatus.PROPOSED
    assert FeeProposal.objects.get(review=fee_review).amount is not None
    assert IncomeRecord.objects.filter(
        review=fee_review, source=IncomeSource.INCOMES_REGISTER
    ).exists()
    assert {request["registry"] for request in registry_simulators.all_requests()} == set(
        ALL_REGISTRIES
    )


def test_highest_fee_needs_no_incomes_and_goes_to_the_official(eino, fee_review):
    response = eino.post(review_url(fee_review), {"choice": "highest_fee"}, follow=True)

    assert "your incomes will not be checked" in response.content.decode()
    fee_review.refresh_from_db()
    assert fee_review.choice == IncomeChoice.HIGHEST_FEE
    assert fee_review.status == ReviewStatus.PROPOSED
    assert FeeProposal.objects.get(review=fee_review).amount == Decimal("1200.00")
    assert not IncomeConsent.objects.exists()
    assert "Being processed: an official will make the decision" in response.content.decode()
    # The choice can no longer be changed: no form, and a posted one changes nothing.
    assert 'name="choice"' not in response.content.decode()
    again = eino.post(review_url(fee_review), {"choice": "declared"}, follow=True)
    assert "The choice can no longer be changed in this review." in again.content.decode()
    fee_review.refresh_from_db()
    assert fee_review.choice == IncomeChoice.HIGHEST_FEE


def test_declaring_incomes_with_attachments_and_sending_the_declaration(
    eino, fee_review, fee_client_person
):
    response = eino.post(review_url(fee_review), {"choice": "declared"}, follow=True)
    assert "Add your incomes with their attachments below" in response.content.decode()
    assert "Declare your incomes and send them" in response.content.decode()

    response = eino.post(income_url(fee_review), income_data(), follow=True)

    assert response.redirect_chain == [(review_url(fee_review) + "#declared-incomes", 302)]
    record = IncomeRecord.objects.get(review=fee_review)
    assert record.source == IncomeSource.DECLARED
    assert record.subject == "client"
    assert record.kind == "pension"
    assert record.gross_monthly == Decimal("1650.00")
    assert record.net_monthly == Decimal("1320.50")
    assert (record.period_start, record.period_end) == (
        datetime.date(2025, 11, 1),
        datetime.date(2026, 11, 30),
    )
    assert record.payer == "Keva"
    assert record.recorded_by == fee_client_person
    assert record.attachment.name == "elakepaatos.pdf"
    assert record.attachment.content_type == "application/pdf"
    page = response.content.decode()
    assert "The income “Pension” has been added with its attachment." in page
    assert "elakepaatos.pdf" in page and "€1,650.00" in page

    eino.post(
        income_url(fee_review),
        income_data(
            subject="spouse",
            gross_monthly="1100",
            net_monthly="950",
            attachment=pdf_upload("elsa.pdf"),
        ),
    )
    assert IncomeRecord.objects.filter(review=fee_review, subject="spouse").count() == 1

    response = eino.post(reverse("fees_folder:declaration_send", args=[fee_review.pk]), follow=True)

    assert "Your income declaration has been sent" in response.content.decode()
    fee_review.refresh_from_db()
    assert fee_review.status == ReviewStatus.PROPOSED
    assert FeeProposal.objects.filter(review=fee_review).count() == 1


def test_an_empty_declaration_cannot_be_sent(eino, declaring_review):
    response = eino.post(
        reverse("fees_folder:declaration_send", args=[declaring_review.pk]), follow=True
    )

    assert "Add at least one income before sending" in response.content.decode()
    declaring_review.refresh_from_db()
    assert declaring_review.status == ReviewStatus.COLLECTING
    assert not FeeProposal.objects.exists()


def test_changing_from_consent_to_declaring_withdraws_the_consent(eino, fee_review):
    eino.post(review_url(fee_review), {"choice": "consent", "registries": ALL_REGISTRIES})
    eino.post(review_url(fee_review), {"choice": "declared"})

    consent = IncomeConsent.objects.get(review=fee_review)
    assert consent.withdrawn_at is not None
    fee_review.refresh_from_db()
    assert fee_review.choice == IncomeChoice.DECLARED


# --- Validation: the messages, the typed values kept, nothing written --------------------------


def test_no_choice_is_an_error_with_a_summary_linking_to_the_options(eino, fee_review):
    before = state(fee_review)

    response = eino.post(review_url(fee_review), {"valid_until": "2027-12-01"})

    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page
    assert (
        '<a href="#id_choice_0">How should your incomes be checked?: '
        "Choose how your incomes are checked.</a>"
    ) in page
    assert 'id="id_choice-error"' in page
    assert state(fee_review) == before


def test_consent_without_registries_keeps_what_was_typed(eino, fee_review):
    before = state(fee_review)

    response = eino.post(review_url(fee_review), {"choice": "consent", "valid_until": "1.6.2027"})

    assert response.status_code == 422
    page = response.content.decode()
    assert '<a href="#id_registries_0">' in page
    assert "Choose at least one authority" in page
    assert 'name="choice" value="consent" aria-describedby="id_choice_0-hint" checked' in page
    assert 'value="1.6.2027"' in page
    # Nothing is checked any more: the client unchecked them all.
    assert 'name="registries" value="tax" aria-describedby="id_registries_1-hint" checked' not in (
        page
    )
    assert state(fee_review) == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31.2.2027", "Enter the date as day.month.year, for example 1.12.2027."),
        ("2020-01-01", "The consent must be valid until a date in the future."),
    ],
)
def test_a_consent_end_date_must_be_a_future_date(eino, fee_review, typed, message):
    before = state(fee_review)

    response = eino.post(
        review_url(fee_review),
        {"choice": "consent", "registries": ALL_REGISTRIES, "valid_until": typed},
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert f'<a href="#id_valid_until">The consent is valid until: {message}</a>' in page
    assert f'value="{typed}"' in page
    assert state(fee_review) == before


def test_invalid_income_keeps_what_was_typed_and_writes_nothing(eino, declaring_review):
    before = state(declaring_review)

    response = eino.post(
        income_url(declaring_review),
        income_data(gross_monthly="paljon", net_monthly="12,345", period_start="", kind=""),
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert '<a href="#id_kind">Kind of income: Choose the kind of income.</a>' in page
    assert "Gross amount (€ per month): Enter the amount in euros with at most two" in page
    assert "Net amount after taxes (€ per month): Enter the amount in euros with at most" in page
    assert '<a href="#id_period_start">Paid from: Enter a date.</a>' in page
    assert 'value="paljon"' in page and 'value="12,345"' in page and 'value="Keva"' in page
    assert 'value="30.11.2026"' in page
    assert "choose it again before adding" in page
    assert state(declaring_review) == before


def test_the_service_rules_on_an_income_show_at_the_field(eino, declaring_review):
    before = state(declaring_review)

    response = eino.post(
        income_url(declaring_review), income_data(gross_monthly="1000", net_monthly="1200")
    )

    assert response.status_code == 422
    assert (
        '<a href="#id_net_monthly">Net amount after taxes (€ per month): The net amount cannot '
        "be larger than the gross amount.</a>"
    ) in response.content.decode()
    assert state(declaring_review) == before


def test_an_income_needs_an_acceptable_attachment(eino, declaring_review):
    before = state(declaring_review)

    missing = eino.post(income_url(declaring_review), income_data(attachment=""))
    executable = eino.post(
        income_url(declaring_review),
        income_data(
            attachment=SimpleUploadedFile("elake.pdf", EXECUTABLE, content_type="application/pdf")
        ),
    )

    assert missing.status_code == 422
    assert '<a href="#id_attachment">Attachment: Attach a document that shows this income' in (
        missing.content.decode()
    )
    assert executable.status_code == 422
    assert (
        '<a href="#id_attachment">Attachment: This type of file is not accepted.'
        in executable.content.decode()
    )
    assert 'value="Keva"' in executable.content.decode()
    assert state(declaring_review) == before


def test_incomes_are_declared_only_after_choosing_to_declare(eino, fee_review):
    before = state(fee_review)

    response = eino.post(income_url(fee_review), income_data(), follow=True)

    assert "only after choosing to declare them yourself" in response.content.decode()
    assert state(fee_review) == before
    assert 'id="add-income"' not in eino.get(review_url(fee_review)).content.decode()


# --- Withdrawing a consent ------------------------------------------------------------------


def test_withdrawing_the_consent_asks_for_confirmation_first(eino, fee_review, fee_client_person):
    eino.post(review_url(fee_review), {"choice": "consent", "registries": ["tax"]})
    consent = IncomeConsent.objects.get(review=fee_review)

    confirmation = eino.get(withdraw_url(consent))

    assert confirmation.status_code == 200
    assert "Tax Administration" in confirmation.content.decode()
    assert IncomeConsent.objects.get().withdrawn_at is None

    response = eino.post(withdraw_url(consent), follow=True)

    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == fee_client_person
    assert consent.withdrawal_channel == Channel.ONLINE
    assert consents.valid_consent(fee_review) is None
    fee_review.refresh_from_db()
    assert fee_review.status == ReviewStatus.WAITING_FOR_CLIENT
    page = response.content.decode()
    assert "Your consent has been withdrawn." in page
    assert "Choose again how your incomes are checked." in page
    assert "Withdrawn on" in page
    assert withdraw_url(consent) not in page


def test_a_withdrawn_consent_cannot_be_withdrawn_again(eino, fee_review, fee_client_person):
    eino.post(review_url(fee_review), {"choice": "consent", "registries": ALL_REGISTRIES})
    consent = IncomeConsent.objects.get()
    eino.post(withdraw_url(consent))
    withdrawn_at = IncomeConsent.objects.get().withdrawn_at

    page = eino.get(withdraw_url(consent), follow=True).content.decode()
    again = eino.post(withdraw_url(consent), follow=True).content.decode()

    assert "This consent is no longer in force." in page
    assert "The consent has already been withdrawn." in again
    assert IncomeConsent.objects.get().withdrawn_at == withdrawn_at


# --- The decision and its letter ------------------------------------------------------------


def test_decided_review_shows_the_decision_and_the_letter(eino, fee_review, fee_official):
    decision = make_decision(fee_review, fee_official, amount="163.20")

    page = eino.get(review_url(fee_review)).content.decode()

    assert "Fee decision" in page
    assert "€163.20 per month" in page
    assert letter_url(decision) in page
    assert "Maija Maksu" in page  # the official to contact
    assert 'name="choice"' not in page


def test_the_client_downloads_their_decision_letter_as_pdf(eino, fee_review, fee_official):
    decision = make_decision(fee_review, fee_official)

    response = eino.get(letter_url(decision))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="fee-decision-letter.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_letter_not_yet_stored_is_being_prepared(eino, fee_review, fee_official):
    decision = make_decision(fee_review, fee_official, letter=False)

    response = eino.get(letter_url(decision), follow=True)

    assert response.redirect_chain == [(review_url(fee_review) + "#decision", 302)]
    assert "The decision letter is being prepared." in response.content.decode()


# --- Who may see what ------------------------------------------------------------------------


def _all_requests(review, consent, decision):
    return [
        ("get", review_url(review), {}),
        ("post", review_url(review), {"choice": "highest_fee"}),
        ("post", income_url(review), income_data()),
        ("post", reverse("fees_folder:declaration_send", args=[review.pk]), {}),
        ("get", withdraw_url(consent), {}),
        ("post", withdraw_url(consent), {}),
        ("get", letter_url(decision), {}),
    ]


@pytest.fixture
def others_review(fee_official, fee_client_person):
    """Eino's consent on a review still collecting, and a decided review with a letter."""
    review = consents.review_record_choice(
        IncomeReview.objects.create(
            client=FeeClient.objects.get(person=fee_client_person),
            period_start=datetime.date(2027, 12, 1),
        ),
        choice=IncomeChoice.CONSENT,
        channel=Channel.ONLINE,
        actor=fee_client_person,
    )
    decided = IncomeReview.objects.create(
        client=review.client, period_start=datetime.date(2025, 12, 1)
    )
    decision = make_decision(decided, fee_official)
    return review, IncomeConsent.objects.get(review=review), decision


@pytest.mark.parametrize("persona", ["other_resident", "fee_official"])
def test_nobody_else_gets_the_clients_pages(
    request, client, home_care_client, others_review, persona
):
    review, consent, decision = others_review
    client.force_login(request.getfixturevalue(persona))
    before = state(review)

    for method, url, data in _all_requests(review, consent, decision):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)

    assert state(review) == before


def test_anonymous_visitors_are_sent_to_log_in(client, home_care_client, others_review):
    review, consent, decision = others_review
    before = state(review)

    for method, url, data in _all_requests(review, consent, decision):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("accounts:login")), url

    assert state(review) == before


def test_a_consent_is_reached_only_through_its_own_review(eino, fee_review, others_review):
    review, consent, _decision = others_review
    # Both reviews are Eino's, but the consent belongs to the other one.
    wrong = reverse("fees_folder:consent_withdraw", args=[fee_review.pk, consent.pk])

    assert eino.get(wrong).status_code == 404
    assert eino.get(withdraw_url(consent)).status_code == 200


# --- The folder ------------------------------------------------------------------------------


def test_folder_lists_open_reviews_first_with_what_is_expected(
    eino, fee_review, home_care_client, fee_official
):
    old = IncomeReview.objects.create(
        client=home_care_client, period_start=datetime.date(2025, 12, 1)
    )
    decision = make_decision(old, fee_official, amount="140.00")

    response = eino.get(reverse("cases:folder"))

    rows = response.context["fee_reviews"]
    assert [row.pk for row in rows] == [fee_review.pk, old.pk]
    page = response.content.decode()
    assert "Client fees" in page
    assert "Your choice is needed" in page
    assert review_url(fee_review) in page
    assert "Fee decision: €140.00 per month from" in page
    assert letter_url(decision) in page
    assert page.index(review_url(fee_review)) < page.index(review_url(old))


def test_folder_has_no_fee_section_for_residents_without_fees(client, resident):
    client.force_login(resident)

    response = client.get(reverse("cases:folder"))

    assert response.context["fee_reviews"] == []
    assert "Client fees" not in response.content.decode()


def test_fee_reviews_are_personal_not_shown_when_acting_for_an_organisation(
    client, fee_review, association, fee_client_person
):
    from asiointi.accounts.models import Representation

    Representation.objects.create(person=fee_client_person, organisation=association, role="chair")
    client.force_login(fee_client_person)
    session = client.session
    session[SESSION_KEY] = association.pk
    session.save()

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cases:folder"))

    assert response.context["acting_for"] == association
    assert response.context["fee_reviews"] == []
    assert "Client fees" not in response.content.decode()
    assert len(captured) == FOLDER_ACTING_FOR_QUERIES


def test_folder_fee_section_is_one_query_however_many_reviews(
    client, django_assert_num_queries, home_care_client, fee_official
):
    social = Department.objects.get(code="social")
    many = make_person("hilma", "Hilma", "Hoidettava")
    for service in ("home-care", "service-voucher"):
        fee_client = FeeClient.objects.create(
            person=many,
            department=social,
            service=service,
            monthly_cost=900,
            next_review_due=datetime.date(2026, 12, 1),
        )
        for year in range(2015, 2027):
            review = IncomeReview.objects.create(
                client=fee_client, period_start=datetime.date(year, 12, 1)
            )
            if year < 2026:
                make_decision(review, fee_official)
    IncomeReview.objects.create(client=home_care_client, period_start=datetime.date(2026, 12, 1))

    client.force_login(home_care_client.person)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(reverse("cases:folder")).context["fee_reviews"]) == 1
    client.force_login(many)
    with django_assert_num_queries(FOLDER_QUERIES):
        response = client.get(reverse("cases:folder"))

    assert len(small) == FOLDER_QUERIES
    rows = response.context["fee_reviews"]
    assert len(rows) == 24
    assert [row.status for row in rows[:2]] == [ReviewStatus.WAITING_FOR_CLIENT] * 2
    assert response.content.decode().count("Decision letter (PDF)") == 22
