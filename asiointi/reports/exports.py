"""The grant report as plain rows for the CSV and XLSX downloads."""

from django.utils.translation import gettext as _

from asiointi.reports.selectors import GrantReport, GrantRow


def grant_header(by: str) -> list[str]:
    first = {
        "department": _("Department"),
        "service": _("Service"),
        "applicant": _("Applicant"),
    }[by]
    identifier = _("Business ID or person") if by == "applicant" else _("Code")
    return [
        identifier,
        first,
        _("Applications"),
        _("Applied for (€)"),
        _("Granted decisions"),
        _("Granted (€)"),
        _("Paid (€)"),
    ]


def _cells(row: GrantRow, *, key: str) -> list:
    return [
        key,
        row.name,
        row.applications,
        row.applied,
        row.granted_count,
        row.granted,
        row.paid,
    ]


def grant_table_rows(report: GrantReport) -> list[list]:
    """Every row, then the total row (its identifier cell empty)."""
    return [_cells(row, key=row.key) for row in report.rows] + [_cells(report.total, key="")]
