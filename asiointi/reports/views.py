"""The grant report pages in the handlers' area: any department's staff member may read them.

The figures come from the report's snapshot (``reports.snapshots``), refreshed in the background
when older than ``settings.REPORT_MAX_AGE_SECONDS``.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from asiointi.common.spreadsheets import csv_download, xlsx_download
from asiointi.common.web import int_or_none
from asiointi.handling.access import staff_member_required
from asiointi.reports import selectors, snapshots
from asiointi.reports.charts import grant_chart
from asiointi.reports.constants import ReportKind
from asiointi.reports.exports import grant_header, grant_table_rows
from asiointi.reports.forms import GROUPING_LABELS, ReportForm

PAGE_SIZE = 25
RETRY_AFTER_SECONDS = 30


def _page(request, *, form, year: int, by: str, snapshot, report, status: int = 200):
    context = {
        "form": form,
        "year": year,
        "snapshot": snapshot,
        "report": report,
        "grouping_label": GROUPING_LABELS[by],
        "chart": grant_chart(report.rows) if report else None,
        "processing_tables": [
            (
                "department",
                _("Processing time per department"),
                snapshots.processing_times_from(snapshot, "department") if snapshot else [],
            ),
            (
                "service",
                _("Processing time per service"),
                snapshots.processing_times_from(snapshot, "service") if snapshot else [],
            ),
        ],
    }
    response = render(request, "reports/grants.html", context, status=status)
    if snapshot is None:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@staff_member_required
def grants(request):
    form = ReportForm(request.GET, years=selectors.report_years())
    year, by = form.choice()
    page = max(int_or_none(request.GET.get("page")) or 1, 1)
    snapshot = snapshots.current_snapshot(kind=ReportKind.GRANTS, year=year, grouping=by)
    report = None
    if snapshot is not None:
        snapshot, report = snapshots.grant_report_from(
            snapshot, page=page, page_size=PAGE_SIZE if by == "applicant" else None
        )
    return _page(request, form=form, year=year, by=by, snapshot=snapshot, report=report)


@staff_member_required
def grants_download(request, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404
    form = ReportForm(request.GET, years=selectors.report_years())
    year, by = form.choice()
    snapshot = snapshots.current_snapshot(kind=ReportKind.GRANTS, year=year, grouping=by)
    if snapshot is None:
        # Not a file yet: the page with the "being prepared" message, and when to try again.
        return _page(request, form=form, year=year, by=by, snapshot=None, report=None, status=503)
    _snapshot, report = snapshots.grant_report_from(snapshot)
    header = grant_header(by)
    rows = grant_table_rows(report)
    filename = f"grants-{year}-{by}.{file_format}"
    if file_format == "csv":
        return csv_download(header, rows, filename=filename)
    return xlsx_download(header, rows, filename=filename, sheet_title=f"{year} {by}")
