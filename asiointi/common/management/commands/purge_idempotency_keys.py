"""``asiointi purge_idempotency_keys``: delete expired Idempotency-Keys and the counters of ended
rate-limit windows (run it daily)."""

from django.core.management.base import BaseCommand

from asiointi.common import ratelimit
from asiointi.common.idempotency import purge_expired


class Command(BaseCommand):
    help = (
        "Delete Idempotency-Keys older than their lifetime (24 hours) and the counters of "
        "rate-limit windows that have ended."
    )

    def handle(self, *args, **options):
        deleted = purge_expired()
        windows = ratelimit.purge_ended()
        if options["verbosity"]:
            self.stdout.write(
                f"Deleted {deleted} expired idempotency keys and {windows} ended rate-limit "
                "windows."
            )
