"""The city-wide overlap report (päällekkäisyydet = overlaps): applicants granted money by
several departments in a year. Any staff member may read it; it changes nothing.

The figures come from the report's snapshot (``reports.snapshots``), refreshed in the background
when older than ``settings.REPORT_MAX_AGE_SECONDS``; the live query is
``grants.overlaps.multi_department_grants``."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.common.spreadsheets import csv_download
from asiointi.common.web import int_or_none
from asiointi.handling.access import staff_member_required
from asiointi.reports import snapshots
from asiointi.reports.constants import ReportKind

PAGE_SIZE = 50
RETRY_AFTER_SECONDS = 30
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(raw) -> int:
    year = int_or_none(raw)
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        return timezone.localdate().year
    return year


@staff_member_required
def overlap_report(request):
    year = _year(request.GET.get("year"))
    snapshot = snapshots.current_snapshot(kind=ReportKind.OVERLAPS, year=year)
    if snapshot is None:
        # The first snapshot of the year is being computed in the background.
        response = render(
            request,
            "handling/overlap_report.html",
            {"year": year, "snapshot": None},
            status=503 if request.GET.get("format") == "csv" else 200,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if request.GET.get("format") == "csv":
        applicants = snapshots.overlap_applicants_from(snapshot)
        header = [
            _("Applicant"),
            _("Business ID"),
            _("Department"),
            _("Grants"),
            _("Granted (€)"),
        ]
        rows = [
            [
                applicant.name,
                applicant.business_id,
                department.name,
                department.grants,
                department.granted,
            ]
            for applicant in applicants
            for department in applicant.departments
        ]
        return csv_download(header, rows, filename=f"grants-several-departments-{year}.csv")
    rows = snapshots.OverlapRows(snapshot)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "handling/overlap_report.html",
        {
            "year": year,
            "snapshot": rows.snapshot,  # read with the page (Paginator slices it at once)
            "page": page,
            "applicants": page.object_list,
            # The snapshot the page was read from: a newer one if a refresh replaced it meanwhile.
            "total": rows.snapshot.row_count,
        },
    )
