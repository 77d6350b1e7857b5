"""``POST /api/v1/fees/calculate``: the fee calculator over HTTP, public.

It reveals no personal data (the caller sends the figures and gets the rules' answer), so it
needs no login, like a municipality's public fee calculator. The body's values are checked by
the same function as the CLI's options (``calculate_fee``), so both give the same answers and
the same per-field messages; errors come back as 422 with ``detail`` entries ``["body", field]``.
"""

from ninja import Router, Schema
from pydantic import ConfigDict

from asiointi.common.api_errors import PUBLIC, responses
from asiointi.fees.calculation import calculate_fee

router = Router(tags=["fees"])

# Loosely typed on purpose: the calculator checks the values and names the field in its message.
Raw = str | int | float | None


def _service_branch(service: str, required: list[str], unused: list[str]) -> dict:
    return {
        "properties": {
            "service": {"const": service},
            **{name: {"type": "null"} for name in unused},
        },
        "required": required,
    }


# The document says what is required (service and date, then per service); the model itself
# stays loose so that the calculator names each missing or wrong field in the user's language
# (422 validation_failed) instead of the schema library's English.
class FeeIn(Schema):
    """``service`` and ``date``, and the figures that service's fee is calculated from."""

    model_config = ConfigDict(
        json_schema_extra={
            "required": ["service", "date"],
            "oneOf": [
                _service_branch(
                    "home-care",
                    ["family_size", "hours", "gross_income"],
                    ["setting", "net_income", "spouse_net_income"],
                ),
                _service_branch(
                    "long-term-care",
                    ["setting", "net_income"],
                    ["family_size", "hours", "gross_income"],
                ),
            ],
        }
    )

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


@router.post("/fees/calculate", response={200: FeeOut, **responses(*PUBLIC, 413)}, auth=None)
def fee_calculate(request, payload: FeeIn):
    """Calculate a monthly client fee (continuous home care or long-term 24-hour care)."""
    return calculate_fee(**payload.dict())
