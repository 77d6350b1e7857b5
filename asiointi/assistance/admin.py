"""The social assistance rule tables in the admin: administrators correct and confirm the
figures (unverified ones are listed and filterable); saved calculations are only shown.

A saved calculation belongs to a confidential case: the admin lists its figures only, never its
inputs or explanation (the household's details), which are read on the audited case pages.
"""

from django.contrib import admin

from asiointi.assistance.models import (
    AssistanceCalculation,
    BasicAmount,
    EarnedIncomeExemption,
    SmallGiftAllowance,
)
from asiointi.cases.admin import ReadOnlyAdmin
from asiointi.common.rules_admin import RuleAdmin


@admin.register(BasicAmount)
class BasicAmountAdmin(RuleAdmin):
    list_display = [
        "valid_from",
        "valid_until",
        "member_type",
        "child_order",
        "amount",
        "verified",
        "source",
    ]
    list_filter = ["verified", "valid_from", "member_type"]


@admin.register(EarnedIncomeExemption)
class EarnedIncomeExemptionAdmin(RuleAdmin):
    list_display = ["valid_from", "valid_until", "rate", "monthly_cap", "verified", "source"]


@admin.register(SmallGiftAllowance)
class SmallGiftAllowanceAdmin(RuleAdmin):
    list_display = ["valid_from", "valid_until", "single", "family", "verified", "source"]


@admin.register(AssistanceCalculation)
class AssistanceCalculationAdmin(ReadOnlyAdmin):
    list_display = ["case", "calculation_date", "monthly_assistance", "saved_by", "saved_at"]
    list_select_related = ["case", "saved_by"]
    fields = [
        "case",
        "version_number",
        "calculation_date",
        "monthly_assistance",
        "saved_by",
        "saved_at",
    ]
