from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from asiointi.accounts.models import ApplicantOrganisation, Representation, User
from asiointi.organisation.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class AsiointiUserAdmin(UserAdmin):
    fieldsets = [
        *UserAdmin.fieldsets,
        (None, {"fields": ["national_id", "phone", "preferred_language"]}),
    ]
    inlines = [MembershipInline]


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(ApplicantOrganisation)
class ApplicantOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "business_id"]
    search_fields = ["name", "business_id"]
    inlines = [RepresentationInline]
