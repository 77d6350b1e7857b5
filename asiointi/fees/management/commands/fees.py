"""``asiointi fees calculate --service home-care|long-term-care …``.

Prints the calculation as JSON, the same document as ``POST /api/v1/fees/calculate`` (both call
``asiointi.fees.calculation.calculate_fee``)::

    asiointi fees calculate --service home-care --date 2024-05-01 --family-size 2 \\
        --hours 12 --gross-income 2300
    asiointi fees calculate --service long-term-care --setting service-housing \\
        --date 2024-05-01 --net-income 1400 [--spouse-net-income 900]

Unknown options and invalid values exit non-zero with the message (argparse errors become
CommandError when called through call_command).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from asiointi.common.errors import ValidationFailed
from asiointi.fees.calculation import FIELDS, calculate_fee


def _option(field: str) -> str:
    return "--" + field.replace("_", "-")


class Command(BaseCommand):
    help = "Client fee tools: calculate a monthly fee from the rule tables."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", metavar="COMMAND", required=True)
        calculate = commands.add_parser(
            "calculate", help="Calculate a monthly client fee and explain it line by line."
        )
        calculate.add_argument("--service", required=True, choices=("home-care", "long-term-care"))
        calculate.add_argument(
            "--setting",
            choices=("service-housing", "family-care", "institutional"),
            help="long-term care only",
        )
        calculate.add_argument("--date", required=True, help="the date the fee is for, YYYY-MM-DD")
        calculate.add_argument("--family-size", help="home care: persons in the family")
        calculate.add_argument("--hours", help="home care: monthly service hours")
        calculate.add_argument("--gross-income", help="home care: family's gross €/month")
        calculate.add_argument("--net-income", help="long-term care: client's net €/month")
        calculate.add_argument(
            "--spouse-net-income", help="long-term care: the spouse's net €/month"
        )

    def handle(self, *args, subcommand: str, **options):
        raw = {name: options.get(name) for name in FIELDS}
        try:
            document = calculate_fee(**raw)
        except ValidationFailed as error:
            problems = [
                f"{_option(name)}: {message}"
                for name, messages in error.errors.items()
                for message in messages
            ]
            raise CommandError("\n".join([error.message, *problems])) from None
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
