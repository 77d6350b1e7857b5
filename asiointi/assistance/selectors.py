"""Reads of the social-assistance aid for the social worker's case page."""

import dataclasses
import datetime

from asiointi.assistance.calculation import Calculation, calculate, inputs_from_application
from asiointi.assistance.constants import ASSISTANCE_SERVICE
from asiointi.assistance.figures import (
    FiguresForm,
    figures_initial,
    inputs_from_stored,
    plain_inputs,
)
from asiointi.assistance.models import AssistanceCalculation
from asiointi.cases.models import Case
from asiointi.common.errors import ValidationFailed


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
    why there is none), the calculation saved last and the recognised-figures form prefilled.
    ``adjusted``: the proposal is calculated from the worker's recognised figures, not the
    application's."""

    on: datetime.date
    calculation: Calculation | None
    error: ValidationFailed | None
    saved: AssistanceCalculation | None
    figures: FiguresForm
    adjusted: bool = False

    @property
    def proposal(self):
        """The amount the decision form starts with: the saved proposal, else the current one."""
        if self.saved is not None:
            return self.saved.monthly_assistance
        return self.calculation.monthly_assistance if self.calculation else None


def calculation_panel(*, case: Case, data: dict, on: datetime.date) -> CalculationPanel | None:
    """The panel of a social-assistance case (None for other services), computed for ``on``
    from the given version's ``data``, or, once the worker has saved a calculation with adjusted
    figures, from those figures: the worker goes on from what they recognised. An unadjusted
    calculation's figures are the application's, and those are taken again for the date (a
    child's age may differ). A calculator error is shown in the panel, not raised."""
    if case.service.code != ASSISTANCE_SERVICE:
        return None
    saved = latest_calculation(case)
    adjusted = saved is not None and saved.adjusted
    calculation = error = None
    figures = None
    try:
        if adjusted:
            figures = inputs_from_stored(saved.inputs)
        else:
            figures = inputs_from_application(data, on=on)
        members, incomes, expenses = figures
        calculation = calculate(on=on, members=members, incomes=incomes, expenses=expenses)
    except ValidationFailed as failed:
        error = failed
    if adjusted:
        form = figures_initial(saved.inputs, reason=saved.adjustment_reason)
    else:
        form = figures_initial(plain_inputs(*figures) if figures else {})
    return CalculationPanel(
        on=on, calculation=calculation, error=error, saved=saved, figures=form, adjusted=adjusted
    )
