"""Who uses the Django admin (``/yllapito/``) and what it shows: the one place for its rules.

- **Only administrators** get in: an active *superuser* (``asiointi createsuperuser``, the
  emergency administrator account). Staff members — handlers, finance, triage, fee officials,
  social workers — work in ``/kasittely/`` and are sent to the admin's login page like anybody
  else; ``is_staff`` and model permissions alone open nothing here.
- **Drafts never show**, for anyone: a case that was never sent is the applicant's own (with its
  working copy), and so are its attachments and messages. Nor does the working copy of a sent
  case (an unsent supplement).
- **Confidential cases never show** (social assistance), nor anything of theirs: they are read
  only on the handling pages, by the department's team members, every read logged.
- **A read of a case's data is logged like the handling pages log it**: opening the admin page of
  a case or of one of its objects (attachment, message, note, instalment, payment request) writes
  a ``CaseReadAudit`` row (purpose ``cross_department``) unless the administrator is a member of
  the case's department (``cases.access.audit_admin_read``).

The case rules live in ``asiointi/cases/access.py``; the model admins that show case data derive
from ``CaseDataAdmin`` and say only how their model reaches its case.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.translation import gettext_lazy as _


def is_administrator(user) -> bool:
    """The one definition of an administrator: an active superuser."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


class AdministratorAuthenticationForm(AdminAuthenticationForm):
    """The admin's own login form lets only administrators in (Django's lets any ``is_staff``)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not is_administrator(user):
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class AsiointiAdminSite(admin.AdminSite):
    """``django.contrib.admin.site`` (installed by ``common.apps.AsiointiAdminConfig``)."""

    site_header = _("Asiointi administration")
    site_title = _("Asiointi administration")
    login_form = AdministratorAuthenticationForm

    def has_permission(self, request) -> bool:
        return is_administrator(request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by services (or by access checks: audit rows); never edited here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CaseDataAdmin(ReadOnlyAdmin):
    """A case, or an object that belongs to one, shown read-only under the case rules above.

    ``case_path`` is the lookup from the model to its case (``"case"``, ``"payment__case"``);
    empty for ``Case`` itself.
    """

    case_path = "case"

    # The case rules are imported where used: ``common`` does not import a domain app when it
    # is itself imported.

    def get_queryset(self, request):
        from asiointi.cases.access import cases_for_admin

        lookup = f"{self.case_path}__in" if self.case_path else "pk__in"
        return super().get_queryset(request).filter(**{lookup: cases_for_admin().values("pk")})

    def case_of(self, obj):
        for name in self.case_path.split("__") if self.case_path else []:
            obj = getattr(obj, name)
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from asiointi.cases.access import audit_admin_read
        from asiointi.common.errors import NotFound

        obj = self.get_object(request, unquote(object_id))
        # A page shown is a read (a POST here is refused: everything is read-only).
        if (
            request.method == "GET"
            and obj is not None
            and self.has_view_or_change_permission(request, obj)
        ):
            try:
                audit_admin_read(
                    request.user, self.case_of(obj), what=f"admin:{self.opts.model_name}"
                )
            except NotFound:
                raise Http404 from None
        return super().change_view(request, object_id, form_url, extra_context)


class CaseDataInline(admin.TabularInline):
    """A read-only inline of a case's objects; the case itself is already filtered."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
