"""Value formats of form fields: parsing what a person typed and checking JSON values.

Money is kept in form data as a string with a dot and two decimals ("1234.50") so that no float
ever touches an amount; it is parsed and summed as ``Decimal``.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from jsonschema import FormatChecker

from asiointi.common.validators import is_valid_business_id, is_valid_iban

FORMAT_CHECKER = FormatChecker()
_PHONE = re.compile(r"^\+?[0-9 ()-]{5,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MONEY = re.compile(r"^-?\d{1,10}(\.\d{2})?$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


# An amount with both marks, as English pages show it ("1,234.50") and some people type it
# ("1.234,50"): the last mark is the decimal one, the other separates thousands.
_GROUPED = re.compile(r"^-?\d{1,3}(?:(?P<group>[.,])\d{3})+(?P<decimal>[.,])\d+$")


def parse_decimal(raw: str) -> Decimal | None:
    """Parse '1 234,50', '1,234.50', '1234.5' or '1 234 €' into a Decimal; None if it is not a
    number. A comma alone is a decimal comma, as in Finnish and Swedish."""
    text = _SPACES.sub("", raw).removesuffix("€").removeprefix("€")
    grouped = _GROUPED.match(text)
    if grouped and grouped["group"] != grouped["decimal"]:
        text = text.replace(grouped["group"], "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_money(raw: str) -> str | None:
    value = parse_decimal(raw)
    if value is None or value.as_tuple().exponent < -2:
        return None
    return str(value.quantize(Decimal("0.01")))


def parse_number(raw: str) -> int | float | None:
    value = parse_decimal(raw)
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def parse_date(raw: str) -> str | None:
    """Accept ISO (from <input type=date>) and the Finnish d.m.yyyy; return ISO or None."""
    text = raw.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()  # noqa: DTZ007
        except ValueError:
            continue
    return None


@FORMAT_CHECKER.checks("money")
def _is_money(value: object) -> bool:
    return not isinstance(value, str) or bool(_MONEY.match(value))


@FORMAT_CHECKER.checks("date")
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


@FORMAT_CHECKER.checks("email")
def _is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


@FORMAT_CHECKER.checks("phone")
def _is_phone(value: object) -> bool:
    return not isinstance(value, str) or bool(_PHONE.match(value))


@FORMAT_CHECKER.checks("iban")
def _is_iban(value: object) -> bool:
    return not isinstance(value, str) or is_valid_iban(value)


@FORMAT_CHECKER.checks("y-tunnus")
def _is_business_id(value: object) -> bool:
    return not isinstance(value, str) or is_valid_business_id(value)
