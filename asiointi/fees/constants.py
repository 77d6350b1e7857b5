"""Choices and fixed facts of the client fee rules (the figures themselves live in the tables)."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# Client Fees Act 734/1992 as amended by 1201/2020: the tables start on 1.7.2021.
RULES_START = datetime.date(2021, 7, 1)

# Since 7/2021 households of more than six persons use the "6 or more" percentage row.
LARGEST_PERCENTAGE_FAMILY = 6
# Up to this many persons the income limit is a row of its own; beyond it "each further person".
LARGEST_LIMIT_FAMILY = 6
# Monthly hours up to this use the first ("4 hours or less") percentage row.
SMALLEST_HOURS_ROW = 4

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


class Service(models.TextChoices):
    HOME_CARE = "home-care", _("Continuous home care")
    LONG_TERM_CARE = "long-term-care", _("Long-term 24-hour care")


class CareSetting(models.TextChoices):
    SERVICE_HOUSING = "service_housing", _("24-hour service housing")
    FAMILY_CARE = "family_care", _("Family care")
    INSTITUTIONAL = "institutional", _("Institutional care")
