"""Grant reports: read-only figures over cases and payments (docs/reports.md defines each one).

The year of a figure is the year the application was first sent (``Case.submitted_at`` in the
city's time zone, Europe/Helsinki). For the cases of that year:

- *applied* is the requested amount of every sent application (withdrawn ones included: they were
  applied for);
- *granted* is the granted amount of final positive decisions: status decided or closed with an
  approved or partially approved outcome (a board's pending proposal is not final);
- *paid* is the sum of the cases' payments with status paid, whenever they were paid.

Every table is one GROUP BY query over the cases and one over the paid payments (joined to their
cases), whatever the number of rows: the payments cannot be joined into the cases' query, as a
case with several instalments would count its applied amount several times. The per-applicant
table is paged in the database and only the page's applicants' payments are summed.
"""

import dataclasses
import datetime
import math
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DecimalField,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models import (
    Case as Conditional,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.accounts.models import ApplicantOrganisation, User
from asiointi.cases.constants import CaseStatus, DecisionOutcome
from asiointi.cases.models import Case
from asiointi.common.i18n import pick
from asiointi.payments.constants import PaymentStatus
from asiointi.payments.models import Payment

GROUPINGS = ("department", "service", "applicant")
ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)

FINAL_STATUSES = (CaseStatus.DECIDED, CaseStatus.CLOSED)
GRANTING_OUTCOMES = (DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED)
GRANTED = Q(status__in=FINAL_STATUSES, decision_outcome__in=GRANTING_OUTCOMES)


@dataclasses.dataclass(frozen=True)
class GrantRow:
    key: str  # stable identifier: department/service code, Y-tunnus, or "person:<id>"
    name: str
    applications: int
    applied: Decimal
    granted_count: int
    granted: Decimal
    paid: Decimal


@dataclasses.dataclass(frozen=True)
class GrantReport:
    year: int
    by: str
    rows: list[GrantRow]
    total: GrantRow
    page: int = 1
    has_next: bool = False


@dataclasses.dataclass(frozen=True)
class ProcessingTimeRow:
    key: str
    name: str
    decided: int
    median_days: float | None
    p90_days: float | None


def _year_cases(year: int) -> QuerySet:
    # ``submitted_at__year`` becomes a range on the column in the current time zone, so the
    # report indexes on submitted_at serve it.
    return Case.objects.grants().filter(submitted_at__year=year)


def _paid_payments(year: int) -> QuerySet:
    return Payment.objects.filter(status=PaymentStatus.PAID, case__submitted_at__year=year)


def _paid_by(year: int, *fields: str, **filters) -> dict[tuple, Decimal]:
    """Paid euros per group: ``fields`` are the case's grouping columns, seen from a payment."""
    payments = (
        _paid_payments(year)
        .filter(**filters)
        .order_by()
        .values_list(*fields)
        .annotate(total=Sum("amount"))
    )
    return {tuple(values[:-1]): values[-1] for values in payments}


def _case_sums() -> dict:
    return {
        "applications": Count("submitted_at"),  # in the report index, unlike the pk
        "applied": Coalesce(Sum("requested_amount"), Value(ZERO), output_field=MONEY),
        "granted_count": Count("submitted_at", filter=GRANTED),
        "granted": Coalesce(Sum("granted_amount", filter=GRANTED), Value(ZERO), output_field=MONEY),
    }


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _row(values: dict, key: str, name: str, paid=None) -> GrantRow:
    return GrantRow(
        key=key,
        name=name,
        applications=values["applications"],
        applied=_money(values["applied"]),
        granted_count=values["granted_count"],
        granted=_money(values["granted"]),
        paid=_money(paid if paid is not None else values.get("paid")),
    )


def _named(values: dict, prefix: str) -> str:
    return pick({lang: values[f"{prefix}__name_{lang}"] for lang in ("fi", "sv", "en")})


def _total(rows: list[GrantRow]) -> GrantRow:
    return GrantRow(
        key="total",
        name=_("Total"),
        applications=sum(row.applications for row in rows),
        applied=sum((row.applied for row in rows), ZERO),
        granted_count=sum(row.granted_count for row in rows),
        granted=sum((row.granted for row in rows), ZERO),
        paid=sum((row.paid for row in rows), ZERO),
    )


def _by_catalogue(year: int, field: str) -> list[GrantRow]:
    """Per department or per service: few groups, so all of them, ordered by code."""
    names = [f"{field}__name_{lang}" for lang in ("fi", "sv", "en")]
    groups = (
        _year_cases(year)
        .order_by()
        .values(f"{field}_id", f"{field}__code", *names)
        .annotate(**_case_sums())
        .order_by(f"{field}__code")
    )
    paid = _paid_by(year, f"case__{field}_id")
    return [
        _row(
            group,
            group[f"{field}__code"],
            _named(group, field),
            paid.get((group[f"{field}_id"],), ZERO),
        )
        for group in groups
    ]


def _applicant_groups(year: int) -> QuerySet:
    """One group per organisation (its Y-tunnus) and one per person applying for themselves."""
    person = Conditional(
        When(organisation__isnull=True, then=F("applicant_id")),
        default=None,
        output_field=IntegerField(),
    )
    return (
        _year_cases(year)
        .order_by()
        .annotate(person_id=person)
        .values("organisation_id", "person_id")
        .annotate(**_case_sums())
        .order_by("-granted", "-applied", "organisation_id", "person_id")
    )


def _name_applicants(year: int, groups: list[dict]) -> list[GrantRow]:
    organisations = ApplicantOrganisation.objects.in_bulk(
        [group["organisation_id"] for group in groups if group["organisation_id"]]
    )
    people = User.objects.in_bulk([group["person_id"] for group in groups if group["person_id"]])
    paid_by_organisation = _paid_by(
        year, "case__organisation_id", case__organisation_id__in=list(organisations)
    )
    paid_by_person = _paid_by(
        year,
        "case__applicant_id",
        case__organisation__isnull=True,
        case__applicant_id__in=list(people),
    )
    rows = []
    for group in groups:
        if group["organisation_id"]:
            organisation = organisations[group["organisation_id"]]
            key, name = organisation.business_id, organisation.name
            paid = paid_by_organisation.get((organisation.pk,), ZERO)
        else:
            key, name = f"person:{group['person_id']}", people[group["person_id"]].display_name
            paid = paid_by_person.get((group["person_id"],), ZERO)
        rows.append(_row(group, key, name, paid))
    return rows


def _year_total(year: int) -> GrantRow:
    values = _year_cases(year).aggregate(**_case_sums())
    values["paid"] = _paid_payments(year).aggregate(total=Sum("amount"))["total"]
    return _row(values, "total", _("Total"))


def grant_report(*, year: int, by: str, page: int = 1, page_size: int | None = None) -> GrantReport:
    """Applied, granted and paid euros of the applications sent in ``year``, grouped ``by``.

    ``page_size`` pages the per-applicant table (largest grants first); ``None`` gives every row
    (the downloads and the command).
    """
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    if by in ("department", "service"):
        rows = _by_catalogue(year, by)
        return GrantReport(year=year, by=by, rows=rows, total=_total(rows))
    groups = _applicant_groups(year)
    has_next = False
    if page_size is not None:
        start = (page - 1) * page_size
        groups = list(groups[start : start + page_size + 1])
        has_next = len(groups) > page_size
        groups = groups[:page_size]
        total = _year_total(year)
    else:
        groups = list(groups)
    rows = _name_applicants(year, groups)
    if page_size is None:
        total = _total(rows)
    return GrantReport(year=year, by=by, rows=rows, total=total, page=page, has_next=has_next)


def report_years() -> list[int]:
    """From the first to the last year with sent applications, newest first (for the year
    selector); the current year when there are none. Two ends of the submitted_at index."""
    span = Case.objects.grants().aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    if span["first"] is None:
        return [timezone.localdate().year]
    first = timezone.localtime(span["first"]).year
    last = max(timezone.localtime(span["last"]).year, timezone.localdate().year)
    return list(range(last, first - 1, -1))


# Processing time: received (first sent) → decided, for final decisions of either outcome.


class _PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate ``percentile_cont(f) WITHIN GROUP (ORDER BY x)``."""

    function = "percentile_cont"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class _EpochSeconds(Func):
    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    output_field = FloatField()


SECONDS_PER_DAY = 86400


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """The same interpolation as PostgreSQL's percentile_cont, over an unsorted list."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower = math.floor(position)
    upper = math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / SECONDS_PER_DAY, 1)


def _decided_cases(year: int) -> QuerySet:
    return _year_cases(year).filter(status__in=FINAL_STATUSES, decided_at__isnull=False)


def processing_times(*, year: int, by: str) -> list[ProcessingTimeRow]:
    """Median and 90th percentile of received → decided, in days, per department or service.

    PostgreSQL computes the percentiles in the database; other engines (SQLite) read the
    durations and interpolate the same way in Python.
    """
    if by not in ("department", "service"):
        raise ValueError(f"unknown grouping {by!r}")
    names = [f"{by}__name_{lang}" for lang in ("fi", "sv", "en")]
    group_fields = (f"{by}_id", f"{by}__code", *names)
    cases = _decided_cases(year).order_by()
    if connection.vendor == "postgresql":
        duration = _EpochSeconds(F("decided_at") - F("submitted_at"))
        groups = (
            cases.values(*group_fields)
            .annotate(
                decided=Count("decided_at"),
                median=_PercentileCont(duration, fraction=0.5),
                p90=_PercentileCont(duration, fraction=0.9),
            )
            .order_by(f"{by}__code")
        )
        return [
            ProcessingTimeRow(
                key=group[f"{by}__code"],
                name=_named(group, by),
                decided=group["decided"],
                median_days=_days(group["median"]),
                p90_days=_days(group["p90"]),
            )
            for group in groups
        ]
    durations: dict[str, list[float]] = defaultdict(list)
    labels: dict[str, str] = {}
    for values in cases.values(*group_fields, "submitted_at", "decided_at"):
        code = values[f"{by}__code"]
        labels[code] = _named(values, by)
        elapsed: datetime.timedelta = values["decided_at"] - values["submitted_at"]
        durations[code].append(elapsed.total_seconds())
    return [
        ProcessingTimeRow(
            key=code,
            name=labels[code],
            decided=len(durations[code]),
            median_days=_days(percentile_cont(durations[code], 0.5)),
            p90_days=_days(percentile_cont(durations[code], 0.9)),
        )
        for code in sorted(durations)
    ]
