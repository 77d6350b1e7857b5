"""The admin of rule tables with effective dates (``common.models.RuleRow``): client fees and
social assistance. Unverified figures are listed and filterable until an administrator confirms
them; changing a confirmed figure makes it unconfirmed again."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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
