"""Validate form data against its JSON Schema and explain every error in the user's language."""

import datetime
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from jsonschema import Draft202012Validator, ValidationError, validators

from asiointi.eforms.formats import FORMAT_CHECKER
from asiointi.eforms.spec import FieldSpec, FormSpec


def _minimum_amount(validator, minimum, instance, schema):
    # Money is a string in the data, so JSON Schema's numeric ``minimum`` cannot apply to it.
    if isinstance(instance, str) and FORMAT_CHECKER.conforms(instance, "money"):
        if Decimal(instance) < Decimal(str(minimum)):
            yield ValidationError(f"below minimum {minimum}", validator="minimumAmount")


def _date_range(validator, enabled, instance, schema):
    if not enabled or not isinstance(instance, dict):
        return
    start, end = instance.get("start"), instance.get("end")
    try:
        if start and end and datetime.date.fromisoformat(end) < datetime.date.fromisoformat(start):
            yield ValidationError("end before start", validator="dateRange")
    except ValueError:
        return  # the date format check reports it


AsiointiValidator = validators.extend(
    Draft202012Validator, {"minimumAmount": _minimum_amount, "dateRange": _date_range}
)

_FORMAT_MESSAGES = {
    "money": lambda: _("Enter an amount in euros, for example 1 234,50."),
    "date": lambda: _("Enter a date as dd.mm.yyyy."),
    "email": lambda: _("Enter an email address, for example name@example.com."),
    "phone": lambda: _("Enter a phone number, for example 040 123 4567."),
    "iban": lambda: _("Enter a valid IBAN account number, for example FI21 1234 5600 0007 85."),
    "y-tunnus": lambda: _("Enter a valid business ID (Y-tunnus), for example 1234567-1."),
}


def field_id(path: str) -> str:
    return "f-" + path.replace(".", "-")


def validate(spec: FormSpec, data: dict, *, missing: bool = True) -> dict[str, list[str]]:
    """Return ``{field path: [messages]}``; empty when the data is valid.

    Paths use dots: ``budget.1.amount`` is the amount on the second budget row. With
    ``missing=False`` only what was typed is checked, not the required fields left empty: a draft
    being saved or given an attachment is not yet being sent.
    """
    errors: dict[str, list[str]] = {}
    validator = AsiointiValidator(spec.schema, format_checker=FORMAT_CHECKER)
    for error in validator.iter_errors(data):
        if not missing and error.validator == "required":
            continue
        for path, message in _explain(spec, error):
            messages = errors.setdefault(path, [])
            if message not in messages:
                messages.append(message)
    return dict(sorted(errors.items(), key=lambda item: _position(spec, item[0])))


def _position(spec: FormSpec, path: str) -> tuple:
    """Sort key that puts errors in the order the fields appear on the form."""
    order = spec.field_order()
    parts = path.split(".")
    field_index = order.index(parts[0]) if parts[0] in order else len(order)
    row = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1
    column_index = -1
    if len(parts) > 2 and parts[0] in spec.fields:
        columns = [c.name for c in spec.fields[parts[0]].columns()]
        column_index = columns.index(parts[2]) if parts[2] in columns else len(columns)
    return (field_index, row, column_index, path)


def _field_for(spec: FormSpec, parts: list) -> FieldSpec | None:
    if not parts or parts[0] not in spec.fields:
        return None
    field = spec.fields[parts[0]]
    if len(parts) >= 3 and field.widget == "group":
        return next((c for c in field.columns() if c.name == parts[2]), None)
    return field


def _explain(spec: FormSpec, error) -> list[tuple[str, str]]:
    parts = list(error.absolute_path)
    keyword = error.validator
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return [
            (".".join(map(str, [*parts, name])), _("This field is required.")) for name in missing
        ]
    path = ".".join(map(str, parts))
    field = _field_for(spec, parts)
    widget = field.widget if field else ""
    if keyword == "format":
        return [
            (path, _FORMAT_MESSAGES.get(error.validator_value, lambda: _("Check the format."))())
        ]
    if keyword == "type":
        if widget in ("number", "money"):
            return [(path, _("Enter a number."))]
        if widget == "yesno":
            return [(path, _("Choose yes or no."))]
        return [(path, _("Check this value."))]
    if keyword == "minLength":
        if error.validator_value <= 1:
            return [(path, _("This field is required."))]
        count = error.validator_value
        return [
            (
                path,
                ngettext(
                    "Enter at least %(count)d character.",
                    "Enter at least %(count)d characters.",
                    count,
                )
                % {"count": count},
            )
        ]
    if keyword == "maxLength":
        count = error.validator_value
        return [
            (
                path,
                ngettext(
                    "Enter at most %(count)d character.",
                    "Enter at most %(count)d characters.",
                    count,
                )
                % {"count": count},
            )
        ]
    if keyword in ("minimum", "exclusiveMinimum", "minimumAmount"):
        limit = number_format(error.validator_value, force_grouping=True)
        return [(path, _("The value must be at least %(limit)s.") % {"limit": limit})]
    if keyword in ("maximum", "exclusiveMaximum"):
        limit = number_format(error.validator_value, force_grouping=True)
        return [(path, _("The value must be at most %(limit)s.") % {"limit": limit})]
    if keyword == "enum":
        return [(path, _("Choose one of the options."))]
    if keyword == "minItems":
        if widget == "multichoice":
            return [(path, _("Choose at least one option."))]
        count = error.validator_value
        return [
            (
                path,
                ngettext("Add at least %(count)d row.", "Add at least %(count)d rows.", count)
                % {"count": count},
            )
        ]
    if keyword == "maxItems":
        count = error.validator_value
        return [
            (
                path,
                ngettext(
                    "At most %(count)d row is allowed.",
                    "At most %(count)d rows are allowed.",
                    count,
                )
                % {"count": count},
            )
        ]
    if keyword == "dateRange":
        return [(path, _("The end date must not be before the start date."))]
    if keyword == "uniqueItems":
        return [(path, _("Choose each option only once."))]
    if keyword == "additionalProperties":
        return [(path or "__all__", _("The form contains unknown fields."))]
    return [(path or "__all__", _("Check this value."))]
