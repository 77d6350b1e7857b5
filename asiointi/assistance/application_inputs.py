"""The calculation aid's inputs (household members, incomes, expenses) and how a
toimeentulotuki application's data becomes them.

The form (asiointi/catalogue/forms/toimeentulotuki.json) lists the applicant's household without
the applicant: rows of ``name``, ``relation`` (spouse, child, parent, other) and ``birth_date``.
The member types follow the basic-amount table; the social worker checks them (and may calculate
again) before deciding.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from asiointi.assistance.constants import MemberType
from asiointi.common.errors import ValidationFailed
from asiointi.eforms.formats import parse_decimal

ADULT_AGE = 18
OLDER_CHILD_AGE = 10


@dataclass
class Member:
    type: str


@dataclass
class Income:
    type: str
    amount: Decimal
    # Whose income: the earned-income exemption is per earner, one wage row per earner.
    person: str = ""


@dataclass
class Expense:
    type: str
    amount: Decimal
    description: str = ""


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def _child_type(birth_date: datetime.date, on: datetime.date) -> str:
    age = age_on(birth_date, on)
    if age >= ADULT_AGE:
        return MemberType.ADULT_WITH_PARENTS
    if age >= OLDER_CHILD_AGE:
        return MemberType.CHILD_10_17
    return MemberType.CHILD_UNDER_10


def _amount(value, errors: dict, name: str) -> Decimal | None:
    amount = parse_decimal(str(value)) if value is not None else None
    if amount is None:
        errors[name] = [_("Enter an amount in euros, for example 1 234,50.")]
    return amount


def _applicant_type(relations: list[str], member_types: list[str]) -> str:
    """The applicant's own type from the other members.

    With a spouse both are ``adult``. With minor children and no other adult, a single parent
    (an adult child living at home does not change that). Living with a parent only: an adult
    living with parent(s). Anyone else: ``adult`` (a single parent who also lives with, say, a
    grandparent is then calculated as an adult of the household; the worker may adjust it).
    """
    if not relations:
        return MemberType.ALONE
    if "spouse" in relations:
        return MemberType.ADULT
    has_children = any(
        member in (MemberType.CHILD_10_17, MemberType.CHILD_UNDER_10) for member in member_types
    )
    other_adults = any(relation in ("parent", "other") for relation in relations)
    if has_children and not other_adults:
        return MemberType.SINGLE_PARENT
    if not has_children and set(relations) == {"parent"}:
        return MemberType.ADULT_WITH_PARENTS
    return MemberType.ADULT


def inputs_from_application(
    data: dict, *, on: datetime.date
) -> tuple[list[Member], list[Income], list[Expense]]:
    """The members, incomes and expenses of an application, ages counted on ``on``.

    The applicant comes first, then the household rows in their order (children's order decides
    1st, 2nd, 3rd+). Raises ``ValidationFailed`` for a row the calculator cannot use (the form's
    own validation normally prevents these).
    """
    errors: dict[str, list[str]] = {}
    relations, others = [], []
    for index, row in enumerate(data.get("household") or []):
        relation = row.get("relation")
        relations.append(relation)
        if relation == "child":
            try:
                birth_date = datetime.date.fromisoformat(str(row.get("birth_date", "")))
            except ValueError:
                errors[f"household.{index}.birth_date"] = [_("Enter a date as YYYY-MM-DD.")]
                continue
            others.append(_child_type(birth_date, on))
        elif relation in ("spouse", "parent", "other"):
            others.append(MemberType.ADULT)
        else:
            errors[f"household.{index}.relation"] = [_("Unknown relation.")]
    members = [Member(type=str(_applicant_type(relations, others)))]
    members += [Member(type=str(member_type)) for member_type in others]

    incomes = []
    for index, row in enumerate(data.get("incomes") or []):
        amount = _amount(row.get("amount"), errors, f"incomes.{index}.amount")
        if amount is not None:
            incomes.append(
                Income(type=row.get("type", ""), amount=amount, person=row.get("person", ""))
            )
    expenses = []
    for index, row in enumerate(data.get("expenses") or []):
        amount = _amount(row.get("amount"), errors, f"expenses.{index}.amount")
        if amount is not None:
            expenses.append(
                Expense(
                    type=row.get("type", ""),
                    amount=amount,
                    description=row.get("description", ""),
                )
            )
    if errors:
        raise ValidationFailed(_("The application's figures cannot be calculated."), errors)
    return members, incomes, expenses
