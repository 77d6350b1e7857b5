"""Writes of the reports app: computing report snapshots and requesting their refresh.

A snapshot is computed with the live selectors (``reports.selectors``, ``grants.overlaps``), which
stay the source of truth, and stored language-independently: catalogue names in all three
languages, the "Total" label added when the page is shown.
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.tasks import TaskResult
from django.utils import timezone

from asiointi.catalogue.models import Service
from asiointi.grants.overlaps import multi_department_grants
from asiointi.organisation.models import Department
from asiointi.reports import selectors
from asiointi.reports.constants import ReportKind
from asiointi.reports.models import ReportRow, ReportSnapshot

# Every snapshot of a year: the grant report in each grouping and the overlap report.
SNAPSHOTS = (
    *((ReportKind.GRANTS, grouping) for grouping in selectors.GROUPINGS),
    (ReportKind.OVERLAPS, ""),
)
# A refresh requested longer ago than this is presumed lost (a worker down, a failed task) and
# may be requested again.
REFRESH_RETRY = datetime.timedelta(minutes=15)
ROW_BATCH = 2000


def _names(model, field: str, values) -> dict:
    """{code or pk: {"fi": …, "sv": …, "en": …}} for departments or services."""
    return {
        row[field]: {"fi": row["name_fi"], "sv": row["name_sv"], "en": row["name_en"]}
        for row in model.objects.filter(**{f"{field}__in": set(values)}).values(
            field, "name_fi", "name_sv", "name_en"
        )
    }


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _grant_figures(row: selectors.GrantRow) -> dict:
    return {
        "applications": row.applications,
        "applied": row.applied,
        "granted_count": row.granted_count,
        "granted": row.granted,
        "paid": row.paid,
    }


def _processing_table(year: int, by: str) -> list[dict]:
    rows = selectors.processing_times(year=year, by=by)
    names = _names(Service if by == "service" else Department, "code", (r.key for r in rows))
    return [
        {
            "key": row.key,
            "label": names.get(row.key, {"fi": row.name}),
            "decided": row.decided,
            "median_days": row.median_days,
            "p90_days": row.p90_days,
        }
        for row in rows
    ]


def _grant_snapshot(year: int, grouping: str) -> tuple[list[ReportRow], dict, dict]:
    report = selectors.grant_report(year=year, by=grouping)
    if grouping == "applicant":
        names = {row.key: {"fi": row.name} for row in report.rows}
    else:
        model = Service if grouping == "service" else Department
        names = _names(model, "code", (row.key for row in report.rows))
    rows = [
        ReportRow(
            position=position,
            key=row.key,
            label=names.get(row.key, {"fi": row.name}),
            **_grant_figures(row),
        )
        for position, row in enumerate(report.rows)
    ]
    total = {
        key: _money(value) if isinstance(value, Decimal) else value
        for key, value in _grant_figures(report.total).items()
    }
    tables = {by: _processing_table(year, by) for by in ("department", "service")}
    return rows, total, tables


def _overlap_snapshot(year: int) -> tuple[list[ReportRow], dict, dict]:
    applicants = multi_department_grants(year=year)
    names = _names(
        Department,
        "pk",
        (department.department_id for a in applicants for department in a.departments),
    )
    rows = [
        ReportRow(
            position=position,
            key=applicant.business_id,  # empty for a person applying for themselves
            label={"fi": applicant.name},
            granted_count=applicant.grants,
            granted=applicant.granted,
            details=[
                {
                    "department_id": department.department_id,
                    "name": names.get(department.department_id, {"fi": department.name}),
                    "grants": department.grants,
                    "granted": _money(department.granted),
                }
                for department in applicant.departments
            ],
        )
        for position, applicant in enumerate(applicants)
    ]
    total = {
        "granted_count": sum(row.granted_count for row in rows),
        "granted": _money(sum((row.granted for row in rows), Decimal(0))),
    }
    return rows, total, {}


def report_refresh(*, kind: str, year: int, grouping: str) -> ReportSnapshot:
    """Compute the report now and replace its snapshot.

    The figures are computed outside the transaction (seconds on a large database); the old
    snapshot is then deleted and the new one written in one transaction, so a reader sees either
    the old snapshot or the whole new one. ``computed_at`` is when the computation started: the
    figures are at least that fresh.
    """
    started = timezone.now()
    if kind == ReportKind.GRANTS:
        if grouping not in selectors.GROUPINGS:
            raise ValueError(f"unknown grouping {grouping!r}")
        rows, total, tables = _grant_snapshot(year, grouping)
    elif kind == ReportKind.OVERLAPS:
        rows, total, tables = _overlap_snapshot(year)
    else:
        raise ValueError(f"unknown report {kind!r}")
    with transaction.atomic():
        # The rows go with their snapshot (ON DELETE CASCADE in the database).
        ReportSnapshot.objects.filter(kind=kind, year=year, grouping=grouping).delete()
        snapshot = ReportSnapshot.objects.create(
            kind=kind,
            year=year,
            grouping=grouping,
            computed_at=started,
            row_count=len(rows),
            total=total,
            tables=tables,
        )
        for row in rows:
            row.snapshot = snapshot
        ReportRow.objects.bulk_create(rows, batch_size=ROW_BATCH)
    return snapshot


def report_refresh_request(
    *, snapshot: ReportSnapshot | None, kind: str, year: int, grouping: str
) -> TaskResult | None:
    """Enqueue a refresh unless one is already pending; the task's result when this call
    enqueued it (finished already with immediate tasks), None when one was pending.

    The claim is one conditional UPDATE of the snapshot's ``refresh_requested_at`` (or, with no
    snapshot yet, the insert of a placeholder, which the unique constraint lets only one request
    win), so concurrent page views enqueue a single refresh.
    """
    from asiointi.reports.tasks import refresh_report  # the task module imports this one

    now = timezone.now()
    if snapshot is not None:
        claimed = (
            ReportSnapshot.objects.filter(pk=snapshot.pk)
            .exclude(refresh_requested_at__gte=now - REFRESH_RETRY)
            .update(refresh_requested_at=now)
        )
        if not claimed:
            return None
    else:
        try:
            with transaction.atomic():
                ReportSnapshot.objects.create(
                    kind=kind, year=year, grouping=grouping, refresh_requested_at=now
                )
        except IntegrityError:
            return None
    return refresh_report.enqueue(kind=str(kind), year=year, grouping=grouping)
