"""Decision lists in the admin, read-only: every change goes through grants.services."""

from django.contrib import admin

from asiointi.common.admin_access import ReadOnlyAdmin
from asiointi.grants.models import DecisionList, DecisionListEvent


@admin.register(DecisionList)
class DecisionListAdmin(ReadOnlyAdmin):
    list_display = ("title_fi", "body_name_fi", "department", "status", "meeting_date", "section")
    list_filter = ("status", "department")
    search_fields = ("title_fi", "title_sv", "title_en", "body_name_fi")


@admin.register(DecisionListEvent)
class DecisionListEventAdmin(ReadOnlyAdmin):
    list_display = ("decision_list", "kind", "actor", "at")
    list_filter = ("kind",)
