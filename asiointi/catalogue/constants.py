from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    BENEFIT = "benefit", _("Benefit")
    INFORMATION = "information", _("Information")


class CallKind(models.TextChoices):
    CONTINUOUS = "continuous", _("Continuous")
    PERIODIC = "periodic", _("Periodic")
