"""The fee rule figures of the Client Fees Act 734/1992 as amended (docs/fees.md).

[U] (unverified) and [D] (derived, "≈") figures are loaded with verified=False: an administrator
confirms them in the admin. Unknown figures are stored as null and the calculation refuses them.
"""

import datetime
from decimal import Decimal as D

from django.db import migrations

PERIODS = [
    # valid_from, valid_until, limits for 1–6 persons, each further person, verified, source
    (
        datetime.date(2021, 7, 1),
        datetime.date(2022, 1, 1),
        ["588", "1084", "1701", "2103", "2546", "2924"],
        "350",
        True,
        "Kuntaliitto, kotihoidon maksut 7/2021",
    ),
    (
        datetime.date(2022, 1, 1),
        datetime.date(2024, 1, 1),
        ["598", "1103", "1731", "2140", "2591", "2976"],
        "356",
        True,
        "sotesi.fi, fshky.fi, hel.fi calculator (2022)",
    ),
    (
        datetime.date(2024, 1, 1),
        datetime.date(2026, 1, 1),
        ["653", "1205", "1891", "2338", "2830", "3251"],
        "389",
        True,
        "Pirha, Helsinki calculator settings (2024)",
    ),
    (
        datetime.date(2026, 1, 1),
        None,
        ["699", "1290", "2025", "2503", "3030", "3481"],
        None,
        False,
        "Helsinki calculator sample settings only [U]",
    ),
]

LONG_TERM = [
    # valid_from, valid_until, (service housing / family care minimum, verified),
    # (institutional minimum, verified), source
    (
        datetime.date(2021, 7, 1),
        datetime.date(2022, 1, 1),
        ("164", True),
        (None, False),
        "Act 734/1992 as amended by 1201/2020; institutional minimum for 7/2021 not found",
    ),
    (
        datetime.date(2022, 1, 1),
        datetime.date(2024, 1, 1),
        ("167", True),
        ("112", True),
        "Index-revised amounts 2022",
    ),
    (
        datetime.date(2024, 1, 1),
        datetime.date(2026, 1, 1),
        ("182", False),
        ("122", False),
        "Derived with the 2024 index (≈) [D]; confirm",
    ),
    (
        datetime.date(2026, 1, 1),
        None,
        ("195", False),
        ("131", False),
        "Unverified [U]",
    ),
]

PERCENT_SOURCE = "phhyky.fi full table; fshky.fi, sotesi.fi, Kuntaliitto"
CAPS_THREE_OR_MORE = {3: D("19"), 4: D("16"), 5: D("14"), 6: D("12")}


def percentages():
    """(family size, hours from, percent) rows up to the cap; 6 stands for "6 or more"."""
    rows = []
    # 1 person: ≤4 h 8; +2 per hour to 16 at 8 h; +1 per hour to 24 at 16 h; +0.5 to 35 at 38 h.
    for hours in range(4, 39):
        if hours <= 8:
            percent = D(8) + 2 * (hours - 4)
        elif hours <= 16:
            percent = D(16) + (hours - 8)
        else:
            percent = D(24) + D("0.5") * (hours - 16)
        rows.append((1, hours, percent))
    # 2 persons: ≤4 h 7; +1.75 to 14 at 8 h; +0.75 to 20 at 16 h; +0.5 to the cap 24 at 24 h.
    for hours in range(4, 25):
        if hours <= 8:
            percent = D(7) + D("1.75") * (hours - 4)
        elif hours <= 16:
            percent = D(14) + D("0.75") * (hours - 8)
        else:
            percent = D(20) + D("0.5") * (hours - 16)
        rows.append((2, hours, percent))
    # 3 or more: ≤4 h 6; +1.5 to 12 at 8 h; +0.5 per hour up to the cap of the family size.
    for size, cap in CAPS_THREE_OR_MORE.items():
        for hours in range(4, 39):
            if hours <= 8:
                percent = D(6) + D("1.5") * (hours - 4)
            else:
                percent = D(12) + D("0.5") * (hours - 8)
            rows.append((size, hours, min(percent, cap)))
            if percent >= cap:
                break
    return rows


def load(apps, schema_editor):
    Limit = apps.get_model("fees", "HomeCareIncomeLimit")
    Percentage = apps.get_model("fees", "HomeCarePercentage")
    LongTerm = apps.get_model("fees", "LongTermCareRule")
    for valid_from, valid_until, limits, extra, verified, source in PERIODS:
        for size, limit in enumerate(limits, start=1):
            Limit.objects.create(
                valid_from=valid_from,
                valid_until=valid_until,
                family_size=size,
                limit=D(limit),
                extra_per_person=D(extra) if extra else None,
                verified=verified,
                source=source,
            )
    # The percentages are not changed by the index revisions: one open-ended set from 7/2021.
    for size, hours, percent in percentages():
        Percentage.objects.create(
            valid_from=datetime.date(2021, 7, 1),
            family_size=size,
            hours=hours,
            percent=percent,
            verified=True,
            source=PERCENT_SOURCE,
        )
    for valid_from, valid_until, housing, institutional, source in LONG_TERM:
        for setting, (minimum, verified) in (
            ("service_housing", housing),
            ("family_care", housing),
            ("institutional", institutional),
        ):
            LongTerm.objects.create(
                valid_from=valid_from,
                valid_until=valid_until,
                setting=setting,
                percent=D("85"),
                spouse_percent=D("42.5"),
                minimum_left=D(minimum) if minimum else None,
                verified=verified,
                source=source,
            )


def unload(apps, schema_editor):
    for name in ("HomeCareIncomeLimit", "HomeCarePercentage", "LongTermCareRule"):
        apps.get_model("fees", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("fees", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
