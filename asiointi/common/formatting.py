"""Locale-aware formatting of money and dates (1 234,50 € in Finnish, €1,234.50 in English)."""

import datetime
from decimal import Decimal

from django.utils import formats

from asiointi.common.i18n import current_language


def format_money(amount: Decimal | None) -> str:
    if amount is None:
        return "–"
    number = formats.number_format(Decimal(amount), decimal_pos=2, force_grouping=True)
    if current_language() == "en":
        return f"€{number}"
    return f"{number}\u00a0€"


def format_amount(amount: Decimal | None) -> str:
    """An amount for a form field, as the page writes numbers but without grouping or the euro
    sign so that it reads back: "178,43" in Finnish and Swedish, "178.43" in English."""
    if amount is None:
        return ""
    separator = formats.get_format("DECIMAL_SEPARATOR")
    return f"{Decimal(amount):.2f}".replace(".", separator)


def format_date(value) -> str:
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if value is None or value == "":
        return "–"
    return formats.date_format(value, "SHORT_DATE_FORMAT")
