"""``asiointi fees calculate …`` and ``asiointi fees review …``.

Prints the calculation as JSON, the same document as ``POST /api/v1/fees/calculate`` (both call
``asiointi.fees.calculation.calculate_fee``)::

    asiointi fees calculate --service home-care --date 2024-05-01 --family-size 2 \\
        --hours 12 --gross-income 2300
    asiointi fees calculate --service long-term-care --setting service-housing \\
        --date 2024-05-01 --net-income 1400 [--spouse-net-income 900]

Unknown options and invalid values exit non-zero with the message (argparse errors become
CommandError when called through call_command).

``asiointi fees review [--as-of YYYY-MM-DD] [--workers N] [--rate-limit R] [--no-progress]``
runs the annual income review (asiointi/fees/review_batch.py, docs/fees-review.md): a proposal
for every client due by the date, with a progress bar on stderr and a summary on stdout. It
exits non-zero when a registry is down (the run stops and continues when started again) or
when some reviews could not be proposed (named in the summary); zero when every client due has
a proposal.
"""

import argparse
import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asiointi.common.errors import ValidationFailed
from asiointi.fees import review_batch
from asiointi.fees.calculation import FIELDS, calculate_fee
from asiointi.fees.constants import Registry, ReviewFlag

MAX_WORKERS = 64


def _option(field: str) -> str:
    return "--" + field.replace("_", "-")


class Command(BaseCommand):
    help = "Client fee tools: calculate a fee from the rule tables; run the annual review."

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

        review = commands.add_parser(
            "review",
            help="Annual income review: fetch incomes and make a proposal for every client due.",
        )
        review.add_argument(
            "--as-of", type=_date, help="reviews due by this date, YYYY-MM-DD (default: today)"
        )
        review.add_argument(
            "--workers",
            type=_count(MAX_WORKERS),
            default=8,
            help=f"concurrent registry fetches, 1–{MAX_WORKERS} (default 8)",
        )
        review.add_argument(
            "--rate-limit",
            type=_count(None),
            help="requests per second to each registry (default: ASIOINTI_REGISTRY_RATE_LIMIT)",
        )
        review.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "review":
            self.review(**options)
            return
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

    def review(self, *, as_of, workers, rate_limit, no_progress, **_options):
        as_of = as_of or timezone.localdate()
        try:
            summary = review_batch.annual_review_run(
                as_of=as_of,
                workers=workers,
                rate_limit=rate_limit or settings.REGISTRY_RATE_LIMIT,
                progress=None if no_progress else self.stderr._out,
            )
        except review_batch.RegistryOutage as outage:
            self.print_summary(outage.summary)
            raise CommandError(outage.message) from None
        self.print_summary(summary)
        if summary["remaining"]:
            raise CommandError(
                ngettext(
                    "%(count)d review is still without a proposal; see above. Run the review "
                    "again to try it again.",
                    "%(count)d reviews are still without a proposal; see above. Run the review "
                    "again to try them again.",
                    summary["remaining"],
                )
                % {"count": summary["remaining"]}
            )

    def print_summary(self, summary: dict) -> None:
        write = self.stdout.write
        write(
            _("Annual income review of the clients due by %(date)s (run %(run)d)")
            % {"date": summary["as_of"], "run": summary["run"]}
        )
        write(_("Clients due: %(count)d") % {"count": summary["clients_due"]})
        write(
            _("Proposals: %(total)d (made now: %(made)d); decided: %(decided)d; ")
            % {
                "total": summary["proposals"],
                "made": summary["proposals_made"],
                "decided": summary["decided"],
            }
            + _("without a proposal: %(count)d") % {"count": summary["remaining"]}
        )
        write(_("Needing manual work: %(count)d") % {"count": summary["needs_manual"]})
        for flag, count in summary["flags"].items():
            write(f"  {ReviewFlag(flag).label}: {count}")
        write(_("Registry errors:"))
        for registry, count in summary["registry_errors"].items():
            write(f"  {Registry(registry).label}: {count}")
        write(_("Requests (retries included):"))
        for registry, count in summary["requests"].items():
            write(f"  {Registry(registry).label}: {count}")
        for review_id, message in summary["failed"].items():
            write(
                _("Review %(id)s could not be proposed: %(message)s")
                % {"id": review_id, "message": message}
            )
        write(_("Run time: %(seconds).1f s") % {"seconds": summary["seconds"]})


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("%(value)s is not a date of the form YYYY-MM-DD.") % {"value": value}
        ) from None


def _count(maximum: int | None):
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < 1 or (maximum is not None and number > maximum):
            # argparse names the option: "argument --workers: must be …".
            if maximum is None:
                message = _("must be a whole number of at least 1, not %(value)s.")
            else:
                message = _("must be a whole number from 1 to %(max)d, not %(value)s.")
            raise argparse.ArgumentTypeError(message % {"value": value, "max": maximum})
        return number

    return parse
