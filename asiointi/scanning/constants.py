from django.db import models
from django.utils.translation import gettext_lazy as _


class ScanEventKind(models.TextChoices):
    UPLOAD_REFUSED = "upload_refused", _("Infected upload refused")
    QUARANTINED = "quarantined", _("Stored file quarantined")
