"""Writes of the social-assistance aid: saving a calculation on a case.

The aid only proposes; the decision is the social worker's
(``cases.services.decisions.case_decide``).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.assistance.calculation import (
    Expense,
    Income,
    Member,
    calculate,
    inputs_from_application,
)
from asiointi.assistance.constants import ASSISTANCE_SERVICE
from asiointi.assistance.figures import plain_inputs
from asiointi.assistance.models import AssistanceCalculation
from asiointi.cases.access import require_case_member
from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.common.errors import DomainError, ValidationFailed

# A calculation is saved while the case is being handled, before the decision.
CALCULABLE_STATUSES = frozenset(
    {CaseStatus.RECEIVED, CaseStatus.IN_PROCESSING, CaseStatus.AWAITING_SUPPLEMENT}
)


@transaction.atomic
def calculation_save(
    *,
    actor,
    case: Case,
    on: datetime.date,
    recognised: tuple[list[Member], list[Income], list[Expense]] | None = None,
    reason: str = "",
) -> AssistanceCalculation:
    """Calculate for the date ``on`` and save it on the case.

    The figures (members, incomes, expenses) are the latest sent version's, or those the social
    worker ``recognised`` instead. When they differ from the application's the calculation is
    marked ``adjusted`` and ``reason`` is required. Only the department's members, and of a
    confidential case only its team members. Raises ``ValidationFailed`` from the calculator
    (bad input, no rule for the date), together with a missing reason.
    """
    case = Case.objects.select_for_update(of=("self",)).select_related("service").get(pk=case.pk)
    require_case_member(actor, case)
    if case.service.code != ASSISTANCE_SERVICE:
        raise DomainError(_("The calculation aid is only for social assistance applications."))
    if case.status not in CALCULABLE_STATUSES:
        raise DomainError(
            _("A calculation can no longer be saved: the application is “%(status)s”.")
            % {"status": case.get_status_display()}
        )
    version = case.versions.order_by("-number").first()
    if version is None:
        raise DomainError(_("The application has no sent version to calculate from."))
    try:
        application = inputs_from_application(version.data, on=on)
    except ValidationFailed:
        # Figures the worker recognised need nothing from the application.
        if recognised is None:
            raise
        application = None
    figures = recognised if recognised is not None else application
    inputs = plain_inputs(*figures)
    adjusted = application is None or inputs != plain_inputs(*application)
    reason = reason.strip() if adjusted else ""

    errors: dict[str, list[str]] = {}
    message = _("Check the recognised figures.")
    try:
        result = calculate(on=on, members=figures[0], incomes=figures[1], expenses=figures[2])
    except ValidationFailed as failed:
        errors, message = dict(failed.errors), failed.message
    if adjusted and not reason:
        errors["reason"] = [
            _("Give the reason for the changes: the figures differ from the application.")
        ]
    if errors:
        raise ValidationFailed(message, errors)
    return AssistanceCalculation.objects.create(
        case=case,
        version_number=version.number,
        calculation_date=on,
        inputs=inputs,
        result=result.as_json(),
        monthly_assistance=result.monthly_assistance,
        saved_at=timezone.now(),
        saved_by=actor,
        adjusted=adjusted,
        adjustment_reason=reason,
    )
