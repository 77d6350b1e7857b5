from django.contrib import admin

from asiointi.organisation.models import Department, Membership, Team

admin.site.register(Department, list_display=["code", "name_fi", "name_sv", "name_en"])
admin.site.register(
    Membership, list_display=["user", "department", "role"], list_filter=["department", "role"]
)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    """Teams and their areas. A change affects cases sent from then on; a case already routed
    keeps its team (a handler moves it by hand)."""

    list_display = ["name_fi", "department", "code", "is_default"]
    list_filter = ["department"]
    filter_horizontal = ["members"]
