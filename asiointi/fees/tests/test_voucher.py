"""The income-based service-voucher value with the demo municipality's formula (migration
0004): maximum 1 200 €, minimum 300 €, income limit 1 000 € + 500 € per further person,
reduction 40 % of the income above the limit."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from asiointi.common.errors import ValidationFailed
from asiointi.fees.models import VoucherFormula
from asiointi.fees.voucher import voucher_value

pytestmark = pytest.mark.django_db

DATE = datetime.date(2025, 3, 1)


def value(size, gross):
    return voucher_value(date=DATE, family_size=size, gross_income=Decimal(gross))


def test_the_migration_loads_the_demo_formula():
    formula = VoucherFormula.objects.get()
    assert formula.valid_from == datetime.date(2024, 1, 1)
    assert formula.valid_until is None
    assert (
        formula.maximum_value,
        formula.minimum_value,
        formula.income_limit,
        formula.extra_per_person,
        formula.reduction_percent,
    ) == (Decimal(1200), Decimal(300), Decimal(1000), Decimal(500), Decimal(40))
    assert formula.verified
    assert formula.source == "Esimerkkilä city board decision (demo configuration)"


@pytest.mark.parametrize(
    ("size", "gross", "expected", "limit", "cap"),
    [
        # at the limit: 1000 − 1000 = 0 → the maximum 1200
        (1, "1000.00", "1200.00", "1000.00", "maximum"),
        # below the limit: the maximum
        (1, "640.00", "1200.00", "1000.00", "maximum"),
        # 2 persons: limit 1000 + 500 = 1500; 1200 − 0.40 × (2000 − 1500) = 1200 − 200 = 1000
        (2, "2000.00", "1000.00", "1500.00", "reduction"),
        # 4 persons: limit 1000 + 3 × 500 = 2500; 1200 − 0.40 × (2812.34 − 2500) = 1200 − 124.936
        # = 1075.064 → 1075.06
        (4, "2812.34", "1075.06", "2500.00", "reduction"),
        # exactly at the minimum: 1200 − 0.40 × (3250 − 1000) = 1200 − 900 = 300
        (1, "3250.00", "300.00", "1000.00", "reduction"),
        # above: 1200 − 0.40 × (4000 − 1000) = 0 → never below the minimum 300
        (1, "4000.00", "300.00", "1000.00", "minimum"),
        # halves up: 1200 − 0.40 × 1.25 = 1199.50; 0.40 × 1.26 = 0.504 → 1199.496 → 1199.50
        (1, "1001.26", "1199.50", "1000.00", "reduction"),
    ],
)
def test_worked_voucher_values(size, gross, expected, limit, cap):
    result = value(size, gross)
    assert str(result.value) == expected
    assert f"{result.income_limit:.2f}" == limit
    assert result.cap == cap
    assert result.verified
    assert result.as_dict()["value"] == expected


def test_explanation_shows_limit_reduction_and_value():
    assert value(2, "2000").explanation == [
        "Service voucher value for 1 Mar 2025.",
        "Family's gross monthly income: 2,000.00 €.",
        "Income limit for a family of 2: 1,000.00 € + 1 × 500.00 € = 1,500.00 €.",
        "1,200.00 € − 40 % × (2,000.00 € − 1,500.00 €) = 1,200.00 € − 200.00 €.",
        "Service voucher value: 1,000.00 € a month.",
    ]
    assert value(1, "4000").explanation[-2:] == [
        "The value cannot be below the minimum value 300.00 €.",
        "Service voucher value: 300.00 € a month.",
    ]
    assert value(1, "900").explanation[2:] == [
        "Income limit for a family of 1: 1,000.00 €.",
        "The income does not exceed the limit: the maximum value 1,200.00 €.",
        "Service voucher value: 1,200.00 € a month.",
    ]


def test_unverified_formula_is_said_so():
    VoucherFormula.objects.update(verified=False)
    result = value(1, "1000")
    assert result.verified is False
    assert result.explanation[-1] == (
        "Note: the voucher formula is not yet confirmed by an administrator; "
        "check it before deciding."
    )


def test_a_later_formula_takes_over_on_its_date():
    VoucherFormula.objects.update(valid_until=datetime.date(2026, 1, 1))
    VoucherFormula.objects.create(
        valid_from=datetime.date(2026, 1, 1),
        maximum_value=Decimal(1300),
        minimum_value=Decimal(350),
        income_limit=Decimal(1050),
        extra_per_person=Decimal(520),
        reduction_percent=Decimal(40),
    )
    assert value(1, "1000").value == Decimal("1200.00")
    later = voucher_value(date=datetime.date(2026, 1, 1), family_size=1, gross_income=Decimal(0))
    assert later.value == Decimal("1300.00")
    assert later.verified is False


def test_no_formula_for_the_date_is_refused():
    with pytest.raises(ValidationFailed) as raised:
        voucher_value(date=datetime.date(2023, 12, 31), family_size=1, gross_income=Decimal(1))
    assert raised.value.errors == {
        "date": ["No service voucher formula is recorded for 2023-12-31."]
    }


def test_impossible_input_is_refused():
    with pytest.raises(ValidationFailed) as raised:
        value(0, "-1")
    assert set(raised.value.errors) == {"family_size", "gross_income"}


def test_admin_lists_the_formula_and_an_edit_unconfirms_it(admin_client):
    formula = VoucherFormula.objects.get()
    response = admin_client.get(reverse("admin:fees_voucherformula_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = admin_client.post(
        reverse("admin:fees_voucherformula_change", args=[formula.pk]),
        {
            "valid_from": "2024-01-01",
            "valid_until": "",
            "maximum_value": "1250.00",
            "minimum_value": "300.00",
            "income_limit": "1000.00",
            "extra_per_person": "500.00",
            "reduction_percent": "40.00",
            "source": formula.source,
        },
    )
    assert response.status_code == 302, response.content
    formula.refresh_from_db()
    assert (formula.maximum_value, formula.verified) == (Decimal(1250), False)
