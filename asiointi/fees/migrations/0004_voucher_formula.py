"""The service-voucher formula (Act 569/2009 § 7): the municipality's own configuration.

The law sets no figures; these are the demo municipality's (Esimerkkilä) board decision, in
force from 1.1.2024. A real municipality edits the row, or adds one with a later ``valid_from``,
in the admin.
"""

import datetime
from decimal import Decimal as D

from django.db import migrations

SOURCE = "Esimerkkilä city board decision (demo configuration)"


def load(apps, schema_editor):
    Formula = apps.get_model("fees", "VoucherFormula")
    Formula.objects.create(
        valid_from=datetime.date(2024, 1, 1),
        valid_until=None,
        maximum_value=D("1200.00"),
        minimum_value=D("300.00"),
        income_limit=D("1000.00"),
        extra_per_person=D("500.00"),
        reduction_percent=D("40.00"),
        verified=True,
        source=SOURCE,
    )


def unload(apps, schema_editor):
    apps.get_model("fees", "VoucherFormula").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("fees", "0003_clients_reviews_decisions")]

    operations = [migrations.RunPython(load, unload)]
