"""The payment sections of the case pages, rendered by tags so the shared case templates need
one line each: ``{% load payment_tags %}{% handler_payments %}`` / ``{% applicant_payments %}``.

Each section fetches its own data (asiointi/payments/selectors.py ``case_payments``: three
queries for a decided case, none for any other).
"""

from django import template

from asiointi.cases.constants import AttachmentKind
from asiointi.payments.constants import PaymentStatus
from asiointi.payments.selectors import case_payments

register = template.Library()


def _common(context) -> dict:
    case = context["case"]
    return {
        "case": case,
        "payments": case_payments(case=case),
        "csrf_token": context.get("csrf_token"),
        "payment_errors": context.get("payment_errors") or {},
        "payment_values": context.get("payment_values") or {},
        "account_errors": context.get("account_errors") or {},
        "account_values": context.get("account_values") or {},
    }


@register.inclusion_tag("payments/_handler_section.html", takes_context=True)
def handler_payments(context) -> dict:
    return _common(context)


@register.inclusion_tag("payments/_applicant_section.html", takes_context=True)
def applicant_payments(context) -> dict:
    values = _common(context)
    awaiting = [p for p in values["payments"] if p.status == PaymentStatus.AWAITING_REQUEST]
    values["next_instalment"] = awaiting[0] if awaiting else None
    values["usage_report_label"] = AttachmentKind.USAGE_REPORT.label
    values["receipts_label"] = AttachmentKind.RECEIPTS.label
    return values


@register.filter
def iban(value) -> str:
    """An account number in the IBAN's print format, in groups of four (FI21 1234 5600 0007 85):
    easier to read and compare, and in a narrow table column it wraps between the groups."""
    compact = "".join(str(value or "").split())
    return " ".join(compact[start : start + 4] for start in range(0, len(compact), 4))
