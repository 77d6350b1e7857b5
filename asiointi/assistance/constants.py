"""Social assistance (toimeentulotuki: supplementary and preventive assistance, which the
municipality still decides after basic assistance moved to Kela in 2017). Act 1412/1997.

The values are the command line's words (``--member single-parent``), so one vocabulary serves
the command, the form and the stored calculations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The service code of social assistance (toimeentulotuki), the only service the aid serves.
ASSISTANCE_SERVICE = "toimeentulotuki"


class MemberType(models.TextChoices):
    ALONE = "alone", _("Living alone")
    ADULT = "adult", _("Other adult in the household")
    SINGLE_PARENT = "single-parent", _("Single parent")
    ADULT_WITH_PARENTS = "adult-with-parents", _("Adult (18+) living with parent(s)")
    CHILD_10_17 = "child-10-17", _("Child aged 10–17")
    CHILD_UNDER_10 = "child-under-10", _("Child under 10")


# The basic amount of a child depends on the child's order in the family (1st, 2nd, 3rd or
# later); the order of the members as given decides it.
CHILD_TYPES = frozenset({MemberType.CHILD_10_17, MemberType.CHILD_UNDER_10})
LAST_CHILD_ORDER = 3


class IncomeType(models.TextChoices):
    # Net earned income of one earner: the earned-income exemption applies per earner.
    WAGE = "wage", _("Earned income (net)")
    BENEFIT = "benefit", _("Benefit or pension")
    HOUSING_ALLOWANCE = "housing-allowance", _("Housing allowance")
    # Small gifts are disregarded up to a monthly allowance (single / family).
    GIFT = "gift", _("Small gift")
    OTHER = "other", _("Other income")


class ExpenseType(models.TextChoices):
    RENT = "rent", _("Rent or maintenance charge")
    WATER = "water", _("Water")
    HEATING = "heating", _("Heating")
    ELECTRICITY = "electricity", _("Household electricity")
    HOME_INSURANCE = "home-insurance", _("Home insurance")
    HEALTH = "health", _("Health care costs")
    MEDICINES = "medicines", _("Medicines")
    CARE = "care", _("Care costs")
    OTHER = "other", _("Other expense")
