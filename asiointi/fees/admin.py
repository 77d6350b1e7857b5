"""The fee rule tables in the admin: unverified figures are listed and filterable until an
administrator confirms them."""

from django.contrib import admin

from asiointi.common.rules_admin import RuleAdmin
from asiointi.fees.models import (
    HomeCareIncomeLimit,
    HomeCarePercentage,
    LongTermCareRule,
    VoucherFormula,
)


@admin.register(HomeCareIncomeLimit)
class HomeCareIncomeLimitAdmin(RuleAdmin):
    list_display = [
        "valid_from",
        "valid_until",
        "family_size",
        "limit",
        "extra_per_person",
        "verified",
    ]


@admin.register(HomeCarePercentage)
class HomeCarePercentageAdmin(RuleAdmin):
    list_display = ["valid_from", "valid_until", "family_size", "hours", "percent", "verified"]
    list_filter = ["verified", "family_size"]


@admin.register(LongTermCareRule)
class LongTermCareRuleAdmin(RuleAdmin):
    list_display = [
        "valid_from",
        "valid_until",
        "setting",
        "percent",
        "spouse_percent",
        "minimum_left",
        "verified",
    ]


@admin.register(VoucherFormula)
class VoucherFormulaAdmin(RuleAdmin):
    list_display = [
        "valid_from",
        "valid_until",
        "maximum_value",
        "minimum_value",
        "income_limit",
        "extra_per_person",
        "reduction_percent",
        "verified",
    ]
    list_filter = ["verified"]
