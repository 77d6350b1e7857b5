"""Open311 client keys in the admin.

Feedback itself is not in the admin: it is read and handled only in the handlers' area, by the
responsible department (and triage), where every action is logged; the admin would show anyone's
contact details to an administrator of no department (asiointi/common/admin_access.py)."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from asiointi.feedback.models import ApiClient


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
