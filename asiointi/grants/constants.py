from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DecisionListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # "Approved" alone is a decision outcome (fi "Myönteinen"); a list is approved ("Hyväksytty").
    APPROVED = "approved", pgettext_lazy("approved list or batch", "Approved")


# The tone of a list's status label ({% status_label %}): an approved list is a success.
DECISION_LIST_STATUS_TONES = {DecisionListStatus.APPROVED: "success"}


class DecisionListEventKind(models.TextChoices):
    CREATED = "created", _("List created")
    CASE_ADDED = "case_added", _("Application added")
    CASE_REMOVED = "case_removed", _("Application removed")
    APPROVED = "approved", _("List approved")
