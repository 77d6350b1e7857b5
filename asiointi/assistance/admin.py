"""The social assistance rule tables in the admin: administrators correct and confirm the
figures (unverified ones are listed and filterable).

Saved calculations are not in the admin: each belongs to a confidential case, read only on the
handling pages by the department's team members, every read logged
(asiointi/common/admin_access.py).
"""

from django.contrib import admin

from asiointi.assistance.models import BasicAmount, EarnedIncomeExemption, SmallGiftAllowance
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
