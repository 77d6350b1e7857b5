"""Fee decision letters (maksupäätös) as accessible PDF/UA documents, rendered with WeasyPrint.

Like the case decision letters (asiointi/cases/letters.py, whose styles, language rule and
review-deadline text are shared): the letter is in the *client's* language whoever triggers it,
from ``fees/letters/fee_decision.html``. It shows the fee (or the service voucher's value and the
client's share of the provider's price), the incomes it rests on with their sources and periods,
the calculation line by line, who decided and the instructions for requesting a review.

The calculation is the client's view of it (``client_explanation``): how the incomes were
checked, the totals, the calculator's steps and the cost cap — never the official's worksheet
lines (unconfirmed figures, registry failures, missing data, the proposed amount, the change from
the current fee), which the handling pages show from the same stored copy.

The review instructions come from ``asiointi/cases/review_instructions.py``: a request for review
(oikaisuvaatimus) under the Administrative Procedure Act, within 30 days of the notification, by
the client only, to the municipal body responsible for social welfare (Client Charges Act
734/1992 § 15; for an income-based service-voucher value the Service Voucher Act 569/2009).

The task that calls ``fee_letter_store`` may run more than once; only the first run stores a
letter.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from asiointi.cases.letters import person_language
from asiointi.cases.review_instructions import ReviewKind, review_instructions
from asiointi.cases.uploads import StoredFiles
from asiointi.fees.constants import DecisionKind, IncomeKind, IncomeSource, Subject
from asiointi.fees.determination import note_text
from asiointi.fees.models import FeeDecision

PDF_CONTENT_TYPE = "application/pdf"


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _money(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value or ""


def income_lines(calculation: dict) -> list[dict]:
    """The determination's lines stored with the decision, labelled in the active language."""
    lines = []
    for line in calculation.get("lines") or []:
        lines.append(
            {
                "subject": _label(Subject, line.get("subject", "")),
                "source": _label(IncomeSource, line.get("source", "")),
                "kind": _label(IncomeKind, line.get("kind", "")),
                "payer": line.get("payer", ""),
                "period_start": _date(line.get("period_start")),
                "period_end": _date(line.get("period_end")),
                "amount": _money(line.get("amount")),
                "counted": bool(line.get("counted", True)),
                "deducted": bool(line.get("deducted", False)),
                "note": note_text(line["reason"]) if line.get("reason") else "",
                "original_amount": _money(line.get("original_amount")),
                "correction_reason": line.get("correction_reason", ""),
            }
        )
    return lines


def client_explanation(decision: FeeDecision) -> list[str]:
    """The calculation explained to the client in the active language, from the decision's own
    copy (not whatever the proposal row holds now). The letter lists the income lines in a table
    of their own; the explanation does not repeat them."""
    from asiointi.fees.proposals import basis_lines, calculation_steps, cost_cap_lines

    data = decision.calculation or {}
    if not data:
        return []
    return (
        basis_lines(data, with_income_lines=False) + calculation_steps(data) + cost_cap_lines(data)
    )


def _review(decision: FeeDecision, department_name: str) -> dict:
    kind = (
        ReviewKind.SERVICE_VOUCHER
        if decision.kind == DecisionKind.VOUCHER_VALUE
        else ReviewKind.CLIENT_FEE
    )
    reference = _("the decision the request concerns (%(kind)s of %(date)s);") % {
        "kind": decision.get_kind_display(),
        "date": date_format(timezone.localdate(decision.decided_at), "DATE_FORMAT"),
    }
    return review_instructions(kind, department_name=department_name, decision_reference=reference)


def letter_context(decision: FeeDecision) -> dict:
    """What the template needs; call with the letter's language active."""
    review = decision.review
    client = review.client
    person = client.person
    voucher = decision.kind == DecisionKind.VOUCHER_VALUE
    # Service voucher: the provider's price is the client's monthly cost; the client pays the
    # difference (Act 569/2009; docs/fees.md, “Service voucher formula”).
    price = client.monthly_cost if voucher else None
    share = max(price - decision.amount, Decimal("0.00")) if price is not None else None
    household = review.household or {}
    return {
        "decision": decision,
        "income_review": review,
        "client": client,
        "language": translation.get_language(),
        "city_name": settings.CITY_NAME,
        "department_name": client.department.name,
        "recipient": person.display_name,
        "address": household.get("address", ""),
        "decision_date": timezone.localdate(decision.decided_at),
        "service": client.get_service_display(),
        "setting": client.get_setting_display() if client.setting else "",
        "voucher": voucher,
        "price": price,
        "client_share": share,
        "family_size": review.family_size,
        "lines": income_lines(decision.calculation or {}),
        "basis": (decision.calculation or {}).get("basis", ""),
        "explanation": client_explanation(decision),
        "decision_maker_name": decision.decided_by.display_name,
        "review": _review(decision, client.department.name),
    }


def _load(decision_id: int) -> FeeDecision:
    return FeeDecision.objects.select_related(
        "review",
        "review__client",
        "review__client__person",
        "review__client__department",
        "decided_by",
    ).get(pk=decision_id)


def fee_letter_pdf(decision: FeeDecision, *, language: str | None = None) -> bytes:
    """The letter as a tagged PDF/UA-1 document (structure tree, document language, title)."""
    from weasyprint import HTML

    language = language or decision.language or person_language(decision.review.client.person)
    with translation.override(language):
        html = render_to_string("fees/letters/fee_decision.html", letter_context(decision))
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def letter_file_name(decision: FeeDecision) -> str:
    # A file name, not a sentence: translators give e.g. "maksupaatos" and "avgiftsbeslut".
    # Outside the f-string: makemessages (xgettext) does not look inside one.
    if decision.kind == DecisionKind.VOUCHER_VALUE:
        word = pgettext("file name", "service-voucher-decision")
    else:
        word = pgettext("file name", "fee-decision")
    return f"{word}-{decision.pk}.pdf"


def fee_letter_store(decision_id: int) -> FeeDecision:
    """Render and store the decision's letter, once.

    Renders outside the transaction; the decision row lock then serialises two concurrent runs,
    and the second finds the first one's letter and stores nothing.
    """
    decision = _load(decision_id)
    if decision.letter:
        return decision
    language = decision.language or person_language(decision.review.client.person)
    content = fee_letter_pdf(decision, language=language)
    with translation.override(language):
        name = letter_file_name(decision)
    with StoredFiles() as stored, transaction.atomic():
        locked = FeeDecision.objects.select_for_update().get(pk=decision_id)
        if locked.letter:
            return locked
        locked.letter.save(name, ContentFile(content, name=name), save=False)
        stored.add(locked.letter)
        locked.letter_name = name
        locked.save(update_fields=["letter", "letter_name"])
    return locked
