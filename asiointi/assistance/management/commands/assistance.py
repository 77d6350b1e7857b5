"""``asiointi assistance calculate …``: the social assistance calculation aid for checking and
for operators (the same ``calculate`` as the social worker's case page)::

    asiointi assistance calculate --date 2024-05-01 --member alone \\
        --income wage=1000 --income housing-allowance=250 \\
        --expense rent=650 --expense electricity=40

Repeat ``--member`` for each person (the order of children decides 1st, 2nd, 3rd+), ``--income
TYPE=AMOUNT`` (one ``wage`` per earner) and ``--expense TYPE=AMOUNT``. Amounts take a dot or a
comma for decimals and spaces between thousands ("1 000,50"). Prints the calculation as JSON;
bad input prints the problems on stderr and exits with status 2, printing nothing on stdout.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from asiointi.assistance.calculation import Expense, Income, Member, calculate, check_input
from asiointi.common.errors import ValidationFailed
from asiointi.eforms.formats import parse_decimal

USAGE_ERROR = 2
OPTION_OF = {
    "date": "--date",
    "members": "--member",
    "incomes": "--income",
    "expenses": "--expense",
}


def _pair(text: str, option: str, errors: list[str]) -> tuple[str, object] | None:
    """``wage=1 000,50`` → ("wage", Decimal("1000.50")); the amount's own checks (negative, too
    many decimals) are the calculation's."""
    kind, separator, raw = text.partition("=")
    if not separator or not kind.strip():
        errors.append(
            _("%(option)s %(value)s: give TYPE=AMOUNT, such as rent=650.")
            % {"option": option, "value": text}
        )
        return None
    amount = parse_decimal(raw)
    if amount is None:
        errors.append(
            _("%(option)s %(value)s: %(amount)s is not an amount in euros.")
            % {"option": option, "value": text, "amount": raw.strip() or '""'}
        )
        return None
    return kind.strip(), amount


def _option_name(path: str, given: dict[str, list[str]]) -> str:
    """An error's field path ("incomes.1") as the option the operator typed
    ("--income wage=-1")."""
    name, _dot, index = path.partition(".")
    option = OPTION_OF.get(name, name)
    if index.isdigit() and int(index) < len(given.get(name, [])):
        return f"{option} {given[name][int(index)]}"
    return option


class Command(BaseCommand):
    help = "Social assistance tools: calculate the proposed monthly assistance of a household."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", metavar="COMMAND", required=True)
        calculate_parser = commands.add_parser(
            "calculate",
            help="Calculate the proposed monthly social assistance and explain it line by line.",
        )
        calculate_parser.add_argument(
            "--date", required=True, help="the date the assistance is for, YYYY-MM-DD"
        )
        calculate_parser.add_argument(
            "--member",
            action="append",
            default=[],
            help="a household member's type (alone, adult, single-parent, adult-with-parents, "
            "child-10-17, child-under-10); repeat for each person",
        )
        calculate_parser.add_argument(
            "--income",
            action="append",
            default=[],
            metavar="TYPE=AMOUNT",
            help="a monthly income (wage, benefit, housing-allowance, gift, other); repeatable",
        )
        calculate_parser.add_argument(
            "--expense",
            action="append",
            default=[],
            metavar="TYPE=AMOUNT",
            help="a monthly expense (rent, water, heating, electricity, home-insurance, health, "
            "medicines, care, other); repeatable",
        )

    def handle(self, *args, subcommand: str, date: str, member, income, expense, **options):
        problems: list[str] = []
        try:
            on = datetime.date.fromisoformat(date.strip())
        except ValueError:
            on = None
            problems.append(_("--date %(value)s: enter a date as YYYY-MM-DD.") % {"value": date})
        members = [Member(type=kind.strip()) for kind in member]
        # What the operator typed for each item passed on, to name it in the messages.
        given = {"members": member, "incomes": [], "expenses": []}
        incomes, expenses = [], []
        for text in income:
            if pair := _pair(text, "--income", problems):
                given["incomes"].append(text)
                incomes.append(Income(type=pair[0], amount=pair[1]))
        for text in expense:
            if pair := _pair(text, "--expense", problems):
                given["expenses"].append(text)
                expenses.append(Expense(type=pair[0], amount=pair[1]))
        try:
            if problems:
                # Report the rest of the input's problems too, then stop.
                check_input(members, incomes, expenses)
                self.fail(_("Check the calculation's input."), problems)
            result = calculate(on=on, members=members, incomes=incomes, expenses=expenses)
        except ValidationFailed as error:
            problems += [
                f"{_option_name(path, given)}: {message}"
                for path, messages in error.errors.items()
                for message in messages
                if message != error.message
            ]
            self.fail(error.message, problems)
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))

    def fail(self, message: str, problems: list[str]):
        raise CommandError("\n".join([message, *problems]), returncode=USAGE_ERROR)
