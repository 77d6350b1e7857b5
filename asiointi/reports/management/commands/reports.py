"""``asiointi reports grants --year YYYY --by {applicant,department,service} [--format csv|json]``
and ``asiointi reports refresh [--year YYYY]``.

``grants`` prints the grant report for operators' scheduled exports: one row per group and a
total row, with applied, granted and paid euros as strings with two decimals. CSV (the default) is
comma-separated with a header row; text cells that a spreadsheet could run as a formula are
escaped as in the downloads. JSON is ``{"year", "by", "rows": [...], "total": {...}}``. It
computes the figures live, not from the pages' snapshots.

``refresh`` recomputes the snapshots the report pages read (every report and grouping) for the
year, by default the current and the previous year: for cron, or after a bulk import.
"""

import csv
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from asiointi.common.spreadsheets import escape_cell
from asiointi.reports.selectors import GROUPINGS, GrantRow, grant_report
from asiointi.reports.services import SNAPSHOTS, report_refresh

MIN_YEAR = 2000
MAX_YEAR = 2100


def _year(raw: str) -> int:
    try:
        year = int(raw)
    except ValueError:
        raise CommandError(f"--year must be a year such as 2026, not {raw!r}") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CommandError(f"--year must be between {MIN_YEAR} and {MAX_YEAR}, not {year}")
    return year


def _fields(row: GrantRow) -> dict:
    return {
        "key": row.key,
        "name": row.name,
        "applications": row.applications,
        "applied": f"{row.applied:.2f}",
        "granted_decisions": row.granted_count,
        "granted": f"{row.granted:.2f}",
        "paid": f"{row.paid:.2f}",
    }


class Command(BaseCommand):
    help = "Print reports for scheduled exports."

    def add_arguments(self, parser):
        reports = parser.add_subparsers(dest="report", metavar="REPORT", required=True)
        grants = reports.add_parser(
            "grants", help="Applied, granted and paid euros of one year's applications."
        )
        grants.add_argument("--year", required=True, help="the year the applications were sent")
        grants.add_argument("--by", required=True, choices=GROUPINGS, help="one row per …")
        grants.add_argument("--format", default="csv", choices=("csv", "json"))
        refresh = reports.add_parser(
            "refresh", help="Recompute the snapshots the report pages show."
        )
        refresh.add_argument(
            "--year", help="the year to refresh (default: the current and the previous year)"
        )

    def handle(self, *args, report: str, **options):
        if report == "refresh":
            self._refresh(options["year"])
        else:
            self._grants(options["year"], options["by"], options["format"])

    def _refresh(self, year: str | None) -> None:
        if year is None:
            current = timezone.localdate().year
            years = [current, current - 1]
        else:
            years = [_year(str(year))]
        jobs = [(year, kind, grouping) for year in years for kind, grouping in SNAPSHOTS]
        # The bar goes to the process's standard error (Django's wrapper would add line ends).
        for year, kind, grouping in tqdm(jobs, desc="Refreshing reports", file=sys.stderr):
            report_refresh(kind=kind, year=year, grouping=grouping)
        self.stdout.write(
            f"Refreshed {len(jobs)} report snapshots for {', '.join(map(str, years))}."
        )

    def _grants(self, year: str, by: str, format: str) -> None:
        result = grant_report(year=_year(str(year)), by=by)
        rows = [_fields(row) for row in result.rows]
        total = _fields(result.total) | {"key": "", "name": "Total"}
        if format == "json":
            document = {"year": result.year, "by": by, "rows": rows, "total": total}
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(list(total.keys()))
        for row in [*rows, total]:
            writer.writerow([escape_cell(value) for value in row.values()])
