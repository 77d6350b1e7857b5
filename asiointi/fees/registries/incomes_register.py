"""The Incomes Register (Tulorekisteri): earned income and benefits paid, month by month.

``GET /v1/incomes?personId=…&from=YYYY-MM&to=YYYY-MM`` answers the months with their payments
(payer, income type code, gross, withholding, statutory contributions, net); the protocol is in
docs/fees-registries.md.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from asiointi.fees.constants import IncomeKind, Registry
from asiointi.fees.registries.base import CallStats, RegistryClient, euros

# Income type codes → our kinds. Which kinds count for which service is determination.py's rule.
INCOME_TYPE_KINDS = {
    "201": IncomeKind.EARNED,
    "1001": IncomeKind.PENSION,
    "1002": IncomeKind.PENSION,
    "1003": IncomeKind.PENSION,
    "1004": IncomeKind.PENSION,
    "1101": IncomeKind.PENSIONERS_CARE_ALLOWANCE,
    "1102": IncomeKind.DISABILITY_ALLOWANCE,
    "1201": IncomeKind.HOUSING_ALLOWANCE,
    "1301": IncomeKind.TAXABLE_BENEFIT,
    "1302": IncomeKind.TAXABLE_BENEFIT,
}


@dataclass(frozen=True)
class MonthlyIncome:
    """One payment of one month (a payer may pay several kinds)."""

    month: datetime.date
    kind: str
    payer: str
    gross: Decimal
    net: Decimal
    income_type: str = ""  # the register's code and name, e.g. "1001 Earnings-related pension"


def _kind(code: str, withholding: Decimal) -> str:
    # A code we do not know yet: taxed income counts as other taxable income, untaxed as
    # tax-free; the official sees the code in the details either way.
    if code in INCOME_TYPE_KINDS:
        return INCOME_TYPE_KINDS[code]
    return IncomeKind.OTHER_TAXABLE if withholding > 0 else IncomeKind.TAX_FREE


class IncomesRegisterClient(RegistryClient):
    registry = Registry.INCOMES_REGISTER

    def monthly_incomes(
        self,
        national_id: str,
        first_month: datetime.date,
        last_month: datetime.date,
        *,
        stats: CallStats | None = None,
    ) -> list[MonthlyIncome]:
        data = self.transport.get(
            "/v1/incomes",
            {"personId": national_id, "from": f"{first_month:%Y-%m}", "to": f"{last_month:%Y-%m}"},
            stats=stats,
        )
        try:
            return self._parse(data, first_month, last_month)
        except (KeyError, TypeError, ValueError, ArithmeticError):
            raise self.transport.malformed(stats.attempts if stats else 1) from None

    @staticmethod
    def _parse(data: dict, first: datetime.date, last: datetime.date) -> list[MonthlyIncome]:
        incomes = []
        for month_data in data["months"]:
            year, month = month_data["month"].split("-")
            month_date = datetime.date(int(year), int(month), 1)
            if not first <= month_date <= last:
                raise ValueError("month outside the query")
            for payment in month_data["payments"]:
                gross = euros(payment["gross"])
                net = euros(payment["net"])
                code = str(payment["incomeType"]["code"])
                incomes.append(
                    MonthlyIncome(
                        month=month_date,
                        kind=_kind(code, Decimal(payment["withholding"])),
                        payer=str(payment["payer"]["name"]),
                        gross=gross,
                        net=net,
                        income_type=f"{code} {payment['incomeType'].get('name', '')}".strip(),
                    )
                )
        return incomes
