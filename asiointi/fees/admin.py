"""The fee rule tables in the admin: unverified figures are listed and filterable until an
administrator confirms them."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from asiointi.fees.models import (
    HomeCareIncomeLimit,
    HomeCarePercentage,
    LongTermCareRule,
    VoucherFormula,
)


@admin.action(description=_("Confirm as verified"))
def confirm_verified(modeladmin, request, queryset):
    count = queryset.filter(verified=False).update(
        verified=True, verified_at=timezone.now(), verified_by=request.user
    )
    modeladmin.message_user(
        request,
        ngettext("%(count)d rule confirmed.", "%(count)d rules confirmed.", count)
        % {"count": count},
        messages.SUCCESS,
    )


class RuleAdmin(admin.ModelAdmin):
    list_filter = ["verified", "valid_from"]
    actions = [confirm_verified]
    readonly_fields = ["verified", "verified_at", "verified_by"]

    def save_model(self, request, obj, form, change):
        # A changed figure is not the confirmed one any more.
        if change and form.changed_data:
            obj.verified, obj.verified_at, obj.verified_by = False, None, None
        super().save_model(request, obj, form, change)


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
