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


class ClientService(models.TextChoices):
    """What a fee client receives: the two fee services, or a service voucher (income check
    for the voucher's value, no fee decision)."""

    HOME_CARE = "home-care", _("Continuous home care")
    LONG_TERM_CARE = "long-term-care", _("Long-term 24-hour care")
    SERVICE_VOUCHER = "service-voucher", _("Service voucher")


class Channel(models.TextChoices):
    """How the client's choice or consent reached us."""

    ONLINE = "online", _("E-services folder")
    PHONE = "phone", _("Phone")
    DESK = "desk", _("Service desk")
    PAPER = "paper", _("Paper form")


class IncomeChoice(models.TextChoices):
    """The client's choice for a review (seed 002): consent, own declaration, or highest fee."""

    CONSENT = "consent", _("Consent to fetch income data from the authorities")
    DECLARED = "declared", _("I declare my incomes myself")
    HIGHEST_FEE = "highest_fee", _("I accept the highest fee without an income check")


class Registry(models.TextChoices):
    INCOMES_REGISTER = "incomes_register", _("Incomes Register")
    TAX = "tax", _("Tax Administration")
    POPULATION = "population", _("Population Information System")


class ReviewStatus(models.TextChoices):
    WAITING_FOR_CLIENT = "waiting", _("Waiting for the client's choice")
    COLLECTING = "collecting", _("Collecting incomes")
    PROPOSED = "proposed", _("Proposal ready for the official")
    DECIDED = "decided", _("Decided")


# The tone of a review's status label ({% status_label %}): a proposal waiting for the official
# is information, a decision a success, the rest neutral.
REVIEW_STATUS_TONES = {ReviewStatus.PROPOSED: "info", ReviewStatus.DECIDED: "success"}

# A review in these states can still change; a decided one is final.
OPEN_REVIEW_STATUSES = (
    ReviewStatus.WAITING_FOR_CLIENT,
    ReviewStatus.COLLECTING,
    ReviewStatus.PROPOSED,
)


class IncomeSource(models.TextChoices):
    INCOMES_REGISTER = "incomes_register", _("Incomes Register")
    TAX = "tax", _("Tax Administration")
    KELA = "kela", _("Kela (entered by staff)")
    DECLARED = "declared", _("Declared by the client")
    STAFF = "staff", _("Entered by staff")


class Subject(models.TextChoices):
    CLIENT = "client", _("Client")
    SPOUSE = "spouse", _("Spouse")


class IncomeKind(models.TextChoices):
    """Kinds of income and deduction. Which of them count for which service is a rule in
    ``determination.py`` (docs/fees.md, “Income determination”), not a property of the kind."""

    EARNED = "earned", _("Earned income (wages)")
    PENSION = "pension", _("Pension")
    TAXABLE_BENEFIT = "taxable_benefit", _("Taxable benefit")
    CAPITAL = "capital", _("Capital income")
    FOREST = "forest", _("Forest income (imputed)")
    OTHER_TAXABLE = "other_taxable", _("Other taxable income")
    TAX_FREE = "tax_free", _("Tax-free income")
    PENSIONERS_CARE_ALLOWANCE = "pensioners_care_allowance", _("Pensioner's care allowance")
    DISABILITY_ALLOWANCE = "disability_allowance", _("Disability allowance")
    HOUSING_ALLOWANCE = "housing_allowance", _("Housing allowance")
    CHILD_BENEFIT = "child_benefit", _("Child benefit")
    STUDY_GRANT = "study_grant", _("Study grant")
    MAINTENANCE_PAID = "maintenance_paid", _("Maintenance paid (deducted)")
    INCOME_COSTS = "income_costs", _("Costs of acquiring income (deducted)")
    GUARDIANS_FEE = "guardians_fee", _("Guardian's fee (deducted)")


class ReviewFlag(models.TextChoices):
    """Why a proposal needs manual work."""

    NO_CHOICE = "no_choice", _("The client has not chosen")
    MISSING_DATA = "missing_data", _("Income data missing")
    REGISTRY_ERROR = "registry_error", _("A registry could not be queried")
    LARGE_CHANGE = "large_change", _("Fee changes more than the threshold")
    UNVERIFIED_RULE = "unverified_rule", _("Uses an unverified rule figure")
    DECLARED = "declared", _("Declared incomes to check against attachments")


class DecisionKind(models.TextChoices):
    FEE = "fee", _("Fee decision")
    VOUCHER_VALUE = "voucher_value", _("Service voucher value decision")
