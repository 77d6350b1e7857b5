"""The reports that are served from snapshots."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    GRANTS = "grants", _("Grant report")
    OVERLAPS = "overlaps", _("Grants from several departments")
