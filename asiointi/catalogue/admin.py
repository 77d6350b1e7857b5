from django.contrib import admin

from asiointi.catalogue.models import FormDefinition, GrantCall, Service


class GrantCallInline(admin.TabularInline):
    model = GrantCall
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_fi",
        "department",
        "kind",
        "accepts_feedback",
        "feedback_promise_days",
        "feedback_first_reminder_days",
        "feedback_second_reminder_days",
    ]
    list_filter = ["department", "kind", "accepts_feedback"]
    inlines = [GrantCallInline]


admin.site.register(FormDefinition, list_display=["code", "revision"])
