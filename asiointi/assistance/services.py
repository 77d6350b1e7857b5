"""Writes of the social-assistance aid: saving a calculation on a case.

The aid only proposes; the decision is the social worker's (``cases.services.case_decide``).
"""

import dataclasses
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.assistance.calculation import calculate, inputs_from_application
from asiointi.assistance.models import AssistanceCalculation
from asiointi.cases.access import require_case_member
from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.common.errors import DomainError

# The service code of social assistance (toimeentulotuki), the only service the aid serves.
ASSISTANCE_SERVICE = "toimeentulotuki"
# A calculation is saved while the case is being handled, before the decision.
CALCULABLE_STATUSES = frozenset(
    {CaseStatus.RECEIVED, CaseStatus.IN_PROCESSING, CaseStatus.AWAITING_SUPPLEMENT}
)


def _plain(item) -> dict:
    """A calculator input as JSON: amounts as strings with two decimals, as everywhere."""
    return {
        key: (f"{value:.2f}" if isinstance(value, Decimal) else value)
        for key, value in dataclasses.asdict(item).items()
    }


@transaction.atomic
def calculation_save(*, actor, case: Case, on: datetime.date) -> AssistanceCalculation:
    """Calculate from the latest sent version for the date ``on`` and save it on the case.

    Only the department's members, and of a confidential case only its team members. Raises
    ``ValidationFailed`` from the calculator (bad input, no rule for the date).
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
    members, incomes, expenses = inputs_from_application(version.data, on=on)
    result = calculate(on=on, members=members, incomes=incomes, expenses=expenses)
    return AssistanceCalculation.objects.create(
        case=case,
        version_number=version.number,
        calculation_date=on,
        inputs={
            "members": [_plain(member) for member in members],
            "incomes": [_plain(income) for income in incomes],
            "expenses": [_plain(expense) for expense in expenses],
        },
        result=result.as_json(),
        monthly_assistance=result.monthly_assistance,
        saved_at=timezone.now(),
        saved_by=actor,
    )
