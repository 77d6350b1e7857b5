"""Validators for Finnish identifiers, backed by python-stdnum."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu, ytunnus


def validate_personal_identity_code(value: str) -> None:
    try:
        hetu.validate(value, allow_temporary=True)
    except StdnumError:
        raise ValidationError(_("Enter a valid personal identity code.")) from None


def validate_business_id(value: str) -> None:
    try:
        ytunnus.validate(value)
    except StdnumError:
        raise ValidationError(_("Enter a valid business ID (Y-tunnus), e.g. 1234567-1.")) from None


def is_valid_iban(value: str) -> bool:
    return iban.is_valid(value)


def is_valid_business_id(value: str) -> bool:
    return ytunnus.is_valid(value)


def normalise_iban(value: str) -> str:
    return iban.format(value)
