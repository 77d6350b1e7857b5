"""The client fee demo data: Eino waiting for his choice, Maija's desk, the annual review's mass."""

import datetime

import pytest
from django.db.models import Count, F
from django.utils import timezone
from stdnum.fi import hetu

from asiointi.accounts.demo import load_people
from asiointi.accounts.models import User
from asiointi.catalogue.demo import load_catalogue
from asiointi.fees.constants import Channel, ClientService, IncomeChoice, ReviewStatus
from asiointi.fees.demo import FEE_CLIENT_PREFIX, VOUCHER_CLIENT_PREFIX, load_fee_demo, national_id
from asiointi.fees.models import FeeClient, FeeProposal, IncomeConsent, IncomeReview

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    load_catalogue()
    return load_people()


def first_of_next_month() -> datetime.date:
    today = timezone.localdate()
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def test_eino_waits_for_his_choice_for_next_month(users):
    load_fee_demo(users, clients=0, vouchers=0)
    client = FeeClient.objects.get(person=users["eino"])
    assert (client.department.code, client.service, client.monthly_hours) == (
        "social",
        ClientService.HOME_CARE,
        12,
    )
    assert (client.monthly_cost, client.current_amount) == (1200, 150)
    review = client.reviews.get()
    assert review.period_start == client.next_review_due == first_of_next_month()
    assert (review.status, review.choice) == (ReviewStatus.WAITING_FOR_CLIENT, "")
    # Not due yet: the annual review run of today leaves his choice to him.
    assert client.next_review_due > timezone.localdate()


def test_maijas_desk_has_a_review_in_each_state(users):
    load_fee_demo(users, clients=0, vouchers=0)
    desk = {
        review.client.person.first_name: review
        for review in IncomeReview.objects.filter(
            client__person__username__startswith="fee-"
        ).select_related("client__person")
    }
    assert desk["Helmi"].status == ReviewStatus.COLLECTING
    assert desk["Helmi"].choice == IncomeChoice.CONSENT
    consent = IncomeConsent.objects.get(review=desk["Helmi"])
    assert (consent.channel, consent.recorded_by) == (Channel.PAPER, users["maija"])
    proposed = {name for name, review in desk.items() if review.status == ReviewStatus.PROPOSED}
    assert proposed == {"Toivo", "Sylvi", "Väinö", "Astrid"}
    assert FeeProposal.objects.get(review=desk["Väinö"]).amount == 2100  # the highest fee
    assert desk["Sylvi"].choice_recorded_by == desk["Sylvi"].client.person  # online
    assert desk["Astrid"].client.person.preferred_language == "sv"
    assert desk["Astrid"].incomes.filter(source="kela", attachment__isnull=False).exists()
    # Every one of them is Maija's to handle: her department's clients.
    assert {review.client.department.code for review in desk.values()} == {"social"}


def test_the_mass_has_the_requested_clients_with_temporary_identity_codes(users):
    load_fee_demo(users, clients=60, vouchers=20)
    fee = FeeClient.objects.filter(person__username__startswith=FEE_CLIENT_PREFIX)
    vouchers = FeeClient.objects.filter(person__username__startswith=VOUCHER_CLIENT_PREFIX)
    assert fee.count() == 60
    assert vouchers.count() == 20
    assert set(vouchers.values_list("service", flat=True)) == {ClientService.SERVICE_VOUCHER}
    assert set(fee.values_list("service", flat=True)) == {
        ClientService.HOME_CARE,
        ClientService.LONG_TERM_CARE,
    }
    assert not fee.filter(service=ClientService.LONG_TERM_CARE, setting="").exists()
    assert not fee.filter(service=ClientService.HOME_CARE, monthly_hours=None).exists()
    codes = list(
        User.objects.filter(fee_clients__in=[*fee, *vouchers]).values_list("national_id", flat=True)
    )
    assert len(set(codes)) == 80
    for code in codes:
        assert hetu.validate(code, allow_temporary=True) == code
        assert 900 <= int(code[7:10]) <= 999  # never a real person's


def test_mass_clients_have_reviews_with_their_choices_and_most_are_due(users):
    load_fee_demo(users, clients=300, vouchers=100)
    mass = IncomeReview.objects.filter(
        client__person__username__regex=rf"^({FEE_CLIENT_PREFIX}|{VOUCHER_CLIENT_PREFIX})"
    )
    assert mass.count() == 400
    # Each review is for its client's due date, where the annual review run looks for it.
    assert not mass.exclude(period_start=F("client__next_review_due")).exists()
    choices = dict(mass.values_list("choice").annotate(count=Count("pk")))
    assert 0.78 * 400 < choices[IncomeChoice.CONSENT] < 0.92 * 400
    assert choices[IncomeChoice.DECLARED] > 0
    assert choices[IncomeChoice.HIGHEST_FEE] > 0
    assert choices[""] > 0
    # A consent for every consenting review, covering the three registries, in force.
    consents = IncomeConsent.objects.filter(review__in=mass)
    assert consents.count() == choices[IncomeChoice.CONSENT]
    assert {tuple(c.registries) for c in consents} == {("incomes_register", "tax", "population")}
    assert not consents.filter(valid_until__lte=timezone.localdate()).exists()
    assert set(consents.values_list("channel", flat=True)) == {
        Channel.PAPER,
        Channel.ONLINE,
        Channel.PHONE,
    }
    assert not mass.filter(choice="").exclude(status=ReviewStatus.WAITING_FOR_CLIENT).exists()
    assert not mass.exclude(choice="").exclude(status=ReviewStatus.COLLECTING).exists()
    due = FeeClient.objects.filter(reviews__in=mass, next_review_due__lte=timezone.localdate())
    assert due.count() > 0.7 * 400
    languages = dict(
        User.objects.filter(fee_clients__reviews__in=mass)
        .values_list("preferred_language")
        .annotate(count=Count("pk"))
    )
    assert languages["fi"] > languages["sv"] > 0


def test_loading_again_changes_nothing_and_a_larger_size_tops_up(users):
    load_fee_demo(users, clients=30, vouchers=10)
    counts = (User.objects.count(), FeeClient.objects.count(), IncomeReview.objects.count())
    load_fee_demo(users, clients=30, vouchers=10)
    assert (User.objects.count(), FeeClient.objects.count(), IncomeReview.objects.count()) == (
        counts
    )
    load_fee_demo(users, clients=35, vouchers=10)
    assert FeeClient.objects.count() == counts[1] + 5
    assert FeeClient.objects.filter(person__username=f"{FEE_CLIENT_PREFIX}00034").exists()


def test_identity_codes_follow_the_check_character_rule():
    assert national_id(datetime.date(1938, 3, 4), 903) == "040338-903X"  # Eino's
    assert national_id(datetime.date(1940, 5, 12), 904) == "120540-9048"  # Elsa's
    born_2001 = national_id(datetime.date(2001, 1, 1), 901)
    assert born_2001.startswith("010101A901")
    assert hetu.validate(born_2001, allow_temporary=True) == born_2001
