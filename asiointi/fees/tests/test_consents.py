"""The client's choice and the consent to fetch income data: who may record it, through which
channel, and when a consent allows a registry query."""

import datetime

import pytest
from django.utils import timezone

from asiointi.common.errors import NotFound, TransitionNotAllowed, ValidationFailed
from asiointi.fees import consents
from asiointi.fees.constants import Channel, IncomeChoice, Registry, ReviewStatus
from asiointi.fees.models import IncomeConsent, IncomeReview

pytestmark = pytest.mark.django_db

ALL_REGISTRIES = ["incomes_register", "tax", "population"]


def _consent(review, actor, channel=Channel.ONLINE, **extra):
    consents.review_record_choice(
        review, choice=IncomeChoice.CONSENT, channel=channel, actor=actor, **extra
    )
    return IncomeConsent.objects.get(review=review, withdrawn_at__isnull=True)


def _unchanged(review):
    review.refresh_from_db()
    assert review.status == ReviewStatus.WAITING_FOR_CLIENT
    assert review.choice == ""
    assert not IncomeConsent.objects.exists()


def test_client_consents_online_to_all_registries_for_a_year(fee_review, fee_client_person):
    review = consents.review_record_choice(
        fee_review, choice=IncomeChoice.CONSENT, channel=Channel.ONLINE, actor=fee_client_person
    )

    assert review.status == ReviewStatus.COLLECTING
    assert review.choice == IncomeChoice.CONSENT
    assert review.choice_channel == Channel.ONLINE
    assert review.choice_recorded_by == fee_client_person
    consent = IncomeConsent.objects.get(review=fee_review)
    assert consent.person == fee_client_person
    assert consent.recorded_by == fee_client_person
    assert consent.channel == Channel.ONLINE
    assert consent.registries == ALL_REGISTRIES
    assert consent.valid_until == datetime.date(2027, 12, 1)
    assert consents.valid_consent(fee_review) == consent
    for registry in ALL_REGISTRIES:
        assert consents.valid_consent(fee_review, registry) == consent


def test_staff_records_a_phone_consent_with_a_narrower_scope(fee_review, fee_official):
    consent = _consent(
        fee_review,
        fee_official,
        channel=Channel.PHONE,
        registries=[Registry.TAX, Registry.INCOMES_REGISTER],
        valid_until=datetime.date(2027, 3, 31),
    )

    assert consent.channel == Channel.PHONE
    assert consent.recorded_by == fee_official
    assert consent.person == fee_review.client.person
    # Stored in the registries' own order, whatever order they came in.
    assert consent.registries == ["incomes_register", "tax"]
    assert consents.valid_consent(fee_review, Registry.TAX) == consent
    assert consents.valid_consent(fee_review, Registry.POPULATION) is None


@pytest.mark.parametrize("channel", [Channel.DESK, Channel.PAPER])
def test_staff_records_desk_and_paper_choices(fee_review, fee_official, channel):
    review = consents.review_record_choice(
        fee_review, choice=IncomeChoice.DECLARED, channel=channel, actor=fee_official
    )

    assert review.choice == IncomeChoice.DECLARED
    assert review.choice_channel == channel
    assert review.choice_recorded_by == fee_official


def test_staff_cannot_record_a_choice_as_online(fee_review, fee_official):
    with pytest.raises(ValidationFailed) as error:
        consents.review_record_choice(
            fee_review, choice=IncomeChoice.CONSENT, channel=Channel.ONLINE, actor=fee_official
        )

    assert error.value.errors == {
        "channel": [
            "Record how the client gave the choice: by phone, at the service desk or on paper."
        ]
    }
    _unchanged(fee_review)


def test_client_cannot_use_a_staff_channel(fee_review, fee_client_person):
    with pytest.raises(ValidationFailed) as error:
        consents.review_record_choice(
            fee_review, choice=IncomeChoice.CONSENT, channel=Channel.PHONE, actor=fee_client_person
        )

    assert error.value.errors == {
        "channel": ["A choice made in the e-services folder is recorded as online."]
    }
    _unchanged(fee_review)


def test_another_resident_gets_not_found(fee_review, other_resident):
    with pytest.raises(NotFound):
        consents.review_record_choice(
            fee_review, choice=IncomeChoice.CONSENT, channel=Channel.ONLINE, actor=other_resident
        )
    _unchanged(fee_review)


def test_handler_of_another_department_gets_not_found(fee_review, handler_culture):
    with pytest.raises(NotFound):
        consents.review_record_choice(
            fee_review, choice=IncomeChoice.CONSENT, channel=Channel.PHONE, actor=handler_culture
        )
    _unchanged(fee_review)


def test_another_department_cannot_withdraw_a_consent(
    fee_review, fee_client_person, handler_culture, other_resident
):
    consent = _consent(fee_review, fee_client_person)

    with pytest.raises(NotFound):
        consents.consent_withdraw(consent, actor=handler_culture, channel=Channel.PHONE)
    with pytest.raises(NotFound):
        consents.consent_withdraw(consent, actor=other_resident, channel=Channel.ONLINE)

    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert consents.valid_consent(fee_review) == consent


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"choice": "maybe"}, "choice", "Choose one of the options."),
        ({"channel": "pigeon"}, "channel", "Choose how the choice was given."),
        ({"registries": []}, "registries", "Choose at least one registry the consent covers."),
        ({"registries": ["tax", "kela"]}, "registries", "Unknown registry: kela."),
        (
            {"valid_until": datetime.date(2020, 1, 1)},
            "valid_until",
            "The consent must be valid until a date in the future.",
        ),
    ],
)
def test_invalid_choices_are_refused_with_a_message(
    fee_review, fee_client_person, extra, field, message
):
    arguments = {"choice": IncomeChoice.CONSENT, "channel": Channel.ONLINE, **extra}

    with pytest.raises(ValidationFailed) as error:
        consents.review_record_choice(fee_review, actor=fee_client_person, **arguments)

    assert error.value.errors == {field: [message]}
    _unchanged(fee_review)


def test_consent_ending_today_is_refused(fee_review, fee_client_person):
    with pytest.raises(ValidationFailed):
        _consent(fee_review, fee_client_person, valid_until=timezone.localdate())
    _unchanged(fee_review)


def test_withdrawn_consent_allows_no_query_and_the_client_chooses_again(
    fee_review, fee_client_person, fee_official
):
    consent = _consent(fee_review, fee_client_person)

    withdrawn = consents.consent_withdraw(consent, actor=fee_official, channel=Channel.PHONE)

    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_by == fee_official
    assert withdrawn.withdrawal_channel == Channel.PHONE
    assert consents.valid_consent(fee_review) is None
    assert consents.valid_consent(fee_review, Registry.TAX) is None
    fee_review.refresh_from_db()
    assert fee_review.status == ReviewStatus.WAITING_FOR_CLIENT
    assert fee_review.choice == ""


def test_a_consent_is_withdrawn_only_once(fee_review, fee_client_person):
    consent = _consent(fee_review, fee_client_person)
    consents.consent_withdraw(consent, actor=fee_client_person, channel=Channel.ONLINE)
    first = IncomeConsent.objects.get(pk=consent.pk).withdrawn_at

    with pytest.raises(TransitionNotAllowed) as error:
        consents.consent_withdraw(consent, actor=fee_client_person, channel=Channel.ONLINE)

    assert error.value.message == "The consent has already been withdrawn."
    assert IncomeConsent.objects.get(pk=consent.pk).withdrawn_at == first


def test_expired_consent_is_not_valid(fee_review, fee_client_person):
    consent = _consent(fee_review, fee_client_person, valid_until=datetime.date(2027, 1, 31))

    assert consents.valid_consent(fee_review, on=datetime.date(2027, 1, 31)) == consent
    assert consents.valid_consent(fee_review, on=datetime.date(2027, 2, 1)) is None
    assert consents.valid_consent(fee_review, Registry.TAX, on=datetime.date(2027, 2, 1)) is None


def test_new_consent_supersedes_the_old_one(fee_review, fee_client_person, fee_official):
    first = _consent(fee_review, fee_client_person)

    second = _consent(fee_review, fee_official, channel=Channel.DESK, registries=["population"])

    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert first.withdrawn_by == fee_official
    assert first.withdrawal_channel == Channel.DESK
    assert consents.valid_consent(fee_review) == second
    # The new consent's narrower scope applies, not the old one's.
    assert consents.valid_consent(fee_review, Registry.TAX) is None
    assert IncomeConsent.objects.filter(review=fee_review).count() == 2


def test_declaring_instead_withdraws_the_consent(fee_review, fee_client_person):
    consent = _consent(fee_review, fee_client_person)

    review = consents.review_record_choice(
        fee_review, choice=IncomeChoice.DECLARED, channel=Channel.ONLINE, actor=fee_client_person
    )

    assert review.choice == IncomeChoice.DECLARED
    assert review.status == ReviewStatus.COLLECTING
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consents.valid_consent(fee_review) is None


def test_highest_fee_moves_the_review_to_collecting(fee_review, fee_client_person):
    review = consents.review_record_choice(
        fee_review,
        choice=IncomeChoice.HIGHEST_FEE,
        channel=Channel.ONLINE,
        actor=fee_client_person,
    )

    assert review.choice == IncomeChoice.HIGHEST_FEE
    assert review.status == ReviewStatus.COLLECTING
    assert not IncomeConsent.objects.exists()


@pytest.mark.parametrize("status", [ReviewStatus.PROPOSED, ReviewStatus.DECIDED])
def test_choice_cannot_change_after_the_incomes_are_collected(
    fee_review, fee_client_person, status
):
    IncomeReview.objects.filter(pk=fee_review.pk).update(
        status=status, choice=IncomeChoice.DECLARED
    )

    with pytest.raises(TransitionNotAllowed):
        consents.review_record_choice(
            fee_review,
            choice=IncomeChoice.CONSENT,
            channel=Channel.ONLINE,
            actor=fee_client_person,
        )

    assert not IncomeConsent.objects.exists()


def test_consents_of_another_review_do_not_count(fee_review, fee_client_person):
    other = IncomeReview.objects.create(
        client=fee_review.client, period_start=datetime.date(2027, 12, 1)
    )
    _consent(other, fee_client_person)

    assert consents.valid_consent(fee_review) is None


def test_a_late_answer_is_taken_after_the_batch_proposed_without_a_choice(
    fee_review, fee_client_person
):
    # The annual batch proposes "no choice" reviews with the flag NO_CHOICE; the client who
    # answers afterwards must still be able to choose.
    IncomeReview.objects.filter(pk=fee_review.pk).update(status=ReviewStatus.PROPOSED)

    review = consents.review_record_choice(
        fee_review, choice=IncomeChoice.CONSENT, channel=Channel.ONLINE, actor=fee_client_person
    )

    assert review.status == ReviewStatus.COLLECTING
    assert IncomeConsent.objects.filter(review=fee_review, withdrawn_at=None).count() == 1
