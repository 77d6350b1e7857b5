"""The social-assistance section of a decision letter: the latest saved calculation, line by line.

Registered on the core's ``letter_sections`` hook (``asiointi/cases/hooks.py``) in
``AssistanceConfig.ready()``, so the core letter prints it without importing this app. The figures
are those the social worker saved with the calculation aid (``AssistanceCalculation.result``). Its
labels were written in the worker's language, so the saved inputs are calculated again with the
letter's language active and those lines are printed when they give the same assistance; should the
rules have changed since (a corrected rule row), the saved lines are printed as they are. The
calculation covers one month: the month of the decision, for which the worker calculated it.
"""

import datetime
from decimal import Decimal

from asiointi.assistance.calculation import calculate
from asiointi.assistance.figures import inputs_from_stored
from asiointi.assistance.selectors import latest_calculation
from asiointi.cases.models import Case
from asiointi.common.errors import ValidationFailed

TEMPLATE = "assistance/letters/calculation.html"
# A line's amount is never negative; its kind says what it does to the result (calculation.py).
SIGNS = {"income": "−", "gift": "−", "exemption": "+", "total": "="}


def calculation_section(case: Case) -> dict | None:
    """The letter's calculation section, or None when no calculation was saved on the case."""
    calculation = latest_calculation(case)
    if calculation is None:
        return None
    lines = _lines_in_active_language(calculation) or _saved_lines(calculation)
    for line in lines:
        line["sign"] = SIGNS.get(line["kind"], "")
    return {
        "template": TEMPLATE,
        "context": {
            "lines": lines,
            "month": _month(calculation.calculation_date),
            "calculation_date": calculation.calculation_date,
            "monthly_assistance": calculation.monthly_assistance,
            "decided_amount": case.granted_amount,
        },
    }


def _saved_lines(calculation) -> list[dict]:
    return [
        {
            "kind": line.get("kind", ""),
            "label": line.get("label", ""),
            "note": line.get("note", ""),
            "amount": Decimal(str(line.get("amount", "0"))),
        }
        for line in (calculation.result or {}).get("lines", [])
    ]


def _lines_in_active_language(calculation) -> list[dict] | None:
    """The saved inputs calculated again (labels in the active language), or None when that
    no longer gives the saved assistance or the inputs cannot be read."""
    try:
        members, incomes, expenses = inputs_from_stored(calculation.inputs or {})
        again = calculate(
            on=calculation.calculation_date, members=members, incomes=incomes, expenses=expenses
        )
    except (ValidationFailed, TypeError, KeyError, ArithmeticError):
        return None
    if again.monthly_assistance != calculation.monthly_assistance:
        return None
    return [
        {
            "kind": line.kind,
            "label": str(line.label),
            "note": str(line.note or ""),
            "amount": line.amount,
        }
        for line in again.lines
    ]


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)
