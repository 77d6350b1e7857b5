"""``asiointi feedback remind [--quiet]``: the reminder sweep, for cron or a systemd timer.

Run it every minute: it is idempotent and safe to run concurrently with itself and with the
``sweep_reminders`` task (each reminder is sent once; see ``asiointi.feedback.reminders``). It
prints one summary line unless ``--quiet``.
"""

from django.core.management.base import BaseCommand

from asiointi.feedback.reminders import reminders_sweep


class Command(BaseCommand):
    help = "Feedback maintenance for operators."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        remind = actions.add_parser(
            "remind",
            help="Remind handlers of feedback without a first reaction after 3 and 7 days.",
        )
        remind.add_argument(
            "--quiet", action="store_true", help="print nothing (errors still go to stderr)"
        )

    def handle(self, *args, action: str, **options):
        if action == "remind":
            result = reminders_sweep()
            if not options["quiet"]:
                self.stdout.write(
                    f"reminders: {result.candidates} candidates, "
                    f"{result.first_reminders} first and {result.second_reminders} second "
                    f"reminders sent in {result.elapsed_ms} ms"
                )
