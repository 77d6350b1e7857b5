"""Fetching a review's incomes on the client's consent, against the registry simulators as real
servers. Above all: without a valid consent covering a registry, that registry gets no request."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from asiointi.common.errors import TransitionNotAllowed
from asiointi.fees import consents, fetching
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
    IncomeConsent,
    IncomeCorrection,
    IncomeRecord,
    IncomeReview,
    RegistryQuery,
)
from asiointi.fees.registries import registry_clients
from asiointi.simulators.registries import EINO_ID, ELSA_ID, TIINA_ID, UNKNOWN_PERSON_ID, VEIKKO_ID
from asiointi.testing import builders
from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db

VARMA = "Keskinäinen työeläkevakuutusyhtiö Varma"


def _month_before(day: datetime.date) -> datetime.date:
    first = day.replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


def _window(period_start: datetime.date) -> tuple[str, str]:
    """The 12 complete months before the fee period (none still running)."""
    last = _month_before(min(period_start, timezone.localdate()))
    first = datetime.date(last.year - 1, last.month, 1)
    first = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return f"{first:%Y-%m}", f"{last:%Y-%m}"


def _consent(review, person, **extra):
    consents.review_record_choice(
        review, choice=IncomeChoice.CONSENT, channel=Channel.ONLINE, actor=person, **extra
    )


def _records(review):
    return sorted(
        (r.subject, r.source, r.kind, r.payer, r.gross_monthly, r.net_monthly)
        for r in IncomeRecord.objects.filter(review=review)
    )


def _client_review(username, national_id, period_start=datetime.date(2026, 12, 1)):
    person = make_person(username, username.title(), "Testinen", national_id=national_id)
    client = FeeClient.objects.create(
        person=person,
        department=builders.department("social"),
        service="long-term-care",
        setting="service_housing",
        monthly_cost=3000,
        next_review_due=period_start,
    )
    review = IncomeReview.objects.create(client=client, period_start=period_start)
    _consent(review, person)
    return review


# --- No consent, no request ---------------------------------------------------------------------


def test_without_consent_no_registry_is_asked(registry_simulators, fee_review, fee_official):
    with pytest.raises(fetching.ConsentMissing) as error:
        fetching.review_fetch_incomes(fee_review, actor=fee_official)

    assert error.value.message == (
        "The client has no valid consent to fetch income data; no registry was queried."
    )
    assert registry_simulators.all_requests() == []
    assert not RegistryQuery.objects.exists()


def test_after_withdrawal_no_registry_is_asked(
    registry_simulators, fee_review, fee_client_person, fee_official
):
    _consent(fee_review, fee_client_person)
    consent = IncomeConsent.objects.get(review=fee_review)
    consents.consent_withdraw(consent, actor=fee_client_person, channel=Channel.ONLINE)

    with pytest.raises(fetching.ConsentMissing):
        fetching.review_fetch_incomes(fee_review, actor=fee_official)

    assert registry_simulators.all_requests() == []
    assert not IncomeRecord.objects.exists()


def test_an_expired_consent_allows_no_request(
    registry_simulators, fee_review, fee_client_person, fee_official
):
    _consent(fee_review, fee_client_person)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    IncomeConsent.objects.filter(review=fee_review).update(valid_until=yesterday)

    with pytest.raises(fetching.ConsentMissing):
        fetching.review_fetch_incomes(fee_review, actor=fee_official)

    assert registry_simulators.all_requests() == []


def test_a_registry_outside_the_consent_gets_no_request(
    registry_simulators, fee_review, fee_client_person, fee_official
):
    _consent(fee_review, fee_client_person, registries=[Registry.INCOMES_REGISTER])

    fetching.review_fetch_incomes(fee_review, actor=fee_official)

    assert registry_simulators.tax.requests == []
    assert registry_simulators.population.requests == []
    # Without the population register the spouse is unknown: only Eino's own incomes.
    assert [r["national_id"] for r in registry_simulators.incomes.requests] == [EINO_ID]
    assert {q.registry for q in RegistryQuery.objects.all()} == {Registry.INCOMES_REGISTER}
    fee_review.refresh_from_db()
    assert fee_review.family_size is None


def test_a_consent_withdrawn_while_fetching_stores_nothing(
    registry_simulators, fee_review, fee_client_person, fee_official
):
    _consent(fee_review, fee_client_person)
    plan = fetching.review_plan_fetch(fee_review)
    collected = fetching.incomes_collect(plan, registry_clients())
    consent = IncomeConsent.objects.get(review=fee_review)
    consents.consent_withdraw(consent, actor=fee_client_person, channel=Channel.ONLINE)

    with pytest.raises(fetching.ConsentMissing):
        fetching.incomes_store(collected, actor=fee_official)

    assert not RegistryQuery.objects.exists()
    assert not IncomeRecord.objects.exists()
    fee_review.refresh_from_db()
    assert fee_review.household == {}


def test_a_decided_review_is_not_fetched(
    registry_simulators, fee_review, fee_client_person, fee_official
):
    _consent(fee_review, fee_client_person)
    IncomeReview.objects.filter(pk=fee_review.pk).update(status=ReviewStatus.DECIDED)

    with pytest.raises(TransitionNotAllowed):
        fetching.review_fetch_incomes(fee_review, actor=fee_official)

    assert registry_simulators.all_requests() == []


# --- What is fetched and stored -----------------------------------------------------------------


def test_eino_s_and_elsa_s_incomes_and_the_household_are_fetched(
    registry_simulators, fee_review, fee_client_person, fee_official
):
    _consent(fee_review, fee_client_person)

    review = fetching.review_fetch_incomes(fee_review, actor=fee_official)

    first, last = _window(fee_review.period_start)
    # The population register tells who the spouse is; Elsa is asked about only because of it.
    assert registry_simulators.population.requests == [
        {"path": f"/v1/persons/{EINO_ID}", "query": {}, "national_id": EINO_ID}
    ]
    assert registry_simulators.incomes.requests == [
        {
            "path": "/v1/incomes",
            "query": {"personId": person_id, "from": first, "to": last},
            "national_id": person_id,
        }
        for person_id in (EINO_ID, ELSA_ID)
    ]
    assert [r["national_id"] for r in registry_simulators.tax.requests] == [EINO_ID, ELSA_ID]

    assert _records(review) == sorted(
        [
            (Subject.CLIENT, IncomeSource.INCOMES_REGISTER, IncomeKind.PENSION, VARMA,
             Decimal("1498.60"), Decimal("1228.85")),
            (Subject.CLIENT, IncomeSource.INCOMES_REGISTER, IncomeKind.PENSION, "Kela",
             Decimal("151.40"), Decimal("124.15")),
            # 480 € a year of dividends and interest: 40 € a month, 30 % capital income tax.
            (Subject.CLIENT, IncomeSource.TAX, IncomeKind.CAPITAL, "",
             Decimal("40.00"), Decimal("28.00")),
            (Subject.SPOUSE, IncomeSource.INCOMES_REGISTER, IncomeKind.PENSION, "Keva",
             Decimal("720.00"), Decimal("676.80")),
            (Subject.SPOUSE, IncomeSource.INCOMES_REGISTER, IncomeKind.PENSION, "Kela",
             Decimal("380.00"), Decimal("357.20")),
        ]
    )  # fmt: skip
    pension = IncomeRecord.objects.get(review=review, subject=Subject.CLIENT, payer=VARMA)
    assert pension.original_gross_monthly == Decimal("1498.60")
    assert pension.recorded_by == fee_official
    assert pension.query.registry == Registry.INCOMES_REGISTER
    assert (f"{pension.period_start:%Y-%m}", f"{pension.period_end:%Y-%m}") == (first, last)
    assert len(pension.details["months"]) == 12
    assert pension.details["months"][0] == {
        "month": first,
        "gross": "1498.60",
        "net": "1228.85",
        "income_types": ["1001 Earnings-related pension"],
    }
    capital = IncomeRecord.objects.get(review=review, kind=IncomeKind.CAPITAL)
    assert capital.details["annual"] == "480.00"
    assert capital.period_start.month == 1 and capital.period_end.month == 12

    assert review.family_size == 2
    assert review.household["address"] == "Kotikatu 5 A 3, 00530 HELSINKI"
    assert review.household["spouse"]["national_id"] == ELSA_ID
    assert review.household["spouse"]["lives_with_client"] is True
    assert review.household_fetched_at is not None

    queries = RegistryQuery.objects.filter(review=review)
    assert sorted((q.registry, q.subject, q.ok) for q in queries) == [
        (Registry.INCOMES_REGISTER, Subject.CLIENT, True),
        (Registry.INCOMES_REGISTER, Subject.SPOUSE, True),
        (Registry.POPULATION, Subject.CLIENT, True),
        (Registry.TAX, Subject.CLIENT, True),
        (Registry.TAX, Subject.SPOUSE, True),
    ]
    consent = IncomeConsent.objects.get(review=review)
    assert all(q.consent == consent and q.requested_by == fee_official for q in queries)
    assert all(q.attempts == 1 for q in queries)


def test_forest_capital_income_and_care_allowance(registry_simulators, db):
    review = _client_review("veikko", VEIKKO_ID)

    review = fetching.review_fetch_incomes(review)

    assert _records(review) == sorted(
        [
            (Subject.CLIENT, IncomeSource.INCOMES_REGISTER, IncomeKind.PENSION,
             "Keskinäinen Eläkevakuutusyhtiö Ilmarinen", Decimal("1900.00"), Decimal("1482.00")),
            (Subject.CLIENT, IncomeSource.INCOMES_REGISTER,
             IncomeKind.PENSIONERS_CARE_ALLOWANCE, "Kela", Decimal("179.21"), Decimal("179.21")),
            (Subject.CLIENT, IncomeSource.TAX, IncomeKind.CAPITAL, "",
             Decimal("100.00"), Decimal("70.00")),
            # 7 200 € a year: 7 200 / 12 × 0.9 = 540 € a month, taxed at 30 %.
            (Subject.CLIENT, IncomeSource.TAX, IncomeKind.FOREST, "",
             Decimal("540.00"), Decimal("378.00")),
        ]
    )  # fmt: skip
    assert review.family_size == 1
    assert review.household["spouse"] is None


def test_family_size_counts_children_under_18_in_the_household(registry_simulators, db):
    review = _client_review("tiina", TIINA_ID)

    review = fetching.review_fetch_incomes(review)

    # Tiina and her two children under 18; her adult son in the household does not count.
    assert review.family_size == 3
    assert [(m["name"], m["relation"], m["age"]) for m in review.household["members"]] == [
        ("Ella Toivonen", "child", 14),
        ("Onni Toivonen", "child", 10),
        ("Eetu Toivonen", "other", 23),
    ]
    assert _records(review) == [
        (Subject.CLIENT, IncomeSource.INCOMES_REGISTER, IncomeKind.EARNED, "Helsingin kaupunki",
         Decimal("2850.00"), Decimal("2000.69")),
    ]  # fmt: skip


def test_fetching_again_replaces_the_fetched_records(
    registry_simulators, fee_review, fee_client_person, fee_official
):
    _consent(fee_review, fee_client_person)
    fetching.review_fetch_incomes(fee_review, actor=fee_official)
    first_records = _records(fee_review)
    first_ids = set(IncomeRecord.objects.values_list("pk", flat=True))

    fetching.review_fetch_incomes(fee_review, actor=fee_official)

    assert _records(fee_review) == first_records
    assert not first_ids & set(IncomeRecord.objects.values_list("pk", flat=True))
    # Both fetches stay in the audit trail.
    assert RegistryQuery.objects.filter(review=fee_review).count() == 10


def test_a_corrected_record_survives_a_new_fetch(
    registry_simulators, fee_review, fee_client_person, fee_official
):
    _consent(fee_review, fee_client_person)
    fetching.review_fetch_incomes(fee_review, actor=fee_official)
    pension = IncomeRecord.objects.get(review=fee_review, payer=VARMA)
    IncomeCorrection.objects.create(
        record=pension,
        old_gross_monthly=pension.gross_monthly,
        old_net_monthly=pension.net_monthly,
        new_gross_monthly=Decimal("1520.00"),
        new_net_monthly=Decimal("1246.40"),
        reason="Pension raised in November (decision seen).",
        corrected_by=fee_official,
    )
    IncomeRecord.objects.filter(pk=pension.pk).update(
        gross_monthly=Decimal("1520.00"), net_monthly=Decimal("1246.40")
    )

    fetching.review_fetch_incomes(fee_review, actor=fee_official)

    varma = IncomeRecord.objects.filter(review=fee_review, payer=VARMA)
    assert [(r.pk, r.gross_monthly) for r in varma] == [(pension.pk, Decimal("1520.00"))]
    assert IncomeRecord.objects.filter(review=fee_review).count() == 5


# --- Registry failures --------------------------------------------------------------------------


def test_registry_errors_are_recorded_with_a_clear_message(
    registry_simulators, fee_review, fee_client_person, fee_official
):
    _consent(fee_review, fee_client_person)
    registry_simulators.tax.statuses[EINO_ID] = 404

    review = fetching.review_fetch_incomes(fee_review, actor=fee_official)

    failed = RegistryQuery.objects.get(review=review, ok=False)
    assert (failed.registry, failed.subject, failed.attempts) == (Registry.TAX, Subject.CLIENT, 1)
    assert failed.error == "The Tax Administration does not know this person (HTTP 404)."
    # A permanent error is not retried.
    assert [r["national_id"] for r in registry_simulators.tax.requests] == [EINO_ID, ELSA_ID]
    assert not IncomeRecord.objects.filter(review=review, subject=Subject.CLIENT, source="tax")
    assert RegistryQuery.objects.filter(review=review, ok=True).count() == 4


def test_a_failed_registry_keeps_the_records_of_the_earlier_fetch(
    registry_simulators, fee_review, fee_client_person, fee_official
):
    _consent(fee_review, fee_client_person)
    fetching.review_fetch_incomes(fee_review, actor=fee_official)
    before = _records(fee_review)
    registry_simulators.incomes.statuses[EINO_ID] = 503

    fetching.review_fetch_incomes(fee_review, actor=fee_official)

    assert _records(fee_review) == before
    failed = RegistryQuery.objects.get(review=fee_review, ok=False)
    assert failed.error == (
        "The Incomes Register is temporarily unavailable (HTTP 503); tried 3 times."
    )
    assert failed.attempts == 3


def test_a_503_is_retried_and_the_fetch_succeeds(
    registry_simulators, fee_review, fee_client_person, settings
):
    settings.REGISTRY_RETRIES = 2
    _consent(fee_review, fee_client_person)
    registry_simulators.incomes.fail_next = 1

    fetching.review_fetch_incomes(fee_review)

    query = RegistryQuery.objects.get(
        review=fee_review, registry=Registry.INCOMES_REGISTER, subject=Subject.CLIENT
    )
    assert (query.ok, query.attempts, query.error) == (True, 2, "")
    assert IncomeRecord.objects.filter(review=fee_review, subject=Subject.CLIENT).count() == 3


def test_a_registry_slower_than_the_timeout_is_reported(
    registry_simulators, fee_review, fee_client_person, settings
):
    settings.REGISTRY_TIMEOUT_SECONDS = 0.3
    settings.REGISTRY_RETRIES = 0
    _consent(fee_review, fee_client_person)
    registry_simulators.population.latency_ms = 800

    review = fetching.review_fetch_incomes(fee_review)

    failed = RegistryQuery.objects.get(review=review, ok=False)
    assert failed.registry == Registry.POPULATION
    assert failed.error == "The Population Information System did not answer in 0.3 seconds."
    assert failed.duration_ms >= 300
    # Without the population register's answer the spouse stays unknown.
    assert review.family_size is None
    assert {q.subject for q in RegistryQuery.objects.filter(review=review)} == {Subject.CLIENT}


def test_an_unknown_person_fails_in_every_registry(registry_simulators, db):
    review = _client_review("tuntematon", UNKNOWN_PERSON_ID)

    fetching.review_fetch_incomes(review)

    assert sorted(
        (q.registry, q.ok, q.error) for q in RegistryQuery.objects.filter(review=review)
    ) == [
        (Registry.INCOMES_REGISTER, False,
         "The Incomes Register does not know this person (HTTP 404)."),
        (Registry.POPULATION, False,
         "The Population Information System does not know this person (HTTP 404)."),
        (Registry.TAX, False, "The Tax Administration does not know this person (HTTP 404)."),
    ]  # fmt: skip
    assert not IncomeRecord.objects.filter(review=review).exists()
