"""The social assistance rule rows valid on a date (the tables of models.py, loaded by the
0002_rule_data migration and kept by administrators in the admin).

A row is valid from ``valid_from`` until the day before ``valid_until``; an empty ``valid_until``
means still valid. A date no row covers raises ``ValidationFailed`` naming the date: the aid
never falls back to another year's figures.
"""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from asiointi.assistance.models import BasicAmount, EarnedIncomeExemption, SmallGiftAllowance
from asiointi.common.errors import ValidationFailed


def valid_on(on: datetime.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gt=on))


def no_rule(on: datetime.date) -> ValidationFailed:
    message = _("No social assistance rules are recorded for %(date)s.") % {"date": on.isoformat()}
    return ValidationFailed(message, {"date": [message]})


def basic_amounts_on(on: datetime.date) -> dict[tuple[str, int], BasicAmount]:
    """The basic amounts valid on the date by (member type, child's order; 0 for adults)."""
    rows = {
        (row.member_type, row.child_order): row
        for row in BasicAmount.objects.filter(valid_on(on)).order_by("valid_from")
    }
    if not rows:
        raise no_rule(on)
    return rows


def exemption_on(on: datetime.date) -> EarnedIncomeExemption:
    row = EarnedIncomeExemption.objects.filter(valid_on(on)).order_by("-valid_from").first()
    if row is None:
        raise no_rule(on)
    return row


def gift_allowance_on(on: datetime.date) -> SmallGiftAllowance:
    row = SmallGiftAllowance.objects.filter(valid_on(on)).order_by("-valid_from").first()
    if row is None:
        raise no_rule(on)
    return row
