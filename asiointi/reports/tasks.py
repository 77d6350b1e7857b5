"""Background work for the reports: recompute a report snapshot (idempotent: it replaces it)."""

from django.tasks import task

from asiointi.reports.services import report_refresh


@task()
def refresh_report(kind: str, year: int, grouping: str) -> None:
    report_refresh(kind=kind, year=year, grouping=grouping)
