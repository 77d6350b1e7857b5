"""The social assistance rule figures of the Act on Social Assistance (docs/assistance-calculation.md).

The 2025 basic amounts are derived ([D]: the 2024 table raised by the index, +1.0 %; no published
table was found) and loaded with verified=False, so the aid marks every calculation that uses
them until an administrator confirms the figures in the admin. There are no rows before 2024:
a calculation for an earlier date is refused.
"""

import datetime
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

from django.db import migrations

CENT = D("0.01")
ADULT_TYPES = ("alone", "adult", "single-parent", "adult-with-parents")
CHILD_TYPES = ("child-10-17", "child-under-10")

PERIOD_2024 = (datetime.date(2024, 1, 1), datetime.date(2025, 1, 1))
PERIOD_2025 = (datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))
PERIOD_2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 1))
PERIOD_REFORM = (datetime.date(2026, 3, 1), None)

BASIC_2024 = {
    "adults": ["587.71", "499.55", "669.99", "429.03"],
    "child-10-17": ["411.40", "382.01", "352.63"],
    "child-under-10": ["370.26", "340.87", "311.49"],
}
BASIC_2026 = {
    "adults": ["596.32", "506.87", "679.80", "435.31"],
    "child-10-17": ["417.42", "387.61", "357.79"],
    "child-under-10": ["375.68", "345.87", "316.05"],
}
BASIC_REFORM = {
    "adults": ["578.43", "497.45", "665.19", "422.25"],
    "child-10-17": ["417.63", "388.70", "359.78"],
    "child-under-10": ["375.98", "347.06", "318.14"],
}
# 2025: the reference gives the adults' figures (derived [D]) but no children's.
BASIC_2025_ADULTS = ["593.55", "504.52", "676.65", "433.29"]
INDEX_2025 = D("1.01")

SOURCE_2024 = "Kela, Perusosan määrä 2024 (Act 1412/1997 §9)"
SOURCE_2025 = "Derived: 2024 × index +1.0 % [D], no published table found; confirm"
SOURCE_2025_CHILDREN = (
    "Derived: 2024 children's figures × 1.01 rounded to cents [D] (missing in the reference); "
    "confirm"
)
SOURCE_2026 = "Kela press release 16.2.2026 (1.1.–28.2.2026)"
SOURCE_REFORM = "Kela press release 16.2.2026 (from 1.3.2026)"


def basic_rows():
    """(valid_from, valid_until, member_type, child_order, amount, verified, source) rows."""
    rows = []
    for (valid_from, valid_until), table, source in (
        (PERIOD_2024, BASIC_2024, SOURCE_2024),
        (PERIOD_2026, BASIC_2026, SOURCE_2026),
        (PERIOD_REFORM, BASIC_REFORM, SOURCE_REFORM),
    ):
        for member_type, amount in zip(ADULT_TYPES, table["adults"], strict=True):
            rows.append((valid_from, valid_until, member_type, 0, D(amount), True, source))
        for member_type in CHILD_TYPES:
            for order, amount in enumerate(table[member_type], start=1):
                rows.append((valid_from, valid_until, member_type, order, D(amount), True, source))
    valid_from, valid_until = PERIOD_2025
    for member_type, amount in zip(ADULT_TYPES, BASIC_2025_ADULTS, strict=True):
        rows.append((valid_from, valid_until, member_type, 0, D(amount), False, SOURCE_2025))
    for member_type in CHILD_TYPES:
        for order, amount in enumerate(BASIC_2024[member_type], start=1):
            derived = (D(amount) * INDEX_2025).quantize(CENT, rounding=ROUND_HALF_UP)
            rows.append(
                (valid_from, valid_until, member_type, order, derived, False, SOURCE_2025_CHILDREN)
            )
    return rows


def load(apps, schema_editor):
    BasicAmount = apps.get_model("assistance", "BasicAmount")
    Exemption = apps.get_model("assistance", "EarnedIncomeExemption")
    GiftAllowance = apps.get_model("assistance", "SmallGiftAllowance")
    for valid_from, valid_until, member_type, order, amount, verified, source in basic_rows():
        BasicAmount.objects.create(
            valid_from=valid_from,
            valid_until=valid_until,
            member_type=member_type,
            child_order=order,
            amount=amount,
            verified=verified,
            source=source,
        )
    Exemption.objects.create(
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2026, 3, 1),
        rate=D("0.20"),
        monthly_cap=D("150.00"),
        verified=True,
        source="Act 1412/1997 §11.3: at least 20 %, at most 150 €/month per earner; kela.fi",
    )
    Exemption.objects.create(
        valid_from=datetime.date(2026, 3, 1),
        rate=D("0"),
        monthly_cap=D("0"),
        verified=True,
        source="Removed from 1.3.2026 by the reform in force 1.2.2026 (Kela)",
    )
    GiftAllowance.objects.create(
        valid_from=datetime.date(2024, 1, 1),
        single=D("50.00"),
        family=D("100.00"),
        verified=True,
        source="Small gifts disregarded: 50 €/month single, 100 €/month family (kela.fi)",
    )


def unload(apps, schema_editor):
    for name in ("BasicAmount", "EarnedIncomeExemption", "SmallGiftAllowance"):
        apps.get_model("assistance", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
