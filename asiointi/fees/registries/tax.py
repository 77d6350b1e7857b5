"""The Tax Administration (Vero): capital, forest and other income from the latest completed
assessment. ``GET /v1/assessments/{personId}/latest``; 404 ``no_assessment`` means the person
has none (not an error)."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from asiointi.fees.constants import Registry
from asiointi.fees.registries.base import CallStats, RegistryClient, euros


@dataclass(frozen=True)
class TaxAssessment:
    """Annual gross amounts of one tax year."""

    year: int
    capital_income: Decimal
    forest_income: Decimal
    other_income: Decimal
    capital_items: tuple[tuple[str, Decimal], ...] = ()  # e.g. (("dividends", 420), …)


class TaxClient(RegistryClient):
    registry = Registry.TAX

    def latest_assessment(
        self, national_id: str, *, stats: CallStats | None = None
    ) -> TaxAssessment | None:
        data = self.transport.get(
            f"/v1/assessments/{quote(national_id, safe='')}/latest",
            stats=stats,
            absent=lambda body: body.get("error") == "no_assessment",
        )
        if data is None:
            return None
        try:
            return TaxAssessment(
                year=int(data["taxYear"]),
                capital_income=euros(data["capitalIncome"]["total"]),
                forest_income=euros(data["forestIncome"]["total"]),
                other_income=euros(data["otherIncome"]["total"]),
                capital_items=tuple(
                    (str(item["code"]), euros(item["amount"]))
                    for item in data["capitalIncome"].get("items", [])
                ),
            )
        except (KeyError, TypeError, ValueError, ArithmeticError):
            raise self.transport.malformed(stats.attempts if stats else 1) from None
