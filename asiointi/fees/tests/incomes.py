"""Test data for income determination and proposals: income records as the registries, Kela
entries and declarations leave them, and reviews of the three services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from asiointi.fees.models import FeeClient, IncomeRecord, IncomeReview

YEAR_START = datetime.date(2024, 3, 1)
YEAR_END = datetime.date(2025, 2, 28)


def income(review, kind, gross, net=None, *, subject="client", source="incomes_register", payer=""):
    gross = Decimal(gross)
    net = gross if net is None else Decimal(net)
    return IncomeRecord.objects.create(
        review=review,
        subject=subject,
        source=source,
        kind=kind,
        payer=payer,
        period_start=YEAR_START,
        period_end=YEAR_END,
        gross_monthly=gross,
        net_monthly=net,
        original_gross_monthly=gross,
        original_net_monthly=net,
        recorded_at=timezone.now(),
    )


def review_for(
    client: FeeClient,
    *,
    period_start=datetime.date(2025, 3, 1),
    choice="consent",
    spouse=True,
    family_size=None,
) -> IncomeReview:
    household = {"spouse": {"national_id": "120540-9048", "name": "Elsa"}} if spouse else {}
    return IncomeReview.objects.create(
        client=client,
        period_start=period_start,
        choice=choice,
        status="collecting" if choice else "waiting",
        household=household,
        family_size=family_size,
    )


def client_of(home_care_client, **changes) -> FeeClient:
    """Eino's client row changed to another service (same person, same department)."""
    for name, value in changes.items():
        setattr(home_care_client, name, value)
    home_care_client.save()
    return home_care_client


def home_care_family_of_two(review):
    """Eino and Elsa at home. Gross, family's:
    client: pension 1650.00 + capital 35.00 + pensioner's care allowance 80.46
            − maintenance paid 150.00 = 1615.46 (disability allowance 100.00 not counted)
    spouse: pension 1100.00 (housing allowance 200.00 not counted)
    family: 1615.46 + 1100.00 = 2715.46
    """
    return {
        "pension": income(review, "pension", "1650.00", "1320.00", payer="Keva"),
        "capital": income(review, "capital", "35.00", "24.50", source="tax"),
        "care": income(review, "pensioners_care_allowance", "80.46", source="kela", payer="Kela"),
        "disability": income(review, "disability_allowance", "100.00", source="kela"),
        "maintenance": income(review, "maintenance_paid", "150.00", source="declared"),
        "spouse_pension": income(review, "pension", "1100.00", "950.00", subject="spouse"),
        "spouse_housing": income(
            review, "housing_allowance", "200.00", subject="spouse", source="kela"
        ),
    }
