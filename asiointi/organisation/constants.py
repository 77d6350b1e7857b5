from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    HANDLER = "handler", _("Handler")
    DEPARTMENT_ADMIN = "department_admin", _("Department administrator")
    TRIAGE = "triage", _("Central triage")
    FINANCE = "finance", _("Finance")
    REPORTING = "reporting", _("Reporting")
