"""Client fee calculation: pure functions, Decimal throughout.

``clean_fee_request`` turns raw values (the CLI's strings, the API's JSON values) into a
``FeeRequest`` or raises ``ValidationFailed`` with one message list per field. ``home_care_fee``
and ``long_term_care_fee`` are the arithmetic: a request and the rule figures in (plain values,
``rules.HomeCareFigures`` / ``rules.LongTermCareFigures``), a ``FeeResult`` out, no database.
``calculate`` reads the figures valid on the request's date (``rules.py``, the only database
reads) and passes them on; its ``FeeResult.as_dict()`` is what the CLI prints and the API
answers. Fees are rounded to cents, halves up, once at the end.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asiointi.common.errors import ValidationFailed
from asiointi.fees.constants import (
    CENT,
    HUNDRED,
    LARGEST_LIMIT_FAMILY,
    LARGEST_PERCENTAGE_FAMILY,
    RULES_START,
    CareSetting,
    Service,
)
from asiointi.fees.rules import (
    HomeCareFigures,
    LongTermCareFigures,
    home_care_figures,
    long_term_care_figures,
)

MAX_FAMILY_SIZE = 30
# A month has at most 31 × 24 hours.
MAX_MONTHLY_HOURS = Decimal(744)
MAX_INCOME = Decimal(1_000_000)

FIELDS = (
    "service",
    "setting",
    "date",
    "family_size",
    "hours",
    "gross_income",
    "net_income",
    "spouse_net_income",
)
HOME_CARE_FIELDS = {"service", "date", "family_size", "hours", "gross_income"}
LONG_TERM_FIELDS = {"service", "setting", "date", "net_income", "spouse_net_income"}


@dataclass(frozen=True)
class FeeRequest:
    service: str
    date: datetime.date
    setting: str | None = None
    family_size: int | None = None
    hours: Decimal | None = None
    gross_income: Decimal | None = None
    net_income: Decimal | None = None
    spouse_net_income: Decimal | None = None


@dataclass
class FeeResult:
    service: str
    date: datetime.date
    monthly_fee: Decimal
    percentage: Decimal
    income_limit: Decimal | None = None
    minimum_left: Decimal | None = None
    # Which rule set the fee: "percentage", "minimum_left", "spouse", "below_limit".
    cap: str = ""
    verified: bool = True
    # The worksheet's lines: the steps, then notes for the official (an unconfirmed figure).
    explanation: list[str] = field(default_factory=list)
    # The steps alone, as a decision letter shows them to the client.
    steps: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "service": self.service,
            "date": self.date.isoformat(),
            "monthly_fee": euros(self.monthly_fee),
            "income_limit": None if self.income_limit is None else euros(self.income_limit),
            "percentage": percent_text(self.percentage),
            "minimum_left": None if self.minimum_left is None else euros(self.minimum_left),
            "cap": self.cap,
            "verified": self.verified,
            "explanation": self.explanation,
        }


def euros(amount: Decimal) -> str:
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def money_text(amount: Decimal) -> str:
    """Euros for people, in the current language's format: "1 400,00" in Finnish and Swedish,
    "1,400.00" in English. The explanations' texts put the € sign after it (one msgid for all
    languages); the JSON fields keep ``euros()``."""
    return formats.number_format(cents(amount), decimal_pos=2, force_grouping=True)


def percent_text(percent: Decimal) -> str:
    """20.00 → "20", 8.75 → "8.75", 42.50 → "42.5"."""
    text = f"{percent:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


# --- input ------------------------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _money(value, errors: dict, name: str) -> Decimal | None:
    number = _decimal(value)
    if number is None:
        errors[name] = [_("Enter an amount in euros, such as 1450.50.")]
    elif number < 0:
        errors[name] = [_("An income cannot be negative.")]
    elif number >= MAX_INCOME:
        errors[name] = [_("Enter a monthly income below one million euros.")]
    elif number != number.quantize(CENT):
        errors[name] = [_("Enter euros with at most two decimals.")]
    else:
        return number
    return None


def clean_fee_request(**raw) -> FeeRequest:
    """Check every field and report every problem at once, by the API's field names."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(raw) - set(FIELDS))
    for name in unknown:
        errors[name] = [_("Unknown field.")]
    values = {name: raw.get(name) for name in FIELDS}
    given = {name for name, value in values.items() if not _blank(value)}

    service = str(values["service"]).strip() if "service" in given else ""
    if not service:
        errors["service"] = [_("Choose the service: home-care or long-term-care.")]
    elif service not in Service.values:
        errors["service"] = [_("Unknown service; choose home-care or long-term-care.")]

    date = None
    if "date" not in given:
        errors["date"] = [_("Enter the date the fee is for (YYYY-MM-DD).")]
    else:
        try:
            date = datetime.date.fromisoformat(str(values["date"]).strip())
        except ValueError:
            errors["date"] = [_("Enter a date as YYYY-MM-DD.")]
        else:
            if date < RULES_START:
                errors["date"] = [
                    _(
                        "The fee rules start on 1 July 2021 (Act 1201/2020); "
                        "earlier dates cannot be calculated."
                    )
                ]

    if service in Service.values:
        needed = HOME_CARE_FIELDS if service == Service.HOME_CARE else LONG_TERM_FIELDS
        for name in sorted(given - needed):
            errors.setdefault(name, [_("Not used for this service; leave it out.")])
        required = (
            ["family_size", "hours", "gross_income"]
            if service == Service.HOME_CARE
            else ["setting", "net_income"]
        )
        for name in required:
            if name not in given:
                errors.setdefault(name, [_("Required for this service.")])

    setting = None
    if "setting" in given and "setting" not in errors:
        setting = str(values["setting"]).strip().replace("-", "_")
        if setting not in CareSetting.values:
            errors["setting"] = [
                _("Unknown setting; choose service-housing, family-care or institutional.")
            ]

    family_size = None
    if "family_size" in given and "family_size" not in errors:
        number = _decimal(values["family_size"])
        if number is None or number != number.to_integral_value():
            errors["family_size"] = [_("Enter the number of persons as a whole number.")]
        elif not 1 <= number <= MAX_FAMILY_SIZE:
            errors["family_size"] = [_("A family has at least one person.")]
            if number > MAX_FAMILY_SIZE:
                errors["family_size"] = [_("Enter a family size of at most 30 persons.")]
        else:
            family_size = int(number)

    hours = None
    if "hours" in given and "hours" not in errors:
        number = _decimal(values["hours"])
        if number is None:
            errors["hours"] = [_("Enter the monthly service hours as a number, such as 12.5.")]
        elif number < 0:
            errors["hours"] = [_("Service hours cannot be negative.")]
        elif number > MAX_MONTHLY_HOURS:
            errors["hours"] = [_("A month has at most 744 hours.")]
        else:
            hours = number

    money = {}
    for name in ("gross_income", "net_income", "spouse_net_income"):
        if name in given and name not in errors:
            money[name] = _money(values[name], errors, name)

    if errors:
        raise ValidationFailed(_("Check the fee calculation's input."), errors)
    return FeeRequest(
        service=service,
        date=date,
        setting=setting,
        family_size=family_size,
        hours=hours,
        **money,
    )


# --- arithmetic -------------------------------------------------------------------------------


def rounded_hours(hours: Decimal) -> int:
    """Partial hours to the nearest whole hour, halves up (county practice, see docs/fees.md)."""
    return int(hours.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def home_care_income_limit(family_size: int, figures: HomeCareFigures) -> Decimal:
    """The family's income limit: the row's, or over six persons the six-person limit plus
    ``extra_per_person`` for each further person."""
    if family_size <= LARGEST_LIMIT_FAMILY:
        return figures.limit
    return figures.limit + figures.extra_per_person * (family_size - LARGEST_LIMIT_FAMILY)


def home_care_fee(request: FeeRequest, figures: HomeCareFigures) -> FeeResult:
    """``max(0, percentage × (gross income − income limit))``, rounded to cents."""
    date, size = request.date, request.family_size
    limit = home_care_income_limit(size, figures)
    hours = rounded_hours(request.hours)
    percent = figures.percent
    gross = request.gross_income
    over = gross - limit
    lines = [
        _("Service: continuous home care, fee for %(date)s.") % {"date": _date(date)},
        _("Family's gross monthly income: %(amount)s €.") % {"amount": money_text(gross)},
    ]
    if size <= LARGEST_LIMIT_FAMILY:
        lines.append(
            _("Income limit for a family of %(size)s on %(date)s: %(limit)s €.")
            % {"size": size, "date": _date(date), "limit": money_text(limit)}
        )
    else:
        lines.append(
            _(
                "Income limit for a family of %(size)s on %(date)s: %(base)s € for six persons "
                "+ %(further)s × %(extra)s € = %(limit)s €."
            )
            % {
                "size": size,
                "date": _date(date),
                "base": money_text(figures.limit),
                "further": size - LARGEST_LIMIT_FAMILY,
                "extra": money_text(figures.extra_per_person),
                "limit": money_text(limit),
            }
        )
    lines.append(
        _(
            "Monthly service hours %(hours)s, rounded to %(rounded)s h: percentage %(percent)s %% "
            "(family size %(row)s)."
        )
        % {
            "hours": percent_text(request.hours),
            "rounded": hours,
            "percent": percent_text(percent),
            "row": _size_row(size),
        }
    )
    if over <= 0:
        fee = Decimal(0)
        cap = "below_limit"
        lines.append(
            _("%(gross)s € − %(limit)s € = %(over)s €.")
            % {"gross": money_text(gross), "limit": money_text(limit), "over": money_text(over)}
        )
        lines.append(_("The income does not exceed the limit: zero fee below the limit."))
    else:
        fee = cents(percent / HUNDRED * over)
        cap = "percentage"
        lines.append(
            _("%(percent)s %% × (%(gross)s € − %(limit)s €) = %(percent)s %% × %(over)s €.")
            % {
                "percent": percent_text(percent),
                "gross": money_text(gross),
                "limit": money_text(limit),
                "over": money_text(over),
            }
        )
    lines.append(_("Monthly fee: %(fee)s €.") % {"fee": money_text(fee)})
    verified = figures.verified
    return FeeResult(
        service=Service.HOME_CARE,
        date=date,
        monthly_fee=fee,
        percentage=percent,
        income_limit=limit,
        cap=cap,
        verified=verified,
        explanation=lines + _notes(verified),
        steps=lines,
    )


def long_term_care_fee(request: FeeRequest, figures: LongTermCareFigures) -> FeeResult:
    """``min(percentage part, net income − minimum left)``, never below 0, rounded to cents; the
    percentage part is the spouse rule's when the client's income is the higher one."""
    date = request.date
    setting_label = CareSetting(request.setting).label
    net = request.net_income
    spouse = request.spouse_net_income
    minimum = figures.minimum_left
    lines = [
        _("Service: %(setting)s, fee for %(date)s.")
        % {"setting": setting_label, "date": _date(date)},
        _("Client's net monthly income: %(amount)s €.") % {"amount": money_text(net)},
    ]
    if spouse is not None and net > spouse:
        # Act 734/1992 §7 c: the client lived with a spouse and has the higher income.
        percent = figures.spouse_percent
        combined = net + spouse
        by_percentage = percent / HUNDRED * combined
        percentage_cap = "spouse"
        lines += [
            _("Spouse's net monthly income: %(amount)s €.") % {"amount": money_text(spouse)},
            _(
                "The client's income is higher than the spouse's: the fee is at most "
                "%(percent)s %% of the spouses' combined net income."
            )
            % {"percent": percent_text(percent)},
            _("%(percent)s %% × (%(net)s € + %(spouse)s €) = %(amount)s €.")
            % {
                "percent": percent_text(percent),
                "net": money_text(net),
                "spouse": money_text(spouse),
                "amount": money_text(by_percentage),
            },
        ]
    else:
        percent = figures.percent
        by_percentage = percent / HUNDRED * net
        percentage_cap = "percentage"
        if spouse is not None:
            lines += [
                _("Spouse's net monthly income: %(amount)s €.") % {"amount": money_text(spouse)},
                _(
                    "The client's income is not higher than the spouse's: the spouse rule "
                    "does not apply."
                ),
            ]
        lines.append(
            _("%(percent)s %% × %(net)s € = %(amount)s €.")
            % {
                "percent": percent_text(percent),
                "net": money_text(net),
                "amount": money_text(by_percentage),
            }
        )
    by_minimum = net - minimum
    lines.append(
        _(
            "Minimum amount left to the client (%(setting)s): %(minimum)s €; "
            "%(net)s € − %(minimum)s € = %(amount)s €."
        )
        % {
            "setting": setting_label.lower(),
            "minimum": money_text(minimum),
            "net": money_text(net),
            "amount": money_text(by_minimum),
        }
    )
    if by_minimum < by_percentage:
        fee, cap = by_minimum, "minimum_left"
        lines.append(_("The minimum amount left to the client limits the fee."))
    else:
        fee, cap = by_percentage, percentage_cap
        lines.append(_("The percentage limits the fee; the minimum amount is left to the client."))
    if fee < 0:
        fee = Decimal(0)
        lines.append(_("The fee cannot be negative: zero fee."))
    fee = cents(fee)
    lines.append(_("Monthly fee: %(fee)s €.") % {"fee": money_text(fee)})
    return FeeResult(
        service=Service.LONG_TERM_CARE,
        date=date,
        monthly_fee=fee,
        percentage=percent,
        minimum_left=minimum,
        cap=cap,
        verified=figures.verified,
        explanation=lines + _notes(figures.verified),
        steps=lines,
    )


def calculate(request: FeeRequest) -> FeeResult:
    """The fee with the rule figures valid on the request's date (the database reads)."""
    if request.service == Service.HOME_CARE:
        figures = home_care_figures(request.date, request.family_size, rounded_hours(request.hours))
        return home_care_fee(request, figures)
    return long_term_care_fee(request, long_term_care_figures(request.date, request.setting))


def calculate_fee(**raw) -> dict:
    """The CLI's and the API's one entry point: raw values in, the JSON document out."""
    return calculate(clean_fee_request(**raw)).as_dict()


def _date(date: datetime.date) -> str:
    return date_format(date, "SHORT_DATE_FORMAT")


def _size_row(size: int) -> str:
    if size >= LARGEST_PERCENTAGE_FAMILY:
        return _("6 or more")
    return str(size)


def _notes(verified: bool) -> list[str]:
    """The official's notes under the steps; never in a client's letter."""
    if verified:
        return []
    return [
        _(
            "Note: a figure used here is not yet confirmed by an administrator; "
            "check it before deciding."
        )
    ]
