from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from asiointi.cases import services
from asiointi.cases.access import access_case_for_handler
from asiointi.cases.models import (
    Attachment,
    Case,
    CaseReadAudit,
    CaseVersion,
    InternalNote,
    Message,
    TimelineEvent,
)
from asiointi.common.errors import DomainError


@admin.action(description=_("Start processing (locks the form data)"))
def start_processing(modeladmin, request, queryset):
    for case in queryset:
        try:
            # The same access rule as in the handler screens: only the case's department acts.
            services.case_start_processing(
                actor=request.user, case=access_case_for_handler(request.user, case.pk)
            )
        except DomainError as error:
            modeladmin.message_user(
                request, f"{case}: {error.message or _('not allowed')}", messages.ERROR
            )
        else:
            modeladmin.message_user(request, _("%(case)s: processing started") % {"case": case})


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = CaseVersion
    fields = ["number", "sent_at", "sent_by"]


class EventInline(ReadOnlyInline):
    model = TimelineEvent
    fields = ["at", "kind", "actor", "reason", "visible_to_applicant"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["record_number", "service", "department", "status", "channel", "submitted_at"]
    list_filter = ["status", "department", "service", "channel"]
    search_fields = ["record_number", "title", "organisation__business_id", "organisation__name"]
    list_select_related = ["service", "department"]
    actions = [start_processing]
    inlines = [VersionInline, EventInline]
    # State changes go through services only; the admin shows the case, it does not edit it.
    readonly_fields = [f.name for f in Case._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Confidential cases (social assistance) are read only through the handling pages,
        # where access is limited to the social-work teams and every read is audit-logged.
        return super().get_queryset(request).not_confidential()


class NotConfidentialAdmin(admin.ModelAdmin):
    """Objects of a case: hidden in the admin when the case is confidential (see CaseAdmin)."""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(case__in=Case.objects.not_confidential().values("pk"))
        )


@admin.register(Attachment)
class AttachmentAdmin(NotConfidentialAdmin):
    list_display = ["display_name", "case", "kind", "size", "uploaded_at"]


@admin.register(Message)
class MessageAdmin(NotConfidentialAdmin):
    list_display = ["case", "sender", "from_staff", "sent_at", "read_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by services (notes) or by access checks (audit rows); never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InternalNote)
class InternalNoteAdmin(ReadOnlyAdmin):
    list_display = ["case", "author", "created_at"]
    list_select_related = ["case", "author"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(case__in=Case.objects.not_confidential().values("pk"))
        )


@admin.register(CaseReadAudit)
class CaseReadAuditAdmin(ReadOnlyAdmin):
    list_display = ["read_at", "reader", "case", "purpose", "what"]
    list_filter = ["purpose", "read_at"]
    search_fields = ["case__record_number", "reader__username", "reader__last_name"]
    list_select_related = ["case", "reader"]
