"""``asiointi purge_idempotency_keys``: delete expired Idempotency-Keys (run it daily)."""

from django.core.management.base import BaseCommand

from asiointi.common.idempotency import purge_expired


class Command(BaseCommand):
    help = "Delete Idempotency-Keys older than their lifetime (24 hours)."

    def handle(self, *args, **options):
        deleted = purge_expired()
        if options["verbosity"]:
            self.stdout.write(f"Deleted {deleted} expired idempotency keys.")
