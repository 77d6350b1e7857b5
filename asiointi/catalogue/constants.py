from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    BENEFIT = "benefit", _("Benefit")
    INFORMATION = "information", _("Information")


class CallKind(models.TextChoices):
    CONTINUOUS = "continuous", _("Continuous")
    PERIODIC = "periodic", _("Periodic")


class DecisionMaker(models.TextChoices):
    # An office holder (viranhaltija) decides alone; a board (lautakunta) decides in a meeting
    # on a decision list, and the decision is final when the list is approved.
    OFFICE_HOLDER = "office_holder", _("Office holder")
    BOARD = "board", _("Board")
