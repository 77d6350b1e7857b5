"""Reading the report snapshots for the pages and downloads (docs/reports.md, "Snapshots").

``current_snapshot`` returns the snapshot to show and requests a refresh when it is missing or
older than ``settings.REPORT_MAX_AGE_SECONDS``: with immediate tasks (tests, the embedded mode)
the refresh runs at once and the fresh snapshot is returned; with the database queue the old
snapshot is shown meanwhile, or ``None`` ("being prepared") when there is none yet.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.common.i18n import pick
from asiointi.grants.overlaps import ApplicantGrants, DepartmentGrants
from asiointi.reports.models import ReportRow, ReportSnapshot
from asiointi.reports.selectors import GrantReport, GrantRow, ProcessingTimeRow
from asiointi.reports.services import report_refresh_request


def _is_fresh(snapshot: ReportSnapshot | None, now: datetime.datetime) -> bool:
    if snapshot is None or snapshot.computed_at is None:
        return False
    return now - snapshot.computed_at < datetime.timedelta(seconds=settings.REPORT_MAX_AGE_SECONDS)


def _find(kind: str, year: int, grouping: str) -> ReportSnapshot | None:
    return ReportSnapshot.objects.filter(kind=kind, year=year, grouping=grouping).first()


def current_snapshot(*, kind: str, year: int, grouping: str = "") -> ReportSnapshot | None:
    """The computed snapshot to show, refreshed first if stale; None while being prepared."""
    snapshot = _find(kind, year, grouping)
    if not _is_fresh(snapshot, timezone.now()):
        result = report_refresh_request(snapshot=snapshot, kind=kind, year=year, grouping=grouping)
        if result is not None and result.is_finished:  # immediate tasks: ran already
            snapshot = _find(kind, year, grouping)
    if snapshot is None or snapshot.computed_at is None:
        return None
    return snapshot


def _rows(
    snapshot: ReportSnapshot, *, start: int = 0, stop: int | None = None
) -> tuple[ReportSnapshot, list[ReportRow]]:
    """Rows by position: a range on the (snapshot, position) index, not an OFFSET scan.

    A refresh may replace the snapshot between the read of its header and of its rows (the rows
    are then gone with it); fewer rows than the header promises means that, and the new snapshot
    is read instead, so a page never mixes the two.
    """
    for _attempt in range(2):
        rows = ReportRow.objects.filter(snapshot=snapshot, position__gte=start)
        if stop is not None:
            rows = rows.filter(position__lt=stop)
        rows = list(rows.order_by("position"))
        end = snapshot.row_count if stop is None else min(stop, snapshot.row_count)
        if len(rows) == max(end - start, 0):
            break
        newer = _find(snapshot.kind, snapshot.year, snapshot.grouping)
        if newer is None or newer.computed_at is None:
            break
        snapshot = newer
    return snapshot, rows


def _grant_row(row: ReportRow) -> GrantRow:
    return GrantRow(
        key=row.key,
        name=pick(row.label),
        applications=row.applications,
        applied=row.applied,
        granted_count=row.granted_count,
        granted=row.granted,
        paid=row.paid,
    )


def grant_report_from(
    snapshot: ReportSnapshot, *, page: int = 1, page_size: int | None = None
) -> tuple[ReportSnapshot, GrantReport]:
    """The snapshot as the selectors' GrantReport; ``page_size`` as in ``grant_report``.
    Returns the snapshot read too: a newer one if the given one was replaced meanwhile."""
    has_next = False
    if page_size is None:
        snapshot, rows = _rows(snapshot)
    else:
        start = (page - 1) * page_size
        snapshot, rows = _rows(snapshot, start=start, stop=start + page_size + 1)
        has_next = len(rows) > page_size
        rows = rows[:page_size]
    figures = snapshot.total
    total = GrantRow(
        key="total",
        name=_("Total"),
        applications=figures["applications"],
        applied=Decimal(figures["applied"]),
        granted_count=figures["granted_count"],
        granted=Decimal(figures["granted"]),
        paid=Decimal(figures["paid"]),
    )
    return snapshot, GrantReport(
        year=snapshot.year,
        by=snapshot.grouping,
        rows=[_grant_row(row) for row in rows],
        total=total,
        page=page,
        has_next=has_next,
    )


def processing_times_from(snapshot: ReportSnapshot, by: str) -> list[ProcessingTimeRow]:
    return [
        ProcessingTimeRow(
            key=row["key"],
            name=pick(row["label"]),
            decided=row["decided"],
            median_days=row["median_days"],
            p90_days=row["p90_days"],
        )
        for row in snapshot.tables.get(by, [])
    ]


def _applicant(row: ReportRow) -> ApplicantGrants:
    return ApplicantGrants(
        name=pick(row.label),
        business_id=row.key,
        departments=[
            DepartmentGrants(
                department_id=department["department_id"],
                name=pick(department["name"]),
                grants=department["grants"],
                granted=Decimal(department["granted"]),
            )
            for department in row.details
        ],
    )


class OverlapRows:
    """The overlap snapshot's applicants for a Paginator: the count comes from the snapshot and
    a page is one range read, so paging runs no COUNT query."""

    def __init__(self, snapshot: ReportSnapshot):
        self.snapshot = snapshot

    def count(self) -> int:
        return self.snapshot.row_count

    def __len__(self) -> int:
        return self.snapshot.row_count

    def __getitem__(self, index: slice) -> list[ApplicantGrants]:
        start, stop, _step = index.indices(self.snapshot.row_count)
        self.snapshot, rows = _rows(self.snapshot, start=start, stop=stop)
        return [_applicant(row) for row in rows]


def overlap_applicants_from(snapshot: ReportSnapshot) -> list[ApplicantGrants]:
    return [_applicant(row) for row in _rows(snapshot)[1]]
