"""The fee rule rows valid on a date, read into plain figures for the calculation.

The rows are the tables of ``models/rules.py``, loaded by the data migrations and kept by
administrators in the admin. A row is valid from ``valid_from`` until the day before
``valid_until``; an empty ``valid_until`` means still valid. A date no row covers, or a figure the
calculation needs and the row does not record, raises ``ValidationFailed``: the calculation never
falls back to another period's figures. ``calculation.py`` does the arithmetic on what these
functions return, without the database.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from asiointi.common.errors import ValidationFailed
from asiointi.fees.constants import (
    LARGEST_LIMIT_FAMILY,
    LARGEST_PERCENTAGE_FAMILY,
    SMALLEST_HOURS_ROW,
    CareSetting,
)
from asiointi.fees.models import HomeCareIncomeLimit, HomeCarePercentage, LongTermCareRule


@dataclass(frozen=True)
class HomeCareFigures:
    """Continuous home care's figures for one date, family size and number of hours."""

    # The income limit of the family size's row; for a family of more than six, the six-person
    # limit, with ``extra_per_person`` added for each further person (then never None).
    limit: Decimal
    extra_per_person: Decimal | None
    # The percentage of the family size's row (six for "6 or more") for the hours.
    percent: Decimal
    # False when a figure used is not yet confirmed by an administrator.
    verified: bool = True


@dataclass(frozen=True)
class LongTermCareFigures:
    """Long-term 24-hour care's figures for one date and setting."""

    percent: Decimal
    spouse_percent: Decimal
    minimum_left: Decimal
    verified: bool = True


def valid_on(date: datetime.date) -> Q:
    return Q(valid_from__lte=date) & (Q(valid_until__isnull=True) | Q(valid_until__gt=date))


def no_rule(name: str, date: datetime.date) -> ValidationFailed:
    return ValidationFailed(
        _("No fee rules are recorded for this date."),
        {name: [_("No fee rules are recorded for %(date)s.") % {"date": date.isoformat()}]},
    )


def home_care_figures(date: datetime.date, family_size: int, hours: int) -> HomeCareFigures:
    """The income limit and the percentage for ``family_size`` and whole monthly ``hours`` (up
    to four hours read the "4 h or less" row) valid on ``date``. Two queries."""
    size = family_size
    limits = {
        row.family_size: row
        for row in HomeCareIncomeLimit.objects.filter(valid_on(date)).filter(
            family_size__in={min(size, LARGEST_LIMIT_FAMILY), LARGEST_LIMIT_FAMILY}
        )
    }
    if not limits:
        raise no_rule("date", date)
    limit_row = limits[min(size, LARGEST_LIMIT_FAMILY)]
    if size > LARGEST_LIMIT_FAMILY and limit_row.extra_per_person is None:
        raise ValidationFailed(
            _("The income limit for this family size is not known."),
            {
                "family_size": [
                    _(
                        "The income limit for each person beyond six is not known for "
                        "%(date)s; families of more than six persons cannot be calculated "
                        "until an administrator records it."
                    )
                    % {"date": date.isoformat()}
                ]
            },
        )
    percentage_row = (
        HomeCarePercentage.objects.filter(valid_on(date))
        .filter(
            family_size=min(size, LARGEST_PERCENTAGE_FAMILY),
            hours__lte=max(hours, SMALLEST_HOURS_ROW),
        )
        .order_by("-hours")
        .first()
    )
    if percentage_row is None:
        raise no_rule("date", date)
    return HomeCareFigures(
        limit=limit_row.limit,
        extra_per_person=limit_row.extra_per_person,
        percent=percentage_row.percent,
        verified=limit_row.verified and percentage_row.verified,
    )


def long_term_care_figures(date: datetime.date, setting: str) -> LongTermCareFigures:
    """The percentages and the minimum amount left to the client in ``setting`` valid on
    ``date``. One query."""
    rule = LongTermCareRule.objects.filter(valid_on(date), setting=setting).first()
    if rule is None:
        raise no_rule("date", date)
    if rule.minimum_left is None:
        raise ValidationFailed(
            _("The minimum amount left to the client is not known for this date."),
            {
                "setting": [
                    _(
                        "The minimum amount left to the client in %(setting)s is not known for "
                        "%(date)s; an administrator must record it first."
                    )
                    % {"setting": CareSetting(setting).label.lower(), "date": date.isoformat()}
                ]
            },
        )
    return LongTermCareFigures(
        percent=rule.percent,
        spouse_percent=rule.spouse_percent,
        minimum_left=rule.minimum_left,
        verified=rule.verified,
    )
