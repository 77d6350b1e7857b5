"""``POST /api/v1/fees/calculate``: the fee calculator over HTTP, public.

It reveals no personal data (the caller sends the figures and gets the rules' answer), so it
needs no login, like a municipality's public fee calculator. The body's values are checked by
the same function as the CLI's options (``calculate_fee``), so both give the same answers and
the same per-field messages; errors come back as 422 with ``detail`` entries ``["body", field]``.
"""

from ninja import Router, Schema

from asiointi.fees.calculation import calculate_fee

router = Router(tags=["fees"])

# Loosely typed on purpose: the calculator checks the values and names the field in its message.
Raw = str | int | float | None


class FeeIn(Schema):
    service: Raw = None
    setting: Raw = None
    date: Raw = None
    family_size: Raw = None
    hours: Raw = None
    gross_income: Raw = None
    net_income: Raw = None
    spouse_net_income: Raw = None


class FeeOut(Schema):
    service: str
    date: str
    monthly_fee: str
    income_limit: str | None
    percentage: str
    minimum_left: str | None
    cap: str
    verified: bool
    explanation: list[str]


@router.post("/fees/calculate", response=FeeOut, auth=None)
def fee_calculate(request, payload: FeeIn):
    """Calculate a monthly client fee (continuous home care or long-term 24-hour care)."""
    return calculate_fee(**payload.dict())
