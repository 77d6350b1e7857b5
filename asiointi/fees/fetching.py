"""Fetching a review's incomes from the national registries, on the client's consent.

Three steps, so that no HTTP call ever runs inside a database transaction and the annual batch
can run the slow middle step in worker threads:

1. ``review_plan_fetch(review)`` reads the consent in force and what to ask (no consent:
   ``ConsentMissing`` and no request at all);
2. ``incomes_collect(plan, clients)`` asks the registries the consent covers: the Population
   Information System first (the spouse and the household), then the client's and the spouse's
   incomes from the Incomes Register (the 12 full months before the fee period) and the Tax
   Administration (the latest assessment). HTTP only, no database;
3. ``incomes_store(collected)`` writes, in one transaction, an audit row per query
   (``RegistryQuery``, ok or not), the income records (replacing those of an earlier fetch) and
   the household. It checks the consent again: withdrawn meanwhile, nothing is stored.
"""

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.common.errors import DomainError, TransitionNotAllowed
from asiointi.fees.consents import valid_consent
from asiointi.fees.constants import CENT, IncomeKind, IncomeSource, Registry, ReviewStatus, Subject
from asiointi.fees.models import IncomeRecord, IncomeReview, RegistryQuery
from asiointi.fees.registries import CallStats, RegistryError, registry_clients
from asiointi.fees.review_lock import lock_review

MONTHS_OF_INCOME = 12
# Capital income is taxed at 30 % (up to 30 000 € a year): the net figure long-term care uses.
CAPITAL_NET_SHARE = Decimal("0.70")
# Forest income: the annual figure / 12, less 10 % (one city's practice; docs/fees.md,
# “Income determination”).
FOREST_SHARE = Decimal("0.9")
ADULT_AGE = 18
ERROR_MAX_LENGTH = 300


class ConsentMissing(DomainError):
    """No valid consent covers the fetch: no registry was (or will be) asked."""


def _consent_missing() -> ConsentMissing:
    return ConsentMissing(
        _("The client has no valid consent to fetch income data; no registry was queried.")
    )


def _add_months(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass
class FetchPlan:
    review_id: int
    consent_id: int
    client_id: str  # the client's personal identity code
    registries: list[str]
    period_start: datetime.date  # the first month of incomes asked for
    period_end: datetime.date  # the last day of the last month asked for
    fee_period_start: datetime.date | None = None  # the review's; children's ages are on it

    @property
    def first_month(self) -> datetime.date:
        return self.period_start

    @property
    def last_month(self) -> datetime.date:
        return self.period_end.replace(day=1)


@dataclass
class CallResult:
    registry: str
    subject: str
    national_id: str
    at: datetime.datetime
    ok: bool
    data: object = None
    error: str = ""
    attempts: int = 1
    duration_ms: int = 0


@dataclass
class Collected:
    plan: FetchPlan
    # (registry, subject) → CallResult
    results: dict = field(default_factory=dict)


def _income_window(period_start: datetime.date, today: datetime.date) -> tuple:
    """The 12 full months before the fee period, but never a month not yet over: a review made
    ahead of time uses the latest complete months."""
    last = min(_add_months(period_start.replace(day=1), -1), _add_months(today.replace(day=1), -1))
    first = _add_months(last, -(MONTHS_OF_INCOME - 1))
    return first, _add_months(last, 1) - datetime.timedelta(days=1)


def review_plan_fetch(review: IncomeReview) -> FetchPlan:
    """What to ask, on which consent. Raises ``ConsentMissing`` when no valid consent exists."""
    review = IncomeReview.objects.select_related("client__person").get(pk=review.pk)
    if review.status == ReviewStatus.DECIDED:
        raise TransitionNotAllowed(_("The review is decided: its incomes can no longer change."))
    consent = valid_consent(review)
    if consent is None:
        raise _consent_missing()
    national_id = review.client.person.national_id
    if not national_id:
        raise DomainError(_("The client has no personal identity code to query the registries."))
    first, last = _income_window(review.period_start, timezone.localdate())
    return FetchPlan(
        review_id=review.pk,
        consent_id=consent.pk,
        client_id=national_id,
        registries=[name for name in Registry.values if name in consent.registries],
        period_start=first,
        period_end=last,
        fee_period_start=review.period_start,
    )


def _call(registry: str, subject: str, national_id: str, function, *args) -> CallResult:
    stats = CallStats()
    at = timezone.now()
    started = time.monotonic()
    try:
        data, ok, error = function(*args, stats=stats), True, ""
    except RegistryError as failure:
        data, ok, error = None, False, failure.message
        stats.attempts = max(stats.attempts, failure.attempts)
    return CallResult(
        registry=registry,
        subject=subject,
        national_id=national_id,
        at=at,
        ok=ok,
        data=data,
        error=error[:ERROR_MAX_LENGTH],
        attempts=max(stats.attempts, 1),
        duration_ms=round((time.monotonic() - started) * 1000),
    )


def incomes_collect(plan: FetchPlan, clients: dict) -> Collected:
    """Ask the registries the consent covers. HTTP only: no database access (the batch runs
    this in worker threads). A failing registry is recorded in the result, not raised."""
    collected = Collected(plan=plan)
    subjects = [(Subject.CLIENT, plan.client_id)]
    if Registry.POPULATION in plan.registries:
        result = _call(
            Registry.POPULATION,
            Subject.CLIENT,
            plan.client_id,
            clients[Registry.POPULATION].person,
            plan.client_id,
        )
        collected.results[(Registry.POPULATION, Subject.CLIENT)] = result
        if result.ok and result.data.spouse is not None:
            subjects.append((Subject.SPOUSE, result.data.spouse.national_id))
    for subject, national_id in subjects:
        if Registry.INCOMES_REGISTER in plan.registries:
            collected.results[(Registry.INCOMES_REGISTER, subject)] = _call(
                Registry.INCOMES_REGISTER,
                subject,
                national_id,
                clients[Registry.INCOMES_REGISTER].monthly_incomes,
                national_id,
                plan.first_month,
                plan.last_month,
            )
        if Registry.TAX in plan.registries:
            collected.results[(Registry.TAX, subject)] = _call(
                Registry.TAX,
                subject,
                national_id,
                clients[Registry.TAX].latest_assessment,
                national_id,
            )
    return collected


# --- Storing ------------------------------------------------------------------------------------


def _monthly(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def _incomes_register_records(result: CallResult, plan: FetchPlan) -> list[dict]:
    """One record per (kind, payer): the average month over the whole window (months without a
    payment count as zero: "the average month of the past year"; docs/fees.md, “Income
    determination”)."""
    months: dict = defaultdict(lambda: defaultdict(lambda: [Decimal(0), Decimal(0), set()]))
    for income in result.data:
        month = months[(income.kind, income.payer)][income.month]
        month[0] += income.gross
        month[1] += income.net
        if income.income_type:
            month[2].add(income.income_type)
    records = []
    for (kind, payer), by_month in sorted(months.items()):
        gross = sum((values[0] for values in by_month.values()), Decimal(0))
        net = sum((values[1] for values in by_month.values()), Decimal(0))
        records.append(
            {
                "kind": kind,
                "payer": payer,
                "period_start": plan.period_start,
                "period_end": plan.period_end,
                "gross_monthly": _monthly(gross / MONTHS_OF_INCOME),
                "net_monthly": _monthly(net / MONTHS_OF_INCOME),
                "details": {
                    "months": [
                        {
                            "month": f"{month:%Y-%m}",
                            "gross": str(values[0]),
                            "net": str(values[1]),
                            "income_types": sorted(values[2]),
                        }
                        for month, values in sorted(by_month.items())
                    ],
                    "months_averaged": MONTHS_OF_INCOME,
                },
            }
        )
    return records


def _tax_records(result: CallResult) -> list[dict]:
    assessment = result.data
    if assessment is None:
        return []
    common = {
        "payer": "",
        "period_start": datetime.date(assessment.year, 1, 1),
        "period_end": datetime.date(assessment.year, 12, 31),
    }
    records = []
    if assessment.capital_income > 0:
        gross = _monthly(assessment.capital_income / 12)
        records.append(
            {
                **common,
                "kind": IncomeKind.CAPITAL,
                "gross_monthly": gross,
                "net_monthly": _monthly(gross * CAPITAL_NET_SHARE),
                "details": {
                    "tax_year": assessment.year,
                    "annual": str(assessment.capital_income),
                    "items": [
                        {"code": code, "amount": str(amount)}
                        for code, amount in assessment.capital_items
                    ],
                },
            }
        )
    if assessment.forest_income > 0:
        gross = _monthly(assessment.forest_income / 12 * FOREST_SHARE)
        records.append(
            {
                **common,
                "kind": IncomeKind.FOREST,
                "gross_monthly": gross,
                # Forest income is capital income: taxed at 30 % like the rest.
                "net_monthly": _monthly(gross * CAPITAL_NET_SHARE),
                "details": {"tax_year": assessment.year, "annual": str(assessment.forest_income)},
            }
        )
    if assessment.other_income > 0:
        gross = _monthly(assessment.other_income / 12)
        records.append(
            {
                **common,
                "kind": IncomeKind.OTHER_TAXABLE,
                "gross_monthly": gross,
                # Taxed at the person's own rate, which the assessment does not tell: net =
                # gross until the official corrects it.
                "net_monthly": gross,
                "details": {"tax_year": assessment.year, "annual": str(assessment.other_income)},
            }
        )
    return records


def _household(record, fee_period_start: datetime.date) -> tuple[dict, int]:
    """The household as stored on the review, and the family size: the client, the spouse
    living in the same household and the children under 18 in it."""
    members = [
        {
            "national_id": member.national_id,
            "name": member.name,
            "birth_date": member.birth_date.isoformat(),
            "relation": member.relation,
            "age": member.age_on(fee_period_start),
        }
        for member in record.household
    ]
    spouse = record.spouse
    household = {
        "name": record.name,
        "address": record.address,
        "spouse": None
        if spouse is None
        else {
            "national_id": spouse.national_id,
            "name": spouse.name,
            "birth_date": spouse.birth_date.isoformat(),
            "lives_with_client": any(
                member["national_id"] == spouse.national_id for member in members
            ),
        },
        "members": members,
    }
    size = 1 + sum(
        1
        for member in members
        if member["relation"] == "spouse"
        or (member["relation"] == "child" and member["age"] < ADULT_AGE)
    )
    return household, size


def incomes_store(collected: Collected, *, actor=None, run=None) -> IncomeReview:
    """Write what ``incomes_collect`` found, in one transaction (see the module docstring).

    Records fetched earlier from a registry that answered now are replaced; a registry that
    failed now leaves its earlier records as they were. A fetched record an official has
    corrected is kept (with its audited correction) instead of being replaced.
    """
    plan = collected.plan
    with transaction.atomic():
        review = lock_review(plan.review_id)
        if review.status == ReviewStatus.DECIDED:
            raise TransitionNotAllowed(
                _("The review is decided: its incomes can no longer change.")
            )
        consent = valid_consent(review)
        # Withdrawn (or replaced by a new consent) while the registries were being asked.
        if consent is None or consent.pk != plan.consent_id:
            raise _consent_missing()
        now = timezone.now()
        fee_period_start = plan.fee_period_start or review.period_start
        update_fields = ["updated_at"]
        for (registry, subject), result in collected.results.items():
            query = RegistryQuery.objects.create(
                review=review,
                consent=consent,
                registry=registry,
                subject=subject,
                at=result.at,
                ok=result.ok,
                error=result.error,
                attempts=result.attempts,
                duration_ms=result.duration_ms,
                requested_by=actor,
                run=run,
            )
            if not result.ok:
                continue
            if registry == Registry.POPULATION:
                review.household, review.family_size = _household(result.data, fee_period_start)
                review.household_fetched_at = now
                update_fields += ["household", "family_size", "household_fetched_at"]
                continue
            rows = (
                _incomes_register_records(result, plan)
                if registry == Registry.INCOMES_REGISTER
                else _tax_records(result)
            )
            _replace_records(review, query, registry, subject, rows, actor=actor, now=now)
        review.save(update_fields=update_fields)
    return review


def _replace_records(review, query, registry, subject, rows, *, actor, now) -> None:
    source = IncomeSource(registry)  # the registries' sources share their values
    earlier = IncomeRecord.objects.filter(review=review, source=source, subject=subject)
    corrected = set(
        earlier.filter(corrections__isnull=False).values_list("kind", "payer").distinct()
    )
    earlier.filter(corrections__isnull=True).delete()
    IncomeRecord.objects.bulk_create(
        IncomeRecord(
            review=review,
            subject=subject,
            source=source,
            kind=row["kind"],
            payer=row["payer"],
            period_start=row["period_start"],
            period_end=row["period_end"],
            gross_monthly=row["gross_monthly"],
            net_monthly=row["net_monthly"],
            original_gross_monthly=row["gross_monthly"],
            original_net_monthly=row["net_monthly"],
            details=row["details"],
            recorded_at=now,
            recorded_by=actor,
            query=query,
        )
        for row in rows
        if (row["kind"], row["payer"]) not in corrected
    )


def review_fetch_incomes(
    review: IncomeReview, *, actor=None, run=None, clients: dict | None = None
) -> IncomeReview:
    """Plan, collect and store: the whole fetch for one review (staff's "Fetch incomes")."""
    plan = review_plan_fetch(review)
    collected = incomes_collect(plan, clients if clients is not None else registry_clients())
    return incomes_store(collected, actor=actor, run=run)
