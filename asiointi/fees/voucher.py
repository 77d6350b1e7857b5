"""The income-based service-voucher value (Act 569/2009 § 7, amended by 1202/2020).

The law leaves the formula to the municipality; ours is configuration with effective dates
(``VoucherFormula``, loaded by migration 0004 and edited in the admin):

    income limit = income_limit + extra_per_person × (family size − 1)
    value        = max(minimum, maximum − reduction % × max(0, gross income − income limit))

rounded to cents, halves up, once at the end. ``as_dict()`` is what a proposal stores;
``explanation_lines(data)`` renders it in the current language at any later time.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asiointi.common.errors import ValidationFailed
from asiointi.fees.calculation import cents, euros, money_text, percent_text
from asiointi.fees.constants import HUNDRED
from asiointi.fees.models import VoucherFormula


@dataclass
class VoucherResult:
    date: datetime.date
    family_size: int
    gross_income: Decimal
    value: Decimal
    maximum_value: Decimal
    minimum_value: Decimal
    income_limit: Decimal
    reduction_percent: Decimal
    verified: bool
    # Which part set the value: "maximum" (income at or below the limit), "reduction", "minimum".
    cap: str = ""
    income_limit_base: Decimal = Decimal(0)
    extra_per_person: Decimal = Decimal(0)
    explanation: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "service": "service-voucher",
            "date": self.date.isoformat(),
            "family_size": self.family_size,
            "gross_income": euros(self.gross_income),
            "value": euros(self.value),
            "maximum_value": euros(self.maximum_value),
            "minimum_value": euros(self.minimum_value),
            "income_limit": euros(self.income_limit),
            "income_limit_base": euros(self.income_limit_base),
            "extra_per_person": euros(self.extra_per_person),
            "reduction_percent": percent_text(self.reduction_percent),
            "cap": self.cap,
            "verified": self.verified,
        }


def formula_on(date: datetime.date) -> VoucherFormula | None:
    return (
        VoucherFormula.objects.filter(valid_from__lte=date)
        .exclude(valid_until__lte=date)
        .order_by("-valid_from")
        .first()
    )


def voucher_value(*, date: datetime.date, family_size: int, gross_income: Decimal) -> VoucherResult:
    errors = {}
    if family_size < 1:
        errors["family_size"] = [_("A family has at least one person.")]
    if gross_income < 0:
        errors["gross_income"] = [_("An income cannot be negative.")]
    formula = formula_on(date)
    if formula is None:
        errors["date"] = [
            _("No service voucher formula is recorded for %(date)s.") % {"date": date.isoformat()}
        ]
    if errors:
        raise ValidationFailed(_("The service voucher value cannot be calculated."), errors)

    limit = formula.income_limit + formula.extra_per_person * (family_size - 1)
    over = max(Decimal(0), gross_income - limit)
    reduced = formula.maximum_value - formula.reduction_percent / HUNDRED * over
    if over == 0:
        value, cap = formula.maximum_value, "maximum"
    elif reduced < formula.minimum_value:
        value, cap = formula.minimum_value, "minimum"
    else:
        value, cap = reduced, "reduction"
    result = VoucherResult(
        date=date,
        family_size=family_size,
        gross_income=gross_income,
        value=cents(value),
        maximum_value=formula.maximum_value,
        minimum_value=formula.minimum_value,
        income_limit=limit,
        reduction_percent=formula.reduction_percent,
        verified=formula.verified,
        cap=cap,
        income_limit_base=formula.income_limit,
        extra_per_person=formula.extra_per_person,
    )
    result.explanation = explanation_lines(result.as_dict())
    return result


def explanation_lines(data: dict, *, with_notes: bool = True) -> list[str]:
    """The voucher calculation in words, in the current language, from ``as_dict()``.
    ``with_notes=False`` leaves out the official's note on an unconfirmed formula (a client's
    letter)."""

    def money(name: str) -> str:
        return money_text(Decimal(data[name]))

    date = datetime.date.fromisoformat(data["date"])
    size = data["family_size"]
    gross = Decimal(data["gross_income"])
    limit = Decimal(data["income_limit"])
    lines = [
        _("Service voucher value for %(date)s.") % {"date": date_format(date, "SHORT_DATE_FORMAT")},
        _("Family's gross monthly income: %(amount)s €.") % {"amount": money("gross_income")},
    ]
    if size == 1:
        lines.append(
            _("Income limit for a family of %(size)s: %(limit)s €.")
            % {"size": size, "limit": money("income_limit")}
        )
    else:
        lines.append(
            _(
                "Income limit for a family of %(size)s: %(base)s € + %(further)s × %(extra)s € "
                "= %(limit)s €."
            )
            % {
                "size": size,
                "base": money("income_limit_base"),
                "further": size - 1,
                "extra": money("extra_per_person"),
                "limit": money("income_limit"),
            }
        )
    if data["cap"] == "maximum":
        lines.append(
            _("The income does not exceed the limit: the maximum value %(maximum)s €.")
            % {"maximum": money("maximum_value")}
        )
    else:
        over = gross - limit
        lines.append(
            _(
                "%(maximum)s € − %(percent)s %% × (%(gross)s € − %(limit)s €) "
                "= %(maximum)s € − %(reduction)s €."
            )
            % {
                "maximum": money("maximum_value"),
                "percent": data["reduction_percent"],
                "gross": money("gross_income"),
                "limit": money("income_limit"),
                "reduction": money_text(Decimal(data["reduction_percent"]) / HUNDRED * over),
            }
        )
        if data["cap"] == "minimum":
            lines.append(
                _("The value cannot be below the minimum value %(minimum)s €.")
                % {"minimum": money("minimum_value")}
            )
    lines.append(_("Service voucher value: %(value)s € a month.") % {"value": money("value")})
    if with_notes and not data["verified"]:
        lines.append(
            _(
                "Note: the voucher formula is not yet confirmed by an administrator; "
                "check it before deciding."
            )
        )
    return lines
