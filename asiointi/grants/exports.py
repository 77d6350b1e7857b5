"""A decision list as the meeting gets it: an accessible PDF table and a CSV file.

Both have the same columns: record number, applicant, purpose, requested, proposed, outcome and
a summary of the reasoning.
"""

from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from asiointi.common.spreadsheets import csv_bytes
from asiointi.grants.models import DecisionList
from asiointi.grants.selectors import applicant_name, decision_list_entries, purpose_of

REASONING_SUMMARY_CHARS = 300


def export_rows(decision_list: DecisionList) -> list[dict]:
    rows = []
    for entry in decision_list_entries(decision_list=decision_list):
        case = entry.case
        rows.append(
            {
                "case": case,
                "record_number": case.record_number,
                "applicant": applicant_name(case),
                "purpose": purpose_of(case, entry.sent_data),
                "requested": case.requested_amount,
                "proposed": case.granted_amount,
                "outcome": case.get_decision_outcome_display(),
                "reasoning": Truncator(case.decision_reasoning).chars(REASONING_SUMMARY_CHARS),
            }
        )
    return rows


def _header() -> list[str]:
    return [
        _("Record number"),
        _("Applicant"),
        _("Purpose"),
        _("Requested (€)"),
        _("Proposed (€)"),
        _("Outcome"),
        _("Reasoning (summary)"),
    ]


def decision_list_csv(decision_list: DecisionList) -> bytes:
    """Amounts as plain numbers (``1234.50``) so that spreadsheet programs can sum them."""
    return csv_bytes(
        _header(),
        (
            [
                row["record_number"],
                row["applicant"],
                row["purpose"],
                row["requested"],
                row["proposed"] if row["proposed"] is not None else Decimal("0.00"),
                row["outcome"],
                row["reasoning"],
            ]
            for row in export_rows(decision_list)
        ),
    )


def decision_list_pdf(decision_list: DecisionList) -> bytes:
    """A tagged PDF/UA-1 document in the active language, with the table as a real table."""
    from weasyprint import HTML

    rows = export_rows(decision_list)
    html = render_to_string(
        "grants/decision_list_pdf.html",
        {
            "decision_list": decision_list,
            "rows": rows,
            "city_name": settings.CITY_NAME,
            "language": translation.get_language(),
            "requested_total": sum((r["requested"] or 0 for r in rows), Decimal(0)),
            "proposed_total": sum((r["proposed"] or 0 for r in rows), Decimal(0)),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
