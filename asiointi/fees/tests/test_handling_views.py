"""The fee official's pages: the queue, the review page and its actions, who may see them."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from asiointi.fees import consents, decisions, proposals, records
from asiointi.fees.constants import (
    Channel,
    IncomeChoice,
    IncomeKind,
    IncomeSource,
    Registry,
    ReviewStatus,
    Subject,
)
from asiointi.fees.models import (
    FeeClient,
    FeeDecision,
    IncomeConsent,
    IncomeCorrection,
    IncomeRecord,
    IncomeReview,
    RegistryQuery,
)
from asiointi.fees.tests.decision_builders import proposed
from asiointi.organisation.models import Department
from asiointi.testing.fixtures import EINO_ID, ELSA_ID, make_person

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name: str, review: IncomeReview | None = None, *args) -> str:
    if review is None:
        return reverse(f"fees_handling:{name}")
    return reverse(f"fees_handling:{name}", args=[review.pk, *args])


@pytest.fixture
def official(client, fee_official):
    client.force_login(fee_official)
    return client


def consented(review: IncomeReview, official_user) -> IncomeReview:
    consents.review_record_choice(
        review, choice=IncomeChoice.CONSENT, channel=Channel.PHONE, actor=official_user
    )
    review.refresh_from_db()
    return review


def page_text(response) -> str:
    """The page's visible words: tags stripped, entities decoded, whitespace collapsed."""
    text = html.unescape(strip_tags(response.content.decode()))
    return " ".join(text.replace("\xa0", " ").split())


# --- the queue ---------------------------------------------------------------------------------


def _client_with_review(
    number: int, *, service="home-care", status=ReviewStatus.WAITING_FOR_CLIENT
):
    person = make_person(f"client{number}", "Asiakas", f"Numero{number}")
    fee_client = FeeClient.objects.create(
        person=person,
        department=Department.objects.get(code="social"),
        service=service,
        monthly_hours=10 if service == "home-care" else None,
        monthly_cost=Decimal("900.00"),
        next_review_due=datetime.date(2026, 12, 1),
    )
    return IncomeReview.objects.create(
        client=fee_client, period_start=datetime.date(2026, 12, 1), status=status
    )


def test_queue_tabs_count_and_list_the_departments_reviews(official, fee_review, fee_official):
    proposed_review = proposed(_client_with_review(1), fee_official)
    _client_with_review(2, status=ReviewStatus.COLLECTING)
    _client_with_review(3, service="service-voucher")
    response = official.get(url("queue"), {"tab": "waiting"})
    assert response.status_code == 200
    tabs = {tab: count for tab, _label, count in response.context["tabs"]}
    # The 2026 income limits are unverified figures: the proposal is flagged for manual work.
    assert proposed_review.needs_manual is True
    assert tabs == {"waiting": 2, "manual": 2, "proposed": 0, "decided": 0}
    assert [row.pk for row in response.context["rows"]] == sorted(
        [fee_review.pk, IncomeReview.objects.get(client__person__username="client3").pk]
    )
    manual = official.get(url("queue"), {"tab": "manual"})
    assert "Uses an unverified rule figure" in page_text(manual)


def test_queue_filters_by_service(official, fee_review):
    voucher = _client_with_review(3, service="service-voucher")
    response = official.get(url("queue"), {"tab": "waiting", "service": "service-voucher"})
    assert [row.pk for row in response.context["rows"]] == [voucher.pk]
    assert {tab: count for tab, _l, count in response.context["tabs"]}["waiting"] == 1
    assert "service=service-voucher" in response.content.decode()


def test_queue_pages_by_thirty(official, fee_review):
    for number in range(30):
        _client_with_review(number)
    first = official.get(url("queue"), {"tab": "waiting"})
    second = official.get(url("queue"), {"tab": "waiting", "page": 2})
    assert (len(first.context["rows"]), first.context["has_next"]) == (30, True)
    assert (len(second.context["rows"]), second.context["has_next"]) == (1, False)


@pytest.mark.parametrize("tab", ["waiting", "manual", "proposed", "decided"])
def test_queue_query_count_does_not_grow_with_the_rows(
    tab, official, fee_official, django_assert_num_queries
):
    def fill(start: int, count: int) -> None:
        for number in range(start, start + count):
            review = _client_with_review(number)
            review = proposed(review, fee_official)
            if tab == "decided":
                decisions.review_decide(
                    review,
                    actor=fee_official,
                    amount=review.proposal.amount,
                    valid_from=datetime.date(2026, 12, 1),
                )

    fill(0, 1)
    # session, user, membership check, rows, counts
    with django_assert_num_queries(5):
        official.get(url("queue"), {"tab": tab})
    fill(1, 6)
    with django_assert_num_queries(5):
        response = official.get(url("queue"), {"tab": tab})
    expected = 7 if tab in ("manual", "decided") else 0
    assert len(response.context["rows"]) == expected


# --- the review page ---------------------------------------------------------------------------


def test_review_page_shows_the_client_service_consents_incomes_and_proposal(
    official, fee_review, fee_official
):
    review = proposed(fee_review, fee_official)
    record = review.incomes.get()
    records.income_record_correct(
        record,
        actor=fee_official,
        gross_monthly=Decimal("1600.00"),
        net_monthly=Decimal("1270.00"),
        reason="Pension statement.",
    )
    response = official.get(url("review", review))
    assert response.status_code == 200
    text = page_text(response)
    for expected in (
        "Income review: Eino Eläkeläinen",
        EINO_ID,
        "Continuous home care",
        "€1,200.00",  # the cost of the service
        "I declare my incomes myself (Paper form, Maija Maksu",
        "Declared by the client",  # the source group
        "Keva",
        "€1,600.00 (originally €1,650.00)",
        "gross €1,650.00 → €1,600.00, net €1,300.00 → €1,270.00 – Pension statement.",
        "Proposal: €180.20",
        "20 % × (1,600.00 € − 699.00 €) = 20 % × 901.00 €.",
        "No registry has been queried for this review.",
    ):
        assert expected in text, expected
    decide_form = response.context["forms"]["decide"]
    assert decide_form.initial == {"amount": "180.20", "valid_from": datetime.date(2026, 12, 1)}


def test_review_page_query_count_is_fixed(
    official, fee_review, fee_official, django_assert_num_queries
):
    review = proposed(fee_review, fee_official)

    def add(number: int) -> None:
        records.income_record_add(
            review,
            actor=fee_official,
            source=IncomeSource.STAFF,
            subject=Subject.CLIENT,
            kind=IncomeKind.CAPITAL,
            gross_monthly=Decimal(number),
            net_monthly=Decimal(number),
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
        )

    official.get(url("review", review))
    with CaptureQueriesContext(connection) as few:
        official.get(url("review", review))
    for number in range(5):
        add(number + 1)
    with django_assert_num_queries(len(few)):
        official.get(url("review", review))


# --- actions -----------------------------------------------------------------------------------


def test_official_records_the_consent_given_by_phone(official, fee_review, fee_official):
    response = official.post(
        url("record_choice", fee_review),
        {
            "choice-choice": IncomeChoice.CONSENT,
            "choice-channel": Channel.PHONE,
            "choice-registries": [Registry.INCOMES_REGISTER, Registry.POPULATION],
            "choice-valid_until": "1.6.2027",
        },
    )
    assert response.status_code == 302
    consent = IncomeConsent.objects.get(review=fee_review)
    assert (consent.channel, consent.recorded_by, consent.valid_until, consent.registries) == (
        Channel.PHONE,
        fee_official,
        datetime.date(2027, 6, 1),
        [Registry.INCOMES_REGISTER, Registry.POPULATION],
    )
    fee_review.refresh_from_db()
    assert fee_review.status == ReviewStatus.COLLECTING
    text = page_text(official.get(url("review", fee_review)))
    assert "Incomes Register, Population Information System" in text
    assert "In force" in text


def test_staff_cannot_record_an_online_choice(official, fee_review):
    response = official.post(
        url("record_choice", fee_review),
        {
            "choice-choice": IncomeChoice.CONSENT,
            "choice-channel": Channel.ONLINE,
            "choice-registries": [Registry.TAX],
        },
    )
    assert response.status_code == 422
    assert list(response.context["forms"]["choice"].errors) == ["channel"]
    assert [anchor for anchor, _label, _message in response.context["error_summary"]] == [
        "id_choice-channel_group"
    ]
    assert not IncomeConsent.objects.exists()


def test_highest_fee_choice_gives_a_proposal_at_the_cost(official, fee_review):
    official.post(
        url("record_choice", fee_review),
        {"choice-choice": IncomeChoice.HIGHEST_FEE, "choice-channel": Channel.DESK},
    )
    fee_review.refresh_from_db()
    assert fee_review.status == ReviewStatus.PROPOSED
    assert fee_review.proposal.amount == Decimal("1200.00")


def test_official_withdraws_a_consent_for_the_client(official, fee_review, fee_official):
    review = consented(fee_review, fee_official)
    consent = review.consents.get()
    response = official.post(
        url("withdraw_consent", review, consent.pk), {"withdraw-channel": Channel.DESK}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert (consent.withdrawn_by, consent.withdrawal_channel) == (fee_official, Channel.DESK)
    assert consent.withdrawn_at is not None


def test_fetch_incomes_queries_the_registries_and_shows_the_lines_with_sources(
    official, fee_review, fee_official, registry_simulators
):
    review = consented(fee_review, fee_official)
    response = official.post(url("fetch_incomes", review))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.PROPOSED
    assert {r["national_id"] for r in registry_simulators.all_requests()} == {EINO_ID, ELSA_ID}
    assert RegistryQuery.objects.filter(review=review, ok=True).count() == 5
    text = page_text(official.get(url("review", review)))
    for expected in (
        "Incomes Register",
        "Tax Administration",
        "Varma",
        "Elsa Eläkeläinen",  # the spouse from the Population Information System
        "The incomes have been fetched and the proposal computed.",
    ):
        assert expected in text, expected
    assert review.family_size == 2


def test_fetch_without_consent_queries_nothing(
    official, fee_review, fee_official, registry_simulators
):
    consents.review_record_choice(
        fee_review, choice=IncomeChoice.DECLARED, channel=Channel.PAPER, actor=fee_official
    )
    response = official.post(url("fetch_incomes", fee_review), follow=True)
    assert registry_simulators.all_requests() == []
    assert not RegistryQuery.objects.exists()
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and "consent" in messages[0].lower()
    assert "fetch-submit" not in response.content.decode()


def test_a_registry_error_is_logged_and_shown(
    official, fee_review, fee_official, registry_simulators
):
    review = consented(fee_review, fee_official)
    registry_simulators.tax.statuses[EINO_ID] = 400
    official.post(url("fetch_incomes", review))
    failed = RegistryQuery.objects.get(review=review, ok=False)
    assert (failed.registry, failed.subject) == (Registry.TAX, Subject.CLIENT)
    text = page_text(official.get(url("review", review)))
    assert "A registry could not be queried" in text
    assert f"Error: {failed.error}" in text


def test_kela_income_needs_its_decision_attached(official, fee_review, fee_official):
    review = consented(fee_review, fee_official)
    fields = {
        "add_income-source": IncomeSource.KELA,
        "add_income-subject": Subject.CLIENT,
        "add_income-kind": IncomeKind.PENSION,
        "add_income-payer": "Kela",
        "add_income-gross_monthly": "151,40",
        "add_income-net_monthly": "151,40",
        "add_income-period_start": "1.12.2025",
        "add_income-period_end": "30.11.2026",
    }
    refused = official.post(url("add_income", review), fields)
    assert refused.status_code == 422
    assert "Attach Kela's decision on the benefit." in page_text(refused)
    assert not IncomeRecord.objects.exists()
    upload = SimpleUploadedFile("kela.pdf", PDF_BYTES, content_type="application/pdf")
    response = official.post(url("add_income", review), {**fields, "add_income-file": upload})
    assert response.status_code == 302
    record = IncomeRecord.objects.get()
    assert (record.source, record.gross_monthly, record.recorded_by) == (
        IncomeSource.KELA,
        Decimal("151.40"),
        fee_official,
    )
    assert record.attachment.name == "kela.pdf"
    download = official.get(url("attachment", review, record.attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_correction_needs_a_reason_and_is_audited(official, fee_review, fee_official):
    review = proposed(fee_review, fee_official)
    record = review.incomes.get()
    prefix = f"correct-{record.pk}"
    refused = official.post(
        url("correct_income", review, record.pk),
        {f"{prefix}-gross_monthly": "1600", f"{prefix}-net_monthly": "1270"},
    )
    assert refused.status_code == 422
    assert refused.context["error_form"] == prefix
    assert not IncomeCorrection.objects.exists()
    response = official.post(
        url("correct_income", review, record.pk),
        {
            f"{prefix}-gross_monthly": "1 600,00",
            f"{prefix}-net_monthly": "1270",
            f"{prefix}-reason": "The pension statement shows 1 600 €.",
        },
    )
    assert response.status_code == 302
    correction = IncomeCorrection.objects.get()
    assert (
        correction.old_gross_monthly,
        correction.new_gross_monthly,
        correction.corrected_by,
    ) == (
        Decimal("1650.00"),
        Decimal("1600.00"),
        fee_official,
    )
    review.proposal.refresh_from_db()
    assert review.proposal.amount == Decimal("180.20")  # recomputed from the corrected figure


def test_recompute_refreshes_the_proposal(official, fee_review, fee_official):
    review = proposed(fee_review, fee_official)
    FeeClient.objects.filter(pk=review.client_id).update(monthly_hours=8)
    response = official.post(url("recompute", review))
    assert response.status_code == 302
    review.proposal.refresh_from_db()
    # 8 h: 16 % × (1 650 − 699) = 152.16
    assert review.proposal.amount == Decimal("152.16")


def test_decide_uses_the_officials_amount_and_the_letter_can_be_opened(
    official, fee_review, fee_official, django_capture_on_commit_callbacks
):
    review = proposed(fee_review, fee_official)
    with django_capture_on_commit_callbacks(execute=True):
        response = official.post(
            url("decide", review),
            {
                "decide-amount": "175,00",
                "decide-valid_from": "2026-12-01",
                "decide-reasoning": "Costs of acquiring income.",
            },
        )
    assert response.status_code == 302
    decision = FeeDecision.objects.get()
    assert (decision.amount, decision.valid_from, decision.decided_by, decision.reasoning) == (
        Decimal("175.00"),
        datetime.date(2026, 12, 1),
        fee_official,
        "Costs of acquiring income.",
    )
    page = official.get(url("review", review))
    assert "decide-submit" not in page.content.decode()
    assert decision.letter_name in page_text(page)
    letter = official.get(url("letter", review))
    assert letter["Content-Type"] == "application/pdf"
    assert b"".join(letter.streaming_content).startswith(b"%PDF")


def test_decide_errors_are_shown_at_the_fields(official, fee_review, fee_official):
    review = proposed(fee_review, fee_official)
    response = official.post(
        url("decide", review), {"decide-amount": "-5", "decide-valid_from": ""}
    )
    assert response.status_code == 422
    assert response.context["forms"]["decide"].errors == {"valid_from": ["This field is required."]}
    assert not FeeDecision.objects.exists()
    response = official.post(
        url("decide", review), {"decide-amount": "-5", "decide-valid_from": "1.12.2026"}
    )
    assert response.status_code == 422
    assert "The amount cannot be negative." in page_text(response)
    assert not FeeDecision.objects.exists()


def test_deciding_a_review_without_proposal_is_refused_with_a_message(official, fee_review):
    response = official.post(
        url("decide", fee_review),
        {"decide-amount": "10", "decide-valid_from": "1.12.2026", "decide-reasoning": "x"},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "A review that is “Waiting for the client's choice” cannot be decided; only a proposal "
        "ready for the official can."
    ]
    assert not FeeDecision.objects.exists()


# --- who may see and act -----------------------------------------------------------------------


def _requests(review: IncomeReview, record: IncomeRecord, consent: IncomeConsent):
    attachment = record.attachment
    return [
        ("get", url("review", review), {}),
        ("get", url("attachment", review, attachment.pk), {}),
        ("get", url("letter", review), {}),
        (
            "post",
            url("record_choice", review),
            {"choice-choice": IncomeChoice.HIGHEST_FEE, "choice-channel": Channel.PHONE},
        ),
        ("post", url("withdraw_consent", review, consent.pk), {"withdraw-channel": "phone"}),
        ("post", url("fetch_incomes", review), {}),
        (
            "post",
            url("add_income", review),
            {
                "add_income-source": IncomeSource.STAFF,
                "add_income-subject": Subject.CLIENT,
                "add_income-kind": IncomeKind.PENSION,
                "add_income-gross_monthly": "1",
                "add_income-net_monthly": "1",
                "add_income-period_start": "1.1.2026",
                "add_income-period_end": "31.1.2026",
            },
        ),
        (
            "post",
            url("correct_income", review, record.pk),
            {
                f"correct-{record.pk}-gross_monthly": "1",
                f"correct-{record.pk}-net_monthly": "1",
                f"correct-{record.pk}-reason": "x",
            },
        ),
        ("post", url("recompute", review), {}),
        (
            "post",
            url("decide", review),
            {"decide-amount": "1", "decide-valid_from": "1.12.2026", "decide-reasoning": "x"},
        ),
    ]


def _state(review: IncomeReview) -> tuple:
    review.refresh_from_db()
    return (
        review.status,
        review.choice,
        list(review.consents.values_list("pk", "withdrawn_at")),
        list(review.incomes.values_list("pk", "gross_monthly")),
        review.proposal.updated_at,
        FeeDecision.objects.count(),
        RegistryQuery.objects.count(),
    )


@pytest.mark.parametrize("who", ["handler_culture", "fee_client_person"])
def test_nobody_outside_the_clients_department_sees_or_changes_anything(
    who, request, client, fee_review, fee_official, registry_simulators
):
    review = consented(fee_review, fee_official)
    upload = SimpleUploadedFile("kela.pdf", PDF_BYTES, content_type="application/pdf")
    record = records.income_record_add(
        review,
        actor=fee_official,
        source=IncomeSource.KELA,
        subject=Subject.CLIENT,
        kind=IncomeKind.PENSION,
        gross_monthly=Decimal("100"),
        net_monthly=Decimal("100"),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 1, 31),
        upload=upload,
    )
    proposals.review_propose(review)
    consent = review.consents.get()
    before = _state(review)
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("queue")).status_code == (404 if who == "fee_client_person" else 200)
    for method, address, data in _requests(review, record, consent):
        response = getattr(client, method)(address, data)
        assert response.status_code == 404, (method, address)
    assert _state(review) == before
    assert registry_simulators.all_requests() == []


def test_another_departments_official_sees_an_empty_queue(client, fee_review, handler_culture):
    client.force_login(handler_culture)
    response = client.get(url("queue"), {"tab": "waiting"})
    assert response.context["rows"] == []
    assert {tab: count for tab, _l, count in response.context["tabs"]}["waiting"] == 0


def test_anonymous_visitors_are_sent_to_log_in(client, fee_review):
    for address in (url("queue"), url("review", fee_review)):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    response = client.post(url("recompute", fee_review))
    assert response.status_code == 302
    fee_review.refresh_from_db()
    assert fee_review.status == ReviewStatus.WAITING_FOR_CLIENT


def test_staff_navigation_links_to_the_fee_queue(official):
    response = official.get(url("queue"))
    assert f'href="{url("queue")}"' in response.content.decode()
