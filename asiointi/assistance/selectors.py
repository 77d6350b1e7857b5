"""Reads of the social-assistance aid for the social worker's case page."""

import dataclasses
import datetime

from asiointi.assistance.calculation import Calculation, calculate, inputs_from_application
from asiointi.assistance.models import AssistanceCalculation
from asiointi.cases.models import Case
from asiointi.common.errors import ValidationFailed

ASSISTANCE_SERVICE = "toimeentulotuki"


def latest_calculation(case: Case) -> AssistanceCalculation | None:
    """The calculation saved last on the case, with who saved it."""
    return (
        AssistanceCalculation.objects.filter(case=case)
        .select_related("saved_by")
        .order_by("-saved_at", "-pk")
        .first()
    )


@dataclasses.dataclass(frozen=True)
class CalculationPanel:
    """What the case page's calculation panel shows: the aid's current proposal for ``on`` (or
    why there is none) and the calculation saved last."""

    on: datetime.date
    calculation: Calculation | None
    error: ValidationFailed | None
    saved: AssistanceCalculation | None

    @property
    def proposal(self):
        """The amount the decision form starts with: the saved proposal, else the current one."""
        if self.saved is not None:
            return self.saved.monthly_assistance
        return self.calculation.monthly_assistance if self.calculation else None


def calculation_panel(*, case: Case, data: dict, on: datetime.date) -> CalculationPanel | None:
    """The panel of a social-assistance case (None for other services), computed from the
    given version's ``data``. A calculator error is shown in the panel, not raised."""
    if case.service.code != ASSISTANCE_SERVICE:
        return None
    calculation = error = None
    try:
        members, incomes, expenses = inputs_from_application(data, on=on)
        calculation = calculate(on=on, members=members, incomes=incomes, expenses=expenses)
    except ValidationFailed as failed:
        error = failed
    return CalculationPanel(
        on=on, calculation=calculation, error=error, saved=latest_calculation(case)
    )
