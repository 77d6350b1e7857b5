from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from asiointi.feedback.models import ApiClient, Feedback


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Keys are created with ``asiointi open311 create-key``; here they can only be revoked."""

    list_display = ["name", "key_prefix", "active", "created_at", "revoked_at"]
    list_filter = ["active"]
    readonly_fields = ["name", "key_prefix", "key_hash", "created_at", "revoked_at"]
    fields = ["name", "key_prefix", "active", "created_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if "active" in form.changed_data:
            obj.revoked_at = None if obj.active else timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset) -> None:
        count = queryset.filter(active=True).update(active=False, revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Read-only: feedback is handled in the handler workspace, where every action is logged."""

    list_display = ["__str__", "type", "service", "department", "status", "channel", "received_at"]
    list_filter = ["status", "type", "channel", "publication", "department"]
    list_select_related = ["service", "department"]
    date_hierarchy = "received_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
