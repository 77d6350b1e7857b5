"""Feedback statistics: how fast the city reacts and answers, per department or service.

Definitions (docs/feedback-reminders-and-statistics.md):

- the period selects feedback by its arrival (``received_at``, in the city's time zone, both
  ends included);
- *reaction time* is received → first reaction, *answer time* received → answered, over the
  feedback that has one; median, mean and 90th percentile in hours;
- the *promise* is the service's ``feedback_promise_days`` (7 days for feedback without a
  service). Among feedback whose sender wanted a reply, the share answered within the promise is
  answered within it / (answered, or still open with the promise passed). Feedback closed or
  forwarded to case management without an answer has no answer to be late and is left out;
- a *late answer* is such feedback answered after its promise, or still open past it.

Everything is aggregated in the database: one GROUP BY query for the groups and one for the
total (plus, on SQLite, one reading the durations for the percentiles, which SQLite cannot
compute), and the late list is counted and read a page at a time. PostgreSQL computes the
percentiles with ``percentile_cont``; on SQLite the same interpolation runs in Python
(``asiointi.reports.selectors.percentile_cont``), so both give the same figures.
"""

import dataclasses
import datetime
import math
from collections import defaultdict

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from asiointi.common.i18n import pick
from asiointi.feedback.constants import OPEN_STATUSES
from asiointi.feedback.models import Feedback, format_request_id
from asiointi.reports.selectors import _PercentileCont, percentile_cont

GROUPINGS = ("department", "service")
DEFAULT_PROMISE_DAYS = 7
SECONDS_PER_HOUR = 3600
SECONDS_PER_DAY = 86400
NO_GROUP = ""  # the key of feedback without a department (triage) or without a service


class Seconds(Func):
    """Seconds from the second expression to the first (NULL when either is NULL).

    SQLite's julianday is a float of days; rounding to milliseconds keeps a duration of exactly
    seven days exactly 604800 seconds, as PostgreSQL's EXTRACT(EPOCH) gives it."""

    arity = 2
    output_field = FloatField()
    arg_joiner = " - "
    template = "CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="ROUND((julianday(%(expressions)s)) * 86400.0, 3)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


@dataclasses.dataclass(frozen=True)
class Times:
    """Median, mean and 90th percentile in hours (None when nothing to measure)."""

    median: float | None
    mean: float | None
    p90: float | None


@dataclasses.dataclass(frozen=True)
class GroupFigures:
    key: str
    name: str
    received: int
    answered: int
    reaction: Times
    answer: Times
    promise_due: int  # reply wanted, and answered or open past the promise
    within_promise: int  # of those, answered within the promise

    @property
    def within_promise_percent(self) -> float | None:
        if not self.promise_due:
            return None
        return round(100 * self.within_promise / self.promise_due, 1)


@dataclasses.dataclass(frozen=True)
class Statistics:
    start: datetime.date
    end: datetime.date
    by: str
    groups: list[GroupFigures]
    total: GroupFigures


@dataclasses.dataclass(frozen=True)
class LateAnswer:
    feedback_id: int
    number: str
    service: str
    department: str
    department_id: int | None
    received_at: datetime.datetime
    answered_at: datetime.datetime | None
    days_late: int


def _bounds(start: datetime.date, end: datetime.date) -> tuple:
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    return since, until.replace(tzinfo=zone)


def _period(start: datetime.date, end: datetime.date, now: datetime.datetime) -> QuerySet:
    since, until = _bounds(start, end)
    promise_days = Coalesce(F("service__feedback_promise_days"), Value(DEFAULT_PROMISE_DAYS))
    return Feedback.objects.filter(received_at__gte=since, received_at__lt=until).annotate(
        reaction_s=Seconds("first_reaction_at", "received_at"),
        answer_s=Seconds("answered_at", "received_at"),
        age_s=Seconds(Value(now, output_field=DateTimeField()), "received_at"),
        promise_s=ExpressionWrapper(
            promise_days * Value(SECONDS_PER_DAY), output_field=IntegerField()
        ),
    )


_OPEN_PAST_PROMISE = Q(answered_at__isnull=True, status__in=OPEN_STATUSES, age_s__gt=F("promise_s"))
PROMISE_DUE = Q(reply_wanted=True) & (Q(answered_at__isnull=False) | _OPEN_PAST_PROMISE)
WITHIN_PROMISE = Q(reply_wanted=True, answer_s__lte=F("promise_s"))
LATE = Q(reply_wanted=True) & (Q(answer_s__gt=F("promise_s")) | _OPEN_PAST_PROMISE)


def _sums() -> dict:
    sums = {
        "received": Count("id"),
        "answered": Count("answered_at"),
        "promise_due": Count("id", filter=PROMISE_DUE),
        "within_promise": Count("id", filter=WITHIN_PROMISE),
        "reaction_mean": Avg("reaction_s"),
        "answer_mean": Avg("answer_s"),
    }
    if connection.vendor == "postgresql":
        # percentile_cont skips NULLs: the feedback without a reaction or answer yet.
        for measure in ("reaction", "answer"):
            sums[f"{measure}_median"] = _PercentileCont(F(f"{measure}_s"), fraction=0.5)
            sums[f"{measure}_p90"] = _PercentileCont(F(f"{measure}_s"), fraction=0.9)
    return sums


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / SECONDS_PER_HOUR, 2)


def _times(values: dict, measure: str) -> Times:
    return Times(
        median=_hours(values[f"{measure}_median"]),
        mean=_hours(values[f"{measure}_mean"]),
        p90=_hours(values[f"{measure}_p90"]),
    )


def _figures(values: dict, key: str, name: str) -> GroupFigures:
    return GroupFigures(
        key=key,
        name=name,
        received=values["received"],
        answered=values["answered"],
        reaction=_times(values, "reaction"),
        answer=_times(values, "answer"),
        promise_due=values["promise_due"],
        within_promise=values["within_promise"],
    )


_TOTAL = object()  # the key of the whole period's durations (None is the group without one)


def _python_percentiles(feedback: QuerySet, group_field: str) -> dict:
    """SQLite: the durations of the period read once, the percentiles per group and in total."""
    durations: dict = defaultdict(lambda: {"reaction": [], "answer": []})
    rows = feedback.filter(Q(first_reaction_at__isnull=False) | Q(answered_at__isnull=False))
    for group, reaction, answer in rows.order_by().values_list(
        group_field, "reaction_s", "answer_s"
    ):
        for key in (group, _TOTAL):
            if reaction is not None:
                durations[key]["reaction"].append(reaction)
            if answer is not None:
                durations[key]["answer"].append(answer)
    result = defaultdict(dict)
    for key, measures in durations.items():
        for measure, values in measures.items():
            result[key][f"{measure}_median"] = percentile_cont(values, 0.5)
            result[key][f"{measure}_p90"] = percentile_cont(values, 0.9)
    return result


def _no_group_name(by: str) -> str:
    if by == "department":
        return _("Central triage (not routed yet)")
    return _("No service chosen")


def _name(values: dict, by: str) -> str:
    if values[f"{by}__code"] is None:
        return _no_group_name(by)
    return pick({lang: values[f"{by}__name_{lang}"] for lang in ("fi", "sv", "en")})


def feedback_statistics(
    *, start: datetime.date, end: datetime.date, by: str, now: datetime.datetime | None = None
) -> Statistics:
    """The figures of feedback received from ``start`` to ``end`` (inclusive), per ``by``."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    now = now or timezone.now()
    feedback = _period(start, end, now)
    names = [f"{by}__name_{lang}" for lang in ("fi", "sv", "en")]
    groups = list(feedback.order_by().values(f"{by}_id", f"{by}__code", *names).annotate(**_sums()))
    total = feedback.order_by().aggregate(**_sums())
    if connection.vendor != "postgresql":
        empty = dict.fromkeys(("reaction_median", "reaction_p90", "answer_median", "answer_p90"))
        percentiles = _python_percentiles(feedback, f"{by}_id")
        for values in groups:
            values.update(empty | percentiles.get(values[f"{by}_id"], {}))
        total.update(empty | percentiles.get(_TOTAL, {}))
    rows = [
        _figures(values, values[f"{by}__code"] or NO_GROUP, _name(values, by)) for values in groups
    ]
    # By code; the feedback without a department or service last.
    rows.sort(key=lambda row: (row.key == NO_GROUP, row.key))
    return Statistics(
        start=start,
        end=end,
        by=by,
        groups=rows,
        total=_figures(total, "total", _("Total")),
    )


def late_answers(
    *,
    start: datetime.date,
    end: datetime.date,
    now: datetime.datetime | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[LateAnswer], int]:
    """One page of the late answers (oldest first) and how many there are in all."""
    now = now or timezone.now()
    late = _period(start, end, now).filter(LATE)
    total = late.count()
    rows = late.order_by("received_at", "id").values(
        "id",
        "received_at",
        "answered_at",
        "department_id",
        "service__name_fi",
        "service__name_sv",
        "service__name_en",
        "department__name_fi",
        "department__name_sv",
        "department__name_en",
        elapsed=Coalesce("answer_s", "age_s"),
        promise=F("promise_s"),
    )
    if limit is not None:
        rows = rows[offset : offset + limit]
    return [_late_answer(values) for values in rows], total


def _late_answer(values: dict) -> LateAnswer:
    service = pick({lang: values[f"service__name_{lang}"] for lang in ("fi", "sv", "en")})
    department = pick({lang: values[f"department__name_{lang}"] for lang in ("fi", "sv", "en")})
    return LateAnswer(
        feedback_id=values["id"],
        number=format_request_id(values["received_at"].year, values["id"]),
        service=service or _no_group_name("service"),
        department=department or _no_group_name("department"),
        department_id=values["department_id"],
        received_at=values["received_at"],
        answered_at=values["answered_at"],
        # A day begun after the promise counts as a day late.
        days_late=math.ceil((values["elapsed"] - values["promise"]) / SECONDS_PER_DAY),
    )


def duration_text(hours: float | None) -> str:
    """``"5,5 h"`` (in Finnish) under a day, ``"2 vrk 4 h"`` from a day up (hours rounded);
    ``"–"`` for none. The decimal separator follows the language."""
    if hours is None:
        return "–"
    if hours < 24:
        return _("%(hours)s h") % {"hours": number_format(hours, 1)}
    whole = round(hours)
    return _("%(days)s d %(hours)s h") % {"days": whole // 24, "hours": whole % 24}
