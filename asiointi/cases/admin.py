"""Cases and their objects in the admin: read-only, sent and non-confidential cases only, every
read of another department's case logged (asiointi/common/admin_access.py)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

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
from asiointi.cases.services.processing import case_start_processing
from asiointi.common.admin_access import CaseDataAdmin, CaseDataInline, ReadOnlyAdmin
from asiointi.common.errors import DomainError


@admin.action(description=_("Start processing (locks the form data)"))
def start_processing(modeladmin, request, queryset):
    for case in queryset:
        try:
            # The same access rule as in the handler screens: only the case's department acts.
            case_start_processing(
                actor=request.user, case=access_case_for_handler(request.user, case.pk)
            )
        except DomainError as error:
            modeladmin.message_user(
                request, f"{case}: {error.message or _('not allowed')}", messages.ERROR
            )
        else:
            modeladmin.message_user(request, _("%(case)s: processing started") % {"case": case})


class VersionInline(CaseDataInline):
    model = CaseVersion
    fields = ["number", "sent_at", "sent_by"]


class EventInline(CaseDataInline):
    model = TimelineEvent
    fields = ["at", "kind", "actor", "reason", "visible_to_applicant"]


# The working copy (an unsent supplement is the applicant's own) and the row version are not shown.
CASE_FIELDS = [f.name for f in Case._meta.fields if f.name not in {"draft_data", "lock_version"}]


@admin.register(Case)
class CaseAdmin(CaseDataAdmin):
    case_path = ""
    list_display = ["record_number", "service", "department", "status", "channel", "submitted_at"]
    list_filter = ["status", "department", "service", "channel"]
    search_fields = ["record_number", "title", "organisation__business_id", "organisation__name"]
    list_select_related = ["service", "department"]
    actions = [start_processing]
    inlines = [VersionInline, EventInline]
    # State changes go through services only; the admin shows the case, it does not edit it.
    fields = CASE_FIELDS
    readonly_fields = CASE_FIELDS


@admin.register(Attachment)
class AttachmentAdmin(CaseDataAdmin):
    list_display = ["display_name", "case", "kind", "size", "uploaded_at"]
    list_select_related = ["case"]


@admin.register(Message)
class MessageAdmin(CaseDataAdmin):
    list_display = ["case", "sender", "from_staff", "sent_at", "read_at"]
    list_select_related = ["case", "sender"]


@admin.register(InternalNote)
class InternalNoteAdmin(CaseDataAdmin):
    list_display = ["case", "author", "created_at"]
    list_select_related = ["case", "author"]


@admin.register(CaseReadAudit)
class CaseReadAuditAdmin(ReadOnlyAdmin):
    """The read log itself (who read which case, when): no case data."""

    list_display = ["read_at", "reader", "case", "purpose", "what"]
    list_filter = ["purpose", "read_at"]
    search_fields = ["case__record_number", "reader__username", "reader__last_name"]
    list_select_related = ["case", "reader"]
