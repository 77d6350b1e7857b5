from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class DecisionListEventKind(models.TextChoices):
    CREATED = "created", _("List created")
    CASE_ADDED = "case_added", _("Application added")
    CASE_REMOVED = "case_removed", _("Application removed")
    APPROVED = "approved", _("List approved")
