"""What social assistance adds to the case core, registered in ``AssistanceConfig.ready()``
(``asiointi/cases/hooks.py``, docs/architecture.md): the calculation aid on the handler's case
page, the calculation section of the decision letter, the review rules of its decisions and
the types of attachment it offers."""

import datetime

from django.utils import timezone

from asiointi.assistance import selectors
from asiointi.assistance.constants import ASSISTANCE_SERVICE
from asiointi.assistance.letters import calculation_section
from asiointi.assistance.services import CALCULABLE_STATUSES
from asiointi.cases import hooks
from asiointi.cases.constants import AttachmentKind
from asiointi.cases.review_instructions import ReviewKind

# What a social-assistance applicant attaches: incomes, account balances and expenses.
ASSISTANCE_ATTACHMENT_KINDS = (
    AttachmentKind.BANK_STATEMENT,
    AttachmentKind.PAYSLIP,
    AttachmentKind.INCOME_PROOF,
    AttachmentKind.BENEFIT_DECISION,
    AttachmentKind.RENT_AGREEMENT,
    AttachmentKind.RECEIPTS,
)


def register() -> None:
    hooks.handler_case_panels.register(calculation_panel)
    hooks.letter_sections.register(calculation_section)
    hooks.review_kinds.register(review_kind)
    hooks.attachment_kinds.register(attachment_kinds)


def attachment_kinds(service) -> tuple[str, ...] | None:
    return ASSISTANCE_ATTACHMENT_KINDS if service.code == ASSISTANCE_SERVICE else None


def _calculation_date(request) -> tuple[datetime.date, bool]:
    """The date the calculation aid calculates for (GET ``calculation_date``), default today;
    and whether a given date was not understood."""
    raw = request.GET.get("calculation_date", "").strip()
    if raw:
        try:
            return datetime.date.fromisoformat(raw), False
        except ValueError:
            return timezone.localdate(), True
    return timezone.localdate(), False


def calculation_panel(request, *, case, data: dict) -> hooks.Section:
    """The calculation aid above the handler's actions, for a social-assistance case; other
    cases get ``aid`` None and no panel."""
    on, bad_date = _calculation_date(request)
    aid = selectors.calculation_panel(case=case, data=data, on=on)
    return hooks.Section(
        template="assistance/_calculation_panel.html" if aid is not None else "",
        context={
            "aid": aid,
            "can_save_calculation": (
                aid is not None
                and aid.calculation is not None
                and case.status in CALCULABLE_STATUSES
            ),
            "aid_bad_date": bad_date,
        },
        place="before_actions",
    )


def review_kind(service_code: str) -> ReviewKind | None:
    """Its letters give the review rules of a social-welfare decision (Administrative Procedure
    Act), not the Local Government Act's rules for grants."""
    return ReviewKind.SOCIAL_ASSISTANCE if service_code == ASSISTANCE_SERVICE else None
