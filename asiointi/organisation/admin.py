from django.contrib import admin

from asiointi.organisation.models import Department, Membership

admin.site.register(Department, list_display=["code", "name_fi", "name_sv", "name_en"])
admin.site.register(
    Membership, list_display=["user", "department", "role"], list_filter=["department", "role"]
)
